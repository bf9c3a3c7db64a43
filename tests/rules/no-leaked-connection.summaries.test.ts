/**
 * no-leaked-connection across a function boundary in the same file: a helper that returns a fresh
 * checkout checks out where it is called, a helper that releases its parameter on every path
 * releases there; classes, ES5 constructors and object literals resolve `this.helper()`; helpers
 * compose and a cycle gives nothing. The message names the hop, the suggestion uses the release helper.
 */
import leaked from '../../src/rules/no-leaked-connection';
import { jsRuleTester, ruleTester } from '../rule-tester';

const pg = `import pg from 'pg';\nconst pool = new pg.Pool();\n`;
const typeorm = `import { DataSource } from 'typeorm';\nconst ds = new DataSource({ type: 'postgres' });\n`;
const repo = (method: string): string => `${pg}class Repo {
  _getConnection() {
    return pool.connect();
  }
  _releaseConnection(conn: pg.PoolClient) {
    conn.release();
  }
${method}
}`;

ruleTester.run('no-leaked-connection: same-file summaries', leaked, {
  valid: [
    {
      name: 'class: a checkout helper released through the release helper in finally',
      code: repo(`  async run() {
    const conn = await this._getConnection();
    try {
      return await conn.query('SELECT 1');
    } finally {
      this._releaseConnection(conn);
    }
  }`),
    },
    {
      name: 'composition: a release helper of a release helper, behind a guard on its parameter',
      code: `${pg}function rel(c: pg.PoolClient) { c.release(); }
function relIfAny(c?: pg.PoolClient) { if (c) rel(c); }
export async function f() {
  const c = await pool.connect();
  try { await c.query('x'); } finally { relIfAny(c); }
}`,
    },
    {
      name: 'guard: a helper that returns the pool is not a checkout',
      code: `${pg}function getPool() { return pool; }
export async function f() { const p = getPool(); return p.query('x'); }`,
    },
    {
      name: 'guard: a helper that returns the handle given to it checks nothing out',
      code: `${pg}function pick(c: pg.PoolClient) { return c; }
export async function f() {
  const client = await pool.connect();
  try { const c = pick(client); await c.query('x'); } finally { client.release(); }
}`,
    },
    {
      name: 'recursion: helpers that only call each other give no summary and no report',
      code: `${pg}function a(): Promise<pg.PoolClient> { return b(); }
function b(): Promise<pg.PoolClient> { return a(); }
function rel(c: pg.PoolClient): void { rel(c); }
export async function f() { const c = await a(); await c.query('x'); rel(c); }`,
    },
    {
      name: 'conditional: a given handle passed in is not a new checkout',
      code: `${pg}async function getClient(given?: pg.PoolClient) { return given ?? pool.connect(); }
export async function f() {
  const client = await pool.connect();
  try { const c = await getClient(client); await c.query('x'); } finally { client.release(); }
}`,
    },
    {
      name: 'conditional: the caller passes its own optional parameter and releases only when it was absent',
      code: `${pg}async function getClient(given?: pg.PoolClient) { return given ?? pool.connect(); }
export async function f(given?: pg.PoolClient) {
  const c = await getClient(given);
  try { await c.query('x'); } finally { if (!given) c.release(); }
}`,
    },
    {
      name: 'guard: a helper that returns a checkout on some paths only is not taken for one',
      code: `${pg}async function sometimes(x: boolean) { if (x) return null; return pool.connect(); }
export async function f() { const c = await sometimes(true); await c?.query('x'); }`,
    },
    {
      name: 'guard: a helper that releases before it returns hands back nothing to release',
      code: `${pg}async function dead() { const c = await pool.connect(); c.release(); return c; }
export async function f() { const c = await dead(); return c.processID; }`,
    },
    {
      name: 'object literal: `this.get()` and `repo.get()` released in finally',
      code: `${pg}const store = {
  get() { return pool.connect(); },
  async run() { const c = await this.get(); try { await c.query('x'); } finally { c.release(); } },
};
export async function f() { const c = await store.get(); try { await c.query('y'); } finally { c.release(); } }`,
    },
  ],
  invalid: [
    {
      name: 'class: released through the helper only when nothing throws; the suggestion keeps the helper',
      code: repo(`  async run() {
    const conn = await this._getConnection();
    await conn.query('SELECT 1');
    this._releaseConnection(conn);
  }`),
      errors: [
        {
          messageId: 'helperThrows',
          line: 11,
          data: { handle: 'conn', helper: '`this._getConnection()`', helperAt: 'line 4', call: '`conn.query()`', line: '12' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: repo(`  async run() {
    const conn = await this._getConnection();
    try {
      await conn.query('SELECT 1');
    } finally {
      this._releaseConnection(conn);
    }
  }`),
            },
          ],
        },
      ],
    },
    {
      name: 'class: never released; the message and the fix call the release helper',
      code: repo(`  async run() {
    const conn = await this._getConnection();
    return conn.query('SELECT 1');
  }`),
      errors: [
        {
          messageId: 'helperNeverReleased',
          data: { handle: 'conn', helper: '`this._getConnection()`', helperAt: 'line 4', releaseCall: '`this._releaseConnection(conn)`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: repo(`  async run() {
    const conn = await this._getConnection();
    try {
      return await conn.query('SELECT 1');
    } finally {
      this._releaseConnection(conn);
    }
  }`),
            },
          ],
        },
      ],
    },
    {
      name: 'TypeORM: a fresh runner from getQueryRunner() that its caller never releases',
      code: `${typeorm}class Service {
  getQueryRunner() {
    return ds.createQueryRunner();
  }
  async save() {
    const qr = this.getQueryRunner();
    await qr.query('INSERT 1');
  }
}`,
      errors: [
        {
          messageId: 'helperNeverReleased',
          line: 8,
          data: { handle: 'qr', helper: '`this.getQueryRunner()`', helperAt: 'line 4', releaseCall: '`qr.release()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `${typeorm}class Service {
  getQueryRunner() {
    return ds.createQueryRunner();
  }
  async save() {
    const qr = this.getQueryRunner();
    try {
      await qr.query('INSERT 1');
    } finally {
      await qr.release();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'composition: a helper of a helper, released by the caller only on success',
      code: `${pg}async function getClient() { return pool.connect(); }
const open = async () => {
  const c = await getClient();
  try { await c.query('SET x'); } catch (e) { c.release(); throw e; }
  return c;
};
export async function f() {
  const c = await open();
  await c.query('SELECT 1');
  c.release();
}`,
      errors: [
        {
          messageId: 'helperThrows',
          line: 10,
          data: { handle: 'c', helper: '`open()`', helperAt: 'line 4', call: '`c.query()`', line: '11' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `${pg}async function getClient() { return pool.connect(); }
const open = async () => {
  const c = await getClient();
  try { await c.query('SET x'); } catch (e) { c.release(); throw e; }
  return c;
};
export async function f() {
  const c = await open();
  try {
    await c.query('SELECT 1');
  } finally {
    c.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'conditional: no argument given means the helper checked out',
      code: `${pg}async function getClient(given?: pg.PoolClient) { return given ?? pool.connect(); }
export async function f() { const c = await getClient(); await c.query('x'); }`,
      errors: [
        {
          messageId: 'helperNeverReleased',
          line: 4,
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `${pg}async function getClient(given?: pg.PoolClient) { return given ?? pool.connect(); }
export async function f() { const c = await getClient(); try {
  await c.query('x');
} finally {
  c.release();
} }`,
            },
          ],
        },
      ],
    },
    {
      name: 'conditional: the caller passes its own optional parameter and never releases',
      code: `${pg}async function getClient(given?: pg.PoolClient) { return given ?? pool.connect(); }
export async function f(given?: pg.PoolClient) { const c = await getClient(given); await c.query('x'); }`,
      // No suggestion: an unconditional release would also release a given client.
      errors: [{ messageId: 'helperNeverReleased', line: 4, suggestions: [] }],
    },
    {
      name: 'guard: a release helper that releases only on some paths is not a release',
      code: `${pg}function maybeRelease(c: pg.PoolClient, ok: boolean) { if (ok) c.release(); }
export async function f(flag: boolean) {
  const c = await pool.connect();
  try { await c.query('x'); } finally { maybeRelease(c, flag); }
}`,
      // No suggestion: a release of its own would release twice where the helper does.
      errors: [{ messageId: 'endWithoutRelease', line: 5, suggestions: [] }],
    },
    {
      name: 'object literal: `this.get()` inside the literal and `store.get()` outside',
      code: `${pg}const store = {
  get() { return pool.connect(); },
  async run() { const c = await this.get(); await c.query('x'); c.release(); },
};
export async function f() { const c = await store.get(); await c.query('y'); }`,
      errors: [
        {
          messageId: 'helperThrows',
          line: 5,
          data: { handle: 'c', helper: '`this.get()`', helperAt: 'line 4', call: '`c.query()`', line: '5' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `${pg}const store = {
  get() { return pool.connect(); },
  async run() { const c = await this.get(); try {
    await c.query('x');
  } finally {
    c.release();
  } },
};
export async function f() { const c = await store.get(); await c.query('y'); }`,
            },
          ],
        },
        {
          messageId: 'helperNeverReleased',
          line: 7,
          data: { handle: 'c', helper: '`store.get()`', helperAt: 'line 4', releaseCall: '`c.release()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `${pg}const store = {
  get() { return pool.connect(); },
  async run() { const c = await this.get(); await c.query('x'); c.release(); },
};
export async function f() { const c = await store.get(); try {
  await c.query('y');
} finally {
  c.release();
} }`,
            },
          ],
        },
      ],
    },
    {
      name: 'class: a method inherited from a same-file base class',
      code: `${pg}class Base {
  protected getConnection() { return pool.connect(); }
}
export class Repo extends Base {
  async run() { const c = await this.getConnection(); await c.query('x'); }
}`,
      errors: [
        {
          messageId: 'helperNeverReleased',
          line: 7,
          data: { handle: 'c', helper: '`this.getConnection()`', helperAt: 'line 4', releaseCall: '`c.release()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `${pg}class Base {
  protected getConnection() { return pool.connect(); }
}
export class Repo extends Base {
  async run() { const c = await this.getConnection(); try {
    await c.query('x');
  } finally {
    c.release();
  } }
}`,
            },
          ],
        },
      ],
    },
  ],
});

