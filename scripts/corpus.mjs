#!/usr/bin/env node
// Lints published packages whose pool code was judged correct (plus our own picks) with the
// recommended preset and prints every report: each one is a false positive to fix or a bug to explain.
// usage: node scripts/corpus.mjs [--list corpus/packages.json] [--cache DIR]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const listFile = option('--list', path.join(root, 'corpus', 'packages.json'));
const cacheDir = option('--cache', path.join(os.homedir(), '.cache', 'eslint-plugin-connection-leaks', 'corpus'));

const { ESLint } = require('eslint');
const tsParser = require('@typescript-eslint/parser');
const plugin = require(path.join(root, 'dist', 'index.js'));

/** Downloads (once) and unpacks a package tarball; returns the unpacked directory. */
function fetchPackage(name, version) {
  const dir = path.join(cacheDir, `${name.replace('/', '__')}@${version}`);
  if (fs.existsSync(path.join(dir, 'package', 'package.json'))) return path.join(dir, 'package');
  fs.mkdirSync(dir, { recursive: true });
  const tarball = execFileSync('npm', ['pack', `${name}@${version}`, '--silent', '--pack-destination', dir], { encoding: 'utf8' }).trim().split('\n').pop();
  execFileSync('tar', ['-xzf', path.join(dir, tarball), '-C', dir]);
  return path.join(dir, 'package');
}

function expand(dir, entry) {
  const full = path.join(dir, entry);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [full];
  return fs.readdirSync(full, { recursive: true })
    .map(f => path.join(full, f))
    .filter(f => /\.(c|m)?[jt]s$/.test(f) && !f.endsWith('.d.ts') && fs.statSync(f).isFile());
}

const list = JSON.parse(fs.readFileSync(listFile, 'utf8'));
const eslint = new ESLint({
  cwd: cacheDir,
  overrideConfigFile: true,
  ignore: false,
  overrideConfig: [
    // One parser for every file: it reads ESM and CommonJS alike (CommonJS `require` needs no globals).
    { files: ['**/*.{js,mjs,cjs,ts,mts,cts}'], languageOptions: { parser: tsParser, sourceType: 'module' } },
    { linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
    plugin.configs.recommended,
  ],
});

let files = 0;
let lines = 0;
let reports = 0;
let fatal = 0;
for (const entry of list.packages) {
  const dir = fetchPackage(entry.package, entry.version);
  const targets = entry.files.flatMap(f => expand(dir, f));
  for (const result of await eslint.lintFiles(targets)) {
    files++;
    lines += fs.readFileSync(result.filePath, 'utf8').split('\n').length;
    for (const m of result.messages) {
      const where = `${entry.package}@${entry.version}/${path.relative(dir, result.filePath)}:${m.line}:${m.column}`;
      if (!m.fatal && !m.ruleId) continue; // notices about the packages' own disable comments
      if (m.fatal) {
        fatal++;
        console.log(`PARSE ${where} ${m.message}`);
        continue;
      }
      reports++;
      const explained = (entry.explained ?? []).find(e => result.filePath.endsWith(e.file) && e.line === m.line);
      console.log(`${explained ? 'explained' : 'REPORT'} ${where} ${m.ruleId} ${m.message}${explained ? ` -- ${explained.why}` : ''}`);
    }
  }
}
console.log(`corpus: ${files} files, ${lines} lines, ${reports} reports, ${fatal} parse errors`);
