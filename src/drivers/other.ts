import type { Driver } from './types';

/** node-oracledb: pooled and stand-alone connections are closed with `close()` (alias `release()`). */
export const oracledb: Driver = {
  id: 'oracledb',
  server: 'sql',
  modules: ['oracledb'],
  factories: [
    { path: ['createPool'], kind: 'call', creates: 'pool' },
    { path: ['getPool'], kind: 'call', creates: 'pool', builds: false },
    { path: ['getConnection'], kind: 'call', creates: 'connection', builds: false },
  ],
  types: { Pool: 'pool', Connection: 'connection' },
  objects: {
    pool: { acquire: [{ method: 'getConnection', style: 'either', yields: 'connection', handleParam: 1 }], ends: ['close'] },
    connection: { release: [{ method: 'close', async: true, preferred: true }, { method: 'release', async: true }], disposable: true, doubleRelease: 'throws' },
  },
};

/** node-mssql: requests acquire implicitly; the pool's `connect()` only initialises the pool. */
export const mssql: Driver = {
  id: 'mssql',
  server: 'sql',
  modules: ['mssql', 'mssql/msnodesqlv8'],
  factories: [
    { path: ['ConnectionPool'], kind: 'new', creates: 'pool' },
    // `sql.connect(cfg)` makes the global pool once and returns it afterwards.
    { path: ['connect'], kind: 'call', creates: 'pool', builds: false },
    { path: ['Transaction'], kind: 'new', creates: 'transaction', builds: false },
    { path: ['PreparedStatement'], kind: 'new', creates: 'preparedStatement', builds: false },
  ],
  types: { ConnectionPool: 'pool', Transaction: 'transaction', PreparedStatement: 'preparedStatement' },
  objects: {
    pool: { managed: ['request', 'query', 'batch', 'connect'], returns: { transaction: 'transaction' }, ends: ['close'] },
    // A transaction holds one connection from `begin()` until `commit()` or `rollback()`.
    transaction: { opens: 'begin', transaction: true, release: [{ method: 'commit', async: true, preferred: true }, { method: 'rollback', async: true }], doubleRelease: 'throws' },
    // Each prepared statement reserves a connection until `unprepare()`.
    preparedStatement: { opens: 'prepare', release: [{ method: 'unprepare', async: true, preferred: true }] },
  },
};

/** MongoDB: the checkable resource is the explicit session. */
export const mongodb: Driver = {
  id: 'mongodb',
  server: 'mongodb',
  modules: ['mongodb'],
  factories: [
    { path: ['MongoClient'], kind: 'new', creates: 'client' },
    { path: ['MongoClient', 'connect'], kind: 'call', creates: 'client' },
  ],
  types: { MongoClient: 'client', ClientSession: 'session' },
  objects: {
    client: { acquire: [{ method: 'startSession', style: 'promise', yields: 'session' }], managed: ['withSession'], scoped: [{ method: 'withSession' }], ends: ['close'] },
    session: {
      release: [{ method: 'endSession', async: true, preferred: true }],
      disposable: true,
      scoped: [{ method: 'withTransaction', receiver: true }],
    },
  },
};

/** Mongoose: sessions from the default connection or from `createConnection()`. */
export const mongoose: Driver = {
  id: 'mongoose',
  server: 'mongodb',
  modules: ['mongoose'],
  factories: [
    { path: ['startSession'], kind: 'call', creates: 'session', builds: false },
    { path: ['createConnection'], kind: 'call', creates: 'connection' },
    { path: ['connect'], kind: 'call', creates: 'connection', builds: false },
    { path: ['connection'], kind: 'read', creates: 'connection' },
  ],
  types: { Connection: 'connection', ClientSession: 'session' },
  objects: {
    connection: {
      acquire: [{ method: 'startSession', style: 'promise', yields: 'session' }],
      managed: ['transaction', 'withSession'],
      scoped: [{ method: 'transaction' }, { method: 'withSession' }],
      ends: ['close', 'destroy'],
    },
    // Mongoose hands out the MongoDB driver's ClientSession, which is async-disposable.
    session: {
      release: [{ method: 'endSession', async: true, preferred: true }],
      disposable: true,
      scoped: [{ method: 'withTransaction', receiver: true }],
    },
  },
};

/** ioredis: one multiplexed connection per `new Redis()`, opened at once. */
export const ioredis: Driver = {
  id: 'ioredis',
  server: 'redis',
  modules: ['ioredis'],
  factories: [
    { path: [], kind: 'new', creates: 'client' },
    { path: ['Redis'], kind: 'new', creates: 'client' },
    { path: ['Cluster'], kind: 'new', creates: 'client' },
    { path: ['default'], kind: 'new', creates: 'client' },
  ],
  types: { Redis: 'client', Cluster: 'client' },
  objects: { client: { managed: ['get', 'set', 'pipeline', 'multi'], noun: 'client', ends: ['quit', 'disconnect'] } },
};

/** node-redis: `createClient()` + `connect()`, or a client pool. */
export const redis: Driver = {
  id: 'redis',
  server: 'redis',
  modules: ['redis', '@redis/client'],
  factories: [
    { path: ['createClient'], kind: 'call', creates: 'client' },
    { path: ['createClientPool'], kind: 'call', creates: 'client' },
    { path: ['createCluster'], kind: 'call', creates: 'client' },
  ],
  types: { RedisClientType: 'client' },
  objects: { client: { noun: 'client' } },
};

/** cassandra-driver: one `Client` owns a pool per host. */
export const cassandra: Driver = {
  id: 'cassandra-driver',
  server: 'cassandra',
  modules: ['cassandra-driver'],
  factories: [{ path: ['Client'], kind: 'new', creates: 'client' }],
  types: { Client: 'client' },
  objects: { client: { managed: ['execute', 'batch', 'stream', 'eachRow'], noun: 'client', ends: ['shutdown'] } },
};

/** @google-cloud/spanner: each `Database` object owns session state. */
export const spanner: Driver = {
  id: '@google-cloud/spanner',
  server: 'spanner',
  modules: ['@google-cloud/spanner'],
  factories: [{ path: ['Spanner'], kind: 'new', creates: 'client' }],
  objects: { client: {} },
};
