import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';

/** The names of the global object (`globalThis.x`, `window.x`), as ReferenceTracker reads them. */
export const GLOBAL_OBJECT_NAMES: ReadonlySet<string> = new Set(['globalThis', 'global', 'window', 'self']);

export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

export function isFunction(node: TSESTree.Node | null | undefined): node is FunctionNode {
  return (
    node?.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionDeclaration
  );
}

/** Strips the wrappers that do not change a value: TS assertions, `!`, `satisfies`. */
export function skipTypeWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.type === AST_NODE_TYPES.TSAsExpression ||
    current.type === AST_NODE_TYPES.TSNonNullExpression ||
    current.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    current.type === AST_NODE_TYPES.TSTypeAssertion
  ) {
    current = current.expression;
  }
  return current;
}

/** The parent, skipping TS wrappers around `node`. Returns [parent, child-as-seen-by-parent]. */
export function valueParent(node: TSESTree.Node): [TSESTree.Node | undefined, TSESTree.Node] {
  let child = node;
  let parent = node.parent;
  while (
    parent &&
    (parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      parent.type === AST_NODE_TYPES.TSTypeAssertion)
  ) {
    child = parent;
    parent = parent.parent;
  }
  return [parent, child];
}

/** The static name of a member's property (`a.b`, `a['b']`, `this.#b` → `#b`). */
export function propertyName(member: TSESTree.MemberExpression): string | null {
  if (!member.computed) {
    return member.property.type === AST_NODE_TYPES.PrivateIdentifier
      ? `#${member.property.name}`
      : (member.property as TSESTree.Identifier).name;
  }
  if (member.property.type === AST_NODE_TYPES.Literal && typeof member.property.value === 'string') {
    return member.property.value;
  }
  return wellKnownSymbol(member.property);
}

/** `x.method(...)` → ['method', x]; a plain `f(...)` → ['f', null]. */
export function calleeParts(call: TSESTree.CallExpression | TSESTree.NewExpression): [string | null, TSESTree.Expression | null] {
  const callee = skipTypeWrappers(call.callee) as TSESTree.Expression;
  if (callee.type === AST_NODE_TYPES.MemberExpression) return [propertyName(callee), callee.object];
  if (callee.type === AST_NODE_TYPES.Identifier) return [callee.name, null];
  return [null, null];
}

/** The method or function name a call goes to (`x.method(…)`, `f(…)`); no allocation, for hot filters. */
export function calleeName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) return propertyName(callee);
  return callee.type === AST_NODE_TYPES.Identifier ? callee.name : null;
}

/** The function that contains `node` (its own function when `node` is one), or null at module level. */
export function enclosingFunction(node: TSESTree.Node | undefined): FunctionNode | null {
  let current = node?.parent;
  while (current) {
    if (isFunction(current)) return current;
    current = current.parent;
  }
  return null;
}

/** A class field key as a name (`pool`, `#pool`, `[Symbol.asyncDispose]`). */
export function keyName(key: TSESTree.Node, computed: boolean): string | null {
  if (key.type === AST_NODE_TYPES.PrivateIdentifier) return `#${key.name}`;
  if (!computed && key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal && typeof key.value === 'string') return key.value;
  return computed ? wellKnownSymbol(key) : null;
}

/** `Symbol.asyncDispose` as a key or property: named as written in brackets, so it never meets a plain name. */
function wellKnownSymbol(node: TSESTree.Node): string | null {
  return node.type === AST_NODE_TYPES.MemberExpression && !node.computed && node.object.type === AST_NODE_TYPES.Identifier && node.object.name === 'Symbol' && node.property.type === AST_NODE_TYPES.Identifier
    ? `[Symbol.${node.property.name}]`
    : null;
}

/**
 * The module a `require` call names: `require('./x')`, also inside TypeScript's interop wrappers
 * (`__importStar(require('./x'))`, `__importDefault(…)`).
 */
export function requiredSpecifier(init: TSESTree.Node | null | undefined): string | null {
  const call = init && skipTypeWrappers(init);
  if (call?.type !== AST_NODE_TYPES.CallExpression) return null;
  const inner = call.callee.type === AST_NODE_TYPES.Identifier && call.callee.name !== 'require' && call.arguments.length === 1 ? call.arguments[0] : call;
  if (inner.type !== AST_NODE_TYPES.CallExpression || inner.callee.type !== AST_NODE_TYPES.Identifier || inner.callee.name !== 'require') return null;
  const argument = inner.arguments[0];
  return argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string' ? argument.value : null;
}

/** How a call of the method `name` is written after its receiver: `.close`, `[Symbol.asyncDispose]`. */
export function memberAccess(name: string): string {
  return name.startsWith('[') ? name : `.${name}`;
}

export function isThis(node: TSESTree.Node): boolean {
  return skipTypeWrappers(node).type === AST_NODE_TYPES.ThisExpression;
}

