/** TypeORM, Kysely and Drizzle on node-postgres against Postgres (PGlite); the pg pool's counters are the observation. */
import 'reflect-metadata';
import { drizzle } from 'drizzle-orm/node-postgres';
import { sql as drizzleSql } from 'drizzle-orm';
import { integer, pgTable } from 'drizzle-orm/pg-core';
import { Kysely, PostgresDialect, sql as kyselySql } from 'kysely';
import pgModule from 'pg';
import { DataSource } from 'typeorm';
import { afterEach, expect, inject } from 'vitest';
import { driverFacts, objectOf, observeDoubleRelease, releaseFormsOf, releaseKey } from './harness';

const connection = { host: '127.0.0.1', port: inject('pgPort'), user: 'postgres', database: 'postgres' };
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map(cleanup => cleanup().catch(() => undefined)));
});

interface PgPool {
  totalCount: number;
  idleCount: number;
  end(): Promise<void>;
}
const held = (pool: PgPool): number => pool.totalCount - pool.idleCount;
const PgPoolClass = (pgModule as unknown as { Pool: new (config: object) => PgPool }).Pool;

function makePgPool(config: object = {}): PgPool {
  const pool = new PgPoolClass({ ...connection, max: 1, ...config });
  cleanups.push(() => pool.end());
  return pool;
}

driverFacts('typeorm', fact => {
  const makeDataSource = async (extra: object = {}) => {
    const dataSource = new DataSource({
      type: 'postgres',
      host: connection.host,
      port: connection.port,
      username: connection.user,
      database: connection.database,
      extra: { max: 1, ...extra },
    });
    await dataSource.initialize();
    cleanups.push(() => dataSource.destroy());
    return { dataSource, pool: (dataSource.driver as unknown as { master: PgPool }).master };
  };

  fact('factory new DataSource', () => {
    expect(typeof DataSource).toBe('function');
  });
  // `getConnection()` / `createConnection()` are 0.2/0.3 exports, gone in the 1.x pinned here: documented only.

  fact('dataSource.acquire.createQueryRunner', async () => {
    const { dataSource, pool } = await makeDataSource();
    // Lazy: the runner takes its connection at connect() or its first query, not when created.
    const runner = dataSource.createQueryRunner();
    expect(held(pool)).toBe(0);
    await runner.connect();
    expect(held(pool)).toBe(1);
    await runner.release();
    expect(held(pool)).toBe(0);
    const querying = dataSource.createQueryRunner();
    await querying.query('SELECT 1');
    expect(held(pool)).toBe(1);
    await querying.release();
  });

  fact('dataSource.acquire.createQueryRunner failing', async () => {
    const { dataSource, pool } = await makeDataSource({ connectionTimeoutMillis: 200 });
    const first = dataSource.createQueryRunner();
    await first.connect();
    const second = dataSource.createQueryRunner();
    await expect(second.connect()).rejects.toThrow();
    expect(held(pool)).toBe(1);
    await first.release();
    expect(held(pool)).toBe(0);
  });

  for (const form of releaseFormsOf('typeorm', 'queryRunner')) {
    fact(`queryRunner.release.${releaseKey(form)}`, async () => {
      const { dataSource, pool } = await makeDataSource();
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      await (runner as unknown as Record<string, () => Promise<void>>)[form.method!]!();
      expect(held(pool)).toBe(0);
    });
  }

  fact('queryRunner.doubleRelease', async () => {
    const { dataSource } = await makeDataSource();
    const observed = await observeDoubleRelease({
      acquire: async () => {
        const runner = dataSource.createQueryRunner();
        await runner.connect();
        return runner;
      },
      release: runner => runner.release(),
    });
    expect(observed).toBe(objectOf('typeorm', 'queryRunner').doubleRelease);
  });

  fact('queryRunner.disposable', async () => {
    const { dataSource, pool } = await makeDataSource();
    const runner = dataSource.createQueryRunner();
    expect(Symbol.asyncDispose in runner).toBe(objectOf('typeorm', 'queryRunner').disposable);
    {
      await using scoped = dataSource.createQueryRunner();
      await scoped.connect();
      expect(held(pool)).toBe(1);
    }
    expect(held(pool)).toBe(0);
  });

  fact('dataSource.managed.transaction', async () => {
    const { dataSource, pool } = await makeDataSource();
    expect(await dataSource.transaction(async manager => (await manager.query('SELECT 1 AS one'))[0].one)).toBe(1);
    expect(held(pool)).toBe(0);
    await expect(dataSource.transaction(async () => Promise.reject(new Error('callback failed')))).rejects.toThrow('callback failed');
    expect(held(pool)).toBe(0);
  });

  fact('dataSource.managed.query', async () => {
    const { dataSource, pool } = await makeDataSource();
    await dataSource.query('SELECT 1');
    expect(held(pool)).toBe(0);
    await expect(dataSource.query('SELECT * FROM no_such_table')).rejects.toThrow();
    expect(held(pool)).toBe(0);
  });
});

type AnyDatabase = Record<string, Record<string, unknown>>;

