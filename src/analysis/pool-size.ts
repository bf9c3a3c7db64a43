import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import type { OptionsLocation, PoolSizeConfig } from '../drivers/pool-config';
import { GLOBAL_OBJECT_NAMES, isFunction, isLoop, skipTypeWrappers } from './ast';
import { valueHolder } from './construction-site';
import { valueWhenEnvironmentUnset } from './env-default';
import type { Creation, ObjectTracker } from './objects';
import { addArgument, addProperty, lookupKey, nestedPropertyText, optionsObject, type OptionsFix } from './pool-options';

/**
 * The largest number of connections one pool construction may open, read from its options: a
 * literal, the default of an environment variable (`Number(process.env.X ?? 20)`), or the driver's
 * documented default when the key is absent. What the code does not show is unknown.
 */

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface PoolSize {
  readonly max: number;
  /** Where the maximum comes from: written (a literal or an environment default) or the driver's default. */
  readonly origin: 'written' | 'default';
  /** The written value, or null when the default applies. */
  readonly value: TSESTree.Node | null;
  /** Writes `text` as the pool's maximum (replacing the written value, or adding the key). */
  readonly write: ((text: string) => OptionsFix) | null;
}

/** The construction is one the location describes (its kind, factory, or a call of a made object). */
export function appliesTo(creation: Creation, location: OptionsLocation): boolean {
  if (!location.kinds.includes(creation.made.kind)) return false;
  if (!creation.factory) return location.calledObjects === true;
  const name = creation.factory.path[creation.factory.path.length - 1];
  return !location.factories || (name !== undefined && location.factories.includes(name));
}

