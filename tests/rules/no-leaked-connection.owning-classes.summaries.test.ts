/**
 * Resource-owning classes of the same file: a constructor that keeps its argument in a field makes
 * the new object stand for the handle; a method that releases the field on every path (`close()`)
 * releases it, and so does `owner.field.release()`. ES classes, TS parameter properties and ES5
 * constructors with prototype methods.
 */
import double from '../../src/rules/no-double-release';
import leaked from '../../src/rules/no-leaked-connection';
import { jsRuleTester, ruleTester } from '../rule-tester';

const session = `import pg from 'pg';
const pool = new pg.Pool();
class Session {
  client: pg.PoolClient;
  constructor(client: pg.PoolClient) {
    this.client = client;
  }
  run(sql: string) {
    return this.client.query(sql);
  }
  close() {
    this.client.release();
  }
}
`;
const fn = (body: string): string => `${session}export async function f() {\n${body}\n}`;

ruleTester.run('no-leaked-connection: resource-owning classes', leaked, {
  valid: [
    { name: 'a client handed to a session, released through the session field in finally', code: fn(`  const client = await pool.connect();
  const s = new Session(client);
  try { await s.run('x'); } finally { s.client.release(); }`) },
    { name: 'a session built around a checkout, closed in finally', code: fn(`  const s = new Session(await pool.connect());
  try { await s.run('x'); } finally { s.close(); }`) },
    { name: 'a session built around a checkout and returned: the caller owns it', code: fn(`  const s = new Session(await pool.connect());
  return s;`) },
    {
      name: 'a TS parameter property and a dispose() method',
      code: `import pg from 'pg';
const pool = new pg.Pool();
class Unit {
  constructor(private readonly client: pg.PoolClient) {}
  async dispose() { this.client.release(); }
}
export async function f() {
  const u = new Unit(await pool.connect());
  try { await u.client.query('x'); } finally { await u.dispose(); }
}`,
    },
    {
      name: 'guard: a class that keeps only a value read from the client owns nothing',
      code: `import pg from 'pg';
const pool = new pg.Pool();
class Stats {
  pid: number;
  constructor(client: pg.PoolClient) { this.pid = client.processID; }
}
export async function f() {
  const client = await pool.connect();
  try { const s = new Stats(client); await client.query('x', [s.pid]); } finally { client.release(); }
}`,
    },
  ],
  invalid: [
    {
      name: 'a client handed to a session, released through the field only when nothing throws',
      code: fn(`  const client = await pool.connect();
  const s = new Session(client);
  await s.run('x');
  s.client.release();`),
      errors: [{ messageId: 'releasedOnlyOnSuccess', line: 16, data: { handle: 'client', call: '`s.run()`', line: '18' }, suggestions: [] }],
    },
    {
      name: 'a session built around a checkout, closed only when nothing throws',
      code: fn(`  const s = new Session(await pool.connect());
  await s.run('x');
  s.close();`),
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 16,
          data: { handle: 's', call: '`s.run()`', line: '17' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: fn(`  const s = new Session(await pool.connect());
  try {
    await s.run('x');
  } finally {
    s.close();
  }`),
            },
          ],
        },
      ],
    },
    {
      name: 'a session built around a checkout and never closed: the message and the fix call close()',
      code: fn(`  const s = new Session(await pool.connect());
  await s.run('x');`),
      errors: [
        {
          messageId: 'neverReleased',
          line: 16,
          data: { handle: 's', releaseCall: '`s.close()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: fn(`  const s = new Session(await pool.connect());
  try {
    await s.run('x');
  } finally {
    s.close();
  }`),
            },
          ],
        },
      ],
    },
    {
      name: 'a close() that releases only when forced is not a release',
      code: `import pg from 'pg';
const pool = new pg.Pool();
class Lease {
  constructor(public client: pg.PoolClient) {}
  close(force: boolean) { if (force) this.client.release(); }
}
export async function f(force: boolean) {
  const l = new Lease(await pool.connect());
  try { await l.client.query('x'); } finally { l.close(force); }
}`,
      errors: [{ messageId: 'endWithoutRelease', line: 8, suggestions: [] }],
    },
  ],
});

ruleTester.run('no-double-release: resource-owning classes', double, {
  valid: [{ name: 'closed once', code: fn(`  const s = new Session(await pool.connect());\n  s.close();`) }],
  invalid: [
    {
      name: 'closed, then the field released again',
      code: fn(`  const s = new Session(await pool.connect());\n  s.close();\n  s.client.release();`),
      errors: [{ messageId: 'doubleRelease', line: 18, suggestions: [{ messageId: 'removeRelease', output: fn(`  const s = new Session(await pool.connect());\n  s.close();`) }] }],
    },
  ],
});

jsRuleTester.run('no-leaked-connection: resource-owning ES5 constructors', leaked, {
  valid: [
    {
      name: 'an ES5 session closed in finally',
      code: `const pg = require('pg');
const pool = new pg.Pool();
function Session(client) { this.client = client; }
Session.prototype.close = function () { this.client.release(); };
async function f() {
  const s = new Session(await pool.connect());
  try { await s.client.query('x'); } finally { s.close(); }
}`,
    },
  ],
  invalid: [
    {
      name: 'an ES5 session never closed',
      code: `const pg = require('pg');
const pool = new pg.Pool();
function Session(client) { this.client = client; }
Session.prototype.close = function () { this.client.release(); };
async function f() {
  const s = new Session(await pool.connect());
  await s.client.query('x');
}`,
      errors: [{ messageId: 'neverReleased', line: 6, data: { handle: 's', releaseCall: '`s.close()`' }, suggestions: [{ messageId: 'wrapInFinally', output: `const pg = require('pg');
const pool = new pg.Pool();
function Session(client) { this.client = client; }
Session.prototype.close = function () { this.client.release(); };
async function f() {
  const s = new Session(await pool.connect());
  try {
    await s.client.query('x');
  } finally {
    s.close();
  }
}` }] }],
    },
  ],
});

const pg = `import pg from 'pg';\nconst pool = new pg.Pool();\n`;

ruleTester.run('no-leaked-connection: a field no method releases', leaked, {
  valid: [
    {
      name: 'a public field is handed out by being public',
      code: `${pg}export class Db {
  conn?: pg.PoolClient;
  async open() { this.conn = await pool.connect(); }
}`,
    },
    {
      name: 'a close() method releases the field',
      code: `${pg}export class Db {
  private conn?: pg.PoolClient;
  async open() { this.conn = await pool.connect(); }
  close() { this.conn?.release(); }
}`,
    },
    {
      name: 'a getter hands the field out: its user owns the release',
      code: `${pg}export class Db {
  private c?: pg.PoolClient;
  async open() { this.c = await pool.connect(); }
  get client() { return this.c; }
}`,
    },
    {
      name: 'the field is released elsewhere in the file, through an instance',
      code: `${pg}export class Db {
  private conn?: pg.PoolClient;
  async open() { this.conn = await pool.connect(); }
}
export function done(db: Db) { (db as unknown as { conn: pg.PoolClient }).conn.release(); }`,
    },
    {
      name: 'the field is handed to the pool method that takes it back',
      code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
export class Db {
  private conn?: mysql.PoolConnection;
  async open() { this.conn = await pool.getConnection(); }
  close() { if (this.conn) pool.releaseConnection(this.conn); }
}`,
    },
  ],
  invalid: [
    {
      name: 'a private field filled in open() that no method releases',
      code: `${pg}export class Db {
  private conn?: pg.PoolClient;
  async open() { if (!this.conn) this.conn = await pool.connect(); }
  async run(sql: string) { return this.conn!.query(sql); }
}`,
      errors: [{ messageId: 'fieldNeverReleased', line: 5, data: { handle: 'this.conn', releaseCall: '`this.conn.release()`' }, suggestions: [] }],
    },
    {
      name: 'a #private field filled in a method that no method releases',
      code: `${pg}export class Db {
  #conn?: pg.PoolClient;
  async open() { this.#conn = await pool.connect(); }
  run(sql: string) { return this.#conn?.query(sql); }
}`,
      errors: [{ messageId: 'fieldNeverReleased', line: 5, data: { handle: 'this.#conn', releaseCall: '`this.#conn.release()`' }, suggestions: [] }],
    },
  ],
});
