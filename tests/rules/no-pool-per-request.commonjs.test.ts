/**
 * no-pool-per-request in CommonJS JavaScript: drivers and frameworks loaded with `require`,
 * Lambda handlers exported through `exports.handler` / `module.exports.handler`.
 * Files are named *.js so that the lazy-singleton suggestion writes no type annotation.
 */
import rule from '../../src/rules/no-pool-per-request';
import { jsRuleTester } from '../rule-tester';

jsRuleTester.run('no-pool-per-request (CommonJS)', rule, {
  valid: [
    {
      name: 'require: module-scope pool shared by the Lambda handler',
      filename: 'handler.js',
      code: `const { Pool } = require('pg');

const pool = new Pool();

exports.handler = async () => {
  return (await pool.query('SELECT 1')).rows;
};`,
    },
    {
      name: 'require: global cache filled in the handler',
      filename: 'handler.js',
      code: `const { Pool } = require('pg');

exports.handler = async () => {
  global.pool = global.pool || new Pool();
  return (await global.pool.query('SELECT 1')).rows;
};`,
    },
    {
      name: 'require: lazy if (!pool) pool = new Pool() in an Express route',
      filename: 'handler.js',
      code: `const express = require('express');
const { Pool } = require('pg');

const app = express();
let pool;

app.get('/users', async (req, res) => {
  if (!pool) pool = new Pool();
  res.json((await pool.query('SELECT 1')).rows);
});`,
    },
    {
      name: 'require: fallback opts.pool || new Pool() in a constructor',
      filename: 'handler.js',
      code: `const { Pool } = require('pg');

class UserStore {
  constructor(opts = {}) {
    this.pool = opts.pool || new Pool();
  }
}

module.exports = UserStore;`,
    },
    {
      name: 'require: singleton exported as module.exports = new Database()',
      filename: 'handler.js',
      code: `const { Pool } = require('pg');

class Database {
  constructor() {
    this.pool = new Pool();
  }
}

module.exports = new Database();`,
    },
    {
      name: 'require: main() builds and ends a pool',
      filename: 'handler.js',
      code: `const mysql = require('mysql2/promise');

async function main() {
  const pool = mysql.createPool(process.env.DATABASE_URL);
  await pool.query('SELECT 1');
  await pool.end();
}

main();`,
    },
    {
      name: 'require: mongoose.connect() at startup',
      filename: 'handler.js',
      code: `const mongoose = require('mongoose');

async function start() {
  await mongoose.connect(process.env.MONGO_URL);
}

start();`,
    },
    {
      name: 'require: mssql sql.connect() in a handler returns the global pool',
      filename: 'handler.js',
      code: `const sql = require('mssql');

exports.handler = async () => {
  const pool = await sql.connect(process.env.DATABASE_URL);
  return (await pool.request().query('SELECT 1')).recordset;
};`,
    },
    {
      name: 'require: pg-promise db built once at module scope',
      filename: 'handler.js',
      code: `const pgp = require('pg-promise')();

const db = pgp(process.env.DATABASE_URL);

exports.handler = async () => db.any('SELECT 1');`,
    },
    {
      name: 'require: exports.handler that is not a function',
      filename: 'handler.js',
      code: `const { Pool } = require('pg');

const pool = new Pool();

exports.handler = require('./wrap')(async () => pool.query('SELECT 1'));`,
    },
  ],
  invalid: [
    {
      name: 'require: exports.handler = async (event) => … builds new Pool()',
      filename: 'handler.js',
      code: `const { Pool } = require('pg');

exports.handler = async event => {
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
exports.handler = async event => {
  return (await pool.query('SELECT 1')).rows;
};` },
          ],
        },
      ],
    },
    {
      name: 'require: module.exports.handler builds mysql.createPool()',
      filename: 'handler.js',
      code: `const mysql = require('mysql2');

module.exports.handler = async event => {
  const pool = mysql.createPool({ host: 'db', database: event.tenant });
  return pool.promise().query('SELECT 1');
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 16,
          data: { construct: 'mysql.createPool()', scope: 'the Lambda handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `const mysql = require('mysql2');

let sharedPool;
module.exports.handler = async event => {
  const pool = (sharedPool ??= mysql.createPool({ host: 'db', database: event.tenant }));
  return pool.promise().query('SELECT 1');
};` },
          ],
        },
      ],
    },
    {
      name: 'require: exports.handler = async function builds new pg.Pool() via the namespace',
      filename: 'handler.js',
      code: `const pg = require('pg');

exports.handler = async function (event) {
  const pool = new pg.Pool();
  return (await pool.query('SELECT 1')).rows;
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 16,
          data: { construct: 'new pg.Pool()', scope: 'the Lambda handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `const pg = require('pg');

const pool = new pg.Pool();
exports.handler = async function (event) {
  return (await pool.query('SELECT 1')).rows;
};` },
          ],
        },
      ],
    },
    {
      name: "require: require('pg').native Pool",
      filename: 'handler.js',
      code: `const pg = require('pg').native;

exports.handler = async () => {
  const pool = new pg.Pool();
  return pool.query('SELECT 1');
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 16,
          data: { construct: 'new pg.Pool()', scope: 'the Lambda handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `const pg = require('pg').native;

const pool = new pg.Pool();
exports.handler = async () => {
  return pool.query('SELECT 1');
};` },
          ],
        },
      ],
    },
    {
      name: "require: require('pg-pool')",
      filename: 'handler.js',
      code: `const Pool = require('pg-pool');

exports.handler = async () => {
  const pool = new Pool();
  return pool.query('SELECT 1');
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 16,
          data: { construct: 'new Pool()', scope: 'the Lambda handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `const Pool = require('pg-pool');

const pool = new Pool();
exports.handler = async () => {
  return pool.query('SELECT 1');
};` },
          ],
        },
      ],
    },
    {
      name: 'require: Express route builds knex()',
      filename: 'handler.js',
      code: `const express = require('express');
const knex = require('knex');

const app = express();

app.get('/users', async (req, res) => {
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  res.json(await db('users'));
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 14,
          data: { construct: 'knex()', scope: 'a route handler (`app.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `const express = require('express');
const knex = require('knex');

const app = express();

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
app.get('/users', async (req, res) => {
  res.json(await db('users'));
});` },
          ],
        },
      ],
    },
    {
      name: 'require: Express router builds postgres()',
      filename: 'handler.js',
      code: `const express = require('express');
const postgres = require('postgres');

const router = express.Router();

router.get('/users', async (req, res) => {
  const sql = postgres(process.env.DATABASE_URL);
  res.json(await sql\`SELECT * FROM users\`);
});

module.exports = router;`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 15,
          data: { construct: 'postgres()', scope: 'a route handler (`router.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `const express = require('express');
const postgres = require('postgres');

const router = express.Router();

const sql = postgres(process.env.DATABASE_URL);
router.get('/users', async (req, res) => {
  res.json(await sql\`SELECT * FROM users\`);
});

module.exports = router;` },
          ],
        },
      ],
    },
    {
      name: "require: pgp(cn) from require('pg-promise')()",
      filename: 'handler.js',
      code: `const express = require('express');
const pgp = require('pg-promise')();

const app = express();

app.get('/users', async (req, res) => {
  const db = pgp(process.env.DATABASE_URL);
  res.json(await db.any('SELECT * FROM users'));
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 14,
          data: { construct: 'pgp()', scope: 'a route handler (`app.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `const express = require('express');
const pgp = require('pg-promise')();

const app = express();

const db = pgp(process.env.DATABASE_URL);
app.get('/users', async (req, res) => {
  res.json(await db.any('SELECT * FROM users'));
});` },
          ],
        },
      ],
    },
    {
      name: "require: new Redis() from require('ioredis')",
      filename: 'handler.js',
      code: `const express = require('express');
const Redis = require('ioredis');

const app = express();

app.get('/cache/:key', async (req, res) => {
  const redis = new Redis(process.env.REDIS_URL);
  res.json(await redis.get(req.params.key));
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 17,
          data: { construct: 'new Redis()', scope: 'a route handler (`app.get`)', via: '', what: 'client' },
          suggestions: [
            { messageId: 'hoistToModule', output: `const express = require('express');
const Redis = require('ioredis');

const app = express();

const redis = new Redis(process.env.REDIS_URL);
app.get('/cache/:key', async (req, res) => {
  res.json(await redis.get(req.params.key));
});` },
          ],
        },
      ],
    },
    {
      name: 'require: MongoClient.connect() in a Koa middleware',
      filename: 'handler.js',
      code: `const Koa = require('koa');
const { MongoClient } = require('mongodb');

const app = new Koa();

app.use(async ctx => {
  const client = await MongoClient.connect(process.env.MONGO_URL);
  ctx.body = await client.db().collection('users').find().toArray();
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 7,
          column: 24,
          data: { construct: 'MongoClient.connect()', scope: 'a route handler (`app.use`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'lazyModuleSingleton', output: `const Koa = require('koa');
const { MongoClient } = require('mongodb');

const app = new Koa();

let sharedClient;
app.use(async ctx => {
  const client = await (sharedClient ??= MongoClient.connect(process.env.MONGO_URL));
  ctx.body = await client.db().collection('users').find().toArray();
});` },
          ],
        },
      ],
    },
    {
      name: 'require: mongoose.createConnection() in a Fastify route',
      filename: 'handler.js',
      code: `const fastify = require('fastify')();
const mongoose = require('mongoose');

fastify.get('/users', async () => {
  const connection = mongoose.createConnection(process.env.MONGO_URL);
  return connection.db.collection('users').find().toArray();
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 5,
          column: 22,
          data: { construct: 'mongoose.createConnection()', scope: 'a route handler (`fastify.get`)', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `const fastify = require('fastify')();
const mongoose = require('mongoose');

const connection = mongoose.createConnection(process.env.MONGO_URL);
fastify.get('/users', async () => {
  return connection.db.collection('users').find().toArray();
});` },
          ],
        },
      ],
    },
    {
      name: 'require: new Sequelize() in a Hapi route',
      filename: 'handler.js',
      code: `const Hapi = require('@hapi/hapi');
const { Sequelize } = require('sequelize');

const server = Hapi.server();

server.route({
  method: 'GET',
  path: '/users',
  handler: async () => {
    const sequelize = new Sequelize(process.env.DATABASE_URL);
    return sequelize.query('SELECT 1');
  },
});`,
      errors: [
        {
          messageId: 'perRequest',
          line: 10,
          column: 23,
          data: { construct: 'new Sequelize()', scope: 'a route handler', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `const Hapi = require('@hapi/hapi');
const { Sequelize } = require('sequelize');

const server = Hapi.server();

const sequelize = new Sequelize(process.env.DATABASE_URL);
server.route({
  method: 'GET',
  path: '/users',
  handler: async () => {
    return sequelize.query('SELECT 1');
  },
});` },
          ],
        },
      ],
    },
    {
      name: 'require: new PrismaClient() in a GraphQL resolver map exported with module.exports',
      filename: 'handler.js',
      code: `const { PrismaClient } = require('@prisma/client');

module.exports = {
  Query: {
    users() {
      const prisma = new PrismaClient();
      return prisma.user.findMany();
    },
  },
};`,
      errors: [
        {
          messageId: 'perRequest',
          line: 6,
          column: 22,
          data: { construct: 'new PrismaClient()', scope: 'a GraphQL Query resolver', via: '', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `const { PrismaClient } = require('@prisma/client');

const prisma = new PrismaClient();
module.exports = {
  Query: {
    users() {
      return prisma.user.findMany();
    },
  },
};` },
          ],
        },
      ],
    },
    {
      name: 'require: helper called by the Lambda handler',
      filename: 'handler.js',
      code: `const { Pool } = require('pg');

async function loadUsers() {
  const pool = new Pool();
  return (await pool.query('SELECT 1')).rows;
}

exports.handler = async () => loadUsers();`,
      errors: [
        {
          messageId: 'perRequest',
          line: 4,
          column: 16,
          data: { construct: 'new Pool()', scope: 'the Lambda handler', via: ', through `loadUsers()`', what: 'pool' },
          suggestions: [
            { messageId: 'hoistToModule', output: `const { Pool } = require('pg');

const pool = new Pool();
async function loadUsers() {
  return (await pool.query('SELECT 1')).rows;
}

exports.handler = async () => loadUsers();` },
          ],
        },
      ],
    },
    {
      name: 'require: loop over SQS records in module.exports.handler',
      filename: 'handler.js',
      code: `const { Pool } = require('pg');

module.exports.handler = async event => {
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
            { messageId: 'hoistToModule', output: `const { Pool } = require('pg');

const pool = new Pool();
module.exports.handler = async event => {
  for (const record of event.Records) {
    await pool.query('INSERT INTO events (body) VALUES ($1)', [record.body]);
  }
};` },
          ],
        },
      ],
    },
    {
      name: 'require: constructor builds mysql.createPool()',
      filename: 'handler.js',
      code: `const mysql = require('mysql2/promise');

class Repository {
  constructor() {
    this.pool = mysql.createPool({ host: 'db' });
  }
}

module.exports = { Repository };`,
      errors: [
        {
          messageId: 'perInstance',
          line: 5,
          column: 17,
          data: { construct: 'mysql.createPool()', className: 'Repository', scope: '', what: 'pool' },
          suggestions: [
            { messageId: 'constructorParameter', output: `const mysql = require('mysql2/promise');

class Repository {
  constructor(pool) {
    this.pool = pool;
  }
}

module.exports = { Repository };` },
          ],
        },
      ],
    },
    {
      name: 'require: class field initialiser',
      filename: 'handler.js',
      code: `const { Pool } = require('pg');

class Repository {
  pool = new Pool();
}

module.exports = Repository;`,
      errors: [
        {
          messageId: 'perInstance',
          line: 4,
          column: 10,
          data: { construct: 'new Pool()', className: 'Repository', scope: '', what: 'pool' },
          suggestions: [],
        },
      ],
    },
  ],
});
