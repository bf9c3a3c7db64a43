/**
 * no-pool-per-request: exact outputs of the three suggestions (hoistToModule, lazyModuleSingleton,
 * constructorParameter), of the opt-in autofix (`autofix: true`), and the `allowInConstructors` option.
 * Every output is also listed as a valid case: once applied, the rule is silent on it.
 * When a hoist is withheld (lifecycle calls, `let`, one name in two findings), see
 * no-pool-per-request.shapes.test.ts.
 */
import rule from '../../src/rules/no-pool-per-request';
import { jsRuleTester, ruleTester } from '../rule-tester';

ruleTester.run('no-pool-per-request (fixes and options)', rule, {
  valid: [
    {
      name: 'allowInConstructors: true silences a constructor',
      code: `import { Pool } from 'pg';

export class UserStore {
  readonly pool: Pool;
  constructor() {
    this.pool = new Pool();
  }
}`,
      options: [{ allowInConstructors: true }],
    },
    {
      name: 'allowInConstructors: true silences a field initialiser',
      code: `import { Pool } from 'pg';

export class UserStore {
  readonly pool = new Pool();
}`,
      options: [{ allowInConstructors: true }],
    },
    {
      name: 'allowInConstructors: true silences a request-scoped NestJS provider',
      code: `import { Injectable, Scope } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';

@Injectable({ scope: Scope.REQUEST })
export class RequestPrisma {
  readonly client = new PrismaClient();
}`,
      options: [{ allowInConstructors: true }],
    },
    {
      name: 'allowInConstructors: true silences a class instantiated in a route',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

class UserRepository {
  readonly pool = new Pool();
}

app.get('/users', async (req, res) => {
  res.json((await new UserRepository().pool.query('SELECT 1')).rows);
});`,
      options: [{ allowInConstructors: true }],
    },
    {
      name: 'autofix: true changes nothing on module-scope pools',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const pool = new Pool();

app.get('/users', async (req, res) => {
  res.json((await pool.query('SELECT 1')).rows);
});`,
      options: [{ autofix: true }],
    },
    {
      name: 'hoistToModule: reads only process.env (hoistToModule output)',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
app.get('/users', async (req, res) => {
  res.json((await pool.query('SELECT * FROM users')).rows);
});`,
    },
    {
      name: 'hoistToModule: reads a module constant declared above (hoistToModule output)',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

const config = { max: 5, idleTimeoutMillis: 10_000 };

const pool = new Pool(config);
export async function GET() {
  return Response.json((await pool.query('SELECT 1')).rows);
}`,
    },
    {
      name: 'hoistToModule: inserted above the leading comment of the handler (hoistToModule output)',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

const pool = new Pool();
/** Lists users. */
export async function GET() {
  return Response.json((await pool.query('SELECT 1')).rows);
}`,
    },
    {
      name: 'hoistToModule: from a helper called by the route (hoistToModule output)',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const pool = new Pool();
async function loadUsers() {
  return (await pool.query('SELECT * FROM users')).rows;
}

app.get('/users', async (req, res) => {
  res.json(await loadUsers());
});`,
    },
    {
      name: 'hoistToModule: routes registered inside an exported function (hoistToModule output)',
      code: `import type { Express } from 'express';
import { Pool } from 'pg';

const pool = new Pool();
export function registerRoutes(app: Express) {
  app.get('/users', async (req, res) => {
    res.json((await pool.query('SELECT 1')).rows);
  });
}`,
    },
    {
      name: 'hoistToModule: Pages API default export (hoistToModule output)',
      filename: 'pages/api/users.ts',
      code: `import type { NextApiRequest, NextApiResponse } from 'next';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  res.json(await prisma.user.findMany());
}`,
    },
    {
      name: 'hoistToModule: out of a loop in the Lambda handler (hoistToModule output)',
      code: `import { Pool } from 'pg';

const pool = new Pool();
export const handler = async (event: { Records: { body: string }[] }) => {
  for (const record of event.Records) {
    await pool.query('INSERT INTO events (body) VALUES ($1)', [record.body]);
  }
};`,
    },
    {
      name: 'a let declaration that is never reassigned is not hoisted (lazyModuleSingleton output)',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

let sharedPool: InstanceType<typeof Pool> | undefined;
export async function GET() {
  let pool = (sharedPool ??= new Pool());
  return Response.json((await pool.query('SELECT 1')).rows);
}`,
    },
    {
      name: 'lazyModuleSingleton: new Pool() reading the request, typed InstanceType in TypeScript (lazyModuleSingleton output)',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

let sharedPool: InstanceType<typeof Pool> | undefined;
export async function GET(request: Request) {
  const pool = (sharedPool ??= new Pool({ application_name: new URL(request.url).hostname }));
  return Response.json((await pool.query('SELECT 1')).rows);
}`,
    },
    {
      name: 'lazyModuleSingleton: Hono handler reading c.env (lazyModuleSingleton output)',
      code: `import { Hono } from 'hono';
import { Pool } from 'pg';

const app = new Hono<{ Bindings: { DATABASE_URL: string } }>();

let sharedPool: InstanceType<typeof Pool> | undefined;
app.get('/users', async c => {
  const pool = (sharedPool ??= new Pool({ connectionString: c.env.DATABASE_URL }));
  return c.json((await pool.query('SELECT * FROM users')).rows);
});`,
    },
    {
      name: 'lazyModuleSingleton: mysql.createPool() typed ReturnType in TypeScript (lazyModuleSingleton output)',
      code: `import mysql from 'mysql2/promise';

let sharedPool: ReturnType<typeof mysql.createPool> | undefined;
export const handler = async (event: { database: string }) => {
  const pool = (sharedPool ??= mysql.createPool({ uri: process.env.DATABASE_URL, database: event.database }));
  return pool.query('SELECT 1');
};`,
    },
    {
      name: 'lazyModuleSingleton: knex() named after its variable (lazyModuleSingleton output)',
      code: `import knex from 'knex';

let sharedDb: ReturnType<typeof knex> | undefined;
export const handler = async (event: { connection: string }) => {
  const db = (sharedDb ??= knex({ client: 'pg', connection: event.connection }));
  return db('users');
};`,
    },
    {
      name: 'lazyModuleSingleton: awaited MongoClient.connect() caches the promise (lazyModuleSingleton output)',
      code: `import Fastify from 'fastify';
import { MongoClient } from 'mongodb';

const fastify = Fastify();

let sharedClient: ReturnType<typeof MongoClient.connect> | undefined;
fastify.get('/users', async () => {
  const client = await (sharedClient ??= MongoClient.connect(process.env.MONGO_URL!));
  return client.db().collection('users').find().toArray();
});`,
    },
    {
      name: 'lazyModuleSingleton: inline construction without a variable (lazyModuleSingleton output)',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

let sharedPool: InstanceType<typeof Pool> | undefined;
export async function GET() {
  return Response.json((await (sharedPool ??= new Pool()).query('SELECT 1')).rows);
}`,
    },
    {
      name: 'lazyModuleSingleton: assigned to a request property (lazyModuleSingleton output)',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

let sharedPool: InstanceType<typeof Pool> | undefined;
app.use((req, res, next) => {
  req.db = (sharedPool ??= new Pool());
  next();
});`,
    },
    {
      name: 'lazyModuleSingleton: a module-level name already taken picks sharedPool2 (lazyModuleSingleton output)',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

const sharedPool = null;

let sharedPool2: InstanceType<typeof Pool> | undefined;
export async function GET(request: Request) {
  const pool = (sharedPool2 ??= new Pool({ application_name: request.url }));
  return Response.json((await pool.query('SELECT 1')).rows);
}`,
    },
    {
      name: 'lazyModuleSingleton: instead of hoisting when the module already declares the name (lazyModuleSingleton output)',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

export const pool = null;

let sharedPool: InstanceType<typeof Pool> | undefined;
export async function GET() {
  const pool = (sharedPool ??= new Pool());
  return Response.json((await pool.query('SELECT 1')).rows);
}`,
    },
    {
      name: 'lazyModuleSingleton: instead of hoisting when it reads a mutable module variable (lazyModuleSingleton output)',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

let config = { max: 5 };

let sharedPool: InstanceType<typeof Pool> | undefined;
export async function GET() {
  const pool = (sharedPool ??= new Pool(config));
  return Response.json((await pool.query('SELECT 1')).rows);
}

export function configure(next: { max: number }) {
  config = next;
}`,
    },
    {
      name: 'lazyModuleSingleton: instead of hoisting when it reads a constant declared below the handler (lazyModuleSingleton output)',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

let sharedPool: InstanceType<typeof Pool> | undefined;
export async function GET() {
  const pool = (sharedPool ??= new Pool(config));
  return Response.json((await pool.query('SELECT 1')).rows);
}

const config = { max: 5 };`,
    },
    {
      name: 'lazyModuleSingleton: instead of hoisting when a local shadows the module constant (lazyModuleSingleton output)',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

const max = 5;

let sharedPool: InstanceType<typeof Pool> | undefined;
export async function GET() {
  const max = 2;
  const pool = (sharedPool ??= new Pool({ max }));
  return Response.json((await pool.query('SELECT 1')).rows);
}`,
    },
    {
      name: 'constructorParameter: constructor without parameters, typed with the class (constructorParameter output)',
      code: `import { Pool } from 'pg';

export class UserStore {
  readonly pool: Pool;
  constructor(pool: Pool) {
    this.pool = pool;
  }
}`,
    },
    {
      name: 'constructorParameter: appended after existing parameters (constructorParameter output)',
      code: `import { Pool } from 'pg';

export class UserStore {
  readonly pool: Pool;
  constructor(readonly table: string, pool: Pool) {
    this.pool = pool;
  }
}`,
    },
    {
      name: 'constructorParameter: namespace import keeps the qualified type (constructorParameter output)',
      code: `import pg from 'pg';

export class UserStore {
  readonly pool: pg.Pool;
  constructor(pool: pg.Pool) {
    this.pool = pool;
  }
}`,
    },
    {
      name: 'constructorParameter: call factory typed ReturnType (constructorParameter output)',
      code: `import mysql from 'mysql2/promise';

export class OrderStore {
  readonly pool;
  constructor(pool: ReturnType<typeof mysql.createPool>) {
    this.pool = pool;
  }
}`,
    },
    {
      name: 'constructorParameter: #private field takes a parameter without the # (constructorParameter output)',
      code: `import { Pool } from 'pg';

export class UserStore {
  #pool: Pool;
  constructor(pool: Pool) {
    this.#pool = pool;
  }
}`,
    },
    {
      name: 'constructorParameter: request-scoped NestJS provider (constructorParameter output)',
      code: `import { Injectable, Scope } from '@nestjs/common';
import { Pool } from 'pg';

@Injectable({ scope: Scope.REQUEST })
export class RequestDatabase {
  private readonly pool: Pool;
  constructor(pool: Pool) {
    this.pool = pool;
  }
}`,
    },
    {
      name: 'autofix: true applies the module hoist as a fix (fixed output)',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
app.get('/users', async (req, res) => {
  res.json((await pool.query('SELECT * FROM users')).rows);
});`,
      options: [{ autofix: true }],
    },
    {
      name: 'autofix: true fixes a Lambda handler (fixed output)',
      code: `import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL!);
export const handler = async (event: { key: string }) => {
  return redis.get(event.key);
};`,
      options: [{ autofix: true }],
    },
    {
      name: 'autofix: true fixes a helper called by a handler (fixed output)',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

const pool = new Pool();
async function loadUsers() {
  return (await pool.query('SELECT * FROM users')).rows;
}

export async function GET() {
  return Response.json(await loadUsers());
}`,
      options: [{ autofix: true }],
    },
    {
      name: 'autofix: true leaves the lazy singleton as a suggestion (lazyModuleSingleton output)',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

let sharedPool: InstanceType<typeof Pool> | undefined;
export async function GET(request: Request) {
  const pool = (sharedPool ??= new Pool({ application_name: request.url }));
  return Response.json((await pool.query('SELECT 1')).rows);
}`,
      options: [{ autofix: true }],
    },
    {
      name: 'autofix: true does not fix a per-instance construction (constructorParameter output)',
      code: `import { Pool } from 'pg';

export class UserStore {
  readonly pool: Pool;
  constructor(pool: Pool) {
    this.pool = pool;
  }
}`,
      options: [{ autofix: true }],
    },
    {
      name: 'allowInConstructors: true still reports a route handler (hoistToModule output)',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const pool = new Pool();
app.get('/users', async (req, res) => {
  res.json((await pool.query('SELECT 1')).rows);
});`,
      options: [{ allowInConstructors: true }],
    },
    {
      name: 'allowInConstructors: true still reports a loop in a handler (hoistToModule output)',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const pool = new Pool();
app.post('/import', async (req, res) => {
  for (const row of req.body.rows) {
    await pool.query('INSERT INTO t VALUES ($1)', [row]);
  }
  res.end();
});`,
      options: [{ allowInConstructors: true }],
    },
  ],
  invalid: [
    {
      name: 'hoistToModule: reads only process.env',
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
      name: 'hoistToModule: reads a module constant declared above',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

const config = { max: 5, idleTimeoutMillis: 10_000 };

export async function GET() {
  const pool = new Pool(config);
  return Response.json((await pool.query('SELECT 1')).rows);
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 6,
          column: 16,
          data: { construct: 'new Pool()', scope: 'the exported GET route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { Pool } from 'pg';

const config = { max: 5, idleTimeoutMillis: 10_000 };

const pool = new Pool(config);
export async function GET() {
  return Response.json((await pool.query('SELECT 1')).rows);
}` },
          ],
        },
      ],
    },
    {
      name: 'hoistToModule: inserted above the leading comment of the handler',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

/** Lists users. */
export async function GET() {
  const pool = new Pool();
  return Response.json((await pool.query('SELECT 1')).rows);
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          column: 16,
          data: { construct: 'new Pool()', scope: 'the exported GET route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import { Pool } from 'pg';

const pool = new Pool();
/** Lists users. */
export async function GET() {
  return Response.json((await pool.query('SELECT 1')).rows);
}` },
          ],
        },
      ],
    },
    {
      name: 'hoistToModule: from a helper called by the route',
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
      name: 'hoistToModule: routes registered inside an exported function',
      code: `import type { Express } from 'express';
import { Pool } from 'pg';

export function registerRoutes(app: Express) {
  app.get('/users', async (req, res) => {
    const pool = new Pool();
    res.json((await pool.query('SELECT 1')).rows);
  });
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 6,
          column: 18,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import type { Express } from 'express';
import { Pool } from 'pg';

const pool = new Pool();
export function registerRoutes(app: Express) {
  app.get('/users', async (req, res) => {
    res.json((await pool.query('SELECT 1')).rows);
  });
}` },
          ],
        },
      ],
    },
    {
      name: 'hoistToModule: Pages API default export',
      filename: 'pages/api/users.ts',
      code: `import type { NextApiRequest, NextApiResponse } from 'next';
import { PrismaClient } from '@prisma/client';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const prisma = new PrismaClient();
  res.json(await prisma.user.findMany());
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          column: 18,
          data: { construct: 'new PrismaClient()', scope: 'the API route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `import type { NextApiRequest, NextApiResponse } from 'next';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  res.json(await prisma.user.findMany());
}` },
          ],
        },
      ],
    },
    {
      name: 'hoistToModule: out of a loop in the Lambda handler',
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
      name: 'a let declaration that is never reassigned is not hoisted: only the lazy singleton is offered',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

export async function GET() {
  let pool = new Pool();
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
export async function GET() {
  let pool = (sharedPool ??= new Pool());
  return Response.json((await pool.query('SELECT 1')).rows);
}` },
          ],
        },
      ],
    },
    {
      name: 'lazyModuleSingleton: new Pool() reading the request, typed InstanceType in TypeScript',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

export async function GET(request: Request) {
  const pool = new Pool({ application_name: new URL(request.url).hostname });
  return Response.json((await pool.query('SELECT 1')).rows);
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 16,
          data: { construct: 'new Pool()', scope: 'the exported GET route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Pool } from 'pg';

let sharedPool: InstanceType<typeof Pool> | undefined;
export async function GET(request: Request) {
  const pool = (sharedPool ??= new Pool({ application_name: new URL(request.url).hostname }));
  return Response.json((await pool.query('SELECT 1')).rows);
}` },
          ],
        },
      ],
    },
    {
      name: 'lazyModuleSingleton: Hono handler reading c.env',
      code: `import { Hono } from 'hono';
import { Pool } from 'pg';

const app = new Hono<{ Bindings: { DATABASE_URL: string } }>();

app.get('/users', async c => {
  const pool = new Pool({ connectionString: c.env.DATABASE_URL });
  return c.json((await pool.query('SELECT * FROM users')).rows);
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Hono } from 'hono';
import { Pool } from 'pg';

const app = new Hono<{ Bindings: { DATABASE_URL: string } }>();

let sharedPool: InstanceType<typeof Pool> | undefined;
app.get('/users', async c => {
  const pool = (sharedPool ??= new Pool({ connectionString: c.env.DATABASE_URL }));
  return c.json((await pool.query('SELECT * FROM users')).rows);
});` },
          ],
        },
      ],
    },
    {
      name: 'lazyModuleSingleton: mysql.createPool() typed ReturnType in TypeScript',
      code: `import mysql from 'mysql2/promise';

export const handler = async (event: { database: string }) => {
  const pool = mysql.createPool({ uri: process.env.DATABASE_URL, database: event.database });
  return pool.query('SELECT 1');
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 16,
          data: { construct: 'mysql.createPool()', scope: 'the Lambda handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import mysql from 'mysql2/promise';

let sharedPool: ReturnType<typeof mysql.createPool> | undefined;
export const handler = async (event: { database: string }) => {
  const pool = (sharedPool ??= mysql.createPool({ uri: process.env.DATABASE_URL, database: event.database }));
  return pool.query('SELECT 1');
};` },
          ],
        },
      ],
    },
    {
      name: 'lazyModuleSingleton: knex() named after its variable',
      code: `import knex from 'knex';

export const handler = async (event: { connection: string }) => {
  const db = knex({ client: 'pg', connection: event.connection });
  return db('users');
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 14,
          data: { construct: 'knex()', scope: 'the Lambda handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import knex from 'knex';

let sharedDb: ReturnType<typeof knex> | undefined;
export const handler = async (event: { connection: string }) => {
  const db = (sharedDb ??= knex({ client: 'pg', connection: event.connection }));
  return db('users');
};` },
          ],
        },
      ],
    },
    {
      name: 'lazyModuleSingleton: awaited MongoClient.connect() caches the promise',
      code: `import Fastify from 'fastify';
import { MongoClient } from 'mongodb';

const fastify = Fastify();

fastify.get('/users', async () => {
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
fastify.get('/users', async () => {
  const client = await (sharedClient ??= MongoClient.connect(process.env.MONGO_URL!));
  return client.db().collection('users').find().toArray();
});` },
          ],
        },
      ],
    },
    {
      name: 'lazyModuleSingleton: inline construction without a variable',
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
      name: 'lazyModuleSingleton: assigned to a request property',
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
      name: 'lazyModuleSingleton: a module-level name already taken picks sharedPool2',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

const sharedPool = null;

export async function GET(request: Request) {
  const pool = new Pool({ application_name: request.url });
  return Response.json((await pool.query('SELECT 1')).rows);
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 6,
          column: 16,
          data: { construct: 'new Pool()', scope: 'the exported GET route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Pool } from 'pg';

const sharedPool = null;

let sharedPool2: InstanceType<typeof Pool> | undefined;
export async function GET(request: Request) {
  const pool = (sharedPool2 ??= new Pool({ application_name: request.url }));
  return Response.json((await pool.query('SELECT 1')).rows);
}` },
          ],
        },
      ],
    },
    {
      name: 'lazyModuleSingleton: instead of hoisting when the module already declares the name',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

export const pool = null;

export async function GET() {
  const pool = new Pool();
  return Response.json((await pool.query('SELECT 1')).rows);
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 6,
          column: 16,
          data: { construct: 'new Pool()', scope: 'the exported GET route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Pool } from 'pg';

export const pool = null;

let sharedPool: InstanceType<typeof Pool> | undefined;
export async function GET() {
  const pool = (sharedPool ??= new Pool());
  return Response.json((await pool.query('SELECT 1')).rows);
}` },
          ],
        },
      ],
    },
    {
      name: 'lazyModuleSingleton: instead of hoisting when it reads a mutable module variable',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

let config = { max: 5 };

export async function GET() {
  const pool = new Pool(config);
  return Response.json((await pool.query('SELECT 1')).rows);
}

export function configure(next: { max: number }) {
  config = next;
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 6,
          column: 16,
          data: { construct: 'new Pool()', scope: 'the exported GET route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Pool } from 'pg';

let config = { max: 5 };

let sharedPool: InstanceType<typeof Pool> | undefined;
export async function GET() {
  const pool = (sharedPool ??= new Pool(config));
  return Response.json((await pool.query('SELECT 1')).rows);
}

export function configure(next: { max: number }) {
  config = next;
}` },
          ],
        },
      ],
    },
    {
      name: 'lazyModuleSingleton: instead of hoisting when it reads a constant declared below the handler',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

export async function GET() {
  const pool = new Pool(config);
  return Response.json((await pool.query('SELECT 1')).rows);
}

const config = { max: 5 };`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 16,
          data: { construct: 'new Pool()', scope: 'the exported GET route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Pool } from 'pg';

let sharedPool: InstanceType<typeof Pool> | undefined;
export async function GET() {
  const pool = (sharedPool ??= new Pool(config));
  return Response.json((await pool.query('SELECT 1')).rows);
}

const config = { max: 5 };` },
          ],
        },
      ],
    },
    {
      name: 'lazyModuleSingleton: instead of hoisting when a local shadows the module constant',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

const max = 5;

export async function GET() {
  const max = 2;
  const pool = new Pool({ max });
  return Response.json((await pool.query('SELECT 1')).rows);
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'new Pool()', scope: 'the exported GET route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Pool } from 'pg';

const max = 5;

let sharedPool: InstanceType<typeof Pool> | undefined;
export async function GET() {
  const max = 2;
  const pool = (sharedPool ??= new Pool({ max }));
  return Response.json((await pool.query('SELECT 1')).rows);
}` },
          ],
        },
      ],
    },
    {
      name: 'constructorParameter: constructor without parameters, typed with the class',
      code: `import { Pool } from 'pg';

export class UserStore {
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
          data: { construct: 'new Pool()', className: 'UserStore', scope: '', what: 'pool' },
          suggestions: [
            { messageId: 'constructorParameter', output: `import { Pool } from 'pg';

export class UserStore {
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
      name: 'constructorParameter: appended after existing parameters',
      code: `import { Pool } from 'pg';

export class UserStore {
  readonly pool: Pool;
  constructor(readonly table: string) {
    this.pool = new Pool();
  }
}`,
      errors: [
        {
          messageId: 'perInstance',
          line: 6,
          column: 17,
          data: { construct: 'new Pool()', className: 'UserStore', scope: '', what: 'pool' },
          suggestions: [
            { messageId: 'constructorParameter', output: `import { Pool } from 'pg';

export class UserStore {
  readonly pool: Pool;
  constructor(readonly table: string, pool: Pool) {
    this.pool = pool;
  }
}` },
          ],
        },
      ],
    },
    {
      name: 'constructorParameter: namespace import keeps the qualified type',
      code: `import pg from 'pg';

export class UserStore {
  readonly pool: pg.Pool;
  constructor() {
    this.pool = new pg.Pool();
  }
}`,
      errors: [
        {
          messageId: 'perInstance',
          line: 6,
          column: 17,
          data: { construct: 'new pg.Pool()', className: 'UserStore', scope: '', what: 'pool' },
          suggestions: [
            { messageId: 'constructorParameter', output: `import pg from 'pg';

export class UserStore {
  readonly pool: pg.Pool;
  constructor(pool: pg.Pool) {
    this.pool = pool;
  }
}` },
          ],
        },
      ],
    },
    {
      name: 'constructorParameter: call factory typed ReturnType',
      code: `import mysql from 'mysql2/promise';

export class OrderStore {
  readonly pool;
  constructor() {
    this.pool = mysql.createPool({ host: 'db' });
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
  readonly pool;
  constructor(pool: ReturnType<typeof mysql.createPool>) {
    this.pool = pool;
  }
}` },
          ],
        },
      ],
    },
    {
      name: 'constructorParameter: #private field takes a parameter without the #',
      code: `import { Pool } from 'pg';

export class UserStore {
  #pool: Pool;
  constructor() {
    this.#pool = new Pool();
  }
}`,
      errors: [
        {
          messageId: 'perInstance',
          line: 6,
          column: 18,
          data: { construct: 'new Pool()', className: 'UserStore', scope: '', what: 'pool' },
          suggestions: [
            { messageId: 'constructorParameter', output: `import { Pool } from 'pg';

export class UserStore {
  #pool: Pool;
  constructor(pool: Pool) {
    this.#pool = pool;
  }
}` },
          ],
        },
      ],
    },
    {
      name: 'constructorParameter: request-scoped NestJS provider',
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
      name: 'constructorParameter: not offered for a field initialiser',
      code: `import { Pool } from 'pg';

export class UserStore {
  readonly pool = new Pool();
}`,
      errors: [
        {
          messageId: 'perInstance',
          line: 4,
          column: 19,
          data: { construct: 'new Pool()', className: 'UserStore', scope: '', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'constructorParameter: not offered when the constructor already uses the name',
      code: `import { Pool } from 'pg';

export class UserStore {
  readonly pool: Pool;
  constructor(pool?: string) {
    this.pool = new Pool({ database: pool });
  }
}`,
      errors: [
        {
          messageId: 'perInstance',
          line: 6,
          column: 17,
          data: { construct: 'new Pool()', className: 'UserStore', scope: '', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'constructorParameter: not offered after a rest parameter',
      code: `import { Pool } from 'pg';

export class UserStore {
  readonly pool: Pool;
  constructor(...databases: string[]) {
    this.pool = new Pool({ database: databases[0] });
  }
}`,
      errors: [
        {
          messageId: 'perInstance',
          line: 6,
          column: 17,
          data: { construct: 'new Pool()', className: 'UserStore', scope: '', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'constructorParameter: not offered for a local variable of the constructor',
      code: `import { Pool } from 'pg';

export class UserStore {
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
          data: { construct: 'new Pool()', className: 'UserStore', scope: '', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'autofix: true applies the module hoist as a fix',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

app.get('/users', async (req, res) => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  res.json((await pool.query('SELECT * FROM users')).rows);
});`,
      options: [{ autofix: true }],
      output: `import express from 'express';
import { Pool } from 'pg';

const app = express();

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
app.get('/users', async (req, res) => {
  res.json((await pool.query('SELECT * FROM users')).rows);
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
      name: 'autofix: true fixes a Lambda handler',
      code: `import Redis from 'ioredis';

export const handler = async (event: { key: string }) => {
  const redis = new Redis(process.env.REDIS_URL!);
  return redis.get(event.key);
};`,
      options: [{ autofix: true }],
      output: `import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL!);
export const handler = async (event: { key: string }) => {
  return redis.get(event.key);
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 17,
          data: { construct: 'new Redis()', scope: 'the Lambda handler', via: '', what: 'client' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'autofix: true fixes a helper called by a handler',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

async function loadUsers() {
  const pool = new Pool();
  return (await pool.query('SELECT * FROM users')).rows;
}

export async function GET() {
  return Response.json(await loadUsers());
}`,
      options: [{ autofix: true }],
      output: `import { Pool } from 'pg';

const pool = new Pool();
async function loadUsers() {
  return (await pool.query('SELECT * FROM users')).rows;
}

export async function GET() {
  return Response.json(await loadUsers());
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 16,
          data: { construct: 'new Pool()', scope: 'the exported GET route handler', via: ', through `loadUsers()`', what: 'pool' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'autofix: true leaves the lazy singleton as a suggestion',
      filename: 'app/users/route.ts',
      code: `import { Pool } from 'pg';

export async function GET(request: Request) {
  const pool = new Pool({ application_name: request.url });
  return Response.json((await pool.query('SELECT 1')).rows);
}`,
      options: [{ autofix: true }],
      output: null,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 16,
          data: { construct: 'new Pool()', scope: 'the exported GET route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `import { Pool } from 'pg';

let sharedPool: InstanceType<typeof Pool> | undefined;
export async function GET(request: Request) {
  const pool = (sharedPool ??= new Pool({ application_name: request.url }));
  return Response.json((await pool.query('SELECT 1')).rows);
}` },
          ],
        },
      ],
    },
    {
      name: 'autofix: true does not fix a per-instance construction',
      code: `import { Pool } from 'pg';

export class UserStore {
  readonly pool: Pool;
  constructor() {
    this.pool = new Pool();
  }
}`,
      options: [{ autofix: true }],
      output: null,
      errors: [
        {
          messageId: 'perInstance',
          line: 6,
          column: 17,
          data: { construct: 'new Pool()', className: 'UserStore', scope: '', what: 'pool' },
          suggestions: [
            { messageId: 'constructorParameter', output: `import { Pool } from 'pg';

export class UserStore {
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
      name: 'allowInConstructors: true still reports a route handler',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

app.get('/users', async (req, res) => {
  const pool = new Pool();
  res.json((await pool.query('SELECT 1')).rows);
});`,
      options: [{ allowInConstructors: true }],
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
app.get('/users', async (req, res) => {
  res.json((await pool.query('SELECT 1')).rows);
});` },
          ],
        },
      ],
    },
    {
      name: 'allowInConstructors: true still reports a loop in a handler',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();

app.post('/import', async (req, res) => {
  for (const row of req.body.rows) {
    const pool = new Pool();
    await pool.query('INSERT INTO t VALUES ($1)', [row]);
  }
  res.end();
});`,
      options: [{ allowInConstructors: true }],
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
app.post('/import', async (req, res) => {
  for (const row of req.body.rows) {
    await pool.query('INSERT INTO t VALUES ($1)', [row]);
  }
  res.end();
});` },
          ],
        },
      ],
    },
  ],
});

