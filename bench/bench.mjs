#!/usr/bin/env node
// Benchmark (never a timed test). Two parts:
//
// 1. Real code: every source file (no .d.ts) of every package pinned in corpus/packages.json,
//    fetched into the corpus cache with `npm pack` (see scripts/corpus.mjs), linted in ONE
//    ESLint run with `stats: true`, with every rule of the plugin and core `no-unused-vars` on.
//    Prints per rule and in total our rules' time as a fraction of parse time and as a multiple
//    of `no-unused-vars`. Goal: all our rules together ≤ 5 % of parse time and ≤ 0.5× no-unused-vars.
// 2. Scaling: generated files of 1k, 10k and 100k lines of pool code (correct and leaking
//    functions repeated with variation, all against the same module-level pools) linted with
//    Linter#verify and stats; prints ms per 1k lines for each size (flat = linear).
//
//   npm run bench                              # build, then both parts
//   node bench/bench.mjs [--parser ts|espree] [--runs N] [--rounds N] [--sizes 1000,10000,100000]
//                        [--skip-corpus] [--skip-scaling] [--json out.json]
//
// Lints the BUILT plugin (dist/). Run on an idle machine: the figures are wall-clock times.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_CACHE, wholePackageGroups } from '../scripts/corpus.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { ESLint, Linter } = require('eslint');
const tsParser = require('@typescript-eslint/parser');
const plugin = require(path.join(ROOT, 'dist', 'index.js'));
const NS = plugin.meta?.namespace ?? 'connection-leaks';
const BASELINE = 'no-unused-vars';
const GOAL_PARSE = 0.05;
const GOAL_BASELINE = 0.5;

function parseArgs(argv) {
  const o = { parser: 'ts', runs: 3, rounds: 5, sizes: [1000, 10000, 100000], corpus: true, scaling: true, typed: true, json: null, cache: DEFAULT_CACHE };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--parser') o.parser = argv[++i];
    else if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--rounds') o.rounds = Number(argv[++i]);
    else if (a === '--sizes') o.sizes = argv[++i].split(',').map(Number);
    else if (a === '--skip-corpus') o.corpus = false;
    else if (a === '--skip-scaling') o.scaling = false;
    else if (a === '--skip-typed') o.typed = false;
    else if (a === '--json') o.json = argv[++i];
    else if (a === '--cache') o.cache = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  if (!['ts', 'espree'].includes(o.parser)) throw new Error('--parser takes ts or espree');
  return o;
}

/**
 * A rule that does nothing, created first for every file. ESLint charges a cost of its own to the
 * first rule it creates for a file (about 4 µs a file on the reference machine, measured with a
 * plugin of rules that do nothing: the first of them took 17 ms a round over the corpus, each other
 * one 1 ms); this rule carries it, so that neither our rules nor no-unused-vars do.
 */
const FIRST = 'bench/created-first';
const benchPlugin = { rules: { 'created-first': { meta: { type: 'problem', schema: [] }, create: () => ({}) } } };
const PLUGINS = { [NS]: plugin, bench: benchPlugin };

/** The first-created rule, every rule of ours at error (the `all` preset's rules, raised to error) and core no-unused-vars. */
function rulesConfig() {
  const rules = Object.fromEntries(Object.keys(plugin.rules).map(name => [`${NS}/${name}`, 'error']));
  return { [FIRST]: 'error', ...rules, [BASELINE]: 'error' };
}

function languageOptions(parser, sourceType = 'module') {
  return parser === 'ts' ? { parser: tsParser, sourceType, ecmaVersion: 'latest' } : { sourceType, ecmaVersion: 'latest' };
}

const fmt = (ms, digits = 0) => ms.toFixed(digits).padStart(8);
const pct = x => `${(x * 100).toFixed(2)} %`.padStart(9);
const times = x => `${x.toFixed(3)}×`.padStart(8);

