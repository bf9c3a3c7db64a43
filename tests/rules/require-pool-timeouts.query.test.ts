/**
 * require-pool-timeouts, the timeout hierarchy: with `queryTimeout: true` a statement timeout is
 * required where the driver has a pool option for one (per driver, from the data); whatever the
 * options, an acquire timeout written beside a statement timeout must be the shorter one.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index';
import { poolConfigs } from '../../src/drivers/pool-config';
import rule, { type MessageId, type Options } from '../../src/rules/require-pool-timeouts';
import { ruleTester } from '../rule-tester';

type Invalid = InvalidTestCase<MessageId, Options>;
type Valid = ValidTestCase<Options>;

const QUERY: Options = [{ queryTimeout: true }];

/** One report whose one suggestion writes `output`. */
function query(name: string, messageId: MessageId, code: string, output: string, options: Options = QUERY): Invalid {
  return { name, code, options, errors: [{ messageId, suggestions: [{ messageId: 'setOption', output }] }] };
}

const pg = (options: string) => `import { Pool } from 'pg';\nexport const pool = new Pool(${options});\n`;

/** The drivers with a pool option for a statement timeout, each with a pool that sets only its acquire timeout. */
const SAMPLES: Record<string, { code: string; output: string; messageId: MessageId }> = {
  pg: { code: pg('{ connectionTimeoutMillis: 5000 }'), output: pg('{ connectionTimeoutMillis: 5000, statement_timeout: 30000 }'), messageId: 'missingQueryTimeout' },
  'pg-pool': {
    code: "import Pool from 'pg-pool';\nexport const pool = new Pool({ connectionTimeoutMillis: 5000 });\n",
    output: "import Pool from 'pg-pool';\nexport const pool = new Pool({ connectionTimeoutMillis: 5000, statement_timeout: 30000 });\n",
    messageId: 'missingQueryTimeout',
  },
  '@neondatabase/serverless': {
    code: "import { Pool } from '@neondatabase/serverless';\nexport const pool = new Pool({ connectionTimeoutMillis: 5000 });\n",
    output: "import { Pool } from '@neondatabase/serverless';\nexport const pool = new Pool({ connectionTimeoutMillis: 5000, statement_timeout: 30000 });\n",
    messageId: 'missingQueryTimeout',
  },
  '@vercel/postgres': {
    code: "import { createPool } from '@vercel/postgres';\nexport const pool = createPool({ connectionTimeoutMillis: 5000 });\n",
    output: "import { createPool } from '@vercel/postgres';\nexport const pool = createPool({ connectionTimeoutMillis: 5000, statement_timeout: 30000 });\n",
    messageId: 'missingQueryTimeout',
  },
  'pg-promise': {
    code: "import pgPromise from 'pg-promise';\nconst pgp = pgPromise();\nexport const db = pgp({ connectionTimeoutMillis: 5000 });\n",
    output: "import pgPromise from 'pg-promise';\nconst pgp = pgPromise();\nexport const db = pgp({ connectionTimeoutMillis: 5000, statement_timeout: 30000 });\n",
    messageId: 'missingQueryTimeout',
  },
  postgres: {
    code: "import postgres from 'postgres';\nexport const sql = postgres(process.env.DATABASE_URL, { max: 5 });\n",
    output: "import postgres from 'postgres';\nexport const sql = postgres(process.env.DATABASE_URL, { max: 5, connection: { statement_timeout: 30000 } });\n",
    messageId: 'missingQueryTimeout',
  },
  slonik: {
    code: "import { createPool } from 'slonik';\nexport const pool = await createPool(process.env.DATABASE_URL);\n",
    output: "import { createPool } from 'slonik';\nexport const pool = await createPool(process.env.DATABASE_URL, { statementTimeout: 30000 });\n",
    messageId: 'defaultQueryTimeout',
  },
  mariadb: {
    code: "import mariadb from 'mariadb';\nexport const pool = mariadb.createPool({ acquireTimeout: 5000 });\n",
    output: "import mariadb from 'mariadb';\nexport const pool = mariadb.createPool({ acquireTimeout: 5000, queryTimeout: 30000 });\n",
    messageId: 'missingQueryTimeout',
  },
  mssql: {
    code: "import sql from 'mssql';\nexport const pool = new sql.ConnectionPool({ server: 'db', pool: { acquireTimeoutMillis: 5000 } });\n",
    output: "import sql from 'mssql';\nexport const pool = new sql.ConnectionPool({ server: 'db', pool: { acquireTimeoutMillis: 5000 }, requestTimeout: 30000 });\n",
    messageId: 'defaultQueryTimeout',
  },
  mongodb: {
    code: "import { MongoClient } from 'mongodb';\nexport const client = new MongoClient('mongodb://db', { waitQueueTimeoutMS: 5000 });\n",
    output: "import { MongoClient } from 'mongodb';\nexport const client = new MongoClient('mongodb://db', { waitQueueTimeoutMS: 5000, socketTimeoutMS: 30000 });\n",
    messageId: 'missingQueryTimeout',
  },
};