/** A size as the driver reads it: a non-negative integer, or a string of one (mysql2 converts it). */
function sizeOf(value: unknown): number | null {
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** `?maxPoolSize=20` of a connection string: the size, `absent`, or null when it is not a size. */
function urlParameter(url: string, keys: readonly string[]): number | 'absent' | null {
  const query = url.split('?')[1];
  if (query === undefined) return 'absent';
  for (const pair of query.split('&')) {
    const [name, raw = ''] = pair.split('=');
    if (keys.includes(name)) return sizeOf(raw);
  }
  return 'absent';
}

function defaultSize(sourceCode: SourceCode, options: TSESTree.ObjectExpression | null, config: PoolSizeConfig): number | null {
  const by = config.defaultBy;
  if (!by || !options) return config.defaultMax;
  const found = lookupKey(sourceCode, options, by.key);
  if (found.kind === 'missing') return config.defaultMax;
  if (found.kind === 'unknown') return null;
  const value = valueWhenEnvironmentUnset(sourceCode, found.value)?.value;
  if (typeof value !== 'string') return null;
  return Object.hasOwn(by.values, value) ? by.values[value] : config.defaultMax;
}

/** The maximum written in an options object literal (or the default when no key is there). */
function sizeFromOptions(sourceCode: SourceCode, options: TSESTree.ObjectExpression, config: PoolSizeConfig): PoolSize | null {
  let add: ((text: string) => OptionsFix) | null = null;
  for (const path of config.keys) {
    const found = lookupKey(sourceCode, options, path);
    if (found.kind === 'unknown') return null;
    if (found.kind === 'missing') {
      if (path === config.keys[0]) add = text => fixer => addProperty(sourceCode, fixer, found.object, nestedPropertyText(found.rest, text));
      continue;
    }
    const evaluated = valueWhenEnvironmentUnset(sourceCode, found.value);
    if (!evaluated) return null;
    // `max: undefined` leaves the default; anything else must be a size.
    if (evaluated.value === undefined) continue;
    const max = sizeOf(evaluated.value);
    const value = found.value;
    return max === null ? null : { max, origin: 'written', value, write: text => fixer => fixer.replaceText(value, text) };
  }
  const max = defaultSize(sourceCode, options, config);
  return max === null ? null : { max, origin: 'default', value: null, write: add };
}

/** The argument is a connection string (a string, or an environment variable), not options. */
function connectionString(sourceCode: SourceCode, node: TSESTree.Node): { readonly url: string | null } | null {
  const evaluated = valueWhenEnvironmentUnset(sourceCode, node);
  if (!evaluated) return null;
  if (evaluated.value === undefined) return { url: null };
  return typeof evaluated.value === 'string' ? { url: evaluated.value } : null;
}

/** The pool's maximum size, or null when the code does not show it (or the driver has no default). */
export function poolSizeOf(sourceCode: SourceCode, creation: Creation, config: PoolSizeConfig): PoolSize | null {
  const call = creation.node;
  const args = call.arguments;
  if (args.some(a => a.type === AST_NODE_TYPES.SpreadElement)) return null;
  if (config.urlArgument !== undefined && args[config.urlArgument]) {
    const url = connectionString(sourceCode, args[config.urlArgument]);
    if (url) {
      // A connection string that may carry the size (`?maxPoolSize=`): only a visible one is read.
      if (url.url === null) return null;
      const fromUrl = urlParameter(url.url, config.keys.map(path => path.join('.')));
      if (fromUrl === null) return null;
      if (fromUrl !== 'absent') return { max: fromUrl, origin: 'written', value: null, write: null };
    }
  }
  const index = config.argument === 'last' ? Math.max(args.length - 1, 0) : config.argument;
  const argument = args[index];
  // No options object: the default applies, and a suggestion passes one at `at`.
  const noOptions = (at: number): PoolSize | null => {
    const max = defaultSize(sourceCode, null, config);
    const optionsText = (text: string): string => `{ ${nestedPropertyText(config.keys[0], text)} }`;
    return max === null ? null : { max, origin: 'default', value: null, write: text => fixer => addArgument(sourceCode, fixer, call, at, optionsText(text)) };
  };
  if (!argument) return args.length === index ? noOptions(index) : null;
  const options = optionsObject(sourceCode, argument);
  if (options) return sizeFromOptions(sourceCode, options, config);
  // `mysql.createPool('mysql://db/app')`: the connection string is the options, and it sets no size.
  if (index === config.urlArgument && connectionString(sourceCode, argument)) {
    const max = defaultSize(sourceCode, null, config);
    return max === null ? null : { max, origin: 'default', value: null, write: null };
  }
  // `postgres(process.env.DATABASE_URL)`, `new Sequelize('postgres://…')`: a URL where the options would be.
  if (config.argument === 'last' && connectionString(sourceCode, argument)) return noOptions(args.length);
  return null;
}

/** A module-level variable or a property of the global object: what a lazy singleton is stored in. */
function isModuleLevelTarget(objects: ObjectTracker, target: TSESTree.Node): boolean {
  let root = skipTypeWrappers(target);
  while (root.type === AST_NODE_TYPES.MemberExpression) root = skipTypeWrappers(root.object);
  if (root.type !== AST_NODE_TYPES.Identifier) return false;
  if (GLOBAL_OBJECT_NAMES.has(root.name) && target !== root) return true;
  const variable = objects.variableOf(root);
  return !!variable && (variable.scope.type === 'module' || variable.scope.type === 'global');
}

/**
 * Is the construction built once per process: unconditionally at module scope (a `??` fallback
 * included, `globalThis.pool ?? new Pool()`), or as a lazy singleton stored at module level
 * (`pool ??= new Pool()`, `if (!pool) pool = new Pool()`)? A pool in one branch of a condition or
 * in a loop may be built zero or many times, and one inside a function per call: not counted.
 */
export function isBuiltOncePerProcess(objects: ObjectTracker, creation: Creation): boolean {
  const [holder, child] = valueHolder(creation.node);
  if (holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.right === child && isModuleLevelTarget(objects, holder.left)) return true;
  let node: TSESTree.Node = creation.node;
  for (let parent: TSESTree.Node | undefined = node.parent; parent; node = parent, parent = parent.parent as TSESTree.Node | undefined) {
    if (isFunction(parent) || isLoop(parent) || parent.type === AST_NODE_TYPES.ClassBody || parent.type === AST_NODE_TYPES.CatchClause) return false;
    if (parent.type === AST_NODE_TYPES.SwitchCase) return false;
    if ((parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) && parent.test !== node) return false;
    // `enabled && new Pool()` builds only when enabled; a `??` or `||` fallback is the pool itself.
    if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.operator === '&&' && parent.right === node) return false;
  }
  return true;
}