driverFacts('kysely', fact => {
  const makeDb = (config: object = {}) => {
    const pool = makePgPool(config);
    const db = new Kysely<AnyDatabase>({ dialect: new PostgresDialect({ pool: pool as never }) });
    return { db, pool };
  };

  fact('factory new Kysely', () => {
    expect(makeDb().db).toBeInstanceOf(Kysely);
  });

  fact('db.acquire.startTransaction', async () => {
    const { db, pool } = makeDb();
    const settle = objectOf('kysely', 'db').acquire![0]!.settle!;
    const operation = db.startTransaction() as unknown as Record<string, () => Promise<{ commit(): { execute(): Promise<void> } }>>;
    const trx = await operation[settle.property]!();
    expect(held(pool)).toBe(1);
    await trx.commit().execute();
    expect(held(pool)).toBe(0);
  });

  fact('db.acquire.startTransaction failing', async () => {
    const { db, pool } = makeDb({ connectionTimeoutMillis: 200 });
    const first = await db.startTransaction().execute();
    await expect(db.startTransaction().execute()).rejects.toThrow();
    expect(held(pool)).toBe(1);
    await first.rollback().execute();
    expect(held(pool)).toBe(0);
  });

  for (const form of releaseFormsOf('kysely', 'transaction')) {
    fact(`transaction.release.${releaseKey(form)}`, async () => {
      const { db, pool } = makeDb();
      const trx = await db.startTransaction().execute();
      await kyselySql`SELECT 1`.execute(trx);
      await (trx as unknown as Record<string, () => { execute(): Promise<void> }>)[form.method!]!().execute();
      expect(held(pool)).toBe(0);
    });
  }

  fact('transaction.doubleRelease', async () => {
    const { db } = makeDb();
    const observed = await observeDoubleRelease({ acquire: () => db.startTransaction().execute(), release: trx => trx.commit().execute() });
    expect(observed).toBe(objectOf('kysely', 'transaction').doubleRelease);
  });

  fact('db.managed.transaction', async () => {
    const { db, pool } = makeDb();
    await db.transaction().execute(async trx => kyselySql`SELECT 1`.execute(trx));
    expect(held(pool)).toBe(0);
    await expect(db.transaction().execute(async () => Promise.reject(new Error('callback failed')))).rejects.toThrow('callback failed');
    expect(held(pool)).toBe(0);
  });

  fact('db.managed.connection', async () => {
    const { db, pool } = makeDb();
    await db.connection().execute(async conn => kyselySql`SELECT 1`.execute(conn));
    expect(held(pool)).toBe(0);
    await expect(db.connection().execute(async () => Promise.reject(new Error('callback failed')))).rejects.toThrow('callback failed');
    expect(held(pool)).toBe(0);
  });

  fact('db.managed.selectFrom', async () => {
    const { db, pool } = makeDb();
    await db.selectFrom('pg_catalog.pg_namespace').select('nspname').execute();
    expect(held(pool)).toBe(0);
    await expect(db.selectFrom('no_such_table').selectAll().execute()).rejects.toThrow();
    expect(held(pool)).toBe(0);
  });
});

driverFacts('drizzle-orm', fact => {
  const makeDb = () => {
    const pool = makePgPool();
    return { db: drizzle(pool as never), pool };
  };

  fact('factory call drizzle', () => {
    expect(typeof makeDb().db.transaction).toBe('function');
  });

  fact('db.managed.transaction', async () => {
    const { db, pool } = makeDb();
    await db.transaction(async tx => tx.execute(drizzleSql`SELECT 1`));
    expect(held(pool)).toBe(0);
    await expect(db.transaction(async () => Promise.reject(new Error('callback failed')))).rejects.toThrow('callback failed');
    expect(held(pool)).toBe(0);
  });

  fact('db.managed.execute', async () => {
    const { db, pool } = makeDb();
    await db.execute(drizzleSql`SELECT 1`);
    expect(held(pool)).toBe(0);
    await expect(db.execute(drizzleSql`SELECT * FROM no_such_table`)).rejects.toThrow();
    expect(held(pool)).toBe(0);
  });

  // The query builders run on the pool when awaited; a builder on a table that does not exist is how their work throws.
  const tableNamed = (name: string) => pgTable(name, { id: integer('id') });
  const existing = tableNamed('drizzle_fact_rows');
  const missing = tableNamed('no_such_table');
  type Db = ReturnType<typeof makeDb>['db'];
  const builders: Record<string, (db: Db, table: ReturnType<typeof tableNamed>) => PromiseLike<unknown>> = {
    select: (db, table) => db.select().from(table),
    insert: (db, table) => db.insert(table).values({ id: 1 }),
    update: (db, table) => db.update(table).set({ id: 2 }),
    delete: (db, table) => db.delete(table),
  };
  for (const method of Object.keys(builders)) {
    fact(`db.managed.${method}`, async () => {
      const { db, pool } = makeDb();
      await db.execute(drizzleSql`CREATE TABLE IF NOT EXISTS drizzle_fact_rows (id integer)`);
      await builders[method]!(db, existing);
      expect(held(pool)).toBe(0);
      await expect(builders[method]!(db, missing)).rejects.toThrow();
      expect(held(pool)).toBe(0);
    });
  }
});
