/**
 * no-pool-per-request: factories that build a pool only when given a connection
 * (`Factory.buildsFromConnectionOnly`). `knex({ client: 'pg' })` without a `connection` only
 * compiles SQL (knex's client initialises its pool only with `config.connection`): nothing to hoist.
 * With a connection, visible or behind a `const`, or with options the code does not show, it is a pool.
 */
import rule from '../../src/rules/no-pool-per-request';
import { ruleTester } from '../rule-tester';

const scope = 'a route handler (`app.get`)';

ruleTester.run('no-pool-per-request (query builders without a connection)', rule, {
  valid: [
    {
      name: 'knex without a connection in a route: a SQL builder only',
      code: `import knex from 'knex';
import express from 'express';
const app = express();
app.get('/sql', (req, res) => {
  const qb = knex({ client: 'pg' });
  res.send(qb('users').where({ id: req.query.id }).toString());
});`,
    },
    {
      name: 'knex options without a connection kept in a const',
      code: `import { knex } from 'knex';
import express from 'express';
const app = express();
const builderOptions = { client: 'mysql2', useNullAsDefault: true };
app.get('/sql', (req, res) => {
  res.send(knex(builderOptions).select('*').from('t').toQuery());
});`,
    },
    {
      name: 'knex without a connection in a Lambda handler, options typed',
      code: `import knex, { type Knex } from 'knex';
export async function handler(event: { table: string }) {
  const options: Knex.Config = { client: 'sqlite3', useNullAsDefault: true };
  return knex(options)(event.table).select('id').toString();
}`,
    },
    {
      name: 'drizzle given an existing pool',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import express from 'express';
import { pool } from './db';
const app = express();
app.get('/users', async (req, res) => {
  const db = drizzle(pool);
  res.json(await db.execute('select 1'));
});`,
    },
  ],
  invalid: [
    {
      name: 'knex with options the code does not show: a pool',
      code: `import knex from 'knex';
import express from 'express';
import { dbConfig } from './config';
const app = express();
app.get('/users', async (req, res) => {
  const db = knex(dbConfig);
  res.json(await db('users'));
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 6,
          data: { construct: 'knex()', scope, via: '', what: 'pool' },
          suggestions: [
            {
              messageId: 'hoistToModule',
              output: `import knex from 'knex';
import express from 'express';
import { dbConfig } from './config';
const app = express();
const db = knex(dbConfig);
app.get('/users', async (req, res) => {
  res.json(await db('users'));
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'knex with a connection behind a const',
      code: `import knex from 'knex';
import express from 'express';
const app = express();
const settings = { client: 'pg', connection: process.env.DATABASE_URL };
app.get('/users', async (req, res) => {
  const db = knex(settings);
  res.json(await db('users'));
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 6,
          data: { construct: 'knex()', scope, via: '', what: 'pool' },
          suggestions: [
            {
              messageId: 'hoistToModule',
              output: `import knex from 'knex';
import express from 'express';
const app = express();
const settings = { client: 'pg', connection: process.env.DATABASE_URL };
const db = knex(settings);
app.get('/users', async (req, res) => {
  res.json(await db('users'));
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'knex with a shorthand connection property read from the request',
      code: `import knex from 'knex';
import express from 'express';
const app = express();
app.get('/users', async (req, res) => {
  const connection = String(req.query.url);
  const db = knex({ client: 'pg', connection });
  res.json(await db('users'));
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 6,
          data: { construct: 'knex()', scope, via: '', what: 'pool' },
          suggestions: [
            {
              messageId: 'lazyModuleSingleton',
              output: `import knex from 'knex';
import express from 'express';
const app = express();
let sharedDb: ReturnType<typeof knex> | undefined;
app.get('/users', async (req, res) => {
  const connection = String(req.query.url);
  const db = (sharedDb ??= knex({ client: 'pg', connection }));
  res.json(await db('users'));
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'drizzle given options with a connection behind a const',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import express from 'express';
const app = express();
const cfg = { connection: process.env.DATABASE_URL! };
app.get('/users', async (req, res) => {
  const db = drizzle(cfg);
  res.json(await db.execute('select 1'));
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 6,
          data: { construct: 'drizzle()', scope, via: '', what: 'pool' },
          suggestions: [
            {
              messageId: 'hoistToModule',
              output: `import { drizzle } from 'drizzle-orm/node-postgres';
import express from 'express';
const app = express();
const cfg = { connection: process.env.DATABASE_URL! };
const db = drizzle(cfg);
app.get('/users', async (req, res) => {
  res.json(await db.execute('select 1'));
});`,
            },
          ],
        },
      ],
    },
  ],
});
