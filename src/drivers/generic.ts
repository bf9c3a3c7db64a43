import type { Driver } from './types';

/**
 * A pool whose library is unknown (imported from the app's own module, injected, user-wrapped),
 * recognised by its name. Only the common checkout shapes count, and a discarded result is not
 * reported, because an unknown `pool.connect()` may be an initialiser (node-mssql).
 */
export const genericNamedPool: Driver = {
  id: 'pool',
  modules: [],
  factories: [],
  objects: {
    pool: {
      acquire: [
        { method: 'connect', style: 'either', yields: 'handle', handleParam: 1, releaseParam: 2 },
        { method: 'getConnection', style: 'either', yields: 'handle', handleParam: 1 },
        { method: 'acquire', style: 'promise', yields: 'handle' },
        { method: 'getconn', style: 'promise', yields: 'handle' },
      ],
      managed: ['query', 'execute', 'use'],
    },
    handle: {
      release: [
        { method: 'release', preferred: true },
        { method: 'done' },
        { method: 'close' },
        { method: 'destroy' },
        { poolMethod: 'release' },
        { poolMethod: 'releaseConnection' },
        { poolMethod: 'destroy' },
        { poolMethod: 'putconn' },
      ],
    },
  },
};
