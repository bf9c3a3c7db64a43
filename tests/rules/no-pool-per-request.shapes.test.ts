/**
 * no-pool-per-request: the handler shapes, options and fix guards added after the first test pass
 * (routes chained from `app.route()`, Hapi `options.handler`, apps under any name, handlers passed by
 * reference, GraphQL type resolvers, NestJS `this.helper()`, the `handlers` option and the
 * `requestHandlers` setting), the constructions that build nothing or are caches, and the guards that
 * withhold a hoist: per-request lifecycle calls, stand-alone connections, `let`, one name bound by two
 * findings. Applied outputs on which the rule is silent are listed as valid cases.
 */
import rule from '../../src/rules/no-pool-per-request';
import { ruleTester } from '../rule-tester';

ruleTester.run('no-pool-per-request (handler shapes, options, fix guards)', rule, {
  valid: [
    {
      name: 'hoistToModule: above the decorators and leading comment of an exported decorated class (hoistToModule output)',
      code: `import { Controller, Get } from '@nestjs/common';
import { Pool } from 'pg';

const pool = new Pool();
// Users API
@Controller('users')
export class UsersController {
  @Get()
  async list() {
    return (await pool.query('SELECT * FROM users')).rows;
  }
}`,
    },
    {
      name: 'autofix: true on an exported decorated class inserts above the decorators (fixed output)',
      code: `import { Controller, Get } from '@nestjs/common';
import { Pool } from 'pg';

const pool = new Pool();
// Users API
@Controller('users')
export class UsersController {
  @Get()
  async list() {
    return (await pool.query('SELECT * FROM users')).rows;
  }
}`,
      options: [{ autofix: true }],
    },
    {
      name: 'lazyModuleSingleton: above the decorators of an export default decorated class (lazyModuleSingleton output)',
      code: `import { Controller, Get, Query } from '@nestjs/common';
import { Pool } from 'pg';

let sharedPool: InstanceType<typeof Pool> | undefined;
@Controller('users')
export default class UsersController {
  @Get()
  async list(@Query('db') database: string) {
    const pool = (sharedPool ??= new Pool({ database }));
    return (await pool.query('SELECT * FROM users')).rows;
  }
}`,
    },
    {
      name: 'Hapi: server.route({ method, path, options: { handler } }) (hoistToModule output)',
      code: `import Hapi from '@hapi/hapi';
import { Pool } from 'pg';

const server = Hapi.server();

const pool = new Pool();
server.route({
  method: 'GET',
  path: '/users',
  options: {
    handler: async () => {
      return (await pool.query('SELECT 1')).rows;
    },
  },
});`,
    },
    {
      name: 'Express app under another name (const web = express()) (hoistToModule output)',
      code: `import express from 'express';
import { Pool } from 'pg';

const web = express();

const pool = new Pool();
web.get('/users', async (req, res) => {
  res.json((await pool.query('SELECT 1')).rows);
});`,
    },
    {
      name: 'Koa app under another name (const site = new Koa()) (hoistToModule output)',
      code: `import Koa from 'koa';
import { Pool } from 'pg';

const site = new Koa();

const pool = new Pool();
site.use(async ctx => {
  ctx.body = (await pool.query('SELECT 1')).rows;
});`,
    },
    {
      name: 'Fastify app under another name (const srv = Fastify({ logger: true })) (hoistToModule output)',
      code: `import Fastify from 'fastify';
import { Pool } from 'pg';

const srv = Fastify({ logger: true });

const pool = new Pool();
srv.get('/users', async () => {
  return (await pool.query('SELECT 1')).rows;
});`,
    },
    {
      name: 'Hono app under another name (const web = new Hono()) (hoistToModule output)',
      code: `import { Hono } from 'hono';
import { Pool } from 'pg';

const web = new Hono();

const pool = new Pool();
web.get('/users', async c => {
  return c.json((await pool.query('SELECT 1')).rows);
});`,
    },
    {
      name: 'NestJS: a @Get handler calling this.load() that builds the pool (hoistToModule output)',
      code: `import { Controller, Get } from '@nestjs/common';
import { Pool } from 'pg';

const pool = new Pool();
@Controller('users')
export class UsersController {
  @Get()
  list() {
    return this.load();
  }

  private async load() {
    return (await pool.query('SELECT 1')).rows;
  }
}`,
    },
    {
      name: "Fastify: addHook('onReady'/'onClose') are silent, addHook('preHandler') is a request hook (hoistToModule output)",
      code: `import Fastify from 'fastify';
import { Pool } from 'pg';

const fastify = Fastify();

fastify.addHook('onReady', async () => {
  fastify.decorate('pool', new Pool());
});

fastify.addHook('onClose', async () => {
  const pool = new Pool();
  await pool.query('DELETE FROM sessions');
  await pool.end();
});

const pool = new Pool();
fastify.addHook('preHandler', async () => {
  await pool.query('SELECT 1');
});`,
    },
    {
      name: "settings['connection-leaks'].requestHandlers with a wildcard ('bus.*') (hoistToModule output)",
      code: `import { Pool } from 'pg';
import { bus, myRouter } from './infra';

myRouter.handle('/users', async () => {
  const pool = new Pool();
  return (await pool.query('SELECT 1')).rows;
});

registerJob('cleanup', async () => {
  const db = new Pool();
  await db.query('DELETE FROM sessions');
});

const other = new Pool();
bus.subscribe('user.created', async () => {
  await other.query('SELECT 1');
});

declare function registerJob(name: string, fn: () => Promise<void>): void;`,
      settings: { 'connection-leaks': { requestHandlers: ['bus.*'] } },
    },
    {
      name: 'unknown registration callees are not request scopes without the handlers option',
      code: `import { Pool } from 'pg';
import { bus, myRouter } from './infra';

myRouter.handle('/users', async () => {
  const pool = new Pool();
  return (await pool.query('SELECT 1')).rows;
});

registerJob('cleanup', async () => {
  const db = new Pool();
  await db.query('DELETE FROM sessions');
});

bus.subscribe('user.created', async () => {
  const other = new Pool();
  await other.query('SELECT 1');
});

declare function registerJob(name: string, fn: () => Promise<void>): void;`,
    },
    {
      name: 'handlers option: a broken pattern is ignored, not a crash',
      code: `import { Pool } from 'pg';
import { bus, myRouter } from './infra';

myRouter.handle('/users', async () => {
  const pool = new Pool();
  return (await pool.query('SELECT 1')).rows;
});

registerJob('cleanup', async () => {
  const db = new Pool();
  await db.query('DELETE FROM sessions');
});

bus.subscribe('user.created', async () => {
  const other = new Pool();
  await other.query('SELECT 1');
});

declare function registerJob(name: string, fn: () => Promise<void>): void;`,
      options: [{ handlers: ['/[/'] }],
    },
    {
      name: 'TypeORM getConnection() in a route builds nothing',
      code: `import express from 'express';
import { getConnection } from 'typeorm';

const app = express();

app.get('/users', async (req, res) => {
  res.json(await getConnection().query('SELECT 1'));
});`,
    },
    {
      name: 'globalThis cache through a type assertion: (globalThis as any).prisma ?? ((globalThis as any).prisma = new PrismaClient())',
      filename: 'app/users/route.ts',
      code: `import { PrismaClient } from '@prisma/client';

export async function GET() {
  const prisma = (globalThis as any).prisma ?? ((globalThis as any).prisma = new PrismaClient());
  return Response.json(await prisma.user.findMany());
}`,
    },
    {
      name: 'Hono on Workers: a per-request client ended with c.executionCtx.waitUntil(client.end())',
      code: `import { Hono } from 'hono';
import { Client } from '@neondatabase/serverless';

const app = new Hono<{ Bindings: { DATABASE_URL: string } }>();

app.get('/users', async c => {
  const client = new Client(c.env.DATABASE_URL);
  await client.connect();
  const { rows } = await client.query('SELECT 1');
  c.executionCtx.waitUntil(client.end());
  return c.json(rows);
});

export default app;`,
    },
    {
      name: 'constructor default parameter: constructor(private readonly pool: Pool = new Pool())',
      code: `import { Pool } from 'pg';

export class UserStore {
  constructor(private readonly pool: Pool = new Pool()) {}
}`,
    },
    {
      name: 'constructor default parameter (JavaScript): constructor(pool = new Pool())',
      filename: 'store.js',
      code: `import { Pool } from 'pg';

export class UserStore {
  constructor(pool = new Pool()) {
    this.pool = pool;
  }
}`,
    },
    {
      name: 'private constructor with a lazy static instance',
      code: `import { Pool } from 'pg';

export class Database {
  private static instance?: Database;
  readonly pool = new Pool();
  private constructor() {}
  static get() {
    return (Database.instance ??= new Database());
  }
}`,
    },
    {
      name: 'new Kysely({ dialect: new PostgresDialect({ pool }) }) over the module pool builds nothing',
      code: `import express from 'express';
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';

const app = express();
const pool = new Pool();

app.get('/users', async (req, res) => {
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  res.json(await db.selectFrom('users').selectAll().execute());
});`,
    },
    {
      name: 'GraphQL: a capitalised key in a map without Query/Mutation/Subscription is not a resolver',
      code: `import { Pool } from 'pg';

export const handlers = {
  User: {
    async posts(user: { id: string }) {
      const pool = new Pool();
      return (await pool.query('SELECT * FROM posts WHERE author = $1', [user.id])).rows;
    },
  },
};`,
    },
  ],
  invalid: [
    {
      name: 'lifecycle: pg new Client() + connect() + end() in a Next.js handler: no hoist or lazy suggestion',
      filename: 'app/users/route.ts',
      code: `import { Client } from 'pg';

export async function GET() {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('SELECT * FROM users');
  await client.end();
  return Response.json(rows);
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 18,
          data: { construct: 'new Client()', scope: 'the exported GET route handler', via: '', what: 'connection' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'lifecycle: redis createClient() + connect() in a Lambda handler (a "client")',
      code: `import { createClient } from 'redis';

export async function handler(event: { key: string }) {
  const client = createClient({ url: process.env.REDIS_URL });
  await client.connect();
  return client.get(event.key);
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 18,
          data: { construct: 'createClient()', scope: 'the Lambda handler', via: '', what: 'client' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'lifecycle: typeorm new DataSource() + initialize()',
      filename: 'app/users/route.ts',
      code: `import { DataSource } from 'typeorm';

export async function POST() {
  const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
  await dataSource.initialize();
  return Response.json(await dataSource.query('SELECT 1'));
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 22,
          data: { construct: 'new DataSource()', scope: 'the exported POST route handler', via: '', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'lifecycle: new DataSource(o).initialize() chained',
      filename: 'app/users/route.ts',
      code: `import { DataSource } from 'typeorm';

export async function POST() {
  const dataSource = await new DataSource({ type: 'postgres', url: process.env.DATABASE_URL }).initialize();
  return Response.json(await dataSource.query('SELECT 1'));
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 28,
          data: { construct: 'new DataSource()', scope: 'the exported POST route handler', via: '', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'lifecycle: mysql2 createConnection() is a stand-alone connection even without end()',
      code: `import express from 'express';
import mysql from 'mysql2/promise';

const app = express();

app.get('/users', async (req, res) => {
  const connection = await mysql.createConnection(process.env.DATABASE_URL!);
  const [rows] = await connection.query('SELECT * FROM users');
  res.json(rows);
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 28,
          data: { construct: 'mysql.createConnection()', scope: 'a route handler (`app.get`)', via: '', what: 'connection' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'lifecycle: mysql2 createConnection() reading the request + end(): no lazy suggestion',
      code: `import express from 'express';
import mysql from 'mysql2/promise';

const app = express();

app.get('/users', async (req, res) => {
  const conn = await mysql.createConnection({ uri: process.env.DATABASE_URL, database: req.query.db as string });
  const [rows] = await conn.query('SELECT * FROM users');
  await conn.end();
  res.json(rows);
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 22,
          data: { construct: 'mysql.createConnection()', scope: 'a route handler (`app.get`)', via: '', what: 'connection' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'lifecycle: pg new Pool() ended at the end of an Express route',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

app.get('/users', async (req, res) => {
  const pool = new Pool();
  const { rows } = await pool.query('SELECT * FROM users');
  await pool.end();
  res.json(rows);
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.get`)', via: '', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'lifecycle: MongoClient closed in finally of a Fastify route',
      code: `import Fastify from 'fastify';
import { MongoClient } from 'mongodb';

const fastify = Fastify();

fastify.get('/users', async () => {
  const client = new MongoClient(process.env.MONGO_URL!);
  try {
    return await client.db().collection('users').find().toArray();
  } finally {
    await client.close();
  }
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 18,
          data: { construct: 'new MongoClient()', scope: 'a route handler (`fastify.get`)', via: '', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'lifecycle: autofix: true does not hoist a pool the route ends',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

app.get('/users', async (req, res) => {
  const pool = new Pool();
  const { rows } = await pool.query('SELECT * FROM users');
  await pool.end();
  res.json(rows);
});`,
      options: [{ autofix: true }],
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.get`)', via: '', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'hoistToModule: above the decorators and leading comment of an exported decorated class',
      code: `import { Controller, Get } from '@nestjs/common';
import { Pool } from 'pg';

// Users API
@Controller('users')
export class UsersController {
  @Get()
  async list() {
    const pool = new Pool();
    return (await pool.query('SELECT * FROM users')).rows;
  }
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 9,
          column: 18,
          data: { construct: 'new Pool()', scope: 'a NestJS @Get handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { Controller, Get } from '@nestjs/common';
import { Pool } from 'pg';

const pool = new Pool();
// Users API
@Controller('users')
export class UsersController {
  @Get()
  async list() {
    return (await pool.query('SELECT * FROM users')).rows;
  }
}` },
          ],
        },
      ],
    },
    {
      name: 'autofix: true on an exported decorated class inserts above the decorators',
      code: `import { Controller, Get } from '@nestjs/common';
import { Pool } from 'pg';

// Users API
@Controller('users')
export class UsersController {
  @Get()
  async list() {
    const pool = new Pool();
    return (await pool.query('SELECT * FROM users')).rows;
  }
}`,
      options: [{ autofix: true }],
      output: `import { Controller, Get } from '@nestjs/common';
import { Pool } from 'pg';

const pool = new Pool();
// Users API
@Controller('users')
export class UsersController {
  @Get()
  async list() {
    return (await pool.query('SELECT * FROM users')).rows;
  }
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 9,
          column: 18,
          data: { construct: 'new Pool()', scope: 'a NestJS @Get handler', via: '', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'lazyModuleSingleton: above the decorators of an export default decorated class',
      code: `import { Controller, Get, Query } from '@nestjs/common';
import { Pool } from 'pg';

@Controller('users')
export default class UsersController {
  @Get()
  async list(@Query('db') database: string) {
    const pool = new Pool({ database });
    return (await pool.query('SELECT * FROM users')).rows;
  }
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 8,
          column: 18,
          data: { construct: 'new Pool()', scope: 'a NestJS @Get handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Controller, Get, Query } from '@nestjs/common';
import { Pool } from 'pg';

let sharedPool: InstanceType<typeof Pool> | undefined;
@Controller('users')
export default class UsersController {
  @Get()
  async list(@Query('db') database: string) {
    const pool = (sharedPool ??= new Pool({ database }));
    return (await pool.query('SELECT * FROM users')).rows;
  }
}` },
          ],
        },
      ],
    },
    {
      name: 'same name in two findings: neither is hoisted, each gets the lazy suggestion',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

app.get('/a', async (req, res) => {
  const pool = new Pool();
  res.json((await pool.query('SELECT 1')).rows);
});

app.get('/b', async (req, res) => {
  const pool = new Pool();
  res.json((await pool.query('SELECT 2')).rows);
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import express from 'express';
import { Pool } from 'pg';

const app = express();

let sharedPool: InstanceType<typeof Pool> | undefined;
app.get('/a', async (req, res) => {
  const pool = (sharedPool ??= new Pool());
  res.json((await pool.query('SELECT 1')).rows);
});

app.get('/b', async (req, res) => {
  const pool = new Pool();
  res.json((await pool.query('SELECT 2')).rows);
});` },
          ],
        },
        {
          messageId: 'perRequest',
          line: 12,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import express from 'express';
import { Pool } from 'pg';

const app = express();

app.get('/a', async (req, res) => {
  const pool = new Pool();
  res.json((await pool.query('SELECT 1')).rows);
});

let sharedPool: InstanceType<typeof Pool> | undefined;
app.get('/b', async (req, res) => {
  const pool = (sharedPool ??= new Pool());
  res.json((await pool.query('SELECT 2')).rows);
});` },
          ],
        },
      ],
    },
    {
      name: 'same name in two findings: autofix: true fixes nothing',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

app.get('/a', async (req, res) => {
  const pool = new Pool();
  res.json((await pool.query('SELECT 1')).rows);
});

app.get('/b', async (req, res) => {
  const pool = new Pool();
  res.json((await pool.query('SELECT 2')).rows);
});`,
      options: [{ autofix: true }],
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import express from 'express';
import { Pool } from 'pg';

const app = express();

let sharedPool: InstanceType<typeof Pool> | undefined;
app.get('/a', async (req, res) => {
  const pool = (sharedPool ??= new Pool());
  res.json((await pool.query('SELECT 1')).rows);
});

app.get('/b', async (req, res) => {
  const pool = new Pool();
  res.json((await pool.query('SELECT 2')).rows);
});` },
          ],
        },
        {
          messageId: 'perRequest',
          line: 12,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import express from 'express';
import { Pool } from 'pg';

const app = express();

app.get('/a', async (req, res) => {
  const pool = new Pool();
  res.json((await pool.query('SELECT 1')).rows);
});

let sharedPool: InstanceType<typeof Pool> | undefined;
app.get('/b', async (req, res) => {
  const pool = (sharedPool ??= new Pool());
  res.json((await pool.query('SELECT 2')).rows);
});` },
          ],
        },
      ],
    },
    {
      name: 'a let that the handler reassigns is not hoisted',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

export async function GET(request: Request) {
  let pool = new Pool();
  if (request.headers.get('x-replica')) pool = new Pool({ host: 'replica' });
  return Response.json((await pool.query('SELECT 1')).rows);
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 14,
          data: { construct: 'new Pool()', scope: 'the exported GET route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Pool } from 'pg';

let sharedPool: InstanceType<typeof Pool> | undefined;
export async function GET(request: Request) {
  let pool = (sharedPool ??= new Pool());
  if (request.headers.get('x-replica')) pool = new Pool({ host: 'replica' });
  return Response.json((await pool.query('SELECT 1')).rows);
}` },
          ],
        },
        {
          messageId: 'perRequest',
          line: 5,
          column: 48,
          data: { construct: 'new Pool()', scope: 'the exported GET route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Pool } from 'pg';

let sharedPool: InstanceType<typeof Pool> | undefined;
export async function GET(request: Request) {
  let pool = new Pool();
  if (request.headers.get('x-replica')) pool = (sharedPool ??= new Pool({ host: 'replica' }));
  return Response.json((await pool.query('SELECT 1')).rows);
}` },
          ],
        },
      ],
    },
    {
      name: "Express: app.route('/users').get(fn).post(fn)",
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

app.route('/users').get(async (req, res) => {
  const pool = new Pool();
  res.json((await pool.query('SELECT 1')).rows);
}).post(async (req, res) => {
  const db = new Pool();
  res.json((await db.query('SELECT 2')).rows);
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

const pool = new Pool();
app.route('/users').get(async (req, res) => {
  res.json((await pool.query('SELECT 1')).rows);
}).post(async (req, res) => {
  const db = new Pool();
  res.json((await db.query('SELECT 2')).rows);
});` },
          ],
        },
        {
          messageId: 'perRequest',
          line: 10,
          column: 14,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.post`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const db = new Pool();
app.route('/users').get(async (req, res) => {
  const pool = new Pool();
  res.json((await pool.query('SELECT 1')).rows);
}).post(async (req, res) => {
  res.json((await db.query('SELECT 2')).rows);
});` },
          ],
        },
      ],
    },
    {
      name: 'Hapi: server.route({ method, path, options: { handler } })',
      code: `import Hapi from '@hapi/hapi';
import { Pool } from 'pg';

const server = Hapi.server();

server.route({
  method: 'GET',
  path: '/users',
  options: {
    handler: async () => {
      const pool = new Pool();
      return (await pool.query('SELECT 1')).rows;
    },
  },
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 11,
          column: 20,
          data: { construct: 'new Pool()', scope: 'a route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import Hapi from '@hapi/hapi';
import { Pool } from 'pg';

const server = Hapi.server();

const pool = new Pool();
server.route({
  method: 'GET',
  path: '/users',
  options: {
    handler: async () => {
      return (await pool.query('SELECT 1')).rows;
    },
  },
});` },
          ],
        },
      ],
    },
    {
      name: 'Express app under another name (const web = express())',
      code: `import express from 'express';
import { Pool } from 'pg';

const web = express();

web.get('/users', async (req, res) => {
  const pool = new Pool();
  res.json((await pool.query('SELECT 1')).rows);
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a route handler (`web.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import express from 'express';
import { Pool } from 'pg';

const web = express();

const pool = new Pool();
web.get('/users', async (req, res) => {
  res.json((await pool.query('SELECT 1')).rows);
});` },
          ],
        },
      ],
    },
    {
      name: 'Koa app under another name (const site = new Koa())',
      code: `import Koa from 'koa';
import { Pool } from 'pg';

const site = new Koa();

site.use(async ctx => {
  const pool = new Pool();
  ctx.body = (await pool.query('SELECT 1')).rows;
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a route handler (`site.use`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import Koa from 'koa';
import { Pool } from 'pg';

const site = new Koa();

const pool = new Pool();
site.use(async ctx => {
  ctx.body = (await pool.query('SELECT 1')).rows;
});` },
          ],
        },
      ],
    },
    {
      name: 'Fastify app under another name (const srv = Fastify({ logger: true }))',
      code: `import Fastify from 'fastify';
import { Pool } from 'pg';

const srv = Fastify({ logger: true });

srv.get('/users', async () => {
  const pool = new Pool();
  return (await pool.query('SELECT 1')).rows;
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a route handler (`srv.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import Fastify from 'fastify';
import { Pool } from 'pg';

const srv = Fastify({ logger: true });

const pool = new Pool();
srv.get('/users', async () => {
  return (await pool.query('SELECT 1')).rows;
});` },
          ],
        },
      ],
    },
    {
      name: 'Hono app under another name (const web = new Hono())',
      code: `import { Hono } from 'hono';
import { Pool } from 'pg';

const web = new Hono();

web.get('/users', async c => {
  const pool = new Pool();
  return c.json((await pool.query('SELECT 1')).rows);
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a route handler (`web.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { Hono } from 'hono';
import { Pool } from 'pg';

const web = new Hono();

const pool = new Pool();
web.get('/users', async c => {
  return c.json((await pool.query('SELECT 1')).rows);
});` },
          ],
        },
      ],
    },
    {
      name: "named handlers passed by reference: app.get('/users', listUsers), app.post('/users', createUser)",
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

async function listUsers(req: express.Request, res: express.Response) {
  const pool = new Pool();
  res.json((await pool.query('SELECT 1')).rows);
}

const createUser = async (req: express.Request, res: express.Response) => {
  const db = new Pool();
  res.json((await db.query('INSERT INTO users DEFAULT VALUES')).rowCount);
};

app.get('/users', listUsers);
app.post('/users', createUser);`,
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

const pool = new Pool();
async function listUsers(req: express.Request, res: express.Response) {
  res.json((await pool.query('SELECT 1')).rows);
}

const createUser = async (req: express.Request, res: express.Response) => {
  const db = new Pool();
  res.json((await db.query('INSERT INTO users DEFAULT VALUES')).rowCount);
};

app.get('/users', listUsers);
app.post('/users', createUser);` },
          ],
        },
        {
          messageId: 'perRequest',
          line: 12,
          column: 14,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.post`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import express from 'express';
import { Pool } from 'pg';

const app = express();

async function listUsers(req: express.Request, res: express.Response) {
  const pool = new Pool();
  res.json((await pool.query('SELECT 1')).rows);
}

const db = new Pool();
const createUser = async (req: express.Request, res: express.Response) => {
  res.json((await db.query('INSERT INTO users DEFAULT VALUES')).rowCount);
};

app.get('/users', listUsers);
app.post('/users', createUser);` },
          ],
        },
      ],
    },
    {
      name: 'GraphQL: a type resolver (User.posts) and Subscription.x.subscribe in a map with Query',
      code: `import { Pool } from 'pg';

export const resolvers = {
  Query: {
    me: () => null,
  },
  User: {
    async posts(user: { id: string }) {
      const pool = new Pool();
      return (await pool.query('SELECT * FROM posts WHERE author = $1', [user.id])).rows;
    },
  },
  Subscription: {
    userAdded: {
      subscribe: async () => {
        const db = new Pool();
        return db.query('LISTEN users');
      },
    },
  },
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 9,
          column: 20,
          data: { construct: 'new Pool()', scope: 'a GraphQL User resolver', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { Pool } from 'pg';

const pool = new Pool();
export const resolvers = {
  Query: {
    me: () => null,
  },
  User: {
    async posts(user: { id: string }) {
      return (await pool.query('SELECT * FROM posts WHERE author = $1', [user.id])).rows;
    },
  },
  Subscription: {
    userAdded: {
      subscribe: async () => {
        const db = new Pool();
        return db.query('LISTEN users');
      },
    },
  },
};` },
          ],
        },
        {
          messageId: 'perRequest',
          line: 16,
          column: 20,
          data: { construct: 'new Pool()', scope: 'a GraphQL Subscription resolver', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { Pool } from 'pg';

const db = new Pool();
export const resolvers = {
  Query: {
    me: () => null,
  },
  User: {
    async posts(user: { id: string }) {
      const pool = new Pool();
      return (await pool.query('SELECT * FROM posts WHERE author = $1', [user.id])).rows;
    },
  },
  Subscription: {
    userAdded: {
      subscribe: async () => {
        return db.query('LISTEN users');
      },
    },
  },
};` },
          ],
        },
      ],
    },
    {
      name: 'NestJS: a @Get handler calling this.load() that builds the pool',
      code: `import { Controller, Get } from '@nestjs/common';
import { Pool } from 'pg';

@Controller('users')
export class UsersController {
  @Get()
  list() {
    return this.load();
  }

  private async load() {
    const pool = new Pool();
    return (await pool.query('SELECT 1')).rows;
  }
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 12,
          column: 18,
          data: { construct: 'new Pool()', scope: 'a NestJS @Get handler', via: ', through `load()`', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { Controller, Get } from '@nestjs/common';
import { Pool } from 'pg';

const pool = new Pool();
@Controller('users')
export class UsersController {
  @Get()
  list() {
    return this.load();
  }

  private async load() {
    return (await pool.query('SELECT 1')).rows;
  }
}` },
          ],
        },
      ],
    },
    {
      name: "Fastify: addHook('onReady'/'onClose') are silent, addHook('preHandler') is a request hook",
      code: `import Fastify from 'fastify';
import { Pool } from 'pg';

const fastify = Fastify();

fastify.addHook('onReady', async () => {
  fastify.decorate('pool', new Pool());
});

fastify.addHook('onClose', async () => {
  const pool = new Pool();
  await pool.query('DELETE FROM sessions');
  await pool.end();
});

fastify.addHook('preHandler', async () => {
  const pool = new Pool();
  await pool.query('SELECT 1');
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 17,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a request hook', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import Fastify from 'fastify';
import { Pool } from 'pg';

const fastify = Fastify();

fastify.addHook('onReady', async () => {
  fastify.decorate('pool', new Pool());
});

fastify.addHook('onClose', async () => {
  const pool = new Pool();
  await pool.query('DELETE FROM sessions');
  await pool.end();
});

const pool = new Pool();
fastify.addHook('preHandler', async () => {
  await pool.query('SELECT 1');
});` },
          ],
        },
      ],
    },
    {
      name: 'perInstance: new DataSource(o).initialize() in a constructor gets no constructorParameter suggestion',
      code: `import { DataSource } from 'typeorm';

export class UserStore {
  private ready: Promise<DataSource>;
  constructor() {
    this.ready = new DataSource({ type: 'postgres' }).initialize();
  }
}`,
      errors: [
        {
          messageId: 'perInstance',
          line: 6,
          column: 18,
          data: { construct: 'new DataSource()', className: 'UserStore', scope: '', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'perInstance: mysql createConnection() in a constructor is a connection and gets no constructorParameter suggestion',
      code: `import mysql from 'mysql2';

export class UserStore {
  private connection: mysql.Connection;
  constructor() {
    this.connection = mysql.createConnection({ host: 'db' });
  }
}`,
      errors: [
        {
          messageId: 'perInstance',
          line: 6,
          column: 23,
          data: { construct: 'mysql.createConnection()', className: 'UserStore', scope: '', what: 'connection' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'anonymous class: export default class { pool = new Pool() }',
      code: `import { Pool } from 'pg';

export default class {
  pool = new Pool();
}`,
      errors: [
        {
          messageId: 'perInstance',
          line: 4,
          column: 10,
          data: { construct: 'new Pool()', className: 'an anonymous class', scope: '', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'anonymous class expression instantiated per call',
      code: `import { Pool } from 'pg';

export const make = () => new (class {
  pool = new Pool();
})();`,
      errors: [
        {
          messageId: 'perInstance',
          line: 4,
          column: 10,
          data: { construct: 'new Pool()', className: 'an anonymous class', scope: '', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: "handlers option: 'myRouter.handle' and '/^register[A-Z]/'",
      code: `import { Pool } from 'pg';
import { bus, myRouter } from './infra';

myRouter.handle('/users', async () => {
  const pool = new Pool();
  return (await pool.query('SELECT 1')).rows;
});

registerJob('cleanup', async () => {
  const db = new Pool();
  await db.query('DELETE FROM sessions');
});

bus.subscribe('user.created', async () => {
  const other = new Pool();
  await other.query('SELECT 1');
});

declare function registerJob(name: string, fn: () => Promise<void>): void;`,
      options: [{ handlers: ['myRouter.handle', '/^register[A-Z]/'] }],
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a request handler (`myRouter.handle`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { Pool } from 'pg';
import { bus, myRouter } from './infra';

const pool = new Pool();
myRouter.handle('/users', async () => {
  return (await pool.query('SELECT 1')).rows;
});

registerJob('cleanup', async () => {
  const db = new Pool();
  await db.query('DELETE FROM sessions');
});

bus.subscribe('user.created', async () => {
  const other = new Pool();
  await other.query('SELECT 1');
});

declare function registerJob(name: string, fn: () => Promise<void>): void;` },
          ],
        },
        {
          messageId: 'perRequest',
          line: 10,
          column: 14,
          data: { construct: 'new Pool()', scope: 'a request handler (`registerJob`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { Pool } from 'pg';
import { bus, myRouter } from './infra';

myRouter.handle('/users', async () => {
  const pool = new Pool();
  return (await pool.query('SELECT 1')).rows;
});

const db = new Pool();
registerJob('cleanup', async () => {
  await db.query('DELETE FROM sessions');
});

bus.subscribe('user.created', async () => {
  const other = new Pool();
  await other.query('SELECT 1');
});

declare function registerJob(name: string, fn: () => Promise<void>): void;` },
          ],
        },
      ],
    },
    {
      name: "settings['connection-leaks'].requestHandlers with a wildcard ('bus.*')",
      code: `import { Pool } from 'pg';
import { bus, myRouter } from './infra';

myRouter.handle('/users', async () => {
  const pool = new Pool();
  return (await pool.query('SELECT 1')).rows;
});

registerJob('cleanup', async () => {
  const db = new Pool();
  await db.query('DELETE FROM sessions');
});

bus.subscribe('user.created', async () => {
  const other = new Pool();
  await other.query('SELECT 1');
});

declare function registerJob(name: string, fn: () => Promise<void>): void;`,
      settings: { 'connection-leaks': { requestHandlers: ['bus.*'] } },
      errors: [
        {
          messageId: 'perRequest',
          line: 15,
          column: 17,
          data: { construct: 'new Pool()', scope: 'a request handler (`bus.subscribe`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { Pool } from 'pg';
import { bus, myRouter } from './infra';

myRouter.handle('/users', async () => {
  const pool = new Pool();
  return (await pool.query('SELECT 1')).rows;
});

registerJob('cleanup', async () => {
  const db = new Pool();
  await db.query('DELETE FROM sessions');
});

const other = new Pool();
bus.subscribe('user.created', async () => {
  await other.query('SELECT 1');
});

declare function registerJob(name: string, fn: () => Promise<void>): void;` },
          ],
        },
      ],
    },
    {
      name: 'handlers option and requestHandlers setting add up',
      code: `import { Pool } from 'pg';
import { bus, myRouter } from './infra';

myRouter.handle('/users', async () => {
  const pool = new Pool();
  return (await pool.query('SELECT 1')).rows;
});

registerJob('cleanup', async () => {
  const db = new Pool();
  await db.query('DELETE FROM sessions');
});

bus.subscribe('user.created', async () => {
  const other = new Pool();
  await other.query('SELECT 1');
});

declare function registerJob(name: string, fn: () => Promise<void>): void;`,
      options: [{ handlers: ['myRouter.handle'] }],
      settings: { 'connection-leaks': { requestHandlers: ['bus.subscribe'] } },
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a request handler (`myRouter.handle`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { Pool } from 'pg';
import { bus, myRouter } from './infra';

const pool = new Pool();
myRouter.handle('/users', async () => {
  return (await pool.query('SELECT 1')).rows;
});

registerJob('cleanup', async () => {
  const db = new Pool();
  await db.query('DELETE FROM sessions');
});

bus.subscribe('user.created', async () => {
  const other = new Pool();
  await other.query('SELECT 1');
});

declare function registerJob(name: string, fn: () => Promise<void>): void;` },
          ],
        },
        {
          messageId: 'perRequest',
          line: 15,
          column: 17,
          data: { construct: 'new Pool()', scope: 'a request handler (`bus.subscribe`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { Pool } from 'pg';
import { bus, myRouter } from './infra';

myRouter.handle('/users', async () => {
  const pool = new Pool();
  return (await pool.query('SELECT 1')).rows;
});

registerJob('cleanup', async () => {
  const db = new Pool();
  await db.query('DELETE FROM sessions');
});

const other = new Pool();
bus.subscribe('user.created', async () => {
  await other.query('SELECT 1');
});

declare function registerJob(name: string, fn: () => Promise<void>): void;` },
          ],
        },
      ],
    },
  ],
});
