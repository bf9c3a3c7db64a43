#!/usr/bin/env node
// Do two builds of the plugin say the same things? Lints the stress generators' programs, every
// corpus file and, with --cases <dir>, a folder of annotated case files, with every rule of each build at error, and compares every
// message one by one: position, rule, text, fix and suggestions. A change meant only to be faster
// must print 0 differences.
//
//   npm run build
//   git worktree add /tmp/base <commit> && (cd /tmp/base && npm ci && npm run build)
//   node scripts/compare-builds.mjs --base /tmp/base [--cases <dir>] [--globals] [--only domain|eslump|corpus|cases]
//
// --globals declares Node's globals (`require` then resolves to a variable, not an unresolved name).
// Exits 1 when any message differs, and prints the first differences.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CACHE, wholePackageGroups } from './corpus.mjs';
import { eslumpProgram, generateProgram } from './domain-gen.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { Linter } = require('eslint');
const tsParser = require('@typescript-eslint/parser');

function parseArgs(argv) {
  const o = { base: null, cases: null, globals: false, only: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--base') o.base = path.resolve(argv[++i]);
    else if (argv[i] === '--cases') o.cases = path.resolve(argv[++i]);
    else if (argv[i] === '--globals') o.globals = true;
    else if (argv[i] === '--only') o.only = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!o.base) throw new Error('--base <directory of another checkout, built> is required');
  return o;
}

const NODE_GLOBALS = { require: 'readonly', module: 'writable', exports: 'writable', globalThis: 'readonly', window: 'readonly' };

function messagesOf(linter, plugin, program, globals) {
  const ns = plugin.meta?.namespace ?? 'connection-leaks';
  const typescript = /\.[cm]?tsx?$/.test(program.filename);
  const config = [
    {
      files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
      languageOptions: { sourceType: program.sourceType ?? 'module', ...(globals ? { globals: NODE_GLOBALS } : {}), ...(typescript ? { parser: tsParser } : {}) },
      plugins: { [ns]: plugin },
      rules: Object.fromEntries(Object.keys(plugin.rules).map(name => [`${ns}/${name}`, 'error'])),
      settings: program.settings ?? {},
    },
  ];
  let messages;
  try {
    messages = linter.verify(program.code, config, program.filename);
  } catch (error) {
    return [`crash ${error.message}`];
  }
  return messages.map(m => `${m.line}:${m.column} ${m.ruleId} ${m.message} ${JSON.stringify(m.fix ?? null)} ${JSON.stringify(m.suggestions ?? [])}`);
}

function compare(label, programs, builds, globals) {
  const linter = new Linter();
  let differing = 0;
  const totals = { base: 0, new: 0 };
  for (const program of programs) {
    const before = messagesOf(linter, builds.base, program, globals);
    const after = messagesOf(linter, builds.new, program, globals);
    totals.base += before.length;
    totals.new += after.length;
    const gone = before.filter(m => !after.includes(m));
    const added = after.filter(m => !before.includes(m));
    if (gone.length === 0 && added.length === 0) continue;
    differing++;
    if (differing <= 5) {
      console.log(`${label} ${program.filename}`);
      for (const m of gone) console.log(`  - ${m.slice(0, 200)}`);
      for (const m of added) console.log(`  + ${m.slice(0, 200)}`);
    }
  }
  console.log(`${label}: ${programs.length} programs, ${differing} with different messages; messages base ${totals.base}, new ${totals.new}`);
  return differing;
}

function corpusPrograms() {
  return wholePackageGroups()
    .flatMap(group => group.files)
    .map(file => ({
      code: fs.readFileSync(file, 'utf8'),
      // Relative, so that the config's `files` match; declarations are linted as TypeScript.
      filename: `corpus/${path.relative(DEFAULT_CACHE, file).replace(/\.d\.([cm]?ts)$/, '.$1')}`,
      sourceType: file.endsWith('.cjs') ? 'script' : 'module',
    }));
}

function casePrograms() {
  const dir = options.cases;
  if (!dir) return [];
  return fs
    .readdirSync(dir)
    .filter(name => /\.[cm]?[jt]sx?$/.test(name))
    .map(name => ({ code: fs.readFileSync(path.join(dir, name), 'utf8'), filename: `cases/${name}`, sourceType: 'module' }));
}

const options = parseArgs(process.argv.slice(2));
const builds = { base: require(path.join(options.base, 'dist', 'index.js')), new: require(path.join(ROOT, 'dist', 'index.js')) };
const sets = {
  domain: () => Array.from({ length: 2000 }, (_, i) => generateProgram(i + 1)),
  eslump: () => Array.from({ length: 3000 }, (_, i) => eslumpProgram(i + 1)),
  corpus: corpusPrograms,
  cases: casePrograms,
};
let differing = 0;
for (const [label, programs] of Object.entries(sets)) {
  if (options.only && options.only !== label) continue;
  differing += compare(label, programs(), builds, options.globals);
}
process.exitCode = differing > 0 ? 1 : 0;
