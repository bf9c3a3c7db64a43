#!/usr/bin/env node
// Crash hunt: lint real-world code (the repository's own node_modules) with every rule of the
// built plugin (dist/, so run `npm run build` first) and report any exception thrown by
// `linter.verify`. Parse errors are not crashes; they are counted and skipped.
//
//   node scripts/lint-node-modules.mjs                      # whole node_modules
//   node scripts/lint-node-modules.mjs --limit 1500 --seed 1 # deterministic sample
//   node scripts/lint-node-modules.mjs --report              # also print every rule report
//   node scripts/lint-node-modules.mjs path/to/file.js dir/  # lint given files/dirs instead
//
// Exit code 1 if any crash. Importable: the functions below are exported and main() only runs
// when this file is the entry point.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { Linter } = require('eslint');
const tsParser = require('@typescript-eslint/parser');

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const NODE_MODULES = path.join(ROOT, 'node_modules');

const EXTENSIONS = new Set(['.js', '.cjs', '.mjs', '.ts', '.mts', '.cts']);
const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts']);
const MAX_BYTES = 1024 * 1024;
const MAX_LINE = 2000;

function isDeclarationFile(name) {
  return /\.d\.[cm]?ts$/.test(name);
}

/** All candidate files under `dir` (nested node_modules included, symlinks and .bin skipped), sorted. */
export function collectFiles(dir = NODE_MODULES) {
  const out = [];
  const walk = d => {
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isSymbolicLink()) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name === '.bin' || e.name === '.git') continue;
        walk(p);
      } else if (e.isFile() && EXTENSIONS.has(path.extname(e.name)) && !isDeclarationFile(e.name)) {
        out.push(p);
      }
    }
  };
  walk(dir);
  return out.sort();
}

/** Deterministic PRNG (mulberry32). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Up to `limit` paths picked from the sorted list with a seeded PRNG; the result is sorted. */
export function sampleFiles(files, limit, seed = 1) {
  const sorted = [...files].sort();
  if (limit == null || limit >= sorted.length) return sorted;
  const rand = mulberry32(seed);
  // Partial Fisher-Yates: the first `limit` slots end up a uniform sample.
  for (let i = 0; i < limit; i++) {
    const j = i + Math.floor(rand() * (sorted.length - i));
    [sorted[i], sorted[j]] = [sorted[j], sorted[i]];
  }
  return sorted.slice(0, limit).sort();
}