function table(parseMs, ruleMs, label) {
  const ours = Object.entries(ruleMs).filter(([id]) => id.startsWith(`${NS}/`)).sort((a, b) => b[1] - a[1]);
  const baseline = ruleMs[BASELINE] ?? 0;
  const total = ours.reduce((s, [, v]) => s + v, 0);
  console.log(`\n${label}`);
  console.log(`${'rule'.padEnd(44)} ${'ms'.padStart(8)} ${'/ parse'.padStart(9)} ${'/ no-unused-vars'.padStart(8)}`);
  console.log(`${'(parse)'.padEnd(44)} ${fmt(parseMs)}`);
  console.log(`${'(ESLint, charged to the first rule created)'.padEnd(44)} ${fmt(ruleMs[FIRST] ?? 0)}`);
  console.log(`${`(core ${BASELINE})`.padEnd(44)} ${fmt(baseline)} ${pct(baseline / parseMs)} ${times(1)}`);
  for (const [id, ms] of ours) console.log(`${id.padEnd(44)} ${fmt(ms)} ${pct(ms / parseMs)} ${times(ms / baseline)}`);
  console.log(`${'all our rules'.padEnd(44)} ${fmt(total)} ${pct(total / parseMs)} ${times(total / baseline)}`);
  const okParse = total / parseMs <= GOAL_PARSE;
  const okBase = total / baseline <= GOAL_BASELINE;
  console.log(
    `goal (≤ ${GOAL_PARSE * 100} % of parse, ≤ ${GOAL_BASELINE}× ${BASELINE}): ${okParse ? 'met' : 'MISSED'} / ${okBase ? 'met' : 'MISSED'}`,
  );
  for (const [id, ms] of ours) {
    if (ms / parseMs > GOAL_PARSE || ms / baseline > GOAL_BASELINE) console.log(`  over budget on its own: ${id}`);
  }
  return { parseMs, baselineMs: baseline, oursMs: total, rules: Object.fromEntries(ours), okParse, okBase };
}

// ---------------------------------------------------------------------------------------------
// 1. Real code in one ESLint run.

async function benchCorpus(o) {
  const groups = wholePackageGroups(o.cache);
  const files = groups.flatMap(g => g.files);
  const lines = files.reduce((s, f) => s + fs.readFileSync(f, 'utf8').split('\n').length, 0);
  console.log(`corpus: ${files.length} files, ${lines} lines from ${groups.length} packages (${o.parser === 'ts' ? '@typescript-eslint/parser' : 'espree'})`);
  const eslint = new ESLint({
    cwd: o.cache,
    overrideConfigFile: true,
    ignore: false,
    stats: true,
    overrideConfig: [
      {
        files: ['**/*.{js,mjs,cjs,ts,mts,cts}'],
        languageOptions: languageOptions(o.parser),
        linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
        plugins: PLUGINS,
        rules: rulesConfig(),
      },
      // CommonJS files: script mode, so `return` at top level and `with` parse.
      { files: ['**/*.cjs'], languageOptions: { sourceType: 'script' } },
    ],
  });
  // The machine's noise moves one round's figures by a fifth: every figure is the median of 5 rounds
  // (the first of them pays the JIT's warm-up).
  const rounds = [];
  let perFile = [];
  let fatal = 0;
  let wall = 0;
  for (let round = 0; round < Math.max(1, o.rounds); round++) {
    const t0 = performance.now();
    const results = await eslint.lintFiles(files);
    const roundWall = performance.now() - t0;
    let parse = 0;
    const rules = {};
    perFile = [];
    fatal = 0;
    for (const r of results) {
      if (r.messages.some(m => m.fatal)) fatal++;
      for (const pass of r.stats?.times?.passes ?? []) {
        parse += pass.parse?.total ?? 0;
        for (const [id, t] of Object.entries(pass.rules ?? {})) {
          rules[id] = (rules[id] ?? 0) + t.total;
          if (id.startsWith(`${NS}/`)) perFile.push({ id, file: path.relative(o.cache, r.filePath), ms: t.total, parse: pass.parse?.total ?? 0 });
        }
      }
    }
    rounds.push({ wall: roundWall, parse, rules });
  }
  wall = median(rounds.map(r => r.wall));
  const parseMs = median(rounds.map(r => r.parse));
  const ruleMs = Object.fromEntries(Object.keys(rounds[0].rules).map(id => [id, median(rounds.map(r => r.rules[id] ?? 0))]));
  const ours = rounds.map(r => Object.entries(r.rules).filter(([id]) => id.startsWith(`${NS}/`)).reduce((sum, [, ms]) => sum + ms, 0));
  console.log(`rounds: ${rounds.length}; all our rules per round: ${ours.map(ms => ms.toFixed(0)).join(', ')} ms; ${BASELINE} per round: ${rounds.map(r => (r.rules[BASELINE] ?? 0).toFixed(0)).join(', ')} ms`);
  console.log(`linted in ${(wall / 1000).toFixed(1)} s wall per round (median; ${fatal} files did not parse and were not timed)`);
  const summary = table(parseMs, ruleMs, `one ESLint run over ${files.length} files per round, stats: true, median of ${rounds.length} rounds`);
  // Where an over-budget rule spends its time: the files to profile first.
  for (const id of Object.keys(summary.rules)) {
    const ms = summary.rules[id];
    if (ms / parseMs <= GOAL_PARSE && ms / summary.baselineMs <= GOAL_BASELINE) continue;
    const top = perFile.filter(x => x.id === id).sort((a, b) => b.ms - a.ms).slice(0, 5);
    console.log(`  slowest files for ${id}:`);
    for (const t of top) console.log(`    ${t.ms.toFixed(0).padStart(7)} ms (parse ${t.parse.toFixed(0)} ms)  ${t.file}`);
  }
  return { files: files.length, lines, wallMs: wall, fatal, ...summary };
}

