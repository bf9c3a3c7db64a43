/**
 * Tests that decide a release: guards on the handle (`if (conn)`), its own released state, release flags,
 * and the flags that end a loop.
 */
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { containsNode, forEachChild, type FunctionNode, isFunction, propertyName, readIdentifiers, skipTypeWrappers } from './ast';
import { type Analysis, type Handle, isNullish, type Node, refersTo, stripNullTest, type Variable } from './handle';
import { releaseRoot as releaseRootOf } from './release-sites';

/** Variables read by the tests of the `if`s that decide whether the acquire runs at all. */
export function acquireGuards(a: Analysis, call: Node, owner: FunctionNode): Set<Variable> {
  const guards = new Set<Variable>();
  for (let child: Node = call, current = call.parent; current && current !== owner; child = current, current = current.parent) {
    if (current.type !== AST_NODE_TYPES.IfStatement || current.test === child) continue;
    const pending: Node[] = [current.test];
    while (pending.length > 0) {
      const n = skipTypeWrappers(pending.pop()!);
      if (n.type === AST_NODE_TYPES.Identifier) {
        const variable = a.objects.variableOf(n);
        if (variable) guards.add(variable);
      } else if (n.type === AST_NODE_TYPES.LogicalExpression || n.type === AST_NODE_TYPES.BinaryExpression) {
        pending.push(n.left, n.right);
      } else if (n.type === AST_NODE_TYPES.UnaryExpression) {
        pending.push(n.argument);
      }
    }
  }
  return guards;
}

/** `h`, `!!h`, `h != null`, `h !== undefined`: a test that is false only when there is no handle. */
export function isHandleTest(a: Analysis, handle: Handle, test: Node): boolean {
  const n = skipTypeWrappers(test);
  if (handle.guardTexts.size > 0 && handle.guardTexts.has(a.sourceCode.getText(stripNullTest(n)))) return true;
  if (refersTo(a, handle, n)) return true;
  // `if (created) conn = pool.connect(); … finally { if (created) conn.release(); }`
  if (n.type === AST_NODE_TYPES.Identifier && handle.guards.size > 0 && refersTo(a, handle, n, [...handle.guards])) return true;
  if (n.type === AST_NODE_TYPES.UnaryExpression && n.operator === '!' && n.argument.type === AST_NODE_TYPES.UnaryExpression) {
    return n.argument.operator === '!' && refersTo(a, handle, n.argument.argument);
  }
  if (n.type === AST_NODE_TYPES.BinaryExpression && (n.operator === '!=' || n.operator === '!==')) {
    return (refersTo(a, handle, n.left) && isNullish(n.right)) || (refersTo(a, handle, n.right) && isNullish(n.left));
  }
  return isReleasedStateTest(a, handle, n);
}

/** The handle's own record of its release: `if (!trx.isCompleted()) await trx.rollback()`. */
export function isReleasedStateTest(a: Analysis, handle: Handle, test: Node): boolean {
  const n = skipTypeWrappers(test);
  if (n.type !== AST_NODE_TYPES.UnaryExpression || n.operator !== '!') return false;
  const state = skipTypeWrappers(n.argument);
  const stateCall = state.type === AST_NODE_TYPES.CallExpression ? skipTypeWrappers(state.callee) : state;
  if (stateCall.type !== AST_NODE_TYPES.MemberExpression || !refersTo(a, handle, stateCall.object)) return false;
  const member = propertyName(stateCall);
  return member !== null && (handle.acquisition.handle.releasedState ?? []).includes(member);
}

/** `if (!released) { released = true; h.release() }`: a flag set where the handle is released, so it says "released already". */
export function isReleaseFlagTest(a: Analysis, test: Node): boolean {
  const n = skipTypeWrappers(test);
  const flag = n.type === AST_NODE_TYPES.UnaryExpression && n.operator === '!' ? skipTypeWrappers(n.argument) : null;
  if (!flag || (flag.type !== AST_NODE_TYPES.Identifier && flag.type !== AST_NODE_TYPES.MemberExpression)) return false;
  const holder = n.parent;
  const body = holder?.type === AST_NODE_TYPES.IfStatement ? holder.consequent : holder?.type === AST_NODE_TYPES.LogicalExpression ? holder.right : null;
  if (!body) return false;
  const flagText = a.sourceCode.getText(flag);
  let sets = false;
  const visit = (node: Node): void => {
    if (sets || isFunction(node)) return;
    if (node.type === AST_NODE_TYPES.AssignmentExpression && a.sourceCode.getText(node.left) === flagText) sets = true;
    else forEachChild(node, visit);
  };
  visit(body);
  return sets;
}

/** A test that is false only when there is nothing (left) to release. */
export function isGuardTest(a: Analysis, handle: Handle, test: Node): boolean {
  return isHandleTest(a, handle, test) || isReleaseFlagTest(a, test);
}

/** The outermost node whose entry already decides the release: `if (h) h.release()`, `return h?.release()`. */
export function releaseRoot(a: Analysis, handle: Handle, call: Node): Node {
  return releaseRootOf(call, test => isGuardTest(a, handle, test));
}

/** The test reads a variable the function assigns (a `released` or `retry` flag). */
export function readsFlag(a: Analysis, test: Node, fn: Node): boolean {
  const identifiers = readIdentifiers(test) ?? [];
  return identifiers.some(id => {
    const variable = a.objects.variableOf(id);
    return !!variable && variable.references.some(ref => ref.isWrite() && !ref.init && containsNode(fn, ref.identifier as Node));
  });
}

/** A loop around `node` whose test reads a flag its body sets: the code decides by the flag whether another turn runs. */
export function loopEndsByFlag(a: Analysis, node: Node, fn: Node): boolean {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    const loop =
      current.type === AST_NODE_TYPES.WhileStatement || current.type === AST_NODE_TYPES.DoWhileStatement || current.type === AST_NODE_TYPES.ForStatement
        ? current
        : null;
    if (loop?.test && readsFlag(a, loop.test, loop.body)) return true;
  }
  return false;
}

/** Behind a condition that reads a variable the function assigns (a `released` flag), below the function. */
export function isFlagGuarded(a: Analysis, node: Node, handle: Handle): boolean {
  const fn = handle.owner;
  const handleGuard = (test: Node): boolean => readsFlag(a, test, fn) || isReleasedStateTest(a, handle, test);
  // The release's own guard: `if (!state.done) { state.done = true; c.release() }`, `if (!qr.isReleased) …`.
  if (
    (node.type === AST_NODE_TYPES.IfStatement || node.type === AST_NODE_TYPES.ConditionalExpression) &&
    (isReleasedStateTest(a, handle, node.test) || isReleaseFlagTest(a, node.test))
  ) {
    return true;
  }
  for (let child = node, current = node.parent; current && current !== fn; child = current, current = current.parent) {
    if ((current.type === AST_NODE_TYPES.IfStatement || current.type === AST_NODE_TYPES.ConditionalExpression) && current.test !== child && handleGuard(current.test)) return true;
    if (current.type === AST_NODE_TYPES.LogicalExpression && current.right === child && handleGuard(current.left)) return true;
  }
  return false;
}