const MODULE_SYNTAX = /^[ \t]*(?:import[ \t]*(?:[\w$*{]|["'])|export[ \t]*(?:[\w$*{]))/m;

/** `module` for .mjs/.mts or code containing import/export statements, else `script`. */
export function guessSourceType(file, code) {
  const ext = path.extname(file);
  if (ext === '.mjs' || ext === '.mts') return 'module';
  return MODULE_SYNTAX.test(code) ? 'module' : 'script';
}

let pluginCache;
function loadPlugin() {
  pluginCache ??= require(path.join(ROOT, 'dist/index.js'));
  return pluginCache;
}

/**
 * Flat config with every rule of the plugin at 'error' with the `all` preset's options, default
 * settings and a connection budget (so that the rule reading it runs on every file).
 */
export function buildConfig(file, sourceType) {
  const plugin = loadPlugin();
  const ns = plugin.meta?.namespace ?? 'connection-leaks';
  const presetRules = plugin.configs.all.rules;
  const rules = Object.fromEntries(
    Object.keys(plugin.rules).map(name => {
      const preset = presetRules[`${ns}/${name}`];
      return [`${ns}/${name}`, Array.isArray(preset) ? ['error', ...preset.slice(1)] : 'error'];
    }),
  );
  const ts = TS_EXTENSIONS.has(path.extname(file));
  return [
    {
      files: ['**/*.js', '**/*.cjs', '**/*.mjs', '**/*.ts', '**/*.mts', '**/*.cts'],
      languageOptions: {
        ecmaVersion: 'latest',
        sourceType,
        ...(ts ? { parser: tsParser } : {}),
        parserOptions: sourceType === 'script' ? { ecmaFeatures: { globalReturn: true } } : {},
      },
      // Inline `eslint-disable` / `/* eslint ... */` comments in the scanned code must neither turn
      // the plugin off nor produce "rule not found" messages.
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
      plugins: { [ns]: plugin },
      settings: { [ns]: { budget: { maxConnections: 100, reserved: 10, instances: 4 } } },
      rules,
    },
  ];
}

/**
 * The name the linter sees. It must not contain a `node_modules` segment (flat config ignores
 * node_modules by default, and the file would not be linted at all), so it is the path relative to
 * the nearest node_modules, under a virtual directory.
 */
function virtualName(file) {
  const parts = file.split(path.sep);
  const i = parts.lastIndexOf('node_modules');
  const rel = i >= 0 ? parts.slice(i + 1).join('/') : path.relative(ROOT, file).split(path.sep).join('/');
  const safe = rel
    .split('/')
    .filter(seg => seg !== '..' && seg !== '.' && seg !== '')
    .map(seg => (seg === 'node_modules' ? 'nm' : seg))
    .join('/');
  return `scan/${safe}`;
}

/** The file was not linted at all (config did not apply); a harness problem, not a rule crash. */
export class NotLintedError extends Error {}

let linterCache;
function getLinter() {
  linterCache ??= new Linter({ configType: 'flat', cwd: ROOT });
  return linterCache;
}

/**
 * Lint one source text. Returns `{ messages, sourceType, parseError }`; throws on a crash
 * (an exception from `linter.verify`, which ESLint wraps with the rule id and location).
 */
export function lintText(code, file) {
  const linter = getLinter();
  const name = virtualName(file);
  const first = guessSourceType(file, code);
  let sourceType = first;
  let messages = linter.verify(code, buildConfig(file, sourceType), name);
  const unmatched = messages.find(m => !m.ruleId && !m.fatal && /No matching configuration|ignored/i.test(m.message));
  if (unmatched) throw new NotLintedError(`${file}: ${unmatched.message}`);
  let fatal = messages.find(m => m.fatal);
  if (fatal) {
    const other = first === 'module' ? 'script' : 'module';
    const retry = linter.verify(code, buildConfig(file, other), name);
    if (!retry.some(m => m.fatal)) {
      sourceType = other;
      messages = retry;
      fatal = undefined;
    }
  }
  return { messages, sourceType, parseError: fatal ? fatal.message : undefined };
}

function stackTop(err, n = 6) {
  const lines = String(err?.stack ?? '').split('\n');
  return lines.filter(l => /^\s+at /.test(l)).slice(0, n).join('\n');
}

/**
 * Lint `files` and return counts, crashes and (optionally) reports.
 * options: { collectReports?: boolean, onReport?(r), onProgress?(done, total), progressEvery?: number }
 */
export function lintFiles(files, options = {}) {
  const started = Date.now();
  const result = {
    files: files.length,
    linted: 0,
    lines: 0,
    parseErrors: 0,
    skippedLarge: 0,
    skippedMinified: 0,
    crashes: [],
    reports: 0,
    reportList: [],
    parseErrorList: [],
    notLinted: [],
    slowest: [],
    seconds: 0,
  };
  const every = options.progressEvery ?? 500;
  files.forEach((file, index) => {
    if (options.onProgress && index > 0 && index % every === 0) options.onProgress(index, files.length);
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return;
    }
    if (stat.size > MAX_BYTES) {
      result.skippedLarge++;
      return;
    }
    const code = fs.readFileSync(file, 'utf8');
    const lines = code.split('\n');
    if (lines.some(l => l.length > MAX_LINE)) {
      result.skippedMinified++;
      return;
    }
    const t0 = performance.now();
    let out;
    try {
      out = lintText(code, file);
    } catch (err) {
      if (err instanceof NotLintedError) {
        result.notLinted.push({ file, message: err.message });
        return;
      }
      result.crashes.push({ file, message: String(err?.message ?? err), stack: stackTop(err), error: err });
      return;
    }
    const ms = performance.now() - t0;
    result.slowest.push({ file, ms });
    if (result.slowest.length > 40) {
      result.slowest.sort((a, b) => b.ms - a.ms);
      result.slowest.length = 10;
    }
    if (out.parseError) {
      result.parseErrors++;
      result.parseErrorList.push({ file, message: out.parseError });
      return;
    }
    result.linted++;
    result.lines += lines.length;
    for (const m of out.messages) {
      if (!m.ruleId) continue; // e.g. notes without a rule
      result.reports++;
      const report = { file, line: m.line, column: m.column, ruleId: m.ruleId, message: m.message };
      if (options.collectReports) result.reportList.push(report);
      options.onReport?.(report);
    }
  });
  result.slowest.sort((a, b) => b.ms - a.ms);
  result.slowest.length = Math.min(result.slowest.length, 10);
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

function parseArgs(argv) {
  const opts = { limit: undefined, seed: 1, report: false, verbose: false, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--limit') opts.limit = Number(argv[++i]);
    else if (a === '--seed') opts.seed = Number(argv[++i]);
    else if (a === '--report') opts.report = true;
    else if (a === '--verbose') opts.verbose = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: node scripts/lint-node-modules.mjs [--limit N] [--seed S] [--report] [--verbose] [paths...]');
      process.exit(0);
    } else opts.paths.push(a);
  }
  if (opts.limit !== undefined && !(opts.limit >= 0)) throw new Error('--limit needs a number');
  if (!Number.isFinite(opts.seed)) throw new Error('--seed needs a number');
  return opts;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  let all;
  if (opts.paths.length) {
    all = opts.paths.flatMap(p => {
      const abs = path.resolve(p);
      return fs.statSync(abs).isDirectory() ? collectFiles(abs) : [abs];
    });
  } else {
    all = collectFiles(NODE_MODULES);
  }
  const files = sampleFiles(all, opts.limit, opts.seed);
  const label = opts.paths.length ? 'paths' : 'node_modules';
  console.log(`${label}: ${all.length} candidate files, linting ${files.length}`);
  const rel = f => path.relative(ROOT, f);
  const result = lintFiles(files, {
    progressEvery: 2000,
    onProgress: (done, total) => console.log(`  ... ${done}/${total}`),
    onReport: opts.report ? r => console.log(`${rel(r.file)}:${r.line}:${r.column} ${r.ruleId} ${r.message}`) : undefined,
  });
  if (opts.verbose) {
    for (const p of result.parseErrorList) console.log(`parse error: ${rel(p.file)}: ${p.message}`);
    for (const s of result.slowest) console.log(`slow: ${rel(s.file)} ${s.ms.toFixed(0)} ms`);
  }
  console.log(
    `${label}: ${result.linted} files linted, ${result.lines} lines, ${result.parseErrors} parse errors (skipped), ` +
      `${result.crashes.length} crashes, ${result.reports} reports, ${result.seconds.toFixed(1)} s` +
      ` (skipped: ${result.skippedLarge} > 1 MB, ${result.skippedMinified} minified)`,
  );
  if (result.notLinted.length) {
    console.log(`WARNING: ${result.notLinted.length} files were not linted (config did not apply), e.g. ${result.notLinted[0].message}`);
    process.exitCode = 2;
  }
  for (const c of result.crashes) {
    console.log(`\nCRASH ${rel(c.file)}\n  ${c.message.split('\n').join('\n  ')}\n${c.stack}`);
  }
  if (result.crashes.length > 0) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main();
}
