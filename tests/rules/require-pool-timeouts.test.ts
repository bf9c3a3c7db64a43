/**
 * require-pool-timeouts: pools built without a finite acquire timeout (or, for mysql2, a finite
 * queue limit), per driver; options the rule cannot see (spreads, variables, connection strings)
 * stay silent; suggestion outputs for every object layout.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageId, type Options } from '../../src/rules/require-pool-timeouts';
import { jsRuleTester, ruleTester } from '../rule-tester';

type Invalid = InvalidTestCase<MessageId, Options>;

/** One report with one suggestion whose output is `output`. */
function fixed(name: string, messageId: MessageId, code: string, output: string, extra: Partial<Invalid> = {}): Invalid {
  const suggestion = messageId === 'missingTransactionTimeout' ? 'addTransactionOptions' : 'setOption';
  return { name, code, errors: [{ messageId, suggestions: [{ messageId: suggestion, output }] }], ...extra };
}

const pg = (args: string) => `import { Pool } from 'pg';\nexport const pool = new Pool(${args});\n`;

/** Every suggestion output of a case with one report: once applied, the rule is silent. */
function silentOutputs(cases: readonly Invalid[]): { name: string; code: string; options?: Invalid['options'] }[] {
  return cases.flatMap(c =>
    c.errors.length !== 1
      ? []
      : (c.errors[0].suggestions ?? []).flatMap(s => (s.output ? [{ name: `output of: ${c.name}`, code: s.output, ...(c.options ? { options: c.options } : {}) }] : [])),
  );
}

