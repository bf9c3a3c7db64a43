/** generic-pool and tarn, in process: resources are plain objects, the pools' counters are the observation. */
import * as genericPool from 'generic-pool';
import { Pool as TarnPool } from 'tarn';
import { expect, vi } from 'vitest';
import { acquireTimeoutOf, driverFacts, objectOf, observeDoubleRelease, releaseFormsOf, releaseKey, settledWithin } from './harness';

interface Resource {
  id: number;
}

let nextId = 0;
const factory = { create: async (): Promise<Resource> => ({ id: ++nextId }), destroy: async () => undefined };

driverFacts('generic-pool', fact => {
  const makePool = (options: genericPool.Options = {}) => genericPool.createPool(factory, { max: 1, ...options });
  const poolMethods = (pool: genericPool.Pool<Resource>) => pool as unknown as Record<string, (resource: Resource) => unknown>;

  fact('factory call createPool', () => {
    expect(typeof makePool().acquire).toBe('function');
  });

  fact('pool.acquire.acquire', async () => {
    const pool = makePool();
    const resource = await pool.acquire();
    expect(pool.borrowed).toBe(1);
    const waiter = pool.acquire();
    expect(await settledWithin(waiter, 200)).toBe('pending');
    await pool.release(resource);
    await pool.release(await waiter);
    expect(pool.borrowed).toBe(0);
  });

  // A failing create is retried at once without end (and starves the event loop): the failure an
  // application meets is the timed-out wait.
  fact('pool.acquire.acquire failing', async () => {
    const pool = makePool({ acquireTimeoutMillis: 200 });
    const resource = await pool.acquire();
    await expect(pool.acquire()).rejects.toThrow();
    expect(pool.borrowed).toBe(1);
    expect(pool.pending).toBe(0);
    await pool.release(resource);
    expect(pool.borrowed).toBe(0);
  });

  for (const form of releaseFormsOf('generic-pool', 'resource')) {
    fact(`resource.release.${releaseKey(form)}`, async () => {
      const pool = makePool();
      const resource = await pool.acquire();
      await poolMethods(pool)[form.poolMethod!]!(resource);
      expect(pool.borrowed).toBe(0);
      expect(await settledWithin(pool.acquire(), 500)).toBe('resolved');
    });
  }

  fact('resource.doubleRelease', async () => {
    const pool = makePool();
    const observed = await observeDoubleRelease({ acquire: () => pool.acquire(), release: resource => pool.release(resource) });
    expect(observed).toBe(objectOf('generic-pool', 'resource').doubleRelease);
  });

  fact('pool.managed.use', async () => {
    const pool = makePool();
    expect(await pool.use(async resource => resource.id)).toBeGreaterThan(0);
    expect(pool.borrowed).toBe(0);
    await expect(pool.use(async () => Promise.reject(new Error('callback failed')))).rejects.toThrow('callback failed');
    expect(pool.borrowed).toBe(0);
  });

  fact('acquireTimeout', async () => {
    const { keys } = acquireTimeoutOf('generic-pool');
    const pool = makePool({ [keys[0]![0]!]: 200 });
    const resource = await pool.acquire();
    await expect(pool.acquire()).rejects.toThrow();
    await pool.release(resource);
    expect(pool.borrowed).toBe(0);
    expect(await settledWithin(pool.acquire(), 500)).toBe('resolved');
  });

  fact('acquireTimeout default', async () => {
    const { defaultValue } = acquireTimeoutOf('generic-pool');
    expect(defaultValue).toBeNull();
    const pool = makePool();
    const resource = await pool.acquire();
    const waiter = pool.acquire();
    expect(await settledWithin(waiter, 1000)).toBe('pending');
    await pool.release(resource);
    await pool.release(await waiter);
  });
});

driverFacts('tarn', fact => {
  type Options = Partial<ConstructorParameters<typeof TarnPool<Resource>>[0]>;
  const makePool = (options: Options = {}) =>
    new TarnPool<Resource>({ create: () => Promise.resolve({ id: ++nextId }), destroy: () => undefined, min: 0, max: 1, ...options });
  const poolMethods = (pool: TarnPool<Resource>) => pool as unknown as Record<string, (resource: Resource) => unknown>;

  fact('factory new Pool', () => {
    expect(makePool()).toBeInstanceOf(TarnPool);
  });

  fact('pool.acquire.acquire', async () => {
    const pool = makePool();
    const settle = objectOf('tarn', 'pool').acquire![0]!.settle!;
    const operation = pool.acquire() as unknown as Record<string, Promise<Resource>>;
    const resource = await operation[settle.property]!;
    expect(pool.numUsed()).toBe(1);
    const waiter = pool.acquire().promise;
    expect(await settledWithin(waiter, 200)).toBe('pending');
    pool.release(resource);
    pool.release(await waiter);
    expect(pool.numUsed()).toBe(0);
    await pool.destroy();
  });

  fact('pool.acquire.acquire failing', async () => {
    const pool = new TarnPool<Resource>({
      create: () => Promise.reject(new Error('refused')),
      destroy: () => undefined,
      min: 0,
      max: 1,
      acquireTimeoutMillis: 300,
      createRetryIntervalMillis: 50,
    });
    await expect(pool.acquire().promise).rejects.toThrow();
    expect(pool.numUsed()).toBe(0);
    expect(pool.numPendingAcquires()).toBe(0);
    await pool.destroy();
  });

  for (const form of releaseFormsOf('tarn', 'resource')) {
    fact(`resource.release.${releaseKey(form)}`, async () => {
      const pool = makePool();
      const resource = await pool.acquire().promise;
      poolMethods(pool)[form.poolMethod!]!(resource);
      expect(pool.numUsed()).toBe(0);
      pool.release(await pool.acquire().promise);
      await pool.destroy();
    });
  }

  fact('resource.doubleRelease', async () => {
    const pool = makePool();
    const observed = await observeDoubleRelease({ acquire: () => pool.acquire().promise, release: resource => pool.release(resource) });
    expect(observed).toBe(objectOf('tarn', 'resource').doubleRelease);
  });

  fact('acquireTimeout', async () => {
    const { keys } = acquireTimeoutOf('tarn');
    const pool = makePool({ [keys[0]![0]!]: 200 });
    const resource = await pool.acquire().promise;
    await expect(pool.acquire().promise).rejects.toThrow();
    pool.release(resource);
    pool.release(await pool.acquire().promise);
    await pool.destroy();
  });

  fact('acquireTimeout default', async () => {
    const { defaultValue } = acquireTimeoutOf('tarn');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    try {
      const pool = makePool();
      const resource = await pool.acquire().promise;
      const waiter = pool.acquire().promise;
      const outcome = waiter.then(() => 'resolved', () => 'rejected');
      await vi.advanceTimersByTimeAsync(defaultValue! - 10);
      expect(await Promise.race([outcome, Promise.resolve('pending')])).toBe('pending');
      await vi.advanceTimersByTimeAsync(20);
      expect(await outcome).toBe('rejected');
      pool.release(resource);
      await pool.destroy();
    } finally {
      vi.useRealTimers();
    }
  });
});
