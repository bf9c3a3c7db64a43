import { getStringIfConstant } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { GLOBAL_OBJECT_NAMES, nodeAt, propertyName } from './ast';
import { drivers as builtinDrivers } from '../drivers';
import { genericNamedPool } from '../drivers/generic';
import type { AcquireForm, Driver, ReleaseForm } from '../drivers/types';
import { fileState, type DriverImports } from './file-state';

export type { DriverImports } from './file-state';
import { assertValidSettings } from './settings-schema';
import { containsAnyName, nameProbes, type NameProbes } from './text-probes';

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

/** `settings['connection-leaks'].budget`, with the defaults filled in. */
export interface BudgetSettings {
  /** The database's `max_connections`; without it only serverless modules are checked. */
  readonly maxConnections: number | null;
  readonly reserved: number;
  readonly instances: number;
  readonly serverlessMax: number;
}

export interface PluginSettings {
  readonly drivers: readonly Driver[];
  /** Drivers that are recognised by receiver name, paired with the name pattern. */
  readonly namedPools: readonly { readonly pattern: RegExp; readonly driver: Driver }[];
  /** Extra callee patterns that register per-request callbacks (`settings['connection-leaks'].requestHandlers`). */
  readonly requestHandlers: readonly string[];
  /** Decide pools and handles by their declared TypeScript types (needs type information). */
  readonly typeAware: boolean;
  /** Read the application's own modules on disk (relative imports) where a verdict depends on them. */
  readonly readOtherFiles: boolean;
  /** Methods that check out whatever their receiver: the driver-unique ones and those of the user's own pools. */
  readonly anyReceiverMethods: readonly string[];
  /** The user named receivers of their own (`pools[].receiver`): a pool may have any name. */
  readonly customReceivers: boolean;
  readonly budget: BudgetSettings;
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
  assertValidSettings(raw);
  const own = (raw ?? {}) as {
    pools?: UserPoolSetting[];
    nameHeuristics?: boolean;
    requestHandlers?: unknown;
    typeAware?: unknown;
    readOtherFiles?: unknown;
    budget?: Partial<BudgetSettings>;
  };
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
  const drivers = [...builtinDrivers, ...user.filter(d => d.modules.length > 0)];
  const customNamed = namedPools.filter(p => p.driver.id !== genericNamedPool.id);
  const anyReceiverMethods = [
    ...new Set([
      ...[...drivers, ...namedPools.map(p => p.driver)].flatMap(d => acquireMethods(d, form => !!form.anyReceiver)),
      ...customNamed.flatMap(p => acquireMethods(p.driver)),
    ]),
  ];
  const budget: BudgetSettings = {
    maxConnections: own.budget?.maxConnections ?? null,
    reserved: own.budget?.reserved ?? 0,
    instances: own.budget?.instances ?? 1,
    serverlessMax: own.budget?.serverlessMax ?? 2,
  };
  return {
    drivers,
    namedPools,
    requestHandlers,
    typeAware: own.typeAware === true,
    readOtherFiles: own.readOtherFiles !== false,
    anyReceiverMethods,
    customReceivers: customNamed.length > 0,
    budget,
  };
}

/** The methods of a driver's objects that check out (those `keep` accepts). */
export function acquireMethods(driver: Driver, keep: (form: AcquireForm) => boolean = () => true): string[] {
  return Object.values(driver.objects).flatMap(model => (model.acquire ?? []).filter(keep).map(form => form.method));
}

/** The plugin's shared settings, compiled once per settings object. */
export function readSettings(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): PluginSettings {
  const raw = (context.settings as Record<string, unknown> | undefined)?.['connection-leaks'];
  const key = (raw ?? cache) as object;
  // Every rule asks for every file, and a run has one settings object: the last answer is checked
  // before the WeakMap (11 rules over the bench corpus: about 6 ms a round for the reads, 4.5 after).
  if (key === lastKey) return lastCompiled!;
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = compile(raw);
    cache.set(key, compiled);
  }
  lastKey = key;
  lastCompiled = compiled;
  return compiled;
}

let lastKey: object | null = null;
let lastCompiled: PluginSettings | null = null;

const moduleSets = new WeakMap<object, ReadonlySet<string>>();
const modulePatterns = new WeakMap<object, RegExp>();
const methodProbeCache = new WeakMap<object, NameProbes>();

