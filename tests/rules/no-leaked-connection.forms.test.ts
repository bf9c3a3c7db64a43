/**
 * no-leaked-connection: the shapes of code around an acquire (promise, destructuring, let/try,
 * callbacks, `.then` chains, loops, `using`, ownership transfer) and the look-alikes that must stay silent.
 * Pools are tracked through their import (`db`), not through the `pool` name heuristic, unless a case says so.
 */
import rule from '../../src/rules/no-leaked-connection';
import { jsRuleTester, ruleTester } from '../rule-tester';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    // ----- released on every path -----
    {
      name: 'destructured release called in finally',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const { query, release } = await db.connect();
  try {
    await query('SELECT 1');
  } finally {
    release();
  }
}`,
    },
    {
      name: 'let declared before try, acquired inside, c?.release() in finally',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  let c;
  try {
    c = await db.connect();
    await c.query('SELECT 1');
  } finally {
    c?.release();
  }
}`,
    },
    {
      name: 'let declared before try, acquired inside, if (c) c.release() in finally',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  let c;
  try {
    c = await db.connect();
    await c.query('SELECT 1');
  } finally {
    if (c) c.release();
  }
}`,
    },
    {
      name: 'a literal declaration between the acquire and the try cannot throw',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  const text = 'SELECT 1';
  try {
    await client.query(text);
  } finally {
    client.release();
  }
}`,
    },
    {
      name: '.then chain released in .finally()',
      code: `import pg from 'pg';
const db = new pg.Pool();
export function f() {
  return db.connect().then(c => c.query('SELECT 1').finally(() => c.release()));
}`,
    },
    {
      name: '.then(ok, err) with both handlers releasing',
      code: `import pg from 'pg';
const db = new pg.Pool();
export function f() {
  return db.connect().then(c =>
    c.query('SELECT 1').then(
      r => { c.release(); return r; },
      e => { c.release(); throw e; },
    ),
  );
}`,
    },
    {
      name: '.then(ok).catch(err) with both handlers releasing',
      code: `import pg from 'pg';
const db = new pg.Pool();
export function f() {
  return db.connect().then(c =>
    c.query('SELECT 1')
      .then(r => { c.release(); return r; })
      .catch(e => { c.release(); throw e; }),
  );
}`,
    },
    {
      name: 'mysql2: await using a pooled connection',
      code: `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  await using conn = await db.getConnection();
  await conn.query('SELECT 1');
}`,
    },
    {
      name: 'acquire and release inside a loop body with finally',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f(items: string[]) {
  for (const item of items) {
    const c = await db.connect();
    try {
      await c.query(item);
    } finally {
      c.release();
    }
  }
}`,
    },
    // ----- ownership transfer -----
    {
      name: 'ownership: the handle is returned, released on the failing path',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SET search_path TO app');
  } catch (error) {
    client.release();
    throw error;
  }
  return client;
}`,
    },
    {
      name: 'ownership: the handle is returned right away',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  return client;
}`,
    },
    {
      name: 'ownership: the acquire promise itself is returned',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  return db.connect();
}`,
    },
    {
      name: 'ownership: passed to a call in a function that never releases',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  register(client);
}`,
    },
    {
      name: 'ownership: stored on this.x',
      code: `import pg from 'pg';
const db = new pg.Pool();
export class Repo {
  client: unknown;
  async open() {
    const client = await db.connect();
    this.client = client;
  }
}`,
    },
    {
      name: 'ownership: acquire assigned to this.x directly',
      code: `import pg from 'pg';
const db = new pg.Pool();
export class Repo {
  client: unknown;
  async open() {
    this.client = await db.connect();
  }
}`,
    },
    {
      name: 'ownership: assigned to an outer variable',
      code: `import pg from 'pg';
const db = new pg.Pool();
let shared;
export async function f() {
  const client = await db.connect();
  shared = client;
}`,
    },
    {
      name: 'ownership: acquire assigned to a module variable directly',
      code: `import pg from 'pg';
const db = new pg.Pool();
let shared;
export async function f() {
  shared = await db.connect();
}`,
    },
    {
      name: 'ownership: test hooks, beforeEach acquires into an outer variable, afterEach releases',
      code: `import pg from 'pg';
const db = new pg.Pool();
let client: pg.PoolClient;
beforeEach(async () => {
  client = await db.connect();
});
afterEach(() => client.release());`,
    },
    {
      name: 'ownership: pushed into an array',
      code: `import pg from 'pg';
