/**
 * Where a release stands, and what running a statement guarantees about it. A release counts
 * wherever its call is evaluated for sure once its statement runs: as a statement, returned,
 * awaited, voided, an argument (`Promise.resolve(c.release())`), inside a `try` that catches a
 * failing release, or behind a guard that is false only when there is nothing to release.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { containsNode, forEachChild, isFunction, isLoop, valueParent } from './ast';

type Node = TSESTree.Node;

/** True when the test is false only when there is nothing (left) to release. */
export type GuardTest = (test: Node) => boolean;

/**
 * Does `node` (outside nested functions) contain a statement that leaves `scope` (by default `node`)
 * abruptly? A `break` or `continue` whose loop or `switch` lies inside `scope` does not leave it.
 */
export function containsJump(node: Node, scope: Node = node): boolean {
  const leaves = (inner: Node): boolean => {
    if (inner.type === AST_NODE_TYPES.ReturnStatement || inner.type === AST_NODE_TYPES.ThrowStatement) return true;
    if (inner.type === AST_NODE_TYPES.BreakStatement || inner.type === AST_NODE_TYPES.ContinueStatement) {
      const target = jumpTarget(inner);
      return !target || !containsNode(scope, target);
    }
    if (isFunction(inner)) return false;
    let found = false;
    forEachChild(inner, child => {
      found ||= leaves(child);
    });
    return found;
  };
  return leaves(node);
}

/** The expression positions whose evaluation follows from evaluating their parent. */
function climbsValue(parent: Node, child: Node, isGuard: GuardTest): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.SequenceExpression:
      return true;
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === 'void';
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression: {
      // `Promise.resolve(c.release())`: an argument is evaluated before the call, unless an
      // earlier argument can throw first.
      const index = parent.arguments.indexOf(child as TSESTree.CallExpressionArgument);
      return index >= 0 && parent.arguments.slice(0, index).every(isInert);
    }
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.right === child;
    case AST_NODE_TYPES.LogicalExpression:
      return parent.right === child && parent.operator === '&&' && isGuard(parent.left);
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.consequent === child && isGuard(parent.test);
    default:
      return false;
  }
}

/** Literals and names: evaluating them cannot throw or jump. */
function isInert(node: Node): boolean {
  return node.type === AST_NODE_TYPES.Literal || node.type === AST_NODE_TYPES.Identifier || node.type === AST_NODE_TYPES.ThisExpression;
}

/** The statement that holds `call` in a position evaluated whenever it runs, or null. */
function releaseStatement(call: Node, isGuard: GuardTest): Node | null {
  let node = call;
  for (;;) {
    const [parent, child] = valueParent(node);
    if (!parent) return null;
    if (
      parent.type === AST_NODE_TYPES.ExpressionStatement ||
      (parent.type === AST_NODE_TYPES.ReturnStatement && parent.argument === child) ||
      (parent.type === AST_NODE_TYPES.ThrowStatement && parent.argument === child)
    ) {
      return parent;
    }
    if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === child) return parent.parent ?? null;
    if (!climbsValue(parent, child, isGuard)) return null;
    node = parent;
  }
}

/**
 * The outermost node whose entry already decides the release: the call itself when it is evaluated
 * only under some condition, else its statement, else the guard `if` around the statement
 * (`if (conn) { try { await conn.close() } catch (e) { log(e) } }`). Never a node around `checkout`
 * (the handle's acquire): the `if` that decides the checkout is entered before there is a handle.
 */
export function releaseRoot(call: Node, isGuard: GuardTest, checkout?: Node): Node {
  const statement = releaseStatement(call, isGuard);
  if (!statement) return call;
  let root = statement;
  let current = statement;
  for (;;) {
    const parent = current.parent;
    if (!parent || (checkout && containsNode(parent, checkout))) return root;
    if (parent.type === AST_NODE_TYPES.BlockStatement) {
      // Inside a nested block or a `try` block, the statement runs unless an earlier one jumps away.
      const before = parent.body.slice(0, parent.body.indexOf(current as TSESTree.Statement));
      const holder = parent.parent;
      const climbs = holder?.type === AST_NODE_TYPES.BlockStatement || (holder?.type === AST_NODE_TYPES.TryStatement && holder.block === parent) || holder?.type === AST_NODE_TYPES.IfStatement;
      if (!climbs || before.some(statement => containsJump(statement))) return root;
      current = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === current) {
      current = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.LabeledStatement) {
      current = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.IfStatement && parent.consequent === current && isGuard(parent.test)) {
      root = current = parent;
      continue;
    }
    return root;
  }
}

