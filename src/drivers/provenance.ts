/**
 * Where each driver fact (./facts) comes from: proven against the real library by the
 * driver-facts suite (tests/drivers/<file>), or resting on the library's documentation.
 * Kept apart from the driver records so that editing a fact and its proof do not collide.
 * docs/drivers.md is generated from this and the data (scripts/driver-facts-doc.mjs).
 */
import type { FactKey } from './facts';

export interface DriverProvenance {
  /** The suite file that proves facts of this driver. */
  readonly test?: string;
  /** Facts the suite proves (it fails when one listed here is not proven, or one proven is not listed). */
  readonly proven: readonly FactKey[];
  /** The documentation every other fact rests on. */
  readonly docs: string;
  /** Facts proven again on another database, where the library takes a different path (e.g. SQLite in process). */
  readonly tiers?: Readonly<Record<string, ProvenTier>>;
}

export interface ProvenTier {
  /** What the tier runs on, for docs/drivers.md. */
  readonly label: string;
  readonly test: string;
  readonly proven: readonly FactKey[];
  /** Facts of the data the library does not keep on this database, each with what it does instead. */
  readonly disproved?: Readonly<Record<FactKey, string>>;
}

export const provenance: Readonly<Record<string, DriverProvenance>> = {
  pg: {
    test: 'tests/drivers/pg.test.ts',
    proven: [
      'pool.acquire.connect',
      'pool.acquire.connect failing',
      'poolClient.release.release',
      'poolClient.doubleRelease',
      'poolClient.disposable',
      'pool.managed.query',
      'acquireTimeout',
      'acquireTimeout default',
      'factory new Pool',
      'factory new Client',
      'client.opens.connect',
      'client.release.end',
    ],
    docs: 'https://node-postgres.com/apis/pool',
  },
  'pg-pool': {
    test: 'tests/drivers/pg.test.ts',
    proven: [
      'pool.acquire.connect',
      'pool.acquire.connect failing',
      'poolClient.release.release',
      'poolClient.doubleRelease',
      'poolClient.disposable',
      'pool.managed.query',
      'acquireTimeout',
      'acquireTimeout default',
      'factory new (module)',
    ],
    docs: 'https://github.com/brianc/node-postgres/tree/master/packages/pg-pool',
  },
  '@neondatabase/serverless': { proven: [], docs: 'https://github.com/neondatabase/serverless/blob/main/CONFIG.md' },
  '@vercel/postgres': { proven: [], docs: 'https://vercel.com/docs/storage/vercel-postgres/sdk' },
  postgres: {
    test: 'tests/drivers/postgres-js.test.ts',
    proven: [
      'factory call (module)',
      'sql.acquire.reserve',
      'sql.acquire.reserve failing',
      'reserved.release.release',
      'reserved.doubleRelease',
      'sql.managed.begin',
      'sql.managed.unsafe',
    ],
    docs: 'https://github.com/porsager/postgres#readme',
  },
  'pg-promise': {
    test: 'tests/drivers/postgres-js.test.ts',
    proven: [
      'factory call (module)',
      'db.acquire.connect',
      'db.acquire.connect failing',
      'sco.release.done',
      'sco.doubleRelease',
      'db.managed.task',
      'db.managed.taskIf',
      'db.managed.tx',
      'db.managed.txIf',
      'db.managed.one',
      'db.managed.any',
      'db.managed.none',
      'db.managed.query',
      'acquireTimeout',
      'acquireTimeout default',
    ],
    docs: 'https://vitaly-t.github.io/pg-promise/Database.html',
  },
  slonik: {
    test: 'tests/drivers/orm-more.test.ts',
    proven: [
      'factory call createPool',
      'pool.managed.connect',
      'pool.managed.transaction',
      'pool.managed.query',
      'pool.managed.one',
      'pool.managed.oneFirst',
      'pool.managed.maybeOne',
      'pool.managed.maybeOneFirst',
      'pool.managed.many',
      'pool.managed.manyFirst',
      'pool.managed.any',
      'pool.managed.anyFirst',
      'pool.managed.exists',
      'pool.managed.stream',
    ],
    docs: 'https://github.com/gajus/slonik#readme',
  },
  mysql2: {
    test: 'tests/drivers/mysql.test.ts',
    proven: [
      'factory call createPool',
      'factory call createPoolCluster',
      'factory call createConnection',
      'pool.acquire.getConnection',
      'pool.acquire.getConnection failing',
      'poolConnection.release.release',
      'poolConnection.release.destroy',
      'poolConnection.release.end',
      'poolConnection.release.pool.releaseConnection',
      'poolConnection.doubleRelease',
      'poolConnection.disposable',
      'pool.managed.query',
      'pool.managed.execute',
      'acquireTimeout',
      'acquireTimeout default',
      'connection.release.end',
      'connection.release.destroy',
      'connection.disposable',
    ],
    docs: 'https://sidorares.github.io/node-mysql2/docs',
  },
  mysql: {
    test: 'tests/drivers/mysql.test.ts',
    proven: [
      'pool.acquire.getConnection',
      'pool.acquire.getConnection failing',
      'poolConnection.release.release',
      'poolConnection.release.destroy',
      'poolConnection.release.end',
      'poolConnection.release.pool.releaseConnection',
      'poolConnection.doubleRelease',
      'pool.managed.query',
      'acquireTimeout',
    ],
    docs: 'https://github.com/mysqljs/mysql#pooling-connections',
  },
  mariadb: {
    test: 'tests/drivers/mysql.test.ts',
    proven: [
      'factory call createPool',
      'factory call createPoolCluster',
      'factory call createConnection',
      'pool.acquire.getConnection',
      'pool.acquire.getConnection failing',
      'poolConnection.release.release',
      'poolConnection.release.end',
      'poolConnection.release.close',
      'poolConnection.release.destroy',
      'poolConnection.doubleRelease',
      'poolConnection.disposable',
      'pool.managed.query',
      'pool.managed.execute',
      'acquireTimeout',
      'connection.release.end',
      'connection.release.destroy',
      'connection.release.close',
      'connection.disposable',
    ],
    docs: 'https://mariadb.com/docs/connectors/mariadb-connector-nodejs/connector-nodejs-promise-api',
  },
  'generic-pool': {
    test: 'tests/drivers/pools.test.ts',
    proven: [
      'factory call createPool',
      'pool.acquire.acquire',
      'pool.acquire.acquire failing',
      'resource.release.pool.release',
      'resource.release.pool.destroy',
      'resource.doubleRelease',
      'pool.managed.use',
      'acquireTimeout',
      'acquireTimeout default',
    ],
    docs: 'https://github.com/coopernurse/node-pool#readme',
  },
  tarn: {
    test: 'tests/drivers/pools.test.ts',
    proven: [
      'factory new Pool',
      'pool.acquire.acquire',
      'pool.acquire.acquire failing',
      'resource.release.pool.release',
      'resource.doubleRelease',
      'acquireTimeout',
      'acquireTimeout default',
    ],
    docs: 'https://github.com/vincit/tarn.js#readme',
  },
  typeorm: {
    test: 'tests/drivers/orm-pg.test.ts',
    proven: [
      'factory new DataSource',
      'dataSource.acquire.createQueryRunner',
      'dataSource.acquire.createQueryRunner failing',
      'queryRunner.release.release',
      'queryRunner.doubleRelease',
      'queryRunner.disposable',
      'dataSource.managed.transaction',
      'dataSource.managed.query',
    ],
    docs: 'https://typeorm.io/docs/advanced-topics/query-runner',
    tiers: {
      sqlite: {
        label: 'SQLite (sql.js, in process)',
        test: 'tests/drivers/sqlite.test.ts',
        proven: ['factory new DataSource', 'queryRunner.doubleRelease', 'queryRunner.disposable', 'dataSource.managed.transaction', 'dataSource.managed.query'],
        disproved: {
          'dataSource.acquire.createQueryRunner': 'every call returns the one runner of the data source, on its one connection',
          'queryRunner.release.release': 'release only clears caches: the runner is not marked released and an open transaction stays open',
        },
      },
    },
  },
  knex: {
    test: 'tests/drivers/knex.test.ts',
    proven: [
      'factory call (module)',
      'factory call knex',
      'knex.acquire.transaction',
      'knex.acquire.transaction failing',
      'transaction.release.commit',
      'transaction.release.rollback',
      'transaction.doubleRelease',
      'client.acquire.acquireConnection',
      'client.acquire.acquireConnection failing',
      'connection.release.pool.releaseConnection',
      'connection.doubleRelease',
      'knex.managed.transaction',
      'knex.managed.raw',
      'acquireTimeout',
      'acquireTimeout default',
    ],
    docs: 'https://knexjs.org/guide/transactions.html',
    tiers: {
      sqlite: {
        label: 'SQLite (sql.js, in process)',
        test: 'tests/drivers/sqlite.test.ts',
        proven: [
          'factory call (module)',
          'knex.acquire.transaction',
          'transaction.release.commit',
          'transaction.release.rollback',
          'transaction.doubleRelease',
          'client.acquire.acquireConnection',
          'connection.doubleRelease',
          'knex.managed.transaction',
          'knex.managed.raw',
        ],
      },
    },
  },
  sequelize: {
    test: 'tests/drivers/orm-more.test.ts',
    proven: [
      'factory new Sequelize',
      'sequelize.acquire.transaction',
      'sequelize.acquire.transaction failing',
      'transaction.release.commit',
      'transaction.release.rollback',
      'transaction.doubleRelease',
      'connectionManager.acquire.getConnection',
      'connectionManager.acquire.getConnection failing',
      'connection.release.pool.releaseConnection',
      'connection.release.pool.destroyConnection',
      'sequelize.managed.transaction',
      'sequelize.managed.query',
      'acquireTimeout',
      'acquireTimeout default',
    ],
    docs: 'https://sequelize.org/docs/v6/other-topics/transactions/',
  },
  '@prisma/client': { proven: [], docs: 'https://www.prisma.io/docs/orm/prisma-client/queries/transactions' },
  kysely: {
    test: 'tests/drivers/orm-pg.test.ts',
    proven: [
      'factory new Kysely',
      'db.acquire.startTransaction',
      'db.acquire.startTransaction failing',
      'transaction.release.commit',
      'transaction.release.rollback',
      'transaction.doubleRelease',
      'db.managed.transaction',
      'db.managed.connection',
      'db.managed.selectFrom',
    ],
    docs: 'https://kysely.dev/docs/examples/transactions/controlled-transaction',
    tiers: {
      sqlite: {
        label: 'SQLite (sql.js, in process)',
        test: 'tests/drivers/sqlite.test.ts',
        proven: [
          'db.acquire.startTransaction',
          'transaction.release.commit',
          'transaction.release.rollback',
          'transaction.doubleRelease',
          'db.managed.transaction',
          'db.managed.connection',
          'db.managed.selectFrom',
        ],
      },
    },
  },
  'drizzle-orm': {
    test: 'tests/drivers/orm-pg.test.ts',
    proven: [
      'factory call drizzle',
      'db.managed.transaction',
      'db.managed.select',
      'db.managed.insert',
      'db.managed.update',
      'db.managed.delete',
      'db.managed.execute',
    ],
    docs: 'https://orm.drizzle.team/docs/transactions',
  },
  oracledb: { proven: [], docs: 'https://node-oracledb.readthedocs.io/en/latest/user_guide/connection_handling.html' },
  mssql: { proven: [], docs: 'https://github.com/tediousjs/node-mssql#readme' },
  mongodb: { proven: [], docs: 'https://www.mongodb.com/docs/drivers/node/current/crud/transactions/' },
  mongoose: { proven: [], docs: 'https://mongoosejs.com/docs/transactions.html' },
  ioredis: { proven: [], docs: 'https://github.com/redis/ioredis#readme' },
  redis: { proven: [], docs: 'https://github.com/redis/node-redis#readme' },
  'cassandra-driver': { proven: [], docs: 'https://docs.datastax.com/en/developer/nodejs-driver/latest/' },
  '@google-cloud/spanner': { proven: [], docs: 'https://cloud.google.com/nodejs/docs/reference/spanner/latest' },
  pool: { proven: [], docs: 'https://github.com/coopernurse/node-pool#readme' },
};

/** The facts a tier of the suite disproves, with what the library does instead. */
export function disprovedOf(driverId: string, tier?: string): Readonly<Record<FactKey, string>> {
  const tiers = Object.prototype.hasOwnProperty.call(provenance, driverId) ? provenance[driverId]!.tiers : undefined;
  return tier !== undefined && tiers && Object.prototype.hasOwnProperty.call(tiers, tier) ? (tiers[tier]!.disproved ?? {}) : {};
}

/** The facts of a driver that the suite proves (on the main tier, or on the named one). */
export function provenOf(driverId: string, tier?: string): readonly FactKey[] {
  if (!Object.prototype.hasOwnProperty.call(provenance, driverId)) return [];
  const record = provenance[driverId]!;
  if (tier === undefined) return record.proven;
  return record.tiers && Object.prototype.hasOwnProperty.call(record.tiers, tier) ? record.tiers[tier]!.proven : [];
}
