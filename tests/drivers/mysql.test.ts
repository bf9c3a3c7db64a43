/**
 * mysql2, mysql and mariadb against a real MariaDB (Debian's `mariadbd`, started by servers.ts when
 * installed; otherwise these facts are reported as not run). Observed through the pools' counters.
 */
import * as mariadb from 'mariadb';
import * as mariadbCallback from 'mariadb/callback';
// @ts-expect-error mysql ships no types; the callback shapes used here are declared below.
import mysqlModule from 'mysql';
import mysql2Callback from 'mysql2';
import * as mysql2 from 'mysql2/promise';
import { afterEach, expect, inject } from 'vitest';
import { acquireTimeoutOf, driverFacts, type Fact, objectOf, observeDoubleRelease, releaseFormsOf, releaseKey, settledWithin } from './harness';

const port = inject('mariadbPort');
const skip = port === 0 ? inject('mariadbMissing') : undefined;
const connection = { host: '127.0.0.1', port, user: 'root' };
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map(cleanup => cleanup().catch(() => undefined)));
});

type Callback = (error: Error | null, value?: unknown) => void;
interface CallbackPool {
  _allConnections: { length: number };
  _freeConnections: { length: number };
  getConnection(callback: Callback): void;
  query(sql: string, callback: Callback): void;
  end(callback?: Callback): void;
}
interface CallbackConnection {
  release(): void;
}
const heldIn = (pool: CallbackPool): number => pool._allConnections.length - pool._freeConnections.length;
const checkout = <T>(pool: { getConnection(callback: Callback): void }) =>
  new Promise<T>((resolve, reject) => pool.getConnection((error, conn) => (error ? reject(error) : resolve(conn as T))));
const queryCallback = (pool: CallbackPool, sql: string) =>
  new Promise<unknown>((resolve, reject) => pool.query(sql, (error, rows) => (error ? reject(error) : resolve(rows))));
const call = (target: object, method: string, ...args: unknown[]) => (target as Record<string, (...a: unknown[]) => unknown>)[method]!(...args);

interface PromisePool<C> {
  getConnection(): Promise<C>;
}

/** The pooled-connection facts mysql2 and mariadb share: release forms, second release, `await using`, query helpers. */
function sharedPoolFacts<C extends { release(): unknown }, P extends PromisePool<C>>(
  driverId: string,
  fact: Fact,
  makePool: () => P,
  held: (pool: P) => number,
): void {
  for (const form of releaseFormsOf(driverId, 'poolConnection')) {
    fact(`poolConnection.release.${releaseKey(form)}`, async () => {
      const pool = makePool();
      const conn = await pool.getConnection();
      await (form.method ? call(conn, form.method) : call(pool, form.poolMethod!, conn));
      expect(held(pool)).toBe(0);
      const next = pool.getConnection();
      expect(await settledWithin(next, 3000)).toBe('resolved');
      await (await next).release();
    });
  }

  fact('poolConnection.doubleRelease', async () => {
    const pool = makePool();
    const observed = await observeDoubleRelease({ acquire: () => pool.getConnection(), release: conn => conn.release() });
    expect(observed).toBe(objectOf(driverId, 'poolConnection').doubleRelease);
  });

  fact('poolConnection.disposable', async () => {
    const pool = makePool();
    {
      await using conn = (await pool.getConnection()) as C & AsyncDisposable;
      expect(Symbol.asyncDispose in conn).toBe(objectOf(driverId, 'poolConnection').disposable);
      expect(held(pool)).toBe(1);
    }
    expect(held(pool)).toBe(0);
  });

  for (const method of ['query', 'execute']) {
    fact(`pool.managed.${method}`, async () => {
      const pool = makePool();
      const run = (sql: string) => call(pool, method, sql) as Promise<unknown>;
      await run('SELECT 1');
      expect(held(pool)).toBe(0);
      await expect(run('SELECT * FROM no_such_table')).rejects.toThrow();
      expect(held(pool)).toBe(0);
    });
  }
}

