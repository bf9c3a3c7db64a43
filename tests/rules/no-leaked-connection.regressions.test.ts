/** no-leaked-connection: regressions found by review, each the smallest code that showed it. */
import rule from '../../src/rules/no-leaked-connection';
import { jsRuleTester, ruleTester } from '../rule-tester';

const head = `import pg from 'pg';\nconst db = new pg.Pool();\n`;

const conditionalReturnOutput = `${head}export async function f(id?: string) {
  const client = await db.connect();
  try {
    await client.query('SET search_path TO app');
    return await (id ? client.query('SELECT * FROM t WHERE id = $1', [id]) : client.query('SELECT * FROM t'));
  } finally {
    client.release();
  }
}`;

const castReturnOutput = `${head}export async function f() {
  const client = await db.connect();
  try {
    await client.query('SET search_path TO app');
    return await (client.query('SELECT 1') as Promise<unknown>);
  } finally {
    client.release();
  }
}`;

/** Three never-released checkouts spelled differently; `wrapped` gets the suggested try/finally. */
const spellings = (wrapped?: number): string =>
  head +
  ['db.connect<pg.PoolClient>()', 'db?.connect?.()', 'db.connect!()']
    .map(
      (call, i) =>
        `export async function f${i}() {\n  const client = await ${call};\n` +
        (wrapped === i ? `  try {\n    await client.query('SELECT 1');\n  } finally {\n    client.release();\n  }\n` : `  await client.query('SELECT 1');\n`) +
        '}',
    )
    .join('\n');

ruleTester.run('no-leaked-connection regressions', rule, {
  valid: [
    { name: 'applied suggestion: conditional return awaited inside the try', code: conditionalReturnOutput },
    { name: 'applied suggestion: cast return awaited inside the try', code: castReturnOutput },
    {
      name: 'mongoose sessions are the driver ClientSession: await using releases them',
      code: `import mongoose from 'mongoose';\nexport async function f() {\n  await using session = await mongoose.startSession();\n  await session.withTransaction(async () => {});\n}`,
    },
    {
      name: 'if (!client) return before any use holds nothing',
      code: `${head}export async function f() {\n  const client = await db.connect().catch(() => null);\n  if (!client) return null;\n  try {\n    return await client.query('SELECT 1');\n  } finally {\n    client.release();\n  }\n}`,
    },
  ],
  invalid: [
    {
      name: 'a conditional return is awaited as a whole inside the new try',
      code: `${head}export async function f(id?: string) {\n  const client = await db.connect();\n  await client.query('SET search_path TO app');\n  return id ? client.query('SELECT * FROM t WHERE id = $1', [id]) : client.query('SELECT * FROM t');\n}`,
      errors: [{ messageId: 'neverReleased', line: 4, suggestions: [{ messageId: 'wrapInFinally', output: conditionalReturnOutput }] }],
    },
    {
      name: 'a cast return is awaited inside the new try',
      code: `${head}export async function f() {\n  const client = await db.connect();\n  await client.query('SET search_path TO app');\n  return client.query('SELECT 1') as Promise<unknown>;\n}`,
      errors: [{ messageId: 'neverReleased', line: 4, suggestions: [{ messageId: 'wrapInFinally', output: castReturnOutput }] }],
    },
    {
      name: 'a query promise returned after the region: no suggestion (the release would not wait for it)',
      code: `${head}export async function f() {\n  const client = await db.connect();\n  const p = client.query('SELECT 1');\n  return p;\n}`,
      errors: [{ messageId: 'neverReleased', line: 4, suggestions: [] }],
    },
    {
      name: 'checkouts written with type arguments, optional chaining or a non-null assertion are found before the traversal',
      code: spellings(),
      errors: [0, 1, 2].map(i => ({ messageId: 'neverReleased' as const, line: 4 + 4 * i, suggestions: [{ messageId: 'wrapInFinally' as const, output: spellings(i) }] })),
    },
    {
      name: 'a pool-named receiver in a file without a driver import, its method on the next line',
      code: `export async function f(pgPool: { connect(): Promise<{ query(s: string): Promise<void>; release(): void }> }) {\n  const client = await pgPool\n    .connect();\n  await client.query('SELECT 1');\n}`,
      errors: [{ messageId: 'neverReleased', line: 2, suggestions: [{ messageId: 'wrapInFinally', output: `export async function f(pgPool: { connect(): Promise<{ query(s: string): Promise<void>; release(): void }> }) {\n  const client = await pgPool\n    .connect();\n  try {\n    await client.query('SELECT 1');\n  } finally {\n    client.release();\n  }\n}` }] }],
    },
    {
      name: 'await using on a stand-alone pg Client is not disposable',
      code: `import { Client } from 'pg';\nexport async function f() {\n  await using client = new Client();\n  await client.connect();\n  await client.query('SELECT 1');\n}`,
      errors: [{ messageId: 'notDisposable', line: 4, data: { handle: 'client', driver: 'pg' } }],
    },
  ],
});

jsRuleTester.run('no-leaked-connection regressions (CommonJS)', rule, {
  valid: [
    {
      name: 'err ? reject(err) : resolve(conn) hands the connection to the caller',
      code: `const mysql = require('mysql2');\nconst pool = mysql.createPool({});\nfunction get() {\n  return new Promise((resolve, reject) => {\n    pool.getConnection((err, conn) => (err ? reject(err) : resolve(conn)));\n  });\n}\nmodule.exports = { get };`,
    },
    {
      name: "a library's own this.acquireConnection(connection, cb) is not knex's acquireConnection()",
      code: `function Pool() {}\nPool.prototype.getConnection = function (cb) {\n  var connection = this._freeConnections.shift();\n  this.acquireConnection(connection, cb);\n};\nmodule.exports = Pool;`,
    },
    {
      name: 'client.connect(cb): every path of the callback ends the client',
      code: `const { Client } = require('pg');\nfunction f() {\n  const client = new Client();\n  client.connect((err) => {\n    if (err) return console.error(err);\n    client.query('SELECT 1', (e, res) => {\n      console.log(e ? e.stack : res.rows);\n      client.end();\n    });\n  });\n}\nmodule.exports = { f };`,
    },
  ],
  invalid: [
    {
      name: 'client.connect(cb): a query error path returns without end()',
      code: `const { Client } = require('pg');\nfunction f() {\n  const client = new Client();\n  client.connect((err) => {\n    if (err) return console.error(err);\n    client.query('SELECT 1', (e) => {\n      if (e) return console.error(e);\n      client.end();\n    });\n  });\n}\nmodule.exports = { f };`,
      errors: [{ messageId: 'callbackPath', line: 4, data: { handle: 'client', line: '7', releaseCall: '`client.end()`' } }],
    },
    {
      name: 'a callback path that falls off the end names the line where the callback ends',
      code: `const { Client } = require('pg');\nasync function f() {\n  const client = new Client();\n  await client.connect();\n  g(() => {\n    client.query('x').catch(() => client.end());\n  });\n}\nmodule.exports = { f };`,
      errors: [{ messageId: 'callbackPath', line: 4, data: { handle: 'client', line: '7', releaseCall: '`client.end()`' } }],
    },
  ],
});
