/**
 * no-leaked-connection: manual transactions are checkouts. knex
 * `await knex.transaction()` without a handler, Sequelize `transaction()` / `startUnmanagedTransaction()`
 * without a callback, Kysely `startTransaction().execute()`, mssql `new Transaction(pool)` /
 * `pool.transaction()` + `begin()` hold a connection until commit or rollback; mssql
 * `new PreparedStatement(pool)` + `prepare()` holds one until `unprepare()`.
 *
 * For commit/rollback handles the suggestion is rollbackInCatch: the statements in a
 * `try { … } catch (error) { rollback; throw error; }`, with a commit at the end of the `try` when the
 * code never commits. Every suggestion output here is also a valid case: once applied, the rule is silent.
 *
 * Known wrong shapes are listed for users in docs/known-limitations.md, not here.
 */
import rule from '../../src/rules/no-leaked-connection';
import { jsRuleTester, ruleTester } from '../rule-tester';

// ----- knex -----------------------------------------------------------------------------------------

const knexCommitOnlyOnSuccess = `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  const trx = await db.transaction();
  await trx('a').insert({});
  await trx('b').insert({});
  await trx.commit();
}`;

const knexCommitOnlyOnSuccessOutput = `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  const trx = await db.transaction();
  try {
    await trx('a').insert({});
    await trx('b').insert({});
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`;

const knexNeverFinished = `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  const trx = await db.transaction();
  await trx('a').insert({});
}`;

const knexNeverFinishedOutput = `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  const trx = await db.transaction();
  try {
    await trx('a').insert({});
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`;

/** The body already names `error`: the catch parameter becomes `transactionError`. */
const knexErrorName = `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function log(error: string) {
  const trx = await db.transaction();
  await trx('log').insert({ error });
  await trx.commit();
}`;

const knexErrorNameOutput = `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function log(error: string) {
  const trx = await db.transaction();
  try {
    await trx('log').insert({ error });
    await trx.commit();
  } catch (transactionError) {
    await trx.rollback();
    throw transactionError;
  }
}`;

/** Statements after the last use of the transaction stay after the new try/catch. */
const knexTrailing = `import knex from 'knex';
const db = knex({ client: 'pg' });
declare function notify(): Promise<void>;
export async function f() {
  const trx = await db.transaction();
  await trx('a').insert({});
  await trx.commit();
  await notify();
}`;

const knexTrailingOutput = `import knex from 'knex';
const db = knex({ client: 'pg' });
declare function notify(): Promise<void>;
export async function f() {
  const trx = await db.transaction();
  try {
    await trx('a').insert({});
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
  await notify();
}`;

const knexCommonJs = `const knex = require('knex');
const db = knex({ client: 'pg' });
async function f() {
  const trx = await db.transaction();
  await trx('a').insert({});
}
module.exports = { f };`;

const knexCommonJsOutput = `const knex = require('knex');
const db = knex({ client: 'pg' });
async function f() {
  const trx = await db.transaction();
  try {
    await trx('a').insert({});
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}
module.exports = { f };`;

// ----- Sequelize ------------------------------------------------------------------------------------

const sequelizeV6 = `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('');
export async function f() {
  const t = await sequelize.transaction();
  await sequelize.query('UPDATE t SET n = 1', { transaction: t });
  await t.commit();
}`;

const sequelizeV6Output = `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('');
export async function f() {
  const t = await sequelize.transaction();
  try {
    await sequelize.query('UPDATE t SET n = 1', { transaction: t });
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}`;

const sequelizeV7 = `import { Sequelize } from '@sequelize/core';
const sequelize = new Sequelize({});
export async function f() {
  const t = await sequelize.startUnmanagedTransaction();
  await sequelize.query('UPDATE t SET n = 1', { transaction: t });
  await t.commit();
}`;

const sequelizeV7Output = `import { Sequelize } from '@sequelize/core';
const sequelize = new Sequelize({});
export async function f() {
  const t = await sequelize.startUnmanagedTransaction();
  try {
    await sequelize.query('UPDATE t SET n = 1', { transaction: t });
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}`;

const sequelizeTypescript = `import { Sequelize } from 'sequelize-typescript';
const sequelize = new Sequelize({});
export async function f() {
  const t = await sequelize.transaction();
  await sequelize.query('UPDATE t SET n = 1', { transaction: t });
  await t.commit();
}`;

