/**
 * no-leaked-connection, one leaking and one safe form per driver of src/drivers.
 * Pools are bound to names the name heuristic does not match (`db`, `resources`, `mongo` …), so
 * every report here comes from the tracked import/require, not from the `pool` name fallback.
 */
import rule from '../../src/rules/no-leaked-connection';
import { jsRuleTester, ruleTester } from '../rule-tester';

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    {
      name: 'pg: default import, pg.Pool, release in finally',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'pg: ROLLBACK in catch, release in finally',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'pg-pool: release in finally',
      code: `import Pool from 'pg-pool';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
    },
    {
      name: '@neondatabase/serverless: default import, release in finally',
      code: `import neon from '@neondatabase/serverless';
const db = new neon.Pool({ connectionString: '' });
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
    },
    {
      name: '@vercel/postgres: sql.connect() released in finally',
      code: `import vercel from '@vercel/postgres';
export async function f() {
  const client = await vercel.sql.connect();
  try {
    await client.sql\`SELECT 1\`;
  } finally {
    client.release();
  }
}`,
    },
    {
      name: '@vercel/postgres: the sql tag is managed',
      code: `import vercel from '@vercel/postgres';
export async function f() {
  return vercel.sql\`SELECT 1\`;
}`,
    },
    {
      name: 'postgres.js: sql.reserve() released in finally',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  const reserved = await sql.reserve();
  try {
    await reserved\`SELECT 1\`;
  } finally {
    reserved.release();
  }
}`,
    },
    {
      name: 'postgres.js: sql.begin(cb) is managed',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  return sql.begin(async (tx) => tx\`SELECT 1\`);
}`,
    },
    {
      name: 'pg-promise: sco.done() in finally',
      code: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp('postgres://');
export async function f() {
  const sco = await db.connect();
  try {
    await sco.none('SELECT 1');
  } finally {
    sco.done();
  }
}`,
    },
    {
      name: 'pg-promise: db.task is managed',
      code: `import pgPromise from 'pg-promise';
const db = pgPromise()('postgres://');
export async function f() {
  return db.task(async (t) => t.one('SELECT 1'));
}`,
    },
    {
      name: 'mysql2/promise: getConnection released in finally',
      code: `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    await conn.query('SELECT 1');
  } finally {
    conn.release();
  }
}`,
    },
    {
      name: 'mysql2/promise: createConnection closed with end() in finally',
      code: `import mysql from 'mysql2/promise';
export async function f() {
  const conn = await mysql.createConnection({});
  try {
    await conn.query('SELECT 1');
  } finally {
    await conn.end();
  }
}`,
    },
    {
      name: 'mysql2/promise: await using on a pooled connection',
      code: `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  await using conn = await db.getConnection();
  await conn.query('SELECT 1');
}`,
    },
    {
      name: 'mariadb: pooled end() in finally is a release',
      code: `import mariadb from 'mariadb';
const db = mariadb.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    return await conn.query('SELECT 1');
  } finally {
    await conn.end();
  }
}`,
    },
    {
      name: 'generic-pool: pool.release(r) in finally',
      code: `import genericPool from 'generic-pool';
const resources = genericPool.createPool({ create: async () => ({}), destroy: async () => {} });
export async function f() {
  const r = await resources.acquire();
  try {
    await work(r);
  } finally {
    await resources.release(r);
  }
}`,
    },
    {
      name: 'generic-pool: pool.use(fn) is managed',
      code: `import genericPool from 'generic-pool';
const resources = genericPool.createPool({ create: async () => ({}), destroy: async () => {} });
export async function f() {
  return resources.use((r) => work(r));
}`,
    },
    {
      name: 'tarn: acquire().promise released in finally',
      code: `import tarn from 'tarn';
const resources = new tarn.Pool({ create: () => ({}), destroy: () => {}, min: 0, max: 1 });
export async function f() {
  const r = await resources.acquire().promise;
  try {
    await work(r);
  } finally {
    resources.release(r);
  }
}`,
    },
    {
      name: 'typeorm: createQueryRunner released in finally',
      code: `import { DataSource } from 'typeorm';
const ds = new DataSource({} as never);
export async function f() {
  const qr = ds.createQueryRunner();
  try {
    await qr.connect();
    await qr.query('SELECT 1');
  } finally {
    await qr.release();
  }
}`,
    },
    {
      name: 'typeorm: parameter typed DataSource through import type, released in finally',
      code: `import type { DataSource } from 'typeorm';
export async function f(source: DataSource) {
  const runner = source.createQueryRunner();
  try {
    await runner.startTransaction();
    await runner.commitTransaction();
  } finally {
    await runner.release();
  }
}`,
    },
    {
      name: 'typeorm: await using a QueryRunner',
      code: `import type { DataSource } from 'typeorm';
export async function f(source: DataSource) {
  await using runner = source.createQueryRunner();
  await runner.query('SELECT 1');
}`,
    },
    {
      name: 'typeorm: dataSource.transaction(cb) is managed',
      code: `import { DataSource } from 'typeorm';
