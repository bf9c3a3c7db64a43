/**
 * no-pool-over-budget: the maxima of the pools a module builds once per process, times the
 * instances, against `maxConnections − reserved`; serverless modules' pools against
 * `serverlessMax`. Every driver with pool-size data, its default and an explicit size; environment
 * defaults in several shapes; several pools; what is not counted; serverless conventions;
 * suggestion outputs that parse and satisfy the rule.
 */
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index';
import { poolConfigs } from '../../src/drivers/pool-config';
import rule, { type MessageId, type Options } from '../../src/rules/no-pool-over-budget';
import { jsRuleTester, ruleTester } from '../rule-tester';

type Invalid = InvalidTestCase<MessageId, Options>;
type Valid = ValidTestCase<Options>;

const budget = (maxConnections: number, instances = 1, reserved = 0) => ({ 'connection-leaks': { budget: { maxConnections, instances, reserved } } });

/**
 * One construction per driver with pool-size data: `build(size)` writes the pool with an explicit
 * maximum of `size`, or with none (the driver's default) when `size` is null.
 */
const DRIVERS: Record<string, { build: (size: number | null) => string; defaultMax: number | null }> = {
  pg: { build: n => `import { Pool } from 'pg';\nexport const pool = new Pool(${n === null ? '' : `{ max: ${n} }`});\n`, defaultMax: 10 },
  'pg-pool': { build: n => `import Pool from 'pg-pool';\nexport const pool = new Pool(${n === null ? '' : `{ poolSize: ${n} }`});\n`, defaultMax: 10 },
  '@neondatabase/serverless': {
    build: n => `import { Pool } from '@neondatabase/serverless';\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL${n === null ? '' : `, max: ${n}`} });\n`,
    defaultMax: 10,
  },
  postgres: { build: n => `import postgres from 'postgres';\nexport const sql = postgres(process.env.DATABASE_URL${n === null ? '' : `, { max: ${n} }`});\n`, defaultMax: 10 },
  'pg-promise': {
    build: n => `import pgPromise from 'pg-promise';\nconst pgp = pgPromise();\nexport const db = pgp({ host: 'db'${n === null ? '' : `, max: ${n}`} });\n`,
    defaultMax: 10,
  },
  slonik: {
    build: n => `import { createPool } from 'slonik';\nexport const pool = await createPool('postgres://db/app'${n === null ? '' : `, { maximumPoolSize: ${n} }`});\n`,
    defaultMax: 10,
  },
  mysql2: { build: n => `import mysql from 'mysql2/promise';\nexport const pool = mysql.createPool(${n === null ? "'mysql://db/app'" : `{ connectionLimit: ${n} }`});\n`, defaultMax: 10 },
  mysql: { build: n => `import mysql from 'mysql';\nexport const pool = mysql.createPool({ host: 'db'${n === null ? '' : `, connectionLimit: ${n}`} });\n`, defaultMax: 10 },
  mariadb: { build: n => `import mariadb from 'mariadb';\nexport const pool = mariadb.createPool({ host: 'db'${n === null ? '' : `, connectionLimit: ${n}`} });\n`, defaultMax: 10 },
  'generic-pool': {
    build: n =>
      `import genericPool from 'generic-pool';\nconst factory = { create: async () => ({}), destroy: async () => {} };\nexport const pool = genericPool.createPool(factory${n === null ? '' : `, { max: ${n} }`});\n`,
    defaultMax: 1,
  },
  tarn: { build: n => `import { Pool } from 'tarn';\nexport const pool = new Pool({ create: () => ({}), destroy: () => {}${n === null ? '' : `, max: ${n}`} });\n`, defaultMax: null },
  typeorm: { build: n => `import { DataSource } from 'typeorm';\nexport const dataSource = new DataSource({ type: 'postgres'${n === null ? '' : `, poolSize: ${n}`} });\n`, defaultMax: null },
  knex: {
    build: n => `import knex from 'knex';\nexport const db = knex({ client: 'pg', connection: process.env.DATABASE_URL${n === null ? '' : `, pool: { min: 0, max: ${n} }`} });\n`,
    defaultMax: 10,
  },
  sequelize: { build: n => `import { Sequelize } from 'sequelize';\nexport const sequelize = new Sequelize(process.env.DATABASE_URL${n === null ? '' : `, { pool: { max: ${n} } }`});\n`, defaultMax: 5 },
  oracledb: { build: n => `import oracledb from 'oracledb';\nexport const pool = await oracledb.createPool({ user: 'app'${n === null ? '' : `, poolMax: ${n}`} });\n`, defaultMax: 4 },
  mssql: { build: n => `import sql from 'mssql';\nexport const pool = new sql.ConnectionPool({ server: 'db'${n === null ? '' : `, pool: { max: ${n} }`} });\n`, defaultMax: 10 },
  mongodb: { build: n => `import { MongoClient } from 'mongodb';\nexport const client = new MongoClient('mongodb://db'${n === null ? '' : `, { maxPoolSize: ${n} }`});\n`, defaultMax: 100 },
  mongoose: { build: n => `import mongoose from 'mongoose';\nexport const conn = mongoose.createConnection('mongodb://db'${n === null ? '' : `, { maxPoolSize: ${n} }`});\n`, defaultMax: 100 },
};

