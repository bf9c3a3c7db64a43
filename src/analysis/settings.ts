import type { TSESLint } from '@typescript-eslint/utils';
import { drivers as builtinDrivers } from '../drivers';
import { genericNamedPool } from '../drivers/generic';
import type { AcquireForm, Driver, ReleaseForm } from '../drivers/types';
import { fileState } from './file-state';

/** One user pool entry from `settings['connection-leaks'].pools`. */
export interface UserPoolSetting {
  /** Receivers whose name matches this regular expression are pools of this entry. */
  receiver?: string;
  /** A module whose export (called or constructed) makes pools of this entry. */
  module?: string;
  /** Named exports of `module` that make pools when called or constructed (default: the module's own export). */
  factories?: string[];
  /** Methods that check a handle out. */
  acquire: string[];
  /** How a handle is released: `{ method: 'release' }` (on the handle) or `{ pool: 'putconn' }` (pool method taking the handle). */
  release: ({ method: string } | { pool: string })[];
  /** `await using` releases the handle. */
  disposable?: boolean;
}

export interface PluginSettings {
  readonly drivers: readonly Driver[];
  /** Drivers that are recognised by receiver name, paired with the name pattern. */
  readonly namedPools: readonly { readonly pattern: RegExp; readonly driver: Driver }[];
  /** Extra callee patterns that register per-request callbacks (`settings['connection-leaks'].requestHandlers`). */
  readonly requestHandlers: readonly string[];
  /** Decide pools and handles by their declared TypeScript types (needs type information). */
  readonly typeAware: boolean;
}

/** Names that say "pool": `pool`, `pgPool`, `this.readPool`, `_pool`. */
export const DEFAULT_POOL_NAME = /^_*(?:pool|[a-z][\w$]*Pool)$/;

const cache = new WeakMap<object, PluginSettings>();

function userDriver(entry: UserPoolSetting, index: number): Driver {
  const release: ReleaseForm[] = entry.release.map((form, i) =>
    'method' in form ? { method: form.method, preferred: i === 0 } : { poolMethod: form.pool, preferred: i === 0 },
  );
  const acquire: AcquireForm[] = entry.acquire.map(method => ({ method, style: 'either', yields: 'handle', handleParam: 1 }));
  return {
    id: `settings.pools[${index}]`,
    modules: entry.module ? [entry.module] : [],
    factories: entry.module
      ? (entry.factories?.length ? entry.factories.map(name => [name]) : [[]]).flatMap(path => [
          { path, kind: 'call' as const, creates: 'pool' },
          { path, kind: 'new' as const, creates: 'pool' },
        ])
      : [],
    objects: { pool: { acquire }, handle: { release, disposable: entry.disposable ?? false } },
  };
}

function compile(raw: unknown): PluginSettings {
  const own = (raw ?? {}) as { pools?: UserPoolSetting[]; nameHeuristics?: boolean; requestHandlers?: unknown; typeAware?: unknown };
  const pools = Array.isArray(own.pools) ? own.pools : [];
  const user = pools.map(userDriver);
  const namedPools: { pattern: RegExp; driver: Driver }[] = [];
  pools.forEach((entry, i) => {
    if (typeof entry.receiver === 'string') {
      try {
        namedPools.push({ pattern: new RegExp(entry.receiver), driver: user[i] });
      } catch {
        // An invalid pattern in settings must not crash the lint run; the entry is ignored.
      }
    }
  });
  if (own.nameHeuristics !== false) namedPools.push({ pattern: DEFAULT_POOL_NAME, driver: genericNamedPool });
  const requestHandlers = Array.isArray(own.requestHandlers) ? own.requestHandlers.filter((h): h is string => typeof h === 'string') : [];
  return { drivers: [...builtinDrivers, ...user.filter(d => d.modules.length > 0)], namedPools, requestHandlers, typeAware: own.typeAware === true };
}

/** The plugin's shared settings, compiled once per settings object. */
export function readSettings(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): PluginSettings {
  const raw = (context.settings as Record<string, unknown> | undefined)?.['connection-leaks'];
  const key = (raw ?? cache) as object;
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = compile(raw);
    cache.set(key, compiled);
  }
  return compiled;
}

const modulePatterns = new WeakMap<object, RegExp>();
const cluePatterns = new WeakMap<object, RegExp>();

const escapeModule = (name: string): string => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * One scan that most files fail: does the text quote a driver module, say pool, or name one of
 * `names` (methods that check out on any receiver; the same list for the same settings)? A file without any of them has nothing for
 * the rules to track, and the finer scans below are then known to fail too.
 */
export function mentionsAnyClue(sourceCode: { readonly text: string; readonly ast: object }, settings: PluginSettings, names: readonly string[]): boolean {
  const state = fileState(sourceCode, settings);
  if (state.driverModule || state.poolWord) return true;
  let pattern = cluePatterns.get(settings);
  if (!pattern) {
    const modules = settings.drivers.flatMap(driver => driver.modules).map(escapeModule);
    pattern = new RegExp(`['"\`](?:${modules.join('|')})['"\`]|[pP]ool${names.length > 0 ? `|${names.map(escapeModule).join('|')}` : ''}`);
    cluePatterns.set(settings, pattern);
  }
  if (pattern.test(sourceCode.text)) return true;
  state.driverModule = false;
  state.poolWord = false;
  return false;
}

/**
 * Does the file quote a driver module's name (an import, a require)? Without one no construction
 * can be tracked, so several rules skip the file. One text scan per file: cheaper than reading the
 * imports and every unresolved reference for `require`, and never narrower.
 */
export function mentionsDriverModule(sourceCode: { readonly text: string; readonly ast: object }, settings: PluginSettings): boolean {
  const state = fileState(sourceCode, settings);
  if (state.driverModule !== undefined) return state.driverModule;
  let pattern = modulePatterns.get(settings);
  if (!pattern) {
    pattern = new RegExp(`['"\`](?:${settings.drivers.flatMap(driver => driver.modules).map(escapeModule).join('|')})['"\`]`);
    modulePatterns.set(settings, pattern);
  }
  return (state.driverModule = pattern.test(sourceCode.text));
}

/**
 * Does the text say `pool` or `Pool` anywhere? Without the word no receiver can have a pool's
 * name (`pool`, `pgPool`, `this.readPool`), so the name heuristic has nothing to find.
 */
export function mentionsPoolWord(sourceCode: { readonly text: string; readonly ast: object }, settings: PluginSettings): boolean {
  const state = fileState(sourceCode, settings);
  return (state.poolWord ??= /[pP]ool/.test(sourceCode.text));
}
