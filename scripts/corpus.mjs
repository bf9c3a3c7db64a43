#!/usr/bin/env node
// Lints published packages (pinned in corpus/packages.json: pool code read by hand and judged
// correct, pool-heavy packages of our own choice, and packages chosen by the rule in its
// `selection` section, see scripts/corpus-select.mjs) with the `recommended` preset and prints
// every report with its location. Each report must be explained in the list (a true bug, with the
// evidence: `explained: [{ file, line, rule?, why }]`) or it is a false positive to fix in the
// analysis. Known false positives not fixed yet are listed as `knownFalse: [{ file, line, rule,
// mechanism }]`: printed apart and not counted as unexplained. Exit code 1 when any report is
// unexplained or a listed file does not parse. Prints reports, true and false per rule.
//
//   npm run corpus                                   # build, then lint the list
//   node scripts/corpus.mjs [--list corpus/packages.json] [--cache DIR] [--package NAME]
//
// Packages are fetched once with `npm pack NAME@VERSION` into the cache (outside the repository,
// default ~/.cache/eslint-plugin-connection-leaks/corpus) and unpacked there. Lints dist/ (run
// `npm run build` first; `npm run corpus` does).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_CACHE = path.join(os.homedir(), '.cache', 'eslint-plugin-connection-leaks', 'corpus');
const SOURCE = /\.(c|m)?[jt]s$/;
const DECLARATION = /\.d\.[cm]?ts$/;

/** Downloads (once) and unpacks a package tarball; returns the unpacked directory. */
export function fetchPackage(name, version, cacheDir = DEFAULT_CACHE) {
  const dir = path.join(cacheDir, `${name.replace('/', '__')}@${version}`);
  if (fs.existsSync(path.join(dir, 'package', 'package.json'))) return path.join(dir, 'package');
  fs.mkdirSync(dir, { recursive: true });
  const out = execFileSync('npm', ['pack', `${name}@${version}`, '--silent', '--pack-destination', dir], { encoding: 'utf8' });
  const tarball = out.trim().split('\n').pop();
  execFileSync('tar', ['-xzf', path.join(dir, tarball), '-C', dir]);
  fs.rmSync(path.join(dir, tarball));
  return path.join(dir, 'package');
}

/** Source files (no .d.ts) of a file or directory entry of a package, sorted. */
export function expand(dir, entry, exclude = []) {
  const full = path.join(dir, entry);
  if (!fs.existsSync(full)) return [];
  const files = fs.statSync(full).isFile()
    ? [full]
    : fs
        .readdirSync(full, { recursive: true })
        .map(f => path.join(full, f))
        .filter(f => SOURCE.test(f) && !DECLARATION.test(f) && fs.statSync(f).isFile());
  const rel = f => path.relative(dir, f).split(path.sep).join('/');
  return files.filter(f => !exclude.some(x => new RegExp(x).test(rel(f)))).sort();
}

/** Every file of the list: [{ entry, dir, files }]. */
export function corpusFiles(list, cacheDir = DEFAULT_CACHE, only) {
  return list.packages
    .filter(entry => !only || entry.package === only)
    .map(entry => {
      const dir = fetchPackage(entry.package, entry.version, cacheDir);
      const missing = entry.files.filter(f => expand(dir, f, entry.exclude).length === 0);
      const files = [...new Set(entry.files.flatMap(f => expand(dir, f, entry.exclude)))];
      return { entry, dir, files, missing };
    });
}

/**
 * Every source file of every pinned package in full, not only the files the corpus lints for
 * reports (nothing over 1 MB): what `npm run bench`, `bench/paired.mjs` and
 * `scripts/compare-builds.mjs` lint. [{ entry, dir, files }].
 */
export function wholePackageGroups(cacheDir = DEFAULT_CACHE) {
  const list = JSON.parse(fs.readFileSync(path.join(ROOT, 'corpus', 'packages.json'), 'utf8'));
  // The rule-selected packages (`selectedBy`) stay out: the benchmark keeps measuring the same code.
  const whole = {
    ...list,
    packages: list.packages.filter(e => !e.selectedBy).map(e => ({ ...e, files: ['./'], exclude: [...(e.exclude ?? []), '(^|/)node_modules/', '\\.min\\.[cm]?js$'] })),
  };
  return corpusFiles(whole, cacheDir).map(group => ({ ...group, files: group.files.filter(file => fs.statSync(file).size < 1024 * 1024) }));
}