describe('driver samples', () => {
  it('cover every driver whose data has a pool size, with its documented default', () => {
    const sized = Object.entries(poolConfigs).flatMap(([id, config]) => (config.poolSize ? [[id, config.poolSize.defaultMax]] : []));
    expect(Object.fromEntries(sized)).toEqual(Object.fromEntries(Object.entries(DRIVERS).map(([id, sample]) => [id, sample.defaultMax])));
  });
});

/** A module the rule reports with one message (checked through ESLint's Linter, suggestions included). */
interface Reported {
  readonly name: string;
  readonly code: string;
  readonly settings?: object;
  readonly filename?: string;
  readonly messageId: MessageId;
  readonly data: Readonly<Record<string, string>>;
}

const over = (code: string, settings: object, arithmetic: string): Reported => ({
  name: `${arithmetic}: ${code.split('\n').slice(1).join(' ').slice(0, 60)}`,
  code,
  settings,
  messageId: 'overBudget',
  data: { arithmetic },
});

// An explicit size of 7 on two instances: 14 connections, over a budget of 13 and within 14.
const driverReports: Reported[] = Object.entries(DRIVERS).flatMap(([id, { build, defaultMax }]) => [
  { ...over(build(7), budget(13, 2), '1 pool × max 7 × 2 instances = 14 > 13'), name: `${id}: explicit size` },
  ...(defaultMax === null ? [] : [{ ...over(build(null), budget(defaultMax, 2), `1 pool × max ${defaultMax} × 2 instances = ${2 * defaultMax} > ${defaultMax}`), name: `${id}: default size` }]),
]);
const driverValid: Valid[] = Object.entries(DRIVERS).flatMap(([id, { build, defaultMax }]) => [
  { name: `${id}: explicit size within the budget`, code: build(7), settings: budget(14, 2) },
  { name: `${id}: default size within the budget`, code: build(null), settings: budget(defaultMax ?? 1, 1) },
  // Without a budget a module that is not serverless is never reported.
  { name: `${id}: no budget`, code: build(500) },
]);

/** Environment defaults in several shapes: each is 20 when the variable is unset. */
const ENV_SHAPES = [
  'Number(process.env.DB_POOL_MAX ?? 20)',
  "parseInt(process.env.DB_POOL_MAX || '20')",
  "parseInt(process.env.DB_POOL_MAX || '20', 10)",
  'Number.parseInt(process.env.DB_POOL_MAX ?? "20", 10)',
  '+process.env.DB_POOL_MAX || 20',
  'Number(process.env.DB_POOL_MAX) || 20',
  'parseInt(process.env.DB_POOL_MAX!, 10) || 20',
  'process.env.DB_POOL_MAX ? Number(process.env.DB_POOL_MAX) : 20',
  "process.env['DB_POOL_MAX'] ?? '20'",
  'Math.min(Number(process.env.DB_POOL_MAX ?? 40), 20)',
  'Math.max(Number(process.env.DB_POOL_MAX) || 0, 20)',
  '(process.env.DB_POOL_MAX as unknown as number) ?? 20',
  'Number(import.meta.env.DB_POOL_MAX ?? 20)',
  'Number(Bun.env.DB_POOL_MAX ?? 20)',
  "Number(Deno.env.get('DB_POOL_MAX') ?? 20)",
  '4 * 5',
];
const envReports: Reported[] = ENV_SHAPES.map(shape => over(`import { Pool } from 'pg';\nexport const pool = new Pool({ max: ${shape} });\n`, budget(39, 2), '1 pool × max 20 × 2 instances = 40 > 39'));
const envValid: Valid[] = ENV_SHAPES.map(shape => ({ name: `within: ${shape}`, code: `import { Pool } from 'pg';\nexport const pool = new Pool({ max: ${shape} });\n`, settings: budget(40, 2) }));