driverFacts(
  'mysql2',
  fact => {
    const makePool = (options: mysql2.PoolOptions = {}) => {
      const pool = mysql2.createPool({ ...connection, connectionLimit: 1, ...options });
      cleanups.push(() => pool.end());
      return pool;
    };
    const held = (pool: mysql2.Pool) => heldIn((pool as unknown as { pool: CallbackPool }).pool);

    for (const name of ['createPool', 'createPoolCluster', 'createConnection']) {
      fact(`factory call ${name}`, () => {
        expect(typeof (mysql2 as Record<string, unknown>)[name]).toBe('function');
      });
    }

    fact('pool.acquire.getConnection', async () => {
      const pool = makePool();
      const conn = await pool.getConnection();
      expect(held(pool)).toBe(1);
      conn.release();
      expect(held(pool)).toBe(0);
      // The callback flavour hands the connection to the callback.
      const callbackPool = mysql2Callback.createPool({ ...connection, connectionLimit: 1 }) as unknown as CallbackPool;
      cleanups.push(() => new Promise(resolve => callbackPool.end(resolve)));
      const callbackConn = await checkout<CallbackConnection>(callbackPool);
      expect(heldIn(callbackPool)).toBe(1);
      callbackConn.release();
      expect(heldIn(callbackPool)).toBe(0);
    });

    fact('pool.acquire.getConnection failing', async () => {
      const pool = makePool({ port: 1, connectTimeout: 500 });
      await expect(pool.getConnection()).rejects.toThrow();
      expect(held(pool)).toBe(0);
    });

    sharedPoolFacts('mysql2', fact, makePool, held);

    fact('acquireTimeout', async () => {
      const { keys, measure } = acquireTimeoutOf('mysql2');
      expect(measure).toBe('queueLimit');
      const pool = makePool({ [keys[0]![0]!]: 1 });
      const conn = await pool.getConnection();
      const queued = pool.getConnection();
      // A full queue refuses the next caller at once instead of letting it wait.
      expect(await settledWithin(pool.getConnection(), 1000)).toBe('rejected');
      conn.release();
      (await queued).release();
    });

    fact('acquireTimeout default', async () => {
      expect(acquireTimeoutOf('mysql2').defaultValue).toBeNull();
      const pool = makePool();
      const conn = await pool.getConnection();
      const waiters = [1, 2, 3].map(() => pool.getConnection());
      expect(await settledWithin(Promise.race(waiters), 1000)).toBe('pending');
      conn.release();
      for (const waiter of waiters) (await waiter).release();
    });

    fact('connection.release.end', async () => {
      const conn = await mysql2.createConnection(connection);
      await conn.end();
      await expect(conn.query('SELECT 1')).rejects.toThrow();
    });
    fact('connection.release.destroy', async () => {
      const conn = await mysql2.createConnection(connection);
      conn.destroy();
      await expect(conn.query('SELECT 1')).rejects.toThrow();
    });
    fact('connection.disposable', async () => {
      const conn = await mysql2.createConnection(connection);
      expect(Symbol.asyncDispose in conn).toBe(objectOf('mysql2', 'connection').disposable);
      await conn.end();
    });
  },
  skip,
);

