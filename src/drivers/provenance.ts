/**
 * Where each driver fact (./facts) comes from: proven against the real library by the
 * driver-facts suite (tests/drivers/<file>), or resting on the library's documentation.
 * Kept apart from the driver records so that editing a fact and its proof do not collide.
 * docs/drivers.md is generated from this and the data (scripts/drivers-doc.mjs).
 */
import type { FactKey } from './facts';

export interface DriverProvenance {
  /** The suite file that proves facts of this driver. */
  readonly test?: string;
  /** Facts the suite proves (it fails when one listed here is not proven, or one proven is not listed). */
  readonly proven: readonly FactKey[];
  /** The documentation every other fact rests on. */
  readonly docs: string;
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
  slonik: { proven: [], docs: 'https://github.com/gajus/slonik#readme' },
  mysql2: { proven: [], docs: 'https://sidorares.github.io/node-mysql2/docs' },
  mysql: { proven: [], docs: 'https://github.com/mysqljs/mysql#pooling-connections' },
  mariadb: { proven: [], docs: 'https://mariadb.com/docs/connectors/mariadb-connector-nodejs/connector-nodejs-promise-api' },
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
  typeorm: { proven: [], docs: 'https://typeorm.io/docs/advanced-topics/query-runner' },
  knex: { proven: [], docs: 'https://knexjs.org/guide/transactions.html' },
  sequelize: { proven: [], docs: 'https://sequelize.org/docs/v6/other-topics/transactions/' },
  '@prisma/client': { proven: [], docs: 'https://www.prisma.io/docs/orm/prisma-client/queries/transactions' },
  kysely: { proven: [], docs: 'https://kysely.dev/docs/examples/transactions/controlled-transaction' },
  'drizzle-orm': { proven: [], docs: 'https://orm.drizzle.team/docs/transactions' },
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

/** The facts of a driver that the suite proves. */
export function provenOf(driverId: string): readonly FactKey[] {
  return Object.prototype.hasOwnProperty.call(provenance, driverId) ? provenance[driverId]!.proven : [];
}
