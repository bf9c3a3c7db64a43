import type { Driver } from './types';

/** TypeORM: a QueryRunner holds a connection until `release()`; `await using` releases (committing first). */
export const typeorm: Driver = {
  id: 'typeorm',
  server: 'sql',
  modules: ['typeorm'],
  factories: [
    { path: ['DataSource'], kind: 'new', creates: 'dataSource' },
    // 0.2's `getConnection()` returns the registered connection: it builds nothing.
    { path: ['getConnection'], kind: 'call', creates: 'dataSource', builds: false },
    { path: ['createConnection'], kind: 'call', creates: 'dataSource' },
  ],
  types: { DataSource: 'dataSource', Connection: 'dataSource', QueryRunner: 'queryRunner', EntityManager: 'dataSource' },
  objects: {
    dataSource: {
      // The runner takes a connection at `connect()` or its first query, not when it is created.
      acquire: [{ method: 'createQueryRunner', style: 'promise', yields: 'queryRunner', anyReceiver: true, lazy: { connect: 'connect' } }],
      managed: ['query', 'transaction', 'getRepository'],
      scoped: [{ method: 'transaction' }],
      ends: ['destroy'],
    },
    queryRunner: {
      release: [{ method: 'release', async: true, preferred: true }],
      releasedState: ['isReleased'],
      disposable: true,
      doubleRelease: 'silent',
    },
  },
};

/** knex: the low-level `client.acquireConnection()` / `client.releaseConnection(conn)` pair. */
export const knex: Driver = {
  id: 'knex',
  server: 'sql',
  modules: ['knex'],
  factories: [
    // `knex({ client: 'pg' })` without a `connection` only builds SQL strings: no pool.
    { path: [], kind: 'call', creates: 'knex', buildsFromConnectionOnly: true, connectionOption: 'connection', opaqueArgumentBuilds: true },
    { path: ['knex'], kind: 'call', creates: 'knex', buildsFromConnectionOnly: true, connectionOption: 'connection', opaqueArgumentBuilds: true },
  ],
  types: { Knex: 'knex' },
  objects: {
    knex: {
      members: { client: 'client' },
      managed: ['transaction', 'raw'],
      fragments: ['raw', 'ref', 'fn'],
      scoped: [{ method: 'transaction', sameApi: true }],
      // `await knex.transaction()` without a handler holds a connection until commit or rollback.
      acquire: [{ method: 'transaction', style: 'promise', yields: 'transaction' }],
      ends: ['destroy'],
    },
    transaction: {
      transaction: true,
      release: [{ method: 'commit', async: true, preferred: true }, { method: 'rollback', async: true }],
      releasedState: ['isCompleted'],
      doubleRelease: 'silent',
    },
    client: { acquire: [{ method: 'acquireConnection', style: 'promise', yields: 'connection', anyReceiver: true }] },
    // tarn underneath: a late second release frees whoever holds the connection now.
    connection: { release: [{ poolMethod: 'releaseConnection', async: true, preferred: true }], doubleRelease: 'unsafe' },
  },
};

/** Sequelize: the low-level `connectionManager.getConnection()` / `releaseConnection(conn)` pair. */
export const sequelize: Driver = {
  id: 'sequelize',
  server: 'sql',
  modules: ['sequelize', '@sequelize/core', 'sequelize-typescript'],
  factories: [{ path: ['Sequelize'], kind: 'new', creates: 'sequelize' }],
  types: { Sequelize: 'sequelize' },
  objects: {
    sequelize: {
      members: { connectionManager: 'connectionManager' },
      managed: ['query', 'transaction'],
      scoped: [{ method: 'transaction' }],
      // Unmanaged transactions: `await sequelize.transaction()` (v6), `startUnmanagedTransaction()` (v7).
      acquire: [
        { method: 'transaction', style: 'promise', yields: 'transaction' },
        { method: 'startUnmanagedTransaction', style: 'promise', yields: 'transaction' },
      ],
      ends: ['close'],
    },
    // A second commit() returns a rejected promise ("has been finished with state: commit").
    transaction: { transaction: true, release: [{ method: 'commit', async: true, preferred: true }, { method: 'rollback', async: true }], doubleRelease: 'rejects' },
    connectionManager: { acquire: [{ method: 'getConnection', style: 'promise', yields: 'connection' }] },
    connection: { release: [{ poolMethod: 'releaseConnection', async: true, preferred: true }, { poolMethod: 'destroyConnection', async: true }] },
  },
};

/** Prisma has no handle API: everything is managed. */
export const prisma: Driver = {
  id: '@prisma/client',
  modules: ['@prisma/client'],
  factories: [{ path: ['PrismaClient'], kind: 'new', creates: 'client' }],
  types: { PrismaClient: 'client' },
  generatedClientRuntimes: ['@prisma/client/runtime'],
  objects: {
    client: {
      managed: ['$transaction', '$queryRaw', '$executeRaw'],
      scoped: [{ method: '$transaction', sameApi: true }],
      ends: ['$disconnect'],
      sends: ['$executeRaw', '$queryRaw', '$executeRawUnsafe', '$queryRawUnsafe'],
    },
  },
};

/** Kysely: `new Kysely({ dialect })` owns the dialect's pool (and `destroy()` ends it). */
export const kysely: Driver = {
  id: 'kysely',
  server: 'sql',
  modules: ['kysely'],
  // A Kysely instance uses the pool its dialect was given; the pool's own construction is what counts.
  factories: [{ path: ['Kysely'], kind: 'new', creates: 'db', builds: false }],
  types: { Kysely: 'db' },
  objects: {
    db: {
      managed: ['transaction', 'connection', 'selectFrom', 'insertInto', 'updateTable', 'deleteFrom'],
      acquire: [{ method: 'startTransaction', style: 'promise', yields: 'transaction', settle: { property: 'execute', call: true } }],
      ends: ['destroy'],
      runsQueryObjects: 'execute',
    },
    // `trx.commit().execute()` / `trx.rollback().execute()`; a second one's `execute()` rejects.
    transaction: { transaction: true, release: [{ method: 'commit', async: true, preferred: true }, { method: 'rollback', async: true }], doubleRelease: 'rejects' },
  },
};

/**
 * Drizzle: `drizzle(url)` or `drizzle({ connection })` creates the driver's pool itself;
 * `drizzle(existingPool)` does not (the no-pool-per-request rule checks the argument).
 */
export const drizzle: Driver = {
  id: 'drizzle-orm',
  server: 'sql',
  modules: [
    'drizzle-orm/node-postgres',
    'drizzle-orm/postgres-js',
    'drizzle-orm/mysql2',
    'drizzle-orm/neon-serverless',
    'drizzle-orm/vercel-postgres',
    'drizzle-orm/libsql',
    'drizzle-orm/better-sqlite3',
    'drizzle-orm/planetscale-serverless',
  ],
  factories: [{ path: ['drizzle'], kind: 'call', creates: 'db', buildsFromConnectionOnly: true, connectionOption: 'connection' }],
  // No method of its own closes the pool: `db.$client.end()` closes the driver's client.
  objects: { db: { managed: ['transaction', 'select', 'insert', 'update', 'delete', 'execute'], scoped: [{ method: 'transaction', sameApi: true }], ends: [] } },
};
