/**
 * no-leaked-connection: exact outputs of the suggestions (and of the opt-in autofix).
 * Every output is also listed as a valid case: once applied, the rule is silent.
 */
import rule from '../../src/rules/no-leaked-connection';
import { ruleTester } from '../rule-tester';

const hoistedOutput = `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  let result;
  try {
    result = await client.query('SELECT 1');
  } finally {
    client.release();
  }
  return result.rows;
}`;

const ifBranchOutput = `import pg from 'pg';
const db = new pg.Pool();
export async function f(id: string) {
  const client = await db.connect();
  let result;
  try {
    result = await client.query('SELECT * FROM t WHERE id = $1', [id]);
    if (result.rowCount === 0) {
      return null;
    }
  } finally {
    client.release();
  }
  return result.rows[0];
}`;

const ifBranchThrowOutput = `import pg from 'pg';
const db = new pg.Pool();
export async function f(id: string) {
  const client = await db.connect();
  try {
    const result = await client.query('SELECT * FROM t WHERE id = $1', [id]);
    if (result.rowCount === 0) {
      throw new Error('missing');
    }
    await client.query('UPDATE t SET seen = true');
  } finally {
    client.release();
  }
}`;

const autofixOutput = `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  const conn = await db.getConnection();
  let rows;
  try {
    ({ rows } = await conn.query('SELECT 1'));
  } finally {
    conn.release();
  }
  return rows;
}`;

const earlyReturnOutput = `import pg from 'pg';
const db = new pg.Pool();
export async function f(id: string) {
  const client = await db.connect();
  let result;
  try {
    if (!id) return null;
    result = await client.query('SELECT * FROM t WHERE id = $1', [id]);
  } finally {
    client.release();
  }
  return result.rows;
}`;

const moveIntoTryOutput = `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE t SET x = 1');
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}`;

const tabsOutput = `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
\tconst client = await db.connect();
\ttry {
\t\tawait client.query('SELECT 1');
\t} finally {
\t\tclient.release();
\t}
}`;

const twoHandlesOutput = `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const a = await db.connect();
  try {
    const b = await db.connect();
    try {
      await a.query('SELECT 1');
      await b.query('SELECT 2');
    } finally {
      b.release();
    }
  } finally {
    a.release();
  }
}`;

const neverReleasedOutput = `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`;

const returnAwaitOutput = `import pg from 'pg';
const db = new pg.Pool();
export async function f(id: string) {
  const client = await db.connect();
  try {
    await client.query('SET search_path TO app');
    return await client.query('SELECT * FROM t WHERE id = $1', [id]);
  } finally {
    client.release();
  }
}`;

const returnAwaitThenOutput = `import pg from 'pg';
const db = new pg.Pool();
export class Repo {
  async rows() {
    const client = await db.connect();
    try {
      return await client.query('SELECT 1').then(r => r.rows);
    } finally {
      client.release();
    }
  }
}`;

const earlyReturnMoveOutput = `import pg from 'pg';
const db = new pg.Pool();
export async function f(id: string) {
  const client = await db.connect();
  try {
    if (!id) return null;
    return await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`;

const earlyReturnMoveAwaitOutput = `import pg from 'pg';
const db = new pg.Pool();
export async function f(id: string) {
  const client = await db.connect();
  try {
    if (!id) return await client.query('SELECT 0');
    return await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`;

