#!/usr/bin/env node
// Stress run: every rule of the plugin at error, on
//   1. ALL of node_modules (crash check; files with reports also go through the fix harness);
//   2. random programs from eslump (seeded: Math.random is replaced while generating), half linted
//      with espree as .js and half with typescript-eslint's parser as .ts;
//   3. domain programs from scripts/domain-gen.mjs (checkouts, releases, callbacks, loops…).
// Programs 2 and 3 go through scripts/fix-harness.mjs, which also runs every rule with its
// autofix options on and checks every fix and suggestion (parses, converges, no longer reports).
//
// Any rule exception or invalid fix is a failure: it is printed with the file or seed, the
// command that reproduces it and a minimized program (scripts/minimize.mjs); exit code 1.
// Lints the BUILT plugin: run `npm run build` first (`npm run stress` does).
//
//   node scripts/stress.mjs                        # defaults: --seed 1 --count 3000 --domain 2000
//   node scripts/stress.mjs --seed 7 --count 500 --domain 0 --no-node-modules
//   node scripts/stress.mjs --only eslump --seed 1234 --count 1   # reproduce eslump program 1234
//   node scripts/stress.mjs --only domain --seed 99 --domain 1    # reproduce domain program 99
//   node scripts/stress.mjs --print domain --seed 99               # print one generated program
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectFiles, lintFiles, guessSourceType, ROOT } from './lint-node-modules.mjs';
import { checkFixes, defaultLanguageOptions, formatProblem } from './fix-harness.mjs';
import { eslumpProgram, generateProgram } from './domain-gen.mjs';
import { minimize } from './minimize.mjs';

const require = createRequire(import.meta.url);

function parseArgs(argv) {
  const o = { seed: 1, count: 3000, domain: 2000, nodeModules: true, only: null, print: null, minimize: true, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v)) throw new Error(`${a} needs a number`);
      return v;
    };
    if (a === '--seed') o.seed = num();
    else if (a === '--count') o.count = num();
    else if (a === '--domain') o.domain = num();
    else if (a === '--no-node-modules') o.nodeModules = false;
    else if (a === '--no-minimize') o.minimize = false;
    else if (a === '--only') o.only = argv[++i];
    else if (a === '--print') o.print = argv[++i];
    else if (a === '--verbose') o.verbose = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: node scripts/stress.mjs [--seed S] [--count N] [--domain M] [--no-node-modules] [--only node_modules|eslump|domain] [--print eslump|domain] [--no-minimize] [--verbose]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (o.only && !['node_modules', 'eslump', 'domain'].includes(o.only)) throw new Error('--only takes node_modules, eslump or domain');
  return o;
}

const failures = [];
const notes = [];

function signature(p) {
  return `${p.kind}|${p.rule}|${p.message.split('\n')[0].replace(/\d+/g, 'N')}`;
}

/** Records a harness problem, minimizing the program that shows it. */
const minimizedSignatures = new Set();

function fail(source, p, opts, minimizeIt) {
  const entry = { source, problem: p, minimized: null };
  const sig = p.kind === 'crash' ? `crash|${String(p.message).split('\n')[0]}` : signature(p);
  // Minimize the first program of each kind of failure; the others are listed.
  if (minimizeIt && p.input && !minimizedSignatures.has(sig)) {
    minimizedSignatures.add(sig);
    const same = q => (q.kind === 'crash' ? `crash|${String(q.message).split('\n')[0]}` : signature(q)) === sig;
    const { code } = minimize(p.input, c => checkFixes(c, opts).problems.some(same), { maxChecks: 1500 });
    entry.minimized = code;
  }
  failures.push(entry);
  console.log(`\nFAIL ${source}\n  ${formatProblem(p).split('\n').join('\n  ')}`);
  if (entry.minimized != null) console.log(`  minimized (${opts.filename}):\n${entry.minimized.split('\n').map(l => `    | ${l}`).join('\n')}`);
}

