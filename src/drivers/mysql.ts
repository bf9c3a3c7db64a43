import type { Driver, ObjectModel, ReleaseForm } from './types';

/** Pooled connections: `release()`, or `destroy()` to drop; pooled `end()` is a deprecated release. */
const pooledRelease: readonly ReleaseForm[] = [
  { method: 'release', preferred: true },
  { method: 'destroy' },
  { method: 'end' },
  { poolMethod: 'releaseConnection' },
];

/** Stand-alone connections are closed with `end()` (or `destroy()`/`close()`). */
const standaloneRelease: readonly ReleaseForm[] = [
  { method: 'end', async: true, preferred: true },
  { method: 'destroy' },
  { method: 'close', async: true },
];

const mysql2Pool: ObjectModel = {
  acquire: [{ method: 'getConnection', style: 'either', yields: 'poolConnection', handleParam: 1 }],
  managed: ['query', 'execute'],
  ends: ['end'],
  promiseFlavour: 'promise',
};

/** mysql2 (callback and `/promise` flavours). Pooled and stand-alone connections are disposable since 3.x. */
export const mysql2: Driver = {
  id: 'mysql2',
  server: 'sql',
  modules: ['mysql2', 'mysql2/promise'],
  factories: [
    { path: ['createPool'], kind: 'call', creates: 'pool' },
    { path: ['createPoolCluster'], kind: 'call', creates: 'cluster' },
    { path: ['createConnection'], kind: 'call', creates: 'connection' },
  ],
  types: { Pool: 'pool', PoolConnection: 'poolConnection', Connection: 'connection', PoolCluster: 'cluster' },
  objects: {
    pool: mysql2Pool,
    cluster: mysql2Pool,
    // The handle is the pooled connection itself: a late second release frees whoever holds it now.
    poolConnection: { release: pooledRelease, disposable: true, doubleRelease: 'unsafe', promiseFlavour: 'promise' },
    connection: { release: standaloneRelease, disposable: true, promiseFlavour: 'promise' },
  },
};

/** mysqljs/mysql: callback API only. */
export const mysql: Driver = {
  id: 'mysql',
  server: 'sql',
  modules: ['mysql'],
  factories: [
    { path: ['createPool'], kind: 'call', creates: 'pool' },
    { path: ['createPoolCluster'], kind: 'call', creates: 'pool' },
    { path: ['createConnection'], kind: 'call', creates: 'connection' },
  ],
  types: { Pool: 'pool', PoolConnection: 'poolConnection', Connection: 'connection' },
  objects: {
    pool: { acquire: [{ method: 'getConnection', style: 'callback', yields: 'poolConnection', handleParam: 1 }], managed: ['query'], ends: ['end'] },
    // Throws on an idle pool; once the connection is lent again it frees the new holder's checkout.
    poolConnection: { release: pooledRelease, doubleRelease: 'unsafe' },
    connection: { release: standaloneRelease },
  },
};

/** MariaDB Connector/Node.js: pooled `end()`/`close()` are releases; promise-API handles are disposable. */
export const mariadb: Driver = {
  id: 'mariadb',
  server: 'sql',
  modules: ['mariadb', 'mariadb/callback'],
  factories: [
    { path: ['createPool'], kind: 'call', creates: 'pool' },
    { path: ['createPoolCluster'], kind: 'call', creates: 'pool' },
    { path: ['createConnection'], kind: 'call', creates: 'connection' },
  ],
  types: { Pool: 'pool', PoolConnection: 'poolConnection', Connection: 'connection' },
  objects: {
    pool: { acquire: [{ method: 'getConnection', style: 'either', yields: 'poolConnection', handleParam: 1 }], managed: ['query', 'execute', 'batch', 'importFile'], ends: ['end'] },
    poolConnection: {
      release: [{ method: 'release', async: true, preferred: true }, { method: 'end', async: true }, { method: 'close', async: true }, { method: 'destroy' }],
      disposable: true,
      // Each checkout's wrapper releases the shared connection, whoever holds it now.
      doubleRelease: 'unsafe',
    },
    connection: { release: standaloneRelease, disposable: true },
  },
};
