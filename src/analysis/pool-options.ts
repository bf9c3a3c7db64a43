import { findVariable, getStaticValue } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import type { AcquireTimeoutConfig, OptionsLocation, TimeoutOptionConfig } from '../drivers/pool-config';
import { skipTypeWrappers } from './ast';
import type { Creation } from './objects';

/**
 * Reading the option objects passed to pool constructors (`new Pool({ … })`, `knex({ pool: { … } })`):
 * which keys are visibly set, to what, and where a missing key can be written. Anything the code
 * does not show (a spread, a computed key, options from a variable that is changed or passed on, a
 * connection string) is `unknown`, and rules stay silent about it.
 */

type SourceCode = Readonly<TSESLint.SourceCode>;

/** The result of looking a key path up in an options object literal. */
export type KeyLookup =
  | { readonly kind: 'found'; readonly property: TSESTree.Property; readonly value: TSESTree.Node }
  /** The key is not there: `object` is the deepest literal reached, `rest` the keys still missing under it. */
  | { readonly kind: 'missing'; readonly object: TSESTree.ObjectExpression; readonly rest: readonly string[] }
  | { readonly kind: 'unknown' };

/** What a value does to a wait: bounds it, switches the bound off, leaves the default, or cannot be known. */
export type Bound = 'finite' | 'unbounded' | 'default' | 'unknown';

function staticKey(property: TSESTree.Property): string | null {
  if (!property.computed) {
    if (property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
    if (property.key.type === AST_NODE_TYPES.Literal) return String(property.key.value);
    return null;
  }
  if (property.key.type === AST_NODE_TYPES.Literal) return String(property.key.value);
  if (property.key.type === AST_NODE_TYPES.TemplateLiteral && property.key.expressions.length === 0) {
    return property.key.quasis[0]?.value.cooked ?? null;
  }
  return null;
}

/**
 * The object literal an options argument denotes: the literal itself, or a `const` initialised with
 * one whose every other use only reads its properties (no mutation, not handed elsewhere).
 */
export function optionsObject(sourceCode: SourceCode, node: TSESTree.Node): TSESTree.ObjectExpression | null {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.ObjectExpression) return value;
  if (value.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = findVariable(sourceCode.getScope(value) as never, value.name) as TSESLint.Scope.Variable | null;
  if (!variable || variable.defs.length !== 1) return null;
  const def = variable.defs[0];
  if (def.type !== 'Variable' || def.parent?.type !== AST_NODE_TYPES.VariableDeclaration || def.parent.kind !== 'const') return null;
  const declarator = def.node as TSESTree.VariableDeclarator;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return null;
  const init = skipTypeWrappers(declarator.init);
  if (init.type !== AST_NODE_TYPES.ObjectExpression) return null;
  for (const reference of variable.references) {
    const id = reference.identifier as TSESTree.Node;
    if (id === value || reference.init) continue;
    let child: TSESTree.Node = id;
    let parent = id.parent;
    while (
      parent &&
      (parent.type === AST_NODE_TYPES.TSAsExpression ||
        parent.type === AST_NODE_TYPES.TSNonNullExpression ||
        parent.type === AST_NODE_TYPES.TSSatisfiesExpression)
    ) {
      child = parent;
      parent = parent.parent;
    }
    // `config.host` read; anything else (an assignment to a member, a call argument, a spread) may change it.
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== child) return null;
    const outer = parent.parent;
    if (
      (outer?.type === AST_NODE_TYPES.AssignmentExpression && outer.left === parent) ||
      outer?.type === AST_NODE_TYPES.UpdateExpression ||
      (outer?.type === AST_NODE_TYPES.UnaryExpression && outer.operator === 'delete') ||
      (outer?.type === AST_NODE_TYPES.MemberExpression && outer.object === parent)
    ) {
      return null;
    }
  }
  return init;
}

/** Looks `path` up in an options object literal, descending through nested literals. */
export function lookupKey(sourceCode: SourceCode, object: TSESTree.ObjectExpression, path: readonly string[]): KeyLookup {
  const [key, ...rest] = path;
  let found: TSESTree.Property | null = null;
  let spreadAfter = false;
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      spreadAfter = true;
      continue;
    }
    const name = staticKey(property);
    if (name === null) {
      // `[key]: value` may be the key we look for.
      spreadAfter = true;
      continue;
    }
    if (name === key) {
      found = property;
      spreadAfter = false;
    }
  }
  // A spread or computed key after the last visible write may set the key to anything.
  if (spreadAfter) return { kind: 'unknown' };
  if (!found) return { kind: 'missing', object, rest: path };
  if (found.kind !== 'init' || found.method) return { kind: 'unknown' };
  if (rest.length === 0) return { kind: 'found', property: found, value: found.value };
  // `pool: poolOptions` (a variable that is changed or shared), `pool: undefined`: cannot tell.
  const nested = optionsObject(sourceCode, found.value);
  return nested ? lookupKey(sourceCode, nested, rest) : { kind: 'unknown' };
}

