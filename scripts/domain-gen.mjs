// Domain-aware program generator for the stress run and the fix-validity test. eslump never writes
// `pool.connect()`, so this builds programs around checkouts and releases of several drivers
// (pg, pg-pool, mysql, mysql2, mariadb, generic-pool, tarn, TypeORM, knex, Sequelize, pg-promise,
// postgres.js, oracledb, stand-alone clients, unknown pools, pools from settings) in many shapes:
// try/finally, success-only and catch-only releases, early returns and throws, callbacks, .then
// chains, loops, `await using`, destructuring, aliases, escapes, nested checkouts, pools built per
// request… and then mutates them (delete, duplicate, swap, wrap in if/loop/try, insert
// return/throw/await) so the analysis sees half-correct code too.
//
// Deterministic: generateProgram(seed) always returns the same text for the same seed.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** mulberry32: small seeded PRNG. */
export function createRandom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: n => Math.floor(next() * n),
    chance: p => next() < p,
    pick: arr => arr[Math.floor(next() * arr.length)],
  };
  return r;
}

// ---------------------------------------------------------------------------------------------
// Drivers. Each: imports (esm/cjs), a module-level pool, how to check out, release and query.
// `P` is the pool expression, `H` the handle name.

const DRIVERS = [
  {
    id: 'pg',
    esm: ["import pg from 'pg';"],
    cjs: ["const pg = require('pg');"],
    pool: 'new pg.Pool({ connectionTimeoutMillis: 5000 })',
    type: 'pg.PoolClient',
    acquire: P => `${P}.connect()`,
    release: (P, H) => `${H}.release()`,
    query: (H, sql = 'SELECT 1') => `${H}.query('${sql}')`,
    rows: H => `const { rows } = await ${H}.query('SELECT * FROM t WHERE id = $1', [id]);`,
    callback: { open: (P, H) => `${P}.connect((err, ${H}, done) => {`, release: (P, H) => `done()`, alt: (P, H) => `${H}.release()` },
    standalone: { create: 'new pg.Client()', open: H => `await ${H}.connect();`, close: H => `await ${H}.end();` },
    begin: H => `await ${H}.query('BEGIN');`,
    rollback: H => `await ${H}.query('ROLLBACK');`,
    commit: H => `await ${H}.query('COMMIT');`,
  },
  {
    id: 'pg-named',
    esm: ["import { Pool, Client } from 'pg';"],
    cjs: ["const { Pool, Client } = require('pg');"],
    pool: 'new Pool()',
    type: 'import("pg").PoolClient',
    acquire: P => `${P}.connect()`,
    release: (P, H) => `${H}.release()`,
    query: (H, sql = 'SELECT 1') => `${H}.query('${sql}')`,
    rows: H => `const out = await ${H}.query({ text: 'SELECT $1::int', values: [id] });`,
    callback: { open: (P, H) => `${P}.connect(function (err, ${H}, release) {`, release: () => 'release()', alt: (P, H) => `${H}.release(err)` },
    standalone: { create: 'new Client({ connectionString: url })', open: H => `await ${H}.connect();`, close: H => `await ${H}.end();` },
    begin: H => `await ${H}.query('BEGIN');`,
    rollback: H => `await ${H}.query('ROLLBACK');`,
    commit: H => `await ${H}.query('COMMIT');`,
  },
  {
    id: 'pg-pool',
    esm: ["import Pool from 'pg-pool';"],
    cjs: ["const Pool = require('pg-pool');"],
    pool: 'new Pool({ max: 4 })',
    acquire: P => `${P}.connect()`,
    release: (P, H) => `${H}.release()`,
    query: (H, sql = 'SELECT 1') => `${H}.query('${sql}')`,
    rows: H => `const { rows: [row] } = await ${H}.query('SELECT 1');`,
    callback: { open: (P, H) => `${P}.connect((error, ${H}, done) => {`, release: () => 'done()', alt: () => 'done(new Error("bad"))' },
  },
  {
    id: 'mysql2',
    esm: ["import mysql from 'mysql2/promise';"],
    cjs: ["const mysql = require('mysql2/promise');"],
    pool: 'mysql.createPool({ uri: process.env.DATABASE_URL })',
    type: 'mysql.PoolConnection',
    disposable: true,
    acquire: P => `${P}.getConnection()`,
    release: (P, H) => `${H}.release()`,
    query: (H, sql = 'SELECT 1') => `${H}.execute('${sql}')`,
    rows: H => `const [rows] = await ${H}.execute('SELECT * FROM t WHERE id = ?', [id]);`,
    standalone: { create: "await mysql.createConnection({ host: 'db' })", open: null, close: H => `await ${H}.end();` },
    begin: H => `await ${H}.beginTransaction();`,
    rollback: H => `await ${H}.rollback();`,
    commit: H => `await ${H}.commit();`,
  },
  {
    id: 'mysql2-cb',
    esm: ["import mysql from 'mysql2';"],
    cjs: ["const mysql = require('mysql2');"],
    pool: 'mysql.createPool({ connectionLimit: 10 })',
    acquire: P => `${P}.promise().getConnection()`,
    release: (P, H) => `${H}.release()`,
    query: (H, sql = 'SELECT 1') => `${H}.query('${sql}')`,
    rows: H => `const [[first]] = await ${H}.query('SELECT 1');`,
    callback: { open: (P, H) => `${P}.getConnection((err, ${H}) => {`, release: (P, H) => `${H}.release()`, alt: (P, H) => `${H}.destroy()` },
  },
  {
    id: 'mysql',
    esm: ["import mysql from 'mysql';"],
    cjs: ["const mysql = require('mysql');", "const util = require('util');"],
    pool: 'mysql.createPool({ host: "localhost" })',
    callbackOnly: true,
    acquire: P => `util.promisify(${P}.getConnection.bind(${P}))()`,
    release: (P, H) => `${H}.release()`,
    query: (H, sql = 'SELECT 1') => `new Promise((resolve, reject) => ${H}.query('${sql}', (e, r) => (e ? reject(e) : resolve(r))))`,
    rows: H => `const rows = await query(${H}, 'SELECT 1');`,
    callback: { open: (P, H) => `${P}.getConnection(function (err, ${H}) {`, release: (P, H) => `${H}.release()`, alt: (P, H) => `${H}.destroy()` },
    standalone: { create: 'mysql.createConnection({})', open: H => `${H}.connect();`, close: H => `${H}.end();` },
  },
  {
    id: 'mariadb',
    esm: ["import * as mariadb from 'mariadb';"],
    cjs: ["const mariadb = require('mariadb');"],
    pool: 'mariadb.createPool({ host: "db", connectionLimit: 5 })',
    disposable: true,
    acquire: P => `${P}.getConnection()`,
    release: (P, H, r) => (r && r.chance(0.3) ? `${H}.end()` : `${H}.release()`),
    asyncRelease: true,
    query: (H, sql = 'SELECT 1') => `${H}.query('${sql}')`,
    rows: H => `const rows = await ${H}.query('SELECT ?', [id]);`,
    begin: H => `await ${H}.beginTransaction();`,
    rollback: H => `await ${H}.rollback();`,
    commit: H => `await ${H}.commit();`,
  },
  {
    id: 'generic-pool',
    esm: ["import { createPool } from 'generic-pool';"],
    cjs: ["const genericPool = require('generic-pool');"],
    cjsPool: 'genericPool.createPool(factory, { max: 10 })',
    pool: 'createPool(factory, { max: 10 })',
    prelude: ['const factory = { create: async () => ({ id: 1 }), destroy: async () => {} };'],
    acquire: P => `${P}.acquire()`,
    release: (P, H, r) => (r && r.chance(0.2) ? `${P}.destroy(${H})` : `${P}.release(${H})`),
    asyncRelease: true,
    query: H => `work(${H})`,
    rows: H => `const rows = await work(${H}, id);`,
  },
  {
    id: 'tarn',
    esm: ["import { Pool } from 'tarn';"],
    cjs: ["const { Pool } = require('tarn');"],
    pool: 'new Pool({ create: () => ({}), destroy: () => {}, min: 0, max: 4 })',
    acquire: P => `${P}.acquire().promise`,
    release: (P, H) => `${P}.release(${H})`,
    query: H => `work(${H})`,
    rows: H => `const rows = await work(${H});`,
  },
  {
    id: 'typeorm',
    esm: ["import { DataSource } from 'typeorm';"],
    cjs: ["const { DataSource } = require('typeorm');"],
    pool: "new DataSource({ type: 'postgres' })",
    type: 'import("typeorm").QueryRunner',
    disposable: true,
    acquire: P => `${P}.createQueryRunner()`,
    sync: true,
    release: (P, H) => `${H}.release()`,
    asyncRelease: true,
    query: (H, sql = 'SELECT 1') => `${H}.query('${sql}')`,
    rows: H => `const rows = await ${H}.manager.find('User', { where: { id } });`,
    afterAcquire: H => [`await ${H}.connect();`],
    begin: H => `await ${H}.startTransaction();`,
    rollback: H => `await ${H}.rollbackTransaction();`,
    commit: H => `await ${H}.commitTransaction();`,
  },
  {
    id: 'knex',
    esm: ["import knex from 'knex';"],
    cjs: ["const knex = require('knex');"],
    pool: "knex({ client: 'pg' })",
    acquire: P => `${P}.client.acquireConnection()`,
    release: (P, H) => `${P}.client.releaseConnection(${H})`,
    asyncRelease: true,
    query: H => `${H}.query('SELECT 1')`,
    rows: H => `const rows = await ${H}.query('SELECT 1');`,
  },
  {
    id: 'sequelize',
    esm: ["import { Sequelize } from 'sequelize';"],
    cjs: ["const { Sequelize } = require('sequelize');"],
    pool: "new Sequelize('postgres://localhost/db')",
    acquire: P => `${P}.connectionManager.getConnection({ type: 'read' })`,
    release: (P, H) => `${P}.connectionManager.releaseConnection(${H})`,
    asyncRelease: true,
    query: H => `${H}.query('SELECT 1')`,
    rows: H => `const rows = await ${H}.query('SELECT 1');`,
  },
  {
    id: 'pg-promise',
    esm: ["import pgPromise from 'pg-promise';", 'const pgp = pgPromise();'],
    cjs: ["const pgp = require('pg-promise')();"],
    pool: 'pgp(process.env.DATABASE_URL)',
    acquire: P => `${P}.connect()`,
    release: (P, H) => `${H}.done()`,
    query: (H, sql = 'SELECT 1') => `${H}.any('${sql}')`,
    rows: H => `const rows = await ${H}.any('SELECT $1', [id]);`,
  },
  {
    id: 'postgres',
    esm: ["import postgres from 'postgres';"],
    cjs: ["const postgres = require('postgres');"],
    pool: 'postgres(process.env.DATABASE_URL)',
    acquire: P => `${P}.reserve()`,
    release: (P, H) => `${H}.release()`,
    query: H => `${H}\`SELECT 1\``,
    rows: H => `const rows = await ${H}\`SELECT * FROM t WHERE id = \${id}\`;`,
  },
  {
    id: 'oracledb',
    esm: ["import oracledb from 'oracledb';"],
    cjs: ["const oracledb = require('oracledb');"],
    pool: 'oracledb.getPool()',
    disposable: true,
    acquire: P => `${P}.getConnection()`,
    release: (P, H) => `${H}.close()`,
    asyncRelease: true,
    query: (H, sql = 'SELECT 1 FROM dual') => `${H}.execute('${sql}')`,
    rows: H => `const { rows } = await ${H}.execute('SELECT :id FROM dual', [id]);`,
    standalone: { create: "await oracledb.getConnection({ user: 'u' })", open: null, close: H => `await ${H}.close();` },
  },
  {
    id: 'unknown',
    esm: ["import { pool } from './db';"],
    cjs: ["const { pool } = require('./db');"],
    poolName: 'pool',
    acquire: P => `${P}.connect()`,
    release: (P, H) => `${H}.release()`,
    query: (H, sql = 'SELECT 1') => `${H}.query('${sql}')`,
    rows: H => `const { rows } = await ${H}.query('SELECT 1');`,
    callback: { open: (P, H) => `${P}.connect((err, ${H}, done) => {`, release: () => 'done()', alt: (P, H) => `${H}.release()` },
  },
  {
    id: 'settings',
    esm: ["import { makePool } from 'legacy-db';"],
    cjs: ["const { makePool } = require('legacy-db');"],
    pool: 'makePool()',
    settings: { 'connection-leaks': { pools: [{ module: 'legacy-db', factories: ['makePool'], acquire: ['getconn'], release: [{ pool: 'putconn' }] }] } },
    acquire: P => `${P}.getconn()`,
    release: (P, H) => `${P}.putconn(${H})`,
    query: H => `${H}.run('SELECT 1')`,
    rows: H => `const rows = await ${H}.run('SELECT 1');`,
  },
];

