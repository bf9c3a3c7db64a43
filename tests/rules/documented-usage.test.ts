/**
 * Every driver's documented usage lints clean under the `recommended` rules: pool checkout and
 * release, callback forms, transactions, managed helpers and `await using` where the driver
 * supports it. The cases are written from each driver's API facts (what its documentation teaches),
 * not copied from it.
 *
 * `documented` must produce no report from any recommended rule (a documented shape reported
 * wrongly is a bug to fix in the analysis or the driver data, not an expectation).
 * `documentedLeaky` holds a documented shape that really leaks on one path; its report is right and
 * asserted with the call that throws.
 */
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src';
import { rules } from '../../src/rules';
import { jsRuleTester, ruleTester } from '../rule-tester';

type Case = { name: string; code: string; script?: boolean };

const recommended = Object.keys(plugin.configs.recommended.rules ?? {}).map(id => id.split('/').pop() as keyof typeof rules);

const documented: Case[] = [
  {
    name: '@databases/connection-pool style: release() on success, dispose() on failure',
    code: `import { pool } from './pool';
export async function use(fn) {
  const connection = await pool.getConnection();
  try {
    const result = await fn(connection.connection);
    connection.release();
    return result;
  } catch (ex) {
    connection.dispose();
    throw ex;
  }
}`,
  },
  // pg / pg-pool
  {
    name: 'pg: checkout, transaction with ROLLBACK in catch, release in finally',
    code: `import { Pool } from 'pg';
const pool = new Pool();
pool.on('error', err => console.error(err));
export async function transfer(from, to, amount) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
    await client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
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
    name: 'pg: callback checkout, release in the query callback',
    code: `const { Pool } = require('pg');
const pool = new Pool();
pool.connect((err, client, release) => {
  if (err) {
    return console.error('Error acquiring client', err.stack);
  }
  client.query('SELECT NOW()', (err, result) => {
    release();
    if (err) {
      return console.error('Error executing query', err.stack);
    }
    console.log(result.rows);
  });
});`,
    script: true,
  },
  {
    name: 'pg: pool.query helper and pool.end at shutdown',
    code: `import pg from 'pg';
const pool = new pg.Pool({ max: 20, idleTimeoutMillis: 30000, connectionTimeoutMillis: 2000 });
export async function now() {
  const res = await pool.query('SELECT NOW()');
  return res.rows[0];
}
export async function shutdown() {
  await pool.end();
}`,
  },
  {
    name: 'pg: stand-alone Client connected and ended',
    code: `import { Client } from 'pg';
export async function once() {
  const client = new Client();
  await client.connect();
  try {
    const res = await client.query('SELECT $1::text as message', ['Hello world!']);
    return res.rows[0].message;
  } finally {
    await client.end();
  }
}`,
  },
  {
    name: 'pg: release(err) destroys a client in a bad state',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function run(sql) {
  const client = await pool.connect();
  let failure;
  try {
    return await client.query(sql);
  } catch (e) {
    failure = e;
    throw e;
  } finally {
    client.release(failure);
  }
}`,
  },
  {
    name: 'pg-pool: stand-alone pool, checkout and release',
    code: `import Pool from 'pg-pool';
const pool = new Pool({ database: 'postgres', max: 10 });
export async function one() {
  const client = await pool.connect();
  try {
    return (await client.query('select $1::text as name', ['pg-pool'])).rows;
  } finally {
    client.release();
  }
}`,
  },
  // @neondatabase/serverless
  {
    name: '@neondatabase/serverless: Pool created, used and ended inside a Workers handler',
    code: `import { Pool } from '@neondatabase/serverless';
export default {
  async fetch(request, env, ctx) {
    const pool = new Pool({ connectionString: env.DATABASE_URL });
    const { rows } = await pool.query('SELECT * FROM posts WHERE id = $1', [1]);
    ctx.waitUntil(pool.end());
    return new Response(JSON.stringify(rows));
  },
};`,
  },
  {
    name: '@neondatabase/serverless: neon() HTTP query function',
    code: `import { neon } from '@neondatabase/serverless';
const sql = neon(process.env.DATABASE_URL);
export async function posts(id) {
  return sql\`SELECT * FROM posts WHERE id = \${id}\`;
}`,
  },
  {
    name: '@neondatabase/serverless: interactive transaction on a pooled client',
    code: `import { Pool } from '@neondatabase/serverless';
export default {
  async fetch(request, env, ctx) {
    const pool = new Pool({ connectionString: env.DATABASE_URL });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('INSERT INTO t (a) VALUES (1)');
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
    ctx.waitUntil(pool.end());
    return new Response('ok');
  },
};`,
  },
  // @vercel/postgres
  {
    name: '@vercel/postgres: sql template and db.connect() with release',
    code: `import { sql, db } from '@vercel/postgres';
export async function likes(name) {
  const { rows } = await sql\`SELECT * FROM likes WHERE user_name = \${name};\`;
  return rows;
}
export async function both() {
  const client = await db.connect();
  try {
    await client.sql\`INSERT INTO pets (name) VALUES ('Fiona')\`;
    return await client.sql\`SELECT * FROM pets\`;
  } finally {
    client.release();
  }
}`,
  },
  {
    name: '@vercel/postgres: createClient connected and ended',
    code: `import { createClient } from '@vercel/postgres';
export async function direct() {
  const client = createClient();
  await client.connect();
  try {
    return await client.sql\`SELECT 1\`;
  } finally {
    await client.end();
  }
}`,
  },
  // postgres (porsager)
  {
    name: 'postgres: module-scope sql, tagged queries and sql.begin',
    code: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL, { max: 10 });
export async function users() {
  return sql\`select name, age from users\`;
}
export async function create(name) {
  return sql.begin(async sql => {
    const [user] = await sql\`insert into users (name) values (\${name}) returning *\`;
    await sql\`insert into logs (user_id) values (\${user.id})\`;
    return user;
  });
}`,
  },
  {
    name: 'postgres: reserve() and release()',
    code: `import postgres from 'postgres';
const sql = postgres();
export async function pinned() {
  const reserved = await sql.reserve();
  try {
    await reserved\`select 1\`;
  } finally {
    reserved.release();
  }
}`,
  },
  // pg-promise
  {
    name: 'pg-promise: task, tx and method helpers',
    code: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp(process.env.DATABASE_URL);
export async function user(id) {
  return db.oneOrNone('SELECT * FROM users WHERE id = $1', [id]);
}
export async function both(id) {
  return db.task(async t => {
    const u = await t.one('SELECT * FROM users WHERE id = $1', id);
    return t.any('SELECT * FROM events WHERE login = $1', u.name);
  });
}
export async function audit(id) {
  await db.tx(async t => {
    await t.none('UPDATE users SET active = $1 WHERE id = $2', [true, id]);
    await t.none('INSERT INTO audit(event, id) VALUES($1, $2)', ['activate', id]);
  });
}`,
  },
  {
    name: 'pg-promise: shared connection object done() in finally',
    code: `const pgp = require('pg-promise')();
const db = pgp('postgres://localhost/db');
async function listen() {
  const sco = await db.connect();
  try {
    await sco.none('LISTEN $1~', 'channel');
  } finally {
    sco.done();
  }
}
module.exports = { listen };`,
    script: true,
  },
  // slonik
  {
    name: 'slonik: pool.connect and pool.transaction routines',
    code: `import { createPool, sql } from 'slonik';
const pool = await createPool('postgres://localhost');
export async function count() {
  return pool.connect(async connection => connection.oneFirst(sql.unsafe\`SELECT count(*) FROM foo\`));
}
export async function insert() {
  await pool.transaction(async transaction => {
    await transaction.query(sql.unsafe\`INSERT INTO foo (bar) VALUES ('baz')\`);
    await transaction.query(sql.unsafe\`INSERT INTO qux (quux) VALUES ('corge')\`);
  });
}`,
  },
  // mysql2
  {
    name: 'mysql2/promise: getConnection, transaction, release in finally',
    code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ host: 'localhost', connectionLimit: 10 });
export async function move(id) {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    await conn.query('UPDATE a SET x = 1 WHERE id = ?', [id]);
    await conn.commit();
  } catch (err) {
    await conn.rollback();
    throw err;
  } finally {
    conn.release();
  }
}`,
  },
  {
    name: 'mysql2: callback getConnection, release in the query callback',
    code: `const mysql = require('mysql2');
const pool = mysql.createPool({ host: 'localhost' });
pool.getConnection(function (err, conn) {
  if (err) throw err;
  conn.query('SELECT 1', function (error, rows) {
    conn.release();
    if (error) throw error;
    console.log(rows);
  });
});`,
    script: true,
  },
  {
    name: 'mysql2/promise: pool.query / pool.execute helpers, pool.releaseConnection',
    code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool('mysql://localhost/db');
export async function list() {
  const [rows] = await pool.query('SELECT * FROM t');
  const [more] = await pool.execute('SELECT * FROM t WHERE id = ?', [1]);
  return [rows, more];
}
export async function manual() {
  const conn = await pool.getConnection();
  try {
    return await conn.query('SELECT 1');
  } finally {
    pool.releaseConnection(conn);
  }
}`,
  },
  {
    name: 'mysql2/promise: await using releases the connection',
    code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
export async function disposed() {
  await using conn = await pool.getConnection();
  const [rows] = await conn.query('SELECT 1');
  return rows;
}`,
  },
  // mysql
  {
    name: 'mysql: callback getConnection, release in the query callback',
    code: `var mysql = require('mysql');
var pool = mysql.createPool({ connectionLimit: 10, host: 'example.org' });
pool.getConnection(function (err, connection) {
  if (err) throw err;
  connection.query('SELECT something FROM sometable', function (error, results, fields) {
    connection.release();
    if (error) throw error;
  });
});
pool.query('SELECT 1 + 1 AS solution', function (error, results) {
  if (error) throw error;
});`,
    script: true,
  },
  // mariadb
  {
    name: 'mariadb: let conn; try { getConnection } finally { if (conn) conn.release() }',
    code: `import mariadb from 'mariadb';
const pool = mariadb.createPool({ host: 'mydb.com', connectionLimit: 5 });
export async function run() {
  let conn;
  try {
    conn = await pool.getConnection();
    const rows = await conn.query('SELECT 1 as val');
    await conn.query('INSERT INTO myTable value (?, ?)', [1, 'mariadb']);
    return rows;
  } finally {
    if (conn) conn.release();
  }
}`,
  },
  {
    name: 'mariadb: pool helpers and callback getConnection',
    code: `const mariadb = require('mariadb/callback');
const pool = mariadb.createPool({ host: 'mydb.com' });
pool.getConnection((err, conn) => {
  if (err) {
    console.log('not connected due to error: ' + err);
    return;
  }
  conn.query('SELECT 1 as val', (err, rows) => {
    conn.release();
  });
});
pool.query('SELECT 1', (err, rows) => {});`,
    script: true,
  },
  {
    name: 'mariadb: await using a pooled connection',
    code: `import * as mariadb from 'mariadb';
const pool = mariadb.createPool({});
export async function disposed() {
  await using conn = await pool.getConnection();
  return conn.query('SELECT 1');
}`,
  },
  // generic-pool
  {
    name: 'generic-pool: acquire, release in finally; use(); drain and clear',
    code: `import genericPool from 'generic-pool';
const factory = { create: async () => ({}), destroy: async client => {} };
const pool = genericPool.createPool(factory, { max: 10, min: 2 });
export async function work() {
  const client = await pool.acquire();
  try {
    return await client.query('select 1');
  } finally {
    await pool.release(client);
  }
}
export function scoped() {
  return pool.use(client => client.query('select 1'));
}
export async function stop() {
  await pool.drain();
  await pool.clear();
}`,
  },
  {
    name: 'generic-pool: promise chain acquire().then(...release)',
    code: `const genericPool = require('generic-pool');
const myPool = genericPool.createPool({ create: () => ({}), destroy: () => {} }, { max: 10 });
myPool
  .acquire()
  .then(function (client) {
    client.query('select * from foo', [], function () {
      myPool.release(client);
    });
  })
  .catch(function (err) {
    console.error(err);
  });`,
    script: true,
  },
  // tarn
  {
    name: 'tarn: acquire().promise, release in finally',
    code: `const { Pool } = require('tarn');
const pool = new Pool({ create: () => ({}), destroy: () => {}, min: 0, max: 10 });
async function work() {
  const resource = await pool.acquire().promise;
  try {
    return await resource.run();
  } finally {
    pool.release(resource);
  }
}
module.exports = { work };`,
    script: true,
  },
  // oracledb
  {
    name: 'oracledb: pool created at startup, getConnection, close in finally',
    code: `import oracledb from 'oracledb';
export async function init() {
  await oracledb.createPool({ user: 'hr', password: 'x', connectString: 'localhost/XEPDB1', poolMax: 4 });
}
export async function query() {
  const connection = await oracledb.getConnection();
  try {
    const result = await connection.execute('SELECT 1 FROM dual');
    return result.rows;
  } finally {
    await connection.close();
  }
}`,
  },
  {
    name: 'oracledb: await using a pooled connection',
    code: `import oracledb from 'oracledb';
const pool = await oracledb.createPool({});
export async function q() {
  await using conn = await pool.getConnection();
  return conn.execute('SELECT 1 FROM dual');
}`,
  },
  // mssql
  {
    name: 'mssql: global pool, tagged query and request',
    code: `import sql from 'mssql';
export async function users(id) {
  await sql.connect('Server=localhost,1433;Database=db;User Id=u;Password=p;Encrypt=true');
  const result = await sql.query\`select * from mytable where id = \${id}\`;
  return result.recordset;
}`,
  },
  {
    name: 'mssql: shared ConnectionPool, request, transaction committed or rolled back',
    code: `import sql from 'mssql';
const pool = new sql.ConnectionPool({ server: 'localhost' });
const poolConnect = pool.connect();
export async function one(id) {
  await poolConnect;
  const request = pool.request();
  return request.input('id', sql.Int, id).query('select * from t where id = @id');
}
export async function move() {
  await poolConnect;
  const transaction = new sql.Transaction(pool);
  await transaction.begin();
  try {
    await new sql.Request(transaction).query('insert into t (a) values (1)');
    await transaction.commit();
  } catch (err) {
    await transaction.rollback();
    throw err;
  }
}`,
  },
  {
    name: 'mssql: prepared statement unprepared in finally',
    code: `import sql from 'mssql';
const pool = new sql.ConnectionPool({});
export async function prepared(value) {
  await pool.connect();
  const ps = new sql.PreparedStatement(pool);
  ps.input('param', sql.Int);
  await ps.prepare('select @param as value');
  try {
    return await ps.execute({ param: value });
  } finally {
    await ps.unprepare();
  }
}`,
  },
  // TypeORM
  {
    name: 'typeorm: dataSource.transaction and manager helpers',
    code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
export async function save(user, photo) {
  await dataSource.transaction(async manager => {
    await manager.save(user);
    await manager.save(photo);
  });
}
export function all() {
  return dataSource.manager.find('User');
}`,
  },
  {
    name: 'typeorm: await using a query runner',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function run() {
  await using queryRunner = dataSource.createQueryRunner();
  return queryRunner.query('SELECT 1');
}`,
  },
  // knex
  {
    name: 'knex: scoped transaction with an async handler',
    code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function create(book) {
  await db.transaction(async trx => {
    const [id] = await trx('catalogues').insert({ name: 'Old Books' }, 'id');
    await trx('books').insert({ ...book, catalogue_id: id });
  });
}
export function list() {
  return db('books').select('*');
}`,
  },
  {
    name: 'knex: transaction with transacting() and then(commit).catch(rollback)',
    code: `const knex = require('knex')({ client: 'mysql2', connection: {} });
function insertBooks(books) {
  return knex.transaction(function (trx) {
    return knex('catalogues')
      .transacting(trx)
      .insert({ name: 'Old Books' })
      .then(function (ids) {
        return knex('books').transacting(trx).insert(books.map(b => ({ ...b, catalogue_id: ids[0] })));
      })
      .then(trx.commit)
      .catch(trx.rollback);
  });
}
module.exports = { insertBooks };`,
    script: true,
  },
  {
    name: 'knex: transaction without handler, committed or rolled back',
    code: `import { knex } from 'knex';
const db = knex({ client: 'pg' });
export async function manual() {
  const trx = await db.transaction();
  try {
    await trx('books').insert({ title: 'x' });
    await trx.commit();
  } catch (e) {
    await trx.rollback();
    throw e;
  }
}`,
  },
  // Sequelize
  {
    name: 'sequelize: managed transaction callback',
    code: `import { Sequelize, DataTypes } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
const User = sequelize.define('User', { name: DataTypes.STRING });
export async function create() {
  return sequelize.transaction(async t => {
    const user = await User.create({ name: 'Abraham' }, { transaction: t });
    await user.update({ name: 'Abe' }, { transaction: t });
    return user;
  });
}`,
  },
  {
    name: 'sequelize: unmanaged transaction committed or rolled back',
    code: `const { Sequelize } = require('sequelize');
const sequelize = new Sequelize('postgres://localhost/db');
async function unmanaged(User) {
  const t = await sequelize.transaction();
  try {
    await User.create({ name: 'Bart' }, { transaction: t });
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}
module.exports = { unmanaged };`,
    script: true,
  },
  // Prisma
  {
    name: 'prisma: module-scope client, interactive and batch transactions, $disconnect in main()',
    code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
async function main() {
  await prisma.$transaction(async tx => {
    const sender = await tx.account.update({ where: { id: 1 }, data: { balance: { decrement: 10 } } });
    await tx.account.update({ where: { id: 2 }, data: { balance: { increment: 10 } } });
    return sender;
  });
  await prisma.$transaction([prisma.user.deleteMany(), prisma.post.deleteMany()]);
}
main()
  .then(async () => {
    await prisma.$disconnect();
  })
  .catch(async e => {
    console.error(e);
    await prisma.$disconnect();
    process.exit(1);
  });`,
  },
  // Kysely
  {
    name: 'kysely: transaction().execute and connection().execute',
    code: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely({ dialect: new PostgresDialect({ pool: new Pool({ max: 10 }) }) });
export async function add() {
  return db.transaction().execute(async trx => {
    const person = await trx.insertInto('person').values({ first_name: 'Jennifer' }).returning('id').executeTakeFirstOrThrow();
    return trx.insertInto('pet').values({ owner_id: person.id, name: 'Catto' }).returningAll().executeTakeFirst();
  });
}
export async function pinned() {
  await db.connection().execute(async conn => {
    await conn.selectFrom('person').selectAll().execute();
  });
}`,
  },
  {
    name: 'kysely: controlled transaction, commit or rollback',
    code: `import { Kysely } from 'kysely';
export async function controlled(db) {
  const trx = await db.startTransaction().execute();
  try {
    await trx.insertInto('person').values({ first_name: 'x' }).execute();
    await trx.commit().execute();
  } catch (error) {
    await trx.rollback().execute();
    throw error;
  }
}`,
  },
  // Drizzle
  {
    name: 'drizzle-orm: module-scope db from a URL, transaction callback',
    code: `import { drizzle } from 'drizzle-orm/node-postgres';
const db = drizzle(process.env.DATABASE_URL);
export async function move(accounts) {
  await db.transaction(async tx => {
    await tx.update(accounts).set({ balance: 0 });
    await tx.insert(accounts).values({ balance: 1 });
  });
}`,
  },
  {
    name: 'drizzle-orm: drizzle({ client }) over a shared pool',
    code: `import { drizzle } from 'drizzle-orm/mysql2';
import mysql from 'mysql2/promise';
const poolConnection = mysql.createPool({ host: 'host', user: 'user', database: 'db' });
const db = drizzle({ client: poolConnection });
export function users(table) {
  return db.select().from(table);
}`,
  },
  // MongoDB
  {
    name: 'mongodb: client closed in finally of run()',
    code: `import { MongoClient } from 'mongodb';
const client = new MongoClient(process.env.MONGODB_URI);
async function run() {
  try {
    const movies = client.db('sample_mflix').collection('movies');
    return await movies.findOne({ title: 'Back to the Future' });
  } finally {
    await client.close();
  }
}
run().catch(console.dir);`,
  },
  {
    name: 'mongodb: session with withTransaction, endSession in finally; withSession',
    code: `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
export async function transfer() {
  const session = client.startSession();
  try {
    await session.withTransaction(async () => {
      const accounts = client.db('bank').collection('accounts');
      await accounts.updateOne({ id: 1 }, { $inc: { balance: -10 } }, { session });
      await accounts.updateOne({ id: 2 }, { $inc: { balance: 10 } }, { session });
    });
  } finally {
    await session.endSession();
  }
}
export function scoped() {
  return client.withSession(async session => client.db('x').collection('y').findOne({}, { session }));
}`,
  },
  {
    name: 'mongodb: await using a session',
    code: `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
export async function disposed() {
  await using session = client.startSession();
  return client.db('x').collection('y').findOne({}, { session });
}`,
  },
  // Mongoose
  {
    name: 'mongoose: connect at startup, session transaction ended in finally, connection.transaction',
    code: `import mongoose from 'mongoose';
await mongoose.connect('mongodb://127.0.0.1:27017/test');
export async function manual(Customer) {
  const session = await mongoose.startSession();
  try {
    session.startTransaction();
    await Customer.create([{ name: 'Test' }], { session });
    await session.commitTransaction();
  } catch (e) {
    await session.abortTransaction();
    throw e;
  } finally {
    await session.endSession();
  }
}
export function managed(Customer) {
  return mongoose.connection.transaction(async session => {
    await Customer.create([{ name: 'Test' }], { session });
  });
}`,
  },
  // ioredis / redis
  {
    name: 'ioredis: module-scope client, quit at shutdown',
    code: `import Redis from 'ioredis';
const redis = new Redis({ port: 6379, host: '127.0.0.1' });
export async function get(key) {
  return redis.get(key);
}
export async function shutdown() {
  await redis.quit();
}`,
  },
  {
    name: 'redis: createClient().connect() at startup, client pool execute',
    code: `import { createClient, createClientPool } from 'redis';
const client = await createClient().on('error', err => console.log('Redis Client Error', err)).connect();
const pool = await createClientPool().connect();
export async function set(key, value) {
  await client.set(key, value);
  return pool.execute(async isolated => isolated.get(key));
}
export async function shutdown() {
  await client.close();
  await pool.close();
}`,
  },
  // cassandra-driver / spanner
  {
    name: 'cassandra-driver: module-scope client, execute with prepare, shutdown',
    code: `const cassandra = require('cassandra-driver');
const client = new cassandra.Client({ contactPoints: ['h1'], localDataCenter: 'dc1', keyspace: 'ks1' });
async function byEmail(email) {
  const result = await client.execute('SELECT name FROM users WHERE email = ?', [email], { prepare: true });
  return result.first();
}
async function shutdown() {
  await client.shutdown();
}
module.exports = { byEmail, shutdown };`,
    script: true,
  },
  {
    name: '@google-cloud/spanner: run, snapshot ended in finally, runTransactionAsync',
    code: `import { Spanner } from '@google-cloud/spanner';
const spanner = new Spanner({ projectId: 'p' });
const database = spanner.instance('i').database('d');
export async function read() {
  const [rows] = await database.run({ sql: 'SELECT 1' });
  return rows;
}
export async function snapshot() {
  const [snap] = await database.getSnapshot();
  try {
    return await snap.run('SELECT 1');
  } finally {
    snap.end();
  }
}
export async function write() {
  await database.runTransactionAsync(async transaction => {
    await transaction.runUpdate({ sql: 'UPDATE t SET a = 1 WHERE b = 2' });
    await transaction.commit();
  });
}`,
  },
  {
    name: 'pg: promise chain, release on both branches',
    code: `const { Pool } = require('pg');
const pool = new Pool();
function now() {
  return pool.connect().then(client => {
    return client
      .query('SELECT NOW()')
      .then(res => {
        client.release();
        return res.rows[0];
      })
      .catch(err => {
        client.release();
        throw err;
      });
  });
}
module.exports = { now };`,
    script: true,
  },
  {
    name: 'pg: pool.query with a callback',
    code: `const { Pool } = require('pg');
const pool = new Pool();
pool.query('SELECT $1::int AS number', ['2'], function (err, res) {
  if (err) throw err;
  console.log(res.rows[0].number);
});`,
    script: true,
  },
  {
    name: 'mysql2: callback pool converted with promise()',
    code: `import mysql from 'mysql2';
const pool = mysql.createPool({ host: 'localhost' });
const promisePool = pool.promise();
export async function rows() {
  const [rows] = await promisePool.query('SELECT 1 + 1 AS solution');
  return rows;
}
export async function held() {
  const conn = await promisePool.getConnection();
  try {
    return await conn.execute('SELECT ?', [1]);
  } finally {
    conn.release();
  }
}`,
  },
  {
    name: 'mysql2: pool cluster of(pattern).getConnection',
    code: `import mysql from 'mysql2/promise';
const cluster = mysql.createPoolCluster();
cluster.add('replica1', { host: 'r1' });
export async function read() {
  const conn = await cluster.of('replica*').getConnection();
  try {
    return await conn.query('SELECT 1');
  } finally {
    conn.release();
  }
}`,
  },
  {
    name: 'mysql: transaction with callbacks, rollback or commit, then release',
    code: `const mysql = require('mysql');
const pool = mysql.createPool({});
function save(post, done) {
  pool.getConnection(function (err, connection) {
    if (err) return done(err);
    connection.beginTransaction(function (err) {
      if (err) {
        connection.release();
        return done(err);
      }
      connection.query('INSERT INTO posts SET ?', post, function (error) {
        if (error) {
          return connection.rollback(function () {
            connection.release();
            done(error);
          });
        }
        connection.commit(function (err) {
          if (err) {
            return connection.rollback(function () {
              connection.release();
              done(err);
            });
          }
          connection.release();
          done();
        });
      });
    });
  });
}
module.exports = { save };`,
    script: true,
  },
  {
    name: 'mariadb: transaction with rollback in catch, release in finally',
    code: `import mariadb from 'mariadb';
const pool = mariadb.createPool({ connectionLimit: 5 });
export async function insert() {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    await conn.query('INSERT INTO testTransaction values (?)', ['test']);
    await conn.commit();
  } catch (err) {
    await conn.rollback();
    throw err;
  } finally {
    conn.release();
  }
}`,
  },
  {
    name: 'oracledb: pool from the cache by alias, close in finally',
    code: `const oracledb = require('oracledb');
async function init() {
  await oracledb.createPool({ user: 'hr', password: 'x', connectString: 'db', poolAlias: 'hrpool' });
}
async function q() {
  const pool = oracledb.getPool('hrpool');
  const connection = await pool.getConnection();
  try {
    return await connection.execute('SELECT 1 FROM dual', [], { autoCommit: true });
  } finally {
    await connection.close();
  }
}
module.exports = { init, q };`,
    script: true,
  },
  {
    name: 'typeorm: manager.transaction with an isolation level',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function move(user) {
  await dataSource.manager.transaction('SERIALIZABLE', async transactionalEntityManager => {
    await transactionalEntityManager.save(user);
  });
}`,
  },
  {
    name: 'knex: transactionProvider, committed or rolled back',
    code: `import knex from 'knex';
const db = knex({ client: 'pg' });
const trxProvider = db.transactionProvider();
export async function provided() {
  const trx = await trxProvider();
  try {
    await trx('books').insert({ name: 'x' });
    await trx.commit();
  } catch (e) {
    await trx.rollback();
    throw e;
  }
}`,
  },
  {
    name: 'knex: destroy at the end of a script',
    code: `const knex = require('knex')({ client: 'sqlite3', connection: { filename: './data.db' }, useNullAsDefault: true });
async function main() {
  try {
    await knex.schema.createTable('users', table => {
      table.increments('id');
      table.string('user_name');
    });
    await knex('users').insert({ user_name: 'Tim' });
  } finally {
    await knex.destroy();
  }
}
main();`,
    script: true,
  },
  {
    name: 'mongoose: connection.withSession and session.withTransaction',
    code: `import mongoose from 'mongoose';
const conn = mongoose.createConnection('mongodb://127.0.0.1:27017/test');
export function scoped(Model) {
  return conn.withSession(async session => {
    await session.withTransaction(async () => {
      await Model.create([{ name: 'x' }], { session });
    });
  });
}`,
  },
  {
    name: 'slonik: nested transaction in a connection routine',
    code: `import { createPool, sql } from 'slonik';
const pool = await createPool('postgres://');
export async function nested() {
  await pool.connect(async connection => {
    await connection.transaction(async t1 => {
      await t1.query(sql.unsafe\`INSERT INTO foo (id) VALUES (1)\`);
      await t1.transaction(async t2 => {
        await t2.query(sql.unsafe\`INSERT INTO foo (id) VALUES (2)\`);
      });
    });
  });
}`,
  },
  {
    name: 'pg-promise: tx with a tag and batch',
    code: `import pgPromise from 'pg-promise';
const pgp = pgPromise({});
const db = pgp({ host: 'localhost', max: 30 });
export function both() {
  return db.tx('my-transaction', t => {
    const q1 = t.none('UPDATE users SET active = $1 WHERE id = $2', [true, 123]);
    const q2 = t.one('INSERT INTO audit(entity, id) VALUES($1, $2) RETURNING id', ['users', 123]);
    return t.batch([q1, q2]);
  });
}
export function shutdown() {
  pgp.end();
}`,
  },
  {
    name: 'postgres: savepoint inside begin, reserve for a session setting',
    code: `import postgres from 'postgres';
const sql = postgres();
export async function withSavepoint() {
  await sql.begin(async sql => {
    await sql\`insert into users (name) values ('Murray')\`;
    await sql.savepoint(async sql => {
      await sql\`insert into users (name) values ('Bill')\`;
    });
  });
}
export async function close() {
  await sql.end({ timeout: 5 });
}`,
  },
  {
    name: 'generic-pool: destroy a broken resource instead of releasing it',
    code: `import { createPool } from 'generic-pool';
const pool = createPool({ create: async () => ({}), destroy: async () => {} }, { max: 4 });
export async function work() {
  const resource = await pool.acquire();
  try {
    const out = await resource.run();
    await pool.release(resource);
    return out;
  } catch (e) {
    await pool.destroy(resource);
    throw e;
  }
}`,
  },
  {
    name: 'mssql: transaction with a callback begin and rollback on error',
    code: `const sql = require('mssql');
const pool = new sql.ConnectionPool({});
function insert(done) {
  const transaction = new sql.Transaction(pool);
  transaction.begin(err => {
    if (err) return done(err);
    const request = new sql.Request(transaction);
    request.query('insert into mytable (mycolumn) values (12345)', err => {
      if (err) {
        return transaction.rollback(() => done(err));
      }
      transaction.commit(done);
    });
  });
}
module.exports = { insert };`,
    script: true,
  },
  {
    name: '@vercel/postgres: createPool with a callback connect',
    code: `import { createPool } from '@vercel/postgres';
const pool = createPool({ connectionString: process.env.POSTGRES_URL });
pool.connect((err, client, done) => {
  if (err) return console.error(err);
  client.query('SELECT 1', () => {
    done();
  });
});`,
  },
  // The shapes below were reported wrongly at some point; they are documented usage.
  {
    name: 'typeorm: connect() before try, release() in finally',
    code: `import { DataSource } from 'typeorm';
const ds = new DataSource({ type: 'mysql' });
export async function tables() {
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    return await qr.getTables(['a']);
  } finally {
    await qr.release();
  }
}`,
  },
  {
    name: 'typeorm: a query runner only read, never connected',
    code: `import { DataSource } from 'typeorm';
const ds = new DataSource({ type: 'postgres' });
export function driverName() {
  const qr = ds.createQueryRunner();
  return qr.connection.driver.options.type;
}`,
  },
  {
    name: 'oracledb: stand-alone connection closed in finally { if (conn) { try { close } catch { log } } }',
    code: `const oracledb = require('oracledb');
async function run(dbConfig) {
  let connection;
  try {
    connection = await oracledb.getConnection(dbConfig);
    const result = await connection.execute('SELECT sysdate FROM dual');
    console.log(result.rows);
  } catch (err) {
    console.error(err);
  } finally {
    if (connection) {
      try {
        await connection.close();
      } catch (err) {
        console.error(err);
      }
    }
  }
}
module.exports = { run };`,
    script: true,
  },
  {
    name: 'oracledb: pooled connection, same finally shape',
    code: `import oracledb from 'oracledb';
const pool = await oracledb.createPool({});
export async function rows() {
  let conn;
  try {
    conn = await pool.getConnection();
    return (await conn.execute('SELECT 1 FROM dual')).rows;
  } finally {
    if (conn) {
      try {
        await conn.close();
      } catch (err) {
        console.error(err);
      }
    }
  }
}`,
  },
  {
    name: 'typeorm: connect, then startTransaction inside the try, release in finally',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function save(user) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  try {
    await queryRunner.startTransaction();
    await queryRunner.manager.save(user);
    await queryRunner.commitTransaction();
  } catch (err) {
    if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction();
    throw err;
  } finally {
    await queryRunner.release();
  }
}`,
  },
  {
    name: 'mariadb: pooled conn.end() is the release',
    code: `import mariadb from 'mariadb';
const pool = mariadb.createPool({});
export async function run() {
  let conn;
  try {
    conn = await pool.getConnection();
    return await conn.query('SELECT 1');
  } finally {
    if (conn) await conn.end();
  }
}`,
  },
  {
    name: 'mariadb: pooled conn.close() is the release',
    code: `const mariadb = require('mariadb');
const pool = mariadb.createPool({});
async function run() {
  const conn = await pool.getConnection();
  try {
    return await conn.query('SELECT 1');
  } finally {
    conn.close();
  }
}
module.exports = { run };`,
    script: true,
  },
  {
    name: "getconn()/putconn(conn) on the app's own db module",
    code: `import { db } from './db';
export async function load(id) {
  const conn = await db.getconn();
  try {
    return await conn.query('SELECT * FROM t WHERE id = $1', [id]);
  } finally {
    db.putconn(conn);
  }
}`,
  },
  {
    name: 'getconn()/putconn(conn) on an injected receiver',
    code: `export class Repo {
  constructor(database) {
    this.database = database;
  }
  async load() {
    const conn = await this.database.getconn();
    try {
      return await conn.query('SELECT 1');
    } finally {
      this.database.putconn(conn);
    }
  }
}`,
  },
];

/**
 * Documented shapes that do leak on a path, so the report is right. TypeORM's transaction example
 * calls `startTransaction()` after `connect()` and before the `try`: when BEGIN fails, the runner
 * already holds a pooled connection and `release()` in the `finally` is never reached.
 */
const documentedLeaky: Array<Case & { rule: string; line: number; path: string }> = [
  {
    name: 'typeorm: createQueryRunner, connect, transaction, release in finally',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function save(user, photo) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    await queryRunner.manager.save(user);
    await queryRunner.manager.save(photo);
    await queryRunner.commitTransaction();
  } catch (err) {
    await queryRunner.rollbackTransaction();
  } finally {
    await queryRunner.release();
  }
}`,
    rule: 'no-leaked-connection',
    line: 4,
    path: 'queryRunner.startTransaction()',
  },
];