/** Does running `statement` always release, given the roots of the releases? (for `finally` blocks) */
export function releasesAlways(statement: Node | null | undefined, isRoot: (node: Node) => boolean, isGuard: GuardTest): boolean {
  if (!statement) return false;
  if (isRoot(statement)) return true;
  switch (statement.type) {
    case AST_NODE_TYPES.BlockStatement:
      return sequenceReleases(statement.body, isRoot, isGuard);
    case AST_NODE_TYPES.IfStatement:
      return (
        releasesAlways(statement.consequent, isRoot, isGuard) &&
        (releasesAlways(statement.alternate, isRoot, isGuard) || isGuard(statement.test))
      );
    case AST_NODE_TYPES.TryStatement:
      return releasesAlways(statement.block, isRoot, isGuard) || releasesAlways(statement.finalizer, isRoot, isGuard);
    case AST_NODE_TYPES.LabeledStatement:
      return releasesAlways(statement.body, isRoot, isGuard);
    case AST_NODE_TYPES.SwitchStatement: {
      // With a `default`, some case runs; from each, falling through, a release comes before any way out.
      const cases = statement.cases;
      return cases.some(c => c.test === null) && cases.every((_, k) => sequenceReleases(cases.slice(k).flatMap(c => c.consequent), isRoot, isGuard));
    }
    default:
      return false;
  }
}

/**
 * Does every path through these statements release? A branch may leave early only once it has
 * released (`if (x) { c.release(); return; } store.push(c)` with escapes counted as roots).
 */
function sequenceReleases(statements: readonly Node[], isRoot: (node: Node) => boolean, isGuard: GuardTest): boolean {
  const [first, ...rest] = statements;
  if (!first) return false;
  if (releasesAlways(first, isRoot, isGuard)) return true;
  if (first.type === AST_NODE_TYPES.IfStatement) {
    const branch = (taken: Node | null): boolean =>
      taken
        ? releasesAlways(taken, isRoot, isGuard) || (leavesOnlyReleased(taken, taken, isRoot, isGuard) && sequenceReleases(rest, isRoot, isGuard))
        : sequenceReleases(rest, isRoot, isGuard);
    return branch(first.consequent) && (branch(first.alternate ?? null) || (isGuard(first.test) && releasesAlways(first.consequent, isRoot, isGuard)));
  }
  return leavesOnlyReleased(first, first, isRoot, isGuard) && sequenceReleases(rest, isRoot, isGuard);
}

/**
 * Does every way out of `scope` through `statement` (a `return`, a `throw`, a jump past `scope`)
 * come after a release? (`switch (x) { case 0: return c.release(); } c.release();`)
 */
function leavesOnlyReleased(statement: Node, scope: Node, isRoot: (node: Node) => boolean, isGuard: GuardTest): boolean {
  if (!containsJump(statement, scope) || releasesAlways(statement, isRoot, isGuard)) return true;
  const sequence = (statements: readonly Node[]): boolean => {
    for (const inner of statements) {
      if (releasesAlways(inner, isRoot, isGuard)) return true;
      if (!leavesOnlyReleased(inner, scope, isRoot, isGuard)) return false;
    }
    return true;
  };
  switch (statement.type) {
    case AST_NODE_TYPES.BlockStatement:
      return sequence(statement.body);
    case AST_NODE_TYPES.IfStatement:
      return [statement.consequent, statement.alternate].every(branch => !branch || leavesOnlyReleased(branch, scope, isRoot, isGuard));
    case AST_NODE_TYPES.LabeledStatement:
      return leavesOnlyReleased(statement.body, scope, isRoot, isGuard);
    case AST_NODE_TYPES.SwitchStatement: {
      // A case falls through into the next ones; a `break` of the switch itself ends it normally.
      const cases = statement.cases;
      return cases.every((_, k) => sequence(cases.slice(k).flatMap(c => c.consequent)));
    }
    default:
      return false;
  }
}

/** The statement a `break` or `continue` leaves (a loop, a `switch`, or a labelled statement). */
export function jumpTarget(jump: TSESTree.BreakStatement | TSESTree.ContinueStatement): Node | null {
  const label = jump.label?.name;
  for (let current: Node | undefined = jump.parent; current && !isFunction(current); current = current.parent) {
    if (label !== undefined) {
      if (current.type === AST_NODE_TYPES.LabeledStatement && current.label.name === label) return current.body;
      continue;
    }
    if (isLoop(current)) return current;
    if (jump.type === AST_NODE_TYPES.BreakStatement && current.type === AST_NODE_TYPES.SwitchStatement) return current;
  }
  return null;
}

/**
 * The `finally` blocks a `break` or `continue` runs on its way out, innermost first. ESLint's code
 * path graph sends these jumps straight to their target, so the analysis adds the `finally` itself.
 */
