/** knex on pg against Postgres (PGlite over the wire); its tarn pool's counters are the observation. */
import knexModule, { type Knex } from 'knex';
import { afterEach, expect, inject } from 'vitest';
import { acquireTimeoutOf, eventually, driverFacts, objectOf, observeDoubleRelease, releaseFormsOf, releaseKey } from './harness';

const connection = { host: '127.0.0.1', port: inject('pgPort'), user: 'postgres', database: 'postgres' };
const open: Knex[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map(db => db.destroy().catch(() => undefined)));
});

interface TarnCounters {
  numUsed(): number;
  numPendingAcquires(): number;
  acquireTimeoutMillis: number;
}

function makeKnex(config: Partial<Knex.Config> = {}, pool: Knex.PoolConfig = {}): Knex {
  const db = knexModule({ client: 'pg', connection, pool: { min: 0, max: 1, ...pool }, ...config });
  open.push(db);
  return db;
}
const poolOf = (db: Knex): TarnCounters => (db.client as { pool: TarnCounters }).pool;

driverFacts('knex', fact => {
  fact('factory call (module)', () => {
    expect(typeof makeKnex().transaction).toBe('function');
  });
  fact('factory call knex', () => {
    expect((knexModule as unknown as { knex: unknown }).knex).toBe(knexModule);
  });

  fact('knex.acquire.transaction', async () => {
    const db = makeKnex();
    const trx = await db.transaction();
    expect(poolOf(db).numUsed()).toBe(1);
    await trx.commit();
    // knex gives the connection back a tick after commit() settles.
    expect(await eventually(() => poolOf(db).numUsed(), 0)).toBe(0);
  });

  fact('knex.acquire.transaction failing', async () => {
    const db = makeKnex({ connection: { ...connection, port: 1 } }, { acquireTimeoutMillis: 500 });
    await expect(db.transaction()).rejects.toThrow();
    expect(poolOf(db).numUsed()).toBe(0);
  });

  for (const form of releaseFormsOf('knex', 'transaction')) {
    fact(`transaction.release.${releaseKey(form)}`, async () => {
      const db = makeKnex();
      const trx = await db.transaction();
      await trx.raw('SELECT 1');
      // rollback() rejects with its own "rolled back" error unless told not to: the connection is back either way.
      await (trx as unknown as Record<string, () => Promise<unknown>>)[form.method!]!().catch(() => undefined);
      expect(poolOf(db).numUsed()).toBe(0);
    });
  }

  fact('transaction.doubleRelease', async () => {
    const db = makeKnex();
    const observed = await observeDoubleRelease({ acquire: () => db.transaction(), release: trx => trx.commit() });
    expect(observed).toBe(objectOf('knex', 'transaction').doubleRelease);
  });

  fact('client.acquire.acquireConnection', async () => {
    const db = makeKnex();
    const conn = await db.client.acquireConnection();
    expect(poolOf(db).numUsed()).toBe(1);
    await db.client.releaseConnection(conn);
    expect(poolOf(db).numUsed()).toBe(0);
  });

  fact('client.acquire.acquireConnection failing', async () => {
    const db = makeKnex({}, { acquireTimeoutMillis: 200 });
    const conn = await db.client.acquireConnection();
    await expect(db.client.acquireConnection()).rejects.toThrow();
    expect(poolOf(db).numUsed()).toBe(1);
    expect(poolOf(db).numPendingAcquires()).toBe(0);
    await db.client.releaseConnection(conn);
  });

  for (const form of releaseFormsOf('knex', 'connection')) {
    fact(`connection.release.${releaseKey(form)}`, async () => {
      const db = makeKnex();
      const conn = await db.client.acquireConnection();
      await (db.client as Record<string, (handle: unknown) => Promise<void>>)[form.poolMethod!]!(conn);
      expect(poolOf(db).numUsed()).toBe(0);
    });
  }

  fact('connection.doubleRelease', async () => {
    const db = makeKnex();
    const observed = await observeDoubleRelease({
      acquire: () => db.client.acquireConnection(),
      release: conn => db.client.releaseConnection(conn),
    });
    expect(observed).toBe(objectOf('knex', 'connection').doubleRelease);
  });

  fact('knex.managed.transaction', async () => {
    const db = makeKnex();
    expect(await db.transaction(async trx => (await trx.raw('SELECT 1 AS one')).rows[0].one)).toBe(1);
    expect(poolOf(db).numUsed()).toBe(0);
    await expect(db.transaction(async () => Promise.reject(new Error('callback failed')))).rejects.toThrow('callback failed');
    expect(poolOf(db).numUsed()).toBe(0);
  });

  fact('knex.managed.raw', async () => {
    const db = makeKnex();
    await db.raw('SELECT 1');
    expect(poolOf(db).numUsed()).toBe(0);
    await expect(db.raw('SELECT * FROM no_such_table')).rejects.toThrow();
    expect(poolOf(db).numUsed()).toBe(0);
  });

  fact('acquireTimeout', async () => {
    for (const path of acquireTimeoutOf('knex').keys) {
      const db = path.length === 2 ? makeKnex({}, { [path[1]!]: 200 }) : makeKnex({ [path[0]!]: 200 });
      const conn = await db.client.acquireConnection();
      const started = Date.now();
      await expect(db.client.acquireConnection()).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(2000);
      await db.client.releaseConnection(conn);
    }
  });

  fact('acquireTimeout default', () => {
    // The tarn pool knex builds carries the wait bound it applies when none is configured.
    expect(poolOf(makeKnex()).acquireTimeoutMillis).toBe(acquireTimeoutOf('knex').defaultValue);
  });
});
