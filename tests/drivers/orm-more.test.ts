/** Sequelize and slonik against Postgres (PGlite over the wire), observed through their pools' counters. */
import { Sequelize, Transaction } from 'sequelize';
import { createPool, sql, type DatabasePool } from 'slonik';
import { afterEach, expect, inject, it } from 'vitest';
import { poolConfigOf } from '../../src/drivers/pool-config';
import { acquireTimeoutOf, driverFacts, objectOf, observeDoubleRelease, releaseFormsOf, releaseKey, settledWithin } from './harness';

const port = inject('pgPort');
const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map(cleanup => cleanup().catch(() => undefined)));
});

interface SequelizePool {
  using: number;
  waiting: number;
}

driverFacts('sequelize', fact => {
  const makeSequelize = (pool: object = {}) => {
    const sequelize = new Sequelize(url, { logging: false, pool: { max: 1, min: 0, ...pool } });
    cleanups.push(() => sequelize.close());
    return sequelize;
  };
  const poolOf = (sequelize: Sequelize) => (sequelize.connectionManager as unknown as { pool: SequelizePool }).pool;

  fact('factory new Sequelize', () => {
    expect(makeSequelize()).toBeInstanceOf(Sequelize);
  });

  fact('sequelize.acquire.transaction', async () => {
    const sequelize = makeSequelize();
    const transaction = await sequelize.transaction();
    expect(poolOf(sequelize).using).toBe(1);
    await transaction.commit();
    expect(poolOf(sequelize).using).toBe(0);
  });

  fact('sequelize.acquire.transaction failing', async () => {
    const sequelize = makeSequelize({ acquire: 200 });
    const first = await sequelize.transaction();
    await expect(sequelize.transaction()).rejects.toThrow();
    expect(poolOf(sequelize).using).toBe(1);
    expect(poolOf(sequelize).waiting).toBe(0);
    await first.rollback();
    expect(poolOf(sequelize).using).toBe(0);
  });

  for (const form of releaseFormsOf('sequelize', 'transaction')) {
    fact(`transaction.release.${releaseKey(form)}`, async () => {
      const sequelize = makeSequelize();
      const transaction = await sequelize.transaction();
      await sequelize.query('SELECT 1', { transaction });
      await (transaction as unknown as Record<string, () => Promise<void>>)[form.method!]!();
      expect(poolOf(sequelize).using).toBe(0);
    });
  }

  fact('transaction.doubleRelease', async () => {
    const sequelize = makeSequelize();
    const observed = await observeDoubleRelease({ acquire: () => sequelize.transaction(), release: transaction => transaction.commit() });
    expect(observed).toBe(objectOf('sequelize', 'transaction').doubleRelease);
  });

  fact('connectionManager.acquire.getConnection', async () => {
    const sequelize = makeSequelize();
    const connection = await sequelize.connectionManager.getConnection({ type: 'SELECT' } as never);
    expect(poolOf(sequelize).using).toBe(1);
    await sequelize.connectionManager.releaseConnection(connection);
    expect(poolOf(sequelize).using).toBe(0);
  });

  fact('connectionManager.acquire.getConnection failing', async () => {
    const sequelize = makeSequelize({ acquire: 200 });
    const connection = await sequelize.connectionManager.getConnection({ type: 'SELECT' } as never);
    await expect(sequelize.connectionManager.getConnection({ type: 'SELECT' } as never)).rejects.toThrow();
    expect(poolOf(sequelize).using).toBe(1);
    await sequelize.connectionManager.releaseConnection(connection);
  });

  for (const form of releaseFormsOf('sequelize', 'connection')) {
    fact(`connection.release.${releaseKey(form)}`, async () => {
      const sequelize = makeSequelize();
      const connection = await sequelize.connectionManager.getConnection({ type: 'SELECT' } as never);
      await (sequelize.connectionManager as unknown as Record<string, (handle: unknown) => Promise<void>>)[form.poolMethod!]!(connection);
      expect(poolOf(sequelize).using).toBe(0);
    });
  }

  fact('sequelize.managed.transaction', async () => {
    const sequelize = makeSequelize();
    await sequelize.transaction(async transaction => sequelize.query('SELECT 1', { transaction }));
    expect(poolOf(sequelize).using).toBe(0);
    await expect(sequelize.transaction(async () => Promise.reject(new Error('callback failed')))).rejects.toThrow('callback failed');
    expect(poolOf(sequelize).using).toBe(0);
  });

  fact('sequelize.managed.query', async () => {
    const sequelize = makeSequelize();
    await sequelize.query('SELECT 1');
    expect(poolOf(sequelize).using).toBe(0);
    await expect(sequelize.query('SELECT * FROM no_such_table')).rejects.toThrow();
    expect(poolOf(sequelize).using).toBe(0);
  });

  fact('acquireTimeout', async () => {
    const key = acquireTimeoutOf('sequelize').keys[0]!;
    expect(key[0]).toBe('pool');
    const sequelize = makeSequelize({ [key[1]!]: 200 });
    const connection = await sequelize.connectionManager.getConnection({ type: 'SELECT' } as never);
    const started = Date.now();
    await expect(sequelize.connectionManager.getConnection({ type: 'SELECT' } as never)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
    await sequelize.connectionManager.releaseConnection(connection);
  });

  fact('acquireTimeout default', () => {
    const sequelize = makeSequelize();
    // The wait bound Sequelize applies when `pool.acquire` is not configured.
    const pool = poolOf(sequelize) as unknown as { _factory: { acquireTimeoutMillis: number } };
    expect(pool._factory.acquireTimeoutMillis).toBe(acquireTimeoutOf('sequelize').defaultValue);
  });
  void Transaction;
});

driverFacts('slonik', fact => {
  const makePool = async (options: object = {}) => {
    const pool = await createPool(url, { maximumPoolSize: 1, ...options });
    cleanups.push(() => pool.end());
    return pool;
  };

  fact('factory call createPool', async () => {
    expect(typeof (await makePool()).connect).toBe('function');
  });

  for (const method of ['connect', 'transaction'] as const) {
    fact(`pool.managed.${method}`, async () => {
      const pool = await makePool();
      expect(await pool[method](async connection => connection.oneFirst(sql.unsafe`SELECT 1`))).toBe(1);
      expect(pool.state().acquiredConnections).toBe(0);
      await expect(pool[method](async () => Promise.reject(new Error('callback failed')))).rejects.toThrow('callback failed');
      expect(pool.state().acquiredConnections).toBe(0);
    });
  }

  /** The pool of one connection is free again: nothing is held and a further query does not wait. */
  const expectFree = async (pool: DatabasePool) => {
    expect(pool.state().acquiredConnections).toBe(0);
    expect(await settledWithin(pool.oneFirst(sql.unsafe`SELECT 1`), 1000)).toBe('resolved');
  };

  const { managed = [], scoped = [] } = objectOf('slonik', 'pool');
  const scopedMethods = new Set(scoped.map(form => form.method));
  // The query helpers of the data take SQL, no callback: a failing query is how their work throws.
  for (const method of managed.filter(name => !scopedMethods.has(name) && name !== 'stream')) {
    fact(`pool.managed.${method}`, async () => {
      const pool = await makePool();
      const run = (pool as unknown as Record<string, (query: unknown) => Promise<unknown>>)[method]!.bind(pool);
      await run(sql.unsafe`SELECT 1`);
      await expectFree(pool);
      await expect(run(sql.unsafe`SELECT * FROM no_such_table`)).rejects.toThrow();
      await expectFree(pool);
    });
  }

  fact('pool.managed.stream', async () => {
    const pool = await makePool();
    const rows: unknown[] = [];
    await pool.stream(sql.unsafe`SELECT generate_series(1, 3) AS n`, stream => {
      stream.on('data', row => rows.push(row.data));
    });
    expect(rows).toHaveLength(3);
    await expectFree(pool);
    const handlerFailure = pool.stream(sql.unsafe`SELECT 1`, () => {
      throw new Error('callback failed');
    });
    await expect(handlerFailure).rejects.toThrow('callback failed');
    await expectFree(pool);
    await expect(pool.stream(sql.unsafe`SELECT * FROM no_such_table`, stream => stream.resume())).rejects.toThrow();
    await expectFree(pool);
  });

  // The data names no acquire timeout for slonik: `connectionTimeout` (documented as the timeout
  // for establishing a connection) does not bound the wait for a busy pool.
  it('slonik › no pool option bounds the wait for a busy pool (the data names none)', async () => {
    expect(poolConfigOf('slonik')?.acquireTimeout).toBeUndefined();
    const pool = await makePool({ connectionTimeout: 200 });
    let release: () => void = () => undefined;
    const holding = pool.connect(() => new Promise<void>(resolve => (release = resolve)));
    await new Promise(resolve => setTimeout(resolve, 100));
    const waiting = pool.query(sql.unsafe`SELECT 1`);
    const outcome = await settledWithin(waiting, 1500);
    release();
    await holding;
    await waiting;
    expect(outcome).toBe('pending');
  });
});
