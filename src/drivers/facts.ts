/**
 * The facts the driver data asserts, one key per fact, so that each can be proven by the
 * driver-facts suite (tests/drivers) or traced to documentation (./provenance).
 */
import type { Driver } from './types';
import { poolConfigOf } from './pool-config';

/** `kind.acquire.method`, `kind.release.method` / `kind.release.pool.method`, `kind.doubleRelease`, `acquireTimeout` … */
export type FactKey = string;

export function releaseKey(form: { method?: string; poolMethod?: string }): string {
  return form.method ?? `pool.${form.poolMethod}`;
}

/** Every fact of one driver, in data order. */
export function factsOf(driver: Driver): FactKey[] {
  const facts: FactKey[] = driver.factories.map(factory => `factory ${factory.kind} ${factory.path.join('.') || '(module)'}`);
  for (const [kind, model] of Object.entries(driver.objects)) {
    for (const form of model.acquire ?? []) facts.push(`${kind}.acquire.${form.method}`, `${kind}.acquire.${form.method} failing`);
    if (model.opens) facts.push(`${kind}.opens.${model.opens}`);
    for (const form of model.release ?? []) facts.push(`${kind}.release.${releaseKey(form)}`);
    if (model.doubleRelease) facts.push(`${kind}.doubleRelease`);
    if (model.disposable !== undefined) facts.push(`${kind}.disposable`);
    const helpers = new Set([...(model.managed ?? []), ...(model.scoped ?? []).map(scoped => scoped.method)]);
    for (const method of helpers) facts.push(`${kind}.managed.${method}`);
  }
  const timeout = poolConfigOf(driver.id)?.acquireTimeout;
  if (timeout) facts.push('acquireTimeout', 'acquireTimeout default');
  return facts;
}