describe('query timeout samples', () => {
  it('cover every driver whose data has a pool option for a statement timeout', () => {
    expect(Object.keys(poolConfigs).filter(id => poolConfigs[id].queryTimeout)).toEqual(Object.keys(SAMPLES));
  });
});

const perDriver: Invalid[] = Object.entries(SAMPLES).map(([id, sample]) => query(`${id}: no statement timeout`, sample.messageId, sample.code, sample.output));
const perDriverSilentByDefault: Valid[] = Object.entries(SAMPLES).map(([id, sample]) => ({ name: `${id}: queryTimeout off`, code: sample.code }));
// Once the suggestion is applied the rule is silent.
const perDriverOutputs: Valid[] = Object.entries(SAMPLES).map(([id, sample]) => ({ name: `${id}: suggestion output`, code: sample.output, options: QUERY }));

const inverted = (name: string, code: string, data: Record<string, string>): Invalid => ({ name, code, errors: [{ messageId: 'invertedTimeouts', data }] });

ruleTester.run('require-pool-timeouts (statement timeouts)', rule, {
  valid: [
    ...perDriverSilentByDefault,
    ...perDriverOutputs,
    { code: pg('{ connectionTimeoutMillis: 5000, query_timeout: 10000 }'), options: QUERY },
    { code: pg('{ connectionTimeoutMillis: 5000, statement_timeout: Number(process.env.PG_STATEMENT_TIMEOUT) }'), options: QUERY },
    { code: "import { createPool } from 'slonik';\nexport const pool = await createPool(process.env.DATABASE_URL);\n", options: [{ queryTimeout: true, ignoreFiniteDefaults: true }] },
    { code: "import { MongoClient } from 'mongodb';\nexport const client = new MongoClient('mongodb://db/?socketTimeoutMS=30000', { waitQueueTimeoutMS: 5000 });\n", options: QUERY },
    { code: "import { MongoClient } from 'mongodb';\nexport const client = new MongoClient('mongodb://db', { timeoutMS: 5000 });\n", options: QUERY },
    { code: "import { MongoClient } from 'mongodb';\nexport const client = new MongoClient(process.env.MONGO_URL, { waitQueueTimeoutMS: 5000 });\n", options: QUERY },
    // Drivers that bound a query only per call or per connection have no pool option to ask for.
    { code: "import mysql from 'mysql2/promise';\nexport const pool = mysql.createPool({ queueLimit: 100 });\n", options: QUERY },
    { code: "import knex from 'knex';\nexport const db = knex({ client: 'pg', connection: process.env.DATABASE_URL, acquireConnectionTimeout: 5000 });\n", options: QUERY },
    { code: "import oracledb from 'oracledb';\nexport const pool = await oracledb.createPool({ queueTimeout: 5000 });\n", options: QUERY },
    // The order: the acquire timeout shorter than the statement timeout, or not both written as numbers.
    { code: pg('{ connectionTimeoutMillis: 3000, statement_timeout: 5000 }') },
    { code: pg('{ connectionTimeoutMillis: Number(process.env.ACQUIRE ?? 30000), statement_timeout: 5000 }') },
    { code: pg('{ connectionTimeoutMillis: 30000, statement_timeout: 0 }') },
    { code: "import { MongoClient } from 'mongodb';\nexport const client = new MongoClient('mongodb://db', { timeoutMS: 5000 });\n" },
    { code: "import mysql from 'mysql2/promise';\nexport const pool = mysql.createPool({ queueLimit: 30000 });\n" },
  ],
  invalid: [
    ...perDriver,
    query('pg: the suggestion stays longer than the acquire timeout', 'missingQueryTimeout', pg('{ connectionTimeoutMillis: 20000 }'), pg('{ connectionTimeoutMillis: 20000, statement_timeout: 40000 }')),
    {
      name: 'pg: no options at all: both timeouts missing',
      code: pg(''),
      options: QUERY,
      errors: [
        { messageId: 'missingTimeout', suggestions: [{ messageId: 'setOption', output: pg('{ connectionTimeoutMillis: 5000 }') }] },
        { messageId: 'missingQueryTimeout', suggestions: [{ messageId: 'setOption', output: pg('{ statement_timeout: 30000 }') }] },
      ],
    },
    // An acquire timeout switched off is reported as such, not as out of order.
    {
      code: pg('{ connectionTimeoutMillis: 0, statement_timeout: 5000 }'),
      errors: [{ messageId: 'unboundedTimeout', suggestions: [{ messageId: 'setOption', output: pg('{ connectionTimeoutMillis: 2500, statement_timeout: 5000 }') }] }],
    },
    {
      name: 'the suggested acquire timeout stays shorter than a short statement timeout',
      code: pg('{ statement_timeout: 3000 }'),
      errors: [{ messageId: 'missingTimeout', suggestions: [{ messageId: 'setOption', output: pg('{ statement_timeout: 3000, connectionTimeoutMillis: 1500 }') }] }],
    },
    query('pg: statement_timeout 0', 'unboundedQueryTimeout', pg('{ connectionTimeoutMillis: 5000, statement_timeout: 0 }'), pg('{ connectionTimeoutMillis: 5000, statement_timeout: 30000 }')),
    query(
      'slonik: DISABLE_TIMEOUT',
      'unboundedQueryTimeout',
      "import { createPool } from 'slonik';\nexport const pool = await createPool(process.env.DATABASE_URL, { statementTimeout: 'DISABLE_TIMEOUT' });\n",
      "import { createPool } from 'slonik';\nexport const pool = await createPool(process.env.DATABASE_URL, { statementTimeout: 30000 });\n",
    ),
    inverted('pg: 30 s for a connection, 5 s per statement', pg('{ connectionTimeoutMillis: 30000, statement_timeout: 5000 }'), {
      acquireKey: 'connectionTimeoutMillis',
      acquire: '30000',
      queryKey: 'statement_timeout',
      query: '5000',
    }),
    inverted('pg: equal is not shorter', pg('{ connectionTimeoutMillis: 5000, statement_timeout: 5000 }'), { acquireKey: 'connectionTimeoutMillis', acquire: '5000', queryKey: 'statement_timeout', query: '5000' }),
    inverted('pg: against the shorter of two statement timeouts', pg('{ connectionTimeoutMillis: 5000, statement_timeout: 10000, query_timeout: 4000 }'), {
      acquireKey: 'connectionTimeoutMillis',
      acquire: '5000',
      queryKey: 'query_timeout',
      query: '4000',
    }),
    inverted(
      'pg: constants',
      "import { Pool } from 'pg';\nconst ACQUIRE_MS = 30_000;\nconst options = { connectionTimeoutMillis: ACQUIRE_MS, statement_timeout: 5 * 1000 };\nexport const pool = new Pool(options);\n",
      { acquireKey: 'connectionTimeoutMillis', acquire: 'ACQUIRE_MS', queryKey: 'statement_timeout', query: '5 * 1000' },
    ),
    inverted('mariadb', "import mariadb from 'mariadb';\nexport const pool = mariadb.createPool({ acquireTimeout: 30000, queryTimeout: 5000 });\n", {
      acquireKey: 'acquireTimeout',
      acquire: '30000',
      queryKey: 'queryTimeout',
      query: '5000',
    }),
    inverted('mssql', "import sql from 'mssql';\nexport const pool = new sql.ConnectionPool({ pool: { acquireTimeoutMillis: 30000 }, requestTimeout: 15000 });\n", {
      acquireKey: 'pool.acquireTimeoutMillis',
      acquire: '30000',
      queryKey: 'requestTimeout',
      query: '15000',
    }),
    inverted('mongodb', "import { MongoClient } from 'mongodb';\nexport const client = new MongoClient('mongodb://db', { waitQueueTimeoutMS: 30000, socketTimeoutMS: 5000 });\n", {
      acquireKey: 'waitQueueTimeoutMS',
      acquire: '30000',
      queryKey: 'socketTimeoutMS',
      query: '5000',
    }),
    inverted('pg-promise', "import pgPromise from 'pg-promise';\nconst pgp = pgPromise();\nexport const db = pgp({ connectionTimeoutMillis: 30000, statement_timeout: 5000 });\n", {
      acquireKey: 'connectionTimeoutMillis',
      acquire: '30000',
      queryKey: 'statement_timeout',
      query: '5000',
    }),
  ],
});

describe('presets', () => {
  it('strict and all ask for statement timeouts; the rule is not in recommended', () => {
    const key = 'connection-leaks/require-pool-timeouts';
    expect(plugin.configs.strict.rules?.[key]).toEqual(['error', { queryTimeout: true }]);
    expect(plugin.configs.all.rules?.[key]).toEqual(['error', { queryTimeout: true }]);
    expect(plugin.configs['legacy-strict'].rules?.[key]).toEqual(['error', { queryTimeout: true }]);
    expect(plugin.configs.recommended.rules?.[key]).toBeUndefined();
    expect(rule.meta.defaultOptions).toEqual([{ ignoreFiniteDefaults: false, queryTimeout: false }]);
  });
});