// ---------------------------------------------------------------------------------------------
// 2. Scaling with file size.

const HEADER = [
  "import pg from 'pg';",
  "import mysql from 'mysql2/promise';",
  "import { DataSource } from 'typeorm';",
  "import { createPool } from 'generic-pool';",
  '',
  'const pool = new pg.Pool({ connectionTimeoutMillis: 5000 });',
  "const mysqlPool = mysql.createPool({ uri: process.env.MYSQL_URL, connectTimeout: 5000 });",
  "const dataSource = new DataSource({ type: 'postgres' });",
  'const resources = createPool({ create: async () => ({}), destroy: async () => {} }, { max: 10, acquireTimeoutMillis: 5000 });',
  '',
];

/** One function of realistic pool code; `i` varies names, SQL and shapes. */
function unit(i) {
  const t = `t${i % 17}`;
  switch (i % 8) {
    case 0:
      return [
        `export async function getUser${i}(id) {`,
        '  const client = await pool.connect();',
        '  try {',
        `    const { rows } = await client.query('SELECT * FROM ${t} WHERE id = $1', [id]);`,
        '    return rows[0] ?? null;',
        '  } finally {',
        '    client.release();',
        '  }',
        '}',
      ];
    case 1:
      return [
        `export async function rename${i}(id, name) {`,
        '  const client = await pool.connect();',
        `  await client.query('UPDATE ${t} SET name = $1 WHERE id = $2', [name, id]);`,
        '  client.release();',
        '}',
      ];
    case 2:
      return [
        `export async function transfer${i}(from, to, amount) {`,
        '  const conn = await mysqlPool.getConnection();',
        '  try {',
        '    await conn.beginTransaction();',
        `    await conn.execute('UPDATE ${t} SET balance = balance - ? WHERE id = ?', [amount, from]);`,
        `    await conn.execute('UPDATE ${t} SET balance = balance + ? WHERE id = ?', [amount, to]);`,
        '    await conn.commit();',
        '  } catch (error) {',
        '    await conn.rollback();',
        '    throw error;',
        '  } finally {',
        '    conn.release();',
        '  }',
        '}',
      ];
    case 3:
      return [
        `export async function report${i}(ids) {`,
        '  const queryRunner = dataSource.createQueryRunner();',
        '  await queryRunner.connect();',
        '  try {',
        '    const out = [];',
        `    for (const id of ids) out.push(await queryRunner.query('SELECT count(*) FROM ${t} WHERE owner = $1', [id]));`,
        '    return out;',
        '  } finally {',
        '    await queryRunner.release();',
        '  }',
        '}',
      ];
    case 4:
      return [
        `export function legacy${i}(id, callback) {`,
        '  pool.connect((err, client, done) => {',
        '    if (err) return callback(err);',
        `    client.query('SELECT * FROM ${t} WHERE id = $1', [id], (queryError, result) => {`,
        '      done();',
        '      callback(queryError, result && result.rows);',
        '    });',
        '  });',
        '}',
      ];
    case 5:
      return [
        `export async function find${i}(email) {`,
        '  const client = await pool.connect();',
        `  const { rows } = await client.query('SELECT * FROM ${t} WHERE email = $1', [email]);`,
        '  if (rows.length === 0) return null;',
        '  client.release();',
        '  return rows[0];',
        '}',
      ];
    case 6:
      return [
        `export async function job${i}(payload) {`,
        '  const resource = await resources.acquire();',
        '  try {',
        '    const unused = payload.id;',
        '    return await resource.run(payload);',
        '  } finally {',
        '    await resources.release(resource);',
        '  }',
        '}',
      ];
    default:
      return [
        `export async function count${i}() {`,
        `  const { rows } = await pool.query('SELECT count(*) FROM ${t}');`,
        '  return Number(rows[0].count);',
        '}',
      ];
  }
}

