/**
 * no-double-release and no-await-while-checked-out across a same-file function boundary: a helper
 * that releases its parameter on every path is a release where it is called, and a checkout made
 * through a helper is held by the caller like its own.
 */
import awaits from '../../src/rules/no-await-while-checked-out';
import double from '../../src/rules/no-double-release';
import { ruleTester } from '../rule-tester';

const pg = `import pg from 'pg';\nconst pool = new pg.Pool();\n`;

ruleTester.run('no-double-release: same-file summaries', double, {
  valid: [
    {
      name: 'a release helper in finally, nothing else',
      code: `${pg}function rel(c: pg.PoolClient) { c.release(); }
export async function f() { const c = await pool.connect(); try { await c.query('x'); } finally { rel(c); } }`,
    },
    {
      name: 'a helper that releases only on some paths, then a guarded release of its own',
      code: `${pg}function maybe(c: pg.PoolClient, ok: boolean) { if (ok) c.release(); }
export async function f(ok: boolean) { const c = await pool.connect(); maybe(c, ok); if (!ok) c.release(); }`,
    },
  ],
  invalid: [
    {
      name: 'released by the helper, then again by the caller',
      code: `${pg}function rel(c: pg.PoolClient) { c.release(); }
export async function f() {
  const c = await pool.connect();
  rel(c);
  c.release();
}`,
      errors: [
        {
          messageId: 'doubleRelease',
          line: 7,
          data: { handle: 'c', line: '6', consequence: 'the driver does not guard it and may hand the same connection to two callers' },
          suggestions: [
            {
              messageId: 'removeRelease',
              output: `${pg}function rel(c: pg.PoolClient) { c.release(); }
export async function f() {
  const c = await pool.connect();
  rel(c);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a checkout helper and a release helper of a class, the release called twice',
      code: `${pg}class Repo {
  getConnection() { return pool.connect(); }
  releaseConnection(conn: pg.PoolClient) { if (conn) conn.release(); }
  async run() {
    const conn = await this.getConnection();
    this.releaseConnection(conn);
    this.releaseConnection(conn);
  }
}`,
      errors: [
        {
          messageId: 'doubleRelease',
          line: 9,
          data: { handle: 'conn', line: '8', consequence: 'the driver does not guard it and may hand the same connection to two callers' },
          suggestions: [
            {
              messageId: 'removeRelease',
              output: `${pg}class Repo {
  getConnection() { return pool.connect(); }
  releaseConnection(conn: pg.PoolClient) { if (conn) conn.release(); }
  async run() {
    const conn = await this.getConnection();
    this.releaseConnection(conn);
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-await-while-checked-out: same-file summaries', awaits, {
  valid: [
    {
      name: 'slow work awaited before the helper checks out',
      code: `${pg}async function getClient() { return pool.connect(); }
export async function f() {
  const body = await fetch('https://example.com');
  const c = await getClient();
  try { await c.query('x', [body]); } finally { c.release(); }
}`,
    },
  ],
  invalid: [
    {
      name: 'slow work awaited while holding a checkout made by a helper',
      code: `${pg}async function getClient() { return pool.connect(); }
export async function f() {
  const c = await getClient();
  try { await fetch('https://example.com'); await c.query('x'); } finally { c.release(); }
}`,
      errors: [
        {
          messageId: 'heldAwait',
          line: 6,
          suggestions: [
            {
              messageId: 'moveBeforeAcquire',
              output: `${pg}async function getClient() { return pool.connect(); }
export async function f() {
  await fetch('https://example.com');
  const c = await getClient();
  try {  await c.query('x'); } finally { c.release(); }
}`,
            },
          ],
        },
      ],
    },
  ],
});