const pg = (body: string): string => `import { Pool } from 'pg';\n${body}\n`;

const reported: Reported[] = [
  ...driverReports,
  ...envReports,
  over(pg('const SIZE = Number(process.env.DB_POOL_MAX ?? 20);\nexport const pool = new Pool({ max: SIZE });'), budget(39, 2), '1 pool × max 20 × 2 instances = 40 > 39'),
  over(pg("const options = { max: 30 };\nexport const pool = new Pool(options);"), budget(100, 4), '1 pool × max 30 × 4 instances = 120 > 100'),
  over(pg("export const pool = new Pool({ max: '30' });"), budget(100, 4), '1 pool × max 30 × 4 instances = 120 > 100'),
];

/** One budget report on `line` whose one suggestion reads `variable` with the default `value`, giving `output`. */
function suggested(
  name: string,
  code: string,
  settings: Record<string, unknown>,
  expected: { line: number; arithmetic: string; variable: string; value: number },
  output: string,
): Invalid {
  const data = { variable: `process.env.${expected.variable}`, value: String(expected.value) };
  return {
    name,
    code,
    settings,
    errors: [{ messageId: 'overBudget', line: expected.line, data: { arithmetic: expected.arithmetic }, suggestions: [{ messageId: 'sizeFromEnvironment', data, output }] }],
  };
}

const invalid: Invalid[] = [
  // The incident: three pools of 10 on 12 instances against 100 − 20; reported on the first, which already crosses.
  {
    code: pg('export const a = new Pool();\nexport const b = new Pool();\nexport const c = new Pool();'),
    settings: budget(100, 12, 20),
    errors: [{ messageId: 'overBudget', line: 2, data: { arithmetic: '3 pools × max 10 × 12 instances = 360 > 100 − 20' }, suggestions: [] }],
  },
  // 5 × 2 = 10, (5 + 10) × 2 = 30, (5 + 10 + 20) × 2 = 70 > 40: reported on the third pool; its share is 40 / 2 − 15 = 5.
  suggested(
    'reported on the pool that crosses the budget, with its share as the suggested default',
    pg('export const primary = new Pool({ max: 5 });\nexport const replica = new Pool({ max: 10 });\nexport const reportingPool = new Pool({ max: 20 });'),
    budget(40, 2),
    { line: 4, arithmetic: 'pools of max (5 + 10 + 20) × 2 instances = 70 > 40', variable: 'REPORTING_POOL_MAX', value: 5 },
    pg('export const primary = new Pool({ max: 5 });\nexport const replica = new Pool({ max: 10 });\nexport const reportingPool = new Pool({ max: Number(process.env.REPORTING_POOL_MAX ?? 5) });'),
  ),
  suggested(
    'the suggestion keeps the variable the code reads, and adds the key where it is missing',
    pg('export const pool = new Pool({ max: Number(process.env.PG_MAX ?? 25) });\nexport const db = new Pool({ connectionString: process.env.URL });'),
    budget(100, 4, 20),
    { line: 2, arithmetic: 'pools of max (25 + 10) × 4 instances = 140 > 100 − 20', variable: 'PG_MAX', value: 10 },
    pg('export const pool = new Pool({ max: Number(process.env.PG_MAX ?? 10) });\nexport const db = new Pool({ connectionString: process.env.URL });'),
  ),
  {
    name: 'the suggestion passes options to a construction without any (nested key for knex)',
    code: "import knex from 'knex';\nexport const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });\n",
    settings: budget(30, 4),
    errors: [
      {
        messageId: 'overBudget',
        suggestions: [
          {
            messageId: 'sizeFromEnvironment',
            data: { variable: 'process.env.DB_POOL_MAX', value: '7' },
            output: "import knex from 'knex';\nexport const db = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { max: Number(process.env.DB_POOL_MAX ?? 7) } });\n",
          },
        ],
      },
    ],
  },
  {
    name: 'the suggestion adds an options argument after a connection string',
    code: "import postgres from 'postgres';\nexport const sql = postgres(process.env.DATABASE_URL);\n",
    settings: budget(30, 4),
    errors: [
      {
        messageId: 'overBudget',
        suggestions: [
          {
            messageId: 'sizeFromEnvironment',
            data: { variable: 'process.env.SQL_POOL_MAX', value: '7' },
            output: "import postgres from 'postgres';\nexport const sql = postgres(process.env.DATABASE_URL, { max: Number(process.env.SQL_POOL_MAX ?? 7) });\n",
          },
        ],
      },
    ],
  },
  {
    name: 'no suggestion when no size of one or more fits',
    code: pg('export const a = new Pool({ max: 40 });\nexport const b = new Pool({ max: 40 });'),
    settings: budget(40, 1),
    errors: [{ messageId: 'overBudget', line: 3, suggestions: [] }],
  },
];