const invalid: Invalid[] = [
    fixed(
      'pg: new Pool() without options',
      'missingTimeout',
      pg(''),
      pg('{ connectionTimeoutMillis: 5000 }'),
    ),
    fixed(
      'pg: new Pool without parentheses',
      'missingTimeout',
      `import { Pool } from 'pg';\nexport const pool = new Pool;\n`,
      `import { Pool } from 'pg';\nexport const pool = new Pool({ connectionTimeoutMillis: 5000 });\n`,
    ),
    fixed('pg: {}', 'missingTimeout', pg('{}'), pg('{ connectionTimeoutMillis: 5000 }')),
    fixed('pg: { a: 1 }', 'missingTimeout', pg('{ max: 10 }'), pg('{ max: 10, connectionTimeoutMillis: 5000 }')),
    fixed('pg: single line, trailing comma', 'missingTimeout', pg('{ max: 10, }'), pg('{ max: 10, connectionTimeoutMillis: 5000, }')),
    fixed(
      'pg: multi-line with a trailing comma',
      'missingTimeout',
      pg(`{
  connectionString: process.env.DATABASE_URL,
  max: 10,
}`),
      pg(`{
  connectionString: process.env.DATABASE_URL,
  max: 10,
  connectionTimeoutMillis: 5000,
}`),
    ),
    fixed(
      'pg: multi-line without a trailing comma, a comment after the last property',
      'missingTimeout',
      pg(`{
  connectionString: process.env.DATABASE_URL,
  max: 10 // per instance
}`),
      pg(`{
  connectionString: process.env.DATABASE_URL,
  max: 10, // per instance
  connectionTimeoutMillis: 5000
}`),
    ),
    fixed(
      'pg: multi-line, trailing comma and a comment',
      'missingTimeout',
      pg(`{
    max: 10, // per instance
  }`),
      pg(`{
    max: 10, // per instance
    connectionTimeoutMillis: 5000,
  }`),
    ),
    fixed(
      'pg: an empty object with a comment',
      'missingTimeout',
      pg(`{
  // defaults
}`),
      pg(`{
  // defaults
  connectionTimeoutMillis: 5000,
}`),
    ),
    {
      name: 'pg: connectionTimeoutMillis: 0 waits forever',
      code: pg('{ connectionTimeoutMillis: 0 }'),
      errors: [
        {
          messageId: 'unboundedTimeout',
          data: { key: 'connectionTimeoutMillis', value: '0', construct: 'new Pool()' },
          suggestions: [{ messageId: 'setOption', output: pg('{ connectionTimeoutMillis: 5000 }') }],
        },
      ],
    },
    fixed('pg: null', 'unboundedTimeout', pg('{ connectionTimeoutMillis: null }'), pg('{ connectionTimeoutMillis: 5000 }')),
    fixed('pg: Infinity', 'unboundedTimeout', pg('{ connectionTimeoutMillis: Infinity }'), pg('{ connectionTimeoutMillis: 5000 }')),
    fixed('pg: undefined leaves the default', 'missingTimeout', pg('{ connectionTimeoutMillis: undefined }'), pg('{ connectionTimeoutMillis: 5000 }')),
    fixed(
      'pg: options in a const object literal',
      'missingTimeout',
      `import { Pool } from 'pg';\nconst config = { max: 5 };\nexport const pool = new Pool(config);\nexport const max = config.max;\n`,
      `import { Pool } from 'pg';\nconst config = { max: 5, connectionTimeoutMillis: 5000 };\nexport const pool = new Pool(config);\nexport const max = config.max;\n`,
    ),
    {
      name: 'pg: message and report location',
      code: `import pg from 'pg';
export const pool = new pg.Pool({
  max: 20,
});
`,
      errors: [
        {
          messageId: 'missingTimeout',
          line: 2,
          column: 21,
          endLine: 2,
          endColumn: 32,
          data: { construct: 'new pg.Pool()', key: 'connectionTimeoutMillis', driver: 'pg' },
          suggestions: [
            {
              messageId: 'setOption',
              data: { key: 'connectionTimeoutMillis', value: '5000' },
              output: `import pg from 'pg';
export const pool = new pg.Pool({
  max: 20,
  connectionTimeoutMillis: 5000,
});
`,
            },
          ],
        },
      ],
    },
    fixed(
      'pg: a spread before the key that is set to 0 is still reported',
      'unboundedTimeout',
      `import { Pool } from 'pg';\ndeclare const base: object;\nexport const pool = new Pool({ ...base, connectionTimeoutMillis: 0 });\n`,
      `import { Pool } from 'pg';\ndeclare const base: object;\nexport const pool = new Pool({ ...base, connectionTimeoutMillis: 5000 });\n`,
    ),
    fixed(
      'pg-pool',
      'missingTimeout',
      `import Pool from 'pg-pool';\nexport const pool = new Pool({ max: 5 });\n`,
      `import Pool from 'pg-pool';\nexport const pool = new Pool({ max: 5, connectionTimeoutMillis: 5000 });\n`,
    ),
    fixed(
      '@neondatabase/serverless',
      'missingTimeout',
      `import { Pool } from '@neondatabase/serverless';\nexport const pool = new Pool({ connectionString: '' });\n`,
      `import { Pool } from '@neondatabase/serverless';\nexport const pool = new Pool({ connectionString: '', connectionTimeoutMillis: 5000 });\n`,
    ),
    fixed(
      '@vercel/postgres: createPool()',
      'missingTimeout',
      `import { createPool } from '@vercel/postgres';\nexport const pool = createPool();\n`,
      `import { createPool } from '@vercel/postgres';\nexport const pool = createPool({ connectionTimeoutMillis: 5000 });\n`,
    ),
    fixed(
      'pg-promise: pgp({ … })',
      'missingTimeout',
      `import pgPromise from 'pg-promise';\nconst pgp = pgPromise();\nexport const db = pgp({ connectionString: '' });\n`,
      `import pgPromise from 'pg-promise';\nconst pgp = pgPromise();\nexport const db = pgp({ connectionString: '', connectionTimeoutMillis: 5000 });\n`,
    ),
    {
      name: 'mysql2: no queueLimit',
      code: `import mysql from 'mysql2/promise';\nexport const pool = mysql.createPool({ uri: process.env.DATABASE_URL, connectionLimit: 10 });\n`,
      errors: [
        {
          messageId: 'missingQueueLimit',
          data: { construct: 'mysql.createPool()', driver: 'mysql2' },
          suggestions: [
            {
              messageId: 'setOption',
              data: { key: 'queueLimit', value: '100' },
              output: `import mysql from 'mysql2/promise';\nexport const pool = mysql.createPool({ uri: process.env.DATABASE_URL, connectionLimit: 10, queueLimit: 100 });\n`,
            },
          ],
        },
      ],
    },
    fixed(
      'mysql2: queueLimit: 0',
      'unboundedQueueLimit',
      `import { createPool } from 'mysql2';\nexport const pool = createPool({ queueLimit: 0 });\n`,
      `import { createPool } from 'mysql2';\nexport const pool = createPool({ queueLimit: 100 });\n`,
    ),
    fixed(
      'mysql2: an acquireTimeout does not exist in mysql2 and does not count',
      'missingQueueLimit',
      `import mysql from 'mysql2/promise';\nexport const pool = mysql.createPool({ acquireTimeout: 5000 });\n`,
      `import mysql from 'mysql2/promise';\nexport const pool = mysql.createPool({ acquireTimeout: 5000, queueLimit: 100 });\n`,
    ),
    fixed(
      'mysql (mysqljs): no queueLimit',
      'missingQueueLimit',
      `import mysql from 'mysql';\nexport const pool = mysql.createPool({ host: 'db' });\n`,
      `import mysql from 'mysql';\nexport const pool = mysql.createPool({ host: 'db', queueLimit: 100 });\n`,
    ),
    {
      name: 'mariadb: relies on the default',
      code: `import mariadb from 'mariadb';\nexport const pool = mariadb.createPool({ host: 'db' });\n`,
      errors: [
        {
          messageId: 'defaultTimeout',
          data: { construct: 'mariadb.createPool()', key: 'acquireTimeout', default: '10000', driver: 'mariadb' },
          suggestions: [{ messageId: 'setOption', output: `import mariadb from 'mariadb';\nexport const pool = mariadb.createPool({ host: 'db', acquireTimeout: 5000 });\n` }],
        },
      ],
    },
    fixed(
      'generic-pool: no options argument',
      'missingTimeout',
      `import genericPool from 'generic-pool';\nconst factory = { create: async () => ({}), destroy: async () => {} };\nexport const pool = genericPool.createPool(factory);\n`,
      `import genericPool from 'generic-pool';\nconst factory = { create: async () => ({}), destroy: async () => {} };\nexport const pool = genericPool.createPool(factory, { acquireTimeoutMillis: 5000 });\n`,
    ),
    fixed(
      'generic-pool: acquireTimeoutMillis: null',
      'unboundedTimeout',
      `import { createPool } from 'generic-pool';\ndeclare const factory: never;\nexport const pool = createPool(factory, { max: 10, acquireTimeoutMillis: null });\n`,
      `import { createPool } from 'generic-pool';\ndeclare const factory: never;\nexport const pool = createPool(factory, { max: 10, acquireTimeoutMillis: 5000 });\n`,
    ),
    fixed(
      'tarn: relies on the default',
      'defaultTimeout',
      `import { Pool } from 'tarn';\nexport const pool = new Pool({ create: () => ({}), destroy: () => {}, min: 0, max: 5 });\n`,
      `import { Pool } from 'tarn';\nexport const pool = new Pool({ create: () => ({}), destroy: () => {}, min: 0, max: 5, acquireTimeoutMillis: 5000 });\n`,
    ),
    fixed(
      'knex: no pool options: a pool object is added',
      'defaultTimeout',
      `import knex from 'knex';\nexport const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });\n`,
      `import knex from 'knex';\nexport const db = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { acquireTimeoutMillis: 5000 } });\n`,
    ),
    fixed(
      'knex: merged into an existing pool object',
      'defaultTimeout',
      `import knex from 'knex';
export const db = knex({
  client: 'pg',
  connection: process.env.DATABASE_URL,
  pool: {
    min: 0,
    max: 10,
  },
});
`,
      `import knex from 'knex';
export const db = knex({
  client: 'pg',
  connection: process.env.DATABASE_URL,
  pool: {
    min: 0,
    max: 10,
    acquireTimeoutMillis: 5000,
  },
});
`,
    ),
    fixed(
      'knex: an empty pool object',
      'defaultTimeout',
      `import { knex } from 'knex';\nexport const db = knex({ client: 'mysql2', connection: process.env.DATABASE_URL, pool: {} });\n`,
      `import { knex } from 'knex';\nexport const db = knex({ client: 'mysql2', connection: process.env.DATABASE_URL, pool: { acquireTimeoutMillis: 5000 } });\n`,
    ),
    fixed(
      'knex: acquireConnectionTimeout: 0 with no pool timeout',
      'unboundedTimeout',
      `import knex from 'knex';\nexport const db = knex({ client: 'pg', connection: process.env.DATABASE_URL, acquireConnectionTimeout: 0 });\n`,
      `import knex from 'knex';\nexport const db = knex({ client: 'pg', connection: process.env.DATABASE_URL, acquireConnectionTimeout: 5000 });\n`,
    ),
    fixed(
      'oracledb: queueTimeout: 0 waits forever',
      'unboundedTimeout',
      `import oracledb from 'oracledb';\nexport const pool = oracledb.createPool({ user: 'u', queueTimeout: 0 });\n`,
      `import oracledb from 'oracledb';\nexport const pool = oracledb.createPool({ user: 'u', queueTimeout: 5000 });\n`,
    ),
    fixed(
      'oracledb: relies on the default',
      'defaultTimeout',
      `import oracledb from 'oracledb';\nexport const pool = oracledb.createPool({ user: 'u' });\n`,
      `import oracledb from 'oracledb';\nexport const pool = oracledb.createPool({ user: 'u', queueTimeout: 5000 });\n`,
    ),
    fixed(
      'mssql: new ConnectionPool({ … })',
      'defaultTimeout',
      `import sql from 'mssql';\nexport const pool = new sql.ConnectionPool({ server: 'db', pool: { max: 10 } });\n`,
      `import sql from 'mssql';\nexport const pool = new sql.ConnectionPool({ server: 'db', pool: { max: 10, acquireTimeoutMillis: 5000 } });\n`,
    ),
    fixed(
      'mssql: the global sql.connect({ … })',
      'defaultTimeout',
      `import sql from 'mssql';\nexport const ready = sql.connect({ server: 'db' });\n`,
      `import sql from 'mssql';\nexport const ready = sql.connect({ server: 'db', pool: { acquireTimeoutMillis: 5000 } });\n`,
    ),
    fixed(
      'Sequelize: options without pool.acquire',
      'defaultTimeout',
      `import { Sequelize } from 'sequelize';\nexport const orm = new Sequelize('db', 'user', 'pass', { dialect: 'postgres' });\n`,
      `import { Sequelize } from 'sequelize';\nexport const orm = new Sequelize('db', 'user', 'pass', { dialect: 'postgres', pool: { acquire: 5000 } });\n`,
    ),
    fixed(
      'mongodb: no options, a literal URL without the parameter',
      'missingTimeout',
      `import { MongoClient } from 'mongodb';\nexport const client = new MongoClient('mongodb://db/app');\n`,
      `import { MongoClient } from 'mongodb';\nexport const client = new MongoClient('mongodb://db/app', { waitQueueTimeoutMS: 5000 });\n`,
    ),
    fixed(
      'mongodb: options without the key',
      'missingTimeout',
      `import { MongoClient } from 'mongodb';\nexport const client = new MongoClient('mongodb://db/app', { maxPoolSize: 20 });\n`,
      `import { MongoClient } from 'mongodb';\nexport const client = new MongoClient('mongodb://db/app', { maxPoolSize: 20, waitQueueTimeoutMS: 5000 });\n`,
    ),
    fixed(
      'Prisma: interactive $transaction without options',
      'missingTransactionTimeout',
      `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  await prisma.$transaction(async tx => {
    await tx.user.create({ data: {} });
  });
}
`,
      `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  await prisma.$transaction(async tx => {
    await tx.user.create({ data: {} });
  }, { maxWait: 2000, timeout: 5000 });
}
`,
    ),
    fixed(
      'Prisma: options without maxWait/timeout',
      'missingTransactionTimeout',
      `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient({ log: ['query'] });\nexport const f = () => prisma.$transaction(async tx => tx, { isolationLevel: 'Serializable' });\n`,
      `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient({ log: ['query'] });\nexport const f = () => prisma.$transaction(async tx => tx, { isolationLevel: 'Serializable', maxWait: 2000, timeout: 5000 });\n`,
    ),
    fixed(
      'Prisma: a client parameter typed PrismaClient',
      'missingTransactionTimeout',
      `import type { PrismaClient } from '@prisma/client';\nexport const f = (db: PrismaClient) => db.$transaction(async function (tx) { return tx; });\n`,
      `import type { PrismaClient } from '@prisma/client';\nexport const f = (db: PrismaClient) => db.$transaction(async function (tx) { return tx; }, { maxWait: 2000, timeout: 5000 });\n`,
    ),
    {
      name: 'several pools in one file, each reported at its construction',
      code: `import { Pool } from 'pg';
import mysql from 'mysql2/promise';
export const a = new Pool({ connectionTimeoutMillis: 2000 });
export const b = new Pool();
export const c = mysql.createPool({});
`,
      errors: [
        { messageId: 'missingTimeout', line: 4, suggestions: [{ messageId: 'setOption', output: `import { Pool } from 'pg';
import mysql from 'mysql2/promise';
export const a = new Pool({ connectionTimeoutMillis: 2000 });
export const b = new Pool({ connectionTimeoutMillis: 5000 });
export const c = mysql.createPool({});
` }] },
        { messageId: 'missingQueueLimit', line: 5, suggestions: [{ messageId: 'setOption', output: `import { Pool } from 'pg';
import mysql from 'mysql2/promise';
export const a = new Pool({ connectionTimeoutMillis: 2000 });
export const b = new Pool();
export const c = mysql.createPool({ queueLimit: 100 });
` }] },
      ],
    },
    {
      name: 'ignoreFiniteDefaults still reports drivers that wait forever and explicit zeros',
      code: `import { Pool } from 'pg';\nimport mariadb from 'mariadb';\nexport const a = new Pool();\nexport const b = mariadb.createPool({ acquireTimeout: 0 });\nexport const c = mariadb.createPool({});\n`,
      options: [{ ignoreFiniteDefaults: true }],
      errors: [
        {
          messageId: 'missingTimeout',
          line: 3,
          suggestions: [
            {
              messageId: 'setOption',
              output: `import { Pool } from 'pg';\nimport mariadb from 'mariadb';\nexport const a = new Pool({ connectionTimeoutMillis: 5000 });\nexport const b = mariadb.createPool({ acquireTimeout: 0 });\nexport const c = mariadb.createPool({});\n`,
            },
          ],
        },
        {
          messageId: 'unboundedTimeout',
          line: 4,
          suggestions: [
            {
              messageId: 'setOption',
              output: `import { Pool } from 'pg';\nimport mariadb from 'mariadb';\nexport const a = new Pool();\nexport const b = mariadb.createPool({ acquireTimeout: 5000 });\nexport const c = mariadb.createPool({});\n`,
            },
          ],
        },
      ],
    },
];

