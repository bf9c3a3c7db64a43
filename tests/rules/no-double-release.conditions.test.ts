/**
 * no-double-release over correlated conditions: a release under a test of a pure member read
 * (`signal?.aborted`), then an assertion on the same read (`signal?.throwIfAborted()`, which throws
 * exactly when `aborted`): the path past the assertion does not run, so a release after it is no
 * second one. The negative shapes keep the report: the read's variable written in between, another
 * signal asserted, an assertion that covers only one side of an `||`.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageId } from '../../src/rules/no-double-release';
import { jsRuleTester, ruleTester } from '../rule-tester';

const pg = `import { Pool } from 'pg';\nconst db = new Pool();\n`;
// pg's client: the pool does not check a second release.
const UNSAFE = 'the driver does not guard it and may hand the same connection to two callers';

/** The code with one (1-based) line removed: what removeRelease leaves. */
function withoutLine(code: string, line: number): string {
  const lines = code.split('\n');
  lines.splice(line - 1, 1);
  return lines.join('\n');
}

/** One report at `line` naming the first release at `first`. */
function twice(name: string, code: string, line: number, first: number, consequence = UNSAFE, handle = 'client'): InvalidTestCase<MessageId, []> {
  return {
    name,
    code,
    errors: [
      {
        messageId: 'doubleRelease',
        line,
        data: { handle, line: String(first), consequence },
        suggestions: [{ messageId: 'removeRelease', output: withoutLine(code, line) }],
      },
    ],
  };
}