/**
 * Calls `visit` on each child node of `node` (values, not type annotations). `for…in` visits the
 * same own keys in the same order as `Object.entries` without building an array of pairs per node:
 * the walks of the summaries and field scans call this for every node of a function or class.
 */
export function forEachChild(node: TSESTree.Node, visit: (child: TSESTree.Node) => void): void {
  const fields = node as unknown as Record<string, unknown>;
  // The program's tokens and comments have a `type` too (an identifier token says `Identifier`), but no node is among them.
  const isProgram = node.type === AST_NODE_TYPES.Program;
  for (const key in fields) {
    if (key === 'parent' || key === 'typeAnnotation' || key === 'typeArguments' || key === 'returnType') continue;
    if (isProgram && (key === 'tokens' || key === 'comments')) continue;
    const value = fields[key];
    if (Array.isArray(value)) {
      for (const child of value) if (child && typeof child.type === 'string') visit(child as TSESTree.Node);
    } else if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') {
      visit(value as TSESTree.Node);
    }
  }
}

type VisitorKeys = Readonly<Record<string, readonly string[] | undefined>>;

/** The keys `forEachChild` would visit, per parser's visitor keys and node type. */
const childKeysCache = new WeakMap<VisitorKeys, Map<string, readonly string[]>>();

function childKeys(visitorKeys: VisitorKeys, type: string): readonly string[] | undefined {
  let byType = childKeysCache.get(visitorKeys);
  if (!byType) childKeysCache.set(visitorKeys, (byType = new Map()));
  let keys = byType.get(type);
  if (!keys) {
    const listed = visitorKeys[type];
    if (!listed) return undefined;
    keys = listed.filter(key => key !== 'typeAnnotation' && key !== 'typeArguments' && key !== 'returnType');
    byType.set(type, keys);
  }
  return keys;
}

/**
 * The children `forEachChild` visits, read by the parser's visitor keys: about twice as fast (a
 * node has three child keys of its ten), in the keys' order rather than the node's, so only for
 * walks that collect without regard to order.
 */
export function forEachChildByKeys(node: TSESTree.Node, visitorKeys: VisitorKeys, visit: (child: TSESTree.Node) => void): void {
  const keys = childKeys(visitorKeys, node.type);
  if (!keys) return forEachChild(node, visit);
  const fields = node as unknown as Record<string, unknown>;
  for (let i = 0; i < keys.length; i++) {
    const value = fields[keys[i]];
    if (!value || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const child of value) if (child && typeof child.type === 'string') visit(child as TSESTree.Node);
    } else if (typeof (value as { type?: unknown }).type === 'string') {
      visit(value as TSESTree.Node);
    }
  }
}

/**
 * The identifiers an expression reads (not property names), or null when it contains a function,
 * `this` or `super`: such an expression cannot be moved to another scope as text.
 */
export function readIdentifiers(node: TSESTree.Node): TSESTree.Identifier[] | null {
  const found: TSESTree.Identifier[] = [];
  let movable = true;
  const visit = (current: TSESTree.Node, parent: TSESTree.Node | null): void => {
    if (!movable) return;
    if (current.type === AST_NODE_TYPES.Identifier) {
      const isKey =
        (parent?.type === AST_NODE_TYPES.MemberExpression && parent.property === current && !parent.computed) ||
        (parent?.type === AST_NODE_TYPES.Property && parent.key === current && !parent.computed && !parent.shorthand);
      if (!isKey) found.push(current);
      return;
    }
    if (isFunction(current) || current.type === AST_NODE_TYPES.ThisExpression || current.type === AST_NODE_TYPES.Super) {
      movable = false;
      return;
    }
    forEachChild(current, child => visit(child, current));
  };
  visit(node, null);
  return movable ? found : null;
}

/** `inner` lies within `outer` in the source. */
export function containsNode(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[1];
}

const LOOP_TYPES = new Set<string>([
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
]);

/** A `for`/`while`/`do` statement. */
export function isLoop(node: TSESTree.Node): boolean {
  return LOOP_TYPES.has(node.type);
}

/** A `for`/`while`/`do` statement between `node` and `stop`. */
export function loopBetween(node: TSESTree.Node, stop: TSESTree.Node): boolean {
  for (let current = node.parent; current && current !== stop; current = current.parent) {
    if (LOOP_TYPES.has(current.type)) return true;
  }
  return false;
}

/** The child of a sibling list (in source order) whose range holds `index`: a binary search, linear past holes. */
function childAt(children: readonly (TSESTree.Node | null)[], index: number): TSESTree.Node | null {
  let low = 0;
  let high = children.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const child = children[middle];
    if (!child) return children.find(c => !!c && c.range[0] <= index && index < c.range[1]) ?? null;
    if (child.range[0] <= index) low = middle + 1;
    else high = middle;
  }
  const candidate = children[low - 1];
  return candidate && index < candidate.range[1] ? candidate : null;
}