export const DRIVER_IDS = DRIVERS.map(d => d.id);

/** Names a driver's import lines bind (two drivers binding the same name do not go together). */
function bindings(d, cjs) {
  const names = [];
  for (const line of cjs ? d.cjs : d.esm) {
    const m = /^(?:import|const)\s+(?:\*\s+as\s+)?(\{[^}]*\}|[\w$]+)/.exec(line);
    if (!m) continue;
    if (m[1].startsWith('{')) names.push(...m[1].slice(1, -1).split(',').map(x => x.trim().split(/\s+as\s+|:\s*/).pop()).filter(Boolean));
    else names.push(m[1]);
  }
  if (d.poolName) names.push(d.poolName);
  return names;
}

const HANDLE_NAMES = ['client', 'conn', 'connection', 'c', 'db', 'qr', 'queryRunner', 'resource', 'session', 'reserved', 'h', '$conn', '_client'];
const FUNCTION_NAMES = ['getUser', 'saveOrder', 'transfer', 'report', 'sync', 'handle', 'run', 'load', 'migrate', 'cleanup', 'worker', 'batch'];
const CONDITIONS = ['!id', 'rows.length === 0', 'flag', 'id > 10', 'options?.dryRun', 'Math.random() > 0.5', 'res.headersSent'];