function lint(c: Case): Linter.LintMessage[] {
  const linter = new Linter();
  return linter.verify(
    c.code,
    [
      { files: ['**/*.js'], languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: c.script ? 'script' : 'module' } },
      plugin.configs.recommended as Linter.Config,
    ],
    'documented.js',
  );
}

type AnyRule = Parameters<typeof ruleTester.run>[1];

for (const name of recommended) {
  const rule = rules[name] as unknown as AnyRule;
  const valid = (cases: Case[]) => cases.map(({ name: caseName, code }) => ({ name: caseName, code }));
  ruleTester.run(`documented usage: ${name}`, rule, { valid: valid(documented.filter(c => !c.script)), invalid: [] });
  jsRuleTester.run(`documented usage (CommonJS): ${name}`, rule, { valid: valid(documented.filter(c => c.script)), invalid: [] });
}

describe('documented usage: the whole recommended preset', () => {
  it.each(documented.map(c => [c.name, c] as const))('%s', (_name, c) => {
    expect(lint(c).map(m => `${m.line}:${m.ruleId ?? 'fatal'} ${m.message}`)).toEqual([]);
  });
});

describe('documented usage that leaks on a path (true reports)', () => {
  it.each(documentedLeaky.map(c => [c.name, c] as const))('%s', (_name, c) => {
    const reports = lint(c).filter(m => m.line === c.line && m.ruleId?.endsWith(`/${c.rule}`));
    expect(reports.map(m => m.message).join('\n')).toContain(c.path);
  });
});