/**
 * Calls `visit` with the innermost node at each place between `start` and `end` where the text says
 * `word`: the nodes a search looks at instead of walking every node of the range.
 */
export function forEachNodeSaying(
  sourceCode: { readonly text: string; readonly ast: TSESTree.Node; readonly visitorKeys: Readonly<Record<string, readonly string[] | undefined>> },
  word: string,
  [start, end]: TSESTree.Range,
  visit: (node: TSESTree.Node, at: number) => void,
): void {
  const { text, ast, visitorKeys } = sourceCode;
  for (let at = text.indexOf(word, start); at !== -1 && at + word.length <= end; at = text.indexOf(word, at + 1)) visit(nodeAt(ast, at, visitorKeys), at);
}

/** The innermost node whose source range holds `index`, found by descending from `root`. */
export function nodeAt(root: TSESTree.Node, index: number, visitorKeys: Readonly<Record<string, readonly string[] | undefined>>): TSESTree.Node {
  let node = root;
  descend: for (;;) {
    const keys = visitorKeys[node.type];
    // An index, not an iterator: this runs for every name a text search finds.
    for (let k = 0; keys && k < keys.length; k++) {
      const value = (node as unknown as Record<string, unknown>)[keys[k]];
      const child = Array.isArray(value)
        ? childAt(value as (TSESTree.Node | null)[], index)
        : value && typeof value === 'object' && 'range' in value
          ? (value as TSESTree.Node)
          : null;
      if (child && child.range[0] <= index && index < child.range[1]) {
        node = child;
        continue descend;
      }
    }
    return node;
  }
}

/**
 * Where a reference comes from: the module and the property path from its export (`Pool` imported
 * from `pg` → `pg`, `['Pool']`; `pg.Pool` with `const pg = require('pg')` the same; a namespace → `[]`).
 */
export function importedPath(reference: TSESTree.Node, variableOf: (id: TSESTree.Identifier) => TSESLint.Scope.Variable | null): { module: string; path: string[] } | null {
  const node = skipTypeWrappers(reference);
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    // `pg.Pool`, where `pg` is the module object.
    const base = importedPath(node.object, variableOf);
    const name = propertyName(node);
    return base && name ? { module: base.module, path: [...base.path, name] } : null;
  }
  if (node.type !== AST_NODE_TYPES.Identifier) return null;
  const def = variableOf(node)?.defs;
  if (def?.length !== 1) return null;
  const declared = def[0].node;
  const source = def[0].parent?.type === AST_NODE_TYPES.ImportDeclaration ? String(def[0].parent.source.value) : null;
  if (source && declared.type === AST_NODE_TYPES.ImportSpecifier) {
    const name = keyName(declared.imported, false);
    return name ? { module: source, path: [name] } : null;
  }
  if (source && declared.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return { module: source, path: [] };
  if (source && declared.type === AST_NODE_TYPES.ImportDefaultSpecifier) return { module: source, path: ['default'] };
  if (declared.type !== AST_NODE_TYPES.VariableDeclarator) return null;
  const module = requiredSpecifier(declared.init);
  if (!module) return null;
  if (declared.id.type === AST_NODE_TYPES.Identifier) return { module, path: [] };
  const property =
    declared.id.type === AST_NODE_TYPES.ObjectPattern
      ? declared.id.properties.find(p => p.type === AST_NODE_TYPES.Property && p.value.type === AST_NODE_TYPES.Identifier && p.value.name === node.name)
      : undefined;
  const name = property?.type === AST_NODE_TYPES.Property ? keyName(property.key, property.computed) : null;
  return name ? { module, path: [name] } : null;
}

/**
 * The first handler an exception thrown at `node` enters: a `catch`, or a `finally` (returned: its
 * block, whose leaving copy the exception runs before it goes on out); 'escapes' when none.
 */
export function firstHandler(node: TSESTree.Node, fn: TSESTree.Node): 'escapes' | TSESTree.CatchClause | TSESTree.BlockStatement {
  let current = node;
  while (current !== fn && current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === current && parent.handler) return parent.handler;
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.finalizer && (parent.block === current || parent.handler === current)) return parent.finalizer;
    if (parent === fn) break;
    current = parent;
  }
  return 'escapes';
}

export type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** The method (or arrow-function field) `name` of a class. */
export function methodOf(cls: ClassNode, name: string): TSESTree.Node | null {
  for (const member of cls.body.body) {
    if (member.type !== AST_NODE_TYPES.MethodDefinition && member.type !== AST_NODE_TYPES.PropertyDefinition) continue;
    if (keyName(member.key, member.computed) !== name) continue;
    if (member.value && isFunction(member.value)) return member.value;
  }
  return null;
}

/** The class whose `this` a node sees (methods, field initialisers and the arrow functions inside them). */
export function enclosingClass(node: TSESTree.Node): ClassNode | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassDeclaration || current.type === AST_NODE_TYPES.ClassExpression) return current;
  }
  return null;
}
