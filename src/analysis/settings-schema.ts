/**
 * Checks `settings['connection-leaks']` before the rules read it. ESLint validates each rule's
 * options against `meta.schema`, but not shared settings: without this a malformed entry either
 * crashed a rule deep inside its analysis or was silently ignored. A malformed entry stops the run
 * with one error that names the key and says what is expected.
 */

const PREFIX = "settings['connection-leaks']";

const TOP_LEVEL_KEYS: Readonly<Record<string, string>> = {
  pools: 'an array of pool entries ({ receiver or module, acquire, release })',
  nameHeuristics: 'true or false',
  requestHandlers: "an array of callee patterns (strings such as 'bus.subscribe' or 'router.*')",
  typeAware: 'true or false',
  readOtherFiles: 'true or false',
  budget: 'an object with any of the keys maxConnections, reserved, instances, serverlessMax (integers)',
};

/** The connection budget `no-pool-over-budget` checks against, with the smallest value each key accepts. */
const BUDGET_KEYS: Readonly<Record<string, { readonly expected: string; readonly min: number }>> = {
  maxConnections: { expected: "a positive integer (the database's max_connections)", min: 1 },
  reserved: { expected: 'an integer of 0 or more (connections kept free for admins, migrations, other services)', min: 0 },
  instances: { expected: 'a positive integer (how many processes run this code at once)', min: 1 },
  serverlessMax: { expected: 'a positive integer (the largest pool a serverless function may open)', min: 1 },
};

const POOL_KEYS: Readonly<Record<string, string>> = {
  receiver: 'a regular expression (string) matched against the receiver name',
  module: 'a module name (string)',
  factories: 'an array of export names (strings)',
  acquire: 'a non-empty array of method names (strings)',
  release: "a non-empty array of { method: 'name' } or { pool: 'name' }",
  disposable: 'true or false',
};

/** Thrown for malformed settings; ESLint shows it as the error of the rule that read them first. */
export class SettingsError extends Error {
  constructor(key: string, expected: string, got: string) {
    super(`connection-leaks: invalid ${key}: expected ${expected}, got ${got}. See "Settings" in the plugin's README.`);
    this.name = 'SettingsError';
  }
}

const invalid = (key: string, expected: string, value: unknown): SettingsError => new SettingsError(key, expected, describe(value));

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isName = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

function checkKeys(object: Record<string, unknown>, allowed: Readonly<Record<string, string>>, where: string): void {
  for (const key of Object.keys(object)) {
    if (!Object.hasOwn(allowed, key)) throw new SettingsError(`${where}.${key}`, `one of the keys ${Object.keys(allowed).join(', ')}`, 'an unknown key');
  }
}

function checkBoolean(object: Record<string, unknown>, key: string, where: string, expected: string): void {
  if (object[key] !== undefined && typeof object[key] !== 'boolean') throw invalid(`${where}.${key}`, expected, object[key]);
}

function checkNames(value: unknown, where: string, expected: string, { required }: { required: boolean }): void {
  if (value === undefined && !required) return;
  if (!Array.isArray(value) || (required && value.length === 0)) throw invalid(where, expected, value);
  value.forEach((item, i) => {
    if (!isName(item)) throw invalid(`${where}[${i}]`, 'a non-empty string', item);
  });
}

function checkRelease(value: unknown, where: string): void {
  if (!Array.isArray(value) || value.length === 0) throw invalid(where, POOL_KEYS.release, value);
  value.forEach((form, i) => {
    const keys = isPlainObject(form) ? Object.keys(form) : [];
    const valid = keys.length === 1 && (keys[0] === 'method' || keys[0] === 'pool') && isName((form as Record<string, unknown>)[keys[0]]);
    if (!valid) throw invalid(`${where}[${i}]`, "{ method: 'name' } (called on the handle) or { pool: 'name' } (called on the pool with the handle)", form);
  });
}