export function finalizersCrossed(jump: Node): TSESTree.BlockStatement[] {
  if (jump.type !== AST_NODE_TYPES.BreakStatement && jump.type !== AST_NODE_TYPES.ContinueStatement) return [];
  const target = jumpTarget(jump);
  if (!target) return [];
  const crossed: TSESTree.BlockStatement[] = [];
  for (let child: Node = jump, current: Node | undefined = jump.parent; current && current !== target; child = current, current = current.parent) {
    if (current.type === AST_NODE_TYPES.TryStatement && current.finalizer && current.finalizer !== child) crossed.push(current.finalizer);
  }
  return crossed;
}

/** Does a `break` or `continue` inside a `finally` block leave it (ending what the block was run for)? */
export function leavesFinally(jump: Node): boolean {
  return finallyLeftBy(jump) !== null;
}

/** The outermost `finally` block a `break` or `continue` inside it leaves on the way to its target, or null. */
export function finallyLeftBy(jump: Node): Node | null {
  if (jump.type !== AST_NODE_TYPES.BreakStatement && jump.type !== AST_NODE_TYPES.ContinueStatement) return null;
  const target = jumpTarget(jump);
  let left: Node | null = null;
  for (let child: Node = jump, current: Node | undefined = jump.parent; target && current && current !== target; child = current, current = current.parent) {
    if (current.type === AST_NODE_TYPES.TryStatement && current.finalizer === child) left = child;
  }
  return left;
}

/** Does `node` (outside nested functions) contain a `throw`? */
function containsThrow(node: Node): boolean {
  if (node.type === AST_NODE_TYPES.ThrowStatement) return true;
  if (isFunction(node)) return false;
  let found = false;
  forEachChild(node, child => {
    found ||= containsThrow(child);
  });
  return found;
}

/** Does evaluating `node` (outside nested functions) call, await or construct anything? */
export function containsWork(node: Node): boolean {
  if (
    node.type === AST_NODE_TYPES.CallExpression ||
    node.type === AST_NODE_TYPES.NewExpression ||
    node.type === AST_NODE_TYPES.AwaitExpression ||
    node.type === AST_NODE_TYPES.TaggedTemplateExpression ||
    node.type === AST_NODE_TYPES.ThrowStatement
  ) {
    return true;
  }
  if (isFunction(node)) return false;
  let found = false;
  forEachChild(node, child => {
    found ||= containsWork(child);
  });
  return found;
}

const neverThrowsCache = new WeakMap<Node, boolean>();

/**
 * A function that cannot throw or reject because it catches: every statement of its body is a `try`
 * whose `catch` does not throw, or does no work at all (`async function safely(p) { try { return [null, await p] }
 * catch (e) { return [e, null] } }`), or a promise chain that ends in such a `.catch`.
 */
export function neverThrows(fn: TSESTree.FunctionLike | TSESTree.ArrowFunctionExpression): boolean {
  let known = neverThrowsCache.get(fn);
  if (known === undefined) {
    known = fn.body ? bodyNeverThrows(fn.body) : false;
    neverThrowsCache.set(fn, known);
  }
  return known;
}

function bodyNeverThrows(body: Node): boolean {
  if (body.type !== AST_NODE_TYPES.BlockStatement) return endsInCatch(body);
  // A helper that catches what it does; an empty body is a stand-in for work still to come.
  const catches = body.body.some(
    statement =>
      statement.type === AST_NODE_TYPES.TryStatement ||
      (statement.type === AST_NODE_TYPES.ReturnStatement && !!statement.argument && endsInCatch(statement.argument)),
  );
  return catches && body.body.every(statement => {
    if (statement.type === AST_NODE_TYPES.TryStatement) {
      return !!statement.handler && handlerSettles(statement.handler.body) && (!statement.finalizer || !containsWork(statement.finalizer));
    }
    if (statement.type === AST_NODE_TYPES.ReturnStatement && statement.argument) return !containsWork(statement.argument) || endsInCatch(statement.argument);
    return !containsWork(statement);
  });
}

/** `p.then(…).catch(e => [e])`: a chain whose last link catches without throwing or rejecting. */
function endsInCatch(expression: Node): boolean {
  if (expression.type !== AST_NODE_TYPES.CallExpression || expression.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const member = expression.callee;
  if (member.computed || member.property.type !== AST_NODE_TYPES.Identifier || member.property.name !== 'catch') return false;
  const handler = expression.arguments[0];
  if (!handler || !isFunction(handler) || !handler.body) return false;
  return handlerSettles(handler.body);
}

/** A `catch` handler body that neither throws nor returns work that may reject (`Promise.reject(e)`). */
function handlerSettles(body: Node): boolean {
  if (body.type !== AST_NODE_TYPES.BlockStatement) return !containsWork(body);
  if (containsThrow(body)) return false;
  let settles = true;
  const visit = (node: Node): void => {
    if (!settles || isFunction(node)) return;
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument && containsWork(node.argument)) settles = false;
    else forEachChild(node, visit);
  };
  visit(body);
  return settles;
}