/**
 * How a value bounds a wait in milliseconds (or a queue length): a positive finite number bounds
 * it; `0`, `null`, `Infinity` and the driver's `disabled` markers switch the bound off; `undefined`
 * leaves the default; anything computed at run time is unknown.
 */
export function boundOf(sourceCode: SourceCode, value: TSESTree.Node, disabled: readonly string[] = []): Bound {
  const evaluated = getStaticValue(value as never, sourceCode.getScope(value) as never);
  if (!evaluated) return 'unknown';
  const v = evaluated.value;
  if (v === undefined) return 'default';
  if (v === null) return 'unbounded';
  if (typeof v === 'number') {
    if (Number.isNaN(v) || v < 0) return 'unknown';
    return v === 0 || v === Infinity ? 'unbounded' : 'finite';
  }
  if (typeof v === 'string') return disabled.includes(v) ? 'unbounded' : 'unknown';
  return 'unknown';
}

/** A connection string's query parameter (`…?waitQueueTimeoutMS=5000`), as a bound. */
export function urlParameterBound(url: string, keys: readonly string[]): Bound | 'absent' {
  const query = url.split('?')[1];
  if (query === undefined) return 'absent';
  let result: Bound | 'absent' = 'absent';
  for (const pair of query.split('&')) {
    const [name, raw = ''] = pair.split('=');
    if (!keys.includes(name)) continue;
    const n = Number(decodeURIComponent(raw));
    if (raw === '' || Number.isNaN(n) || n < 0) return 'unknown';
    if (n > 0 && n !== Infinity) return 'finite';
    result = 'unbounded';
  }
  return result;
}

/** The text of an object literal holding `rest` as nested keys ending in `value`: `pool: { acquireTimeoutMillis: 5000 }`. */
export function nestedPropertyText(rest: readonly string[], value: string): string {
  const [key, ...deeper] = rest;
  return deeper.length === 0 ? `${key}: ${value}` : `${key}: { ${nestedPropertyText(deeper, value)} }`;
}

/** The whitespace that starts the line `node` starts on. */
function indentOf(sourceCode: SourceCode, node: TSESTree.Node | TSESTree.Token): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  return /^\s*/.exec(line)![0];
}

/**
 * Edits that add `propertyText` as the last property of an object literal, keeping its layout:
 * `{}` → `{ key: 1 }`, `{ a: 1 }` → `{ a: 1, key: 1 }`, a multi-line object gets its own line with
 * the same indentation, and a trailing comma stays a trailing comma.
 */
export function addProperty(
  sourceCode: SourceCode,
  fixer: TSESLint.RuleFixer,
  object: TSESTree.ObjectExpression,
  propertyText: string,
): TSESLint.RuleFix[] {
  const open = sourceCode.getFirstToken(object)!;
  const close = sourceCode.getLastToken(object)!;
  const properties = object.properties;
  if (properties.length === 0) {
    const comments = sourceCode.getCommentsInside(object);
    if (comments.length === 0) return [fixer.replaceText(object, `{ ${propertyText} }`)];
    if (close.loc.start.line === open.loc.end.line) return [fixer.insertTextAfter(open, ` ${propertyText},`)];
    const indent = indentOf(sourceCode, close);
    const unit = indent.includes('\t') ? '\t' : '  ';
    const lastComment = comments[comments.length - 1];
    return [fixer.insertTextAfter(lastComment, `\n${indent}${unit}${propertyText},`)];
  }
  const last = properties[properties.length - 1];
  const after = sourceCode.getTokenAfter(last)!;
  const comma = after.type === 'Punctuator' && after.value === ',' ? after : null;
  const anchor = comma ?? last;
  const multiline = close.loc.start.line > anchor.loc.end.line;
  if (!multiline) {
    return comma ? [fixer.insertTextAfter(comma, ` ${propertyText},`)] : [fixer.insertTextAfter(last, `, ${propertyText}`)];
  }
  // Comments on the same line as the last property stay with it.
  const sameLine = sourceCode.getCommentsAfter(anchor).filter(c => c.loc.start.line === anchor.loc.end.line);
  const end = sameLine.length > 0 ? sameLine[sameLine.length - 1] : anchor;
  const indent = indentOf(sourceCode, last);
  if (comma) return [fixer.insertTextAfter(end, `\n${indent}${propertyText},`)];
  if (end === anchor) return [fixer.insertTextAfter(last, `,\n${indent}${propertyText}`)];
  return [fixer.insertTextAfter(last, ','), fixer.insertTextAfter(end, `\n${indent}${propertyText}`)];
}