const ds = new DataSource({} as never);
export async function f() {
  return ds.transaction(async (manager) => manager.query('SELECT 1'));
}`,
    },
    {
      name: 'knex: releaseConnection in finally',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  const conn = await db.client.acquireConnection();
  try {
    await db.raw('SELECT 1').connection(conn);
  } finally {
    await db.client.releaseConnection(conn);
  }
}`,
    },
    {
      name: 'oracledb: pool connection closed in finally',
      code: `import oracledb from 'oracledb';
const ora = await oracledb.createPool({});
export async function f() {
  const conn = await ora.getConnection();
  try {
    await conn.execute('SELECT 1 FROM dual');
  } finally {
    await conn.close();
  }
}`,
    },
    {
      name: 'oracledb: stand-alone getConnection(cfg) closed in finally',
      code: `import oracledb from 'oracledb';
export async function f(cfg: object) {
  const conn = await oracledb.getConnection(cfg);
  try {
    await conn.execute('SELECT 1 FROM dual');
  } finally {
    await conn.close();
  }
}`,
    },
    {
      name: 'oracledb: await using a stand-alone connection',
      code: `import oracledb from 'oracledb';
export async function f(cfg: object) {
  await using conn = await oracledb.getConnection(cfg);
  await conn.execute('SELECT 1 FROM dual');
}`,
    },
    {
      name: 'mongodb: endSession in finally',
      code: `import mongodb from 'mongodb';
const mongo = new mongodb.MongoClient('mongodb://localhost');
export async function f() {
  const session = mongo.startSession();
  try {
    await session.withTransaction(async () => {});
  } finally {
    await session.endSession();
  }
}`,
    },
    {
      name: 'mongodb: await using a session',
      code: `import mongodb from 'mongodb';
const mongo = new mongodb.MongoClient('mongodb://localhost');
export async function f() {
  await using session = mongo.startSession();
  await session.withTransaction(async () => {});
}`,
    },
    {
      name: 'mongoose: mongoose.startSession() ended in finally',
      code: `import mongoose from 'mongoose';
export async function f() {
  const session = await mongoose.startSession();
  try {
    await session.withTransaction(async () => {});
  } finally {
    await session.endSession();
  }
}`,
    },
    {
      name: 'pg: stand-alone Client ended in finally',
      code: `import pg from 'pg';
export async function f() {
  const client = new pg.Client();
  await client.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    await client.end();
  }
}`,
    },
    {
      name: 'pg: named import { Pool }, release in finally',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'mssql: named import { ConnectionPool }, connect() on a pool named pool is not a checkout',
      code: `import { ConnectionPool } from 'mssql';
export async function f(cfg: never) {
  const pool = new ConnectionPool(cfg);
  const connected = await pool.connect();
  return connected.request().query('SELECT 1');
}`,
    },
    {
      name: '@vercel/postgres: named import { sql }, sql.connect() released in finally',
      code: `import { sql } from '@vercel/postgres';
export async function f() {
  const client = await sql.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'sequelize: connectionManager connection released in finally',
      code: `import { Sequelize } from 'sequelize';
const orm = new Sequelize('postgres://');
export async function f() {
  const conn = await orm.connectionManager.getConnection({ type: 'read' });
  try {
    await other();
  } finally {
    await orm.connectionManager.releaseConnection(conn);
  }
}`,
    },
    {
      name: '@prisma/client: $transaction(cb) is managed',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  return prisma.$transaction(async (tx) => tx.user.findMany());
}`,
    },
    {
      name: 'mariadb: await using a pooled connection',
      code: `import mariadb from 'mariadb';
const db = mariadb.createPool({});
export async function f() {
  await using conn = await db.getConnection();
  await conn.query('SELECT 1');
}`,
    },
    {
      name: 'oracledb: await using a pool connection',
      code: `import oracledb from 'oracledb';
const ora = await oracledb.createPool({});
export async function f() {
  await using conn = await ora.getConnection();
  await conn.execute('SELECT 1 FROM dual');
}`,
    },
    {
      name: 'mysql2/promise: await using a stand-alone createConnection',
      code: `import mysql from 'mysql2/promise';
export async function f() {
  await using conn = await mysql.createConnection({});
  await conn.query('SELECT 1');
}`,
    },
    // ----- applied suggestions: the outputs of the invalid cases below, on which the rule is silent -----
    {
      name: 'applied suggestion: mariadb: released only on success, result hoisted by the fix',
      code: `import mariadb from 'mariadb';
const db = mariadb.createPool({});
export async function f() {
  const conn = await db.getConnection();
  let rows;
  try {
    rows = await conn.query('SELECT 1');
  } finally {
    await conn.release();
  }
  return rows;
}`,
    },
    {
      name: 'applied suggestion: typeorm: parameter typed DataSource through import type, never released',
      code: `import type { DataSource } from 'typeorm';
export async function f(source: DataSource) {
  const runner = source.createQueryRunner();
  try {
    await runner.startTransaction();
  } finally {
    await runner.release();
  }
}`,
    },
    {
      name: 'applied suggestion: mongoose: mongoose.startSession() ended only on success',
      code: `import mongoose from 'mongoose';
export async function f() {
  const session = await mongoose.startSession();
  try {
    session.startTransaction();
    await session.commitTransaction();
  } finally {
    await session.endSession();
  }
}`,
    },
    {
      name: 'applied suggestion: mongoose: session of a createConnection() never ended',
      code: `import mongoose from 'mongoose';
const conn = mongoose.createConnection('mongodb://localhost');
export async function f() {
  const session = await conn.startSession();
  try {
    await session.commitTransaction();
  } finally {
    await session.endSession();
  }
}`,
    },
    {
      name: 'applied suggestion: pg: namespace import, pg.Pool never released',
      code: `import * as pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'applied suggestion: pg: named import { Client }, stand-alone client never ended',
      code: `import { Client } from 'pg';
export async function f() {
  const client = new Client();
  await client.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    await client.end();
  }
}`,
    },
    {
      name: 'applied suggestion: @neondatabase/serverless: named import { Pool }, never released',
      code: `import { Pool } from '@neondatabase/serverless';