// ---------------------------------------------------------------------------------------------
// Statement trees: a statement is a string (one or more lines) or a compound
// { segments: [[header, body[]], …], end } rendered as header / indented body … end.

const compound = (segments, end = '}') => ({ segments, end });
const block = (header, body) => compound([[header, body]]);

function render(stmts, indent = '') {
  const out = [];
  for (const s of stmts) {
    if (typeof s === 'string') {
      for (const line of s.split('\n')) out.push(indent + line);
    } else {
      s.segments.forEach(([header, body]) => {
        out.push(indent + header);
        out.push(...render(body, `${indent}  `));
      });
      if (s.end) out.push(indent + s.end);
    }
  }
  return out;
}

/** Every statement list inside `stmts` (itself included). */
function bodies(stmts, acc = []) {
  acc.push(stmts);
  for (const s of stmts) if (typeof s !== 'string' && !s.frozen) for (const [, body] of s.segments) bodies(body, acc);
  return acc;
}

// ---------------------------------------------------------------------------------------------
// Scenarios: the body of one function, given the driver `d`, the pool expression `P`, the
// handle name `H` and the random source `r`. `ctx.async` says whether the function is async.

function q(d, H, r, ctx) {
  const sql = r.pick(['SELECT 1', 'UPDATE t SET n = n + 1', 'DELETE FROM t', 'INSERT INTO t VALUES (1)']);
  // One `rows` declaration per function at most (a second one would not parse).
  if (ctx && !ctx.rowsDeclared && r.chance(0.3)) {
    ctx.rowsDeclared = true;
    return d.rows(H);
  }
  return `await ${d.query(H, sql)};`;
}
function rel(d, P, H, r, ctx) {
  const call = d.release(P, H, r);
  return `${d.asyncRelease && ctx.async && r.chance(0.7) ? 'await ' : ''}${call};`;
}
function acq(d, P, r, ctx) {
  const expr = d.acquire(P);
  if (d.sync && r.chance(0.7)) return expr;
  const paren = r.chance(0.1);
  return paren ? `(await ${expr})` : `await ${expr}`;
}
function decl(H, ctx, d, r) {
  const kw = r.chance(0.8) ? 'const' : 'let';
  const type = ctx.ts && d.type && r.chance(0.4) ? `: ${d.type}` : '';
  return `${kw} ${H}${type}`;
}
function work(d, H, r, ctx, n = 1 + r.int(3)) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(r.chance(0.15) ? `log('step ${i}');` : q(d, H, r, ctx));
  return out;
}