function harness(source, code, opts, o, counters) {
  const r = checkFixes(code, opts);
  if (!r.parsed) {
    counters.parseErrors++;
    return;
  }
  counters.programs++;
  counters.reports += r.reports;
  counters.fixes += r.fixes;
  counters.suggestions += r.suggestions;
  counters.maxPasses = Math.max(counters.maxPasses, r.passes);
  const seen = new Set();
  for (const p of r.problems) {
    // One failure per kind and rule per program (the autofix variant often repeats the default one).
    const key = `${p.kind.replace(/^(fix|suggestion)-/, '')}|${p.rule}|${p.line}:${p.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (p.kind === 'crash') counters.crashes++;
    else counters.invalid++;
    fail(source, { ...p, input: p.input ?? code }, opts, o.minimize);
  }
  for (const n of r.notes) notes.push({ source, note: n });
}

const newCounters = () => ({ programs: 0, parseErrors: 0, reports: 0, fixes: 0, suggestions: 0, maxPasses: 0, crashes: 0, invalid: 0 });

function runNodeModules(o) {
  const files = collectFiles();
  console.log(`node_modules: ${files.length} candidate files`);
  const result = lintFiles(files, { collectReports: true, progressEvery: 2500, onProgress: (d, t) => console.log(`  ... ${d}/${t}`) });
  for (const c of result.crashes) {
    const code = fs.readFileSync(c.file, 'utf8');
    const sourceType = guessSourceType(c.file, code);
    const opts = { filename: path.basename(c.file), languageOptions: defaultLanguageOptions(c.file, sourceType) };
    fail(path.relative(ROOT, c.file), { kind: 'crash', rule: c.message.match(/Rule: "([^"]+)"/)?.[1] ?? '?', options: [], message: c.message, detail: c.stack, input: code }, opts, o.minimize);
  }
  // Files with reports: check their fixes and suggestions too.
  const counters = newCounters();
  const withReports = [...new Set(result.reportList.map(r => r.file))];
  for (const file of withReports) {
    const code = fs.readFileSync(file, 'utf8');
    const sourceType = guessSourceType(file, code);
    harness(path.relative(ROOT, file), code, { filename: path.basename(file), languageOptions: defaultLanguageOptions(file, sourceType) }, o, counters);
  }
  console.log(
    `node_modules: ${result.linted} files, ${result.lines} lines, ${result.reports} reports, ${result.crashes.length} crashes, ` +
      `${withReports.length} files fix-checked (${counters.invalid} invalid fixes), ${result.parseErrors} parse errors, ` +
      `${result.skippedLarge + result.skippedMinified} skipped (> 1 MB or minified), ${result.seconds.toFixed(1)} s`,
  );
  if (result.notLinted.length) console.log(`WARNING: ${result.notLinted.length} files were not linted (config did not apply)`);
  return { files: result.linted, lines: result.lines, crashes: result.crashes.length + counters.crashes, invalid: counters.invalid, notLinted: result.notLinted.length };
}

function runEslump(o) {
  const counters = newCounters();
  const t0 = Date.now();
  for (let i = 0; i < o.count; i++) {
    const seed = o.seed + i;
    const g = eslumpProgram(seed);
    const opts = { filename: g.filename, languageOptions: defaultLanguageOptions(g.filename, g.sourceType) };
    harness(`eslump seed ${seed} (node scripts/stress.mjs --only eslump --seed ${seed} --count 1)`, g.code, opts, o, counters);
    if (o.verbose && (i + 1) % 500 === 0) console.log(`  ... eslump ${i + 1}/${o.count}`);
  }
  console.log(
    `eslump: ${o.count} programs (seeds ${o.seed}..${o.seed + o.count - 1}), ${counters.programs} parsed, ${counters.reports} reports, ` +
      `${counters.crashes} crashes, ${counters.invalid} invalid fixes, ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  return counters;
}

function runDomain(o) {
  const counters = newCounters();
  const t0 = Date.now();
  for (let i = 0; i < o.domain; i++) {
    const seed = o.seed + i;
    const g = generateProgram(seed);
    const opts = { filename: g.filename, sourceType: g.sourceType, settings: g.settings };
    harness(`domain seed ${seed} (node scripts/stress.mjs --only domain --seed ${seed} --domain 1)`, g.code, opts, o, counters);
    if (o.verbose && (i + 1) % 500 === 0) console.log(`  ... domain ${i + 1}/${o.domain}`);
  }
  console.log(
    `domain: ${o.domain} programs (seeds ${o.seed}..${o.seed + o.domain - 1}), ${counters.programs} parsed, ${counters.reports} reports, ` +
      `${counters.fixes} fixes, ${counters.suggestions} suggestions checked (max ${counters.maxPasses} fix passes), ` +
      `${counters.crashes} crashes, ${counters.invalid} invalid fixes, ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  return counters;
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.print) {
    const g = o.print === 'eslump' ? eslumpProgram(o.seed) : generateProgram(o.seed);
    process.stdout.write(g.code);
    return;
  }
  const plugin = require(path.join(ROOT, 'dist', 'index.js'));
  console.log(`rules: ${Object.keys(plugin.rules).join(', ')}`);
  const t0 = Date.now();
  const want = part => !o.only || o.only === part;
  const nm = want('node_modules') && o.nodeModules ? runNodeModules(o) : { files: 0, lines: 0, crashes: 0, invalid: 0, notLinted: 0 };
  const es = want('eslump') && o.count > 0 ? runEslump(o) : newCounters();
  const dom = want('domain') && o.domain > 0 ? runDomain(o) : newCounters();
  if (notes.length) {
    console.log(`\nnotes (not failures): ${notes.length} fixes/suggestions removed their report and the rule then named another problem of the same handle`);
    const shown = new Set();
    for (const { source, note } of notes) {
      const key = `${note.rule}|${note.message.replace(/`[^`]*`|\d+/g, '')}|${note.detail.replace(/`[^`]*`|\d+/g, '')}`;
      if (shown.has(key) && !o.verbose) continue;
      shown.add(key);
      console.log(`  ${source}\n    ${formatProblem(note)}`);
    }
  }
  const crashes = nm.crashes + es.crashes + dom.crashes;
  const invalid = nm.invalid + es.invalid + dom.invalid;
  console.log(
    `\nstress: ${nm.files} node_modules files (${nm.lines} lines), ${es.programs} eslump programs, ${dom.programs} domain programs ` +
      `(${dom.reports} reports, ${dom.fixes + es.fixes} fixes, ${dom.suggestions + es.suggestions} suggestions), ` +
      `${crashes} crashes, ${invalid} invalid fixes, ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  if (crashes > 0 || invalid > 0 || nm.notLinted > 0) process.exitCode = 1;
}

main();