const earlyReturnAndBeginOutput = `import pg from 'pg';
const db = new pg.Pool();
export async function f(id: string) {
  const client = await db.connect();
  try {
    if (!id) return null;
    await client.query('BEGIN');
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  return 1;
}`;

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    { name: 'applied fix: const used after the region hoisted to let', code: hoistedOutput },
    { name: 'applied fix: release inside an if branch removed', code: ifBranchOutput },
    { name: 'applied fix: release before a throw removed', code: ifBranchThrowOutput },
    { name: 'applied autofix: destructuring hoisted', code: autofixOutput, options: [{ autofix: true }] },
    { name: 'applied fix: early return inside the new try', code: earlyReturnOutput },
    { name: 'applied fix: BEGIN moved into the existing try', code: moveIntoTryOutput },
    { name: 'applied fix: tab indentation', code: tabsOutput },
    { name: 'applied fix: nested try for the first of two handles', code: twoHandlesOutput },
    { name: 'applied autofix: never released, wrapped with the driver release', code: neverReleasedOutput, options: [{ autofix: true }] },
    { name: 'applied fix: returned query awaited inside the new try', code: returnAwaitOutput },
    { name: 'applied fix: returned .then chain awaited inside the new try (class method)', code: returnAwaitThenOutput },
    { name: 'applied fix: early return moved into the existing try', code: earlyReturnMoveOutput },
    { name: 'applied fix: early return of a query moved into the existing try and awaited', code: earlyReturnMoveAwaitOutput },
    { name: 'applied fix: early return and BEGIN moved into the existing try', code: earlyReturnAndBeginOutput },
  ],
  invalid: [
    {
      name: 'suggestion: a const declared inside the wrapped region and used after it is hoisted to let',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  const result = await client.query('SELECT 1');
  client.release();
  return result.rows;
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 4,
          data: { handle: 'client', call: '`client.query()`', line: '5' },
          suggestions: [{ messageId: 'wrapInFinally', data: { handle: 'client' }, output: hoistedOutput }],
        },
      ],
    },
    {
      name: 'suggestion: the release inside an if branch before return is removed',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f(id: string) {
  const client = await db.connect();
  const result = await client.query('SELECT * FROM t WHERE id = $1', [id]);
  if (result.rowCount === 0) {
    client.release();
    return null;
  }
  client.release();
  return result.rows[0];
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 4,
          suggestions: [{ messageId: 'wrapInFinally', output: ifBranchOutput }],
        },
      ],
    },
    {
      name: 'suggestion: the release before a throw in an if branch is removed',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f(id: string) {
  const client = await db.connect();
  const result = await client.query('SELECT * FROM t WHERE id = $1', [id]);
  if (result.rowCount === 0) {
    client.release();
    throw new Error('missing');
  }
  await client.query('UPDATE t SET seen = true');
  client.release();
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 4,
          suggestions: [{ messageId: 'wrapInFinally', output: ifBranchThrowOutput }],
        },
      ],
    },
    {
      name: 'autofix option: the same wrap is applied as a fix (destructuring hoisted)',
      code: `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  const conn = await db.getConnection();
  const { rows } = await conn.query('SELECT 1');
  conn.release();
  return rows;
}`,
      options: [{ autofix: true }],
      output: autofixOutput,
      errors: [{ messageId: 'releasedOnlyOnSuccess', line: 4, data: { handle: 'conn', call: '`conn.query()`', line: '5' } }],
    },
    {
      name: 'suggestion: early return moves into the new try',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f(id: string) {
  const client = await db.connect();
  if (!id) return null;
  const result = await client.query('SELECT * FROM t WHERE id = $1', [id]);
  client.release();
  return result.rows;
}`,
      errors: [
        {
          messageId: 'earlyReturn',
          line: 4,
          data: { handle: 'client', line: '5', releaseCall: '`client.release()`' },
          suggestions: [{ messageId: 'wrapInFinally', output: earlyReturnOutput }],
        },
      ],
    },
    {
      name: 'suggestion: a throwing BEGIN between the acquire and the protecting try moves into it',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  await client.query('BEGIN');
  try {
    await client.query('UPDATE t SET x = 1');
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 4,
          data: { handle: 'client', call: '`client.query()`', line: '5' },
          suggestions: [{ messageId: 'moveIntoTry', data: { handle: 'client' }, output: moveIntoTryOutput }],
        },
      ],
    },
    {
      name: 'suggestion: keeps tab indentation',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
\tconst client = await db.connect();
\tawait client.query('SELECT 1');
\tclient.release();
}`,
      errors: [{ messageId: 'releasedOnlyOnSuccess', line: 4, suggestions: [{ messageId: 'wrapInFinally', output: tabsOutput }] }],
    },
    {
      name: 'suggestion: two handles before one try, the second acquire may throw while the first is held',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const a = await db.connect();
  const b = await db.connect();
  try {
    await a.query('SELECT 1');
    await b.query('SELECT 2');
  } finally {
    a.release();
    b.release();
  }
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 4,
          data: { handle: 'a', call: '`db.connect()`', line: '5' },
          suggestions: [{ messageId: 'wrapInFinally', output: twoHandlesOutput }],
        },
      ],
    },
    {
      name: 'autofix option: a handle that is never released is wrapped, with the driver release written in the finally',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  await client.query('SELECT 1');
}`,
      options: [{ autofix: true }],
      output: neverReleasedOutput,
      errors: [{ messageId: 'neverReleased', line: 4, data: { handle: 'client', releaseCall: '`client.release()`' } }],
    },
    {
      name: 'suggestion: never released, the returned query becomes return await inside the new try',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f(id: string) {
  const client = await db.connect();
  await client.query('SET search_path TO app');
  return client.query('SELECT * FROM t WHERE id = $1', [id]);
}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 4,
          data: { handle: 'client', releaseCall: '`client.release()`' },
          suggestions: [{ messageId: 'wrapInFinally', data: { handle: 'client' }, output: returnAwaitOutput }],
        },
      ],
    },
    {
      name: 'suggestion: a returned .then chain in an async method is awaited inside the new try',
      code: `import pg from 'pg';