const escapeModule = (name: string): string => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** What the file-level gates read of a file. */
export interface GatedSource {
  readonly text: string;
  readonly ast: TSESTree.Program;
  readonly scopeManager?: TSESLint.Scope.ScopeManager | null;
  /** Without them the text alone answers where the tree would be asked (see namesPool). */
  readonly visitorKeys?: Readonly<Record<string, readonly string[] | undefined>>;
}

/**
 * Does the file import or require a driver module, does its text say pool, or name a method that
 * checks out on any receiver? A file without any of them has nothing for the rules to track.
 */
export function mentionsAnyClue(sourceCode: GatedSource, settings: PluginSettings): boolean {
  const state = fileState(sourceCode, settings);
  return (state.clue ??= readClue(sourceCode, settings));
}

function readClue(sourceCode: GatedSource, settings: PluginSettings): boolean {
  // Most files have none of the three: each is looked for the cheapest way (see text-probes.ts), the
  // driver import in the syntax tree, where the text would need a pattern of every module's name.
  return namesPool(sourceCode, settings) || containsAnyName(sourceCode.text, methodProbes(settings)) || importsDriverModule(sourceCode, settings);
}

/** The methods that check out on any receiver, as probes of the text. */
function methodProbes(settings: PluginSettings): NameProbes {
  let probes = methodProbeCache.get(settings);
  if (!probes) {
    probes = nameProbes(settings.anyReceiverMethods);
    methodProbeCache.set(settings, probes);
  }
  return probes;
}

/**
 * Can any rule of the plugin find something in the file? Each needs a driver import, a pool's name
 * or a method that checks out on any receiver, except where declared types or the user's own
 * receiver patterns let a pool have any name. Every rule asks first, so the many files without a
 * clue cost each rule one cached answer instead of its options, helpers and gates.
 */
export function fileHasClue(sourceCode: GatedSource, settings: PluginSettings): boolean {
  return everyFileHasClue(settings) || mentionsAnyClue(sourceCode, settings);
}

/** Declared types or the user's own receiver patterns let a pool have any name: no file can be turned away. */
export function everyFileHasClue(settings: PluginSettings): boolean {
  return settings.typeAware || settings.customReceivers;
}

/**
 * Does the file import, re-export or require a driver module? Without that no construction can be
 * tracked, so several rules skip the file.
 */
export function importsDriverModule(sourceCode: GatedSource, settings: PluginSettings): boolean {
  const imports = driverImports(sourceCode, settings);
  return imports.esm || imports.cjs;
}

/**
 * Read from the program's top-level statements and the references of the global `require`, the
 * two places the object tracker follows: cheaper than a scan of the whole text for every module
 * name. Without scope information, the text decides.
 */
export function driverImports(sourceCode: GatedSource, settings: PluginSettings): DriverImports {
  const state = fileState(sourceCode, settings);
  return (state.driverImports ??= mayImportDriver(sourceCode, driverModules(settings)) ? readDriverImports(sourceCode, settings) : NO_DRIVER_IMPORTS);
}

const NO_DRIVER_IMPORTS: DriverImports = { esm: false, cjs: false };

const driversByModule = new WeakMap<PluginSettings, ReadonlyMap<string, Driver>>();

/** The driver a module belongs to (the first that lists it, as a search of the list in order finds it), by one lookup. */
export function driverOfModule(settings: PluginSettings, moduleName: string): Driver | undefined {
  let byModule = driversByModule.get(settings);
  if (!byModule) {
    const map = new Map<string, Driver>();
    for (const driver of settings.drivers) for (const module of driver.modules) if (!map.has(module)) map.set(module, driver);
    driversByModule.set(settings, (byModule = map));
  }
  return byModule.get(moduleName);
}

function driverModules(settings: PluginSettings): ReadonlySet<string> {
  let modules = moduleSets.get(settings);
  if (!modules) {
    modules = new Set(settings.drivers.flatMap(driver => driver.modules));
    moduleSets.set(settings, modules);
  }
  return modules;
}

/**
 * Can readDriverImports find an import? False only where the syntax tree rules every way out: no
 * top-level import of a driver module, no call of the global `require` but with another module's
 * name, no `require` handed on and no global object read as a whole. Most files stop here, before
 * the text is searched for every module's name.
 */