reported.push(
  over(pg('export const pool = new Pool({ max: 5 });\nexport const other = new Pool({ max: 5 });'), budget(100, 12, 20), '2 pools × max 5 × 12 instances = 120 > 100 − 20'),
  // Built once per process: a `??` fallback at module scope and lazy singletons stored at module level.
  over(pg('export const pool = (globalThis as any).pool ?? new Pool({ max: 50 });'), budget(40), '1 pool × max 50 × 1 instance = 50 > 40'),
  over(pg('let pool: Pool | undefined;\nexport function getPool() {\n  return (pool ??= new Pool({ max: 50 }));\n}'), budget(40), '1 pool × max 50 × 1 instance = 50 > 40'),
  over(pg('let pool: Pool | undefined;\nexport function getPool() {\n  if (!pool) pool = new Pool({ max: 50 });\n  return pool;\n}'), budget(40), '1 pool × max 50 × 1 instance = 50 > 40'),
  // Stored at module level, whatever guards the assignment.
  over(pg('export let pool;\nif (process.env.DB) pool = new Pool({ max: 50 });'), budget(40), '1 pool × max 50 × 1 instance = 50 > 40'),
  over(pg('export function getPool() {\n  globalThis.pool ||= new Pool({ max: 50 });\n  return globalThis.pool;\n}'), budget(40), '1 pool × max 50 × 1 instance = 50 > 40'),
  over("import { Pool } from 'pg';\nexport const pool = await new Pool({ max: 50 }).connect();\n", budget(40), '1 pool × max 50 × 1 instance = 50 > 40'),
  // knex's SQLite clients hold one connection by default.
  over("import knex from 'knex';\nexport const db = knex({ client: 'better-sqlite3', connection: { filename: 'app.db' } });\n", budget(1, 2), '1 pool × max 1 × 2 instances = 2 > 1'),
  // A connection string the code shows may carry the size.
  over("import { MongoClient } from 'mongodb';\nexport const client = new MongoClient('mongodb://db/?maxPoolSize=30');\n", budget(50, 2), '1 pool × max 30 × 2 instances = 60 > 50'),
);