ruleTester.run('require-pool-timeouts', rule, {
  valid: [
    { name: 'pg: connectionTimeoutMillis set', code: pg('{ connectionTimeoutMillis: 5000 }') },
    { name: 'pg: computed finite value', code: pg('{ max: 10, connectionTimeoutMillis: 5 * 1000 }') },
    { name: 'pg: value from a constant', code: `import { Pool } from 'pg';\nconst TIMEOUT = 2000;\nexport const pool = new Pool({ connectionTimeoutMillis: TIMEOUT });\n` },
    { name: 'pg: value read at run time is trusted', code: pg('{ connectionTimeoutMillis: Number(process.env.PG_TIMEOUT) }') },
    { name: 'pg: options spread from another object', code: `import { Pool } from 'pg';\nconst base = { max: 5 };\nexport const pool = new Pool({ ...base, max: 10 });\n` },
    { name: 'pg: a spread after the key may override it, still unknown', code: `import { Pool } from 'pg';\ndeclare const base: object;\nexport const pool = new Pool({ connectionTimeoutMillis: 0, ...base });\n` },
    { name: 'pg: options from a parameter', code: `import { Pool } from 'pg';\nexport function make(config: object) {\n  return new Pool(config);\n}\n` },
    { name: 'pg: options from a variable that is changed later', code: `import { Pool } from 'pg';\nconst config: Record<string, unknown> = { max: 5 };\nconfig.connectionTimeoutMillis = 5000;\nexport const pool = new Pool(config);\n` },
    { name: 'pg: options from a variable passed elsewhere', code: `import { Pool } from 'pg';\nconst config = { max: 5 };\ndeclare function tune(c: object): void;\ntune(config);\nexport const pool = new Pool(config);\n` },
    { name: 'pg: options from a const that sets the key', code: `import { Pool } from 'pg';\nconst config = { max: 5, connectionTimeoutMillis: 3000 };\nexport const pool = new Pool(config);\n` },
    { name: 'pg: a connection string / env config is not visible', code: pg('process.env.DATABASE_URL') },
    { name: 'pg: a computed key may be the timeout', code: `import { Pool } from 'pg';\ndeclare const key: string;\nexport const pool = new Pool({ [key]: 5000 });\n` },
    { name: 'pg: arguments spread', code: `import { Pool } from 'pg';\ndeclare const args: [object];\nexport const pool = new Pool(...args);\n` },
    { name: 'pg: a stand-alone Client is not a pool', code: `import { Client } from 'pg';\nexport const client = new Client();\n` },
    { name: 'pg-pool', code: `import Pool from 'pg-pool';\nexport const pool = new Pool({ connectionTimeoutMillis: 3000 });\n` },
    { name: '@neondatabase/serverless', code: `import { Pool } from '@neondatabase/serverless';\nexport const pool = new Pool({ connectionString: '', connectionTimeoutMillis: 3000 });\n` },
    { name: '@vercel/postgres: the ready-made sql pool is not a construction', code: `import { sql } from '@vercel/postgres';\nexport const rows = () => sql\`SELECT 1\`;\n` },
    { name: 'pg-promise: cn with connectionTimeoutMillis', code: `import pgPromise from 'pg-promise';\nconst pgp = pgPromise();\nexport const db = pgp({ connectionString: '', connectionTimeoutMillis: 5000 });\n` },
    { name: 'pg-promise: a connection string', code: `import pgPromise from 'pg-promise';\nconst pgp = pgPromise();\nexport const db = pgp(process.env.DATABASE_URL!);\n` },
    { name: 'mysql2: finite queueLimit', code: `import mysql from 'mysql2/promise';\nexport const pool = mysql.createPool({ uri: '', queueLimit: 100 });\n` },
    { name: 'mysql2: a URI string', code: `import mysql from 'mysql2/promise';\nexport const pool = mysql.createPool(process.env.DATABASE_URL!);\n` },
    { name: 'mysql2: a stand-alone connection', code: `import mysql from 'mysql2/promise';\nexport const conn = mysql.createConnection({});\n` },
    { name: 'mysql2: a pool cluster', code: `import mysql from 'mysql2';\nexport const cluster = mysql.createPoolCluster({});\n` },
    { name: 'mariadb: acquireTimeout', code: `import mariadb from 'mariadb';\nexport const pool = mariadb.createPool({ host: 'db', acquireTimeout: 5000 });\n` },
    { name: 'generic-pool: acquireTimeoutMillis', code: `import genericPool from 'generic-pool';\nexport const pool = genericPool.createPool({ create: async () => ({}), destroy: async () => {} }, { max: 10, acquireTimeoutMillis: 5000 });\n` },
    { name: 'tarn: acquireTimeoutMillis', code: `import { Pool } from 'tarn';\nexport const pool = new Pool({ create: () => ({}), destroy: () => {}, min: 0, max: 5, acquireTimeoutMillis: 5000 });\n` },
    { name: 'knex: pool.acquireTimeoutMillis', code: `import knex from 'knex';\nexport const db = knex({ client: 'pg', connection: '', pool: { min: 0, max: 10, acquireTimeoutMillis: 5000 } });\n` },
    { name: 'knex: acquireConnectionTimeout', code: `import knex from 'knex';\nexport const db = knex({ client: 'pg', connection: '', acquireConnectionTimeout: 10000 });\n` },
    { name: 'knex: a pool object from elsewhere', code: `import knex from 'knex';\nimport { poolConfig } from './config';\nexport const db = knex({ client: 'pg', pool: poolConfig });\n` },
    { name: 'knex: a knexfile', code: `import knex from 'knex';\nimport config from './knexfile';\nexport const db = knex(config);\n` },
    { name: 'oracledb: queueTimeout', code: `import oracledb from 'oracledb';\nexport const pool = oracledb.createPool({ user: 'u', queueTimeout: 5000 });\n` },
    { name: 'mssql: pool.acquireTimeoutMillis', code: `import sql from 'mssql';\nexport const pool = new sql.ConnectionPool({ server: 'db', pool: { max: 10, acquireTimeoutMillis: 5000 } });\n` },
    { name: 'mssql: a connection string', code: `import sql from 'mssql';\nexport const pool = new sql.ConnectionPool('Server=db;Database=app');\n` },
    { name: 'slonik: connectionTimeout', code: `import { createPool } from 'slonik';\nexport const pool = createPool('postgres://', { connectionTimeout: 5000 });\n` },
    // slonik's pool has no bound on the wait for a busy pool (`connectionTimeout` bounds opening a connection): nothing to ask for.
    { name: 'slonik: no config argument', code: `import { createPool } from 'slonik';\nexport const pool = createPool('postgres://localhost/app');\n` },
    { name: "slonik: 'DISABLE_TIMEOUT'", code: `import { createPool } from 'slonik';\nexport const pool = createPool('postgres://', { connectionTimeout: 'DISABLE_TIMEOUT' });\n` },
    { name: 'Sequelize: pool.acquire', code: `import { Sequelize } from 'sequelize';\nexport const orm = new Sequelize('postgres://', { pool: { acquire: 5000 } });\n` },
    { name: 'Sequelize: no options object', code: `import { Sequelize } from 'sequelize';\nexport const orm = new Sequelize(process.env.DATABASE_URL!);\n` },
    { name: 'mongodb: waitQueueTimeoutMS in options', code: `import { MongoClient } from 'mongodb';\nexport const client = new MongoClient('mongodb://db', { waitQueueTimeoutMS: 5000 });\n` },
    { name: 'mongodb: waitQueueTimeoutMS in the connection string', code: `import { MongoClient } from 'mongodb';\nexport const client = new MongoClient('mongodb://db/app?retryWrites=true&waitQueueTimeoutMS=5000');\n` },
    { name: 'mongodb: timeoutMS counts', code: `import { MongoClient } from 'mongodb';\nexport const client = new MongoClient('mongodb://db', { timeoutMS: 10000 });\n` },
    { name: 'mongodb: the URL from the environment may set it', code: `import { MongoClient } from 'mongodb';\nexport const client = new MongoClient(process.env.MONGO_URL!);\n` },
    { name: 'postgres.js has no acquire timeout', code: `import postgres from 'postgres';\nexport const sql = postgres({ max: 10 });\n` },
    {
      name: 'finite defaults accepted with ignoreFiniteDefaults',
      code: `import mariadb from 'mariadb';\nimport knex from 'knex';\nexport const pool = mariadb.createPool({ host: 'db' });\nexport const db = knex({ client: 'pg' });\n`,
      options: [{ ignoreFiniteDefaults: true }],
    },
    { name: 'Prisma: $transaction with maxWait/timeout', code: `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport const f = () => prisma.$transaction(async tx => tx, { maxWait: 2000, timeout: 5000 });\n` },
    { name: 'Prisma: $transaction with only timeout', code: `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport const f = () => prisma.$transaction(async tx => tx, { timeout: 10000 });\n` },
    { name: 'Prisma: batch $transaction', code: `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport const f = () => prisma.$transaction([]);\n` },
    { name: 'Prisma: client-level transactionOptions', code: `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient({ transactionOptions: { maxWait: 2000, timeout: 5000 } });\nexport const f = () => prisma.$transaction(async tx => tx);\n` },
    { name: 'Prisma: client options not visible', code: `import { PrismaClient } from '@prisma/client';\nimport { clientOptions } from './config';\nconst prisma = new PrismaClient(clientOptions);\nexport const f = () => prisma.$transaction(async tx => tx);\n` },
    { name: 'Prisma: options object from elsewhere', code: `import { PrismaClient } from '@prisma/client';\nimport { txOptions } from './config';\nconst prisma = new PrismaClient();\nexport const f = () => prisma.$transaction(async tx => tx, txOptions);\n` },
    { name: 'a pool of an unknown library', code: `import { Pool } from './my-pool';\nexport const pool = new Pool();\n` },
    ...silentOutputs(invalid),
  ],
  invalid,
});

jsRuleTester.run('require-pool-timeouts (CommonJS)', rule, {
  valid: [
    { name: 'pg: require, timeout set', code: `const { Pool } = require('pg');\nmodule.exports = new Pool({ connectionTimeoutMillis: 5000 });\n` },
  ],
  invalid: [
    fixed(
      'pg: require(...).Pool without options',
      'missingTimeout',
      `const pg = require('pg');\nmodule.exports = new pg.Pool();\n`,
      `const pg = require('pg');\nmodule.exports = new pg.Pool({ connectionTimeoutMillis: 5000 });\n`,
    ),
    fixed(
      'knex: require("knex")(config)',
      'defaultTimeout',
      `const db = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });\nmodule.exports = db;\n`,
      `const db = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL, pool: { acquireTimeoutMillis: 5000 } });\nmodule.exports = db;\n`,
    ),
  ],
});