function checkPool(entry: unknown, where: string): void {
  if (!isPlainObject(entry)) throw invalid(where, 'a pool entry object ({ receiver or module, acquire, release })', entry);
  checkKeys(entry, POOL_KEYS, where);
  if (entry.receiver === undefined && entry.module === undefined) {
    throw new SettingsError(where, 'a `receiver` (regular expression) or a `module` naming which objects are pools', 'neither');
  }
  if (entry.receiver !== undefined) {
    if (!isName(entry.receiver)) throw invalid(`${where}.receiver`, POOL_KEYS.receiver, entry.receiver);
    try {
      new RegExp(entry.receiver);
    } catch (error) {
      throw new SettingsError(`${where}.receiver`, 'a valid regular expression', `${describe(entry.receiver)} (${(error as Error).message})`);
    }
  }
  if (entry.module !== undefined && !isName(entry.module)) throw invalid(`${where}.module`, POOL_KEYS.module, entry.module);
  if (entry.factories !== undefined && entry.module === undefined) {
    throw new SettingsError(`${where}.factories`, 'a `module` beside it (factories are named exports of that module)', 'no module');
  }
  checkNames(entry.factories, `${where}.factories`, POOL_KEYS.factories, { required: false });
  checkNames(entry.acquire, `${where}.acquire`, POOL_KEYS.acquire, { required: true });
  checkRelease(entry.release, `${where}.release`);
  checkBoolean(entry, 'disposable', where, POOL_KEYS.disposable);
}

function checkBudget(budget: unknown, where: string): void {
  if (!isPlainObject(budget)) throw invalid(where, TOP_LEVEL_KEYS.budget, budget);
  checkKeys(budget, Object.fromEntries(Object.entries(BUDGET_KEYS).map(([key, { expected }]) => [key, expected])), where);
  for (const [key, { expected, min }] of Object.entries(BUDGET_KEYS)) {
    const value = budget[key];
    if (value !== undefined && (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)) throw invalid(`${where}.${key}`, expected, value);
  }
  const { maxConnections, reserved } = budget as { maxConnections?: number; reserved?: number };
  if (reserved !== undefined && (maxConnections === undefined || reserved >= maxConnections)) {
    throw new SettingsError(`${where}.reserved`, 'a number below `maxConnections` beside it', maxConnections === undefined ? 'no maxConnections' : `${reserved} of ${maxConnections}`);
  }
}

const checked = new WeakSet<object>();

/**
 * Throws a SettingsError for the first malformed key of `settings['connection-leaks']`; absent
 * settings are valid. A settings object is checked once: ESLint hands every file the same one.
 */
export function assertValidSettings(raw: unknown): void {
  if (raw === undefined || (typeof raw === 'object' && raw !== null && checked.has(raw))) return;
  if (!isPlainObject(raw)) throw invalid(PREFIX, `an object with any of the keys ${Object.keys(TOP_LEVEL_KEYS).join(', ')}`, raw);
  checkKeys(raw, TOP_LEVEL_KEYS, PREFIX);
  if (raw.pools !== undefined) {
    if (!Array.isArray(raw.pools)) throw invalid(`${PREFIX}.pools`, TOP_LEVEL_KEYS.pools, raw.pools);
    raw.pools.forEach((entry, i) => checkPool(entry, `${PREFIX}.pools[${i}]`));
  }
  checkNames(raw.requestHandlers, `${PREFIX}.requestHandlers`, TOP_LEVEL_KEYS.requestHandlers, { required: false });
  checkBoolean(raw, 'nameHeuristics', PREFIX, TOP_LEVEL_KEYS.nameHeuristics);
  checkBoolean(raw, 'typeAware', PREFIX, TOP_LEVEL_KEYS.typeAware);
  checkBoolean(raw, 'readOtherFiles', PREFIX, TOP_LEVEL_KEYS.readOtherFiles);
  if (raw.budget !== undefined) checkBudget(raw.budget, `${PREFIX}.budget`);
  checked.add(raw);
}