const db = new pg.Pool();
export class Repo {
  async rows() {
    const client = await db.connect();
    return client.query('SELECT 1').then(r => r.rows);
  }
}`,
      errors: [{ messageId: 'neverReleased', line: 5, suggestions: [{ messageId: 'wrapInFinally', output: returnAwaitThenOutput }] }],
    },
    {
      name: 'no suggestion in a non-async function: a .then chain that never releases',
      code: `import pg from 'pg';
const db = new pg.Pool();
export function f() {
  return db.connect().then(client => client.query('SELECT 1'));
}`,
      errors: [{ messageId: 'neverReleased', line: 4, data: { handle: 'client', releaseCall: '`client.release()`' }, suggestions: [] }],
    },
    {
      name: 'no suggestion in a non-async function: a sync createQueryRunner() never released',
      code: `import type { DataSource } from 'typeorm';
export function f(source: DataSource) {
  const runner = source.createQueryRunner();
  runner.startTransaction();
}`,
      errors: [{ messageId: 'neverReleased', line: 3, data: { handle: 'runner', releaseCall: '`runner.release()`' }, suggestions: [] }],
    },
    {
      name: 'no suggestion in a non-async function: a sync createQueryRunner() released only on success',
      code: `import type { DataSource } from 'typeorm';
export function f(source: DataSource) {
  const runner = source.createQueryRunner();
  runner.query('SELECT 1');
  runner.release();
}`,
      errors: [
        { messageId: 'releasedOnlyOnSuccess', line: 3, data: { handle: 'runner', call: '`runner.query()`', line: '4' }, suggestions: [] },
      ],
    },
    {
      name: 'no autofix in a non-async function either',
      code: `import pg from 'pg';
const db = new pg.Pool();
export function f() {
  return db.connect().then(client => client.query('SELECT 1'));
}`,
      options: [{ autofix: true }],
      output: null,
      errors: [{ messageId: 'neverReleased', line: 4 }],
    },
    {
      name: 'suggestion: an early return before the protecting try moves into it (no second try, no empty finally)',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f(id: string) {
  const client = await db.connect();
  if (!id) return null;
  try {
    return await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'earlyReturn',
          line: 4,
          data: { handle: 'client', line: '5', releaseCall: '`client.release()`' },
          suggestions: [{ messageId: 'moveIntoTry', data: { handle: 'client' }, output: earlyReturnMoveOutput }],
        },
      ],
    },
    {
      name: 'suggestion: an early return of a query moves into the protecting try as return await',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f(id: string) {
  const client = await db.connect();
  if (!id) return client.query('SELECT 0');
  try {
    return await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'earlyReturn',
          line: 4,
          data: { handle: 'client', line: '5', releaseCall: '`client.release()`' },
          suggestions: [{ messageId: 'moveIntoTry', output: earlyReturnMoveAwaitOutput }],
        },
      ],
    },
    {
      name: 'suggestion: an early return and a BEGIN before the protecting try both move into it',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f(id: string) {
  const client = await db.connect();
  if (!id) return null;
  await client.query('BEGIN');
  try {
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  return 1;
}`,
      errors: [
        {
          messageId: 'earlyReturn',
          line: 4,
          data: { handle: 'client', line: '5', releaseCall: '`client.release()`' },
          suggestions: [{ messageId: 'moveIntoTry', output: earlyReturnAndBeginOutput }],
        },
      ],
    },
  ],
});