/**
 * An edit that passes `argumentText` as the argument at `index` of a call or `new` that has exactly
 * `index` arguments: `new Pool()` → `new Pool({ … })`, `createPool(factory)` → `createPool(factory, { … })`.
 */
export function addArgument(
  sourceCode: SourceCode,
  fixer: TSESLint.RuleFixer,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  index: number,
  argumentText: string,
): TSESLint.RuleFix | null {
  if (call.arguments.length !== index) return null;
  const last = sourceCode.getLastToken(call)!;
  const hasParens = last.type === 'Punctuator' && last.value === ')' && last.range[0] >= call.callee.range[1];
  if (!hasParens) {
    // `new Pool` without parentheses.
    if (index !== 0 || call.type !== AST_NODE_TYPES.NewExpression) return null;
    const end = call.typeArguments ?? call.callee;
    return fixer.insertTextAfter(end, `(${argumentText})`);
  }
  if (index === 0) return fixer.insertTextBefore(last, argumentText);
  const previous = call.arguments[index - 1];
  return fixer.insertTextAfter(previous, `, ${argumentText}`);
}

/** An edit a suggestion applies. */
export type OptionsFix = (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix | TSESLint.RuleFix[] | null;

/** What a pool construction's options say about the wait for a connection. */
export type AcquireTimeoutVerdict =
  | { readonly kind: 'bounded' }
  | { readonly kind: 'unknown' }
  /** The key is missing (the driver default applies): `fix` adds it. */
  | { readonly kind: 'missing'; readonly fix: OptionsFix | null }
  /** The key is set to 0, null, Infinity: replace `value`. */
  | { readonly kind: 'unbounded'; readonly key: string; readonly value: TSESTree.Node };

function judgeOptions(sourceCode: SourceCode, options: TSESTree.ObjectExpression, config: TimeoutOptionConfig): AcquireTimeoutVerdict {
  let missing: Extract<KeyLookup, { kind: 'missing' }> | null = null;
  let unbounded: { key: string; value: TSESTree.Node } | null = null;
  for (const path of config.keys) {
    const found = lookupKey(sourceCode, options, path);
    if (found.kind === 'unknown') return { kind: 'unknown' };
    if (found.kind === 'missing') {
      if (path === config.keys[0]) missing = found;
      continue;
    }
    const bound = boundOf(sourceCode, found.value, config.disabledValues);
    if (bound === 'finite' || bound === 'unknown') return { kind: bound === 'finite' ? 'bounded' : 'unknown' };
    if (bound === 'unbounded') unbounded ??= { key: path.join('.'), value: found.value };
    else if (path === config.keys[0]) {
      // `key: undefined`: the default applies; the suggestion replaces the value.
      const value = found.value;
      return { kind: 'missing', fix: fixer => fixer.replaceText(value, config.suggested) };
    }
  }
  if (unbounded) return { kind: 'unbounded', ...unbounded };
  const at = missing;
  return {
    kind: 'missing',
    fix: at ? fixer => addProperty(sourceCode, fixer, at.object, nestedPropertyText(at.rest, config.suggested)) : null,
  };
}

/**
 * Whether a pool construction visibly bounds a wait (for a connection, for a statement), per the
 * driver's configuration record: `bounded`, `unknown` (the rule cannot see it), `missing` (with
 * the edit that adds the key, or null) or `unbounded` (0, null, Infinity: the value to replace).
 */
export function acquireTimeoutOf(
  sourceCode: SourceCode,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  config: TimeoutOptionConfig,
): AcquireTimeoutVerdict {
  const args = call.arguments;
  if (args.some(a => a.type === AST_NODE_TYPES.SpreadElement)) return { kind: 'unknown' };
  if (config.urlArgument !== undefined) {
    const url = args[config.urlArgument];
    if (!url) return { kind: 'unknown' };
    const evaluated = getStaticValue(url as never, sourceCode.getScope(url) as never);
    if (!evaluated || typeof evaluated.value !== 'string') return { kind: 'unknown' };
    const fromUrl = urlParameterBound(evaluated.value, config.keys.map(k => k.join('.')));
    if (fromUrl === 'finite') return { kind: 'bounded' };
    if (fromUrl === 'unknown') return { kind: 'unknown' };
  }
  let index: number;
  if (config.argument === 'last') {
    if (args.length === 0) return { kind: 'unknown' };
    index = args.length - 1;
  } else {
    index = config.argument;
  }
  const argument = args[index];
  if (!argument) {
    const optionsText = `{ ${nestedPropertyText(config.keys[0], config.suggested)} }`;
    return args.length === index ? { kind: 'missing', fix: fixer => addArgument(sourceCode, fixer, call, index, optionsText) } : { kind: 'unknown' };
  }
  const options = optionsObject(sourceCode, argument);
  // A connection string, a variable, `process.env`-built config: the keys are not visible.
  if (!options) return { kind: 'unknown' };
  return judgeOptions(sourceCode, options, config);
}

/** The options object literal of a construction at the location's argument, if the code shows one. */
export function optionsArgument(
  sourceCode: SourceCode,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  location: OptionsLocation,
): TSESTree.ObjectExpression | null {
  const args = call.arguments;
  if (args.some(a => a.type === AST_NODE_TYPES.SpreadElement)) return null;
  const argument = args[location.argument === 'last' ? args.length - 1 : location.argument];
  return argument ? optionsObject(sourceCode, argument) : null;
}

/** A timeout written as a static positive finite number: the key's text, its value and where it is written. */
export interface WrittenDuration {
  readonly key: string;
  readonly ms: number;
  readonly node: TSESTree.Node;
}

/** The key of the options, when its value is a static positive finite number. */
export function writtenDuration(sourceCode: SourceCode, options: TSESTree.ObjectExpression, path: readonly string[]): WrittenDuration | null {
  const found = lookupKey(sourceCode, options, path);
  if (found.kind !== 'found') return null;
  const evaluated = getStaticValue(found.value as never, sourceCode.getScope(found.value) as never);
  const ms = evaluated?.value;
  return typeof ms === 'number' && ms > 0 && Number.isFinite(ms) ? { key: path.join('.'), ms, node: found.value } : null;
}

/** The first acquire timeout the pool's options write as a finite number (a queue limit is not a duration). */
export function writtenAcquireTimeout(
  sourceCode: SourceCode,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  config: AcquireTimeoutConfig,
): WrittenDuration | null {
  if (config.measure !== 'timeout') return null;
  const options = optionsArgument(sourceCode, call, config);
  for (const path of options ? config.keys : []) {
    const written = writtenDuration(sourceCode, options!, path);
    if (written) return written;
  }
  return null;
}

/**
 * The shortest statement timeout the pool's options write as a finite number, other than the
 * acquire timeout's own key (MongoDB's `timeoutMS` bounds both and cannot be out of order with itself).
 */
export function shortestStatementTimeout(
  sourceCode: SourceCode,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  config: TimeoutOptionConfig,
  acquire: WrittenDuration | null,
): WrittenDuration | null {
  const options = optionsArgument(sourceCode, call, config);
  let shortest: WrittenDuration | null = null;
  for (const path of options ? config.keys : []) {
    const written = writtenDuration(sourceCode, options!, path);
    if (written && written.node !== acquire?.node && (!shortest || written.ms < shortest.ms)) shortest = written;
  }
  return shortest;
}

/**
 * Whether a creation builds a pool (or a connection), for factories that build one only when given
 * a connection (`Factory.buildsFromConnectionOnly`): a URL string, `process.env.X`, or options with
 * the connection key. Options without it (`knex({ client: 'pg' })`, a query builder only) and an
 * existing client or pool (`drizzle(pool)`) build nothing; what the code does not show follows the
 * factory's `opaqueArgumentBuilds`.
 */
export function buildsPool(sourceCode: SourceCode, creation: Creation): boolean {
  const factory = creation.factory;
  if (!factory?.buildsFromConnectionOnly) return true;
  const first = creation.node.arguments[0];
  if (!first) return false;
  const value = skipTypeWrappers(first);
  if (value.type === AST_NODE_TYPES.Literal || value.type === AST_NODE_TYPES.TemplateLiteral) return true;
  if (value.type === AST_NODE_TYPES.MemberExpression && sourceCode.getText(value).startsWith('process.env')) return true;
  const options = optionsObject(sourceCode, value);
  if (!options) return factory.opaqueArgumentBuilds === true;
  if (!factory.connectionOption) return false;
  const lookup = lookupKey(sourceCode, options, [factory.connectionOption]);
  return lookup.kind === 'unknown' ? factory.opaqueArgumentBuilds === true : lookup.kind === 'found';
}
