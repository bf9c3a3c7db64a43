/**
 * no-await-while-checked-out: what counts as the connection and what as data.
 * An awaited query result is data, not the connection: a call that reads it is reported (except for
 * generic-pool and tarn resources, where an awaited result stays part of the resource). Values
 * assigned from the handle later (`repo = runner.manager.getRepository(U)`) are followed.
 * `Promise.all(ids.map(id => client.query(…)))` and spreads of such maps are database work.
 * Sessions from MongoDB `client.startSession()` are known, so `session.withTransaction(cb)` is a scoped hold.
 */
import rule from '../../src/rules/no-await-while-checked-out';
import { ruleTester } from '../rule-tester';

ruleTester.run('no-await-while-checked-out (results, lists, sessions)', rule, {
  valid: [
    {
      name: 'generic-pool: an awaited result of the resource stays part of the resource',
      code: `import genericPool from 'generic-pool';
declare function makeBrowser(): Promise<{ newPage(): Promise<{ goto(url: string): Promise<void> }> }>;
const pool = genericPool.createPool({ create: makeBrowser, destroy: async () => {} });
export async function render(url: string) {
  const browser = await pool.acquire();
  try {
    const page = await browser.newPage();
    await page.goto(url);
  } finally {
    await pool.release(browser);
  }
}`,
    },
    {
      name: 'tarn: an awaited result of the resource stays part of the resource',
      code: `import { Pool } from 'tarn';
declare function connect(): Promise<{ open(): Promise<{ send(x: string): Promise<void> }> }>;
const pool = new Pool({ create: connect, destroy: () => {}, min: 0, max: 4 });
export async function f() {
  const resource = await pool.acquire().promise;
  try {
    const channel = await resource.open();
    await channel.send('x');
  } finally {
    pool.release(resource);
  }
}`,
    },
    {
      name: 'Promise.all over ids.map(id => client.query(…)), a spread of such a map, Promise.allSettled',
      code: `import pg from 'pg';
const pool = new pg.Pool();
export async function f(ids: number[]) {
  const client = await pool.connect();
  try {
    await Promise.all(ids.map(id => client.query('DELETE FROM t WHERE id = $1', [id])));
    await Promise.all([client.query('SELECT 1'), ...ids.map(id => client.query('SELECT $1', [id]))]);
    await Promise.allSettled(ids.map(id => client.query('SELECT $1', [id])));
    await Promise.all(ids.map(async id => client.query('SELECT $1', [id])));
    await Promise.all(ids.map(id => {
      return client.query('SELECT $1', [id]);
    }));
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'TypeORM: a repository assigned (not declared) from the query runner is the runner',
      code: `import { DataSource } from 'typeorm';
declare class User {}
const dataSource = new DataSource({} as never);
export async function f(user: User) {
  const runner = dataSource.createQueryRunner();
  let repo;
  try {
    repo = runner.manager.getRepository(User);
    await repo.save(user);
  } finally {
    await runner.release();
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'pg: a query result kept whole is data; notify(result.rows[0].id) is reported',
      code: `import pg from 'pg';
const pool = new pg.Pool();
declare function notify(id: number): Promise<void>;
export async function f() {
  const client = await pool.connect();
  try {
    const result = await client.query('SELECT id FROM t');
    await notify(result.rows[0].id);
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 8, column: 5, data: { handle: 'client', work: '`notify()`', kind: '' }, suggestions: [] }],
    },
    {
      name: 'TypeORM query runner: an entity loaded with findOneByOrFail is data; the payment call is reported',
      code: `import { DataSource } from 'typeorm';
declare class Order { amount: number }
declare const stripe: { charges: { create(c: object): Promise<void> } };
const dataSource = new DataSource({} as never);
export async function pay(id: number) {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const order = await runner.manager.findOneByOrFail(Order, { id });
    await stripe.charges.create({ amount: order.amount });
  } finally {
    await runner.release();
  }
}`,
      errors: [
        {
          messageId: 'heldAwait',
          line: 10,
          column: 5,
          data: { handle: 'runner', work: '`stripe.charges.create()`', kind: ' (a payment call)' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'Prisma $transaction: an entity loaded through tx is data; the payment call is held in the scope',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
declare const stripe: { charges: { create(c: object): Promise<void> } };
export async function pay(id: number) {
  await prisma.$transaction(async tx => {
    const order = await tx.order.findUniqueOrThrow({ where: { id } });
    await stripe.charges.create({ amount: order.amount });
  });
}`,
      errors: [
        {
          messageId: 'heldInScope',
          line: 7,
          column: 5,
          data: { scope: 'prisma.$transaction', work: '`stripe.charges.create()`', kind: ' (a payment call)' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'Promise.all over a map of non-database calls, and a spread of one, are reported',
      code: `import pg from 'pg';
const pool = new pg.Pool();
declare function notify(id: number): Promise<void>;
export async function f(ids: number[]) {
  const client = await pool.connect();
  try {
    await Promise.all(ids.map(id => notify(id)));
    await Promise.all([client.query('SELECT 1'), ...ids.map(id => notify(id))]);
  } finally {
    client.release();
  }
}`,
      errors: [
        { messageId: 'heldAwait', line: 7, column: 5, data: { handle: 'client', work: '`Promise.all()`', kind: '' }, suggestions: [] },
        { messageId: 'heldAwait', line: 8, column: 5, data: { handle: 'client', work: '`Promise.all()`', kind: '' }, suggestions: [] },
      ],
    },
    {
      name: 'MongoDB: session.withTransaction(cb) on a session from client.startSession() is a scoped hold',
      code: `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://');
declare function sendEmail(): Promise<void>;
export async function f() {
  const session = client.startSession();
  try {
    await session.withTransaction(async () => {
      await sendEmail();
    });
  } finally {
    await session.endSession();
  }
}`,
      errors: [
        { messageId: 'heldInScope', line: 8, column: 7, data: { scope: 'session.withTransaction', work: '`sendEmail()`', kind: '' }, suggestions: [] },
      ],
    },
  ],
});