const db = new Pool({ connectionString: '' });
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'applied suggestion: mongodb: named import { MongoClient }, session never ended',
      code: `import { MongoClient } from 'mongodb';
const mongo = new MongoClient('mongodb://localhost');
export async function f() {
  const session = mongo.startSession();
  try {
    await session.commitTransaction();
  } finally {
    await session.endSession();
  }
}`,
    },
    {
      name: 'applied suggestion: mariadb: never released, suggestion releases with await conn.release()',
      code: `import mariadb from 'mariadb';
const db = mariadb.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    await conn.query('SELECT 1');
  } finally {
    await conn.release();
  }
}`,
    },
    {
      name: 'applied suggestion: generic-pool: never released, suggestion releases with await resources.release(r)',
      code: `import genericPool from 'generic-pool';
const resources = genericPool.createPool({ create: async () => ({}), destroy: async () => {} });
export async function f() {
  const r = await resources.acquire();
  try {
    await r.ping();
  } finally {
    await resources.release(r);
  }
}`,
    },
    {
      name: 'applied suggestion: tarn: never released, suggestion releases with resources.release(r)',
      code: `import { Pool } from 'tarn';
const resources = new Pool({ create: () => ({}), destroy: () => {}, min: 0, max: 1 });
export async function f() {
  const r = await resources.acquire().promise;
  try {
    await r.ping();
  } finally {
    resources.release(r);
  }
}`,
    },
    {
      name: 'applied suggestion: knex: acquireConnection never released, suggestion releases with await db.client.releaseConnection(conn)',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  const conn = await db.client.acquireConnection();
  try {
    await conn.query('SELECT 1');
  } finally {
    await db.client.releaseConnection(conn);
  }
}`,
    },
    {
      name: 'applied suggestion: sequelize: never released, suggestion releases with await orm.connectionManager.releaseConnection(conn)',
      code: `import { Sequelize } from 'sequelize';
const orm = new Sequelize('postgres://');
export async function f() {
  const conn = await orm.connectionManager.getConnection({ type: 'read' });
  try {
    await conn.query('SELECT 1');
  } finally {
    await orm.connectionManager.releaseConnection(conn);
  }
}`,
    },
    {
      name: 'applied suggestion: pg: stand-alone Client, statements before connect() stay outside the wrap',
      code: `import pg from 'pg';
export async function f(cfg: object) {
  const client = new pg.Client(cfg);
  client.on('error', () => {});
  await client.connect();
  let res;
  try {
    res = await client.query('SELECT 1');
  } finally {
    await client.end();
  }
  return res.rows;
}`,
    },
  ],
  invalid: [
    {
      name: 'pg: default import, pg.Pool, released only on success',
      code: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  await client.query('SELECT 1');
  client.release();
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 4,
          column: 24,
          data: { handle: 'client', call: '`client.query()`', line: '5' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              data: { handle: 'client' },
              output: `import pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'pg-pool: never released',
      code: `import Pool from 'pg-pool';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  await client.query('SELECT 1');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4, data: { handle: 'client', releaseCall: '`client.release()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import Pool from 'pg-pool';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: '@neondatabase/serverless: never released',
      code: `import neon from '@neondatabase/serverless';
const db = new neon.Pool({ connectionString: '' });
export async function f() {
  const client = await db.connect();
  await client.query('SELECT 1');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4,
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import neon from '@neondatabase/serverless';
const db = new neon.Pool({ connectionString: '' });
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: '@vercel/postgres: sql.connect() never released',
      code: `import vercel from '@vercel/postgres';