const valid: Valid[] = [
  ...driverValid,
  ...envValid,
  // What the code does not show is not counted.
  { code: pg('export const pool = new Pool({ max: Number(process.env.DB_POOL_MAX) });'), settings: budget(1) },
  { code: pg("import { config } from './config';\nexport const pool = new Pool(config);"), settings: budget(1) },
  { code: pg("import { config } from './config';\nexport const pool = new Pool({ max: 50, ...config });"), settings: budget(1) },
  { code: pg('declare function size(): number;\nexport const pool = new Pool({ max: size() });'), settings: budget(1) },
  { code: pg('let size = 50;\nexport const pool = new Pool({ max: size });'), settings: budget(1) },
  { code: pg("const process = { env: { MAX: '50' } };\nexport const pool = new Pool({ max: Number(process.env.MAX ?? 50) });"), settings: budget(1) },
  { code: "import mysql from 'mysql2';\nexport const pool = mysql.createPool(process.env.DATABASE_URL!);\n", settings: budget(1) },
  { code: "import { MongoClient } from 'mongodb';\nexport const client = new MongoClient(process.env.MONGO_URL!);\n", settings: budget(1) },
  { code: "import knex from 'knex';\nimport { client } from './db';\nexport const db = knex({ client, connection: process.env.DATABASE_URL });\n", settings: budget(1) },
  // Built per call, per branch or per iteration: not once per process.
  { code: pg('export function makePool() {\n  return new Pool({ max: 50 });\n}'), settings: budget(40) },
  { code: pg('export const pool = process.env.READ_ONLY ? new Pool({ max: 50 }) : null;'), settings: budget(40) },
  { code: pg('export const pool = process.env.DB && new Pool({ max: 50 });'), settings: budget(40) },
  { code: pg('export const pools = [];\nfor (const url of ["a", "b"]) pools.push(new Pool({ max: 50 }));'), settings: budget(40) },
  { code: pg('export class Repo {\n  pool = new Pool({ max: 50 });\n}'), settings: budget(40) },
  // A stand-alone client is not a pool; the Vercel pooler's pools do not count.
  { code: pg('export const client = new Client();\nawait client.connect();').replace('{ Pool }', '{ Client }'), settings: budget(0 + 1) },
  { code: "import { createPool } from '@vercel/postgres';\nexport const pool = createPool({ max: 50 });\n", settings: budget(40) },
  // Pools of different servers do not share a budget.
  { code: "import { Pool } from 'pg';\nimport { MongoClient } from 'mongodb';\nexport const pool = new Pool({ max: 60 });\nexport const client = new MongoClient('mongodb://db');\n", settings: budget(100) },
  // Exactly the budget is within it.
  { code: pg('export const a = new Pool({ max: 20 });\nexport const b = new Pool({ max: 20 });'), settings: budget(100, 2, 20) },
];

ruleTester.run('no-pool-over-budget', rule, { valid, invalid });

/** A pool of pg's default 10 in a module that runs as a serverless function, without a budget. */
const serverless = (name: string, code: string, filename: string | undefined, kind: string): Reported => ({
  name,
  code,
  filename,
  messageId: 'serverlessPool',
  data: { construct: 'new Pool()', max: '10', kind, serverlessMax: '2' },
});

const DEFAULT_EXPORT = "import { Pool } from 'pg';\nconst pool = new Pool();\nexport default async function handler(req: unknown, res: unknown) {\n  await pool.query('SELECT 1');\n}\n";
const ROUTE = "import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function GET() {\n  return Response.json((await pool.query('SELECT 1')).rows);\n}\n";
const LAMBDA = "import { Pool } from 'pg';\nconst pool = new Pool();\nexport const handler = async () => pool.query('SELECT 1');\n";

reported.push(
  serverless('export async function handler', "import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function handler() {\n  return pool.query('SELECT 1');\n}\n", undefined, 'an AWS Lambda handler'),
  serverless('export { handler }', "import { Pool } from 'pg';\nconst pool = new Pool();\nconst handler = async () => pool.query('SELECT 1');\nexport { handler };\n", undefined, 'an AWS Lambda handler'),
  serverless('Vercel api/', DEFAULT_EXPORT, 'api/users.ts', 'a Vercel function'),
  serverless('Next.js pages/api/', DEFAULT_EXPORT, 'src/pages/api/users.ts', 'a Vercel function'),
  serverless('Netlify function', DEFAULT_EXPORT.replace('async function handler(req: unknown, res: unknown)', 'async (req: Request, context: unknown) =>'), 'netlify/functions/users.ts', 'a Netlify function'),
  serverless('Netlify classic handler', LAMBDA, 'netlify/functions/users.ts', 'a Netlify function'),
  serverless('Next.js route handler', ROUTE, 'app/api/users/route.ts', 'a Next.js route handler'),
  serverless('Next.js route handler under src/', ROUTE, 'src/app/users/[id]/route.ts', 'a Next.js route handler'),
  serverless('edge runtime', "import { Pool } from 'pg';\nexport const runtime = 'edge';\nconst pool = new Pool();\n", undefined, 'an edge runtime module'),
  serverless('edge runtime in config', "import { Pool } from 'pg';\nexport const config = { runtime: 'edge' };\nconst pool = new Pool();\n", undefined, 'an edge runtime module'),
  serverless('exports.handler', "const { Pool } = require('pg');\nconst pool = new Pool();\nexports.handler = async () => pool.query('SELECT 1');\n", 'src/db.js', 'an AWS Lambda handler'),
  serverless('module.exports.handler', "const { Pool } = require('pg');\nconst pool = new Pool();\nmodule.exports.handler = async () => pool.query('SELECT 1');\n", 'src/db.js', 'an AWS Lambda handler'),
  serverless('module.exports = { handler }', "const { Pool } = require('pg');\nconst pool = new Pool();\nasync function handler() {}\nmodule.exports = { handler };\n", 'src/db.js', 'an AWS Lambda handler'),
  { ...over("const { Pool } = require('pg');\nconst pool = new Pool({ max: +process.env.DB_POOL_MAX || 30 });\nmodule.exports = pool;\n", budget(100, 4), '1 pool × max 30 × 4 instances = 120 > 100'), filename: 'src/db.js' },
);

