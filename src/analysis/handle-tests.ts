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
  return isHandleTest(a, handle, test) || isReleaseFlagTest(a, test) || isAlwaysTrue(a, test) || isReleaseRecordTest(a, handle, test);
}

/**
 * `if (!released) c.release()` where every assignment of `released` stands next to a release of
 * `c` (`released = true; c.release();`): the flag records that the handle was released.
 */
function isReleaseRecordTest(a: Analysis, handle: Handle, test: Node): boolean {
  const n = skipTypeWrappers(test);
  const flag = n.type === AST_NODE_TYPES.UnaryExpression && n.operator === '!' ? skipTypeWrappers(n.argument) : null;
  const variable = flag?.type === AST_NODE_TYPES.Identifier ? a.objects.variableOf(flag) : null;
  const writes = variable?.references.filter(reference => reference.isWrite() && !reference.init) ?? [];
  return (
    writes.length > 0 &&
    writes.every(reference => {
      const statement = reference.identifier.parent?.parent;
      const block = statement?.type === AST_NODE_TYPES.ExpressionStatement ? statement.parent : undefined;
      return block?.type === AST_NODE_TYPES.BlockStatement && block.body.some(sibling => releasesHandle(handle, sibling));
    })
  );
}

/** A statement that calls a release of the handle (`c.release()`, `pool.putconn(c)`), outside nested functions. */
function releasesHandle(handle: Handle, statement: Node): boolean {
  let found = false;
  const visit = (node: Node): void => {
    if (found || isFunction(node)) return;
    if (node.type === AST_NODE_TYPES.CallExpression && handle.releaseCalls.has(node)) found = true;
    else forEachChild(node, visit);
  };
  visit(statement);
  return found;
}

/**
 * `!released` where `released` is `false` and never assigned again, `true`: a test whose value is
 * known, so what it guards always runs.
 */
function isAlwaysTrue(a: Analysis, test: Node): boolean {
  const n = skipTypeWrappers(test);
  if (n.type === AST_NODE_TYPES.Literal) return !!n.value;
  if (n.type !== AST_NODE_TYPES.UnaryExpression || n.operator !== '!') return false;
  const flag = skipTypeWrappers(n.argument);
  if (flag.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = a.objects.variableOf(flag);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Variable' || def.node.init?.type !== AST_NODE_TYPES.Literal || def.node.init.value) return false;
  return variable!.references.every(reference => reference.init || !reference.isWrite());
}

/** The outermost node whose entry already decides the release: `if (h) h.release()`, `return h?.release()`. */
export function releaseRoot(a: Analysis, handle: Handle, call: Node): Node {
  return releaseRootOf(call, test => isGuardTest(a, handle, test));
}

/**
 * The test reads a variable the function assigns (a `released` or `retry` flag). With `setOnly`, only
 * a variable set by `=` counts: a loop counter stepped by `i++` or `i += 1` records nothing about a release.
 */
export function readsFlag(a: Analysis, test: Node, fn: Node, setOnly = false): boolean {
  const identifiers = readIdentifiers(test) ?? [];
  return identifiers.some(id => {
    const variable = a.objects.variableOf(id);
    return (
      !!variable &&
      variable.references.some(ref => {
        if (!ref.isWrite() || ref.init || !containsNode(fn, ref.identifier as Node)) return false;
        const parent = ref.identifier.parent;
        return !setOnly || (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.operator === '=');
      })
    );
  });
}

/** A loop around `node` whose test reads a flag its body sets: the code decides by the flag whether another turn runs. */
export function loopEndsByFlag(a: Analysis, node: Node, fn: Node): boolean {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    const loop =
      current.type === AST_NODE_TYPES.WhileStatement || current.type === AST_NODE_TYPES.DoWhileStatement || current.type === AST_NODE_TYPES.ForStatement
        ? current
        : null;
    if (loop?.test && readsFlag(a, loop.test, loop.body, true)) return true;
  }
  return false;
}

/** Behind a condition that reads a variable the function assigns (a `released` flag), below the function. */
export function isFlagGuarded(a: Analysis, node: Node, handle: Handle): boolean {
  const fn = handle.owner;
  const handleGuard = (test: Node): boolean => readsFlag(a, test, fn, true) || isReleasedStateTest(a, handle, test);
  // The release's own guard: `if (!state.done) { state.done = true; c.release() }`, `if (!qr.isReleased) …`.
  if (
    (node.type === AST_NODE_TYPES.IfStatement || node.type === AST_NODE_TYPES.ConditionalExpression) &&
    (isReleasedStateTest(a, handle, node.test) || isReleaseFlagTest(a, node.test) || isReleaseRecordTest(a, handle, node.test))
  ) {
    return true;
  }
  for (let child = node, current = node.parent; current && current !== fn; child = current, current = current.parent) {
    if ((current.type === AST_NODE_TYPES.IfStatement || current.type === AST_NODE_TYPES.ConditionalExpression) && current.test !== child && handleGuard(current.test)) return true;
    if (current.type === AST_NODE_TYPES.LogicalExpression && current.right === child && handleGuard(current.left)) return true;
  }
  return false;
}
