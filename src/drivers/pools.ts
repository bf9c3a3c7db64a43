import type { Driver } from './types';

/** generic-pool: `acquire()` … `pool.release(resource)`; `pool.use(fn)` manages itself. */
export const genericPool: Driver = {
  id: 'generic-pool',
  lendsResources: true,
  modules: ['generic-pool'],
  factories: [{ path: ['createPool'], kind: 'call', creates: 'pool' }],
  types: { Pool: 'pool' },
  objects: {
    pool: { acquire: [{ method: 'acquire', style: 'promise', yields: 'resource' }], managed: ['use'], scoped: [{ method: 'use' }], ends: ['drain', 'clear'] },
    // Rejects on an idle pool; once the resource is lent again it frees the new holder's checkout.
    resource: { release: [{ poolMethod: 'release', async: true, preferred: true }, { poolMethod: 'destroy', async: true }], doubleRelease: 'unsafe' },
  },
};

/** tarn: `pool.acquire().promise` … `pool.release(resource)`. */
export const tarn: Driver = {
  id: 'tarn',
  lendsResources: true,
  modules: ['tarn'],
  factories: [{ path: ['Pool'], kind: 'new', creates: 'pool' }],
  types: { Pool: 'pool' },
  objects: {
    pool: { acquire: [{ method: 'acquire', style: 'promise', yields: 'resource', settle: { property: 'promise' } }], ends: ['destroy'] },
    // Ignored on an idle pool; once the resource is lent again it frees the new holder's checkout.
    resource: { release: [{ poolMethod: 'release', preferred: true }], doubleRelease: 'unsafe' },
  },
};
