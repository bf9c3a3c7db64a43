/**
 * require-pool-timeouts: `knex({ client })` without a `connection` builds no pool (it only compiles
 * SQL), so there is no wait for a connection to bound. With a connection it is checked as before.
 */
import rule from '../../src/rules/require-pool-timeouts';
import { jsRuleTester, ruleTester } from '../rule-tester';

ruleTester.run('require-pool-timeouts (query builders without a connection)', rule, {
  valid: [
    { name: 'knex without a connection', code: `import knex from 'knex';\nexport const qb = knex({ client: 'pg' });\n` },
    {
      name: 'knex without a connection, options in a const',
      code: `import { knex } from 'knex';\nconst options = { client: 'mysql2', useNullAsDefault: true };\nexport const qb = knex(options);\n`,
    },
  ],
  invalid: [
    {
      name: 'knex with a connection behind a const',
      code: `import knex from 'knex';\nconst options = { client: 'pg', connection: process.env.DATABASE_URL };\nexport const db = knex(options);\n`,
      errors: [
        {
          messageId: 'defaultTimeout',
          line: 3,
          suggestions: [
            {
              messageId: 'setOption',
              output: `import knex from 'knex';\nconst options = { client: 'pg', connection: process.env.DATABASE_URL, pool: { acquireTimeoutMillis: 5000 } };\nexport const db = knex(options);\n`,
            },
          ],
        },
      ],
    },
  ],
});

jsRuleTester.run('require-pool-timeouts (query builders without a connection, CommonJS)', rule, {
  valid: [{ name: "require('knex')({ client }) without a connection", code: `const qb = require('knex')({ client: 'pg' });\nmodule.exports = qb;\n` }],
  invalid: [],
});
