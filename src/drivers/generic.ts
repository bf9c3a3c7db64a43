import type { Driver, ReleaseForm } from './types';

/** Every release shape an unknown pool may use; `preferred` is what a fix writes. */
function releaseForms(preferred: string): ReleaseForm[] {
  const forms: ReleaseForm[] = [
    { method: 'release' },
    { method: 'done' },
    { method: 'close' },
    { method: 'destroy' },
    // @databases/connection-pool: `dispose()` closes the connection and frees its slot.
    { method: 'dispose' },
    { poolMethod: 'release' },
    { poolMethod: 'releaseConnection' },
    { poolMethod: 'destroy' },
    { poolMethod: 'putconn' },
  ];
  return forms.map(form => ({ ...form, preferred: (form.method ?? `pool.${form.poolMethod}`) === preferred }));
}

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
        { method: 'connect', style: 'either', yields: 'client', handleParam: 1, releaseParam: 2 },
        { method: 'getConnection', style: 'either', yields: 'client', handleParam: 1 },
        { method: 'acquire', style: 'promise', yields: 'resource' },
        // `getconn`/`putconn` name one pool API only: recognised on any receiver, not just pool-named ones.
        { method: 'getconn', style: 'promise', yields: 'conn', anyReceiver: true },
      ],
      managed: ['query', 'execute', 'use'],
      ends: ['end', 'close', 'destroy'],
      promiseFlavour: 'promise',
    },
    client: { release: releaseForms('release') },
    resource: { release: releaseForms('pool.release') },
    conn: { release: releaseForms('pool.putconn') },
  },
};