const SCENARIOS = {
  tryFinally(d, P, H, r, ctx) {
    return [`${decl(H, ctx, d, r)} = ${acq(d, P, r, ctx)};`, ...(d.afterAcquire && r.chance(0.5) ? d.afterAcquire(H) : []), compound([['try {', work(d, H, r, ctx)], ['} finally {', [rel(d, P, H, r, ctx)]]])];
  },
  successOnly(d, P, H, r, ctx) {
    return [`${decl(H, ctx, d, r)} = ${acq(d, P, r, ctx)};`, ...work(d, H, r, ctx), rel(d, P, H, r, ctx), ...(r.chance(0.3) ? ['return rows;'] : [])];
  },
  catchOnly(d, P, H, r, ctx) {
    return [
      `${decl(H, ctx, d, r)} = ${acq(d, P, r, ctx)};`,
      compound([['try {', work(d, H, r, ctx)], ['} catch (error) {', [rel(d, P, H, r, ctx), 'throw error;']]]),
    ];
  },
  earlyReturn(d, P, H, r, ctx) {
    return [
      `${decl(H, ctx, d, r)} = ${acq(d, P, r, ctx)};`,
      ctx.rowsDeclared ? `const rows = [await ${d.query(H)}];` : ((ctx.rowsDeclared = true), d.rows(H)),
      r.chance(0.5) ? `if (${r.pick(CONDITIONS)}) return null;` : block(`if (${r.pick(CONDITIONS)}) {`, [r.chance(0.5) ? "throw new Error('not found');" : 'return undefined;']),
      rel(d, P, H, r, ctx),
      'return rows;',
    ];
  },
  letTry(d, P, H, r, ctx) {
    const release = r.pick([`${rel(d, P, H, r, ctx)}`, `if (${H}) ${rel(d, P, H, r, ctx)}`, `${H}?.${(d.release(P, H) .match(/\.(\w+)\(\)$/) ?? [])[1] ?? 'release'}();`]);
    return [`let ${H}${ctx.ts && d.type ? `: ${d.type} | undefined` : ''};`, compound([['try {', [`${H} = ${acq(d, P, r, ctx)};`, ...work(d, H, r, ctx)]], ['} finally {', [release]]])];
  },
  beginAboveTry(d, P, H, r, ctx) {
    if (!d.begin) return SCENARIOS.tryFinally(d, P, H, r, ctx);
    return [
      `${decl(H, ctx, d, r)} = ${acq(d, P, r, ctx)};`,
      d.begin(H),
      compound([
        ['try {', [...work(d, H, r, ctx), d.commit(H)]],
        ['} catch (err) {', [d.rollback(H), 'throw err;']],
        ['} finally {', [rel(d, P, H, r, ctx)]],
      ]),
    ];
  },
  transaction(d, P, H, r, ctx) {
    if (!d.begin) return SCENARIOS.catchOnly(d, P, H, r, ctx);
    return [
      `${decl(H, ctx, d, r)} = ${acq(d, P, r, ctx)};`,
      compound([
        ['try {', [d.begin(H), ...work(d, H, r, ctx), d.commit(H)]],
        [r.chance(0.2) ? '} catch {' : '} catch (e) {', [d.rollback(H), ...(r.chance(0.7) ? [r.chance(0.5) ? 'throw e;' : 'return false;'] : [])]],
        ['} finally {', [rel(d, P, H, r, ctx)]],
      ]),
    ];
  },
  discarded(d, P, H, r, ctx) {
    return [r.pick([ctx.async ? `${acq(d, P, r, ctx)};` : `${d.acquire(P)};`, `void ${d.acquire(P)};`, `${d.acquire(P)}.then(() => {});`])];
  },
  missingParens(d, P, H, r, ctx) {
    const call = d.release(P, H);
    const bare = call.endsWith(`${H})`) ? call : call.replace(/\(\)$/, '');
    return [`${decl(H, ctx, d, r)} = ${acq(d, P, r, ctx)};`, compound([['try {', work(d, H, r, ctx)], ['} finally {', [`${bare};`]]])];
  },
  loop(d, P, H, r, ctx) {
    const head = r.pick(['for (const item of items) {', 'for (let i = 0; i < 3; i++) {', 'while (more()) {', 'do {']);
    const inner = [`${decl(H, ctx, d, r)} = ${acq(d, P, r, ctx)};`, ...work(d, H, r, ctx), ...(r.chance(0.5) ? [rel(d, P, H, r, ctx)] : [compound([['try {', [q(d, H, r, ctx)]], ['} finally {', [rel(d, P, H, r, ctx)]]])])];
    if (r.chance(0.2)) inner.splice(1, 0, 'if (skip) continue;');
    if (r.chance(0.1)) inner.splice(1, 0, 'if (done) break;');
    return [compound([[head, inner]], head === 'do {' ? '} while (more());' : '}')];
  },
  reacquireInLoop(d, P, H, r, ctx) {
    return [`let ${H};`, block('for (const item of items) {', [`${H} = ${acq(d, P, r, ctx)};`, q(d, H, r, ctx)]), `if (${H}) ${rel(d, P, H, r, ctx)}`];
  },
  conditionalFinally(d, P, H, r, ctx) {
    return [`${decl(H, ctx, d, r)} = ${acq(d, P, r, ctx)};`, compound([['try {', work(d, H, r, ctx)], ['} finally {', [block(`if (${r.pick(CONDITIONS)}) {`, [rel(d, P, H, r, ctx)])]]])];
  },
  awaitUsing(d, P, H, r, ctx) {
    return [`await using ${H} = ${acq(d, P, r, ctx)};`, ...work(d, H, r, ctx)];
  },
  thenChain(d, P, H, r, ctx) {
    const release = d.release(P, H);
    const variants = [
      `return ${d.acquire(P)}.then((${H}) => ${d.query(H)}.then((res) => { ${release}; return res; }));`,
      `return ${d.acquire(P)}.then((${H}) => ${d.query(H)}.finally(() => ${release}));`,
      `return ${d.acquire(P)}.then(async (${H}) => { try { return await ${d.query(H)}; } finally { ${release}; } });`,
      `return ${d.acquire(P)}.then((${H}) => ${d.query(H)}.then((res) => { ${release}; return res; }, (err) => { ${release}; throw err; }));`,
      `${d.acquire(P)}.then((${H}) => { ${d.query(H)}.catch(() => ${release}); });`,
      `return ${d.acquire(P)}.then(function (${H}) { return ${d.query(H)}; });`,
    ];
    return [r.pick(variants)];
  },
  callback(d, P, H, r, ctx) {
    if (!d.callback) {
      ctx.async = true;
      return SCENARIOS.successOnly(d, P, H, r, ctx);
    }
    const cb = d.callback;
    const release = r.chance(0.8) ? cb.release(P, H) : cb.alt(P, H);
    const shapes = [
      [compound([[`${H}.query('SELECT 1', (qerr, result) => {`, [`${release};`, 'callback(qerr, result);']]], '});'), ''],
      [compound([[`${H}.query('SELECT 1', (qerr, result) => {`, ['if (qerr) return callback(qerr);', `${release};`, 'callback(null, result);']]], '});'), ''],
      [`${H}.query('SELECT 1', ${release.replace(/\(\)$/, '')});`, ''],
      [`${release};`, ''],
      [compound([['setImmediate(() => {', [`${release};`]]], '});'), ''],
      ['callback(null);', ''],
    ];
    const [inner] = r.pick(shapes);
    const errorBranch = r.chance(0.8) ? [r.pick(['if (err) return callback(err);', 'if (err) { callback(err); return; }', "if (err) throw err;"])] : [];
    return [compound([[cb.open(P, H), [...errorBranch, inner]]], '});')];
  },
  escapes(d, P, H, r, ctx) {
    const tail = r.pick([`return ${H};`, `this.${H} = ${H};`, `handles.push(${H});`, `keep(${H});`, `cache.set(id, ${H});`, `return { ${H}, done: () => ${d.release(P, H)} };`, `resolve(${H});`]);
    return [`${decl(H, ctx, d, r)} = ${acq(d, P, r, ctx)};`, ...(r.chance(0.5) ? [q(d, H, r, ctx)] : []), tail];
  },
  alias(d, P, H, r, ctx) {
    const A = `${H}2`;
    return [`${decl(H, ctx, d, r)} = ${acq(d, P, r, ctx)};`, `const ${A} = ${H};`, compound([['try {', work(d, A, r, ctx)], ['} finally {', [rel(d, P, r.chance(0.5) ? A : H, r, ctx)]]])];
  },
  destructured(d, P, H, r, ctx) {
    return [
      `const [${H}, other] = await Promise.all([${d.acquire(P)}, ${d.acquire(P)}]);`,
      compound([['try {', [q(d, H, r, ctx), q(d, 'other', r, ctx)]], ['} finally {', [rel(d, P, H, r, ctx), rel(d, P, 'other', r, ctx)]]]),
    ];
  },
  reassigned(d, P, H, r, ctx) {
    return [`let ${H} = ${acq(d, P, r, ctx)};`, q(d, H, r, ctx), `${H} = ${acq(d, P, r, ctx)};`, compound([['try {', [q(d, H, r, ctx)]], ['} finally {', [rel(d, P, H, r, ctx)]]])];
  },
  nested(d, P, H, r, ctx) {
    const H2 = `${H}Inner`;
    return [
      `${decl(H, ctx, d, r)} = ${acq(d, P, r, ctx)};`,
      compound([
        ['try {', [q(d, H, r, ctx), `const ${H2} = ${acq(d, P, r, ctx)};`, compound([['try {', [q(d, H2, r, ctx)]], ['} finally {', [rel(d, P, H2, r, ctx)]]])]],
        ['} finally {', [rel(d, P, H, r, ctx)]],
      ]),
    ];
  },
  doubleRelease(d, P, H, r, ctx) {
    return [`${decl(H, ctx, d, r)} = ${acq(d, P, r, ctx)};`, compound([['try {', [q(d, H, r, ctx), rel(d, P, H, r, ctx)]], ['} finally {', [rel(d, P, H, r, ctx)]]])];
  },
  slowAwait(d, P, H, r, ctx) {
    const slow = r.pick(["await fetch('https://api.example.com/charge');", 'await sleep(1000);', "await fs.promises.readFile('x');", 'await queue.add({ id });', 'await axios.post(url, body);']);
    return [`${decl(H, ctx, d, r)} = ${acq(d, P, r, ctx)};`, compound([['try {', [q(d, H, r, ctx), slow, q(d, H, r, ctx)]], ['} finally {', [rel(d, P, H, r, ctx)]]])];
  },
  poolTransaction(d, P) {
    return [`await ${P}.query('BEGIN');`, `await ${P}.query('UPDATE t SET n = 1');`, `await ${P}.query('COMMIT');`];
  },
  standalone(d, P, H, r, ctx) {
    const s = d.standalone;
    if (!s) return SCENARIOS.tryFinally(d, P, H, r, ctx);
    const body = [`const ${H} = ${s.create};`];
    if (s.open) body.push(s.open(H));
    if (r.chance(0.5)) body.push(compound([['try {', work(d, H, r, ctx)], ['} finally {', [s.close(H)]]]));
    else body.push(...work(d, H, r, ctx), s.close(H));
    return body;
  },
  poolPerCall(d, P, H, r, ctx) {
    const made = d.pool ?? 'new Pool()';
    return [`const perCall = ${made};`, `const result = await perCall.query('SELECT 1');`, ...(r.chance(0.5) ? ['await perCall.end();'] : []), 'return result;'];
  },
  throwBetween(d, P, H, r, ctx) {
    return [`${decl(H, ctx, d, r)} = ${acq(d, P, r, ctx)};`, `if (${r.pick(CONDITIONS)}) throw new Error('bad input');`, compound([['try {', work(d, H, r, ctx)], ['} finally {', [rel(d, P, H, r, ctx)]]])];
  },
  switchRelease(d, P, H, r, ctx) {
    return [
      `${decl(H, ctx, d, r)} = ${acq(d, P, r, ctx)};`,
      Object.assign(compound([[`switch (kind) {`, ['case 1:', `  ${q(d, H, r, ctx)}`, `  ${rel(d, P, H, r, ctx)}`, '  break;', 'case 2:', '  return null;', 'default:', `  ${rel(d, P, H, r, ctx)}`]]]), { frozen: true }),
    ];
  },
  labeled(d, P, H, r, ctx) {
    return [
      `${decl(H, ctx, d, r)} = ${acq(d, P, r, ctx)};`,
      compound([['outer: try {', [block('for (const x of items) {', ['if (x) break outer;', q(d, H, r, ctx)])]], ['} finally {', [rel(d, P, H, r, ctx)]]]),
    ];
  },
  generator(d, P, H, r, ctx) {
    return [`${decl(H, ctx, d, r)} = ${acq(d, P, r, ctx)};`, compound([['try {', [`yield ${H};`, q(d, H, r, ctx)]], ['} finally {', [rel(d, P, H, r, ctx)]]])];
  },
};

