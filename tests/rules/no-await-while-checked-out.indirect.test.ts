/**
 * no-await-while-checked-out: database work reached indirectly, and work that only looks like it.
 * A query builder bound to the handle later (`q.connection(conn)`, `q.transacting(trx)`), a stream,
 * cursor or result object a query on the handle returned, and a wrapper of the handle kept in a field
 * (`this.db = wrap(conn)`, then `this.db.run()` or a method of the same class that uses it) are database
 * work. A `for await` over an array in memory awaits only its elements. An object of a driver that talks
 * to another kind of server (a Redis client while a SQL connection is held) is not the held connection.
 */
import rule from '../../src/rules/no-await-while-checked-out';
import { ruleTester } from '../rule-tester';

ruleTester.run('no-await-while-checked-out (indirect database work)', rule, {
  valid: [
    {
      name: 'a builder bound to the connection by a later call, then awaited',
      code: `import { Pool } from 'pg';
import { builder } from './query-builder';
const db = new Pool();
export async function f(id: number) {
  const conn = await db.connect();
  try {
    const query = builder('users').where({ id });
    query.connection(conn);
    return await query;
  } finally {
    conn.release();
  }
}`,
    },
    {
      name: 'knex: a builder kept in a variable, bound with transacting(trx), then awaited',
      code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function f(rows: object[]) {
  const trx = await db.transaction();
  try {
    const insert = db('events').insert(rows);
    insert.transacting(trx);
    await insert;
    await db('audit').insert({ n: rows.length }).transacting(trx);
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`,
    },
    {
      name: 'a chained builder bound inline and awaited after a further link',
      code: `import mysql from 'mysql2/promise';
import { select } from './sql';
const db = mysql.createPool({});
export async function f() {
  const conn = await db.getConnection();
  try {
    return await select('users').connection(conn).first();
  } finally {
    conn.release();
  }
}`,
    },
    {
      name: 'a stream returned by a query on the handle: awaiting its fields and iterating it',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f() {
  const conn = await db.connect();
  try {
    const stream = conn.query('SELECT * FROM big');
    await stream.fields();
    for await (const row of stream) console.log(row);
    for await (const row of conn.query('SELECT 2').stream()) console.log(row);
  } finally {
    conn.release();
  }
}`,
    },
    {
      name: 'a cursor assigned later from a query on the handle',
      code: `import { Pool } from 'pg';
import Cursor from 'pg-cursor';
const db = new Pool();
export async function f() {
  const client = await db.connect();
  let cursor;
  try {
    cursor = client.query(new Cursor('SELECT * FROM t'));
    const rows = await cursor.read(100);
    return rows;
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'a wrapper of the handle kept in a field, used directly and by methods of the same class',
      code: `import { Pool } from 'pg';
import { wrap } from './wrap';
const pool = new Pool();
export class Job {
  db: ReturnType<typeof wrap> | null = null;
  async run() {
    const conn = await pool.connect();
    try {
      this.db = wrap(conn);
      await this.db.exec('SELECT 1');
      await this.load();
      await this.save();
    } finally {
      conn.release();
    }
  }
  private async load() {
    return this.db!.exec('SELECT 2');
  }
  private save = async () => {
    await this.write();
  };
  private async write() {
    await this.db!.exec('UPDATE t SET n = 1');
  }
}`,
    },
    {
      name: 'for await over arrays in memory: a literal, a mapped local array, Object.values, a filtered parameter',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f(a: Promise<number>, b: Promise<number>, ids: number[], byId: Record<string, number>) {
  const conn = await db.connect();
  try {
    for await (const x of [a, b]) await conn.query('SELECT $1', [x]);
    const doubled = ids.map(id => id * 2);
    for await (const y of doubled) await conn.query('SELECT $1', [y]);
    for await (const z of Object.values(byId)) await conn.query('SELECT $1', [z]);
    for await (const w of ids.filter(id => id > 0)) await conn.query('SELECT $1', [w]);
    for await (const v of Array.from(new Set(ids))) await conn.query('SELECT $1', [v]);
  } finally {
    conn.release();
  }
}`,
    },
    {
      name: 'for await over an array of queries on the handle',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f(ids: number[]) {
  const conn = await db.connect();
  try {
    const pending = ids.map(id => conn.query('SELECT $1', [id]));
    for await (const result of pending) console.log(result.rows);
  } finally {
    conn.release();
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'for await over an array of HTTP calls is slow work',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f(urls: string[]) {
  const conn = await db.connect();
  try {
    const responses = urls.map(url => fetch(url));
    for await (const response of responses) await conn.query('SELECT $1', [response.status]);
  } finally {
    conn.release();
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 7, data: { handle: 'conn', work: '`responses()`', kind: '' } }],
    },
    {
      name: 'for await over a literal array of HTTP calls, and over a response body',
      code: `import { Pool } from 'pg';
const db = new Pool();
export async function f(a: string, b: string) {
  const conn = await db.connect();
  try {
    for await (const response of [fetch(a), fetch(b)]) await conn.query('SELECT $1', [response.status]);
    const body = (await fetch(a)).body!;
    for await (const chunk of body) await conn.query('SELECT $1', [chunk.length]);
  } finally {
    conn.release();
  }
}`,
      errors: [
        { messageId: 'heldAwait', line: 6 },
        { messageId: 'heldAwait', line: 7 },
        { messageId: 'heldAwait', line: 8 },
      ],
    },
    {
      name: 'ioredis: a cache read while a pg connection is held',
      code: `import { Pool } from 'pg';
import Redis from 'ioredis';
const db = new Pool();
const cache = new Redis();
export async function f(key: string) {
  const conn = await db.connect();
  try {
    const cached = await cache.get(key);
    await conn.query('UPDATE t SET v = $1', [cached]);
  } finally {
    conn.release();
  }
}`,
      errors: [
        {
          messageId: 'heldAwait',
          line: 8,
          data: { handle: 'conn', work: '`cache.get()`', kind: '' },
          suggestions: [
            {
              messageId: 'moveBeforeAcquire',
              data: { handle: 'conn', work: '`cache.get()`', kind: '' },
              output: `import { Pool } from 'pg';
import Redis from 'ioredis';
const db = new Pool();
const cache = new Redis();
export async function f(key: string) {
  const cached = await cache.get(key);
  const conn = await db.connect();
  try {
    await conn.query('UPDATE t SET v = $1', [cached]);
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
      name: 'node-redis: a cache write while a mysql2 connection is held (callback form of the client)',
      code: `import mysql from 'mysql2/promise';
import { createClient } from 'redis';
const db = mysql.createPool({});
const redis = createClient();
export async function f(id: number) {
  const conn = await db.getConnection();
  try {
    const [rows] = await conn.query('SELECT * FROM t WHERE id = ?', [id]);
    await redis.set(String(id), JSON.stringify(rows));
  } finally {
    conn.release();
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 9, data: { handle: 'conn', work: '`redis.set()`', kind: '' } }],
    },
    {
      name: 'ioredis inside a knex transaction callback',
      code: `import knex from 'knex';
import Redis from 'ioredis';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
const redis = new Redis();
export async function f(id: number) {
  await db.transaction(async trx => {
    await trx('t').where({ id }).update({ seen: true });
    await redis.del(\`t:\${id}\`);
  });
}`,
      errors: [{ messageId: 'heldInScope', line: 8, data: { scope: 'db.transaction', work: '`redis.del()`', kind: '' } }],
    },
    {
      name: 'a method of the class that does not use the wrapped handle is not database work',
      code: `import { Pool } from 'pg';
import { wrap } from './wrap';
const pool = new Pool();
export class Job {
  db: ReturnType<typeof wrap> | null = null;
  async run() {
    const conn = await pool.connect();
    try {
      this.db = wrap(conn);
      await this.notify();
    } finally {
      conn.release();
    }
  }
  private async notify() {
    await fetch('https://example.com/hook');
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 10, data: { handle: 'conn', work: '`this.notify()`', kind: '' } }],
    },
  ],
});