function mayImportDriver(sourceCode: GatedSource, modules: ReadonlySet<string>): boolean {
  if (importsAtTop(sourceCode.ast, modules)) return true;
  const globalScope = sourceCode.scopeManager?.globalScope;
  if (!globalScope) return true;
  for (const reference of globalRequireReferences(sourceCode.text, globalScope)) {
    if (reference.identifier.name !== 'require') continue;
    const call = reference.identifier.parent;
    if (call?.type === AST_NODE_TYPES.CallExpression && call.callee === reference.identifier) {
      const [argument] = call.arguments;
      // A name other than a plain string (a constant, a template) is for readDriverImports to fold.
      if (argument && (argument.type !== AST_NODE_TYPES.Literal || modules.has(String(argument.value)))) return true;
    } else if (mayHandOnRequire(reference.identifier)) {
      return true;
    }
  }
  return mayReachRequireThroughGlobal(globalScope);
}

/**
 * The references that may be to the global `require`: a declared global's own, else the unresolved
 * references, which are every global the file reads (thousands where it logs a lot). A text that
 * cannot say `require` has none of them to look at. `quire` is found several times faster than
 * `require` (a rare first letter); `\u` is where an escaped identifier (`requ\u0069re`) may spell it.
 */
function globalRequireReferences(text: string, globalScope: TSESLint.Scope.Scope): readonly TSESLint.Scope.Reference[] {
  const required = globalScope.set.get('require');
  if (required) return required.references;
  const maySayRequire = (text.includes('quire') && text.includes('require')) || text.includes('\\u');
  return maySayRequire ? globalScope.through : [];
}

/** An import or re-export of a driver module among the program's top-level statements. */
function importsAtTop(program: TSESTree.Program, modules: ReadonlySet<string>): boolean {
  for (const statement of program.body) {
    if (
      (statement.type === AST_NODE_TYPES.ImportDeclaration ||
        statement.type === AST_NODE_TYPES.ExportAllDeclaration ||
        (statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.source)) &&
      modules.has(statement.source.value)
    ) {
      return true;
    }
  }
  return false;
}

/**
 * ReferenceTracker also follows `require` under the global object (`globalThis.require('pg')`):
 * `window.location` cannot reach it; `globalThis.require(…)`, `const g = globalThis` may.
 */
function mayReachRequireThroughGlobal(globalScope: TSESLint.Scope.Scope): boolean {
  for (const objectName of GLOBAL_OBJECT_NAMES) {
    for (const reference of globalScope.set.get(objectName)?.references ?? []) {
      const member = reference.identifier.parent;
      const name = member?.type === AST_NODE_TYPES.MemberExpression && member.object === reference.identifier ? propertyName(member) : null;
      if (name === null || name === 'require') return true;
    }
  }
  return false;
}

function readDriverImports(sourceCode: GatedSource, settings: PluginSettings): DriverImports {
  if (!quotesDriverModule(sourceCode, settings)) return NO_DRIVER_IMPORTS;
  const modules = driverModules(settings);
  const esm = importsAtTop(sourceCode.ast, modules);
  const globalScope = sourceCode.scopeManager?.globalScope;
  // Without scope information the quoted name decides.
  if (!globalScope) return { esm: true, cjs: true };
  let unclear = false;
  for (const reference of globalRequireReferences(sourceCode.text, globalScope)) {
    if (reference.identifier.name !== 'require') continue;
    const call = reference.identifier.parent;
    if (call?.type === AST_NODE_TYPES.CallExpression && call.callee === reference.identifier) {
      const name = call.arguments.length > 0 ? moduleNameOf(call.arguments[0]) : null;
      if (name !== null && modules.has(name)) return { esm, cjs: true };
    } else if (mayHandOnRequire(reference.identifier)) {
      // `const load = require`, `(require as Loader)(…)`: the tracker may follow these, the text decides.
      unclear = true;
    }
  }
  // The text quotes a driver module (checked first): where require may be handed on, that decides.
  return { esm, cjs: unclear || mayReachRequireThroughGlobal(globalScope) };
}

/**
 * Can the tracker follow `require` from this use to a call? It follows a value through wrappers,
 * assignments and declarations, and a member only when the member is in its map, which for
 * `require` holds the call alone: `require.resolve(…)`, `typeof require` and comparisons lead nowhere.
 */
function mayHandOnRequire(identifier: TSESTree.Node): boolean {
  const type = identifier.parent?.type;
  return type !== AST_NODE_TYPES.MemberExpression && type !== AST_NODE_TYPES.UnaryExpression && type !== AST_NODE_TYPES.BinaryExpression;
}