const db = new pg.Pool();
const clients: unknown[] = [];
export async function f() {
  const client = await db.connect();
  clients.push(client);
}`,
    },
    {
      name: 'ownership: put in a returned object literal',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  return { client, done: () => client.release() };
}`,
    },
    {
      name: 'ownership: resolved from a promise executor',
      code: `import pg from 'pg';
const db = new pg.Pool();
export function f() {
  return new Promise(async (resolve) => {
    const client = await db.connect();
    resolve(client);
  });
}`,
    },
    {
      name: 'generic-pool: resource passed to a call in a function that never releases',
      code: `import genericPool from 'generic-pool';
const resources = genericPool.createPool({ create: async () => ({}), destroy: async () => {} });
export async function f() {
  const r = await resources.acquire();
  await hand(r);
}`,
    },
    // ----- module scope -----
    {
      name: 'module-scope acquires are not reported',
      code: `import pg from 'pg';
const db = new pg.Pool();
export const client = await db.connect();
await db.connect();`,
    },
    // ----- look-alikes -----
    {
      name: 'look-alike: net.connect(port)',
      code: `import net from 'node:net';
export async function f() {
  const socket = net.connect(5432);
  socket.write('ping');
}`,
    },
    {
      name: 'look-alike: socket.connect()',
      code: `export async function f(socket: { connect(): Promise<unknown> }) {
  const c = await socket.connect();
  await socket.connect();
  return c;
}`,
    },
    {
      name: 'look-alike: mongoose.connect(url)',
      code: `import mongoose from 'mongoose';
export async function f() {
  await mongoose.connect('mongodb://localhost/app');
  const conn = await mongoose.connect('mongodb://localhost/app');
  return conn;
}`,
    },
    {
      name: 'look-alike: react-redux connect(mapState)(Comp)',
      code: `import { connect } from 'react-redux';
export function f(mapState: never, Comp: never) {
  const Connected = connect(mapState)(Comp);
  return Connected;
}`,
    },
    {
      name: "look-alike: emitter.on('connect', …)",
      code: `export function f(emitter: any) {
  emitter.on('connect', (err: unknown, client: any) => {
    client.query('SELECT 1');
  });
}`,
    },
    {
      name: 'look-alike: a user class with its own async connect()',
      code: `class Thing {
  async connect() {
    return this;
  }
}
export async function f() {
  const t = new Thing();
  const c = await t.connect();
  await t.connect();
  return c;
}`,
    },
    {
      name: 'look-alike: mssql new sql.ConnectionPool(cfg).connect() and pool.connect()',
      code: `import sql from 'mssql';
export async function f(cfg: never) {
  const db = await new sql.ConnectionPool(cfg).connect();
  const r = await db.request().query('SELECT 1');
  const pool = new sql.ConnectionPool(cfg);
  await pool.connect();
  const again = await pool.connect();
  return [r, again];
}`,
    },
    {
      name: 'look-alike: slonik pool.connect(async (connection) => …) is scoped',
      code: `import { createPool } from 'slonik';
const pool = await createPool('postgres://');
export async function f() {
  return pool.connect(async (connection) => connection.query('SELECT 1'));
}`,
    },
    {
      name: 'look-alike: slonik namespace import, db.connect(routine)',
      code: `import * as slonik from 'slonik';
const db = await slonik.createPool('postgres://');
export async function f() {
  return db.connect(async (connection) => connection.query('SELECT 1'));
}`,
    },
    {
      name: 'pool.query(...) alone is managed',
      code: `import pg from 'pg';
const pool = new pg.Pool();
export async function f() {
  const { rows } = await pool.query('SELECT 1');
  return rows;
}`,
    },
    {
      name: 'name heuristic: a discarded connect() on an unknown pool is not reported',
      code: `export async function f(pool: any) {
  await pool.connect();
}`,
    },
    {
      // The driver is unknown, so whether the handle is disposable is unknown too.
      name: 'name heuristic: await using on an unknown pool is not reported as notDisposable',
      code: `export async function f(pool: any) {
  await using client = await pool.connect();
  await client.query('SELECT 1');
}`,
    },
    // ----- applied suggestions: the outputs of the invalid cases below, on which the rule is silent -----
    {
      name: 'applied suggestion: name heuristic: an unknown pool named pool, never released',
      code: `export async function f(pool: any) {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'applied suggestion: mysql2: released only in catch',
      code: `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    try {
      await conn.query('SELECT 1');
    } catch (e) {
      throw e;
    }
  } finally {
    conn.release();
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'promise form: never released',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  await client.query('SELECT 1');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4, column: 24, endLine: 4, endColumn: 36, data: { handle: 'client', releaseCall: '`client.release()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'name heuristic: an unknown pool named pool, never released',
      code: `export async function f(pool: any) {
  const client = await pool.connect();
  await client.query('SELECT 1');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 2, data: { handle: 'client', releaseCall: '`client.release()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `export async function f(pool: any) {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'destructured release never called',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const { query, release } = await db.connect();
  await query('SELECT 1');
}`,
      errors: [{ messageId: 'neverReleased', line: 4, data: { handle: 'db.connect()', releaseCall: '`release()`' } }],
    },
    {
      name: 'destructured release only on success',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const { query, release } = await db.connect();
  await query('SELECT 1');
  release();
}`,
      errors: [{ messageId: 'releasedOnlyOnSuccess', line: 4, data: { handle: 'db.connect()', call: '`query()`', line: '5' } }],
    },
    {
      name: 'discarded result of await db.connect()',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  await db.connect();
}`,
      errors: [{ messageId: 'discarded', line: 4, column: 9, data: { handle: 'db.connect()' } }],
    },
    {
      name: '.then(r => { c.release(); return r }) only',
      code: `import pg from 'pg';
const db = new pg.Pool();
export function f() {
  return db.connect().then(c => c.query('SELECT 1').then(r => { c.release(); return r; }));
}`,
      errors: [{ messageId: 'promiseChain', line: 4, data: { handle: 'c', line: '4' } }],
    },
    {
      name: '.then chain that never releases',
      code: `import pg from 'pg';
const db = new pg.Pool();
export function f() {
  return db.connect().then(c => c.query('SELECT 1'));
}`,
      errors: [{ messageId: 'neverReleased', line: 4, data: { handle: 'c', releaseCall: '`c.release()`' } }],
    },
    {
      name: 'loop: acquire in a loop body without release',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f(items: string[]) {
  for (const item of items) {
    const c = await db.connect();
    await c.query(item);
  }
}`,
      errors: [{ messageId: 'neverReleased', line: 5, data: { handle: 'c', releaseCall: '`c.release()`' } }],
    },
    {
      name: 'loop: re-acquired on the next iteration before the release after the loop',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f(items: string[]) {
  let c;
  for (const item of items) {
    c = await db.connect();
    await c.query(item);
  }
  c.release();
}`,
      errors: [{ messageId: 'loop', line: 6, data: { handle: 'c' } }],
    },
    {
      name: 'release written without () in finally',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release;
  }
}`,
      errors: [
        {
          messageId: 'releaseNotCalled',
          line: 4,
          data: { handle: 'client', line: '8' },
          suggestions: [
            {
              messageId: 'callRelease',
              output: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'release behind an unrelated condition in finally',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f(keep: boolean) {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    if (!keep) client.release();
  }
}`,
      errors: [{ messageId: 'conditionalRelease', line: 4, data: { handle: 'client', line: '8' } }],
    },
    {
      name: 'two handles, only the first released in finally: the second is reported',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const a = await db.connect();
  try {
    const b = await db.connect();
    await a.query('SELECT 1');
    await b.query('SELECT 2');
  } finally {
    a.release();
  }
}`,
      errors: [{ messageId: 'neverReleased', line: 6, data: { handle: 'b', releaseCall: '`b.release()`' } }],
    },
    {
      name: 'pg: await using is not a release (no Symbol.asyncDispose)',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  await using client = await db.connect();
  await client.query('SELECT 1');
}`,
      errors: [{ messageId: 'notDisposable', line: 4, data: { handle: 'client', driver: 'pg' } }],
    },
    {
      name: 'mysql2: released only in catch',
      code: `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    await conn.query('SELECT 1');
  } catch (e) {
    conn.release();
    throw e;
  }
}`,
      errors: [
        {
          messageId: 'releasedOnlyInCatch',
          line: 4,
          data: { handle: 'conn', releaseCall: '`conn.release()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    try {
      await conn.query('SELECT 1');
    } catch (e) {
      throw e;
    }
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

jsRuleTester.run('no-leaked-connection (CommonJS)', rule, {
  valid: [
    {
      name: "callback form: require('pg'), done() on every path",
      code: `const pg = require('pg');
const db = new pg.Pool();
function f(cb) {
  db.connect((err, client, done) => {
    if (err) return cb(err);
    client.query('SELECT 1', (qerr, res) => {
      done();
      cb(qerr, res);
    });
  });
}`,
    },
    {
      name: 'callback form: client.release() on every path of nested callbacks',
      code: `const pg = require('pg');
const db = new pg.Pool();
function f(cb) {
  db.connect((err, client) => {
    if (err) return cb(err);
    client.query('BEGIN', (e1) => {
      if (e1) { client.release(); return cb(e1); }
      client.query('COMMIT', (e2) => {
        client.release();
        cb(e2);
      });
    });
  });
}`,
    },
  ],
  invalid: [
    {
      name: 'callback form: the query error path never calls done',
      code: `const pg = require('pg');
const db = new pg.Pool();
function f(cb) {
  db.connect((err, client, done) => {
    if (err) return cb(err);
    client.query('SELECT 1', (qerr, res) => {
      if (qerr) return cb(qerr);
      done();
      cb(null, res);
    });
  });
}`,
      errors: [{ messageId: 'callbackPath', line: 4, data: { handle: 'client', line: '7', releaseCall: '`done()`' } }],
    },
    {
      name: 'callback form: the inner callback error path skips release',
      code: `const pg = require('pg');
const db = new pg.Pool();
function f(cb) {
  db.connect((err, client) => {
    if (err) return cb(err);
    client.query('BEGIN', (e1) => {
      if (e1) return cb(e1);
      client.query('COMMIT', (e2) => {
        client.release();
        cb(e2);
      });
    });
  });
}`,
      errors: [{ messageId: 'callbackPath', line: 4, data: { handle: 'client', line: '7', releaseCall: '`client.release()`' } }],
    },
  ],
});