/** About `lines` lines (whole functions only: it stops at the first function boundary past it). */
export function generateFile(lines) {
  const out = [...HEADER];
  for (let i = 0; out.length < lines; i++) out.push(...unit(i), '');
  return out.join('\n');
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const ISOLATED_CAP_MS = 20000;

function benchScaling(o) {
  const linter = new Linter({ configType: 'flat' });
  const configWith = rules => [
    {
      files: ['**/*.js', '**/*.ts'],
      languageOptions: languageOptions(o.parser),
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      plugins: PLUGINS,
      rules,
    },
  ];
  const filename = o.parser === 'ts' ? 'generated.ts' : 'generated.js';
  // verifyAndFix (with fix: false) is the Linter entry point that records stats.
  const lint = (code, config) => {
    const { messages } = linter.verifyAndFix(code, config, { filename, stats: true, fix: false });
    const fatal = messages.find(m => m.fatal);
    if (fatal) throw new Error(`generated file does not parse: ${fatal.message}`);
    const pass = linter.getTimes().passes[0];
    return { messages, parse: pass.parse.total, rules: Object.fromEntries(Object.entries(pass.rules ?? {}).map(([id, t]) => [id, t.total])) };
  };
  const all = configWith(rulesConfig());
  const ours = Object.keys(plugin.rules).map(name => `${NS}/${name}`);
  for (let i = 0; i < 2; i++) lint(generateFile(5000), all); // warm-up (JIT)
  const rows = [];
  const lastIsolated = {};
  for (const size of o.sizes) {
    const code = generateFile(size);
    const lines = code.split('\n').length;
    const per = v => (v / lines) * 1000;
    const runs = size >= 100000 ? 1 : o.runs;
    const samples = Array.from({ length: runs }, () => lint(code, all));
    const reports = samples[0].messages.filter(m => m.ruleId?.startsWith(`${NS}/`)).length;
    const together = median(samples.map(s => ours.reduce((a, id) => a + (s.rules[id] ?? 0), 0)));
    // Each rule alone (rules sharing an analysis are timed together in the run above: whichever runs
    // first pays for it). A rule whose previous size predicts more than the cap is skipped.
    const isolated = {};
    for (const id of ours) {
      const prev = lastIsolated[id];
      if (prev && (prev.ms / prev.lines) * lines > ISOLATED_CAP_MS) {
        isolated[id] = null;
        continue;
      }
      const ms = median(Array.from({ length: runs }, () => lint(code, configWith({ [id]: 'error' })).rules[id] ?? 0));
      isolated[id] = per(ms);
      lastIsolated[id] = { ms, lines };
    }
    rows.push({
      size,
      lines,
      runs,
      reports,
      parse: per(median(samples.map(s => s.parse))),
      baseline: per(median(samples.map(s => s.rules[BASELINE] ?? 0))),
      ours: per(together),
      isolated,
    });
  }
  console.log(`\nscaling: generated pool code (${o.parser === 'ts' ? '@typescript-eslint/parser' : 'espree'}), ms per 1,000 lines (median of ${o.runs} runs; 1 run at 100k)`);
  const short = id => id.slice(NS.length + 1);
  const head = ['lines', 'reports', 'parse', BASELINE, 'all ours', ...ours.map(id => `${short(id)} alone`)];
  const width = head.map((h, i) => (i === 0 ? 8 : Math.max(9, h.length)));
  console.log(head.map((h, i) => (i === 0 ? h.padEnd(width[i]) : h.padStart(width[i]))).join(' '));
  for (const r of rows) {
    const cells = [r.lines, r.reports, r.parse.toFixed(2), r.baseline.toFixed(2), r.ours.toFixed(2), ...ours.map(id => (r.isolated[id] == null ? 'skipped' : r.isolated[id].toFixed(2)))];
    console.log(cells.map((c, i) => (i === 0 ? String(c).padEnd(width[i]) : String(c).padStart(width[i]))).join(' '));
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  console.log(`all our rules, ms per 1k lines at ${last.lines} vs ${first.lines} lines: ×${(last.ours / first.ours).toFixed(2)} (1.0 = linear; quadratic would be ×${(last.lines / first.lines).toFixed(0)})`);
  // Superlinear: the cost per line grows between the two largest sizes a rule was measured at.
  for (const id of ours) {
    const known = rows.filter(r => r.isolated[id] != null);
    const skipped = rows.some(r => r.isolated[id] == null);
    const [a, b] = known.slice(-2);
    const g = a && b ? b.isolated[id] / Math.max(a.isolated[id], 1e-3) : 1;
    if (skipped || g > 2) {
      const where = a && b ? ` from ${a.lines} to ${b.lines} lines` : '';
      console.log(`  superlinear: ${id} ms per 1k lines ×${g.toFixed(2)}${where}${skipped ? `; skipped at larger sizes (predicted > ${ISOLATED_CAP_MS / 1000} s)` : ''}`);
    }
  }
  return rows;
}

/** Calls of the shared `db.ts` helpers: one released through the other file's helper, one leaking. */
function crossFileCalls(i) {
  return `
import { getConnection as getConnection${i}, releaseConnection as releaseConnection${i}, database as database${i} } from './db';
export async function crossFileReleased${i}() {
  const conn = await getConnection${i}();
  try {
    await conn.query('SELECT 1');
  } finally {
    releaseConnection${i}(conn);
  }
}
export async function crossFileLeaking${i}() {
  const conn = await database${i}.acquire();
  await conn.query('SELECT 1');
  database${i}.release(conn);
}
`;
}

/**
 * 3. The type-checked preset: one generated TypeScript project (a tsconfig, the drivers' declarations
 * and 40 files of pool code, each calling the helpers of one shared `db.ts`) linted with `recommended` and with `recommended-type-checked`
 * (projectService). Type information is built while parsing, so parse time is where it shows.
 */
async function benchTyped() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connection-leaks-typed-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', skipLibCheck: true, noEmit: true }, include: ['*.ts'] }),
    );
    fs.copyFileSync(path.join(ROOT, 'tests', 'fixtures', 'typed', 'drivers.d.ts'), path.join(dir, 'drivers.d.ts'));
    // The application's own database module: every file also calls its helpers (cross-file summaries).
    fs.copyFileSync(path.join(ROOT, 'tests', 'fixtures', 'typed', 'db.ts'), path.join(dir, 'db.ts'));
    const files = [];
    for (let i = 0; i < 40; i++) {
      const file = path.join(dir, `file${i}.ts`);
      fs.writeFileSync(file, generateFile(250) + crossFileCalls(i));
      files.push(file);
    }
    const rows = [];
    for (const [label, preset, parserOptions] of [
      ['recommended', plugin.configs.recommended, {}],
      ['recommended-type-checked', plugin.configs['recommended-type-checked'], { projectService: true, tsconfigRootDir: dir }],
    ]) {
      const eslint = new ESLint({
        cwd: dir,
        overrideConfigFile: true,
        stats: true,
        overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tsParser, parserOptions } }, preset],
      });
      const started = performance.now();
      const results = await eslint.lintFiles(files);
      const wall = performance.now() - started;
      let parse = 0;
      let rules = 0;
      for (const result of results) {
        for (const pass of result.stats?.times?.passes ?? []) {
          parse += pass.parse.total;
          for (const [id, time] of Object.entries(pass.rules ?? {})) if (id.startsWith(`${NS}/`)) rules += time.total;
        }
      }
      const reports = results.reduce((n, r) => n + r.messages.filter(m => m.ruleId?.startsWith(`${NS}/`)).length, 0);
      const fatal = results.reduce((n, r) => n + r.messages.filter(m => m.fatal).length, 0);
      rows.push({ label, wall, parse, rules, reports, fatal });
    }
    const lines = files.reduce((n, f) => n + fs.readFileSync(f, 'utf8').split('\n').length, 0);
    console.log(`\ntyped preset: ${files.length} generated TypeScript files, ${lines} lines, one ESLint run each`);
    console.log('preset                         wall ms   parse ms   our rules ms   reports   fatal');
    for (const r of rows) {
      console.log(`${r.label.padEnd(28)} ${r.wall.toFixed(0).padStart(9)} ${r.parse.toFixed(0).padStart(10)} ${r.rules.toFixed(0).padStart(14)} ${String(r.reports).padStart(9)} ${String(r.fatal).padStart(7)}`);
    }
    return rows;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  console.log(`node ${process.version}, eslint ${ESLint.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; rules: ${Object.keys(plugin.rules).length} of ours + ${BASELINE}`);
  const out = { node: process.version, eslint: ESLint.version, parser: o.parser };
  if (o.corpus) out.corpus = await benchCorpus(o);
  if (o.scaling) out.scaling = benchScaling(o);
  if (o.typed) out.typed = await benchTyped();
  if (o.json) fs.writeFileSync(o.json, `${JSON.stringify(out, null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