ruleTester.run('no-double-release: correlated conditions', rule, {
  valid: [
    {
      name: 'one signal: released under `signal?.aborted`, then `signal?.throwIfAborted()`',
      code: `${pg}export async function run(signal?: AbortSignal) {
  const client = await db.connect();
  if (signal?.aborted) {
    client.release();
    signal?.throwIfAborted();
  }
  try {
    return await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'two signals under `||`, each asserted after the release',
      code: `${pg}export async function run(signal?: AbortSignal, retire?: AbortSignal) {
  const client = await db.connect();
  if (signal?.aborted || retire?.aborted) {
    client.release();
    signal?.throwIfAborted();
    retire?.throwIfAborted();
  }
  try {
    return await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'the assertions in the other order',
      code: `${pg}export async function run(a: AbortSignal, b: AbortSignal) {
  const client = await db.connect();
  if (a.aborted || b.aborted) {
    client.release();
    b.throwIfAborted();
    a.throwIfAborted();
  }
  await client.query('SELECT 1');
  client.release();
}`,
    },
    {
      name: '`if (signal.aborted)` releases, the assertion after the `if`',
      code: `${pg}export async function run(signal: AbortSignal) {
  const client = await db.connect();
  if (signal.aborted) client.release();
  signal.throwIfAborted();
  await client.query('SELECT 1');
  client.release();
}`,
    },
    {
      name: 'released in the `else` of `if (!signal.aborted)`',
      code: `${pg}export async function run(signal: AbortSignal) {
  const client = await db.connect();
  if (!signal.aborted) {
    await client.query('SELECT 1');
  } else {
    client.release();
  }
  signal.throwIfAborted();
  client.release();
}`,
    },
    {
      name: 'a signal read through an options object, under `&&` with another test',
      code: `${pg}export async function run(opts: { signal: AbortSignal }, strict: boolean) {
  const client = await db.connect();
  if (opts.signal.aborted && strict) {
    client.release();
    opts.signal.throwIfAborted();
  }
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'the options destructured from a parameter default (pg-boss executeSql)',
      code: `${pg}export async function run(text: string, { signal, retire }: { signal?: AbortSignal; retire?: AbortSignal } = {}) {
  if (signal || retire) {
    signal?.throwIfAborted();
    const client = await db.connect();
    if (signal?.aborted || retire?.aborted) {
      client.release();
      signal?.throwIfAborted();
      retire?.throwIfAborted();
    }
    let failed = false;
    try {
      return await client.query(text);
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      client.release(failed || retire?.aborted);
    }
  }
  return db.query(text);
}`,
    },
  ],
  invalid: [
    twice(
      'the signal reassigned between the test and the assertion',
      `${pg}export async function run(signal: AbortSignal, other: AbortSignal) {
  const client = await db.connect();
  if (signal.aborted) {
    client.release();
    signal = other;
    signal.throwIfAborted();
  }
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
      13,
      6,
    ),
    twice(
      'a member of the signal written between the test and the assertion',
      `${pg}export async function run(state: { aborted: boolean; throwIfAborted(): void }) {
  const client = await db.connect();
  if (state.aborted) {
    client.release();
    state.aborted = false;
    state.throwIfAborted();
  }
  await client.query('SELECT 1');
  client.release();
}`,
      11,
      6,
    ),
    twice(
      'another signal asserted than the one tested',
      `${pg}export async function run(a: AbortSignal, b: AbortSignal) {
  const client = await db.connect();
  if (a.aborted) {
    client.release();
    b.throwIfAborted();
  }
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
      12,
      6,
    ),
    twice(
      'the assertion covers one side of the `||` only',
      `${pg}export async function run(signal?: AbortSignal, retire?: AbortSignal) {
  const client = await db.connect();
  if (signal?.aborted || retire?.aborted) {
    client.release();
    signal?.throwIfAborted();
  }
  try {
    return await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
      12,
      6,
    ),
    twice(
      'the assertion throws inside the `try` whose `finally` releases again',
      `${pg}export async function run(signal: AbortSignal) {
  const client = await db.connect();
  try {
    if (signal.aborted) {
      client.release();
      signal.throwIfAborted();
    }
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
      12,
      7,
    ),
    twice(
      'an `&&` test: the assertion settles neither side',
      `${pg}export async function run(a: AbortSignal, b: AbortSignal) {
  const client = await db.connect();
  if (!(a.aborted && b.aborted)) {
    client.release();
    a.throwIfAborted();
  }
  await client.query('SELECT 1');
  client.release();
}`,
      10,
      6,
    ),
  ],
});

jsRuleTester.run('no-double-release: correlated conditions (CommonJS)', rule, {
  valid: [
    {
      name: 'a class method with optional signals, as published in dist/',
      code: `const { Pool } = require('pg');
class Db {
  constructor() { this.pool = new Pool(); }
  async executeSql(text, values, { signal, retire } = {}) {
    const client = await this.pool.connect();
    if (signal?.aborted || retire?.aborted) {
      client.release();
      signal?.throwIfAborted();
      retire?.throwIfAborted();
    }
    try {
      return await client.query(text, values);
    } finally {
      client.release();
    }
  }
}
module.exports = { Db };`,
    },
    {
      name: "a callback of require('mysql') (a plain function, where calls are throw points too)",
      code: `const mysql = require('mysql');
const db = mysql.createPool({});
function run(signal, cb) {
  db.getConnection((err, conn) => {
    if (err) return cb(err);
    if (signal.aborted) {
      conn.release();
      signal.throwIfAborted();
    }
    conn.query('SELECT 1', () => {
      conn.release();
      cb(null);
    });
  });
}
module.exports = { run };`,
    },
  ],
  invalid: [
    twice(
      "a callback of require('mysql'): the assertion on another signal",
      `const mysql = require('mysql');
const db = mysql.createPool({});
function run(signal, other, cb) {
  db.getConnection((err, conn) => {
    if (err) return cb(err);
    if (signal.aborted) {
      conn.release();
      other.throwIfAborted();
    }
    conn.query('SELECT 1', () => {
      conn.release();
      cb(null);
    });
  });
}
module.exports = { run };`,
      11,
      7,
      UNSAFE,
      'conn',
    ),
  ],
});