const sequelizeTypescriptOutput = `import { Sequelize } from 'sequelize-typescript';
const sequelize = new Sequelize({});
export async function f() {
  const t = await sequelize.transaction();
  try {
    await sequelize.query('UPDATE t SET n = 1', { transaction: t });
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}`;

/** Never finished; the commit goes after the last use of `t`, before the statements that do not use it. */
const sequelizeNeverFinished = `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('');
export async function f(notify: () => void) {
  const t = await sequelize.transaction();
  t.afterCommit(notify);
  await sequelize.query('SELECT 1');
}`;

const sequelizeNeverFinishedOutput = `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('');
export async function f(notify: () => void) {
  const t = await sequelize.transaction();
  try {
    t.afterCommit(notify);
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
  await sequelize.query('SELECT 1');
}`;

// ----- Kysely ---------------------------------------------------------------------------------------

const kyselyNeverFinished = `import { Kysely } from 'kysely';
const db = new Kysely<Record<string, never>>({} as never);
export async function f() {
  const trx = await db.startTransaction().execute();
  await trx.selectFrom('t').execute();
}`;

const kyselyNeverFinishedOutput = `import { Kysely } from 'kysely';
const db = new Kysely<Record<string, never>>({} as never);
export async function f() {
  const trx = await db.startTransaction().execute();
  try {
    await trx.selectFrom('t').execute();
    await trx.commit().execute();
  } catch (error) {
    await trx.rollback().execute();
    throw error;
  }
}`;

// ----- mssql ----------------------------------------------------------------------------------------

const mssqlTransaction = `import sql from 'mssql';
const pool = new sql.ConnectionPool({} as sql.config);
export async function f() {
  const tx = new sql.Transaction(pool);
  await tx.begin();
  await tx.request().query('UPDATE t SET n = 1');
  await tx.commit();
}`;

const mssqlTransactionOutput = `import sql from 'mssql';
const pool = new sql.ConnectionPool({} as sql.config);
export async function f() {
  const tx = new sql.Transaction(pool);
  await tx.begin();
  try {
    await tx.request().query('UPDATE t SET n = 1');
    await tx.commit();
  } catch (error) {
    await tx.rollback();
    throw error;
  }
}`;

const mssqlNeverFinished = `import sql from 'mssql';
const pool = new sql.ConnectionPool({} as sql.config);
export async function f() {
  const tx = new sql.Transaction(pool);
  await tx.begin(sql.ISOLATION_LEVEL.SERIALIZABLE);
  await tx.request().query('UPDATE t SET n = 1');
}`;

const mssqlNeverFinishedOutput = `import sql from 'mssql';
const pool = new sql.ConnectionPool({} as sql.config);
export async function f() {
  const tx = new sql.Transaction(pool);
  await tx.begin(sql.ISOLATION_LEVEL.SERIALIZABLE);
  try {
    await tx.request().query('UPDATE t SET n = 1');
    await tx.commit();
  } catch (error) {
    await tx.rollback();
    throw error;
  }
}`;

const mssqlPoolTransaction = `import sql from 'mssql';
const pool = new sql.ConnectionPool({} as sql.config);
export async function f() {
  const tx = pool.transaction();
  await tx.begin();
  await tx.request().query('UPDATE t SET n = 1');
  await tx.commit();
}`;

const mssqlPoolTransactionOutput = `import sql from 'mssql';
const pool = new sql.ConnectionPool({} as sql.config);
export async function f() {
  const tx = pool.transaction();
  await tx.begin();
  try {
    await tx.request().query('UPDATE t SET n = 1');
    await tx.commit();
  } catch (error) {
    await tx.rollback();
    throw error;
  }
}`;

const mssqlPrepared = `import sql from 'mssql';
const pool = new sql.ConnectionPool({} as sql.config);
export async function f() {
  const ps = new sql.PreparedStatement(pool);
  await ps.prepare('SELECT 1');
  await ps.execute({});
  await ps.unprepare();
}`;

const mssqlPreparedOutput = `import sql from 'mssql';
const pool = new sql.ConnectionPool({} as sql.config);
export async function f() {
  const ps = new sql.PreparedStatement(pool);
  await ps.prepare('SELECT 1');
  try {
    await ps.execute({});
  } finally {
    await ps.unprepare();
  }
}`;