jsRuleTester.run('no-pool-per-request (fixes, CommonJS)', rule, {
  valid: [
    {
      name: 'hoistToModule (CommonJS): exports.handler (hoistToModule output)',
      filename: 'handler.js',
      code: `const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
exports.handler = async () => {
  return (await pool.query('SELECT 1')).rows;
};`,
    },
    {
      name: 'lazyModuleSingleton (CommonJS): no type annotation in JavaScript (lazyModuleSingleton output)',
      filename: 'handler.js',
      code: `const express = require('express');
const { Pool } = require('pg');

const app = express();

let sharedPool;
app.get('/users', async (req, res) => {
  const pool = (sharedPool ??= new Pool({ user: req.user.name }));
  res.json((await pool.query('SELECT 1')).rows);
});`,
    },
    {
      name: 'lazyModuleSingleton (CommonJS): call factory (lazyModuleSingleton output)',
      filename: 'handler.js',
      code: `const mysql = require('mysql2/promise');

let sharedPool;
module.exports.handler = async event => {
  const pool = (sharedPool ??= mysql.createPool({ database: event.database }));
  return pool.query('SELECT 1');
};`,
    },
    {
      name: 'constructorParameter (CommonJS): no type annotation in JavaScript (constructorParameter output)',
      filename: 'handler.js',
      code: `const { Pool } = require('pg');

class UserStore {
  constructor(table, pool) {
    this.table = table;
    this.pool = pool;
  }
}

module.exports = UserStore;`,
    },
    {
      name: 'autofix: true (CommonJS) hoists out of module.exports.handler (fixed output)',
      filename: 'handler.js',
      code: `const { Pool } = require('pg');

const pool = new Pool();
module.exports.handler = async () => {
  return (await pool.query('SELECT 1')).rows;
};`,
      options: [{ autofix: true }],
    },
  ],
  invalid: [
    {
      name: 'hoistToModule (CommonJS): exports.handler',
      filename: 'handler.js',
      code: `const { Pool } = require('pg');

exports.handler = async () => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  return (await pool.query('SELECT 1')).rows;
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 16,
          data: { construct: 'new Pool()', scope: 'the Lambda handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
exports.handler = async () => {
  return (await pool.query('SELECT 1')).rows;
};` },
          ],
        },
      ],
    },
    {
      name: 'lazyModuleSingleton (CommonJS): no type annotation in JavaScript',
      filename: 'handler.js',
      code: `const express = require('express');
const { Pool } = require('pg');

const app = express();

app.get('/users', async (req, res) => {
  const pool = new Pool({ user: req.user.name });
  res.json((await pool.query('SELECT 1')).rows);
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 16,
          data: { construct: 'new Pool()', scope: 'a route handler (`app.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `const express = require('express');
const { Pool } = require('pg');

const app = express();

let sharedPool;
app.get('/users', async (req, res) => {
  const pool = (sharedPool ??= new Pool({ user: req.user.name }));
  res.json((await pool.query('SELECT 1')).rows);
});` },
          ],
        },
      ],
    },
    {
      name: 'lazyModuleSingleton (CommonJS): call factory',
      filename: 'handler.js',
      code: `const mysql = require('mysql2/promise');

module.exports.handler = async event => {
  const pool = mysql.createPool({ database: event.database });
  return pool.query('SELECT 1');
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 16,
          data: { construct: 'mysql.createPool()', scope: 'the Lambda handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `const mysql = require('mysql2/promise');

let sharedPool;
module.exports.handler = async event => {
  const pool = (sharedPool ??= mysql.createPool({ database: event.database }));
  return pool.query('SELECT 1');
};` },
          ],
        },
      ],
    },
    {
      name: 'constructorParameter (CommonJS): no type annotation in JavaScript',
      filename: 'handler.js',
      code: `const { Pool } = require('pg');

class UserStore {
  constructor(table) {
    this.table = table;
    this.pool = new Pool();
  }
}

module.exports = UserStore;`,
      errors: [
        {
          messageId: 'perInstance',
          line: 6,
          column: 17,
          data: { construct: 'new Pool()', className: 'UserStore', scope: '', what: 'pool' },
          suggestions: [
            { messageId: 'constructorParameter', output: `const { Pool } = require('pg');

class UserStore {
  constructor(table, pool) {
    this.table = table;
    this.pool = pool;
  }
}

module.exports = UserStore;` },
          ],
        },
      ],
    },
    {
      name: 'autofix: true (CommonJS) hoists out of module.exports.handler',
      filename: 'handler.js',
      code: `const { Pool } = require('pg');

module.exports.handler = async () => {
  const pool = new Pool();
  return (await pool.query('SELECT 1')).rows;
};`,
      options: [{ autofix: true }],
      output: `const { Pool } = require('pg');

const pool = new Pool();
module.exports.handler = async () => {
  return (await pool.query('SELECT 1')).rows;
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 16,
          data: { construct: 'new Pool()', scope: 'the Lambda handler', via: '', what: 'pool' },
          suggestions: [],
        },
      ],
    },
  ],
});