const SCENARIO_NAMES = Object.keys(SCENARIOS);
const SYNC_OK = new Set(['thenChain', 'callback', 'discarded']);

// ---------------------------------------------------------------------------------------------
// Mutations on the statement tree.

const INSERTS = [
  'return;',
  'return null;',
  "throw new Error('boom');",
  'if (!id) return;',
  'await sleep(5);',
  'log(id);',
  'id++;',
];

function mutate(stmts, r, times, ctx) {
  const inserts = ctx.awaitOk ? INSERTS : INSERTS.filter(t => !t.startsWith('await'));
  for (let n = 0; n < times; n++) {
    const all = bodies(stmts).filter(b => b.length > 0);
    if (all.length === 0) return;
    const body = r.pick(all);
    const i = r.int(body.length);
    switch (r.int(8)) {
      case 0:
        body.splice(i, 1);
        break;
      case 1:
        // Duplicating a declaration would not parse (redeclaration): duplicate other statements only.
        if (typeof body[i] !== 'string' || !/^(const|let|await using) /.test(body[i])) body.splice(i, 0, body[i]);
        break;
      case 2:
        if (i + 1 < body.length) [body[i], body[i + 1]] = [body[i + 1], body[i]];
        break;
      case 3:
        body[i] = block(`if (${r.pick(CONDITIONS)}) {`, [body[i]]);
        break;
      case 4:
        body[i] = block('for (const item of items) {', [body[i]]);
        break;
      case 5:
        body[i] = compound([['try {', [body[i]]], ['} catch (e) {', ['log(e);']]]);
        break;
      case 6:
        body.splice(i, 0, r.pick(inserts));
        break;
      default:
        body[i] = block('{', [body[i]]);
        break;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Function shells.

function shell(kind, name, body, ctx, r) {
  const exp = () => (!ctx.cjs && r.chance(0.4) ? 'export ' : '');
  const params = ctx.ts ? r.pick(['id: number', 'id: number, flag?: boolean', 'id: any, items: any[] = []', '']) : r.pick(['id', 'id, flag', 'id, items = []', '']);
  const a = ctx.async ? 'async ' : '';
  switch (kind) {
    case 'declaration':
      return [block(`${exp()}${a}function${ctx.generator ? '*' : ''} ${name}(${params}) {`, body)];
    case 'arrow':
      return [compound([[`${exp()}const ${name} = ${a}(${params}) => {`, body]], '};')];
    case 'expression':
      return [compound([[`const ${name} = ${a}function${ctx.generator ? '*' : ''} (${params}) {`, body]], '};')];
    case 'method':
      return [
        compound(
          [
            [`${ctx.ts && r.chance(0.3) ? `${exp()}abstract ` : ''}class ${name[0].toUpperCase()}${name.slice(1)}Repo {`, [
              ctx.ts ? (r.chance(0.5) ? 'constructor(private readonly pool: any) {}' : 'constructor(public pool: any) {}') : 'constructor(pool) { this.pool = pool; }',
              block(`${ctx.ts && r.chance(0.3) ? 'public ' : ''}${ctx.async ? 'async ' : ''}${ctx.generator ? '*' : ''}${name}(${params}) {`, body),
            ]],
          ],
          '}',
        ),
      ];
    case 'route':
      return [compound([[`app.${r.pick(['get', 'post', 'use'])}('/${name}', ${a}(req, res${r.chance(0.3) ? ', next' : ''}) => {`, [...body, 'res.end();']]], '});')];
    case 'objectMethod':
      return [compound([[`${exp()}const ${name}Resolvers = {`, [block(`${a}${name}(parent, args) {`, body)]]], '};')];
    case 'iife':
      return [compound([[`void (${a}() => {`, body]], '})();')];
    case 'nested':
      return [block(`${a}function ${name}Outer(${params}) {`, [compound([[`const inner = ${a}() => {`, body]], '};'), 'return inner();'])];
    case 'nest': // NestJS-style decorated handler (TypeScript only)
      return [
        "@Controller('x')",
        compound([[`${exp()}class ${name[0].toUpperCase()}${name.slice(1)}Controller {`, ['constructor(private readonly pool: any) {}', `@${r.pick(['Get', 'Post'])}()`, block(`${a}${name}(@Param('id') id: string) {`, body)]]], '}'),
      ];
    case 'handler':
      return [compound([[`${ctx.cjs ? 'exports.handler' : 'export const handler'} = ${a}(event${ctx.ts ? ': unknown' : ''}) => {`, body]], '};')];
    default:
      throw new Error(kind);
  }
}

const SHELLS = ['declaration', 'declaration', 'arrow', 'expression', 'method', 'route', 'objectMethod', 'iife', 'nested', 'handler'];

/**
 * One random program. options: { typescript?: boolean (default: by seed), cjs?: boolean,
 * functions?: number }.
 * Returns { code, filename, sourceType, settings, seed, drivers, scenarios }.
 */
export function generateProgram(seed, options = {}) {
  const r = createRandom(seed * 7919 + 17);
  const ts = options.typescript ?? r.chance(0.5);
  const cjs = options.cjs ?? (!ts && r.chance(0.4));
  const driverCount = 1 + r.int(r.chance(0.3) ? 3 : 1);
  const drivers = [];
  const bound = new Set();
  for (let tries = 0; drivers.length < driverCount && tries < 50; tries++) {
    const d = r.pick(DRIVERS);
    const names = bindings(d, cjs);
    if (drivers.includes(d) || names.some(n => bound.has(n))) continue;
    names.forEach(n => bound.add(n));
    drivers.push(d);
  }
  const lines = [];
  let settings;
  const header = [];
  if (ts && r.chance(0.2)) header.push("import { Controller, Get, Post, Param } from '@nestjs/common';");
  header.push(cjs ? "const express = require('express');" : "import express from 'express';");
  const pools = [];
  drivers.forEach((d, k) => {
    header.push(...(cjs ? d.cjs : d.esm));
    if (d.settings) settings = d.settings;
    if (d.prelude) header.push(...d.prelude);
    const name = d.poolName ?? (k === 0 ? r.pick(bound.has('pool') ? ['db', 'dataSource', 'readPool'] : ['pool', 'db', 'dataSource', 'readPool']) : `pool${k}`);
    if (!d.poolName) header.push(`${r.chance(0.2) && !cjs ? 'export ' : ''}const ${name} = ${cjs && d.cjsPool ? d.cjsPool : d.pool};`);
    pools.push({ d, name });
  });
  header.push('const app = express();');
  if (ts) header.push('declare function log(...args: unknown[]): void;', 'declare const items: any[], kind: number, flag: boolean, rows: any[], handles: any[], cache: Map<unknown, unknown>;');
  lines.push(...header, '');

  const functions = options.functions ?? 1 + r.int(3);
  const scenarios = [];
  const program = [];
  let usedHandler = false;
  for (let f = 0; f < functions; f++) {
    const { d, name: poolName } = r.pick(pools);
    let scenario = r.pick(SCENARIO_NAMES);
    if (scenario === 'generator' && !r.chance(0.3)) scenario = 'tryFinally';
    let kind = ts && r.chance(0.08) ? 'nest' : r.pick(SHELLS);
    if (kind === 'handler' && usedHandler) kind = 'arrow';
    if (kind === 'handler') usedHandler = true;
    const generator = scenario === 'generator';
    if (generator && !['declaration', 'expression', 'method'].includes(kind)) kind = 'declaration';
    const isAsync = SYNC_OK.has(scenario) ? r.chance(0.5) : true;
    const ctx = { ts, cjs, async: isAsync, generator };
    const P = (kind === 'method' || kind === 'nest') && r.chance(0.6) ? 'this.pool' : poolName;
    const H = r.pick(HANDLE_NAMES);
    const body = SCENARIOS[scenario](d, P, H, r, ctx);
    if (r.chance(0.6)) mutate(body, r, 1 + r.int(3), { awaitOk: isAsync && scenario !== 'callback' && scenario !== 'thenChain' });
    if (kind === 'nest' && !ts) kind = 'declaration';
    program.push(...shell(kind, `${r.pick(FUNCTION_NAMES)}${f}`, body, ctx, r), '');
    scenarios.push(`${d.id}:${scenario}:${kind}`);
  }
  lines.push(...render(program));
  const ext = ts ? '.ts' : cjs ? '.cjs' : '.mjs';
  return {
    code: `${lines.join('\n')}\n`,
    filename: `gen/program-${seed}${ext}`,
    sourceType: cjs ? 'script' : 'module',
    settings,
    seed,
    drivers: drivers.map(d => d.id),
    scenarios,
  };
}

// ---------------------------------------------------------------------------------------------
// eslump (random ES2015-era JavaScript, no domain pattern): made reproducible by a seed.

/** eslump program number `seed`: Math.random is a seeded PRNG while it is generated. */
export function eslumpProgram(seed) {
  const { generateRandomJS } = require('eslump');
  const r = createRandom(seed * 2654435761);
  const sourceType = r.chance(0.5) ? 'module' : 'script';
  const typescript = r.chance(0.5);
  const saved = Math.random;
  Math.random = r.next;
  let code;
  try {
    code = generateRandomJS({ sourceType, comments: r.chance(0.5), whitespace: r.chance(0.5), maxDepth: 3 + r.int(5) });
  } finally {
    Math.random = saved;
  }
  return { code, sourceType, filename: `eslump/program-${seed}.${typescript ? 'ts' : 'js'}`, seed };
}