driverFacts(
  'mysql',
  fact => {
    const mysql = mysqlModule as { createPool(options: object): CallbackPool };
    const makePool = (options: object = {}) => {
      const pool = mysql.createPool({ ...connection, connectionLimit: 1, ...options });
      cleanups.push(() => new Promise(resolve => pool.end(resolve)));
      return pool;
    };

    fact('pool.acquire.getConnection', async () => {
      const pool = makePool();
      const conn = await checkout<CallbackConnection>(pool);
      expect(heldIn(pool)).toBe(1);
      conn.release();
      expect(heldIn(pool)).toBe(0);
    });

    fact('pool.acquire.getConnection failing', async () => {
      const pool = makePool({ port: 1, connectTimeout: 500 });
      await expect(checkout(pool)).rejects.toThrow();
      expect(heldIn(pool)).toBe(0);
    });

    for (const form of releaseFormsOf('mysql', 'poolConnection')) {
      fact(`poolConnection.release.${releaseKey(form)}`, async () => {
        const pool = makePool();
        const conn = await checkout<CallbackConnection>(pool);
        if (form.method) call(conn, form.method);
        else call(pool, form.poolMethod!, conn);
        expect(await settledWithin(checkout<CallbackConnection>(pool).then(next => next.release()), 2000)).toBe('resolved');
        expect(heldIn(pool)).toBe(0);
      });
    }

    fact('poolConnection.doubleRelease', async () => {
      const pool = makePool();
      const observed = await observeDoubleRelease({ acquire: () => checkout<CallbackConnection>(pool), release: conn => conn.release() });
      expect(observed).toBe(objectOf('mysql', 'poolConnection').doubleRelease);
    });

    fact('pool.managed.query', async () => {
      const pool = makePool();
      await queryCallback(pool, 'SELECT 1');
      expect(heldIn(pool)).toBe(0);
      await expect(queryCallback(pool, 'SELECT * FROM no_such_table')).rejects.toThrow();
      expect(heldIn(pool)).toBe(0);
    });

    fact('acquireTimeout', async () => {
      const { keys } = acquireTimeoutOf('mysql');
      const pool = makePool({ [keys[0]![0]!]: 1 });
      const conn = await checkout<CallbackConnection>(pool);
      const queued = checkout<CallbackConnection>(pool);
      expect(await settledWithin(checkout(pool), 1000)).toBe('rejected');
      conn.release();
      (await queued).release();
    });
  },
  skip,
);

driverFacts(
  'mariadb',
  fact => {
    const makePool = (options: Partial<mariadb.PoolConfig> = {}) => {
      const pool = mariadb.createPool({ ...connection, connectionLimit: 1, ...options });
      cleanups.push(() => pool.end());
      return pool;
    };
    const held = (pool: mariadb.Pool) => pool.activeConnections();

    for (const name of ['createPool', 'createPoolCluster', 'createConnection']) {
      fact(`factory call ${name}`, () => {
        expect(typeof (mariadb as Record<string, unknown>)[name]).toBe('function');
      });
    }

    fact('pool.acquire.getConnection', async () => {
      const pool = makePool();
      const conn = await pool.getConnection();
      expect(held(pool)).toBe(1);
      await conn.release();
      expect(held(pool)).toBe(0);
      const callbackPool = mariadbCallback.createPool({ ...connection, connectionLimit: 1 }) as unknown as {
        getConnection(callback: Callback): void;
        activeConnections(): number;
        end(callback: Callback): void;
      };
      cleanups.push(() => new Promise(resolve => callbackPool.end(resolve)));
      const callbackConn = await checkout<{ release(callback: Callback): void }>(callbackPool);
      expect(callbackPool.activeConnections()).toBe(1);
      await new Promise(resolve => callbackConn.release(resolve));
      expect(callbackPool.activeConnections()).toBe(0);
    });

    fact('pool.acquire.getConnection failing', async () => {
      const pool = makePool({ acquireTimeout: 300 });
      const conn = await pool.getConnection();
      await expect(pool.getConnection()).rejects.toThrow();
      expect(held(pool)).toBe(1);
      await conn.release();
      expect(held(pool)).toBe(0);
    });

    sharedPoolFacts('mariadb', fact, makePool, held);

    fact('acquireTimeout', async () => {
      const { keys } = acquireTimeoutOf('mariadb');
      const pool = makePool({ [keys[0]![0]!]: 300 });
      const conn = await pool.getConnection();
      const started = Date.now();
      await expect(pool.getConnection()).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(3000);
      await conn.release();
    });

    for (const form of releaseFormsOf('mariadb', 'connection')) {
      fact(`connection.release.${releaseKey(form)}`, async () => {
        const conn = await mariadb.createConnection(connection);
        await call(conn, form.method!);
        expect(conn.isValid()).toBe(false);
      });
    }
    fact('connection.disposable', async () => {
      const conn = await mariadb.createConnection(connection);
      expect(Symbol.asyncDispose in conn).toBe(objectOf('mariadb', 'connection').disposable);
      await conn.end();
    });
  },
  skip,
);