/** The module a `require` argument names, as the tracker reads it (constant folding without scope). */
function moduleNameOf(argument: TSESTree.CallExpressionArgument): string | null {
  if (argument.type === AST_NODE_TYPES.Literal) return typeof argument.value === 'string' ? argument.value : null;
  if (argument.type === AST_NODE_TYPES.TemplateLiteral && argument.expressions.length === 0) return argument.quasis[0].value.cooked;
  return getStringIfConstant(argument as never);
}

/** A driver module's name in quotes, as a pattern's source. */
function quotedModuleSource(settings: PluginSettings): string {
  return `['"\`](?:${settings.drivers.flatMap(driver => driver.modules).map(escapeModule).join('|')})['"\`]`;
}

/**
 * Does the text quote a driver module's name anywhere? Every import and every require the tracker
 * follows names its module so (a name put together at run time, `require('p' + 'g')`, aside).
 */
function quotesDriverModule(sourceCode: GatedSource, settings: PluginSettings): boolean {
  const state = fileState(sourceCode, settings);
  if (state.quotesDriver !== undefined) return state.quotesDriver;
  let pattern = modulePatterns.get(settings);
  if (!pattern) {
    pattern = new RegExp(quotedModuleSource(settings));
    modulePatterns.set(settings, pattern);
  }
  return (state.quotesDriver = pattern.test(sourceCode.text));
}

const heuristicPatterns = new WeakMap<PluginSettings, readonly RegExp[]>();

/** The patterns of the name heuristic (none when the user turned it off). */
function poolNamePatterns(settings: PluginSettings): readonly RegExp[] {
  let patterns = heuristicPatterns.get(settings);
  if (!patterns) {
    patterns = settings.namedPools.filter(p => p.driver.id === genericNamedPool.id).map(p => p.pattern);
    heuristicPatterns.set(settings, patterns);
  }
  return patterns;
}

/**
 * Can a receiver of the file have a pool's name (`pool`, `pgPool`, `this.readPool`, `db['pool']`)?
 * Only a name the heuristic accepts can, and it says pool or Pool: each place the text says the word
 * is looked up in the tree, so a file that says it only in comments, in prose or in other names
 * (`Pool`, `poolSize`, `threadpool`) has nothing for the heuristic to find.
 */
export function namesPool(sourceCode: GatedSource, settings: PluginSettings): boolean {
  const state = fileState(sourceCode, settings);
  return (state.poolName ??= readPoolName(sourceCode, settings));
}

function readPoolName(sourceCode: GatedSource, settings: PluginSettings): boolean {
  const text = sourceCode.text;
  const lower = text.includes('pool');
  if (!lower && !text.includes('Pool')) return false;
  const patterns = poolNamePatterns(settings);
  if (patterns.length === 0) return false;
  const visitorKeys = sourceCode.visitorKeys;
  if (!visitorKeys) return true;
  for (const word of lower ? ['pool', 'Pool'] : ['Pool']) {
    for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
      // The heuristic's names are made of name characters: the word of the text around the place
      // must pass already (`poolSize`, `new Pool(` do not), before the tree is asked what it is.
      const around = nameAround(text, at, word.length);
      if (!patterns.some(pattern => pattern.test(around))) continue;
      const name = nameSaid(nodeAt(sourceCode.ast, at, visitorKeys));
      if (name !== null && patterns.some(pattern => pattern.test(name))) return true;
    }
  }
  return false;
}

/** The run of name characters (letters, digits, `_`, `$`) around `text[at, at + length)`. */
function nameAround(text: string, at: number, length: number): string {
  let start = at;
  while (start > 0 && isNameCharCode(text.charCodeAt(start - 1))) start--;
  let end = at + length;
  while (end < text.length && isNameCharCode(text.charCodeAt(end))) end++;
  return text.slice(start, end);
}

function isNameCharCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 36 || c === 95;
}

/** The name a node gives a receiver or a member: an identifier's, a private name's (without `#`), a string's (`db['pool']`). */
function nameSaid(node: TSESTree.Node): string | null {
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.PrivateIdentifier:
      return node.name;
    case AST_NODE_TYPES.Literal:
      return typeof node.value === 'string' ? node.value : null;
    case AST_NODE_TYPES.TemplateElement:
      return node.value.cooked ?? null;
    default:
      return null;
  }
}