/** The parser setup the corpus uses: typescript-eslint's parser reads ESM, CommonJS and TS alike. */
export function corpusConfig(plugin, preset = 'recommended') {
  const tsParser = require('@typescript-eslint/parser');
  return [
    { files: ['**/*.{js,mjs,cjs,ts,mts,cts}'], languageOptions: { parser: tsParser, sourceType: 'module' } },
    { linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' } },
    plugin.configs[preset],
  ];
}

function parseArgs(argv) {
  const o = { list: path.join(ROOT, 'corpus', 'packages.json'), cache: DEFAULT_CACHE, only: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--list') o.list = path.resolve(argv[++i]);
    else if (argv[i] === '--cache') o.cache = path.resolve(argv[++i]);
    else if (argv[i] === '--package') o.only = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return o;
}

/** The entry of `list` (explained or knownFalse) that matches a report, if any. */
function matching(list, rel, message) {
  return (list ?? []).find(e => rel === e.file && e.line === message.line && (!e.rule || message.ruleId.endsWith(`/${e.rule}`)));
}

/** Reports, true and false per rule, as printed lines. */
function ruleTable(byRule) {
  const rows = Object.entries(byRule).sort(([a], [b]) => (a < b ? -1 : 1));
  const width = Math.max(4, ...rows.map(([k]) => k.length));
  const line = (name, r) => `  ${name.padEnd(width)} ${String(r.reports).padStart(7)} ${String(r.true).padStart(5)} ${String(r.false).padStart(5)} ${String(r.reports - r.true - r.false).padStart(11)}`;
  const total = rows.reduce((t, [, r]) => ({ reports: t.reports + r.reports, true: t.true + r.true, false: t.false + r.false }), { reports: 0, true: 0, false: 0 });
  return [`  ${'rule'.padEnd(width)} reports  true false unexplained`, ...rows.map(([k, r]) => line(k, r)), line('all', total)];
}

async function main() {
  const started = Date.now();
  const o = parseArgs(process.argv.slice(2));
  const { ESLint } = require('eslint');
  const plugin = require(path.join(ROOT, 'dist', 'index.js'));
  const list = JSON.parse(fs.readFileSync(o.list, 'utf8'));
  const eslint = new ESLint({ cwd: o.cache, overrideConfigFile: true, ignore: false, overrideConfig: corpusConfig(plugin) });

  let packages = 0;
  let files = 0;
  let lines = 0;
  let fatal = 0;
  const byRule = {};
  const knownLines = [];
  const stale = [];
  for (const { entry, dir, files: targets, missing } of corpusFiles(list, o.cache, o.only)) {
    packages++;
    for (const m of missing) {
      // A listed path that matches nothing (renamed in this version?) would silently shrink the corpus.
      console.log(`MISSING ${entry.package}@${entry.version}/${m}: no source file there`);
      fatal++;
    }
    if (targets.length === 0) continue;
    const used = new Set();
    for (const result of await eslint.lintFiles(targets)) {
      files++;
      lines += fs.readFileSync(result.filePath, 'utf8').split('\n').length;
      const rel = path.relative(dir, result.filePath).split(path.sep).join('/');
      for (const m of result.messages) {
        const where = `${entry.package}@${entry.version}/${rel}:${m.line}:${m.column}`;
        if (!m.fatal && !m.ruleId) continue; // notices about the packages' own disable comments
        if (m.fatal) {
          fatal++;
          console.log(`PARSE ${where} ${m.message}`);
          continue;
        }
        const rule = m.ruleId.split('/').pop();
        const counts = (byRule[rule] ??= { reports: 0, true: 0, false: 0 });
        counts.reports++;
        const explained = matching(entry.explained, rel, m);
        const known = explained ? undefined : matching(entry.knownFalse, rel, m);
        if (explained) {
          counts.true++;
          used.add(explained);
          console.log(`explained ${where} ${m.ruleId} ${m.message}\n    -- ${explained.why}`);
        } else if (known) {
          counts.false++;
          used.add(known);
          knownLines.push(`known-false ${where} ${m.ruleId}\n    -- ${known.mechanism}`);
        } else {
          console.log(`REPORT ${where} ${m.ruleId} ${m.message}`);
        }
      }
    }
    for (const e of [...(entry.explained ?? []), ...(entry.knownFalse ?? [])]) {
      if (!used.has(e)) stale.push(`${entry.package}@${entry.version}/${e.file}:${e.line}`);
    }
  }
  if (knownLines.length) console.log(`\nknown false positives (not counted as unexplained; fix the analysis, then delete the entry):\n${knownLines.join('\n')}`);
  for (const s of stale) console.log(`STALE explanation or known false positive (no report there any more): ${s}`);
  const rows = Object.values(byRule);
  const reports = rows.reduce((n, r) => n + r.reports, 0);
  const unexplained = rows.reduce((n, r) => n + r.reports - r.true - r.false, 0);
  if (reports) console.log(`\nreports per rule (true: explained as real bugs; false: known false positives):\n${ruleTable(byRule).join('\n')}`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`corpus: ${packages} packages, ${files} files, ${lines} lines, ${reports} reports, ${unexplained} unexplained, ${fatal} parse errors or missing paths, ${seconds} s`);
  if (unexplained > 0 || fatal > 0) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
