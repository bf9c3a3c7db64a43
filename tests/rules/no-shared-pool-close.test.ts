/**
 * no-shared-pool-close: every driver with an ending form (the `ends` data of src/drivers, the
 * common closing names for clients the data describes no further), each exemption of the contract
 * (docs/rules/no-shared-pool-close.md), and the remove-the-call suggestion.
 */
import rule from '../../src/rules/no-shared-pool-close';
import { jsRuleTester, ruleTester } from '../rule-tester';

interface DriverCase {
  readonly driver: string;
  /** Import and module-level construction. */
  readonly setup: string;
  /** The ending call, as written. */
  readonly end: string;
  /** What the message calls it. */
  readonly what?: 'pool' | 'client';
}

const DRIVERS: readonly DriverCase[] = [
  { driver: 'pg Pool', setup: "import { Pool } from 'pg';\nconst pool = new Pool();", end: 'pool.end()' },
  { driver: 'pg Client', setup: "import pg from 'pg';\nconst client = new pg.Client();\nawait client.connect();", end: 'client.end()' },
  { driver: 'pg-pool', setup: "import Pool from 'pg-pool';\nconst pool = new Pool();", end: 'pool.end()' },
  { driver: '@neondatabase/serverless', setup: "import { Pool } from '@neondatabase/serverless';\nconst pool = new Pool();", end: 'pool.end()' },
  { driver: '@vercel/postgres', setup: "import { createPool } from '@vercel/postgres';\nconst pool = createPool();", end: 'pool.end()' },
  { driver: 'postgres.js', setup: "import postgres from 'postgres';\nconst sql = postgres(process.env.DATABASE_URL!);", end: 'sql.end()' },
  { driver: 'pg-promise $pool', setup: "import pgPromise from 'pg-promise';\nconst pgp = pgPromise();\nconst db = pgp(process.env.DATABASE_URL!);", end: 'db.$pool.end()' },
  { driver: 'pg-promise pgp.end', setup: "import pgPromise from 'pg-promise';\nconst pgp = pgPromise();\nexport const db = pgp(process.env.DATABASE_URL!);", end: 'pgp.end()' },
  { driver: 'slonik', setup: "import { createPool } from 'slonik';\nconst pool = await createPool(process.env.DATABASE_URL!);", end: 'pool.end()' },
  { driver: 'mysql2', setup: "import mysql from 'mysql2/promise';\nconst pool = mysql.createPool(process.env.DATABASE_URL!);", end: 'pool.end()' },
  { driver: 'mysql2 connection', setup: "import mysql from 'mysql2/promise';\nconst connection = await mysql.createConnection(process.env.DATABASE_URL!);", end: 'connection.end()' },
  { driver: 'mysql', setup: "import mysql from 'mysql';\nconst pool = mysql.createPool({ host: 'db' });", end: 'pool.end()' },
  { driver: 'mariadb', setup: "import mariadb from 'mariadb';\nconst pool = mariadb.createPool({ host: 'db' });", end: 'pool.end()' },
  { driver: 'generic-pool drain', setup: "import { createPool } from 'generic-pool';\nconst pool = createPool(factory);", end: 'pool.drain()' },
  { driver: 'generic-pool clear', setup: "import { createPool } from 'generic-pool';\nconst pool = createPool(factory);", end: 'pool.clear()' },
  { driver: 'tarn', setup: "import { Pool } from 'tarn';\nconst pool = new Pool(options);", end: 'pool.destroy()' },
  { driver: 'typeorm', setup: "import { DataSource } from 'typeorm';\nconst dataSource = new DataSource({ type: 'postgres' });", end: 'dataSource.destroy()' },
  { driver: 'knex', setup: "import knex from 'knex';\nconst db = knex({ client: 'pg', connection: process.env.DATABASE_URL });", end: 'db.destroy()' },
  { driver: 'sequelize', setup: "import { Sequelize } from 'sequelize';\nconst sequelize = new Sequelize(process.env.DATABASE_URL!);", end: 'sequelize.close()' },
  { driver: 'prisma', setup: "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();", end: 'prisma.$disconnect()' },
  { driver: 'kysely', setup: "import { Kysely } from 'kysely';\nconst db = new Kysely<Database>({ dialect });", end: 'db.destroy()' },
  { driver: 'drizzle $client', setup: "import { drizzle } from 'drizzle-orm/node-postgres';\nconst db = drizzle(process.env.DATABASE_URL!);", end: 'db.$client.end()' },
  { driver: 'oracledb', setup: "import oracledb from 'oracledb';\nconst pool = await oracledb.createPool({ user: 'app' });", end: 'pool.close()' },
  { driver: 'mssql', setup: "import sql from 'mssql';\nconst pool = new sql.ConnectionPool(config);", end: 'pool.close()' },
  { driver: 'mongodb', setup: "import { MongoClient } from 'mongodb';\nconst client = new MongoClient(process.env.MONGO_URL!);", end: 'client.close()' },
  { driver: 'mongoose', setup: "import mongoose from 'mongoose';\nconst connection = mongoose.createConnection(process.env.MONGO_URL!);", end: 'connection.close()' },
  { driver: 'ioredis', setup: "import Redis from 'ioredis';\nconst redis = new Redis();", end: 'redis.quit()', what: 'client' },
  { driver: 'redis', setup: "import { createClient } from 'redis';\nconst redis = createClient();", end: 'redis.quit()', what: 'client' },
  { driver: 'cassandra-driver', setup: "import { Client } from 'cassandra-driver';\nconst client = new Client({ contactPoints: ['db'] });", end: 'client.shutdown()', what: 'client' },
  { driver: '@google-cloud/spanner', setup: "import { Spanner } from '@google-cloud/spanner';\nconst spanner = new Spanner();", end: 'spanner.close()' },
  { driver: 'a pool imported from the app (by its name)', setup: "import { pool } from './db';", end: 'pool.end()' },
];