const mssqlPreparedNever = `import sql from 'mssql';
const pool = new sql.ConnectionPool({} as sql.config);
export async function f() {
  const ps = new sql.PreparedStatement(pool);
  await ps.prepare('SELECT 1');
  return ps.execute({});
}`;

const mssqlPreparedNeverOutput = `import sql from 'mssql';
const pool = new sql.ConnectionPool({} as sql.config);
export async function f() {
  const ps = new sql.PreparedStatement(pool);
  await ps.prepare('SELECT 1');
  try {
    return await ps.execute({});
  } finally {
    await ps.unprepare();
  }
}`;

ruleTester.run('no-leaked-connection (manual transactions)', rule, {
  valid: [
    // knex
    {
      name: 'knex: commit at the end of the try, rollback in a rethrowing catch',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  const trx = await db.transaction();
  try {
    await trx('a').insert({});
    await trx.commit();
  } catch (e) {
    await trx.rollback();
    throw e;
  }
}`,
    },
    {
      name: 'knex: rollback in a rethrowing catch, commit after the try',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  const trx = await db.transaction();
  try {
    await trx('a').insert({});
  } catch (e) {
    await trx.rollback();
    throw e;
  }
  await trx.commit();
}`,
    },
    {
      name: 'knex: rollback in a catch that returns',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  const trx = await db.transaction();
  try {
    await trx('a').insert({});
    await trx.commit();
    return true;
  } catch (e) {
    await trx.rollback();
    return false;
  }
}`,
    },
    {
      name: 'knex: rollback before an early return, commit at the end, rollback in catch',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f(rows: object[]) {
  const trx = await db.transaction();
  try {
    if (rows.length === 0) {
      await trx.rollback();
      return 0;
    }
    await trx('a').insert(rows);
    await trx.commit();
    return rows.length;
  } catch (e) {
    await trx.rollback();
    throw e;
  }
}`,
    },
    {
      name: 'knex: the transaction handler form is managed',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  await db.transaction(async (trx) => {
    await trx('a').insert({});
  });
}`,
    },
    {
      name: 'knex: the transaction is returned to the caller (ownership moves)',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function begin() {
  const trx = await db.transaction();
  return trx;
}`,
    },
    { name: 'knex: rollbackInCatch output (commit only on success)', code: knexCommitOnlyOnSuccessOutput },
    { name: 'knex: rollbackInCatch output (never finished)', code: knexNeverFinishedOutput },
    { name: 'knex: rollbackInCatch output (body names `error`)', code: knexErrorNameOutput },
    { name: 'knex: rollbackInCatch output (trailing statement)', code: knexTrailingOutput },

    // Sequelize
    {
      name: 'Sequelize: managed transaction(async t => …)',
      code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('');
export async function f() {
  await sequelize.transaction(async (t) => {
    await sequelize.query('SELECT 1', { transaction: t });
  });
}`,
    },
    {
      name: 'Sequelize: managed transaction(options, async t => …)',
      code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('');
export async function f() {
  await sequelize.transaction({ isolationLevel: 'SERIALIZABLE' as never }, async (t) => {
    await sequelize.query('SELECT 1', { transaction: t });
  });
}`,
    },
    {
      name: 'Sequelize v7: startUnmanagedTransaction committed in try, rolled back in catch',
      code: `import { Sequelize } from '@sequelize/core';
const sequelize = new Sequelize({});
export async function f() {
  const t = await sequelize.startUnmanagedTransaction();
  try {
    await sequelize.query('SELECT 1', { transaction: t });
    await t.commit();
  } catch (e) {
    await t.rollback();
    throw e;
  }
}`,
    },
    { name: 'Sequelize v6: rollbackInCatch output', code: sequelizeV6Output },
    { name: 'Sequelize v7: rollbackInCatch output', code: sequelizeV7Output },
    { name: 'sequelize-typescript: rollbackInCatch output', code: sequelizeTypescriptOutput },
    { name: 'Sequelize: rollbackInCatch output (never finished)', code: sequelizeNeverFinishedOutput },

    // Kysely
    {
      name: 'Kysely: commit().execute() in try, rollback().execute() in a rethrowing catch',
      code: `import { Kysely } from 'kysely';
const db = new Kysely<Record<string, never>>({} as never);
export async function f() {
  const trx = await db.startTransaction().execute();
  try {
    await trx.selectFrom('t').execute();
    await trx.commit().execute();
  } catch (e) {
    await trx.rollback().execute();
    throw e;
  }
}`,
    },
    {
      name: 'Kysely: transaction().execute(cb) is managed',
      code: `import { Kysely } from 'kysely';
const db = new Kysely<Record<string, never>>({} as never);
export async function f() {
  await db.transaction().execute(async (trx) => {
    await trx.selectFrom('t').execute();
  });
}`,
    },
    {
      name: 'Kysely: startTransaction() without execute() holds nothing yet',
      code: `import { Kysely } from 'kysely';
const db = new Kysely<Record<string, never>>({} as never);
export function builder() {
  return db.startTransaction().setIsolationLevel('serializable');
}`,
    },
    { name: 'Kysely: rollbackInCatch output (never finished)', code: kyselyNeverFinishedOutput },

    // mssql
    {
      name: 'mssql: Transaction committed in try, rolled back in a rethrowing catch',
      code: `import sql from 'mssql';
const pool = new sql.ConnectionPool({} as sql.config);
export async function f() {
  const tx = new sql.Transaction(pool);
  await tx.begin();
  try {
    await tx.request().query('SELECT 1');
    await tx.commit();
  } catch (e) {
    await tx.rollback();
    throw e;
  }
}`,
    },
    {
      name: 'mssql: pool.transaction() committed in try, rolled back in a rethrowing catch',
      code: `import sql from 'mssql';
const pool = new sql.ConnectionPool({} as sql.config);
export async function f() {
  const tx = pool.transaction();
  await tx.begin();
  try {
    await tx.request().query('SELECT 1');
    await tx.commit();
  } catch (e) {
    await tx.rollback();
    throw e;
  }
}`,
    },
    {
      name: 'mssql: a Transaction that is never begun holds nothing',
      code: `import sql from 'mssql';
const pool = new sql.ConnectionPool({} as sql.config);
export function make() {
  const tx = new sql.Transaction(pool);
  return tx;
}`,
    },
    {
      name: 'mssql: PreparedStatement unprepared in finally',
      code: `import sql from 'mssql';
const pool = new sql.ConnectionPool({} as sql.config);
export async function f() {
  const ps = new sql.PreparedStatement(pool);
  await ps.prepare('SELECT 1');
  try {
    return await ps.execute({});
  } finally {
    await ps.unprepare();
  }
}`,
    },
    {
      name: 'mssql: PreparedStatement on a Transaction, both finished on every path',
      code: `import sql from 'mssql';
const pool = new sql.ConnectionPool({} as sql.config);
export async function f() {
  const tx = new sql.Transaction(pool);
  await tx.begin();
  try {
    const ps = new sql.PreparedStatement(tx);
    await ps.prepare('SELECT 1');
    try {
      await ps.execute({});
    } finally {
      await ps.unprepare();
    }
    await tx.commit();
  } catch (e) {
    await tx.rollback();
    throw e;
  }
}`,
    },
    {
      name: 'mssql: pool.request() and pool.query() are managed',
      code: `import sql from 'mssql';
const pool = new sql.ConnectionPool({} as sql.config);
export async function f() {
  await pool.request().query('SELECT 1');
  return pool.query\`SELECT 2\`;
}`,
    },
    { name: 'mssql: rollbackInCatch output (Transaction)', code: mssqlTransactionOutput },
    { name: 'mssql: rollbackInCatch output (never finished, begin with isolation level)', code: mssqlNeverFinishedOutput },
    { name: 'mssql: rollbackInCatch output (pool.transaction())', code: mssqlPoolTransactionOutput },
    { name: 'mssql: wrapInFinally output (PreparedStatement)', code: mssqlPreparedOutput },
    { name: 'mssql: wrapInFinally output (PreparedStatement never unprepared)', code: mssqlPreparedNeverOutput },
  ],
  invalid: [
    // knex
    {
      name: 'knex: committed only when nothing throws',
      code: knexCommitOnlyOnSuccess,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 4,
          column: 21,
          endColumn: 37,
          data: { handle: 'trx', call: "`trx('a').insert()`", line: '5' },
          suggestions: [{ messageId: 'rollbackInCatch', data: { handle: 'trx' }, output: knexCommitOnlyOnSuccessOutput }],
        },
      ],
    },
    {
      name: 'knex: committed only when nothing throws, autofix: true applies the rollbackInCatch edit',
      code: knexCommitOnlyOnSuccess,
      options: [{ autofix: true }],
      output: knexCommitOnlyOnSuccessOutput,
      errors: [{ messageId: 'releasedOnlyOnSuccess', line: 4 }],
    },
    {
      name: 'knex: never committed nor rolled back (commit added at the end of the try)',
      code: knexNeverFinished,
      errors: [
        {
          messageId: 'neverReleased',
          line: 4,
          data: { handle: 'trx', releaseCall: '`trx.commit()`' },
          suggestions: [{ messageId: 'rollbackInCatch', output: knexNeverFinishedOutput }],
        },
      ],
    },
    {
      name: 'knex: the catch parameter avoids a name the body uses',
      code: knexErrorName,
      errors: [{ messageId: 'releasedOnlyOnSuccess', line: 4, suggestions: [{ messageId: 'rollbackInCatch', output: knexErrorNameOutput }] }],
    },
    {
      name: 'knex: statements after the last use of the transaction stay outside the try',
      code: knexTrailing,
      errors: [{ messageId: 'releasedOnlyOnSuccess', line: 5, suggestions: [{ messageId: 'rollbackInCatch', output: knexTrailingOutput }] }],
    },
    {
      name: 'knex: a .then chain commits only on success',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export function f() {
  return db.transaction().then((trx) => trx('a').insert({}).then(() => trx.commit()));
}`,
      errors: [{ messageId: 'promiseChain', line: 4, suggestions: [] }],
    },

    // Sequelize
    {
      name: 'Sequelize v6: unmanaged transaction committed only on success',
      code: sequelizeV6,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 4,
          data: { handle: 't', call: '`sequelize.query()`', line: '5' },
          suggestions: [{ messageId: 'rollbackInCatch', output: sequelizeV6Output }],
        },
      ],
    },
    {
      name: 'Sequelize v7: startUnmanagedTransaction committed only on success',
      code: sequelizeV7,
      errors: [{ messageId: 'releasedOnlyOnSuccess', line: 4, suggestions: [{ messageId: 'rollbackInCatch', output: sequelizeV7Output }] }],
    },
    {
      name: 'sequelize-typescript: unmanaged transaction committed only on success',
      code: sequelizeTypescript,
      errors: [{ messageId: 'releasedOnlyOnSuccess', line: 4, suggestions: [{ messageId: 'rollbackInCatch', output: sequelizeTypescriptOutput }] }],
    },
    {
      name: 'Sequelize: unmanaged transaction never finished (used only for a hook)',
      code: sequelizeNeverFinished,
      errors: [{ messageId: 'neverReleased', line: 4, suggestions: [{ messageId: 'rollbackInCatch', output: sequelizeNeverFinishedOutput }] }],
    },

    // Kysely
    {
      name: 'Kysely: startTransaction().execute() never committed nor rolled back',
      code: kyselyNeverFinished,
      errors: [
        {
          messageId: 'neverReleased',
          line: 4,
          column: 21,
          endColumn: 42,
          data: { handle: 'trx', releaseCall: '`trx.commit()`' },
          suggestions: [{ messageId: 'rollbackInCatch', output: kyselyNeverFinishedOutput }],
        },
      ],
    },
    {
      // The report is right; no suggestion is offered for this shape yet.
      name: 'Kysely: commit().execute() only when nothing throws (reported; no suggestion yet)',
      code: `import { Kysely } from 'kysely';
const db = new Kysely<Record<string, never>>({} as never);
export async function f() {
  const trx = await db.startTransaction().execute();
  await trx.selectFrom('t').execute();
  await trx.commit().execute();
}`,
      errors: [{ messageId: 'releasedOnlyOnSuccess', line: 4, data: { handle: 'trx', call: "`trx.selectFrom('t').execute()`", line: '5' }, suggestions: [] }],
    },

    // mssql
    {
      name: 'mssql: new Transaction(pool) + begin(), committed only on success (reported at begin)',
      code: mssqlTransaction,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 5,
          column: 9,
          endColumn: 19,
          data: { handle: 'tx', call: '`tx.request().query()`', line: '6' },
          suggestions: [{ messageId: 'rollbackInCatch', output: mssqlTransactionOutput }],
        },
      ],
    },
    {
      name: 'mssql: Transaction begun with an isolation level, never finished',
      code: mssqlNeverFinished,
      errors: [{ messageId: 'neverReleased', line: 5, suggestions: [{ messageId: 'rollbackInCatch', output: mssqlNeverFinishedOutput }] }],
    },
    {
      name: 'mssql: pool.transaction() + begin(), committed only on success',
      code: mssqlPoolTransaction,
      errors: [{ messageId: 'releasedOnlyOnSuccess', line: 5, suggestions: [{ messageId: 'rollbackInCatch', output: mssqlPoolTransactionOutput }] }],
    },
    {
      name: 'mssql: PreparedStatement unprepared only on success (wrapInFinally, not a transaction)',
      code: mssqlPrepared,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 5,
          column: 9,
          endColumn: 31,
          data: { handle: 'ps', call: '`ps.execute()`', line: '6' },
          suggestions: [{ messageId: 'wrapInFinally', data: { handle: 'ps' }, output: mssqlPreparedOutput }],
        },
      ],
    },
    {
      name: 'mssql: PreparedStatement never unprepared (the returned execute is awaited inside the new try)',
      code: mssqlPreparedNever,
      errors: [{ messageId: 'neverReleased', line: 5, suggestions: [{ messageId: 'wrapInFinally', output: mssqlPreparedNeverOutput }] }],
    },
    {
      name: 'mssql: PreparedStatement on a Transaction, unprepared only on success (nested block: no suggestion)',
      code: `import sql from 'mssql';
const pool = new sql.ConnectionPool({} as sql.config);
export async function f() {
  const tx = new sql.Transaction(pool);
  await tx.begin();
  try {
    const ps = new sql.PreparedStatement(tx);
    await ps.prepare('SELECT 1');
    await ps.execute({});
    await ps.unprepare();
    await tx.commit();
  } catch (e) {
    await tx.rollback();
    throw e;
  }
}`,
      errors: [{ messageId: 'releasedOnlyOnSuccess', line: 8, data: { handle: 'ps', call: '`ps.execute()`', line: '9' }, suggestions: [] }],
    },
  ],
});

jsRuleTester.run('no-leaked-connection (manual transactions, CommonJS)', rule, {
  valid: [
    { name: "require('knex'): rollbackInCatch output", code: knexCommonJsOutput },
    {
      name: "require('mssql'): Transaction committed in try, rolled back in catch",
      code: `const sql = require('mssql');
const pool = new sql.ConnectionPool({});
async function f() {
  const tx = new sql.Transaction(pool);
  await tx.begin();
  try {
    await tx.request().query('SELECT 1');
    await tx.commit();
  } catch (e) {
    await tx.rollback();
    throw e;
  }
}
module.exports = { f };`,
    },
  ],
  invalid: [
    {
      name: "require('knex'): manual transaction never finished",
      code: knexCommonJs,
      errors: [{ messageId: 'neverReleased', line: 4, suggestions: [{ messageId: 'rollbackInCatch', output: knexCommonJsOutput }] }],
    },
    {
      name: "require('mssql'): Transaction committed only on success",
      code: `const sql = require('mssql');
const pool = new sql.ConnectionPool({});
async function f() {
  const tx = new sql.Transaction(pool);
  await tx.begin();
  await tx.request().query('SELECT 1');
  await tx.commit();
}
module.exports = { f };`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 5,
          suggestions: [
            {
              messageId: 'rollbackInCatch',
              output: `const sql = require('mssql');
const pool = new sql.ConnectionPool({});
async function f() {
  const tx = new sql.Transaction(pool);
  await tx.begin();
  try {
    await tx.request().query('SELECT 1');
    await tx.commit();
  } catch (error) {
    await tx.rollback();
    throw error;
  }
}
module.exports = { f };`,
            },
          ],
        },
      ],
    },
  ],
});
