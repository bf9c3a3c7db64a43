/**
 * The SQLite tier, on sql.js (SQLite compiled to WASM, in process). SQLite has no pool: one
 * connection per database, so the libraries take other paths than on Postgres.
 * - TypeORM: every query runner of a data source shares its one connection, so what a leak holds
 *   there is an open transaction; the observation is the shared runner's transaction state.
 * - Kysely: its SQLite driver lends the one connection under a mutex; the observation is whether
 *   a query from elsewhere still runs or has to wait.
 * - knex: its SQLite clients pool one connection by default (tarn, max 1); the pool's counters
 *   are the observation, with the defaults left as they are.
 * Kysely and knex are handed sql.js behind the statement API of better-sqlite3, which would need a
 * native build; the libraries' own SQLite dialects run unchanged.
 */
import 'reflect-metadata';
import { Kysely, SqliteDialect, sql as kyselySql, type SqliteDatabase } from 'kysely';
import knexModule, { type Knex } from 'knex';
import { DataSource, type QueryRunner } from 'typeorm';
import { afterEach, expect } from 'vitest';
import { driverFacts, eventually, objectOf, observeDoubleRelease, observeRelease, releaseFormsOf, releaseKey, settledWithin } from './harness';

const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map(cleanup => cleanup().catch(() => undefined)));
});

async function makeDataSource(): Promise<DataSource> {
  const dataSource = new DataSource({ type: 'sqljs' });
  await dataSource.initialize();
  cleanups.push(() => dataSource.destroy());
  await dataSource.query('CREATE TABLE fact_rows (id integer)');
  return dataSource;
}

/** Whether the data source's one connection is inside a transaction (what a leaked checkout holds on SQLite). */
const inTransaction = (dataSource: DataSource): boolean => dataSource.createQueryRunner().isTransactionActive;
const rowCount = async (dataSource: DataSource): Promise<number> => (await dataSource.query('SELECT count(*) AS n FROM fact_rows'))[0].n;

driverFacts(
  'typeorm',
  (fact, disproved) => {
    fact('factory new DataSource', async () => {
      expect((await makeDataSource()).isInitialized).toBe(true);
    });

    fact('queryRunner.doubleRelease', async () => {
      const dataSource = await makeDataSource();
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      await runner.release();
      expect(await observeRelease(() => runner.release())).toBe(objectOf('typeorm', 'queryRunner').doubleRelease);
    });

    fact('queryRunner.disposable', async () => {
      const dataSource = await makeDataSource();
      expect(Symbol.asyncDispose in dataSource.createQueryRunner()).toBe(objectOf('typeorm', 'queryRunner').disposable);
      {
        await using scoped = dataSource.createQueryRunner();
        await scoped.query('SELECT 1');
      }
      expect(inTransaction(dataSource)).toBe(false);
    });

    fact('dataSource.managed.transaction', async () => {
      const dataSource = await makeDataSource();
      await dataSource.transaction(async manager => {
        // The observation can fail: inside the callback the connection is in a transaction.
        expect(inTransaction(dataSource)).toBe(true);
        await manager.query('INSERT INTO fact_rows VALUES (1)');
      });
      expect(inTransaction(dataSource)).toBe(false);
      const failing = dataSource.transaction(async manager => {
        await manager.query('INSERT INTO fact_rows VALUES (2)');
        throw new Error('callback failed');
      });
      await expect(failing).rejects.toThrow('callback failed');
      expect(inTransaction(dataSource)).toBe(false);
      expect(await rowCount(dataSource)).toBe(1);
    });

    fact('dataSource.managed.query', async () => {
      const dataSource = await makeDataSource();
      await dataSource.query('SELECT 1');
      expect(inTransaction(dataSource)).toBe(false);
      await expect(dataSource.query('SELECT * FROM no_such_table')).rejects.toThrow();
      expect(inTransaction(dataSource)).toBe(false);
    });

    // The data's facts that TypeORM's SQLite drivers do not keep (the Postgres tier proves them): the
    // runner is one object per data source and `release()` only clears its caches.
    disproved('dataSource.acquire.createQueryRunner', async () => {
      const dataSource = await makeDataSource();
      const first = dataSource.createQueryRunner();
      const second = dataSource.createQueryRunner();
      expect(second).not.toBe(first);
      expect(await second.connect()).not.toBe(await first.connect());
    });

    disproved('queryRunner.release.release', async () => {
      const dataSource = await makeDataSource();
      const runner: QueryRunner = dataSource.createQueryRunner();
      await runner.startTransaction();
      await runner.release();
      for (const state of objectOf('typeorm', 'queryRunner').releasedState ?? []) {
        expect((runner as unknown as Record<string, unknown>)[state]).toBe(true);
      }
      // What the runner held must be free: no transaction left open on the connection.
      expect(inTransaction(dataSource)).toBe(false);
    });
  },
  undefined,
  'sqlite',
);

