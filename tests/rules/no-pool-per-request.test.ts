/**
 * no-pool-per-request: every per-request, per-instance and per-iteration shape of the contract
 * (the rule page docs/rules/no-pool-per-request.md), in both directions.
 * Exact fix outputs and options are in no-pool-per-request.fixes.test.ts, CommonJS in
 * no-pool-per-request.commonjs.test.ts, edge runtimes in no-pool-per-request.edge.test.ts, handler shapes,
 * options and fix guards added later in no-pool-per-request.shapes.test.ts.
 * Shapes where the rule is known to be wrong are listed in docs/known-limitations.md.
 */
import rule from '../../src/rules/no-pool-per-request';
import { ruleTester } from '../rule-tester';

ruleTester.run('no-pool-per-request', rule, {
  valid: [
    {
      name: 'per instance: two module-level instances run once each (a reader and a writer pool)',
      code: `import { Pool } from 'pg';

class DatabaseClient {
  readonly pool: Pool;
  constructor(host: string) {
    this.pool = new Pool({ host });
  }
}

export const reader = new DatabaseClient('replica');
export const writer = new DatabaseClient('primary');`,
    },
    {
      name: 'per instance: instantiated once by a main function called at module scope',
      code: `import { Pool } from 'pg';

class Migrator {
  private readonly pool: Pool;
  constructor(url: string) {
    this.pool = new Pool({ connectionString: url });
  }
  async run() {
    await this.pool.query('SELECT 1');
  }
}

async function run() {
  const migrator = new Migrator(process.env.DATABASE_URL!);
  await migrator.run();
}

run();`,
    },
    {
      name: 'per instance: instantiated in a setup-named function (bootstrap)',
      code: `const { Pool } = require('pg');

class Store {
  constructor() {
    this.pool = new Pool();
  }
}

function bootstrap(app) {
  app.locals.store = new Store();
}

module.exports = { bootstrap };`,
    },
    {
      name: 'per instance: instantiated in a CLI command callback',
      code: `const { Client } = require('cassandra-driver');
const program = require('commander');

class Database {
  constructor(settings) {
    this.client = new Client({ contactPoints: settings.hosts });
  }
}

program.command('up').action(() => {
  const db = new Database(program.opts());
  return db.client.execute('SELECT 1');
});`,
    },
    {
      name: 'per instance: no instantiation in the file, the class ends its pool in its own close() (a resource owner)',
      code: `import pg from 'pg';

export class LogicalDecoding {
  private pool: pg.Pool | null;
  constructor(connectionString: string) {
    this.pool = new pg.Pool({ connectionString, max: 1 });
  }
  async poll() {
    return this.pool!.query('SELECT 1');
  }
  async close() {
    if (this.pool) {
      await this.pool.end();
      this.pool = null;
    }
  }
}`,
    },
    {
      name: 'per instance: no instantiation in the file, the owner ends a field-initialised client with its driver form (Prisma $disconnect)',
      code: `import { PrismaClient } from '@prisma/client';

export class Repository {
  readonly prisma = new PrismaClient();
  async dispose() {
    await this.prisma.$disconnect();
  }
}`,
    },
    {
      name: 'per instance: a constructor that returns the client it built is a factory (the caller owns the result)',
      code: `const cassandra = require('cassandra-driver');

class Database {
  constructor(settings) {
    const client = new cassandra.Client({ contactPoints: settings.hosts });
    return client;
  }
}

module.exports = Database;`,
    },
    {
      name: 'module scope: one pool shared by every route',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const pool = new Pool();

app.get('/users', async (req, res) => {
  res.json((await pool.query('SELECT * FROM users')).rows);
});`,
    },
    {
      name: 'module scope: a loop at module scope builds one pool per tenant once',
      code: `import { Pool } from 'pg';

export const pools: Record<string, Pool> = {};
for (const database of ['eu', 'us']) {
  pools[database] = new Pool({ database });
}`,
    },
    {
      name: 'module scope: .map at module scope',
      code: `import { Pool } from 'pg';

export const replicas = ['db-1', 'db-2'].map(host => new Pool({ host }));`,
    },
    {
      name: 'lazy singleton: if (!pool) pool = new Pool() in a route',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

let pool: Pool | undefined;

app.get('/users', async (req, res) => {
  if (!pool) pool = new Pool();
  res.json((await pool.query('SELECT * FROM users')).rows);
});`,
    },
    {
      name: 'lazy singleton: pool ??= new Pool() in a route',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

let pool: Pool | undefined;

app.get('/users', async (req, res) => {
  pool ??= new Pool();
  res.json((await pool.query('SELECT * FROM users')).rows);
});`,
    },
    {
      name: 'lazy singleton: getter function called by the Next.js handler',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

let pool: Pool | undefined;

function getPool() {
  if (!pool) pool = new Pool();
  return pool;
}

export async function GET() {
  return Response.json((await getPool().query('SELECT 1')).rows);
}`,
    },
    {
      name: 'lazy singleton: pool = pool || new Pool() in a helper called by a handler',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

let pool: Pool | undefined;

function db() {
  pool = pool || new Pool();
  return pool;
}

export async function GET() {
  return Response.json((await db().query('SELECT 1')).rows);
}`,
    },
    {
      name: 'lazy singleton: the Prisma globalForPrisma pattern at module scope',
      code: `import { PrismaClient } from '@prisma/client';

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export const prisma = globalForPrisma.prisma ?? new PrismaClient();

if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;`,
    },
    {
      name: 'lazy singleton: globalForPrisma cache filled inside a route handler',
      filename: 'app/users/route.ts',
      code: `import { PrismaClient } from '@prisma/client';

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export async function GET() {
  const prisma = globalForPrisma.prisma ?? (globalForPrisma.prisma = new PrismaClient());
  return Response.json(await prisma.user.findMany());
}`,
    },
    {
      name: 'lazy singleton: globalThis.prisma ??= new PrismaClient() in a handler',
      filename: 'app/users/route.ts',
      code: `import { PrismaClient } from '@prisma/client';

declare global {
  var prisma: PrismaClient | undefined;
}

export async function GET() {
  globalThis.prisma ??= new PrismaClient();
  return Response.json(await globalThis.prisma.user.findMany());
}`,
    },
    {
      name: 'lazy singleton: module-level cache object keyed per database',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

const pools: Record<string, Pool> = {};

export async function GET(request: Request) {
  const database = new URL(request.url).searchParams.get('db') ?? 'main';
  pools[database] ??= new Pool({ database });
  return Response.json((await pools[database].query('SELECT 1')).rows);
}`,
    },
    {
      name: 'setup: main() builds, uses and ends a pool',
      code: `import { Pool } from 'pg';

async function main() {
  const pool = new Pool();
  await pool.query('SELECT 1');
  await pool.end();
}

main();`,
    },
    {
      name: 'setup: a loop inside main() is not per request',
      code: `import { Pool } from 'pg';

async function main() {
  for (const database of ['eu', 'us']) {
    const pool = new Pool({ database });
    await pool.query('VACUUM');
    await pool.end();
  }
}

main();`,
    },
    {
      name: 'setup: bootstrap() builds the pool and registers routes that share it',
      code: `import express from 'express';
import { Pool } from 'pg';

async function bootstrap() {
  const pool = new Pool();
  const app = express();
  app.get('/users', async (req, res) => res.json((await pool.query('SELECT 1')).rows));
  app.listen(3000);
}

bootstrap();`,
    },
    {
      name: 'setup: initDb() assigns the module-level pool',
      code: `import { Pool } from 'pg';

export let pool: Pool;

export function initDb() {
  pool = new Pool();
}`,
    },
    {
      name: 'setup: initDatabase() returns what it builds',
      code: `import { Pool } from 'pg';

export async function initDatabase() {
  const pool = new Pool();
  await pool.query('SELECT 1');
  return pool;
}`,
    },
    {
      name: 'setup: createDb() factory returns mysql.createPool()',
      code: `import mysql from 'mysql2/promise';

export function createDb(url: string) {
  return mysql.createPool(url);
}`,
    },
    {
      name: 'setup: makeDb() factory stores and returns knex()',
      code: `import knex from 'knex';

const registry = new Map<string, unknown>();

export function makeDb(connection: string) {
  const db = knex({ client: 'pg', connection });
  registry.set(connection, db);
  return db;
}`,
    },
    {
      name: 'setup: a createPool() factory called by a route is not reported',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

function createPool() {
  return new Pool();
}

app.get('/users', async (req, res) => {
  const pool = createPool();
  res.json((await pool.query('SELECT 1')).rows);
});`,
    },
    {
      name: 'setup: app.listen callback runs once',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

let pool: Pool;

app.listen(3000, () => {
  const created = new Pool();
  pool = created;
});

app.get('/users', async (req, res) => res.json((await pool.query('SELECT 1')).rows));`,
    },
    {
      name: 'setup: fastify.register plugin runs once at startup',
      code: `import Fastify from 'fastify';
import knex from 'knex';

const fastify = Fastify();

fastify.register(async instance => {
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  instance.decorate('db', db);
});`,
    },
    {
      name: 'test hooks: beforeAll assigns the shared pool',
      code: `import { afterAll, beforeAll, it } from 'vitest';
import { Pool } from 'pg';

let pool: Pool;

beforeAll(() => {
  pool = new Pool();
});

afterAll(() => pool.end());

it('reads', async () => {
  await pool.query('SELECT 1');
});`,
    },
    {
      name: 'test hooks: beforeEach builds a local pool',
      code: `import { beforeEach } from 'vitest';
import { Pool } from 'pg';

beforeEach(async () => {
  const pool = new Pool();
  await pool.query('TRUNCATE users');
  await pool.end();
});`,
    },
    {
      name: 'test bodies are not request handlers',
      code: `import { it } from 'vitest';
import { Pool } from 'pg';

it('queries', async () => {
  const pool = new Pool();
  await pool.query('SELECT 1');
  await pool.end();
});`,
    },
    {
      name: 'helper not called by any handler',
      code: `import { Pool } from 'pg';

export async function countUsers() {
  const pool = new Pool();
  const { rows } = await pool.query('SELECT count(*) FROM users');
  await pool.end();
  return rows[0];
}`,
    },
    {
      name: 'helper that builds only under a condition',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

async function loadUsers(fresh: boolean) {
  if (fresh) {
    const pool = new Pool();
    return (await pool.query('SELECT 1')).rows;
  }
  return [];
}

app.get('/users', async (req, res) => {
  res.json(await loadUsers(false));
});`,
    },
    {
      name: 'class method that is not a route handler',
      code: `import { Pool } from 'pg';

export class Migrator {
  async run() {
    const pool = new Pool();
    await pool.query('SELECT 1');
    await pool.end();
  }
}`,
    },
    {
      name: 'new Client() without connect() holds no connection',
      filename: 'app/users/route.ts',
      code: `import { Client } from 'pg';

export async function GET() {
  const client = new Client();
  return Response.json({ user: client.user });
}`,
    },
    {
      name: 'drizzle(existingPool) wraps the module pool',
      filename: 'app/users/route.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';

const pool = new Pool();

export async function GET() {
  const db = drizzle(pool);
  return Response.json(await db.execute('SELECT 1'));
}`,
    },
    {
      name: 'mssql sql.connect(config) returns the global pool',
      filename: 'app/users/route.ts',
      code: `import sql from 'mssql';

export async function GET() {
  const pool = await sql.connect(process.env.DATABASE_URL!);
  return Response.json((await pool.request().query('SELECT 1')).recordset);
}`,
    },
    {
      name: 'neon(url) is a stateless HTTP query function',
      filename: 'app/users/route.ts',
      code: `import { neon } from '@neondatabase/serverless';

export async function GET() {
  const sql = neon(process.env.DATABASE_URL!);
  return Response.json(await sql\`SELECT 1\`);
}`,
    },
    {
      name: 'mongoose.connect() in a handler reuses the default connection',
      code: `import express from 'express';
import mongoose from 'mongoose';

const app = express();

app.get('/users', async (req, res) => {
  await mongoose.connect(process.env.MONGO_URL!);
  res.json({});
});`,
    },
    {
      name: 'pgPromise() and pgp(cn) at module scope, queries in the route',
      code: `import express from 'express';
import pgPromise from 'pg-promise';

const pgp = pgPromise();
const db = pgp(process.env.DATABASE_URL!);
const app = express();

app.get('/users', async (req, res) => {
  res.json(await db.any('SELECT 1'));
});`,
    },
    {
      name: 'lookalike: undici Pool is not a database pool',
      code: `import express from 'express';
import { Pool } from 'undici';

const app = express();

app.get('/proxy', async (req, res) => {
  const upstream = new Pool('http://upstream');
  res.json(await upstream.request({ path: '/', method: 'GET' }));
});`,
    },
    {
      name: 'lookalike: Map#get callback is not a route',
      code: `import { Pool } from 'pg';

const routes = new Map<string, () => Pool>();

export function lookup() {
  return routes.get('/users') ?? (() => new Pool());
}`,
    },
    {
      name: "lookalike: emitter.on('connect') is not a request",
      code: `import { EventEmitter } from 'node:events';
import { Pool } from 'pg';

const server = new EventEmitter();
let pool: Pool | undefined;

server.on('connect', () => {
  const created = new Pool();
  pool = created;
});`,
    },
    {
      name: 'singleton class: one module-level instance',
      code: `import { Pool } from 'pg';

class Database {
  readonly pool: Pool;
  constructor() {
    this.pool = new Pool();
  }
}

export const database = new Database();`,
    },
    {
      name: 'singleton class: field initialiser and export default new',
      code: `import { Pool } from 'pg';

class Database {
  readonly pool = new Pool();
}

export default new Database();`,
    },
    {
      name: 'NestJS @Injectable() provider (default scope) building a pool',
      code: `import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';

@Injectable()
export class DatabaseService {
  private readonly pool = new Pool();

  query(text: string) {
    return this.pool.query(text);
  }
}`,
    },
    {
      name: 'NestJS @Injectable() provider building PrismaClient in the constructor',
      code: `import { Injectable } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';

@Injectable()
export class PrismaService {
  readonly client: PrismaClient;
  constructor() {
    this.client = new PrismaClient();
  }
}`,
    },
    {
      name: 'NestJS @Controller() field initialiser (controllers are singletons)',
      code: `import { Controller, Get } from '@nestjs/common';
import { Pool } from 'pg';

@Controller('users')
export class UsersController {
  private readonly pool = new Pool();

  @Get()
  list() {
    return this.pool.query('SELECT 1');
  }
}`,
    },
    {
      name: 'NestJS PrismaService extends PrismaClient',
      code: `import { Injectable, OnModuleInit } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit {
  async onModuleInit() {
    await this.$connect();
  }
}`,
    },
    {
      name: 'fallback for an injected pool: opts.pool ?? new Pool()',
      code: `import { Pool } from 'pg';

export class UserStore {
  readonly pool: Pool;
  constructor(opts: { pool?: Pool } = {}) {
    this.pool = opts.pool ?? new Pool();
  }
}`,
    },
    {
      name: 'fallback for an injected pool: conditional construction in the constructor',
      code: `import { Pool } from 'pg';

export class UserStore {
  readonly pool: Pool;
  constructor(opts: { pool?: Pool }) {
    if (opts.pool) this.pool = opts.pool;
    else this.pool = new Pool();
  }
}`,
    },
    {
      name: 'fallback in a handler: context pool ?? new Pool()',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

export async function GET(request: Request, context: { pool?: Pool }) {
  const pool = context.pool ?? new Pool();
  return Response.json((await pool.query('SELECT 1')).rows);
}`,
    },
    {
      name: 'static field is built once per class',
      code: `import { Pool } from 'pg';

export class Database {
  static readonly pool = new Pool();
}`,
    },
  ],
  invalid: [
    {
      name: 'a default-exported (req, res) handler outside pages/api is still an API route',
      filename: 'lib/users.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';

export default async function handler(req: unknown, res: { json(v: unknown): void }) {
  const db = drizzle(process.env.DATABASE_URL!);
  res.json(await db.execute('SELECT 1'));
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 14,
          suggestions: [
            {
              messageId: 'hoistToModule',
              output: `import { drizzle } from 'drizzle-orm/node-postgres';

const db = drizzle(process.env.DATABASE_URL!);
export default async function handler(req: unknown, res: { json(v: unknown): void }) {
  res.json(await db.execute('SELECT 1'));
}`,
            },
          ],
        },
      ],
    },
    {
      name: "Express: app.get('/x', fn) builds new Pool()",
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

app.get('/users', async (req, res) => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  res.json((await pool.query('SELECT * FROM users')).rows);
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
app.get('/users', async (req, res) => {
  res.json((await pool.query('SELECT * FROM users')).rows);
});` },
          ],
        },
      ],
    },
    {
      name: 'Express: router.post on express.Router() builds mysql.createPool() from the request',
      code: `import express from 'express';
import mysql from 'mysql2/promise';

const router = express.Router();

router.post('/orders', async (req, res) => {
  const pool = mysql.createPool({ uri: process.env.DATABASE_URL, database: req.body.shop });
  res.json(await pool.query('INSERT INTO orders SET ?', [req.body]));
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'mysql.createPool()', scope: 'a route handler (`router.post`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import express from 'express';
import mysql from 'mysql2/promise';

const router = express.Router();

let sharedPool: ReturnType<typeof mysql.createPool> | undefined;
router.post('/orders', async (req, res) => {
  const pool = (sharedPool ??= mysql.createPool({ uri: process.env.DATABASE_URL, database: req.body.shop }));
  res.json(await pool.query('INSERT INTO orders SET ?', [req.body]));
});` },
          ],
        },
      ],
    },
    {
      name: 'Express: app.use(fn) middleware attaches a pool to req',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

app.use((req, res, next) => {
  req.db = new Pool();
  next();
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 12,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.use`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import express from 'express';
import { Pool } from 'pg';

const app = express();

let sharedPool: InstanceType<typeof Pool> | undefined;
app.use((req, res, next) => {
  req.db = (sharedPool ??= new Pool());
  next();
});` },
          ],
        },
      ],
    },
    {
      name: "Express: app.use('/api', fn) middleware with a path",
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

app.use('/api', async (req, res, next) => {
  const pool = new Pool();
  await pool.query('SELECT 1');
  next();
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.use`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const pool = new Pool();
app.use('/api', async (req, res, next) => {
  await pool.query('SELECT 1');
  next();
});` },
          ],
        },
      ],
    },
    {
      name: 'Express: error middleware (err, req, res, next)',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

app.use(async (err, req, res, next) => {
  const pool = new Pool();
  await pool.query('INSERT INTO errors (message) VALUES ($1)', [String(err)]);
  next(err);
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.use`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const pool = new Pool();
app.use(async (err, req, res, next) => {
  await pool.query('INSERT INTO errors (message) VALUES ($1)', [String(err)]);
  next(err);
});` },
          ],
        },
      ],
    },
    {
      name: 'Express: last handler after a middleware chain',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const auth = (req, res, next) => next();

app.get('/users', auth, async (req, res) => {
  const pool = new Pool();
  res.json((await pool.query('SELECT 1')).rows);
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 9,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const auth = (req, res, next) => next();

const pool = new Pool();
app.get('/users', auth, async (req, res) => {
  res.json((await pool.query('SELECT 1')).rows);
});` },
          ],
        },
      ],
    },
    {
      name: 'Express: app.all route',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

app.all('/ping', async (req, res) => {
  const pool = new Pool();
  res.json((await pool.query('SELECT 1')).rows);
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.all`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const pool = new Pool();
app.all('/ping', async (req, res) => {
  res.json((await pool.query('SELECT 1')).rows);
});` },
          ],
        },
      ],
    },
    {
      name: 'Express: construction under an if inside the handler still runs per request',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

app.get('/users', async (req, res) => {
  if (req.query.fresh) {
    const pool = new Pool();
    res.json((await pool.query('SELECT 1')).rows);
  }
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 8,
          column: 18,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const pool = new Pool();
app.get('/users', async (req, res) => {
  if (req.query.fresh) {
    res.json((await pool.query('SELECT 1')).rows);
  }
});` },
          ],
        },
      ],
    },
    {
      name: 'Koa: app.use(async (ctx, next) => …) builds knex()',
      code: `import Koa from 'koa';
import knex from 'knex';

const app = new Koa();

app.use(async (ctx, next) => {
  ctx.state.db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  await next();
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 18,
          data: { construct: 'knex()', scope: 'a route handler (`app.use`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import Koa from 'koa';
import knex from 'knex';

const app = new Koa();

let sharedPool: ReturnType<typeof knex> | undefined;
app.use(async (ctx, next) => {
  ctx.state.db = (sharedPool ??= knex({ client: 'pg', connection: process.env.DATABASE_URL }));
  await next();
});` },
          ],
        },
      ],
    },
    {
      name: "Koa: @koa/router router.get('/x', mw, fn) builds new Sequelize()",
      code: `import Router from '@koa/router';
import { Sequelize } from 'sequelize';

const router = new Router();
const auth = async (ctx, next) => next();

router.get('/users', auth, async ctx => {
  const sequelize = new Sequelize(process.env.DATABASE_URL!);
  ctx.body = await sequelize.query('SELECT 1');
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 8,
          column: 21,
          data: { construct: 'new Sequelize()', scope: 'a route handler (`router.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import Router from '@koa/router';
import { Sequelize } from 'sequelize';

const router = new Router();
const auth = async (ctx, next) => next();

const sequelize = new Sequelize(process.env.DATABASE_URL!);
router.get('/users', auth, async ctx => {
  ctx.body = await sequelize.query('SELECT 1');
});` },
          ],
        },
      ],
    },
    {
      name: 'Fastify: fastify.get(url, handler) builds new MongoClient()',
      code: `import Fastify from 'fastify';
import { MongoClient } from 'mongodb';

const fastify = Fastify();

fastify.get('/users', async (request, reply) => {
  const client = new MongoClient(process.env.MONGO_URL!);
  return client.db().collection('users').find().toArray();
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 18,
          data: { construct: 'new MongoClient()', scope: 'a route handler (`fastify.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import Fastify from 'fastify';
import { MongoClient } from 'mongodb';

const fastify = Fastify();

const client = new MongoClient(process.env.MONGO_URL!);
fastify.get('/users', async (request, reply) => {
  return client.db().collection('users').find().toArray();
});` },
          ],
        },
      ],
    },
    {
      name: 'Fastify: fastify.get(url, opts, handler)',
      code: `import Fastify from 'fastify';
import { MongoClient } from 'mongodb';

const fastify = Fastify();

fastify.get('/users', { schema: {} }, async (request, reply) => {
  const client = await MongoClient.connect(process.env.MONGO_URL!);
  return client.db().collection('users').find().toArray();
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 24,
          data: { construct: 'MongoClient.connect()', scope: 'a route handler (`fastify.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import Fastify from 'fastify';
import { MongoClient } from 'mongodb';

const fastify = Fastify();

let sharedClient: ReturnType<typeof MongoClient.connect> | undefined;
fastify.get('/users', { schema: {} }, async (request, reply) => {
  const client = await (sharedClient ??= MongoClient.connect(process.env.MONGO_URL!));
  return client.db().collection('users').find().toArray();
});` },
          ],
        },
      ],
    },
    {
      name: 'Fastify: fastify.route({ method, url, handler }) builds new PrismaClient()',
      code: `import Fastify from 'fastify';
import { PrismaClient } from '@prisma/client';

const fastify = Fastify();

fastify.route({
  method: 'GET',
  url: '/users',
  handler: async (request, reply) => {
    const prisma = new PrismaClient();
    return prisma.user.findMany();
  },
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 10,
          column: 20,
          data: { construct: 'new PrismaClient()', scope: 'a route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import Fastify from 'fastify';
import { PrismaClient } from '@prisma/client';

const fastify = Fastify();

const prisma = new PrismaClient();
fastify.route({
  method: 'GET',
  url: '/users',
  handler: async (request, reply) => {
    return prisma.user.findMany();
  },
});` },
          ],
        },
      ],
    },
    {
      name: 'Fastify: route object with a handler() method',
      code: `import Fastify from 'fastify';
import { PrismaClient } from '@prisma/client';

const fastify = Fastify();

fastify.route({
  method: 'POST',
  url: '/users',
  async handler(request, reply) {
    const prisma = new PrismaClient();
    return prisma.user.create({ data: {} });
  },
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 10,
          column: 20,
          data: { construct: 'new PrismaClient()', scope: 'a route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import Fastify from 'fastify';
import { PrismaClient } from '@prisma/client';

const fastify = Fastify();

const prisma = new PrismaClient();
fastify.route({
  method: 'POST',
  url: '/users',
  async handler(request, reply) {
    return prisma.user.create({ data: {} });
  },
});` },
          ],
        },
      ],
    },
    {
      name: "Fastify: addHook('onRequest', fn)",
      code: `import Fastify from 'fastify';
import knex from 'knex';

const fastify = Fastify();

fastify.addHook('onRequest', async (request, reply) => {
  request.db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'knex()', scope: 'a request hook', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import Fastify from 'fastify';
import knex from 'knex';

const fastify = Fastify();

let sharedPool: ReturnType<typeof knex> | undefined;
fastify.addHook('onRequest', async (request, reply) => {
  request.db = (sharedPool ??= knex({ client: 'pg', connection: process.env.DATABASE_URL }));
});` },
          ],
        },
      ],
    },
    {
      name: "Fastify: addHook('preHandler', fn)",
      code: `import Fastify from 'fastify';
import postgres from 'postgres';

const fastify = Fastify();

fastify.addHook('preHandler', async request => {
  const sql = postgres(process.env.DATABASE_URL!);
  request.user = await sql\`SELECT * FROM users LIMIT 1\`;
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 15,
          data: { construct: 'postgres()', scope: 'a request hook', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import Fastify from 'fastify';
import postgres from 'postgres';

const fastify = Fastify();

const sql = postgres(process.env.DATABASE_URL!);
fastify.addHook('preHandler', async request => {
  request.user = await sql\`SELECT * FROM users LIMIT 1\`;
});` },
          ],
        },
      ],
    },
    {
      name: 'Hapi: server.route({ method, path, handler }) builds postgres()',
      code: `import Hapi from '@hapi/hapi';
import postgres from 'postgres';

const server = Hapi.server({ port: 3000 });

server.route({
  method: 'GET',
  path: '/users',
  handler: async (request, h) => {
    const sql = postgres(process.env.DATABASE_URL!);
    return sql\`SELECT * FROM users\`;
  },
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 10,
          column: 17,
          data: { construct: 'postgres()', scope: 'a route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import Hapi from '@hapi/hapi';
import postgres from 'postgres';

const server = Hapi.server({ port: 3000 });

const sql = postgres(process.env.DATABASE_URL!);
server.route({
  method: 'GET',
  path: '/users',
  handler: async (request, h) => {
    return sql\`SELECT * FROM users\`;
  },
});` },
          ],
        },
      ],
    },
    {
      name: 'Hapi: array of route objects',
      code: `import Hapi from '@hapi/hapi';
import postgres from 'postgres';

const server = Hapi.server({ port: 3000 });

server.route([
  { method: 'GET', path: '/health', handler: () => 'ok' },
  {
    method: 'GET',
    path: '/users',
    handler: async (request, h) => {
      const sql = postgres(process.env.DATABASE_URL!);
      return sql\`SELECT * FROM users\`;
    },
  },
]);`,
      errors: [
        {
          messageId: 'perRequest',
          line: 12,
          column: 19,
          data: { construct: 'postgres()', scope: 'a route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import Hapi from '@hapi/hapi';
import postgres from 'postgres';

const server = Hapi.server({ port: 3000 });

const sql = postgres(process.env.DATABASE_URL!);
server.route([
  { method: 'GET', path: '/health', handler: () => 'ok' },
  {
    method: 'GET',
    path: '/users',
    handler: async (request, h) => {
      return sql\`SELECT * FROM users\`;
    },
  },
]);` },
          ],
        },
      ],
    },
    {
      name: 'Hono: app.get(path, c => …) builds pgp(cn)',
      code: `import { Hono } from 'hono';
import pgPromise from 'pg-promise';

const pgp = pgPromise();
const app = new Hono();

app.get('/users', async c => {
  const db = pgp(process.env.DATABASE_URL!);
  return c.json(await db.any('SELECT * FROM users'));
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 8,
          column: 14,
          data: { construct: 'pgp()', scope: 'a route handler (`app.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { Hono } from 'hono';
import pgPromise from 'pg-promise';

const pgp = pgPromise();
const app = new Hono();

const db = pgp(process.env.DATABASE_URL!);
app.get('/users', async c => {
  return c.json(await db.any('SELECT * FROM users'));
});` },
          ],
        },
      ],
    },
    {
      name: 'Hono: app.post reading c.env',
      code: `import { Hono } from 'hono';
import { Pool } from 'pg';

const app = new Hono<{ Bindings: { DATABASE_URL: string } }>();

app.post('/users', async c => {
  const pool = new Pool({ connectionString: c.env.DATABASE_URL });
  return c.json((await pool.query('SELECT 1')).rows);
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.post`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Hono } from 'hono';
import { Pool } from 'pg';

const app = new Hono<{ Bindings: { DATABASE_URL: string } }>();

let sharedPool: InstanceType<typeof Pool> | undefined;
app.post('/users', async c => {
  const pool = (sharedPool ??= new Pool({ connectionString: c.env.DATABASE_URL }));
  return c.json((await pool.query('SELECT 1')).rows);
});` },
          ],
        },
      ],
    },
    {
      name: 'Next.js App Router: export async function GET builds new Sequelize()',
      filename: 'app/users/route.ts',
      code: `import { Sequelize } from 'sequelize';

export async function GET(request: Request) {
  const sequelize = new Sequelize(process.env.DATABASE_URL!);
  return Response.json(await sequelize.query('SELECT 1'));
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 21,
          data: { construct: 'new Sequelize()', scope: 'the exported GET route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { Sequelize } from 'sequelize';

const sequelize = new Sequelize(process.env.DATABASE_URL!);
export async function GET(request: Request) {
  return Response.json(await sequelize.query('SELECT 1'));
}` },
          ],
        },
      ],
    },
    {
      name: 'Next.js App Router: export const POST = async () => … builds new DataSource()',
      filename: 'app/users/route.ts',
      code: `import { DataSource } from 'typeorm';

export const POST = async (request: Request) => {
  const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
  return Response.json(await dataSource.query('SELECT 1'));
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 22,
          data: { construct: 'new DataSource()', scope: 'the exported POST route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { DataSource } from 'typeorm';

const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
export const POST = async (request: Request) => {
  return Response.json(await dataSource.query('SELECT 1'));
};` },
          ],
        },
      ],
    },
    {
      name: 'Next.js App Router: export const DELETE = async function',
      filename: 'app/users/[id]/route.ts',
      code: `import { Pool } from 'pg';

export const DELETE = async function (request: Request) {
  const pool = new Pool();
  return Response.json((await pool.query('DELETE FROM users')).rowCount);
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 16,
          data: { construct: 'new Pool()', scope: 'the exported DELETE route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { Pool } from 'pg';

const pool = new Pool();
export const DELETE = async function (request: Request) {
  return Response.json((await pool.query('DELETE FROM users')).rowCount);
};` },
          ],
        },
      ],
    },
    {
      name: 'Next.js Pages API: default export function in pages/api builds drizzle(url)',
      filename: 'pages/api/users.ts',
      code: `import type { NextApiRequest, NextApiResponse } from 'next';
import { drizzle } from 'drizzle-orm/node-postgres';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const db = drizzle(process.env.DATABASE_URL!);
  res.json(await db.execute('SELECT 1'));
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          column: 14,
          data: { construct: 'drizzle()', scope: 'the API route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import type { NextApiRequest, NextApiResponse } from 'next';
import { drizzle } from 'drizzle-orm/node-postgres';

const db = drizzle(process.env.DATABASE_URL!);
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  res.json(await db.execute('SELECT 1'));
}` },
          ],
        },
      ],
    },
    {
      name: 'Next.js Pages API: default export arrow builds drizzle({ connection })',
      filename: 'pages/api/users.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';

export default async (req, res) => {
  const db = drizzle({ connection: 'postgres://localhost/app' });
  res.json(await db.execute('SELECT 1'));
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 14,
          data: { construct: 'drizzle()', scope: 'the API route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { drizzle } from 'drizzle-orm/node-postgres';

const db = drizzle({ connection: 'postgres://localhost/app' });
export default async (req, res) => {
  res.json(await db.execute('SELECT 1'));
};` },
          ],
        },
      ],
    },
    {
      name: 'AWS Lambda: export const handler builds new Redis() (ioredis)',
      code: `import Redis from 'ioredis';

export const handler = async (event: { key: string }) => {
  const redis = new Redis(process.env.REDIS_URL!);
  return redis.get(event.key);
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 17,
          data: { construct: 'new Redis()', scope: 'the Lambda handler', via: '', what: 'client' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL!);
export const handler = async (event: { key: string }) => {
  return redis.get(event.key);
};` },
          ],
        },
      ],
    },
    {
      name: 'AWS Lambda: export async function handler builds createClient() (redis)',
      code: `import { createClient } from 'redis';

export async function handler(event: { key: string }) {
  const client = createClient({ url: process.env.REDIS_URL });
  return client.get(event.key);
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 18,
          data: { construct: 'createClient()', scope: 'the Lambda handler', via: '', what: 'client' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { createClient } from 'redis';

const client = createClient({ url: process.env.REDIS_URL });
export async function handler(event: { key: string }) {
  return client.get(event.key);
}` },
          ],
        },
      ],
    },
    {
      name: 'AWS Lambda: a loop over event.Records builds one pool per record',
      code: `import { Pool } from 'pg';

export const handler = async (event: { Records: { body: string }[] }) => {
  for (const record of event.Records) {
    const pool = new Pool();
    await pool.query('INSERT INTO events (body) VALUES ($1)', [record.body]);
  }
};`,
      errors: [
        {
          messageId: 'perIteration',
          line: 5,
          column: 18,
          data: { construct: 'new Pool()', scope: 'the Lambda handler', via: '' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { Pool } from 'pg';

const pool = new Pool();
export const handler = async (event: { Records: { body: string }[] }) => {
  for (const record of event.Records) {
    await pool.query('INSERT INTO events (body) VALUES ($1)', [record.body]);
  }
};` },
          ],
        },
      ],
    },
    {
      name: 'NestJS: methods decorated @Get() and @Post() build a pool; an undecorated method does not count',
      code: `import { Controller, Get, Post } from '@nestjs/common';
import { Pool } from 'pg';

@Controller('users')
class UsersController {
  @Get()
  async list() {
    const pool = new Pool();
    return (await pool.query('SELECT * FROM users')).rows;
  }

  @Post(':id')
  async create() {
    const pool = new Pool();
    return (await pool.query('INSERT INTO users DEFAULT VALUES')).rowCount;
  }

  async migrate() {
    const pool = new Pool();
    await pool.query('SELECT 1');
    await pool.end();
  }
}

export { UsersController };`,
      errors: [
        {
          messageId: 'perRequest',
          line: 8,
          column: 18,
          data: { construct: 'new Pool()', scope: 'a NestJS @Get handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Controller, Get, Post } from '@nestjs/common';
import { Pool } from 'pg';

let sharedPool: InstanceType<typeof Pool> | undefined;
@Controller('users')
class UsersController {
  @Get()
  async list() {
    const pool = (sharedPool ??= new Pool());
    return (await pool.query('SELECT * FROM users')).rows;
  }

  @Post(':id')
  async create() {
    const pool = new Pool();
    return (await pool.query('INSERT INTO users DEFAULT VALUES')).rowCount;
  }

  async migrate() {
    const pool = new Pool();
    await pool.query('SELECT 1');
    await pool.end();
  }
}

export { UsersController };` },
          ],
        },
        {
          messageId: 'perRequest',
          line: 14,
          column: 18,
          data: { construct: 'new Pool()', scope: 'a NestJS @Post handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Controller, Get, Post } from '@nestjs/common';
import { Pool } from 'pg';

let sharedPool: InstanceType<typeof Pool> | undefined;
@Controller('users')
class UsersController {
  @Get()
  async list() {
    const pool = new Pool();
    return (await pool.query('SELECT * FROM users')).rows;
  }

  @Post(':id')
  async create() {
    const pool = (sharedPool ??= new Pool());
    return (await pool.query('INSERT INTO users DEFAULT VALUES')).rowCount;
  }

  async migrate() {
    const pool = new Pool();
    await pool.query('SELECT 1');
    await pool.end();
  }
}

export { UsersController };` },
          ],
        },
      ],
    },
    {
      name: 'NestJS: @Put/@Delete handlers on a Prisma client',
      code: `import { Controller, Delete, Param, Put } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';

@Controller('users')
class UsersController {
  @Put(':id')
  update(@Param('id') id: string) {
    const prisma = new PrismaClient();
    return prisma.user.update({ where: { id }, data: {} });
  }

  @Delete(':id')
  remove(@Param('id') id: string) {
    const prisma = new PrismaClient();
    return prisma.user.delete({ where: { id } });
  }
}

export { UsersController };`,
      errors: [
        {
          messageId: 'perRequest',
          line: 8,
          column: 20,
          data: { construct: 'new PrismaClient()', scope: 'a NestJS @Put handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Controller, Delete, Param, Put } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';

let sharedPrisma: InstanceType<typeof PrismaClient> | undefined;
@Controller('users')
class UsersController {
  @Put(':id')
  update(@Param('id') id: string) {
    const prisma = (sharedPrisma ??= new PrismaClient());
    return prisma.user.update({ where: { id }, data: {} });
  }

  @Delete(':id')
  remove(@Param('id') id: string) {
    const prisma = new PrismaClient();
    return prisma.user.delete({ where: { id } });
  }
}

export { UsersController };` },
          ],
        },
        {
          messageId: 'perRequest',
          line: 14,
          column: 20,
          data: { construct: 'new PrismaClient()', scope: 'a NestJS @Delete handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Controller, Delete, Param, Put } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';

let sharedPrisma: InstanceType<typeof PrismaClient> | undefined;
@Controller('users')
class UsersController {
  @Put(':id')
  update(@Param('id') id: string) {
    const prisma = new PrismaClient();
    return prisma.user.update({ where: { id }, data: {} });
  }

  @Delete(':id')
  remove(@Param('id') id: string) {
    const prisma = (sharedPrisma ??= new PrismaClient());
    return prisma.user.delete({ where: { id } });
  }
}

export { UsersController };` },
          ],
        },
      ],
    },
    {
      name: 'NestJS GraphQL: @Query() resolver method',
      code: `import { Query, Resolver } from '@nestjs/graphql';
import { PrismaClient } from '@prisma/client';

@Resolver()
class UsersResolver {
  @Query(() => [String])
  users() {
    const prisma = new PrismaClient();
    return prisma.user.findMany();
  }
}

export { UsersResolver };`,
      errors: [
        {
          messageId: 'perRequest',
          line: 8,
          column: 20,
          data: { construct: 'new PrismaClient()', scope: 'a NestJS @Query handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { Query, Resolver } from '@nestjs/graphql';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
@Resolver()
class UsersResolver {
  @Query(() => [String])
  users() {
    return prisma.user.findMany();
  }
}

export { UsersResolver };` },
          ],
        },
      ],
    },
    {
      name: 'GraphQL: resolver map with arrow, method shorthand and function expression',
      code: `import { Pool } from 'pg';

export const resolvers = {
  Query: {
    users: async () => {
      const pool = new Pool();
      return (await pool.query('SELECT * FROM users')).rows;
    },
    async user(_parent: unknown, args: { id: string }) {
      const pool = new Pool();
      return (await pool.query('SELECT * FROM users WHERE id = $1', [args.id])).rows[0];
    },
  },
  Mutation: {
    addUser: async function (_parent: unknown, args: { name: string }) {
      const pool = new Pool();
      return pool.query('INSERT INTO users (name) VALUES ($1)', [args.name]);
    },
  },
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 6,
          column: 20,
          data: { construct: 'new Pool()', scope: 'a GraphQL Query resolver', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Pool } from 'pg';

let sharedPool: InstanceType<typeof Pool> | undefined;
export const resolvers = {
  Query: {
    users: async () => {
      const pool = (sharedPool ??= new Pool());
      return (await pool.query('SELECT * FROM users')).rows;
    },
    async user(_parent: unknown, args: { id: string }) {
      const pool = new Pool();
      return (await pool.query('SELECT * FROM users WHERE id = $1', [args.id])).rows[0];
    },
  },
  Mutation: {
    addUser: async function (_parent: unknown, args: { name: string }) {
      const pool = new Pool();
      return pool.query('INSERT INTO users (name) VALUES ($1)', [args.name]);
    },
  },
};` },
          ],
        },
        {
          messageId: 'perRequest',
          line: 10,
          column: 20,
          data: { construct: 'new Pool()', scope: 'a GraphQL Query resolver', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Pool } from 'pg';

let sharedPool: InstanceType<typeof Pool> | undefined;
export const resolvers = {
  Query: {
    users: async () => {
      const pool = new Pool();
      return (await pool.query('SELECT * FROM users')).rows;
    },
    async user(_parent: unknown, args: { id: string }) {
      const pool = (sharedPool ??= new Pool());
      return (await pool.query('SELECT * FROM users WHERE id = $1', [args.id])).rows[0];
    },
  },
  Mutation: {
    addUser: async function (_parent: unknown, args: { name: string }) {
      const pool = new Pool();
      return pool.query('INSERT INTO users (name) VALUES ($1)', [args.name]);
    },
  },
};` },
          ],
        },
        {
          messageId: 'perRequest',
          line: 16,
          column: 20,
          data: { construct: 'new Pool()', scope: 'a GraphQL Mutation resolver', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Pool } from 'pg';

let sharedPool: InstanceType<typeof Pool> | undefined;
export const resolvers = {
  Query: {
    users: async () => {
      const pool = new Pool();
      return (await pool.query('SELECT * FROM users')).rows;
    },
    async user(_parent: unknown, args: { id: string }) {
      const pool = new Pool();
      return (await pool.query('SELECT * FROM users WHERE id = $1', [args.id])).rows[0];
    },
  },
  Mutation: {
    addUser: async function (_parent: unknown, args: { name: string }) {
      const pool = (sharedPool ??= new Pool());
      return pool.query('INSERT INTO users (name) VALUES ($1)', [args.name]);
    },
  },
};` },
          ],
        },
      ],
    },
    {
      name: 'GraphQL: resolvers inline in new ApolloServer()',
      code: `import { ApolloServer } from '@apollo/server';
import { Pool } from 'pg';

export const server = new ApolloServer({
  typeDefs: 'type Query { users: [String] }',
  resolvers: {
    Query: {
      users: async () => {
        const pool = new Pool();
        return (await pool.query('SELECT name FROM users')).rows;
      },
    },
  },
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 9,
          column: 22,
          data: { construct: 'new Pool()', scope: 'a GraphQL Query resolver', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { ApolloServer } from '@apollo/server';
import { Pool } from 'pg';

const pool = new Pool();
export const server = new ApolloServer({
  typeDefs: 'type Query { users: [String] }',
  resolvers: {
    Query: {
      users: async () => {
        return (await pool.query('SELECT name FROM users')).rows;
      },
    },
  },
});` },
          ],
        },
      ],
    },
    {
      name: 'GraphQL: Apollo context factory runs per request',
      code: `import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Pool } from 'pg';

const server = new ApolloServer({ typeDefs: 'type Query { a: Int }', resolvers: {} });

startStandaloneServer(server, {
  context: async () => ({ db: new Pool() }),
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 8,
          column: 31,
          data: { construct: 'new Pool()', scope: 'the per-request GraphQL context', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Pool } from 'pg';

const server = new ApolloServer({ typeDefs: 'type Query { a: Int }', resolvers: {} });

let sharedPool: InstanceType<typeof Pool> | undefined;
startStandaloneServer(server, {
  context: async () => ({ db: (sharedPool ??= new Pool()) }),
});` },
          ],
        },
      ],
    },
    {
      name: 'tRPC: publicProcedure.query(fn) and .mutation(fn)',
      code: `import { Pool } from 'pg';
import { publicProcedure, router } from './trpc';

export const appRouter = router({
  list: publicProcedure.query(async () => {
    const pool = new Pool();
    return (await pool.query('SELECT * FROM users')).rows;
  }),
  add: publicProcedure.mutation(async () => {
    const pool = new Pool();
    return (await pool.query('INSERT INTO users DEFAULT VALUES')).rowCount;
  }),
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 6,
          column: 18,
          data: { construct: 'new Pool()', scope: 'a tRPC query procedure', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Pool } from 'pg';
import { publicProcedure, router } from './trpc';

let sharedPool: InstanceType<typeof Pool> | undefined;
export const appRouter = router({
  list: publicProcedure.query(async () => {
    const pool = (sharedPool ??= new Pool());
    return (await pool.query('SELECT * FROM users')).rows;
  }),
  add: publicProcedure.mutation(async () => {
    const pool = new Pool();
    return (await pool.query('INSERT INTO users DEFAULT VALUES')).rowCount;
  }),
});` },
          ],
        },
        {
          messageId: 'perRequest',
          line: 10,
          column: 18,
          data: { construct: 'new Pool()', scope: 'a tRPC mutation procedure', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Pool } from 'pg';
import { publicProcedure, router } from './trpc';

let sharedPool: InstanceType<typeof Pool> | undefined;
export const appRouter = router({
  list: publicProcedure.query(async () => {
    const pool = new Pool();
    return (await pool.query('SELECT * FROM users')).rows;
  }),
  add: publicProcedure.mutation(async () => {
    const pool = (sharedPool ??= new Pool());
    return (await pool.query('INSERT INTO users DEFAULT VALUES')).rowCount;
  }),
});` },
          ],
        },
      ],
    },
    {
      name: 'tRPC: t.procedure.input(schema).query(fn)',
      code: `import { initTRPC } from '@trpc/server';
import { Pool } from 'pg';
import { z } from 'zod';

const t = initTRPC.create();

export const appRouter = t.router({
  byId: t.procedure.input(z.string()).query(async ({ input }) => {
    const pool = new Pool();
    return (await pool.query('SELECT * FROM users WHERE id = $1', [input])).rows[0];
  }),
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 9,
          column: 18,
          data: { construct: 'new Pool()', scope: 'a tRPC query procedure', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { initTRPC } from '@trpc/server';
import { Pool } from 'pg';
import { z } from 'zod';

const t = initTRPC.create();

const pool = new Pool();
export const appRouter = t.router({
  byId: t.procedure.input(z.string()).query(async ({ input }) => {
    return (await pool.query('SELECT * FROM users WHERE id = $1', [input])).rows[0];
  }),
});` },
          ],
        },
      ],
    },
    {
      name: 'tRPC: protectedProcedure.subscription(fn)',
      code: `import { Pool } from 'pg';
import { protectedProcedure } from './trpc';

export const onUser = protectedProcedure.subscription(async function* () {
  const pool = new Pool();
  yield (await pool.query('SELECT 1')).rows;
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a tRPC subscription procedure', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { Pool } from 'pg';
import { protectedProcedure } from './trpc';

const pool = new Pool();
export const onUser = protectedProcedure.subscription(async function* () {
  yield (await pool.query('SELECT 1')).rows;
});` },
          ],
        },
      ],
    },
    {
      name: 'tRPC: exported createContext runs per request',
      code: `import { Pool } from 'pg';

export const createContext = async () => {
  const pool = new Pool();
  return { pool };
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 16,
          data: { construct: 'new Pool()', scope: 'the per-request context factory', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { Pool } from 'pg';

const pool = new Pool();
export const createContext = async () => {
  return { pool };
};` },
          ],
        },
      ],
    },
    {
      name: 'helper: function declaration called by a route handler',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

async function loadUsers() {
  const pool = new Pool();
  return (await pool.query('SELECT * FROM users')).rows;
}

app.get('/users', async (req, res) => {
  res.json(await loadUsers());
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.get`)', via: ', through `loadUsers()`', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const pool = new Pool();
async function loadUsers() {
  return (await pool.query('SELECT * FROM users')).rows;
}

app.get('/users', async (req, res) => {
  res.json(await loadUsers());
});` },
          ],
        },
      ],
    },
    {
      name: 'helper: arrow function called by a Next.js handler',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

const loadUsers = async () => {
  const pool = new Pool();
  return (await pool.query('SELECT * FROM users')).rows;
};

export async function GET() {
  return Response.json(await loadUsers());
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 16,
          data: { construct: 'new Pool()', scope: 'the exported GET route handler', via: ', through `loadUsers()`', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { Pool } from 'pg';

const pool = new Pool();
const loadUsers = async () => {
  return (await pool.query('SELECT * FROM users')).rows;
};

export async function GET() {
  return Response.json(await loadUsers());
}` },
          ],
        },
      ],
    },
    {
      name: 'helper: reached through another helper',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

async function query(text: string) {
  const pool = new Pool();
  return (await pool.query(text)).rows;
}

async function loadUsers() {
  return query('SELECT * FROM users');
}

app.get('/users', async (req, res) => {
  res.json(await loadUsers());
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.get`)', via: ', through `query()`', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const pool = new Pool();
async function query(text: string) {
  return (await pool.query(text)).rows;
}

async function loadUsers() {
  return query('SELECT * FROM users');
}

app.get('/users', async (req, res) => {
  res.json(await loadUsers());
});` },
          ],
        },
      ],
    },
    {
      name: 'helper: nested function inside the handler',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

app.get('/users', async (req, res) => {
  const run = async () => {
    const pool = new Pool();
    return (await pool.query('SELECT 1')).rows;
  };
  res.json(await run());
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 8,
          column: 18,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const pool = new Pool();
app.get('/users', async (req, res) => {
  const run = async () => {
    return (await pool.query('SELECT 1')).rows;
  };
  res.json(await run());
});` },
          ],
        },
      ],
    },
    {
      name: 'Node http.createServer((req, res) => …)',
      code: `import http from 'node:http';
import { Pool } from 'pg';

http
  .createServer(async (req, res) => {
    const pool = new Pool();
    res.end(JSON.stringify((await pool.query('SELECT 1')).rows));
  })
  .listen(3000);`,
      errors: [
        {
          messageId: 'perRequest',
          line: 6,
          column: 18,
          data: { construct: 'new Pool()', scope: 'a request handler (`createServer`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import http from 'node:http';
import { Pool } from 'pg';

const pool = new Pool();
http
  .createServer(async (req, res) => {
    res.end(JSON.stringify((await pool.query('SELECT 1')).rows));
  })
  .listen(3000);` },
          ],
        },
      ],
    },
    {
      name: "Node server.on('request', fn)",
      code: `import http from 'node:http';
import { Pool } from 'pg';

const server = http.createServer();

server.on('request', async (req, res) => {
  const pool = new Pool();
  res.end(JSON.stringify((await pool.query('SELECT 1')).rows));
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a route handler (`server.on`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import http from 'node:http';
import { Pool } from 'pg';

const server = http.createServer();

const pool = new Pool();
server.on('request', async (req, res) => {
  res.end(JSON.stringify((await pool.query('SELECT 1')).rows));
});` },
          ],
        },
      ],
    },
    {
      name: 'construction: new pg.Pool() through a default import',
      code: `import express from 'express';
import pg from 'pg';

const app = express();

app.get('/users', async (req, res) => {
  const pool = new pg.Pool();
  res.json((await pool.query('SELECT 1')).rows);
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'new pg.Pool()', scope: 'a route handler (`app.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import express from 'express';
import pg from 'pg';

const app = express();

const pool = new pg.Pool();
app.get('/users', async (req, res) => {
  res.json((await pool.query('SELECT 1')).rows);
});` },
          ],
        },
      ],
    },
    {
      name: 'construction: typeorm createConnection()',
      code: `import express from 'express';
import { createConnection } from 'typeorm';

const app = express();

app.get('/users', async (req, res) => {
  const connection = await createConnection({ type: 'postgres', url: process.env.DATABASE_URL });
  res.json(await connection.query('SELECT 1'));
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 28,
          data: { construct: 'createConnection()', scope: 'a route handler (`app.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import express from 'express';
import { createConnection } from 'typeorm';

const app = express();

let sharedConnection: ReturnType<typeof createConnection> | undefined;
app.get('/users', async (req, res) => {
  const connection = await (sharedConnection ??= createConnection({ type: 'postgres', url: process.env.DATABASE_URL }));
  res.json(await connection.query('SELECT 1'));
});` },
          ],
        },
      ],
    },
    {
      name: 'construction: mssql new ConnectionPool().connect()',
      filename: 'app/users/route.ts',
      code: `import sql from 'mssql';

export async function GET() {
  const pool = await new sql.ConnectionPool(process.env.DATABASE_URL!).connect();
  return Response.json((await pool.request().query('SELECT 1')).recordset);
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 22,
          data: { construct: 'new sql.ConnectionPool()', scope: 'the exported GET route handler', via: '', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'construction: mongoose.createConnection()',
      code: `import express from 'express';
import mongoose from 'mongoose';

const app = express();

app.get('/users', async (req, res) => {
  const connection = mongoose.createConnection(process.env.MONGO_URL!);
  res.json(await connection.db.collection('users').find().toArray());
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 22,
          data: { construct: 'mongoose.createConnection()', scope: 'a route handler (`app.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import express from 'express';
import mongoose from 'mongoose';

const app = express();

const connection = mongoose.createConnection(process.env.MONGO_URL!);
app.get('/users', async (req, res) => {
  res.json(await connection.db.collection('users').find().toArray());
});` },
          ],
        },
      ],
    },
    {
      name: 'construction: oracledb.createPool()',
      code: `import express from 'express';
import oracledb from 'oracledb';

const app = express();

app.get('/users', async (req, res) => {
  const pool = await oracledb.createPool({ connectString: process.env.ORACLE_URL });
  res.json(await pool.getConnection());
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 22,
          data: { construct: 'oracledb.createPool()', scope: 'a route handler (`app.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import express from 'express';
import oracledb from 'oracledb';

const app = express();

let sharedPool: ReturnType<typeof oracledb.createPool> | undefined;
app.get('/users', async (req, res) => {
  const pool = await (sharedPool ??= oracledb.createPool({ connectString: process.env.ORACLE_URL }));
  res.json(await pool.getConnection());
});` },
          ],
        },
      ],
    },
    {
      name: 'construction: inline new Pool().query() without a variable',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

export async function GET() {
  return Response.json((await new Pool().query('SELECT 1')).rows);
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 31,
          data: { construct: 'new Pool()', scope: 'the exported GET route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Pool } from 'pg';

let sharedPool: InstanceType<typeof Pool> | undefined;
export async function GET() {
  return Response.json((await (sharedPool ??= new Pool()).query('SELECT 1')).rows);
}` },
          ],
        },
      ],
    },
    {
      name: 'loop: for…of inside a route handler',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

app.post('/users/import', async (req, res) => {
  for (const user of req.body.users) {
    const pool = new Pool();
    await pool.query('INSERT INTO users (name) VALUES ($1)', [user.name]);
  }
  res.end();
});`,
      errors: [
        {
          messageId: 'perIteration',
          line: 8,
          column: 18,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.post`)', via: '' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const pool = new Pool();
app.post('/users/import', async (req, res) => {
  for (const user of req.body.users) {
    await pool.query('INSERT INTO users (name) VALUES ($1)', [user.name]);
  }
  res.end();
});` },
          ],
        },
      ],
    },
    {
      name: 'loop: while inside a route handler',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

app.post('/retry', async (req, res) => {
  let attempts = 0;
  while (attempts++ < 3) {
    const pool = new Pool();
    await pool.query('SELECT 1');
  }
  res.end();
});`,
      errors: [
        {
          messageId: 'perIteration',
          line: 9,
          column: 18,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.post`)', via: '' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const pool = new Pool();
app.post('/retry', async (req, res) => {
  let attempts = 0;
  while (attempts++ < 3) {
    await pool.query('SELECT 1');
  }
  res.end();
});` },
          ],
        },
      ],
    },
    {
      name: 'loop: .forEach callback inside a route handler',
      code: `import express from 'express';
import mysql from 'mysql2/promise';

const app = express();

app.post('/warm', (req, res) => {
  req.body.shops.forEach(async () => {
    const pool = mysql.createPool(process.env.DATABASE_URL!);
    await pool.query('SELECT 1');
  });
  res.end();
});`,
      errors: [
        {
          messageId: 'perIteration',
          line: 8,
          column: 18,
          data: { construct: 'mysql.createPool()', scope: 'a route handler (`app.post`)', via: '' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import express from 'express';
import mysql from 'mysql2/promise';

const app = express();

const pool = mysql.createPool(process.env.DATABASE_URL!);
app.post('/warm', (req, res) => {
  req.body.shops.forEach(async () => {
    await pool.query('SELECT 1');
  });
  res.end();
});` },
          ],
        },
      ],
    },
    {
      name: 'loop: .map callback inside a Next.js handler',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

export async function GET() {
  const results = await Promise.all(['a', 'b'].map(async () => (await new Pool().query('SELECT 1')).rows));
  return Response.json(results);
}`,
      errors: [
        {
          messageId: 'perIteration',
          line: 4,
          column: 71,
          data: { construct: 'new Pool()', scope: 'the exported GET route handler', via: '' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Pool } from 'pg';

let sharedPool: InstanceType<typeof Pool> | undefined;
export async function GET() {
  const results = await Promise.all(['a', 'b'].map(async () => (await (sharedPool ??= new Pool()).query('SELECT 1')).rows));
  return Response.json(results);
}` },
          ],
        },
      ],
    },
    {
      name: 'loop: inside a helper called by a route handler',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

async function ping(hosts: string[]) {
  for (const host of hosts) {
    const pool = new Pool();
    await pool.query('SELECT $1::text', [host]);
  }
}

app.get('/ping', async (req, res) => {
  await ping(['a', 'b']);
  res.end();
});`,
      errors: [
        {
          messageId: 'perIteration',
          line: 8,
          column: 18,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.get`)', via: ', through `ping()`' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const pool = new Pool();
async function ping(hosts: string[]) {
  for (const host of hosts) {
    await pool.query('SELECT $1::text', [host]);
  }
}

app.get('/ping', async (req, res) => {
  await ping(['a', 'b']);
  res.end();
});` },
          ],
        },
      ],
    },
    {
      name: 'per instance: this.pool = new Pool() in a constructor',
      code: `import { Pool } from 'pg';

export class DatabaseClient {
  readonly pool: Pool;
  constructor() {
    this.pool = new Pool();
  }
}`,
      errors: [
        {
          messageId: 'perInstance',
          line: 6,
          column: 17,
          data: { construct: 'new Pool()', className: 'DatabaseClient', scope: '', what: 'pool' },
          suggestions: [
            { messageId: 'constructorParameter', output: `import { Pool } from 'pg';

export class DatabaseClient {
  readonly pool: Pool;
  constructor(pool: Pool) {
    this.pool = pool;
  }
}` },
          ],
        },
      ],
    },
    {
      name: 'per instance: class field initialiser',
      code: `import { Pool } from 'pg';

export class DatabaseClient {
  readonly pool = new Pool();
}`,
      errors: [
        {
          messageId: 'perInstance',
          line: 4,
          column: 19,
          data: { construct: 'new Pool()', className: 'DatabaseClient', scope: '', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'per instance: #private field initialiser',
      code: `import { Pool } from 'pg';

export class DatabaseClient {
  #pool = new Pool();

  query(text: string) {
    return this.#pool.query(text);
  }
}`,
      errors: [
        {
          messageId: 'perInstance',
          line: 4,
          column: 11,
          data: { construct: 'new Pool()', className: 'DatabaseClient', scope: '', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'per instance: a local pool in the constructor captured by a method',
      code: `import { Pool } from 'pg';

export class DatabaseClient {
  readonly query: (text: string) => Promise<unknown>;
  constructor() {
    const pool = new Pool();
    this.query = text => pool.query(text);
  }
}`,
      errors: [
        {
          messageId: 'perInstance',
          line: 6,
          column: 18,
          data: { construct: 'new Pool()', className: 'DatabaseClient', scope: '', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'per instance: an owner class (its close() ends the pool) is still reported when a route builds it',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

class Reports {
  private readonly pool = new Pool();
  async close() {
    await this.pool.end();
  }
}

app.get('/reports', async (req, res) => {
  const reports = new Reports();
  res.json({});
  await reports.close();
});`,
      errors: [
        {
          messageId: 'perInstance',
          line: 7,
          column: 27,
          data: { construct: 'new Pool()', className: 'Reports', scope: ', which is built in a route handler (`app.get`)', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'per instance: instantiated in a helper that a route calls',
      code: `import express from 'express';
import mysql from 'mysql2/promise';

const app = express();

class OrderStore {
  readonly pool: mysql.Pool;
  constructor() {
    this.pool = mysql.createPool(process.env.DATABASE_URL!);
  }
}

async function listOrders() {
  const store = new OrderStore();
  return store.pool.query('SELECT * FROM orders');
}

app.get('/orders', async (req, res) => {
  res.json(await listOrders());
});`,
      errors: [
        {
          messageId: 'perInstance',
          line: 9,
          column: 17,
          data: { construct: 'mysql.createPool()', className: 'OrderStore', scope: ', which is built in a route handler (`app.get`)', what: 'pool' },
          suggestions: [
            { messageId: 'constructorParameter', output: `import express from 'express';
import mysql from 'mysql2/promise';

const app = express();

class OrderStore {
  readonly pool: mysql.Pool;
  constructor(pool: ReturnType<typeof mysql.createPool>) {
    this.pool = pool;
  }
}

async function listOrders() {
  const store = new OrderStore();
  return store.pool.query('SELECT * FROM orders');
}

app.get('/orders', async (req, res) => {
  res.json(await listOrders());
});` },
          ],
        },
      ],
    },
    {
      name: 'per instance: instantiated in a named function run per call',
      code: `import { MongoClient } from 'mongodb';

class UserStore {
  readonly client = new MongoClient(process.env.MONGO_URL!);
}

export async function findUser(id: string) {
  const store = new UserStore();
  return store.client.db().collection('users').findOne({ id });
}`,
      errors: [
        {
          messageId: 'perInstance',
          line: 4,
          column: 21,
          data: { construct: 'new MongoClient()', className: 'UserStore', scope: ', which is built in `findUser()`', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'per instance: built in the constructor of a class that a route instantiates',
      code: `import express from 'express';
import knex from 'knex';

const app = express();

class Database {
  readonly knex = knex({ client: 'pg', connection: process.env.DATABASE_URL });
}

class UserService {
  readonly database = new Database();
}

app.get('/users', async (req, res) => {
  const service = new UserService();
  res.json(await service.database.knex('users'));
});`,
      errors: [
        {
          messageId: 'perInstance',
          line: 7,
          column: 19,
          data: { construct: 'knex()', className: 'Database', scope: ', which is built in a route handler (`app.get`)', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'per instance: class instantiated in a route handler',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

class UserRepository {
  readonly pool: Pool;
  constructor() {
    this.pool = new Pool();
  }
}

app.get('/users', async (req, res) => {
  const repository = new UserRepository();
  res.json((await repository.pool.query('SELECT 1')).rows);
});`,
      errors: [
        {
          messageId: 'perInstance',
          line: 9,
          column: 17,
          data: { construct: 'new Pool()', className: 'UserRepository', scope: ', which is built in a route handler (`app.get`)', what: 'pool' },
          suggestions: [
            { messageId: 'constructorParameter', output: `import express from 'express';
import { Pool } from 'pg';

const app = express();

class UserRepository {
  readonly pool: Pool;
  constructor(pool: Pool) {
    this.pool = pool;
  }
}

app.get('/users', async (req, res) => {
  const repository = new UserRepository();
  res.json((await repository.pool.query('SELECT 1')).rows);
});` },
          ],
        },
      ],
    },
    {
      name: 'per instance: class expression',
      code: `import { Pool } from 'pg';

export const DatabaseClient = class {
  readonly pool = new Pool();
};`,
      errors: [
        {
          messageId: 'perInstance',
          line: 4,
          column: 19,
          data: { construct: 'new Pool()', className: 'DatabaseClient', scope: '', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'per instance: subclass constructor after super()',
      code: `import { Pool } from 'pg';

class Base {}

export class DatabaseClient extends Base {
  readonly pool: Pool;
  constructor() {
    super();
    this.pool = new Pool();
  }
}`,
      errors: [
        {
          messageId: 'perInstance',
          line: 9,
          column: 17,
          data: { construct: 'new Pool()', className: 'DatabaseClient', scope: '', what: 'pool' },
          suggestions: [
            { messageId: 'constructorParameter', output: `import { Pool } from 'pg';

class Base {}

export class DatabaseClient extends Base {
  readonly pool: Pool;
  constructor(pool: Pool) {
    super();
    this.pool = pool;
  }
}` },
          ],
        },
      ],
    },
    {
      name: 'per instance: NestJS @Injectable({ scope: Scope.REQUEST }) provider',
      code: `import { Injectable, Scope } from '@nestjs/common';
import { Pool } from 'pg';

@Injectable({ scope: Scope.REQUEST })
export class RequestDatabase {
  private readonly pool: Pool;
  constructor() {
    this.pool = new Pool();
  }
}`,
      errors: [
        {
          messageId: 'perInstance',
          line: 8,
          column: 17,
          data: { construct: 'new Pool()', className: 'RequestDatabase', scope: ', which is built in a request-scoped provider', what: 'pool' },
          suggestions: [
            { messageId: 'constructorParameter', output: `import { Injectable, Scope } from '@nestjs/common';
import { Pool } from 'pg';

@Injectable({ scope: Scope.REQUEST })
export class RequestDatabase {
  private readonly pool: Pool;
  constructor(pool: Pool) {
    this.pool = pool;
  }
}` },
          ],
        },
      ],
    },
    {
      name: 'per instance: NestJS @Injectable({ scope: Scope.TRANSIENT }) field',
      code: `import { Injectable, Scope } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';

@Injectable({ scope: Scope.TRANSIENT })
export class TransientPrisma {
  readonly client = new PrismaClient();
}`,
      errors: [
        {
          messageId: 'perInstance',
          line: 6,
          column: 21,
          data: { construct: 'new PrismaClient()', className: 'TransientPrisma', scope: ', which is built in a request-scoped provider', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'per instance: mysql.createPool() in a constructor',
      code: `import mysql from 'mysql2/promise';

export class OrderStore {
  readonly pool: mysql.Pool;
  constructor(readonly shop: string) {
    this.pool = mysql.createPool({ uri: process.env.DATABASE_URL, database: shop });
  }
}`,
      errors: [
        {
          messageId: 'perInstance',
          line: 6,
          column: 17,
          data: { construct: 'mysql.createPool()', className: 'OrderStore', scope: '', what: 'pool' },
          suggestions: [
            { messageId: 'constructorParameter', output: `import mysql from 'mysql2/promise';

export class OrderStore {
  readonly pool: mysql.Pool;
  constructor(readonly shop: string, pool: ReturnType<typeof mysql.createPool>) {
    this.pool = pool;
  }
}` },
          ],
        },
      ],
    },
  ],
});