ruleTester.run('no-pool-over-budget (serverless)', rule, {
  valid: [
    { name: 'a Lambda handler with a pool of 2', code: LAMBDA.replace('new Pool()', 'new Pool({ max: 2 })') },
    { name: 'a larger serverlessMax', code: LAMBDA.replace('new Pool()', 'new Pool({ max: 5 })'), settings: { 'connection-leaks': { budget: { serverlessMax: 5 } } } },
    { name: 'a default export outside the platform directories', code: DEFAULT_EXPORT, filename: 'src/api/users.ts' },
    { name: 'HTTP method exports outside app/**/route', code: ROUTE, filename: 'src/routes/users.ts' },
    { name: 'a default export that is not a request function', code: "import { Pool } from 'pg';\nconst pool = new Pool();\nexport default pool;\n", filename: 'api/db.ts' },
    { name: 'a pool of unknown size', code: "import { Pool } from 'pg';\nimport { options } from './options';\nconst pool = new Pool(options);\nexport const handler = async () => pool.query('SELECT 1');\n" },
    { name: 'runtime other than edge', code: "import postgres from 'postgres';\nexport const runtime = 'nodejs';\nexport const sql = postgres({ max: 20 });\n" },
    { name: 'a pool built per request is no-pool-per-request\'s', code: "import { Pool } from 'pg';\nexport const handler = async () => {\n  const pool = new Pool();\n  await pool.end();\n};\n" },
  ],
  invalid: [
    {
      name: 'export const handler: the suggestion writes serverlessMax',
      code: LAMBDA,
      errors: [
        {
          messageId: 'serverlessPool',
          data: { construct: 'new Pool()', max: '10', kind: 'an AWS Lambda handler', serverlessMax: '2' },
          suggestions: [
            {
              messageId: 'sizeFromEnvironment',
              data: { variable: 'process.env.POOL_MAX', value: '2' },
              output: LAMBDA.replace('new Pool()', 'new Pool({ max: Number(process.env.POOL_MAX ?? 2) })'),
            },
          ],
        },
      ],
    },
    {
      name: 'serverless and over the budget: both, the suggestion fitting both',
      code: LAMBDA.replace('new Pool()', 'new Pool({ max: 5 })'),
      settings: { 'connection-leaks': { budget: { maxConnections: 100, instances: 50 } } },
      errors: [
        { messageId: 'serverlessPool', suggestions: [{ messageId: 'sizeFromEnvironment', output: LAMBDA.replace('new Pool()', 'new Pool({ max: Number(process.env.POOL_MAX ?? 2) })') }] },
        {
          messageId: 'overBudget',
          data: { arithmetic: '1 pool × max 5 × 50 instances = 250 > 100' },
          suggestions: [{ messageId: 'sizeFromEnvironment', output: LAMBDA.replace('new Pool()', 'new Pool({ max: Number(process.env.POOL_MAX ?? 2) })') }],
        },
      ],
    },
  ],
});

