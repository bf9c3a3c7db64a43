import type { Driver } from './types';

/** node-oracledb: pooled and stand-alone connections are closed with `close()` (alias `release()`). */
export const oracledb: Driver = {
  id: 'oracledb',
  modules: ['oracledb'],
  factories: [
    { path: ['createPool'], kind: 'call', creates: 'pool' },
    { path: ['getPool'], kind: 'call', creates: 'pool' },
    { path: ['getConnection'], kind: 'call', creates: 'connection' },
  ],
  types: { Pool: 'pool', Connection: 'connection' },
  objects: {
    pool: { acquire: [{ method: 'getConnection', style: 'either', yields: 'connection', handleParam: 1 }] },
    connection: { release: [{ method: 'close', async: true, preferred: true }, { method: 'release', async: true }], disposable: true },
  },
};

/** node-mssql: requests acquire implicitly; the pool's `connect()` only initialises the pool. */
export const mssql: Driver = {
  id: 'mssql',
  modules: ['mssql', 'mssql/msnodesqlv8'],
  factories: [
    { path: ['ConnectionPool'], kind: 'new', creates: 'pool' },
    { path: ['connect'], kind: 'call', creates: 'pool' },
  ],
  types: { ConnectionPool: 'pool' },
  objects: { pool: { managed: ['request', 'query', 'batch', 'connect'] } },
};

/** MongoDB: the checkable resource is the explicit session. */
export const mongodb: Driver = {
  id: 'mongodb',
  modules: ['mongodb'],
  factories: [
    { path: ['MongoClient'], kind: 'new', creates: 'client' },
    { path: ['MongoClient', 'connect'], kind: 'call', creates: 'client' },
  ],
  types: { MongoClient: 'client', ClientSession: 'session' },
  objects: {
    client: { acquire: [{ method: 'startSession', style: 'promise', yields: 'session' }], managed: ['withSession'] },
    session: { release: [{ method: 'endSession', async: true, preferred: true }], disposable: true },
  },
};

/** Mongoose: sessions from the default connection or from `createConnection()`. */
export const mongoose: Driver = {
  id: 'mongoose',
  modules: ['mongoose'],
  factories: [
    { path: ['startSession'], kind: 'call', creates: 'session' },
    { path: ['createConnection'], kind: 'call', creates: 'connection' },
    { path: ['connection'], kind: 'read', creates: 'connection' },
  ],
  types: { Connection: 'connection', ClientSession: 'session' },
  objects: {
    connection: { acquire: [{ method: 'startSession', style: 'promise', yields: 'session' }], managed: ['transaction', 'withSession'] },
    session: { release: [{ method: 'endSession', async: true, preferred: true }] },
  },
};