jsRuleTester.run('no-leaked-connection: same-file summaries (ES5)', leaked, {
  valid: [
    {
      name: 'ES5 constructor: a prototype helper released in finally',
      code: `const pg = require('pg');
const pool = new pg.Pool();
function Session() {}
Session.prototype.acquire = function () { return pool.connect(); };
Session.prototype.run = async function () {
  const c = await this.acquire();
  try { await c.query('x'); } finally { c.release(); }
};`,
    },
  ],
  invalid: [
    {
      name: 'ES5 constructor: a prototype helper released only on success',
      code: `const pg = require('pg');
const pool = new pg.Pool();
function Session() {}
Session.prototype.acquire = function () { return pool.connect(); };
Session.prototype.run = async function () {
  const c = await this.acquire();
  await c.query('x');
  c.release();
};`,
      errors: [
        {
          messageId: 'helperThrows',
          line: 6,
          data: { handle: 'c', helper: '`this.acquire()`', helperAt: 'line 4', call: '`c.query()`', line: '7' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `const pg = require('pg');
const pool = new pg.Pool();
function Session() {}
Session.prototype.acquire = function () { return pool.connect(); };
Session.prototype.run = async function () {
  const c = await this.acquire();
  try {
    await c.query('x');
  } finally {
    c.release();
  }
};`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-leaked-connection: same-file summaries, cannot throw', leaked, {
  valid: [
    {
      name: 'a method of the class that catches everything it does cannot throw',
      code: `${pg}class Repo {
  async safely<T>(p: Promise<T>): Promise<[unknown, T | null]> {
    try {
      return [null, await p];
    } catch (e) {
      return [e, null];
    }
  }
  async run() {
    const client = await pool.connect();
    const [err, rows] = await this.safely(client.query('SELECT 1'));
    client.release();
    return err ?? rows;
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'a method of the class that may throw is a way out',
      code: `${pg}class Repo {
  async load(c: pg.PoolClient) {
    return c.query('SELECT 1');
  }
  async run() {
    const client = await pool.connect();
    const rows = await this.load(client);
    client.release();
    return rows;
  }
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 8,
          data: { handle: 'client', call: '`this.load()`', line: '9' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `${pg}class Repo {
  async load(c: pg.PoolClient) {
    return c.query('SELECT 1');
  }
  async run() {
    const client = await pool.connect();
    let rows;
    try {
      rows = await this.load(client);
    } finally {
      client.release();
    }
    return rows;
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
