/**
 * Tests that decide a release: guards on the handle (`if (conn)`), its own released state, release flags,
 * and the flags that end a loop.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { fileState } from './file-state';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { containsNode, enclosingFunction, forEachChild, type FunctionNode, isFunction, isLoop, propertyName, readIdentifiers, skipTypeWrappers } from './ast';
import { addEvent, type Analysis, type Handle, isNullish, type Node, refersTo, releaseMethods, stripNullTest, type Variable } from './handle';
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
      return block?.type === AST_NODE_TYPES.BlockStatement && block.body.some(sibling => releasesHandle(a, handle, sibling));
    })
  );
}

/**
 * A statement that calls a release of the handle (`c.release()`, `pool.putconn(c)`), outside nested
 * functions. Read from the text too: a test before the release that records it (`if (!released)
 * c.release(); … released = true; c.release();`) is classified before that release is.
 */
function releasesHandle(a: Analysis, handle: Handle, statement: Node): boolean {
  let found = false;
  const methods = releaseMethods(handle.acquisition.handle);
  const visit = (node: Node): void => {
    if (found || isFunction(node)) return;
    if (node.type === AST_NODE_TYPES.CallExpression && (handle.releaseCalls.has(node) || isReleaseCallOf(a, handle, node, methods))) found = true;
    else forEachChild(node, visit);
  };
  visit(statement);
  return found;
}

/** `c.release()`, `c?.release()`: a release method called on the handle itself. */
function isReleaseCallOf(a: Analysis, handle: Handle, call: TSESTree.CallExpression, methods: ReadonlySet<string>): boolean {
  const callee = skipTypeWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && methods.has(propertyName(callee) ?? '') && refersTo(a, handle, callee.object);
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
  return releaseRootOf(call, test => isGuardTest(a, handle, test), handle.acquisition.call);
}

/**
 * The test reads a variable the function assigns (a `released` or `retry` flag). With `setOnly`, only
 * a variable set by `=` counts: a loop counter stepped by `i++` or `i += 1` records nothing about a
 * release. A variable `decided` by the caller does not count.
 */