jsRuleTester.run('no-pool-over-budget (CommonJS)', rule, {
  valid: [{ code: "const { Pool } = require('pg');\nconst pool = new Pool({ max: 1 });\nexports.handler = async () => pool.query('SELECT 1');\n" }],
  invalid: [],
});

/** Lints with the plugin's rule through ESLint's Linter (TypeScript, or CommonJS for `.js`). */
function lint(code: string, settings: unknown, filename = 'src/db.ts'): Linter.LintMessage[] {
  const languageOptions: Linter.LanguageOptions = filename.endsWith('.js') ? { sourceType: 'commonjs' } : { parser: tsParser as Linter.Parser };
  return new Linter({ cwd: '/project' }).verify(
    code,
    [{ files: ['**/*.ts', '**/*.js'], languageOptions, plugins: { 'connection-leaks': plugin }, settings: { 'connection-leaks': settings }, rules: { 'connection-leaks/no-pool-over-budget': 'error' } }],
    { filename: `/project/${filename}` },
  );
}

const settingsOf = (settings: object | undefined): unknown => (settings as { 'connection-leaks'?: unknown } | undefined)?.['connection-leaks'];

describe('reports (suggestion outputs parse and satisfy the rule)', () => {
  it.each(reported.map(r => [r.name, r] as const))('%s', (_name, r) => {
    const settings = settingsOf(r.settings);
    const messages = lint(r.code, settings, r.filename);
    expect(messages.map(m => ({ messageId: m.messageId, message: m.message }))).toEqual([
      { messageId: r.messageId, message: expect.stringContaining(Object.values(r.data).find(v => v.includes(' ')) ?? r.data.max) },
    ]);
    for (const suggestion of messages[0].suggestions ?? []) {
      const [start, end] = suggestion.fix.range;
      const output = r.code.slice(0, start) + suggestion.fix.text + r.code.slice(end);
      expect(lint(output, settings, r.filename), output).toEqual([]);
    }
  });

  it('names the arithmetic in the message exactly', () => {
    const [message] = lint(pg('export const a = new Pool();\nexport const b = new Pool();\nexport const c = new Pool();'), { budget: { maxConnections: 100, reserved: 20, instances: 12 } });
    expect(message.message).toBe("This module's pools can open more connections than the budget allows: 3 pools × max 10 × 12 instances = 360 > 100 − 20. Make the pools smaller.");
  });
});

describe('settings', () => {
  const code = "import { Pool } from 'pg';\nexport const pool = new Pool();\n";
  it.each([
    [{ budget: 100 }, "settings['connection-leaks'].budget"],
    [{ budget: { maxConnections: 0 } }, "settings['connection-leaks'].budget.maxConnections"],
    [{ budget: { maxConnections: '100' } }, "settings['connection-leaks'].budget.maxConnections"],
    [{ budget: { maxConnections: 100, instances: 1.5 } }, "settings['connection-leaks'].budget.instances"],
    [{ budget: { maxConnections: 100, reserved: -1 } }, "settings['connection-leaks'].budget.reserved"],
    [{ budget: { maxConnections: 100, reserved: 100 } }, "settings['connection-leaks'].budget.reserved"],
    [{ budget: { reserved: 10 } }, "settings['connection-leaks'].budget.reserved"],
    [{ budget: { serverlessMax: null } }, "settings['connection-leaks'].budget.serverlessMax"],
    [{ budget: { maxConnection: 100 } }, "settings['connection-leaks'].budget.maxConnection"],
  ])('%j is one clear error naming %s', (settings, key) => {
    expect(() => lint(code, settings)).toThrow(`invalid ${key}:`);
  });

  it('reads the defaults: reserved 0, instances 1, serverlessMax 2', () => {
    expect(lint(code, { budget: { maxConnections: 10 } })).toEqual([]);
    expect(lint(code, { budget: { maxConnections: 9 } }).map(m => m.message)).toEqual([expect.stringContaining('1 pool × max 10 × 1 instance = 10 > 9')]);
    expect(lint(LAMBDA.replace('new Pool()', 'new Pool({ max: 3 })'), undefined).map(m => m.messageId)).toEqual(['serverlessPool']);
    expect(lint(LAMBDA.replace('new Pool()', 'new Pool({ max: 2 })'), undefined)).toEqual([]);
  });
});
