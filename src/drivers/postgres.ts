import type { Driver, ObjectModel, ReleaseForm } from './types';

/**
 * A pg `PoolClient`: `release()` returns it, `release(err)` destroys it. Not disposable (pg 8.23).
 * A second `release()` throws on an idle pool, but once the pool has lent the client again it
 * releases the new holder's checkout (the client object is the pooled connection).
 */
const pgPoolClient: ObjectModel = {
  release: [{ method: 'release', preferred: true }],
  disposable: false,
  doubleRelease: 'unsafe',
};

/** A stand-alone pg `Client`: held from `connect()` until `end()`. */
const pgClient: ObjectModel = {
  opens: 'connect',
  release: [{ method: 'end', async: true, preferred: true }],
};

const pgPool: ObjectModel = {
  acquire: [{ method: 'connect', style: 'either', yields: 'poolClient', handleParam: 1, releaseParam: 2 }],
  managed: ['query'],
  ends: ['end'],
};

const pgTypes = { Pool: 'pool', PoolClient: 'poolClient', Client: 'client' };

export const pg: Driver = {
  id: 'pg',
  server: 'sql',
  modules: ['pg', 'pg/lib/native'],
  factories: [
    { path: ['Pool'], kind: 'new', creates: 'pool' },
    { path: ['native', 'Pool'], kind: 'new', creates: 'pool' },
    { path: ['Client'], kind: 'new', creates: 'client' },
    { path: ['native', 'Client'], kind: 'new', creates: 'client' },
  ],
  types: pgTypes,
  objects: { pool: pgPool, poolClient: pgPoolClient, client: pgClient },
};

export const pgPoolModule: Driver = {
  id: 'pg-pool',
  server: 'sql',
  modules: ['pg-pool'],
  factories: [{ path: [], kind: 'new', creates: 'pool' }],
  objects: { pool: pgPool, poolClient: pgPoolClient },
};

export const neon: Driver = {
  id: '@neondatabase/serverless',
  server: 'sql',
  modules: ['@neondatabase/serverless'],
  factories: [
    { path: ['Pool'], kind: 'new', creates: 'pool', edgePerRequest: true },
    { path: ['Client'], kind: 'new', creates: 'client', edgePerRequest: true },
  ],
  types: pgTypes,
  objects: { pool: pgPool, poolClient: pgPoolClient, client: pgClient },
};

export const vercelPostgres: Driver = {
  id: '@vercel/postgres',
  server: 'sql',
  modules: ['@vercel/postgres'],
  factories: [
    { path: ['createPool'], kind: 'call', creates: 'pool' },
    // The classes behind the factories are exported too (`new VercelPool()`).
    { path: ['VercelPool'], kind: 'new', creates: 'pool' },
    { path: ['VercelClient'], kind: 'new', creates: 'client' },
    { path: ['sql'], kind: 'read', creates: 'pool' },
    { path: ['db'], kind: 'read', creates: 'pool' },
    { path: ['createClient'], kind: 'call', creates: 'client' },
  ],
  types: { VercelPool: 'pool', VercelPoolClient: 'poolClient', VercelClient: 'client' },
  objects: { pool: { ...pgPool, managed: ['query', 'sql'], sends: ['sql'] }, poolClient: pgPoolClient, client: pgClient },
};

/** postgres.js: `sql.reserve()` holds one connection until `reserved.release()`. */
export const postgresJs: Driver = {
  id: 'postgres',
  server: 'sql',
  modules: ['postgres'],
  factories: [{ path: [], kind: 'call', creates: 'sql' }],
  types: { Sql: 'sql', ReservedSql: 'reserved' },
  objects: {
    sql: { acquire: [{ method: 'reserve', style: 'promise', yields: 'reserved' }], managed: ['begin', 'unsafe', 'file'], scoped: [{ method: 'begin', sameApi: true }], ends: ['end'], sends: ['unsafe'] },
    reserved: { release: [{ method: 'release', preferred: true }], doubleRelease: 'unsafe' },
  },
};

const pgpDone: readonly ReleaseForm[] = [{ method: 'done', preferred: true }];

/** pg-promise: `pgp = pgPromise()`, `db = pgp(cn)`, `sco = await db.connect()` … `sco.done()`. */
export const pgPromise: Driver = {
  id: 'pg-promise',
  server: 'sql',
  modules: ['pg-promise'],
  factories: [{ path: [], kind: 'call', creates: 'pgp' }],
  types: { IDatabase: 'db', IConnected: 'sco' },
  objects: {
    // `pgp.end()` shuts down every pool the library made in the process.
    pgp: { callCreates: 'db', ends: ['end'] },
    db: {
      // `db.$pool` is the pg pool underneath; `db.$pool.end()` closes it.
      members: { $pool: 'pool' },
      acquire: [{ method: 'connect', style: 'promise', yields: 'sco' }],
      scoped: [
        { method: 'task', sameApi: true },
        { method: 'taskIf', sameApi: true },
        { method: 'tx', sameApi: true },
        { method: 'txIf', sameApi: true },
      ],
      managed: ['task', 'taskIf', 'tx', 'txIf', 'none', 'one', 'oneOrNone', 'many', 'manyOrNone', 'any', 'result', 'multi', 'multiResult', 'func', 'proc', 'map', 'each', 'stream', 'query'],
      sends: ['none', 'one', 'oneOrNone', 'many', 'manyOrNone', 'any', 'result', 'multi', 'multiResult'],
    },
    sco: { release: pgpDone, doubleRelease: 'throws' },
    pool: { ends: ['end'] },
  },
};

/** slonik: connections exist only inside scoped helpers; nothing to release by hand. */
export const slonik: Driver = {
  id: 'slonik',
  server: 'sql',
  modules: ['slonik'],
  factories: [{ path: ['createPool'], kind: 'call', creates: 'pool' }],
  types: { DatabasePool: 'pool' },
  objects: { pool: { scoped: [{ method: 'connect', sameApi: true }, { method: 'transaction', sameApi: true }], managed: ['connect', 'transaction', 'query', 'one', 'oneFirst', 'maybeOne', 'maybeOneFirst', 'many', 'manyFirst', 'any', 'anyFirst', 'exists', 'stream'], ends: ['end'] } },
};