/** The slice of sql.js used to hand Kysely a database with the statement API its SQLite dialect expects. */
interface SqlJsStatement {
  bind(values: readonly unknown[]): void;
  step(): boolean;
  getAsObject(): Record<string, unknown>;
  getColumnNames(): string[];
  free(): void;
}
interface SqlJsDatabase {
  prepare(sql: string): SqlJsStatement;
  exec(sql: string): { values: unknown[][] }[];
  getRowsModified(): number;
  close(): void;
}
type SqlJs = { Database: new () => SqlJsDatabase };
const sqlJs: SqlJs = await ((await import('sql.js' as string)) as { default: () => Promise<SqlJs> }).default();

/** A fresh in-memory sql.js database with the statement API of better-sqlite3, which Kysely's and knex's SQLite clients drive. */
function openSqlJs(): SqliteDatabase {
  const database = new sqlJs.Database();
  const rowsOf = (sql: string, parameters: readonly unknown[]): Record<string, unknown>[] => {
    const statement = database.prepare(sql);
    try {
      statement.bind(parameters);
      const rows: Record<string, unknown>[] = [];
      while (statement.step()) rows.push(statement.getAsObject());
      return rows;
    } finally {
      statement.free();
    }
  };
  return {
    close: () => database.close(),
    prepare(sql) {
      const probe = database.prepare(sql);
      const reader = probe.getColumnNames().length > 0;
      probe.free();
      return {
        reader,
        all: parameters => rowsOf(sql, parameters),
        run(parameters) {
          rowsOf(sql, parameters);
          return { changes: database.getRowsModified(), lastInsertRowid: database.exec('SELECT last_insert_rowid()')[0]!.values[0]![0] as number };
        },
        iterate: parameters => rowsOf(sql, parameters)[Symbol.iterator](),
      };
    },
  };
}

type AnyDatabase = Record<string, Record<string, unknown>>;

async function makeKysely(): Promise<Kysely<AnyDatabase>> {
  const db = new Kysely<AnyDatabase>({ dialect: new SqliteDialect({ database: openSqlJs() }) });
  cleanups.push(() => db.destroy());
  await kyselySql`CREATE TABLE fact_rows (id integer)`.execute(db);
  return db;
}

/** Whether the one connection is lent out: a query from elsewhere waits for it (left to finish when it is given back). */
async function connectionHeld(db: Kysely<AnyDatabase>): Promise<boolean> {
  const probe = kyselySql`SELECT 1`.execute(db);
  probe.catch(() => undefined);
  return (await settledWithin(probe, 100)) === 'pending';
}

driverFacts(
  'kysely',
  fact => {
    fact('db.acquire.startTransaction', async () => {
      const db = await makeKysely();
      expect(await connectionHeld(db)).toBe(false);
      const settle = objectOf('kysely', 'db').acquire![0]!.settle!;
      const operation = db.startTransaction() as unknown as Record<string, () => Promise<{ commit(): { execute(): Promise<void> } }>>;
      const trx = await operation[settle.property]!();
      expect(await connectionHeld(db)).toBe(true);
      await trx.commit().execute();
      expect(await connectionHeld(db)).toBe(false);
    });

    for (const form of releaseFormsOf('kysely', 'transaction')) {
      fact(`transaction.release.${releaseKey(form)}`, async () => {
        const db = await makeKysely();
        const trx = await db.startTransaction().execute();
        await kyselySql`SELECT 1`.execute(trx);
        await (trx as unknown as Record<string, () => { execute(): Promise<void> }>)[form.method!]!().execute();
        expect(await connectionHeld(db)).toBe(false);
      });
    }

    fact('transaction.doubleRelease', async () => {
      const db = await makeKysely();
      const observed = await observeDoubleRelease({ acquire: () => db.startTransaction().execute(), release: trx => trx.commit().execute() });
      expect(observed).toBe(objectOf('kysely', 'transaction').doubleRelease);
    });

    fact('db.managed.transaction', async () => {
      const db = await makeKysely();
      await db.transaction().execute(async trx => kyselySql`INSERT INTO fact_rows VALUES (1)`.execute(trx));
      expect(await connectionHeld(db)).toBe(false);
      const failing = db.transaction().execute(async trx => {
        await kyselySql`INSERT INTO fact_rows VALUES (2)`.execute(trx);
        throw new Error('callback failed');
      });
      await expect(failing).rejects.toThrow('callback failed');
      expect(await connectionHeld(db)).toBe(false);
      expect((await db.selectFrom('fact_rows').selectAll().execute()).length).toBe(1);
    });

    fact('db.managed.connection', async () => {
      const db = await makeKysely();
      await db.connection().execute(async conn => kyselySql`SELECT 1`.execute(conn));
      expect(await connectionHeld(db)).toBe(false);
      await expect(db.connection().execute(async () => Promise.reject(new Error('callback failed')))).rejects.toThrow('callback failed');
      expect(await connectionHeld(db)).toBe(false);
    });

    fact('db.managed.selectFrom', async () => {
      const db = await makeKysely();
      await db.selectFrom('fact_rows').selectAll().execute();
      expect(await connectionHeld(db)).toBe(false);
      await expect(db.selectFrom('no_such_table').selectAll().execute()).rejects.toThrow();
      expect(await connectionHeld(db)).toBe(false);
    });
  },
  undefined,
  'sqlite',
);

