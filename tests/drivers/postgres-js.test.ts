/** postgres.js and pg-promise against Postgres (PGlite over the wire). */
import pgPromise from 'pg-promise';
import postgres from 'postgres';
import { afterEach, expect, inject } from 'vitest';
import { acquireTimeoutOf, driverFacts, objectOf, observeDoubleRelease, releaseFormsOf, releaseKey, settledWithin } from './harness';

const port = inject('pgPort');
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map(cleanup => cleanup().catch(() => undefined)));
});

driverFacts('postgres', fact => {
  const makeSql = (options: postgres.Options<Record<string, never>> = {}) => {
    const sql = postgres({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', max: 1, onnotice: () => undefined, ...options });
    cleanups.push(() => sql.end({ timeout: 1 }));
    return sql;
  };

  fact('factory call (module)', () => {
    expect(typeof makeSql().reserve).toBe('function');
  });

  fact('sql.acquire.reserve', async () => {
    const sql = makeSql();
    const reserved = await sql.reserve();
    const waiter = sql.reserve();
    expect(await settledWithin(waiter, 300)).toBe('pending');
    reserved.release();
    (await waiter).release();
  });

  fact('sql.acquire.reserve failing', async () => {
    const sql = makeSql({ port: 1, connect_timeout: 1 });
    await expect(sql.reserve()).rejects.toThrow();
    expect(await settledWithin(sql.end({ timeout: 1 }), 2000)).toBe('resolved');
  });

  for (const form of releaseFormsOf('postgres', 'reserved')) {
    fact(`reserved.release.${releaseKey(form)}`, async () => {
      const sql = makeSql();
      const reserved = await sql.reserve();
      (reserved as unknown as Record<string, () => void>)[form.method!]!();
      const next = sql.reserve();
      expect(await settledWithin(next, 2000)).toBe('resolved');
      (await next).release();
    });
  }

  fact('reserved.doubleRelease', async () => {
    const sql = makeSql();
    const observed = await observeDoubleRelease({ acquire: () => sql.reserve(), release: reserved => reserved.release() });
    expect(observed).toBe(objectOf('postgres', 'reserved').doubleRelease);
  });

  fact('sql.managed.begin', async () => {
    const sql = makeSql();
    expect(await sql.begin(async tx => (await tx`SELECT 1 AS one`)[0]!.one)).toBe(1);
    await expect(sql.begin(async () => Promise.reject(new Error('callback failed')))).rejects.toThrow('callback failed');
    const next = sql.reserve();
    expect(await settledWithin(next, 2000)).toBe('resolved');
    (await next).release();
  });

  fact('sql.managed.unsafe', async () => {
    const sql = makeSql();
    await sql.unsafe('SELECT 1');
    await expect(sql.unsafe('SELECT * FROM no_such_table')).rejects.toThrow();
    const next = sql.reserve();
    expect(await settledWithin(next, 2000)).toBe('resolved');
    (await next).release();
  });
});

driverFacts('pg-promise', fact => {
  const pgp = pgPromise();
  let databases = 0;
  const makeDb = (config: Record<string, unknown> = {}) => {
    // A distinct application_name per database object: pg-promise warns about duplicates.
    const db = pgp({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', max: 1, application_name: `facts${++databases}`, ...config });
    cleanups.push(() => db.$pool.end());
    return db;
  };
  const held = (db: ReturnType<typeof makeDb>) => db.$pool.totalCount - db.$pool.idleCount;

  fact('factory call (module)', () => {
    expect(typeof pgp).toBe('function');
  });

  fact('db.acquire.connect', async () => {
    const db = makeDb();
    const sco = await db.connect();
    expect(held(db)).toBe(1);
    sco.done();
    expect(held(db)).toBe(0);
  });

  fact('db.acquire.connect failing', async () => {
    const db = makeDb({ port: 1 });
    await expect(db.connect()).rejects.toThrow();
    expect(db.$pool.totalCount).toBe(0);
  });

  for (const form of releaseFormsOf('pg-promise', 'sco')) {
    fact(`sco.release.${releaseKey(form)}`, async () => {
      const db = makeDb();
      const sco = await db.connect();
      (sco as unknown as Record<string, () => void>)[form.method!]!();
      expect(held(db)).toBe(0);
    });
  }

  fact('sco.doubleRelease', async () => {
    const db = makeDb();
    const observed = await observeDoubleRelease({ acquire: () => db.connect(), release: sco => sco.done() });
    expect(observed).toBe(objectOf('pg-promise', 'sco').doubleRelease);
  });

  for (const method of ['task', 'taskIf', 'tx', 'txIf'] as const) {
    fact(`db.managed.${method}`, async () => {
      const db = makeDb();
      const run = db[method] as unknown as (cb: (t: { one(query: string): Promise<{ one: number }> }) => Promise<unknown>) => Promise<unknown>;
      expect(await run.call(db, async t => (await t.one('SELECT 1 AS one')).one)).toBe(1);
      expect(held(db)).toBe(0);
      await expect(run.call(db, async () => Promise.reject(new Error('callback failed')))).rejects.toThrow('callback failed');
      expect(held(db)).toBe(0);
    });
  }

  for (const method of ['one', 'any', 'none', 'query'] as const) {
    fact(`db.managed.${method}`, async () => {
      const db = makeDb();
      const run = db[method] as (query: string) => Promise<unknown>;
      await run.call(db, method === 'none' ? 'SELECT 1 WHERE false' : 'SELECT 1 AS one');
      expect(held(db)).toBe(0);
      await expect(run.call(db, 'SELECT * FROM no_such_table')).rejects.toThrow();
      expect(held(db)).toBe(0);
    });
  }

  fact('acquireTimeout', async () => {
    const { keys } = acquireTimeoutOf('pg-promise');
    const db = makeDb({ [keys[0]![0]!]: 200 });
    const sco = await db.connect();
    await expect(db.connect()).rejects.toThrow();
    sco.done();
    expect(held(db)).toBe(0);
  });

  fact('acquireTimeout default', async () => {
    expect(acquireTimeoutOf('pg-promise').defaultValue).toBeNull();
    const db = makeDb();
    const sco = await db.connect();
    const waiter = db.connect();
    expect(await settledWithin(waiter, 1500)).toBe('pending');
    sco.done();
    (await waiter).done();
  });
});
