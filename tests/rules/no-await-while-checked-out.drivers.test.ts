/**
 * no-await-while-checked-out, per driver of src/drivers: the promise form and the callback form of
 * each checkout, and the scoped helpers whose callback holds a connection (messageId heldInScope).
 * Reported awaits here read something computed after the checkout (a query result), so no move is
 * suggested (suggestions: no-await-while-checked-out.suggestions.test.ts). Awaited results kept whole,
 * Promise.all over mapped queries and MongoDB startSession() sessions: no-await-while-checked-out.data.test.ts.
 */
import rule from '../../src/rules/no-await-while-checked-out';
import { jsRuleTester, ruleTester } from '../rule-tester';

const HTTP = ' (an HTTP request)';

ruleTester.run('no-await-while-checked-out', rule, {
  valid: [
    // ----- promise-form checkouts: database work of the handle ---------------------------------------
    {
      name: 'mysql2: execute, transaction methods, rollback in catch',
      code: `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f(id: number) {
  const conn = await db.getConnection();
  try {
    await conn.beginTransaction();
    const [rows] = await conn.execute('SELECT * FROM t WHERE id = ?', [id]);
    await conn.query('UPDATE t SET n = ? WHERE id = ?', [rows, id]);
    await conn.commit();
  } catch (e) {
    await conn.rollback();
    throw e;
  } finally {
    conn.release();
  }
}`,
    },
    {
      name: 'mariadb: query and batch, awaited release',
      code: `import mariadb from 'mariadb';
const db = mariadb.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    await conn.query('SELECT 1');
    await conn.batch('INSERT INTO t VALUES (?)', [[1], [2]]);
  } finally {
    await conn.release();
  }
}`,
    },
    {
      name: 'TypeORM query runner: manager, query, a repository derived from the runner',
      code: `import { DataSource } from 'typeorm';
declare class User {}
const dataSource = new DataSource({} as never);
export async function f(user: User) {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    await runner.manager.save(user);
    await runner.query('SELECT 1');
    const repo = runner.manager.getRepository(User);
    await repo.save(user);
    await runner.commitTransaction();
  } catch (e) {
    await runner.rollbackTransaction();
    throw e;
  } finally {
    await runner.release();
  }
}`,
    },
    {
      name: 'generic-pool: work through the resource, awaited pool.release(resource)',
      code: `import genericPool from 'generic-pool';
declare function render(page: unknown): Promise<string>;
const browsers = genericPool.createPool({ create: async () => ({ newPage: async () => ({}) }), destroy: async () => {} });
export async function f() {
  const browser = await browsers.acquire();
  try {
    const page = await browser.newPage();
    return await render(page);
  } finally {
    await browsers.release(browser);
  }
}`,
    },
    {
      name: 'oracledb: execute and commit, close in finally',
      code: `import oracledb from 'oracledb';
const db = await oracledb.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    await conn.execute('UPDATE t SET n = 1');
    await conn.commit();
  } finally {
    await conn.close();
  }
}`,
    },
    {
      name: 'postgres.js: the tag of a reserved connection and unsafe()',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function f(id: number) {
  const r = await sql.reserve();
  try {
    await r\`select 1\`;
    const rows = await r\`select * from t where id = \${id}\`;
    await r.unsafe('select 2');
    return rows;
  } finally {
    r.release();
  }
}`,
    },
    {
      name: 'pg-promise: connect() … done()',
      code: `import pgPromise from 'pg-promise';
const db = pgPromise()('postgres://');
export async function f() {
  const sco = await db.connect();
  try {
    await sco.any('SELECT 1');
    await sco.none('UPDATE t SET n = 1');
  } finally {
    sco.done();
  }
}`,
    },
    {
      name: 'knex: acquireConnection, a query receiving the connection',
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
      name: 'MongoDB: the session passed as { session } and { session: session }',
      code: `import { MongoClient } from 'mongodb';
const mongo = new MongoClient('mongodb://');
export async function f() {
  const session = mongo.startSession();
  try {
    session.startTransaction();
    await mongo.db('app').collection('a').insertOne({}, { session });
    await mongo.db('app').collection('b').updateOne({}, {}, { session: session });
    await session.commitTransaction();
  } finally {
    await session.endSession();
  }
}`,
    },
    // ----- callback-form checkouts ----------------------------------------------------------------------
    {
      name: 'pg callback: done() ends the hold',
      code: `import pg from 'pg';
const db = new pg.Pool();
export function f() {
  db.connect(async (err, client, done) => {
    if (err) return;
    await client.query('SELECT 1');
    done();
    await fetch('https://example.com/hook');
  });
}`,
    },
    {
      name: 'pg callback: the error branch holds nothing',
      code: `import pg from 'pg';
const db = new pg.Pool();
declare function report(error: unknown): Promise<void>;
export function f() {
  db.connect(async (err, client, done) => {
    if (err) {
      await report(err);
      return;
    }
    await client.query('SELECT 1');
    done();
  });
}`,
    },
    {
      name: 'mysql2 callback: conn.promise() is the same connection',
      code: `import mysql from 'mysql2';
const db = mysql.createPool({});
export function f() {
  db.getConnection(async (err, conn) => {
    if (err) return;
    await conn.promise().query('SELECT 1');
    conn.release();
  });
}`,
    },
    // ----- scoped helpers: database work inside the callback -------------------------------------------
    {
      name: 'knex.transaction: trx() builders, transacting(trx), a call receiving trx, Promise.all, commit',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
declare function audit(trx: unknown, message: string): Promise<void>;
declare function sleep(ms: number): Promise<void>;
export async function f(id: number) {
  await db.transaction(async trx => {
    await trx('orders').where({ id }).update({ status: 'paid' });
    await db('audit').insert({ id }).transacting(trx);
    const query = trx('items').where({ order: id });
    await query.del();
    await audit(trx, 'paid');
    await Promise.all([trx('a').del(), trx('b').del()]);
    setTimeout(async () => {
      await sleep(1);
    }, 0);
    await trx.commit();
  });
}`,
    },
    {
      name: 'postgres.js sql.begin: the tag of the transaction, savepoints',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  await sql.begin(async sql => {
    await sql\`update t set n = 1\`;
    await sql.savepoint(async sp => {
      await sp\`select 1\`;
    });
  });
}`,
    },
    {
      name: 'TypeORM dataSource.transaction: the manager and a repository derived from it',
      code: `import { DataSource } from 'typeorm';
declare class User {}
const dataSource = new DataSource({} as never);
export async function f(user: User) {
  await dataSource.transaction(async manager => {
    await manager.save(user);
    const repo = manager.getRepository(User);
    await repo.save(user);
    await manager.query('SELECT 1');
  });
}`,
    },
    {
      name: 'pg-promise db.tx / db.task: queries on t, t.batch',
      code: `import pgPromise from 'pg-promise';
const db = pgPromise()('postgres://');
export async function f() {
  await db.tx(async t => {
    await t.none('UPDATE t SET n = 1');
    await t.batch([t.none('a'), t.none('b')]);
  });
  await db.task(async t => {
    await t.any('SELECT 1');
  });
}`,
    },
    {
      name: 'prisma.$transaction: the interactive client',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function f() {
  return prisma.$transaction(async tx => {
    const user = await tx.user.update({ where: { id: 1 }, data: { seen: true } });
    await Promise.all([tx.a.create({ data: {} }), tx.b.create({ data: {} })]);
    await tx.$executeRaw\`update t set n = 1\`;
    return user;
  });
}`,
    },
    {
      name: 'Sequelize transaction: { transaction: t } in the options',
      code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('postgres://');
declare const User: { create(values: object, options: object): Promise<void>; findAll(options: object): Promise<void> };
export async function f() {
  await sequelize.transaction(async t => {
    await User.create({ name: 'a' }, { transaction: t });
    await User.findAll({ where: {}, transaction: t, lock: true });
    await sequelize.query('SELECT 1', { transaction: t });
  });
}`,
    },
    {
      name: 'MongoDB withSession: { session } in the options',
      code: `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://');
export async function f() {
  await client.withSession(async session => {
    await client.db('app').collection('a').insertOne({}, { session });
  });
}`,
    },
    {
      name: 'MongoDB session.withTransaction: { session } in the options',
      code: `import type { ClientSession } from 'mongodb';
import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://');
export async function f(session: ClientSession) {
  await session.withTransaction(async () => {
    await client.db('app').collection('a').insertOne({}, { session });
  });
}`,
    },
    {
      name: 'generic-pool pool.use: work on the resource',
      code: `import genericPool from 'generic-pool';
const browsers = genericPool.createPool({ create: async () => ({ close: async () => {} }), destroy: async () => {} });
export async function f() {
  await browsers.use(async browser => {
    await browser.close();
  });
}`,
    },
    {
      name: 'awaits after the scoped helper has settled',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
declare function notify(id: number): Promise<void>;
export async function f(id: number) {
  await notify(id);
  await db.transaction(async trx => {
    await trx('orders').where({ id }).update({ status: 'shipped' });
  });
  await notify(id);
}`,
    },
  ],
  invalid: [
    // ----- promise-form checkouts ------------------------------------------------------------------------
    {
      name: 'mysql2: fetch reading a row',
      code: `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    const [rows] = await conn.query('SELECT url FROM hooks');
    await fetch(String(rows));
  } finally {
    conn.release();
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 7, data: { handle: 'conn', work: '`fetch()`', kind: HTTP }, suggestions: [] }],
    },
    {
      name: 'mariadb: a sleep between queries',
      code: `import mariadb from 'mariadb';
const db = mariadb.createPool({});
declare function sleep(ms: number): Promise<void>;
export async function f() {
  const conn = await db.getConnection();
  try {
    const [setting] = await conn.query('SELECT delay FROM settings');
    await sleep(setting.delay);
    await conn.query('SELECT 1');
  } finally {
    await conn.release();
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 8, data: { handle: 'conn', work: '`sleep()`', kind: ' (a timer)' }, suggestions: [] }],
    },
    {
      name: 'TypeORM query runner: a payment call inside the transaction',
      code: `import { DataSource } from 'typeorm';
declare class Order { amount: number }
declare const stripe: { charges: { create(charge: object): Promise<unknown> } };
const dataSource = new DataSource({} as never);
export async function pay(id: number) {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    const { amount } = await runner.manager.findOneByOrFail(Order, { id });
    await stripe.charges.create({ amount });
    await runner.commitTransaction();
  } catch (e) {
    await runner.rollbackTransaction();
    throw e;
  } finally {
    await runner.release();
  }
}`,
      errors: [
        { messageId: 'heldAwait', line: 11, data: { handle: 'runner', work: '`stripe.charges.create()`', kind: ' (a payment call)' }, suggestions: [] },
      ],
    },
    {
      name: 'generic-pool: an HTTP call on the acquired resource’s output',
      code: `import genericPool from 'generic-pool';
const browsers = genericPool.createPool({ create: async () => ({ location: async () => ({ href: '' }) }), destroy: async () => {} });
export async function f() {
  const browser = await browsers.acquire();
  try {
    const { href } = await browser.location();
    await fetch(href);
  } finally {
    await browsers.release(browser);
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 7, data: { handle: 'browser', work: '`fetch()`', kind: HTTP }, suggestions: [] }],
    },
    {
      name: 'oracledb: file I/O on a fetched path',
      code: `import oracledb from 'oracledb';
import { readFile } from 'node:fs/promises';
const db = await oracledb.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    const { rows } = await conn.execute('SELECT path FROM files');
    return await readFile(String(rows));
  } finally {
    await conn.close();
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 8, data: { handle: 'conn', work: '`readFile()`', kind: ' (file I/O)' }, suggestions: [] }],
    },
    {
      name: 'tarn: acquire().promise … release(resource)',
      code: `import { Pool } from 'tarn';
declare function notify(x: unknown): Promise<void>;
const resources = new Pool({} as never);
export async function f() {
  const resource = await resources.acquire().promise;
  try {
    const state = String(resource);
    await notify(state);
  } finally {
    resources.release(resource);
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 8, data: { handle: 'resource', work: '`notify()`', kind: '' }, suggestions: [] }],
    },
    {
      name: 'pg stand-alone Client: held from connect() to end()',
      code: `import pg from 'pg';
export async function f() {
  const client = new pg.Client();
  await client.connect();
  try {
    const { rows } = await client.query('SELECT url FROM hooks');
    await fetch(rows[0].url);
  } finally {
    await client.end();
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 7, data: { handle: 'client', work: '`fetch()`', kind: HTTP }, suggestions: [] }],
    },
    {
      name: 'pg-promise connect(): an HTTP call before done()',
      code: `import pgPromise from 'pg-promise';
const db = pgPromise()('postgres://');
export async function f() {
  const sco = await db.connect();
  try {
    const { url } = await sco.one('SELECT url FROM hooks LIMIT 1');
    await fetch(url);
  } finally {
    sco.done();
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 7, data: { handle: 'sco', work: '`fetch()`', kind: HTTP }, suggestions: [] }],
    },
    {
      name: 'knex acquireConnection: a queue send while holding',
      code: `import knex from 'knex';
declare const producer: { send(message: object): Promise<void> };
const db = knex({ client: 'pg' });
export async function f() {
  const conn = await db.client.acquireConnection();
  try {
    const rows = await db.raw('SELECT 1').connection(conn);
    await producer.send({ rows });
  } finally {
    await db.client.releaseConnection(conn);
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 8, data: { handle: 'conn', work: '`producer.send()`', kind: ' (a queue operation)' }, suggestions: [] }],
    },
    {
      name: 'Sequelize connectionManager.getConnection(): an HTTP call while holding',
      code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('postgres://');
export async function f() {
  const conn = await sequelize.connectionManager.getConnection();
  try {
    const [rows] = await sequelize.query('SELECT 1');
    await fetch(String(rows));
  } finally {
    await sequelize.connectionManager.releaseConnection(conn);
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 7, data: { handle: 'conn', work: '`fetch()`', kind: HTTP }, suggestions: [] }],
    },
    {
      name: 'MongoDB startSession(): an HTTP call before endSession()',
      code: `import { MongoClient } from 'mongodb';
const mongo = new MongoClient('mongodb://');
export async function f() {
  const session = mongo.startSession();
  try {
    const doc = await mongo.db('app').collection('hooks').findOne({}, { session });
    await fetch(String(doc));
  } finally {
    await session.endSession();
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 7, data: { handle: 'session', work: '`fetch()`', kind: HTTP }, suggestions: [] }],
    },
    {
      name: 'a pool of the app’s own module, recognised by its name',
      code: `import { pool } from './db';
export async function f() {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('SELECT url FROM hooks');
    await fetch(rows[0].url);
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 6, data: { handle: 'client', work: '`fetch()`', kind: HTTP }, suggestions: [] }],
    },
    // ----- callback-form checkouts (no anchor statement: no suggestion) ---------------------------------
    {
      name: 'pg callback: an HTTP call before done()',
      code: `import pg from 'pg';
const db = new pg.Pool();
export function f() {
  db.connect(async (err, client, done) => {
    if (err) return;
    await client.query('SELECT 1');
    await fetch('https://example.com/hook');
    done();
  });
}`,
      errors: [{ messageId: 'heldAwait', line: 7, data: { handle: 'client', work: '`fetch()`', kind: HTTP }, suggestions: [] }],
    },
    {
      name: 'pg .then(client => …): an HTTP call before the release',
      code: `import pg from 'pg';
const db = new pg.Pool();
export function f() {
  return db.connect().then(async client => {
    try {
      await fetch('https://example.com/hook');
    } finally {
      client.release();
    }
  });
}`,
      errors: [{ messageId: 'heldAwait', line: 6, data: { handle: 'client', work: '`fetch()`', kind: HTTP }, suggestions: [] }],
    },
    {
      name: 'mysql2 callback: a sleep before release()',
      code: `import mysql from 'mysql2';
const db = mysql.createPool({});
declare function sleep(ms: number): Promise<void>;
export function f() {
  db.getConnection(async (err, conn) => {
    if (err) return;
    await sleep(100);
    conn.release();
  });
}`,
      errors: [{ messageId: 'heldAwait', line: 7, data: { handle: 'conn', work: '`sleep()`', kind: ' (a timer)' }, suggestions: [] }],
    },
    {
      name: 'oracledb callback: an HTTP call before close()',
      code: `import oracledb from 'oracledb';
declare const db: oracledb.Pool;
export function f() {
  db.getConnection(async (err, conn) => {
    if (err) return;
    await fetch('https://example.com/hook');
    await conn.close();
  });
}`,
      errors: [{ messageId: 'heldAwait', line: 6, data: { handle: 'conn', work: '`fetch()`', kind: HTTP }, suggestions: [] }],
    },
    // ----- scoped helpers (heldInScope, never a suggestion) ---------------------------------------------
    {
      name: 'knex.transaction: a user function without trx',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
declare function notifyWarehouse(id: number): Promise<void>;
export async function ship(id: number) {
  await db.transaction(async trx => {
    await trx('orders').where({ id }).update({ status: 'shipped' });
    await notifyWarehouse(id);
  });
}`,
      errors: [
        { messageId: 'heldInScope', line: 7, column: 5, data: { scope: 'db.transaction', work: '`notifyWarehouse()`', kind: '' }, suggestions: [] },
      ],
    },
    {
      name: 'knex.transaction: a loop with an await per row',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
declare function notify(id: number): Promise<void>;
export async function f(ids: number[]) {
  await db.transaction(async trx => {
    for (const id of ids) {
      await trx('orders').where({ id }).update({ sent: true });
      await notify(id);
    }
  });
}`,
      errors: [{ messageId: 'heldInScope', line: 8, data: { scope: 'db.transaction', work: '`notify()`', kind: '' }, suggestions: [] }],
    },
    {
      name: 'knex.transaction: for await over a non-database iterable',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
declare function lines(): AsyncIterable<string>;
export async function f() {
  await db.transaction(async trx => {
    for await (const line of lines()) await trx('lines').insert({ line });
  });
}`,
      errors: [{ messageId: 'heldInScope', line: 6, data: { scope: 'db.transaction', work: '`lines()`', kind: '' }, suggestions: [] }],
    },
    {
      name: 'postgres.js sql.begin(async sql => …): an HTTP call',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  await sql.begin(async sql => {
    await sql\`update t set n = 1\`;
    await fetch('https://example.com/hook');
  });
}`,
      errors: [{ messageId: 'heldInScope', line: 6, data: { scope: 'sql.begin', work: '`fetch()`', kind: HTTP }, suggestions: [] }],
    },
    {
      name: 'postgres.js sql.begin(options, cb): an HTTP call',
      code: `import postgres from 'postgres';
const sql = postgres();
export async function f() {
  await sql.begin('read write', async tx => {
    await tx\`select 1\`;
    await fetch('https://example.com/hook');
  });
}`,
      errors: [{ messageId: 'heldInScope', line: 6, data: { scope: 'sql.begin', work: '`fetch()`', kind: HTTP }, suggestions: [] }],
    },
    {
      name: 'TypeORM dataSource.transaction: a sleep',
      code: `import { DataSource } from 'typeorm';
declare function sleep(ms: number): Promise<void>;
const dataSource = new DataSource({} as never);
export async function f(user: object) {
  await dataSource.transaction(async manager => {
    await manager.save(user);
    await sleep(10);
  });
}`,
      errors: [{ messageId: 'heldInScope', line: 7, data: { scope: 'dataSource.transaction', work: '`sleep()`', kind: ' (a timer)' }, suggestions: [] }],
    },
    {
      name: 'pg-promise db.tx and db.task: HTTP calls',
      code: `import pgPromise from 'pg-promise';
const db = pgPromise()('postgres://');
export async function f() {
  await db.tx(async t => {
    await t.none('UPDATE t SET n = 1');
    await fetch('https://example.com/a');
  });
  await db.task(async t => {
    await t.any('SELECT 1');
    await fetch('https://example.com/b');
  });
}`,
      errors: [
        { messageId: 'heldInScope', line: 6, data: { scope: 'db.tx', work: '`fetch()`', kind: HTTP }, suggestions: [] },
        { messageId: 'heldInScope', line: 10, data: { scope: 'db.task', work: '`fetch()`', kind: HTTP }, suggestions: [] },
      ],
    },
    {
      name: 'prisma.$transaction: a payment call',
      code: `import { PrismaClient } from '@prisma/client';
import Stripe from 'stripe';
const prisma = new PrismaClient();
const stripe = new Stripe('sk_test');
export async function pay(id: number) {
  await prisma.$transaction(async tx => {
    const { amount } = await tx.order.findUniqueOrThrow({ where: { id } });
    await stripe.charges.create({ amount, currency: 'eur' });
    await tx.order.update({ where: { id }, data: { paid: true } });
  });
}`,
      errors: [
        { messageId: 'heldInScope', line: 8, data: { scope: 'prisma.$transaction', work: '`stripe.charges.create()`', kind: ' (a payment call)' }, suggestions: [] },
      ],
    },
    {
      name: 'MongoDB session.withTransaction on a ClientSession parameter',
      code: `import type { ClientSession } from 'mongodb';
declare function sendEmail(to: string): Promise<void>;
export async function f(session: ClientSession) {
  await session.withTransaction(async () => {
    await sendEmail('a@example.com');
  });
}`,
      errors: [{ messageId: 'heldInScope', line: 5, data: { scope: 'session.withTransaction', work: '`sendEmail()`', kind: '' }, suggestions: [] }],
    },
    {
      name: 'Mongoose session.withTransaction on mongoose.startSession()',
      code: `import mongoose from 'mongoose';
declare function sendEmail(to: string): Promise<void>;
export async function f() {
  const session = await mongoose.startSession();
  try {
    await session.withTransaction(async () => {
      await sendEmail('a@example.com');
    });
  } finally {
    await session.endSession();
  }
}`,
      errors: [{ messageId: 'heldInScope', line: 7, data: { scope: 'session.withTransaction', work: '`sendEmail()`', kind: '' }, suggestions: [] }],
    },
    {
      name: 'MongoDB client.withSession: a user function without the session',
      code: `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://');
declare function sendEmail(to: string): Promise<void>;
export async function f() {
  await client.withSession(async session => {
    await client.db('app').collection('a').insertOne({}, { session });
    await sendEmail('a@example.com');
  });
}`,
      errors: [{ messageId: 'heldInScope', line: 7, data: { scope: 'client.withSession', work: '`sendEmail()`', kind: '' }, suggestions: [] }],
    },
    {
      name: 'Sequelize transaction: a user function without t',
      code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('postgres://');
declare const User: { create(values: object, options: object): Promise<void> };
declare function sendEmail(to: string): Promise<void>;
export async function f() {
  await sequelize.transaction(async t => {
    await User.create({ email: 'a@example.com' }, { transaction: t });
    await sendEmail('a@example.com');
  });
}`,
      errors: [{ messageId: 'heldInScope', line: 8, data: { scope: 'sequelize.transaction', work: '`sendEmail()`', kind: '' }, suggestions: [] }],
    },
    {
      name: 'generic-pool pool.use: a user function without the resource',
      code: `import genericPool from 'generic-pool';
const browsers = genericPool.createPool({ create: async () => ({ close: async () => {} }), destroy: async () => {} });
declare function sendEmail(to: string): Promise<void>;
export async function f() {
  await browsers.use(async browser => {
    await sendEmail('a@example.com');
    await browser.close();
  });
}`,
      errors: [{ messageId: 'heldInScope', line: 6, data: { scope: 'browsers.use', work: '`sendEmail()`', kind: '' }, suggestions: [] }],
    },
    {
      name: 'slonik pool.connect and pool.transaction',
      code: `import { createPool } from 'slonik';
const pool = await createPool('postgres://');
export async function f() {
  await pool.connect(async connection => {
    await fetch('https://example.com/a');
    return connection;
  });
  await pool.transaction(async tx => {
    await fetch('https://example.com/b');
    return tx;
  });
}`,
      errors: [
        { messageId: 'heldInScope', line: 5, data: { scope: 'pool.connect', work: '`fetch()`', kind: HTTP }, suggestions: [] },
        { messageId: 'heldInScope', line: 9, data: { scope: 'pool.transaction', work: '`fetch()`', kind: HTTP }, suggestions: [] },
      ],
    },
    {
      name: 'Drizzle db.transaction: an HTTP call',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
const db = drizzle('postgres://');
export async function f() {
  await db.transaction(async tx => {
    await tx.execute('SELECT 1');
    await fetch('https://example.com/hook');
  });
}`,
      errors: [{ messageId: 'heldInScope', line: 6, data: { scope: 'db.transaction', work: '`fetch()`', kind: HTTP }, suggestions: [] }],
    },
    {
      name: 'scoped helper: allow and knownSlow apply',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
declare const logger: { info(message: string): Promise<void> };
declare const legacyApi: { lookup(id: number): Promise<void> };
export async function f(id: number) {
  await db.transaction(async trx => {
    await logger.info('start');
    await legacyApi.lookup(id);
    await trx('t').where({ id }).del();
  });
}`,
      options: [{ allow: ['logger.*'], knownSlow: ['legacyApi.*'] }],
      errors: [
        { messageId: 'heldInScope', line: 8, data: { scope: 'db.transaction', work: '`legacyApi.lookup()`', kind: ' (known slow work)' }, suggestions: [] },
      ],
    },
  ],
});

jsRuleTester.run('no-await-while-checked-out (CommonJS)', rule, {
  valid: [
    {
      name: 'require("pg"): database work only',
      code: `const { Pool } = require('pg');
const pool = new Pool();
async function f() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}
module.exports = f;`,
    },
  ],
  invalid: [
    {
      name: 'require("mysql"): callback checkout, an HTTP call before release()',
      code: `const mysql = require('mysql');
const db = mysql.createPool({});
function f() {
  db.getConnection(async (err, conn) => {
    if (err) throw err;
    await fetch('https://example.com/hook');
    conn.release();
  });
}
module.exports = f;`,
      errors: [{ messageId: 'heldAwait', line: 6, data: { handle: 'conn', work: '`fetch()`', kind: HTTP }, suggestions: [] }],
    },
    {
      name: 'require("mariadb/callback"): callback checkout, a sleep before release()',
      code: `const mariadb = require('mariadb/callback');
const db = mariadb.createPool({});
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
function f() {
  db.getConnection(async (err, conn) => {
    if (err) return;
    await sleep(10);
    conn.release();
  });
}
module.exports = f;`,
      errors: [{ messageId: 'heldAwait', line: 7, data: { handle: 'conn', work: '`sleep()`', kind: ' (a timer)' }, suggestions: [] }],
    },
  ],
});