/** knex's better-sqlite3 client, opening sql.js databases instead of loading the native module. */
const BetterSqliteClient = (await import('knex/lib/dialects/better-sqlite3' as string)) as { default: new (config: Knex.Config) => object };
class SqlJsKnexClient extends BetterSqliteClient.default {
  _driver(): unknown {
    return openSqlJs;
  }
}

interface TarnCounters {
  numUsed(): number;
  numPendingAcquires(): number;
}

function makeKnex(): { db: Knex; pool: TarnCounters } {
  const db = knexModule({ client: SqlJsKnexClient as unknown as typeof Knex.Client, connection: { filename: ':memory:' }, useNullAsDefault: true });
  cleanups.push(() => db.destroy());
  return { db, pool: (db.client as { pool: TarnCounters }).pool };
}

driverFacts(
  'knex',
  fact => {
    fact('factory call (module)', () => {
      expect(typeof makeKnex().db.transaction).toBe('function');
    });

    fact('knex.acquire.transaction', async () => {
      const { db, pool } = makeKnex();
      const trx = await db.transaction();
      expect(pool.numUsed()).toBe(1);
      // One connection in all: any other query waits for the transaction to end.
      const waiting = db.raw('SELECT 1');
      expect(await settledWithin(waiting, 100)).toBe('pending');
      await trx.commit();
      await waiting;
      expect(await eventually(() => pool.numUsed(), 0)).toBe(0);
    });

    for (const form of releaseFormsOf('knex', 'transaction')) {
      fact(`transaction.release.${releaseKey(form)}`, async () => {
        const { db, pool } = makeKnex();
        const trx = await db.transaction();
        await trx.raw('SELECT 1');
        // rollback() rejects with its own "rolled back" error unless told not to: the connection is back either way.
        await (trx as unknown as Record<string, () => Promise<unknown>>)[form.method!]!().catch(() => undefined);
        expect(await eventually(() => pool.numUsed(), 0)).toBe(0);
      });
    }

    fact('transaction.doubleRelease', async () => {
      const { db } = makeKnex();
      const observed = await observeDoubleRelease({ acquire: () => db.transaction(), release: trx => trx.commit() });
      expect(observed).toBe(objectOf('knex', 'transaction').doubleRelease);
    });

    fact('client.acquire.acquireConnection', async () => {
      const { db, pool } = makeKnex();
      const conn = await db.client.acquireConnection();
      expect(pool.numUsed()).toBe(1);
      await db.client.releaseConnection(conn);
      expect(pool.numUsed()).toBe(0);
    });

    fact('connection.doubleRelease', async () => {
      const { db } = makeKnex();
      const observed = await observeDoubleRelease({
        acquire: () => db.client.acquireConnection(),
        release: conn => db.client.releaseConnection(conn),
      });
      expect(observed).toBe(objectOf('knex', 'connection').doubleRelease);
    });

    fact('knex.managed.transaction', async () => {
      const { db, pool } = makeKnex();
      expect(await db.transaction(async trx => (await trx.raw('SELECT 1 AS one'))[0].one)).toBe(1);
      expect(await eventually(() => pool.numUsed(), 0)).toBe(0);
      await expect(db.transaction(async () => Promise.reject(new Error('callback failed')))).rejects.toThrow('callback failed');
      expect(await eventually(() => pool.numUsed(), 0)).toBe(0);
    });

    fact('knex.managed.raw', async () => {
      const { db, pool } = makeKnex();
      await db.raw('SELECT 1');
      expect(pool.numUsed()).toBe(0);
      await expect(db.raw('SELECT * FROM no_such_table')).rejects.toThrow();
      expect(pool.numUsed()).toBe(0);
    });
  },
  undefined,
  'sqlite',
);
