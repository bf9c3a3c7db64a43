/**
 * Helpers of the driver-facts suite. Each test proves one fact of the driver data (src/drivers),
 * named by driver id and fact key (src/drivers/facts.ts), and reads what to expect from the data.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { drivers, type Driver, type ObjectModel, type ReleaseForm } from '../../src/drivers';
import { factsOf, releaseKey } from '../../src/drivers/facts';
import { poolConfigOf, type AcquireTimeoutConfig } from '../../src/drivers/pool-config';
import { disprovedOf, provenOf } from '../../src/drivers/provenance';

export { releaseKey };

export function driverById(id: string): Driver {
  const driver = drivers.find(candidate => candidate.id === id);
  if (!driver) throw new Error(`no driver ${id} in src/drivers`);
  return driver;
}

export function objectOf(driverId: string, kind: string): ObjectModel {
  const model = driverById(driverId).objects[kind];
  if (!model) throw new Error(`${driverId} has no object kind ${kind}`);
  return model;
}

export function releaseFormsOf(driverId: string, kind: string): readonly ReleaseForm[] {
  return objectOf(driverId, kind).release ?? [];
}

export function acquireTimeoutOf(driverId: string): AcquireTimeoutConfig {
  const config = poolConfigOf(driverId)?.acquireTimeout;
  if (!config) throw new Error(`${driverId} has no acquireTimeout in src/drivers/pool-config.ts`);
  return config;
}

export type Settled = 'resolved' | 'rejected' | 'pending';

/** How a promise stands after `ms` (a checkout that is still waiting shows `pending`). */
export async function settledWithin(promise: Promise<unknown>, ms: number): Promise<Settled> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<Settled>(resolve => {
    timer = setTimeout(() => resolve('pending'), ms);
  });
  const outcome = promise.then(
    () => 'resolved' as const,
    () => 'rejected' as const,
  );
  const result = await Promise.race([outcome, pending]);
  clearTimeout(timer);
  return result;
}

export type SecondRelease = 'throws' | 'rejects' | 'silent';

/** What a second release does, as the data's `doubleRelease` names it (without `unsafe`, which needs the pool). */
export async function observeRelease(release: () => unknown): Promise<SecondRelease> {
  let result: unknown;
  try {
    result = release();
  } catch {
    return 'throws';
  }
  if (result && typeof (result as Promise<unknown>).then === 'function') {
    try {
      await result;
    } catch {
      return 'rejects';
    }
  }
  return 'silent';
}

export type FactBody = () => Promise<void> | void;
export type Fact = (key: string, body: FactBody) => void;

/**
 * One driver's facts. `fact(key, body)` is a test of one data fact; after the file, every fact
 * `src/drivers/provenance.ts` claims as proven must have been proven here, and every fact proven
 * here must be claimed (so docs/drivers.md says what this suite really shows). On a tier (another
 * database), `disproved(key, body)` asserts a data fact the library does not keep there: a known
 * failure, listed as disproved in the provenance, that turns red when the library starts keeping it.
 */
export function driverFacts(driverId: string, body: (fact: Fact, disproved: Fact) => void, skipReason?: string, tier?: string): void {
  const driver = driverById(driverId);
  const known = new Set(factsOf(driver));
  const proven = new Set<string>();
  const attempted = new Set<string>();
  const refuted = new Set<string>();
  if (skipReason) console.warn(`driver facts of ${driverId} NOT RUN: ${skipReason}`);
  const name = tier ? `${driverId} on ${tier}` : driverId;
  describe(skipReason ? `${name} (not run: ${skipReason})` : name, () => {
    const fact: Fact = (key, run) => {
      attempted.add(key);
      const test = skipReason ? it.skip : it;
      test(`${name} › ${key}`, async () => {
        expect(known.has(key), `${key} is not a fact of the ${driverId} data`).toBe(true);
        await run();
        proven.add(key);
      });
    };
    const disproved: Fact = (key, run) => {
      // Checked here, not in the test: inside a known failure a wrong key would pass as expected.
      if (!known.has(key)) throw new Error(`${key} is not a fact of the ${driverId} data`);
      refuted.add(key);
      (skipReason ? it.skip : it.fails)(`${name} › ${key} (disproved)`, run);
    };
    body(fact, disproved);
    afterAll(() => {
      if (skipReason) return;
      console.log(`${name}: ${proven.size} of ${known.size} facts proven: ${[...proven].join(', ')}`);
      const claimed = provenOf(driverId, tier);
      const unprovenClaims = claimed.filter(key => !proven.has(key));
      const unclaimed = [...attempted].filter(key => !claimed.includes(key));
      expect(unprovenClaims, `${name}: provenance claims facts this run did not prove`).toEqual([]);
      expect(unclaimed, `${name}: facts tested here but not listed as proven in src/drivers/provenance.ts`).toEqual([]);
      expect([...refuted].sort(), `${name}: disproved facts must match src/drivers/provenance.ts`).toEqual(Object.keys(disprovedOf(driverId, tier)).sort());
    });
  });
}

/** Polls `read` until it returns `expected` or `ms` pass (some pools give a connection back a tick after the call settles). */
export async function eventually<T>(read: () => T, expected: T, ms = 1000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = read();
  while (value !== expected && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 10));
    value = read();
  }
  return value;
}

export interface ReleaseProbe<H> {
  /** Checks a handle out of a pool of one connection. */
  acquire(): Promise<H>;
  /** The data's preferred release form. */
  release(handle: H): unknown;
}

/**
 * What a second release of the same handle does, as `doubleRelease` names it: `unsafe` when, made
 * after the pool has lent the connection to another holder, it gives that holder's connection
 * back (a third checkout then gets it too); otherwise what it does on an idle pool.
 */
export async function observeDoubleRelease<H>(probe: ReleaseProbe<H>): Promise<SecondRelease | 'unsafe'> {
  const first = await probe.acquire();
  await probe.release(first);
  const idle = await observeRelease(() => probe.release(first));
  const stale = await probe.acquire();
  await probe.release(stale);
  const holder = await probe.acquire();
  await observeRelease(() => probe.release(stale));
  const third = probe.acquire();
  const corrupt = (await settledWithin(third, 300)) === 'resolved';
  await observeRelease(() => probe.release(holder));
  await observeRelease(async () => probe.release(await third));
  return corrupt ? 'unsafe' : idle;
}
