/** pg and pg-pool against Postgres (PGlite over the wire), observed through the pool's counters. */
import pgModule from 'pg';
// @ts-expect-error pg-pool ships no types; the shape used here is declared below.
import PgPool from 'pg-pool';
import { afterEach, expect, inject } from 'vitest';
import {
  acquireTimeoutOf,
  driverFacts,
  objectOf,
  observeDoubleRelease,
  releaseFormsOf,
  releaseKey,
  settledWithin,
  type Fact,
} from './harness';

// pg ships no types (and tests/fixtures declares a minimal 'pg' for the type-aware tests): the part used here.
interface PoolClient {
  release(destroy?: boolean | Error): void;
}
interface Pool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  connect(): Promise<PoolClient>;
  query(text: string): Promise<unknown>;
  end(): Promise<void>;
}
interface Client {
  connect(): Promise<void>;
  query(text: string): Promise<{ rows: { one: number }[] }>;
  end(): Promise<void>;
  once(event: string, listener: (...args: unknown[]) => void): void;
}
type PoolConfig = Record<string, unknown>;
const pg = pgModule as unknown as {
  Pool: new (config?: PoolConfig) => Pool;
  Client: new (config?: PoolConfig) => Client;
};

const connection = { host: '127.0.0.1', port: inject('pgPort'), user: 'postgres', database: 'postgres' };
const open: Pool[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map(pool => pool.end().catch(() => undefined)));
});

type PoolClass = new (config: PoolConfig) => Pool;

function poolFacts(driverId: string, Pool: PoolClass, fact: Fact): void {
  const makePool = (config: PoolConfig = {}): Pool => {
    const pool = new Pool({ ...connection, max: 1, ...config });
    open.push(pool);
    return pool;
  };
  const held = (pool: Pool): number => pool.totalCount - pool.idleCount;

  fact('pool.acquire.connect', async () => {
    const pool = makePool();
    const client = await pool.connect();
    expect(held(pool)).toBe(1);
    const waiter = pool.connect();
    expect(await settledWithin(waiter, 300)).toBe('pending');
    client.release();
    (await waiter).release();
    // The callback style hands the handle and a `done` that releases (the data's handleParam/releaseParam).
    const form = objectOf(driverId, 'pool').acquire!.find(candidate => candidate.method === 'connect')!;
    await new Promise<void>((resolve, reject) => {
      (pool.connect as (cb: (...args: unknown[]) => void) => void)((...args: unknown[]) => {
        if (args[0]) return reject(args[0]);
        expect(held(pool)).toBe(1);
        (args[form.releaseParam!] as () => void)();
        resolve();
      });
    });
    expect(held(pool)).toBe(0);
  });

  fact('pool.acquire.connect failing', async () => {
    const pool = makePool({ port: 1 });
    await expect(pool.connect()).rejects.toThrow();
    expect(pool.totalCount).toBe(0);
    expect(pool.waitingCount).toBe(0);
  });

  for (const form of releaseFormsOf(driverId, 'poolClient')) {
    fact(`poolClient.release.${releaseKey(form)}`, async () => {
      const pool = makePool();
      const client = await pool.connect();
      (client as unknown as Record<string, () => unknown>)[form.method!]!();
      expect(held(pool)).toBe(0);
      (await pool.connect()).release();
    });
  }

  fact('poolClient.doubleRelease', async () => {
    const pool = makePool();
    const observed = await observeDoubleRelease({ acquire: () => pool.connect(), release: client => client.release() });
    expect(observed).toBe(objectOf(driverId, 'poolClient').doubleRelease);
  });

  fact('poolClient.disposable', async () => {
    const pool = makePool();
    const client = await pool.connect();
    const disposable = Symbol.asyncDispose in client || Symbol.dispose in client;
    client.release();
    expect(disposable).toBe(objectOf(driverId, 'poolClient').disposable);
  });

  fact('pool.managed.query', async () => {
    const pool = makePool();
    await pool.query('SELECT 1');
    expect(held(pool)).toBe(0);
    await expect(pool.query('SELECT * FROM no_such_table')).rejects.toThrow();
    expect(held(pool)).toBe(0);
    expect(await settledWithin(pool.connect().then(client => client.release()), 2000)).toBe('resolved');
  });

  fact('acquireTimeout', async () => {
    const { keys } = acquireTimeoutOf(driverId);
    const pool = makePool({ [keys[0]![0]!]: 200 });
    const client = await pool.connect();
    const started = Date.now();
    await expect(pool.connect()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
    client.release();
    // The failed wait took nothing: the next checkout gets the one connection.
    expect(await settledWithin(pool.connect().then(next => next.release()), 2000)).toBe('resolved');
  });

  fact('acquireTimeout default', async () => {
    const { defaultValue } = acquireTimeoutOf(driverId);
    const pool = makePool();
    const client = await pool.connect();
    // null: waits without bound; a number would end the wait then (this proves only the unbounded case).
    expect(defaultValue).toBeNull();
    const waiter = pool.connect();
    expect(await settledWithin(waiter, 1500)).toBe('pending');
    client.release();
    (await waiter).release();
  });
}

driverFacts('pg', fact => {
  poolFacts('pg', pg.Pool, fact);

  fact('factory new Pool', () => {
    expect(new pg.Pool()).toBeInstanceOf(pg.Pool);
  });
  fact('factory new Client', () => {
    expect(new pg.Client()).toBeInstanceOf(pg.Client);
  });

  fact('client.opens.connect', async () => {
    const client = new pg.Client(connection);
    await client.connect();
    expect((await client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
    for (const form of releaseFormsOf('pg', 'client')) {
      await (client as unknown as Record<string, () => Promise<void>>)[form.method!]!();
    }
    await expect(client.query('SELECT 1')).rejects.toThrow();
  });

  fact('client.release.end', async () => {
    const client = new pg.Client(connection);
    await client.connect();
    const ended = new Promise(resolve => client.once('end', resolve));
    await client.end();
    expect(await settledWithin(ended, 2000)).toBe('resolved');
  });
});

driverFacts('pg-pool', fact => {
  poolFacts('pg-pool', PgPool as unknown as PoolClass, fact);
  fact('factory new (module)', () => {
    expect(typeof PgPool).toBe('function');
  });
});
