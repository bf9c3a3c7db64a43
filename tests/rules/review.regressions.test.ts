/** Regressions found by review of no-double-release, prefer-pool-query and no-nested-checkout. */
import noDoubleRelease from '../../src/rules/no-double-release';
import noNestedCheckout from '../../src/rules/no-nested-checkout';
import preferPoolQuery from '../../src/rules/prefer-pool-query';
import { ruleTester } from '../rule-tester';

ruleTester.run('no-double-release regressions', noDoubleRelease, {
  valid: [
    {
      name: 'knex: commit at the end of the try, rollback in catch (a failing commit did not finish)',
      code: `import knex from 'knex';\nconst db = knex({ client: 'pg' });\nexport async function f() {\n  const trx = await db.transaction();\n  try {\n    await trx('a').insert({});\n    await trx.commit();\n  } catch (e) {\n    await trx.rollback();\n    throw e;\n  }\n}`,
    },
    {
      name: 'pg: a released flag guards the release in finally',
      code: `import { Pool } from 'pg';\nconst db = new Pool();\nexport async function f() {\n  const client = await db.connect();\n  let released = false;\n  try {\n    await client.query('SELECT 1');\n    client.release();\n    released = true;\n    await other();\n  } finally {\n    if (!released) client.release();\n  }\n}\ndeclare function other(): Promise<void>;`,
    },
  ],
  invalid: [
    {
      name: 'pg: a condition that is not a flag of the function still double-releases',
      code: `import { Pool } from 'pg';\nconst db = new Pool();\nexport async function f(again: boolean) {\n  const client = await db.connect();\n  client.release();\n  if (again) client.release();\n}`,
      errors: [
        {
          messageId: 'doubleRelease',
          line: 6,
          suggestions: [
            {
              messageId: 'removeRelease',
              output: `import { Pool } from 'pg';\nconst db = new Pool();\nexport async function f(again: boolean) {\n  const client = await db.connect();\n  client.release();\n  if (again) {}\n}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('prefer-pool-query regressions', preferPoolQuery, {
  valid: [
    {
      name: 'a manual knex transaction with one statement is not a checkout for one query',
      code: `import knex from 'knex';\nconst db = knex({ client: 'pg' });\nexport async function dryRun() {\n  const trx = await db.transaction();\n  await trx.raw('DELETE FROM t');\n  await trx.rollback();\n}`,
    },
    {
      name: 'one query in a loop runs many times on the checkout',
      code: `import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function f(ids: number[]) {\n  const client = await pool.connect();\n  try {\n    for (const id of ids) await client.query('DELETE FROM t WHERE id = $1', [id]);\n  } finally {\n    client.release();\n  }\n}`,
    },
    {
      name: 'a cursor is not a plain query',
      code: `import { Pool } from 'pg';\nimport Cursor from 'pg-cursor';\nconst pool = new Pool();\nexport async function f() {\n  const client = await pool.connect();\n  try {\n    const cursor = client.query(new Cursor('SELECT * FROM t'));\n    return await cursor.read(100);\n  } finally {\n    client.release();\n  }\n}`,
    },
  ],
  invalid: [],
});

ruleTester.run('no-nested-checkout regressions', noNestedCheckout, {
  valid: [
    {
      name: 'Sequelize: the outer object with { transaction: t } runs inside the transaction',
      code: `import { Sequelize } from 'sequelize';\nconst sequelize = new Sequelize('x');\nexport async function f() {\n  await sequelize.transaction(async (t) => {\n    await sequelize.query('UPDATE a SET b = 1', { transaction: t });\n  });\n}`,
    },
    {
      name: 'knex: .transacting(trx) puts the outer builder in the transaction',
      code: `import knex from 'knex';\nconst db = knex({ client: 'pg' });\nexport async function f() {\n  await db.transaction(async (trx) => {\n    await db('a').transacting(trx).insert({});\n  });\n}`,
    },
  ],
  invalid: [],
});

import noLeakedConnection from '../../src/rules/no-leaked-connection';

ruleTester.run('no-leaked-connection: options lend the handle', noLeakedConnection, {
  valid: [
    {
      name: 'Sequelize: committed and rolled back around { transaction: t } calls',
      code: `import { Sequelize } from 'sequelize';\nconst sequelize = new Sequelize('x');\nexport async function f() {\n  const t = await sequelize.transaction();\n  try {\n    await sequelize.query('UPDATE a SET b = 1', { transaction: t });\n    await t.commit();\n  } catch (e) {\n    await t.rollback();\n    throw e;\n  }\n}`,
    },
  ],
  invalid: [
    {
      name: 'Sequelize: an unmanaged transaction lent to queries but never finished',
      code: `import { Sequelize } from 'sequelize';\nconst sequelize = new Sequelize('x');\nexport async function f() {\n  const t = await sequelize.transaction();\n  await sequelize.query('UPDATE a SET b = 1', { transaction: t });\n}`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 4,
          suggestions: [
            {
              messageId: 'rollbackInCatch',
              output: `import { Sequelize } from 'sequelize';\nconst sequelize = new Sequelize('x');\nexport async function f() {\n  const t = await sequelize.transaction();\n  try {\n    await sequelize.query('UPDATE a SET b = 1', { transaction: t });\n    await t.commit();\n  } catch (error) {\n    await t.rollback();\n    throw error;\n  }\n}`,
            },
          ],
        },
      ],
    },
  ],
});

import noAwaitWhileCheckedOut from '../../src/rules/no-await-while-checked-out';

ruleTester.run('no-leaked-connection: the handle tests its own state', noLeakedConnection, {
  valid: [
    {
      name: 'knex: commit in the try, roll back in finally unless completed',
      code: `import knex from 'knex';\nconst db = knex({ client: 'pg' });\nexport async function f() {\n  const trx = await db.transaction();\n  try {\n    await trx('a').insert({});\n    await trx.commit();\n  } finally {\n    if (!trx.isCompleted()) await trx.rollback();\n  }\n}`,
    },
  ],
  invalid: [],
});

ruleTester.run('no-await-while-checked-out: promisified calls on the handle', noAwaitWhileCheckedOut, {
  valid: [
    {
      name: 'pg: a callback query on the held client wrapped in a promise is database work',
      code: `import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function f() {\n  const client = await pool.connect();\n  try {\n    await new Promise((resolve, reject) => client.query('SELECT 1', (e: Error | null) => (e ? reject(e) : resolve(null))));\n  } finally {\n    client.release();\n  }\n}`,
    },
  ],
  invalid: [],
});