export function readsFlag(a: Analysis, test: Node, fn: Node, setOnly = false, decided?: (flag: Variable) => boolean): boolean {
  const identifiers = readIdentifiers(test) ?? [];
  return identifiers.some(id => {
    const variable = a.objects.variableOf(id);
    return (
      !!variable &&
      !decided?.(variable) &&
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

/**
 * Behind a condition that reads a variable the function assigns (a `released` flag), below the
 * function. A flag `decided` on the walk's path (a flag it follows, whose value it knows) guards
 * nothing: the path took the arm its value says.
 */
export function isFlagGuarded(a: Analysis, node: Node, handle: Handle, decided?: (flag: Variable) => boolean): boolean {
  const fn = handle.owner;
  const handleGuard = (test: Node): boolean => readsFlag(a, test, fn, true, decided) || isReleasedStateTest(a, handle, test);
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

/**
 * Releases behind a flag of this function (`if (!released) …`, `!released && c.release()`) whose every
 * assignment writes a literal: each assignment becomes a `flag` event, so that a walk knows on its
 * path whether the guarded release runs (the flag may still be unset where a release already ran).
 */
export function classifyReleaseFlags(a: Analysis, handle: Handle): void {
  const initials = new Map<Variable, boolean | null>();
  const atCheckouts = new Map<Variable, boolean | null>();
  // A release that may not happen behind the flag too (`if (!released) finishIf(c, on)`).
  for (const root of [...handle.releaseRoots, ...handle.maybeRoots]) {
    // `!released && c.release();` stands as its statement.
    const guarded = root.type === AST_NODE_TYPES.ExpressionStatement ? skipTypeWrappers(root.expression) : root;
    const test =
      guarded.type === AST_NODE_TYPES.IfStatement ? guarded.test : guarded.type === AST_NODE_TYPES.LogicalExpression && guarded.operator === '&&' ? guarded.left : null;
    const n = test && skipTypeWrappers(test);
    const id = n?.type === AST_NODE_TYPES.UnaryExpression && n.operator === '!' ? skipTypeWrappers(n.argument) : null;
    const variable = id?.type === AST_NODE_TYPES.Identifier ? a.objects.variableOf(id) : null;
    if (!variable) continue;
    if (!initials.has(variable)) initials.set(variable, literalFlagWrites(a, handle, variable));
    const initial = initials.get(variable);
    if (initial === null || initial === undefined) continue;
    // The guarded block runs whole once the release runs: the flag it sets is set on every way on.
    const body = guarded.type === AST_NODE_TYPES.IfStatement ? guarded.consequent : (guarded as TSESTree.LogicalExpression).right;
    if (!atCheckouts.has(variable)) atCheckouts.set(variable, flagAtCheckout(a, handle, variable));
    const atCheckout = atCheckouts.get(variable) ?? null;
    handle.flagGuards.set(root, { flag: variable, atCheckout, sets: literalAssigned(a, body, variable) });
    handle.flags.set(variable, atCheckout);
  }
  // A branch on a flag that guards no release (`if (!released) c?.close()` where the flag records
  // something else) is decided by the flag's value on the path too.
  for (const variable of testedVariables(a, handle.owner)) {
    if (initials.has(variable) || literalFlagWrites(a, handle, variable) === null) continue;
    handle.flags.set(variable, flagAtCheckout(a, handle, variable));
  }
}

/**
 * Variables of the function's own scopes (not nested functions') that a branch tests: `if (!done)`,
 * `done && …`, `done ? … : …`. Read once per function and lint, however many handles it holds.
 */
function testedVariables(a: Analysis, owner: Node): readonly Variable[] {
  const shared = fileState(a.sourceCode, a.settings).shared;
  let byOwner = shared.get(testedVariables) as Map<Node, readonly Variable[]> | undefined;
  if (!byOwner) shared.set(testedVariables, (byOwner = new Map()));
  let known = byOwner.get(owner);
  if (!known) byOwner.set(owner, (known = readTestedVariables(a, owner)));
  return known;
}

function readTestedVariables(a: Analysis, owner: Node): Variable[] {
  const tested: Variable[] = [];
  const visit = (scope: TSESLint.Scope.Scope): void => {
    for (const variable of scope.variables) if (variable.references.some(reference => isBranchTest(reference.identifier as Node))) tested.push(variable);
    for (const child of scope.childScopes) if (child.type !== 'function' && child.type !== 'class') visit(child);
  };
  const scope = a.sourceCode.scopeManager?.acquire(owner);
  if (scope) visit(scope);
  return tested;
}

/** `id` is the test of a branch, or part of one through `!`, `&&` and `||`. */
function isBranchTest(id: Node): boolean {
  let node = id;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!') continue;
    if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.operator !== '??') {
      if (parent.left === node) return true;
      continue;
    }
    return (parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) && parent.test === node;
  }
  return false;
}

/**
 * The value the flag holds where the handle is checked out, when every path there sets it last at one
 * statement: the nearest flag write (`released = true;`, or its declaration) that runs whole before
 * the checkout (a statement of a block around it, or of a `finally` or block standing there), with
 * no write of the flag in between (in the source between them, or in a loop around the checkout
 * that turns back past it). Null when unknown (a write in a nested function may run at any time).
 */
function flagAtCheckout(a: Analysis, handle: Handle, variable: Variable): boolean | null {
  const call = handle.acquisition.call;
  const owner = handle.owner;
  if (!containsNode(owner, call)) return null;
  const writes = variable.references.filter(reference => reference.isWrite()).map(reference => reference.identifier as Node);
  if (writes.some(write => enclosingFunction(write) !== owner)) return null;
  const loops: Node[] = [];
  for (let child: Node = call, current: Node | undefined = call.parent; current && current !== owner; child = current, current = current.parent) {
    if (isLoop(current)) loops.push(current);
    if (current.type !== AST_NODE_TYPES.BlockStatement) continue;
    const last = lastWrite(a, current.body.slice(0, current.body.indexOf(child as TSESTree.Statement)), variable);
    if (!last) continue;
    const { statement, value } = last;
    const between = (write: Node): boolean =>
      !containsNode(statement, write) && ((write.range[0] > statement.range[1] && write.range[0] < call.range[0]) || loops.some(loop => containsNode(loop, write)));
    return writes.some(between) ? null : value;
  }
  return null;
}

/**
 * The last of `statements` (run in order, each whole) that writes a literal to `variable` by itself
 * (`released = true;`, `let released = false;`), also inside a block or a `finally` among them (run
 * whole whenever what follows runs); null when none.
 */
function lastWrite(a: Analysis, statements: readonly Node[], variable: Variable): { statement: Node; value: boolean } | null {
  for (let i = statements.length - 1; i >= 0; i--) {
    const statement = statements[i];
    let value: boolean | null = null;
    if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
      const declarator = statement.declarations.find(d => d.id.type === AST_NODE_TYPES.Identifier && a.objects.variableOf(d.id) === variable);
      value = declarator?.init?.type === AST_NODE_TYPES.Literal ? !!declarator.init.value : null;
    } else if (statement.type === AST_NODE_TYPES.ExpressionStatement) {
      value = literalAssigned(a, statement, variable);
    } else if (statement.type === AST_NODE_TYPES.IfStatement && !statement.alternate) {
      // `if (!released) { released = true; … }`: set when it was not, so set either way.
      const write = settlingWrite(a, statement, variable);
      if (write) return write;
    } else {
      const block = statement.type === AST_NODE_TYPES.BlockStatement ? statement : statement.type === AST_NODE_TYPES.TryStatement ? statement.finalizer : null;
      const inner = block && lastWrite(a, block.body, variable);
      if (inner) return inner;
    }
    if (value !== null) return { statement, value };
  }
  return null;
}

/**
 * The write that settles the flag in `if (!flag) { flag = true; … }` (or `if (flag) { flag = false; … }`):
 * a statement of the guarded block that writes the value the test skips on; null when none.
 */
function settlingWrite(a: Analysis, statement: TSESTree.IfStatement, variable: Variable): { statement: Node; value: boolean } | null {
  const test = skipTypeWrappers(statement.test);
  const negated = test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!';
  const flag = negated ? skipTypeWrappers(test.argument) : test;
  if (flag.type !== AST_NODE_TYPES.Identifier || a.objects.variableOf(flag) !== variable) return null;
  const body = statement.consequent.type === AST_NODE_TYPES.BlockStatement ? statement.consequent.body : [statement.consequent];
  for (let i = body.length - 1; i >= 0; i--) {
    const value = body[i].type === AST_NODE_TYPES.ExpressionStatement ? literalAssigned(a, body[i], variable) : null;
    if (value !== null) return value === negated ? { statement: body[i], value } : null;
  }
  return null;
}

/** The literal a statement assigns to `variable` at its top level (`released = true;` in the block), or null. */
function literalAssigned(a: Analysis, body: Node, variable: Variable): boolean | null {
  const statements = body.type === AST_NODE_TYPES.BlockStatement ? body.body : [body];
  for (const statement of statements) {
    const expression = statement.type === AST_NODE_TYPES.ExpressionStatement ? statement.expression : null;
    if (
      expression?.type === AST_NODE_TYPES.AssignmentExpression &&
      expression.operator === '=' &&
      expression.left.type === AST_NODE_TYPES.Identifier &&
      expression.right.type === AST_NODE_TYPES.Literal &&
      a.objects.variableOf(expression.left) === variable
    ) {
      return !!expression.right.value;
    }
  }
  return null;
}

/** The flag's initial value when it is declared in the handle's function with a literal and only ever set to literals (each write recorded as a `flag` event); else null. */
function literalFlagWrites(a: Analysis, handle: Handle, variable: Variable): boolean | null {
  const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Variable' || def.node.init?.type !== AST_NODE_TYPES.Literal || variable.scope.variableScope.block !== handle.owner) return null;
  const writes: [TSESTree.AssignmentExpression, boolean][] = [];
  for (const reference of variable.references) {
    if (reference.init || !reference.isWrite()) continue;
    const assignment = reference.identifier.parent;
    if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.operator !== '=' || assignment.right.type !== AST_NODE_TYPES.Literal) return null;
    writes.push([assignment, !!assignment.right.value]);
  }
  for (const [assignment, value] of writes) addEvent(a, assignment, { type: 'flag', handle, flag: variable, value });
  // Its declaration too: declared in a loop, it starts again on each turn.
  addEvent(a, def.node, { type: 'flag', handle, flag: variable, value: !!def.node.init.value });
  return !!def.node.init.value;
}