/** A route that ends the module's pool after answering. */
function routeEnding({ setup, end }: DriverCase, keep = true): string {
  const lines = [setup, "import express from 'express';", '', 'const app = express();', '', "app.get('/users', async (req, res) => {", '  res.json({});'];
  if (keep) lines.push(`  await ${end};`);
  lines.push('});');
  return lines.join('\n');
}

ruleTester.run('no-shared-pool-close (drivers)', rule, {
  valid: DRIVERS.map(d => ({
    name: `${d.driver}: ending it at module scope (a script that is done) is fine`,
    code: `${d.setup}\nawait ${d.end};`,
  })),
  invalid: DRIVERS.map(d => {
    const receiver = d.end.slice(0, d.end.lastIndexOf('.'));
    return {
      name: `${d.driver}: ${d.end} in a route handler`,
      code: routeEnding(d),
      errors: [
        {
          messageId: 'moduleInRequest' as const,
          line: d.setup.split('\n').length + 7,
          data: { call: d.end, name: receiver, what: d.what ?? 'pool', where: 'a route handler (`app.get`)' },
          suggestions: [{ messageId: 'removeCall' as const, data: { what: d.what ?? 'pool' }, output: routeEnding(d, false) }],
        },
      ],
    };
  }),
});

ruleTester.run('no-shared-pool-close', rule, {
  valid: [
    {
      name: 'shutdown hook: process.on(SIGTERM)',
      code: `import { Pool } from 'pg';
import express from 'express';

const app = express();
const pool = new Pool();
app.get('/users', async (req, res) => res.json((await pool.query('SELECT 1')).rows));

process.on('SIGTERM', async () => {
  await pool.end();
  process.exitCode = 0;
});`,
    },
    {
      name: 'shutdown hook: process.once(SIGINT) with a named function',
      code: `import { Pool } from 'pg';

const pool = new Pool();

async function onSignal() {
  await pool.end();
}

process.once('SIGINT', onSignal);`,
    },
    {
      name: 'shutdown hook: beforeExit and exit',
      code: `import { Pool } from 'pg';

const pool = new Pool();
process.on('beforeExit', () => pool.end());
process.on('exit', () => { void pool.end(); });`,
    },
    {
      name: 'shutdown hook: the callback of server.close(cb)',
      code: `import express from 'express';
import mysql from 'mysql2/promise';

const pool = mysql.createPool(process.env.DATABASE_URL!);
const app = express();
const server = app.listen(3000);

export function stopAll() {
  server.close(async () => {
    await pool.end();
  });
}`,
    },
    {
      name: 'shutdown hook: NestJS onModuleDestroy ends an injected pool',
      code: `import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';

@Injectable()
export class Database implements OnModuleDestroy {
  constructor(private readonly pool: Pool) {}

  query(text: string) {
    return this.pool.query(text);
  }

  async onModuleDestroy() {
    await this.pool.end();
  }
}`,
    },
    {
      name: 'shutdown hook: NestJS onApplicationShutdown and beforeApplicationShutdown',
      code: `import { PrismaClient } from '@prisma/client';

export class PrismaService {
  constructor(private readonly prisma: PrismaClient) {}

  async beforeApplicationShutdown() {
    await this.prisma.$disconnect();
  }

  async onApplicationShutdown() {
    await this.prisma.$disconnect();
  }
}`,
    },
    {
      name: 'shutdown hook: Fastify onClose',
      code: `import Fastify from 'fastify';
import { Pool } from 'pg';

const fastify = Fastify();
const pool = new Pool();

fastify.get('/users', async () => (await pool.query('SELECT 1')).rows);
fastify.addHook('onClose', async () => {
  await pool.end();
});`,
    },
    {
      name: 'test hooks: afterAll, after, afterEach, teardown',
      code: `import { Pool } from 'pg';

const pool = new Pool();

afterAll(async () => {
  await pool.end();
});
after(() => pool.end());
afterEach(() => pool.end());
teardown(() => pool.end());`,
    },
    {
      name: 'test hooks: tap t.teardown inside a test',
      code: `import { Pool } from 'pg';
import t from 'tap';

const pool = new Pool();

t.test('users', async t => {
  t.teardown(() => pool.end());
});`,
    },
    {
      name: 'an admin shutdown route that exits the process',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();
const pool = new Pool();

app.post('/admin/shutdown', async (req, res) => {
  res.sendStatus(202);
  await pool.end();
  process.exit(0);
});`,
    },
    {
      name: 'a class that built its pool closes it in close()',
      code: `import { Pool } from 'pg';

export class Database {
  private readonly pool = new Pool();

  query(text: string) {
    return this.pool.query(text);
  }

  async close() {
    await this.pool.end();
  }
}`,
    },
    {
      name: 'a class that built its pool in the constructor closes it',
      code: `const mysql = require('mysql2/promise');

class Database {
  constructor(url) {
    this.pool = mysql.createPool(url);
  }
  async close() {
    await this.pool.end();
  }
}

module.exports = Database;`,
    },
    {
      name: 'a fallback for an injected pool: the class may have built it',
      code: `import { Pool } from 'pg';

export class Database {
  private readonly pool: Pool;
  constructor(options: { pool?: Pool } = {}) {
    this.pool = options.pool ?? new Pool();
  }
  async close() {
    await this.pool.end();
  }
}`,
    },
    {
      name: 'an injected pool built for the instance at every new of the class',
      code: `import { Pool } from 'pg';

class Database {
  constructor(private readonly pool: Pool) {}
  async close() {
    await this.pool.end();
  }
}

export const database = new Database(new Pool());`,
    },
    {
      name: 'a CLI script: main() called at module scope ends the pool it built',
      code: `import { Pool } from 'pg';

const pool = new Pool();

async function main() {
  await pool.query('SELECT 1');
  await pool.end();
}

main().catch(console.error);`,
    },
    {
      name: 'a setup-named exported function (initDatabase) runs once',
      code: `import { Pool } from 'pg';

export const pool = new Pool();

export async function initDatabase() {
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw error;
  }
}`,
    },
    {
      name: 'a CLI script: an exported run() called at module scope',
      code: `import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function migrate() {
  await db.migrate.latest();
  await db.destroy();
}

migrate();`,
    },
    {
      name: 'a pool created in the same function',
      code: `import express from 'express';
import { Client } from 'pg';

const app = express();

app.get('/users', async (req, res) => {
  const client = new Client();
  await client.connect();
  try {
    res.json((await client.query('SELECT 1')).rows);
  } finally {
    await client.end();
  }
});`,
    },
    {
      name: 'a module pool re-created lazily by the code that ends it',
      code: `import { Pool } from 'pg';

let pool: Pool | null = null;

export async function query(text: string) {
  pool ??= new Pool();
  return pool.query(text);
}

export async function reset() {
  await pool?.end();
  pool = null;
}`,
    },
    {
      name: 'a shutdown-named exported function (close, shutdown, disconnectDb)',
      code: `import { Pool } from 'pg';

export const pool = new Pool();

export async function close() {
  await pool.end();
}
export const shutdown = () => pool.end();
export async function disconnectDb() {
  await pool.end();
}`,
    },
    {
      name: 'an exported function whose pool nobody else uses (a one-shot task)',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function seed() {
  await pool.query('INSERT INTO users DEFAULT VALUES');
  await pool.end();
}`,
    },
    {
      name: 'a non-exported function no route reaches',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function list() {
  return (await pool.query('SELECT 1')).rows;
}

async function finish() {
  await pool.end();
}`,
    },
    {
      name: 'a callback handed to an unknown call (a CLI command): when it runs is unknown',
      code: `import { Pool } from 'pg';
import { program } from 'commander';

const pool = new Pool();

export function register() {
  program.command('users').action(async () => {
    console.log((await pool.query('SELECT 1')).rows);
    await pool.end();
  });
}`,
    },
    {
      name: 'lookalikes: res.end(), a stream close, a socket destroy',
      code: `import express from 'express';
import { Pool } from 'pg';
import fs from 'node:fs';

const app = express();
const pool = new Pool();
const log = fs.createWriteStream('log.txt');

app.get('/users', (req, res) => {
  log.close();
  req.socket.destroy();
  res.end();
});`,
    },
    {
      name: 'releasing a checked-out client is not closing the pool',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();
const pool = new Pool();

app.get('/users', async (req, res) => {
  const client = await pool.connect();
  try {
    res.json((await client.query('SELECT 1')).rows);
  } finally {
    client.release();
  }
});`,
    },
    {
      name: 'an oracledb connection closed (its release), not the pool',
      code: `import express from 'express';
import oracledb from 'oracledb';

const app = express();
const pool = await oracledb.createPool({ user: 'app' });

app.get('/users', async (req, res) => {
  const connection = await pool.getConnection();
  try {
    res.json(await connection.execute('SELECT 1 FROM dual'));
  } finally {
    await connection.close();
  }
});`,
    },
    {
      name: 'a pool received as a parameter of a plain function (not a class)',
      code: `import type { Pool } from 'pg';

export async function runOnce(pool: Pool) {
  await pool.query('SELECT 1');
  await pool.end();
}`,
    },
    {
      name: 'a static method has no injected instance field',
      code: `import { Pool } from 'pg';

export class Database {
  static pool: Pool;
  static async close() {
    await this.pool.end();
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'a helper that a route calls ends the pool',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();
const pool = new Pool();

async function listUsers() {
  const { rows } = await pool.query('SELECT * FROM users');
  await pool.end();
  return rows;
}

app.get('/users', async (req, res) => {
  res.json(await listUsers());
});`,
      errors: [
        {
          messageId: 'moduleInRequest',
          line: 9,
          column: 9,
          data: { call: 'pool.end()', name: 'pool', what: 'pool', where: 'a route handler (`app.get`)' },
          suggestions: [
            {
              messageId: 'removeCall',
              output: `import express from 'express';
import { Pool } from 'pg';

const app = express();
const pool = new Pool();

async function listUsers() {
  const { rows } = await pool.query('SELECT * FROM users');
  return rows;
}

app.get('/users', async (req, res) => {
  res.json(await listUsers());
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'the Next.js route handler ends the app pool in finally',
      code: `import { pool } from '@/lib/db';

export async function GET() {
  try {
    return Response.json((await pool.query('SELECT * FROM users')).rows);
  } finally {
    await pool.end();
  }
}`,
      errors: [
        {
          messageId: 'moduleInRequest',
          line: 7,
          data: { call: 'pool.end()', name: 'pool', what: 'pool', where: 'the exported GET route handler' },
          suggestions: [
            {
              messageId: 'removeCall',
              output: `import { pool } from '@/lib/db';

export async function GET() {
  try {
    return Response.json((await pool.query('SELECT * FROM users')).rows);
  } finally {
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'an exported function ends the shared module pool after its query (per call)',
      code: `import mysql from 'mysql2/promise';

const pool = mysql.createPool(process.env.DATABASE_URL!);

export async function findUser(id: number) {
  const [rows] = await pool.query('SELECT * FROM users WHERE id = ?', [id]);
  await pool.end();
  return rows;
}

export async function listUsers() {
  const [rows] = await pool.query('SELECT * FROM users');
  return rows;
}`,
      errors: [
        {
          messageId: 'moduleInCall',
          line: 7,
          data: { call: 'pool.end()', name: 'pool', what: 'pool', where: 'findUser' },
          suggestions: [
            {
              messageId: 'removeCall',
              output: `import mysql from 'mysql2/promise';

const pool = mysql.createPool(process.env.DATABASE_URL!);

export async function findUser(id: number) {
  const [rows] = await pool.query('SELECT * FROM users WHERE id = ?', [id]);
  return rows;
}

export async function listUsers() {
  const [rows] = await pool.query('SELECT * FROM users');
  return rows;
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'an exported getter-named function (getUser) is per call, not setup',
      code: `import { pool } from './db';

export async function getUser(id: string) {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [id]);
  await pool.end();
  return rows[0];
}`,
      errors: [
        {
          messageId: 'moduleInCall',
          line: 5,
          data: { call: 'pool.end()', name: 'pool', what: 'pool', where: 'getUser' },
          suggestions: [
            {
              messageId: 'removeCall',
              output: `import { pool } from './db';

export async function getUser(id: string) {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [id]);
  return rows[0];
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a promise chain in an exported function: .finally(() => pool.end())',
      code: `import { pool } from './db';

export function countUsers() {
  return pool.query('SELECT count(*) FROM users').finally(() => pool.end());
}`,
      errors: [{ messageId: 'moduleInCall', line: 4, data: { call: 'pool.end()', name: 'pool', what: 'pool', where: 'countUsers' }, suggestions: [] }],
    },
    {
      name: 'a method of a class ends the module pool it queries',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export class UserRepository {
  async find(id: string) {
    const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [id]);
    void pool.end();
    return rows[0];
  }
}`,
      errors: [
        {
          messageId: 'moduleInCall',
          line: 8,
          data: { call: 'pool.end()', name: 'pool', what: 'pool', where: 'find' },
          suggestions: [
            {
              messageId: 'removeCall',
              output: `import { Pool } from 'pg';

const pool = new Pool();

export class UserRepository {
  async find(id: string) {
    const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [id]);
    return rows[0];
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'the close() trap: a client class ends the pool its constructor received',
      code: `import { Pool } from 'pg';

export class UserClient {
  private readonly pool: Pool;
  constructor(pool: Pool) {
    this.pool = pool;
  }

  find(id: string) {
    return this.pool.query('SELECT * FROM users WHERE id = $1', [id]);
  }

  async close() {
    await this.pool.end();
  }
}`,
      errors: [
        {
          messageId: 'injected',
          line: 14,
          column: 11,
          data: { call: 'this.pool.end()', what: 'pool', where: 'UserClient', member: ' (in `close()`)' },
          suggestions: [
            {
              messageId: 'removeCall',
              output: `import { Pool } from 'pg';

export class UserClient {
  private readonly pool: Pool;
  constructor(pool: Pool) {
    this.pool = pool;
  }

  find(id: string) {
    return this.pool.query('SELECT * FROM users WHERE id = $1', [id]);
  }

  async close() {
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a parameter property (constructor(private readonly knex: Knex)) destroyed in dispose()',
      code: `import type { Knex } from 'knex';

export class Reports {
  constructor(private readonly knex: Knex) {}

  async dispose() {
    await this.knex.destroy();
  }
}`,
      errors: [
        {
          messageId: 'injected',
          line: 7,
          data: { call: 'this.knex.destroy()', what: 'pool', where: 'Reports', member: ' (in `dispose()`)' },
          suggestions: [
            {
              messageId: 'removeCall',
              output: `import type { Knex } from 'knex';

export class Reports {
  constructor(private readonly knex: Knex) {}

  async dispose() {
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a pool received in an options object and set by a method, ended in an arrow field',
      code: `import type { DataSource } from 'typeorm';

export class Jobs {
  private dataSource!: DataSource;
  constructor(options: { dataSource: DataSource }) {
    this.dataSource = options.dataSource;
  }
  use(dataSource: DataSource) {
    this.dataSource = dataSource;
  }
  stop = async () => {
    await this.dataSource.destroy();
  };
}`,
      errors: [
        {
          messageId: 'injected',
          line: 12,
          data: { call: 'this.dataSource.destroy()', what: 'pool', where: 'Jobs', member: ' (in `stop()`)' },
          suggestions: [
            {
              messageId: 'removeCall',
              output: `import type { DataSource } from 'typeorm';

export class Jobs {
  private dataSource!: DataSource;
  constructor(options: { dataSource: DataSource }) {
    this.dataSource = options.dataSource;
  }
  use(dataSource: DataSource) {
    this.dataSource = dataSource;
  }
  stop = async () => {
  };
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'an injected pool ended as part of an expression gets no suggestion',
      code: `import { Pool } from 'pg';

export class Store {
  constructor(private readonly pool: Pool) {}
  close() {
    return this.pool.end();
  }
}`,
      errors: [{ messageId: 'injected', line: 6, data: { call: 'this.pool.end()', what: 'pool', where: 'Store', member: ' (in `close()`)' }, suggestions: [] }],
    },
    {
      name: 'an injected pool passed as a shared variable at the visible new',
      code: `import { Pool } from 'pg';

class Store {
  constructor(private readonly pool: Pool) {}
  async close() {
    await this.pool.end();
  }
}

const pool = new Pool();
export const users = new Store(pool);
export const orders = new Store(pool);`,
      errors: [
        {
          messageId: 'injected',
          line: 6,
          data: { call: 'this.pool.end()', what: 'pool', where: 'Store', member: ' (in `close()`)' },
          suggestions: [
            {
              messageId: 'removeCall',
              output: `import { Pool } from 'pg';

class Store {
  constructor(private readonly pool: Pool) {}
  async close() {
  }
}

const pool = new Pool();
export const users = new Store(pool);
export const orders = new Store(pool);`,
            },
          ],
        },
      ],
    },
    {
      name: 'generic-pool drain() then clear() in a route: both reported',
      code: `import express from 'express';
import { createPool } from 'generic-pool';

const app = express();
const pool = createPool(factory);

app.post('/jobs', async (req, res) => {
  res.sendStatus(202);
  await pool.drain();
  await pool.clear();
});`,
      errors: [
        { messageId: 'moduleInRequest', line: 9, suggestions: [{ messageId: 'removeCall', output: `import express from 'express';
import { createPool } from 'generic-pool';

const app = express();
const pool = createPool(factory);

app.post('/jobs', async (req, res) => {
  res.sendStatus(202);
  await pool.clear();
});` }] },
        { messageId: 'moduleInRequest', line: 10, suggestions: [{ messageId: 'removeCall', output: `import express from 'express';
import { createPool } from 'generic-pool';

const app = express();
const pool = createPool(factory);

app.post('/jobs', async (req, res) => {
  res.sendStatus(202);
  await pool.drain();
});` }] },
      ],
    },
  ],
});

jsRuleTester.run('no-shared-pool-close (CommonJS)', rule, {
  valid: [
    {
      name: 'require: a script ends its pool at the end of main()',
      filename: 'seed.js',
      code: `const { Pool } = require('pg');

const pool = new Pool();

async function main() {
  await pool.query('SELECT 1');
  await pool.end();
}

main();`,
    },
  ],
  invalid: [
    {
      name: 'require: the Lambda handler ends the module pool (the next warm invocation finds it closed)',
      filename: 'handler.js',
      code: `const { Pool } = require('pg');

const pool = new Pool();

exports.handler = async (event) => {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [event.id]);
  await pool.end();
  return rows[0];
};`,
      errors: [
        {
          messageId: 'moduleInRequest',
          line: 7,
          data: { call: 'pool.end()', name: 'pool', what: 'pool', where: 'the Lambda handler' },
          suggestions: [
            {
              messageId: 'removeCall',
              output: `const { Pool } = require('pg');

const pool = new Pool();

exports.handler = async (event) => {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [event.id]);
  return rows[0];
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'require: an exported function ends a pool required from the app',
      filename: 'users.js',
      code: `const { pool } = require('./db');

async function findUser(id) {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [id]);
  await pool.end();
  return rows[0];
}

module.exports = { findUser };`,
      errors: [
        {
          messageId: 'moduleInCall',
          line: 5,
          data: { call: 'pool.end()', name: 'pool', what: 'pool', where: 'findUser' },
          suggestions: [
            {
              messageId: 'removeCall',
              output: `const { pool } = require('./db');

async function findUser(id) {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [id]);
  return rows[0];
}

module.exports = { findUser };`,
            },
          ],
        },
      ],
    },
  ],
});
