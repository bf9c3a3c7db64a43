/**
 * What a same-file function does with a held handle, for the judgement of held awaits: a builder
 * whose returned value is built from the handle, and a function whose own awaits are all database
 * work (or that does no I/O at all).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { forEachChild, type FunctionNode, isFunction, propertyName, skipTypeWrappers, valueParent } from './ast';
import type { ObjectTracker } from './objects';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;

/** Array methods that map with a function (`list.map(f)`, `Array.from(set, f)`). */
export const MAPPERS: ReadonlySet<string> = new Set(['map', 'flatMap', 'from']);

export const PROMISE_COMBINATORS: ReadonlySet<string> = new Set(['all', 'allSettled', 'race', 'any']);

/** `list.push(value)`, `list.unshift(value)` on a local list: the list. */
export function listPushedTo(objects: ObjectTracker, call: Node, argument: Node): Variable | null {
  if (call.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(argument as TSESTree.CallExpressionArgument)) return null;
  const callee = skipTypeWrappers(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : null;
  const list = method === 'push' || method === 'unshift' ? skipTypeWrappers((callee as TSESTree.MemberExpression).object) : null;
  const variable = list?.type === AST_NODE_TYPES.Identifier ? objects.variableOf(list) : null;
  return variable && variable.scope.type !== 'module' && variable.scope.type !== 'global' ? variable : null;
}

/** `Promise.all(list)`: its awaited value is the list's settled values. */
export function isPromiseCombinator(objects: ObjectTracker, call: Node, argument: Node): boolean {
  if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== argument) return false;
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !PROMISE_COMBINATORS.has(propertyName(callee) ?? '')) return false;
  const owner = skipTypeWrappers(callee.object);
  return owner.type === AST_NODE_TYPES.Identifier && owner.name === 'Promise' && !objects.variableOf(owner)?.defs.length;
}

/**
 * The calls of the same-file function (a declaration or a `const`) around `inside`: `build(x)`,
 * and `list.map(build)`; for an inline mapper, its `map` call. Each function is followed once.
 */
export function builderCallSites(objects: ObjectTracker, inside: Node, followed: Set<Node>, mappingCall: (fn: Node) => Node | null): Node[] {
  let fn: Node | undefined = inside;
  while (fn && !isFunction(fn)) fn = fn.parent;
  if (!fn || followed.has(fn)) return [];
  followed.add(fn);
  const parent = fn.parent;
  const name =
    fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn.id : parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn && parent.id.type === AST_NODE_TYPES.Identifier ? parent.id : null;
  // `list.map(async item => { …; return new Executor(conn, item); })`: the mapped list.
  const mapped = name ? null : mappingCall(fn);
  if (mapped) return [mapped];
  const variable = name ? objects.variableOf(name) : null;
  if (!variable || variable.defs.length !== 1) return [];
  const sites: Node[] = [];
  for (const reference of variable.references) {
    if (reference.init) continue;
    const [call, child] = valueParent(reference.identifier as Node);
    if (call?.type === AST_NODE_TYPES.CallExpression && (call.callee === child || mappingCall(child) === call)) sites.push(call);
  }
  return sites;
}

/**
 * A same-file function whose every await is database work of the held handle, and whose returns
 * are such work or plain values (no I/O of its own): awaiting it is not slow work. A cycle is not.
 */
/** In the same file, driver calls are judged by `isWork` before a returned value is asked whether it may be a promise. */
const NOT_DRIVER = (): boolean => false;

export function isDatabaseFunction(
  fn: FunctionNode,
  known: Map<Node, boolean>,
  isWork: (expression: Node) => boolean,
  isDriverValue: (node: Node) => boolean = NOT_DRIVER,
): boolean {
  const cached = known.get(fn);
  if (cached !== undefined) return cached;
  known.set(fn, false);
  let work = true;
  const visit = (node: Node): void => {
    if (!work || (node !== fn && isFunction(node))) return;
    if (node.type === AST_NODE_TYPES.AwaitExpression) work = isWork(node.argument);
    else if (node.type === AST_NODE_TYPES.ForOfStatement && node.await) work = false;
    else if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) work = isWork(node.argument) || !mayBePromise(node.argument, isDriverValue);
    if (work) forEachChild(node, visit);
  };
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) work = isWork(fn.body) || !mayBePromise(fn.body, isDriverValue);
  visit(fn.body);
  known.set(fn, work);
  return work;
}

/** Array and string methods: what they return is never a promise (an array of promises is not awaited by `await`). */
const PLAIN_RESULT_METHODS: ReadonlySet<string> = new Set([
  'map', 'filter', 'find', 'findIndex', 'some', 'every', 'includes', 'indexOf', 'join', 'slice', 'concat', 'flat', 'flatMap', 'sort',
  'toLowerCase', 'toUpperCase', 'trim', 'split', 'replace', 'startsWith', 'endsWith', 'toString',
]);

/**
 * Can the value of `node` be a promise, so that returning it from a function makes its caller's
 * `await` wait? Any call can, except an array or string method on a value that is not a driver
 * object (`statements.map(s => s.type)`; with async callbacks it is an array of promises, which
 * `await` does not wait for); what `isDriverValue` says is one (`db.map(sql, …)` of pg-promise
 * returns a promise) can.
 */
export function mayBePromise(node: Node, isDriverValue: (node: Node) => boolean): boolean {
  if (isFunction(node)) return false;
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipTypeWrappers(node.callee);
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : null;
    if (!method || !PLAIN_RESULT_METHODS.has(method)) return true;
    const receiver = (callee as TSESTree.MemberExpression).object;
    if (isDriverValue(receiver) || isDriverValue(node)) return true;
    return mayBePromise(receiver, isDriverValue) || node.arguments.some(argument => mayBePromise(argument, isDriverValue));
  }
  if (node.type === AST_NODE_TYPES.NewExpression || node.type === AST_NODE_TYPES.AwaitExpression || node.type === AST_NODE_TYPES.TaggedTemplateExpression) return true;
  let found = false;
  forEachChild(node, child => {
    found ||= mayBePromise(child, isDriverValue);
  });
  return found;
}

const noIoCache = new WeakMap<FunctionNode, boolean>();

/**
 * A function of another module that does no I/O: it awaits nothing (no `await`, no `for await`) and
 * returns no promise; values of drivers its module tracks count as I/O. Awaiting it settles at once.
 */
export function doesNoIo(fn: FunctionNode, objects: ObjectTracker): boolean {
  const cached = noIoCache.get(fn);
  if (cached !== undefined) return cached;
  // Nothing there is work of the held handle: any await is I/O, and a driver's value may be a promise.
  const noIo = isDatabaseFunction(fn, new Map(), () => false, node => objects.objectOf(node) !== null);
  noIoCache.set(fn, noIo);
  return noIo;
}
