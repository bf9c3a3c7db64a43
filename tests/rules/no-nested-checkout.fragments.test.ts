/**
 * no-nested-checkout: pieces of SQL are not queries. `db.raw(…)`, `db.ref(…)` and `db.fn.now()`
 * (knex's `fragments` in the driver data) handed to a builder, or stored in an object or array literal,
 * run no query and take no connection of their own. Awaited, returned or run through `Promise.all`,
 * `db.raw(…)` is a query on the pool and is reported as before.
 */
import rule from '../../src/rules/no-nested-checkout';
import { ruleTester } from '../rule-tester';

const header = `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });`;

ruleTester.run('no-nested-checkout (SQL fragments)', rule, {
  valid: [
    {
      name: 'manual transaction: fragments in an update object, a where argument and an array',
      code: `${header}
export async function touch(id: number) {
  const trx = await db.transaction();
  try {
    await trx('users').update({ seen_at: db.fn.now(), visits: db.raw('visits + 1') }).where({ id });
    await trx('users').where('score', '>', db.raw('?', [10])).select(db.ref('name').as('n'));
    await trx('log').insert([{ at: db.fn.now() }, { at: db.raw('now()') }]);
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`,
    },
    {
      name: 'scoped transaction: fragments built from the outer instance inside the callback',
      code: `${header}
export async function touch(ids: number[]) {
  await db.transaction(async trx => {
    const values = ids.map(id => ({ id, at: db.fn.now() }));
    await trx('seen').insert(values);
    await trx('users').whereIn('id', ids).update('updated_at', db.raw('CURRENT_TIMESTAMP'));
  });
}`,
    },
  ],
  invalid: [
    {
      name: 'manual transaction: db.raw awaited by itself and through Promise.all is a query on the pool',
      code: `${header}
export async function f() {
  const trx = await db.transaction();
  try {
    await db.raw('SELECT pg_sleep(0)');
    await Promise.all([db.raw('SELECT 1')]);
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`,
      errors: [
        { messageId: 'poolQueryWhileHeld', line: 6, data: { pool: 'db', handle: 'trx' } },
        { messageId: 'poolQueryWhileHeld', line: 7, data: { pool: 'db', handle: 'trx' } },
      ],
    },
    {
      name: 'scoped transaction: db.raw returned from the callback runs outside it, the fragment beside it does not',
      code: `${header}
export async function f(id: number) {
  return db.transaction(async trx => {
    await trx('t').where({ id }).update({ at: db.fn.now() });
    return db.raw('SELECT 1');
  });
}`,
      errors: [
        {
          messageId: 'outerInTransaction',
          line: 6,
          suggestions: [
            {
              messageId: 'useHeldHandle',
              output: `${header}
export async function f(id: number) {
  return db.transaction(async trx => {
    await trx('t').where({ id }).update({ at: db.fn.now() });
    return trx.raw('SELECT 1');
  });
}`,
            },
          ],
        },
      ],
    },
  ],
});