export async function f() {
  const client = await vercel.sql.connect();
  await client.sql\`SELECT 1\`;
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 3, data: { handle: 'client', releaseCall: '`client.release()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import vercel from '@vercel/postgres';
export async function f() {
  const client = await vercel.sql.connect();
  try {
    await client.sql\`SELECT 1\`;
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: '@vercel/postgres: new VercelPool() (the class behind createPool), connect() never released',
      code: `import { VercelPool } from '@vercel/postgres';
const db = new VercelPool();
export async function f() {
  const client = await db.connect();
  await client.query('SELECT 1');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4, data: { handle: 'client', releaseCall: '`client.release()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import { VercelPool } from '@vercel/postgres';
const db = new VercelPool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'postgres.js: reserve() released only on success',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  const reserved = await sql.reserve();
  await reserved\`SELECT 1\`;
  reserved.release();
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 4,
          // A tagged-template query is named by its tag, without nested backticks.
          data: { handle: 'reserved', call: 'the `reserved` query', line: '5' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  const reserved = await sql.reserve();
  try {
    await reserved\`SELECT 1\`;
  } finally {
    reserved.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'pg-promise: sco.done() only on success',
      code: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp('postgres://');
export async function f() {
  const sco = await db.connect();
  await sco.none('SELECT 1');
  sco.done();
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 5,
          data: { handle: 'sco', call: '`sco.none()`', line: '6' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp('postgres://');
export async function f() {
  const sco = await db.connect();
  try {
    await sco.none('SELECT 1');
  } finally {
    sco.done();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'pg-promise: discarded db.connect()',
      code: `import pgPromise from 'pg-promise';
const db = pgPromise()('postgres://');
export async function f() {
  await db.connect();
}`,
      errors: [{ messageId: 'discarded', line: 4, data: { handle: 'db.connect()' } }],
    },
    {
      name: 'mysql2/promise: getConnection released only on success',
      code: `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  const conn = await db.getConnection();
  await conn.query('SELECT 1');
  conn.release();
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 4,
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    await conn.query('SELECT 1');
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'mysql2/promise: discarded getConnection()',
      code: `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  await db.getConnection();
}`,
      errors: [{ messageId: 'discarded', line: 4, data: { handle: 'db.getConnection()' } }],
    },
    {
      name: 'mysql2/promise: stand-alone createConnection ended only on success',
      code: `import mysql from 'mysql2/promise';
export async function f() {
  const conn = await mysql.createConnection({});
  await conn.query('SELECT 1');
  await conn.end();
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 3,
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import mysql from 'mysql2/promise';
export async function f() {
  const conn = await mysql.createConnection({});
  try {
    await conn.query('SELECT 1');
  } finally {
    await conn.end();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'mariadb: released only on success, result hoisted by the fix',
      code: `import mariadb from 'mariadb';
const db = mariadb.createPool({});
export async function f() {
  const conn = await db.getConnection();
  const rows = await conn.query('SELECT 1');
  await conn.release();
  return rows;
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 4,
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import mariadb from 'mariadb';
const db = mariadb.createPool({});
export async function f() {
  const conn = await db.getConnection();
  let rows;
  try {
    rows = await conn.query('SELECT 1');
  } finally {
    await conn.release();
  }
  return rows;
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'generic-pool: pool.release(r) only on success',
      code: `import genericPool from 'generic-pool';
const resources = genericPool.createPool({ create: async () => ({}), destroy: async () => {} });
export async function f() {
  const r = await resources.acquire();
  await work(r);
  await resources.release(r);
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 4,
          data: { handle: 'r', call: '`work()`', line: '5' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import genericPool from 'generic-pool';
const resources = genericPool.createPool({ create: async () => ({}), destroy: async () => {} });
export async function f() {
  const r = await resources.acquire();
  try {
    await work(r);
  } finally {
    await resources.release(r);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'tarn: acquire().promise released only on success',
      code: `import tarn from 'tarn';
const resources = new tarn.Pool({ create: () => ({}), destroy: () => {}, min: 0, max: 1 });
export async function f() {
  const r = await resources.acquire().promise;
  await work(r);
  resources.release(r);
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 4,
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import tarn from 'tarn';
const resources = new tarn.Pool({ create: () => ({}), destroy: () => {}, min: 0, max: 1 });
export async function f() {
  const r = await resources.acquire().promise;
  try {
    await work(r);
  } finally {
    resources.release(r);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'typeorm: query runner released only on success (the first query may throw once connected)',
      code: `import { DataSource } from 'typeorm';
const ds = new DataSource({} as never);
export async function f() {
  const qr = ds.createQueryRunner();
  await qr.connect();
  await qr.query('SELECT 1');
  await qr.release();
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 4,
          data: { handle: 'qr', call: '`qr.query()`', line: '6' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import { DataSource } from 'typeorm';
const ds = new DataSource({} as never);
export async function f() {
  const qr = ds.createQueryRunner();
  try {
    await qr.connect();
    await qr.query('SELECT 1');
  } finally {
    await qr.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'typeorm: parameter typed DataSource through import type, never released',
      code: `import type { DataSource } from 'typeorm';
export async function f(source: DataSource) {
  const runner = source.createQueryRunner();
  await runner.startTransaction();
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 3, data: { handle: 'runner', releaseCall: '`runner.release()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import type { DataSource } from 'typeorm';
export async function f(source: DataSource) {
  const runner = source.createQueryRunner();
  try {
    await runner.startTransaction();
  } finally {
    await runner.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'knex: releaseConnection only on success',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  const conn = await db.client.acquireConnection();
  await db.raw('SELECT 1').connection(conn);
  await db.client.releaseConnection(conn);
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 4,
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  const conn = await db.client.acquireConnection();
  try {
    await db.raw('SELECT 1').connection(conn);
  } finally {
    await db.client.releaseConnection(conn);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'oracledb: pool connection never closed',
      code: `import oracledb from 'oracledb';
const ora = await oracledb.createPool({});
export async function f() {
  const conn = await ora.getConnection();
  await conn.execute('SELECT 1 FROM dual');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4, data: { handle: 'conn', releaseCall: '`conn.close()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import oracledb from 'oracledb';
const ora = await oracledb.createPool({});
export async function f() {
  const conn = await ora.getConnection();
  try {
    await conn.execute('SELECT 1 FROM dual');
  } finally {
    await conn.close();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'oracledb: stand-alone getConnection(cfg) closed only on success',
      code: `import oracledb from 'oracledb';
export async function f(cfg: object) {
  const conn = await oracledb.getConnection(cfg);
  await conn.execute('SELECT 1 FROM dual');
  await conn.close();
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 3,
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import oracledb from 'oracledb';
export async function f(cfg: object) {
  const conn = await oracledb.getConnection(cfg);
  try {
    await conn.execute('SELECT 1 FROM dual');
  } finally {
    await conn.close();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'mongodb: endSession only on success',
      code: `import mongodb from 'mongodb';
const mongo = new mongodb.MongoClient('mongodb://localhost');
export async function f() {
  const session = mongo.startSession();
  await session.withTransaction(async () => {});
  await session.endSession();
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 4,
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import mongodb from 'mongodb';
const mongo = new mongodb.MongoClient('mongodb://localhost');
export async function f() {
  const session = mongo.startSession();
  try {
    await session.withTransaction(async () => {});
  } finally {
    await session.endSession();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'mongoose: mongoose.startSession() ended only on success',
      code: `import mongoose from 'mongoose';
export async function f() {
  const session = await mongoose.startSession();
  session.startTransaction();
  await session.commitTransaction();
  await session.endSession();
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 3,
          data: { handle: 'session', call: '`session.commitTransaction()`', line: '5' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import mongoose from 'mongoose';
export async function f() {
  const session = await mongoose.startSession();
  try {
    session.startTransaction();
    await session.commitTransaction();
  } finally {
    await session.endSession();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'mongoose: session of a createConnection() never ended',
      code: `import mongoose from 'mongoose';
const conn = mongoose.createConnection('mongodb://localhost');
export async function f() {
  const session = await conn.startSession();
  await session.commitTransaction();
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4, data: { handle: 'session', releaseCall: '`session.endSession()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import mongoose from 'mongoose';
const conn = mongoose.createConnection('mongodb://localhost');
export async function f() {
  const session = await conn.startSession();
  try {
    await session.commitTransaction();
  } finally {
    await session.endSession();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'pg: stand-alone Client never ended (reported at client.connect())',
      code: `import pg from 'pg';
export async function f() {
  const client = new pg.Client();
  await client.connect();
  await client.query('SELECT 1');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4, column: 9, data: { handle: 'client', releaseCall: '`client.end()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import pg from 'pg';
export async function f() {
  const client = new pg.Client();
  await client.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    await client.end();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'pg: stand-alone Client ended only on success',
      code: `import pg from 'pg';
export async function f() {
  const client = new pg.Client();
  await client.connect();
  await client.query('SELECT 1');
  await client.end();
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess', line: 4, column: 9, data: { handle: 'client', call: '`client.query()`', line: '5' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import pg from 'pg';
export async function f() {
  const client = new pg.Client();
  await client.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    await client.end();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'pg: named import { Pool }, never released',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  await client.query('SELECT 1');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4, data: { handle: 'client', releaseCall: '`client.release()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'pg: namespace import, pg.Pool never released',
      code: `import * as pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  await client.query('SELECT 1');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4, data: { handle: 'client', releaseCall: '`client.release()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import * as pg from 'pg';
const db = new pg.Pool();
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'pg: named import { Client }, stand-alone client never ended',
      code: `import { Client } from 'pg';
export async function f() {
  const client = new Client();
  await client.connect();
  await client.query('SELECT 1');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4, column: 9, data: { handle: 'client', releaseCall: '`client.end()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import { Client } from 'pg';
export async function f() {
  const client = new Client();
  await client.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    await client.end();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: '@neondatabase/serverless: named import { Pool }, never released',
      code: `import { Pool } from '@neondatabase/serverless';
const db = new Pool({ connectionString: '' });
export async function f() {
  const client = await db.connect();
  await client.query('SELECT 1');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4, data: { handle: 'client', releaseCall: '`client.release()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import { Pool } from '@neondatabase/serverless';
const db = new Pool({ connectionString: '' });
export async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: '@vercel/postgres: named import { sql }, sql.connect() never released',
      code: `import { sql } from '@vercel/postgres';
export async function f() {
  const client = await sql.connect();
  await client.query('SELECT 1');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 3, data: { handle: 'client', releaseCall: '`client.release()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import { sql } from '@vercel/postgres';
export async function f() {
  const client = await sql.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'mysql2/promise: named import { createPool }, discarded getConnection()',
      code: `import { createPool } from 'mysql2/promise';
const db = createPool({});
export async function f() {
  await db.getConnection();
}`,
      errors: [{ messageId: 'discarded', line: 4, data: { handle: 'db.getConnection()' } }],
    },
    {
      name: 'generic-pool: named import { createPool }, never released',
      code: `import { createPool } from 'generic-pool';
const resources = createPool({ create: async () => ({}), destroy: async () => {} });
export async function f() {
  const r = await resources.acquire();
  await doSomethingElse();
}`,
      errors: [{ messageId: 'neverReleased', line: 4, data: { handle: 'r', releaseCall: '`resources.release(r)`' } }],
    },
    {
      name: 'tarn: named import { Pool }, never released',
      code: `import { Pool } from 'tarn';
const resources = new Pool({ create: () => ({}), destroy: () => {}, min: 0, max: 1 });
export async function f() {
  const r = await resources.acquire().promise;
  await doSomethingElse();
}`,
      errors: [{ messageId: 'neverReleased', line: 4, data: { handle: 'r', releaseCall: '`resources.release(r)`' } }],
    },
    {
      name: 'mongodb: named import { MongoClient }, session never ended',
      code: `import { MongoClient } from 'mongodb';
const mongo = new MongoClient('mongodb://localhost');
export async function f() {
  const session = mongo.startSession();
  await session.commitTransaction();
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4, data: { handle: 'session', releaseCall: '`session.endSession()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import { MongoClient } from 'mongodb';
const mongo = new MongoClient('mongodb://localhost');
export async function f() {
  const session = mongo.startSession();
  try {
    await session.commitTransaction();
  } finally {
    await session.endSession();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'sequelize: connectionManager connection never released',
      code: `import { Sequelize } from 'sequelize';
const orm = new Sequelize('postgres://');
export async function f() {
  const conn = await orm.connectionManager.getConnection({ type: 'read' });
  await other();
}`,
      errors: [{ messageId: 'neverReleased', line: 4, data: { handle: 'conn', releaseCall: '`orm.connectionManager.releaseConnection(conn)`' } }],
    },
    // ----- never released: the suggestion writes each driver's own release form -----
    {
      name: 'postgres.js: reserve() never released, suggestion releases with reserved.release()',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  const reserved = await sql.reserve();
  await reserved\`SELECT 1\`;
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4, data: { handle: 'reserved', releaseCall: '`reserved.release()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  const reserved = await sql.reserve();
  try {
    await reserved\`SELECT 1\`;
  } finally {
    reserved.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'mysql2/promise: getConnection never released, suggestion releases with conn.release()',
      code: `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  const conn = await db.getConnection();
  await conn.query('SELECT 1');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4, data: { handle: 'conn', releaseCall: '`conn.release()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    await conn.query('SELECT 1');
  } finally {
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'mysql2/promise: stand-alone createConnection never ended, suggestion ends it with await conn.end()',
      code: `import mysql from 'mysql2/promise';
export async function f() {
  const conn = await mysql.createConnection({});
  await conn.query('SELECT 1');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 3, data: { handle: 'conn', releaseCall: '`conn.end()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import mysql from 'mysql2/promise';
export async function f() {
  const conn = await mysql.createConnection({});
  try {
    await conn.query('SELECT 1');
  } finally {
    await conn.end();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'mariadb: never released, suggestion releases with await conn.release()',
      code: `import mariadb from 'mariadb';
const db = mariadb.createPool({});
export async function f() {
  const conn = await db.getConnection();
  await conn.query('SELECT 1');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4, data: { handle: 'conn', releaseCall: '`conn.release()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import mariadb from 'mariadb';
const db = mariadb.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    await conn.query('SELECT 1');
  } finally {
    await conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'oracledb: stand-alone getConnection(cfg) never closed, suggestion closes it with await conn.close()',
      code: `import oracledb from 'oracledb';
export async function f(cfg: object) {
  const conn = await oracledb.getConnection(cfg);
  await conn.execute('SELECT 1 FROM dual');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 3, data: { handle: 'conn', releaseCall: '`conn.close()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import oracledb from 'oracledb';
export async function f(cfg: object) {
  const conn = await oracledb.getConnection(cfg);
  try {
    await conn.execute('SELECT 1 FROM dual');
  } finally {
    await conn.close();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'generic-pool: never released, suggestion releases with await resources.release(r)',
      code: `import genericPool from 'generic-pool';
const resources = genericPool.createPool({ create: async () => ({}), destroy: async () => {} });
export async function f() {
  const r = await resources.acquire();
  await r.ping();
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4, data: { handle: 'r', releaseCall: '`resources.release(r)`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import genericPool from 'generic-pool';
const resources = genericPool.createPool({ create: async () => ({}), destroy: async () => {} });
export async function f() {
  const r = await resources.acquire();
  try {
    await r.ping();
  } finally {
    await resources.release(r);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'tarn: never released, suggestion releases with resources.release(r)',
      code: `import { Pool } from 'tarn';
const resources = new Pool({ create: () => ({}), destroy: () => {}, min: 0, max: 1 });
export async function f() {
  const r = await resources.acquire().promise;
  await r.ping();
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4, data: { handle: 'r', releaseCall: '`resources.release(r)`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import { Pool } from 'tarn';
const resources = new Pool({ create: () => ({}), destroy: () => {}, min: 0, max: 1 });
export async function f() {
  const r = await resources.acquire().promise;
  try {
    await r.ping();
  } finally {
    resources.release(r);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'knex: acquireConnection never released, suggestion releases with await db.client.releaseConnection(conn)',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  const conn = await db.client.acquireConnection();
  await conn.query('SELECT 1');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4, data: { handle: 'conn', releaseCall: '`db.client.releaseConnection(conn)`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  const conn = await db.client.acquireConnection();
  try {
    await conn.query('SELECT 1');
  } finally {
    await db.client.releaseConnection(conn);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'sequelize: never released, suggestion releases with await orm.connectionManager.releaseConnection(conn)',
      code: `import { Sequelize } from 'sequelize';
const orm = new Sequelize('postgres://');
export async function f() {
  const conn = await orm.connectionManager.getConnection({ type: 'read' });
  await conn.query('SELECT 1');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4, data: { handle: 'conn', releaseCall: '`orm.connectionManager.releaseConnection(conn)`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import { Sequelize } from 'sequelize';
const orm = new Sequelize('postgres://');
export async function f() {
  const conn = await orm.connectionManager.getConnection({ type: 'read' });
  try {
    await conn.query('SELECT 1');
  } finally {
    await orm.connectionManager.releaseConnection(conn);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'pg: stand-alone Client, statements before connect() stay outside the wrap',
      code: `import pg from 'pg';
export async function f(cfg: object) {
  const client = new pg.Client(cfg);
  client.on('error', () => {});
  await client.connect();
  const res = await client.query('SELECT 1');
  return res.rows;
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 5, column: 9, data: { handle: 'client', releaseCall: '`client.end()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `import pg from 'pg';
export async function f(cfg: object) {
  const client = new pg.Client(cfg);
  client.on('error', () => {});
  await client.connect();
  let res;
  try {
    res = await client.query('SELECT 1');
  } finally {
    await client.end();
  }
  return res.rows;
}`,
            },
          ],
        },
      ],
    },
    // ----- await using on handles that are not disposable -----
    {
      name: 'postgres.js: await using a reserved connection is not a release',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  await using reserved = await sql.reserve();
  await reserved\`SELECT 1\`;
}`,
      errors: [{ messageId: 'notDisposable', line: 4, data: { handle: 'reserved', driver: 'postgres' } }],
    },
    {
      name: 'knex: await using an acquired connection is not a release',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function f() {
  await using conn = await db.client.acquireConnection();
  await db.raw('SELECT 1').connection(conn);
}`,
      errors: [{ messageId: 'notDisposable', line: 4, data: { handle: 'conn', driver: 'knex' } }],
    },
    {
      name: 'pg-promise: await using sco is not a release',
      code: `import pgPromise from 'pg-promise';
const db = pgPromise()('postgres://');
export async function f() {
  await using sco = await db.connect();
  await sco.none('SELECT 1');
}`,
      errors: [{ messageId: 'notDisposable', line: 4, data: { handle: 'sco', driver: 'pg-promise' } }],
    },
    {
      name: 'mysql (not mysql2): await using a stand-alone connection is not a release',
      code: `import mysql from 'mysql';
export async function f() {
  await using conn = mysql.createConnection({});
  conn.query('SELECT 1');
}`,
      errors: [{ messageId: 'notDisposable', line: 3, data: { handle: 'conn', driver: 'mysql' } }],
    },
    {
      name: 'generic-pool: await using a resource is not a release',
      code: `import genericPool from 'generic-pool';
const resources = genericPool.createPool({ create: async () => ({}), destroy: async () => {} });
export async function f() {
  await using r = await resources.acquire();
  await r.ping();
}`,
      errors: [{ messageId: 'notDisposable', line: 4, data: { handle: 'r', driver: 'generic-pool' } }],
    },
    {
      name: 'tarn: await using a resource is not a release',
      code: `import { Pool } from 'tarn';
const resources = new Pool({ create: () => ({}), destroy: () => {}, min: 0, max: 1 });
export async function f() {
  await using r = await resources.acquire().promise;
  await r.ping();
}`,
      errors: [{ messageId: 'notDisposable', line: 4, data: { handle: 'r', driver: 'tarn' } }],
    },
    {
      name: 'sequelize: await using a connectionManager connection is not a release',
      code: `import { Sequelize } from 'sequelize';
const orm = new Sequelize('postgres://');
export async function f() {
  await using conn = await orm.connectionManager.getConnection({ type: 'read' });
  await conn.query('SELECT 1');
}`,
      errors: [{ messageId: 'notDisposable', line: 4, data: { handle: 'conn', driver: 'sequelize' } }],
    },
    {
      name: '@neondatabase/serverless: await using a pool client is not a release',
      code: `import { Pool } from '@neondatabase/serverless';
const db = new Pool({ connectionString: '' });
export async function f() {
  await using client = await db.connect();
  await client.query('SELECT 1');
}`,
      errors: [{ messageId: 'notDisposable', line: 4, data: { handle: 'client', driver: '@neondatabase/serverless' } }],
    },
  ],
});

jsRuleTester.run('no-leaked-connection (CommonJS)', rule, {
  valid: [
    {
      name: "require('pg'): destructured Pool, release in finally",
      code: `const { Pool } = require('pg');
const db = new Pool();
async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'mysql2 callback getConnection: released on every path of the nested callback',
      code: `const mysql = require('mysql2');
const db = mysql.createPool({});
function f(cb) {
  db.getConnection((err, conn) => {
    if (err) return cb(err);
    conn.query('SELECT 1', (err2, rows) => {
      conn.release();
      if (err2) return cb(err2);
      cb(null, rows);
    });
  });
}`,
    },
    {
      name: 'mysql callback getConnection: released before the callback returns',
      code: `const mysql = require('mysql');
const db = mysql.createPool({});
function f(cb) {
  db.getConnection(function (err, connection) {
    if (err) return cb(err);
    connection.query('SELECT 1', function (error, rows) {
      connection.release();
      cb(error, rows);
    });
  });
}`,
    },
    {
      name: 'mysql callback: transaction with release on every nested path',
      code: `const mysql = require('mysql');
const db = mysql.createPool({});
function f(cb) {
  db.getConnection(function (err, conn) {
    if (err) return cb(err);
    conn.beginTransaction(function (err1) {
      if (err1) { conn.release(); return cb(err1); }
      conn.query('UPDATE t SET x = 1', function (err2) {
        if (err2) return conn.rollback(function () { conn.release(); cb(err2); });
        conn.commit(function (err3) {
          conn.release();
          cb(err3);
        });
      });
    });
  });
}`,
    },
    {
      name: "require('pg'): callback connect with done() called on every path",
      code: `const pg = require('pg');
const db = new pg.Pool();
function f(cb) {
  db.connect((err, client, done) => {
    if (err) return cb(err);
    client.query('SELECT 1', (qerr, res) => {
      done();
      cb(qerr, res);
    });
  });
}`,
    },
    {
      name: "require('pg'): done passed as the query callback",
      code: `const pg = require('pg');
const db = new pg.Pool();
function f() {
  db.connect((err, client, done) => {
    if (err) throw err;
    client.query('SELECT 1', done);
  });
}`,
    },
    {
      name: "require('pg'): pool.query with a callback is managed",
      code: `const pg = require('pg');
const db = new pg.Pool();
function f(cb) {
  db.query('SELECT 1', (err, res) => cb(err, res));
}`,
    },
    // ----- applied suggestions: the outputs of the invalid cases below, on which the rule is silent -----
    {
      name: "applied suggestion: require('@vercel/postgres'): destructured sql, sql.connect() never released",
      code: `const { sql } = require('@vercel/postgres');
async function f() {
  const client = await sql.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
    },
    {
      name: "applied suggestion: require('pg'): pg.Pool never released",
      code: `const pg = require('pg');
const db = new pg.Pool();
async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
    },
    {
      name: "applied suggestion: require('pg'): destructured Client never ended",
      code: `const { Client } = require('pg');
async function f() {
  const client = new Client();
  await client.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    await client.end();
  }
}`,
    },
    {
      name: "applied suggestion: require('pg-promise')(): db.connect() never done",
      code: `const pgp = require('pg-promise')();
const db = pgp('postgres://');
async function f() {
  const sco = await db.connect();
  try {
    await sco.none('SELECT 1');
  } finally {
    sco.done();
  }
}`,
    },
    {
      name: "applied suggestion: require('mongodb'): destructured MongoClient, session never ended",
      code: `const { MongoClient } = require('mongodb');
const mongo = new MongoClient('mongodb://localhost');
async function f() {
  const session = mongo.startSession();
  try {
    await session.commitTransaction();
  } finally {
    await session.endSession();
  }
}`,
    },
  ],
  invalid: [
    {
      name: "require('@vercel/postgres'): destructured sql, sql.connect() never released",
      code: `const { sql } = require('@vercel/postgres');
async function f() {
  const client = await sql.connect();
  await client.query('SELECT 1');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 3, data: { handle: 'client', releaseCall: '`client.release()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `const { sql } = require('@vercel/postgres');
async function f() {
  const client = await sql.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: "require('pg'): pg.Pool never released",
      code: `const pg = require('pg');
const db = new pg.Pool();
async function f() {
  const client = await db.connect();
  await client.query('SELECT 1');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4, data: { handle: 'client', releaseCall: '`client.release()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `const pg = require('pg');
const db = new pg.Pool();
async function f() {
  const client = await db.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: "require('pg'): destructured Client never ended",
      code: `const { Client } = require('pg');
async function f() {
  const client = new Client();
  await client.connect();
  await client.query('SELECT 1');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4,
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `const { Client } = require('pg');
async function f() {
  const client = new Client();
  await client.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    await client.end();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: "require('pg-promise')(): db.connect() never done",
      code: `const pgp = require('pg-promise')();
const db = pgp('postgres://');
async function f() {
  const sco = await db.connect();
  await sco.none('SELECT 1');
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4, data: { handle: 'sco', releaseCall: '`sco.done()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `const pgp = require('pg-promise')();
const db = pgp('postgres://');
async function f() {
  const sco = await db.connect();
  try {
    await sco.none('SELECT 1');
  } finally {
    sco.done();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'mysql2 callback getConnection: error path of the nested callback skips release',
      code: `const mysql = require('mysql2');
const db = mysql.createPool({});
function f(cb) {
  db.getConnection((err, conn) => {
    if (err) return cb(err);
    conn.query('SELECT 1', (err2, rows) => {
      if (err2) return cb(err2);
      conn.release();
      cb(null, rows);
    });
  });
}`,
      errors: [{ messageId: 'callbackPath', line: 4, data: { handle: 'conn', line: '7', releaseCall: '`conn.release()`' } }],
    },
    {
      name: 'mysql2 callback getConnection: never released',
      code: `const mysql = require('mysql2');
const db = mysql.createPool({});
function f(cb) {
  db.getConnection((err, conn) => {
    if (err) return cb(err);
    conn.query('SELECT 1', cb);
  });
}`,
      errors: [{ messageId: 'neverReleased', line: 4, data: { handle: 'conn', releaseCall: '`conn.release()`' } }],
    },
    {
      name: 'mysql2 callback createConnection: stand-alone connection never ended',
      code: `const mysql = require('mysql2');
function f() {
  const conn = mysql.createConnection({});
  conn.query('SELECT 1', () => {});
}`,
      errors: [{ messageId: 'neverReleased', line: 3, data: { handle: 'conn', releaseCall: '`conn.end()`' } }],
    },
    {
      name: 'mysql callback getConnection: never released',
      code: `const mysql = require('mysql');
const db = mysql.createPool({});
function f(cb) {
  db.getConnection(function (err, connection) {
    if (err) return cb(err);
    connection.query('SELECT 1', function (error, rows) {
      cb(error, rows);
    });
  });
}`,
      errors: [{ messageId: 'neverReleased', line: 4, data: { handle: 'connection', releaseCall: '`connection.release()`' } }],
    },
    {
      name: 'mysql callback: the beginTransaction error path skips release',
      code: `const mysql = require('mysql');
const db = mysql.createPool({});
function f(cb) {
  db.getConnection(function (err, conn) {
    if (err) return cb(err);
    conn.beginTransaction(function (err1) {
      if (err1) return cb(err1);
      conn.query('UPDATE t SET x = 1', function (err2) {
        conn.release();
        cb(err2);
      });
    });
  });
}`,
      errors: [{ messageId: 'callbackPath', line: 4, data: { handle: 'conn', line: '7', releaseCall: '`conn.release()`' } }],
    },
    {
      name: 'mariadb/callback: getConnection never released',
      code: `const mariadb = require('mariadb/callback');
const db = mariadb.createPool({});
function f(cb) {
  db.getConnection((err, conn) => {
    if (err) return cb(err);
    conn.query('SELECT 1', (e, rows) => { cb(e, rows); });
  });
}`,
      errors: [{ messageId: 'neverReleased', line: 4, data: { handle: 'conn', releaseCall: '`conn.release()`' } }],
    },
    {
      name: "require('pg'): callback connect, done skipped on the query error path",
      code: `const pg = require('pg');
const db = new pg.Pool();
function f(cb) {
  db.connect((err, client, done) => {
    if (err) return cb(err);
    client.query('SELECT 1', (qerr, res) => {
      if (qerr) return cb(qerr);
      done();
      cb(null, res);
    });
  });
}`,
      errors: [{ messageId: 'callbackPath', line: 4, data: { handle: 'client', line: '7', releaseCall: '`done()`' } }],
    },
    {
      name: "require('pg'): callback connect never calls its release parameter",
      code: `const pg = require('pg');
const db = new pg.Pool();
function f() {
  db.connect((err, client, release) => {
    if (err) return;
    client.query('SELECT 1', () => {});
  });
}`,
      errors: [{ messageId: 'neverReleased', line: 4, data: { handle: 'client', releaseCall: '`release()`' } }],
    },
    {
      name: "require('tarn'): destructured Pool, acquire().promise never released",
      code: `const { Pool } = require('tarn');
const resources = new Pool({});
async function f() {
  const r = await resources.acquire().promise;
  await doSomethingElse();
}`,
      errors: [{ messageId: 'neverReleased', line: 4, data: { handle: 'r', releaseCall: '`resources.release(r)`' } }],
    },
    {
      name: "require('mongodb'): destructured MongoClient, session never ended",
      code: `const { MongoClient } = require('mongodb');
const mongo = new MongoClient('mongodb://localhost');
async function f() {
  const session = mongo.startSession();
  await session.commitTransaction();
}`,
      errors: [
        {
          messageId: 'neverReleased', line: 4, data: { handle: 'session', releaseCall: '`session.endSession()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `const { MongoClient } = require('mongodb');
const mongo = new MongoClient('mongodb://localhost');
async function f() {
  const session = mongo.startSession();
  try {
    await session.commitTransaction();
  } finally {
    await session.endSession();
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
