/**
 * Layer 2, lifecycle: every use of a handle classified as a path event (release, escape, hand-off to a
 * call, a nested function that releases) at the node where it happens.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import type { Acquisition } from './acquires';
import { calleeParts, containsNode, enclosingFunction, type FunctionNode, isFunction, keyName, propertyName, readIdentifiers, skipTypeWrappers, valueParent } from './ast';
import { LOAN_OPTION_KEYS } from '../drivers/conventions';
import { addEvent, type Analysis, type Handle, isNullish, type Node, poolKey, poolReleaseMethods, pushTo, refersTo, releaseMethods, STORE_METHODS, type Variable } from './handle';
import { analyseOtherFile } from './checkouts';
import { askForeign, foreignTarget } from './cross-file';
import { functionSummaries } from './function-summaries';
import { bindHandleOwner, handleOwnerFor, type HandleOwner, handleOwnerOf, ownerMethodRelease } from './owning-classes';
import { acquireGuards, classifyReleaseFlags, releaseRoot } from './handle-tests';
import { containsJump } from './release-sites';

export function newHandle(a: Analysis, acquisition: Acquisition, owner: FunctionNode, variables: Variable[], name: string, anchor: TSESTree.Statement | null): Handle {
  return {
    acquisition,
    name,
    variables,
    releaseFns: [],
    guards: acquireGuards(a, acquisition.call, owner),
    guardTexts: new Set(),
    owner,
    pool: poolKey(a, acquisition.receiver),
    anchor,
    releaseRoots: new Set(),
    releaseCalls: new Set(),
    attemptedRoots: new Set(),
    escapeRoots: new Set(),
    delegates: new Set(),
    delegateRoots: new Map(),
    verdicts: new Map(),
    starts: [],
    hasRelease: false,
    keepsOwnership: false,
    hasEscape: false,
    hasStore: false,
    hasNestedRelease: false,
    uncalled: null,
    engaged: false,
    flagGuards: new Map(),
    flags: new Map(),
    disposedBy: null,
    releasedOnThrow: new Set(),
    maybeRoots: new Set(),
  };
}

export function classify(a: Analysis, handle: Handle): void {
  for (const variable of handle.variables) a.handleVariables.add(variable);
  // `client = null` after a release: later releases act on another value. Once the value assigned is
  // evaluated (a checkout that fails assigns nothing); a value that does not read the handle loses it.
  for (const variable of handle.variables) {
    for (const reference of variable.references) {
      if (reference.init || !reference.isWrite()) continue;
      const [parent] = valueParent(reference.identifier as Node);
      if (parent?.type === AST_NODE_TYPES.AssignmentExpression && !containsNode(parent.right, handle.acquisition.call)) {
        const read = readIdentifiers(parent.right);
        const keeps = !read || read.some(id => refersTo(a, handle, id));
        pushTo(a.exitEvents, parent, { event: { type: 'reassign', handle, node: keeps ? undefined : parent }, handle });
      }
    }
  }
  for (const variable of handle.variables) markErrorBranches(a, handle, variable, false);
  const seen = new Set(handle.variables);
  for (const variable of [...handle.variables]) {
    const owner = handleOwnerOf(variable);
    for (const reference of variable.references) {
      if (reference.init || (reference.isWrite() && !reference.isRead())) continue;
      if (owner) classifyOwnerUse(a, handle, owner, reference.identifier as Node, seen);
      else classifyUse(a, handle, reference.identifier as Node, seen);
    }
  }
  for (const variable of handle.releaseFns) classifyReleaseFunction(a, handle, variable);
  classifyOwnerEnds(a, handle);
  classifyReleaseFlags(a, handle);
}

/**
 * A pool (DataSource, knex, Sequelize …) built in the same function and ended there gives back
 * every connection it lent: ending it releases the handle (without being a second release).
 */
function classifyOwnerEnds(a: Analysis, handle: Handle): void {
  const receiver = handle.acquisition.receiver && skipTypeWrappers(handle.acquisition.receiver);
  if (receiver?.type !== AST_NODE_TYPES.Identifier) return;
  const ends = a.objects.objectOf(receiver)?.model.ends;
  const variable = ends?.length ? a.objects.variableOf(receiver) : null;
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  // Only a pool this function built: ending a shared one is not this function's to do.
  if (def?.type !== 'Variable' || !def.node.init || enclosingFunction(def.node) !== handle.owner) return;
  for (const reference of variable!.references) {
    const [member] = valueParent(reference.identifier as Node);
    if (member?.type !== AST_NODE_TYPES.MemberExpression || !ends!.includes(propertyName(member) ?? '')) continue;
    const [call, callee] = valueParent(member);
    if (call?.type === AST_NODE_TYPES.CallExpression && call.callee === callee) addRelease(a, handle, call, true);
  }
}

export function classifyUse(a: Analysis, handle: Handle, node: Node, seen: Set<Variable>): void {
  const [parent, child] = valueParent(node);
  if (!parent) return;
  switch (parent.type) {
    case AST_NODE_TYPES.MemberExpression: {
      if (parent.object !== child) return;
      const name = propertyName(parent);
      const [user, used] = valueParent(parent);
      if (name && handle.acquisition.lazy && user?.type === AST_NODE_TYPES.CallExpression && user.callee === used && !releaseMethods(handle.acquisition.handle).has(name)) {
        // The first method called on a lazy handle takes its connection.
        handle.engaged = true;
        addEvent(a, user, { type: 'engage', handle, node: user, method: name });
      }
      if (!name || !releaseMethods(handle.acquisition.handle).has(name)) return;
      if (user?.type === AST_NODE_TYPES.CallExpression && user.callee === used) addRelease(a, handle, user);
      else if (user?.type === AST_NODE_TYPES.CallExpression || user?.type === AST_NODE_TYPES.NewExpression) addRelease(a, handle, user);
      else if (user?.type === AST_NODE_TYPES.ExpressionStatement || user?.type === AST_NODE_TYPES.AwaitExpression) handle.uncalled ??= parent;
      return;
    }
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression: {
      if (parent.callee === child) return;
      const [method] = calleeParts(parent);
      if (parent.type === AST_NODE_TYPES.NewExpression && ownedBy(a, handle, parent, child, seen)) return;
      if (method && parent.arguments[0] === child && poolReleaseMethods(handle.acquisition.handle).has(method)) {
        addRelease(a, handle, parent);
      } else if (method && STORE_METHODS.has(method)) {
        escape(a, handle, parent);
      } else if (!releasedByHelper(a, handle, parent, child)) {
        handle.hasEscape = true;
        addEvent(a, parent, { type: 'pass', handle });
      }
      return;
    }
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.YieldExpression:
    case AST_NODE_TYPES.ThrowStatement:
      escape(a, handle, parent);
      return;
    case AST_NODE_TYPES.ArrowFunctionExpression:
      if (parent.body === child) escape(a, handle, parent); // recorded as the arrow's own code path starts
      return;
    case AST_NODE_TYPES.AssignmentExpression:
      if (parent.right === child) escape(a, handle, parent);
      return;
    case AST_NODE_TYPES.VariableDeclarator: {
      if (parent.init !== child || parent.id.type !== AST_NODE_TYPES.Identifier) {
        if (parent.init === child) escape(a, handle, parent);
        return;
      }
      // `const conn = client`: an alias is the same handle.
      for (const alias of a.sourceCode.getDeclaredVariables(parent)) {
        if (seen.has(alias)) continue;
        seen.add(alias);
        handle.variables.push(alias);
        for (const reference of alias.references) if (!reference.init) classifyUse(a, handle, reference.identifier as Node, seen);
      }
      return;
    }
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.ObjectExpression:
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.SpreadElement: {
      let literal: Node = parent;
      while (
        literal.parent &&
        (literal.parent.type === AST_NODE_TYPES.ArrayExpression ||
          literal.parent.type === AST_NODE_TYPES.ObjectExpression ||
          literal.parent.type === AST_NODE_TYPES.Property ||
          literal.parent.type === AST_NODE_TYPES.SpreadElement)
      ) {
        literal = literal.parent;
      }
      if (parent.type === AST_NODE_TYPES.Property && parent.value !== child) return;
      // `Model.create(row, { transaction: t })`, `find({}, { session })`: an option lends the handle to one call.
      const [user] = valueParent(literal);
      if (
        parent.type === AST_NODE_TYPES.Property &&
        LOAN_OPTION_KEYS.has(keyName(parent.key, parent.computed) ?? '') &&
        user?.type === AST_NODE_TYPES.CallExpression &&
        literal.parent === user
      ) {
        return;
      }
      classifyUse(a, handle, literal, seen);
      if (!handle.hasEscape) escape(a, handle, literal);
      return;
    }
    case AST_NODE_TYPES.ConditionalExpression:
      if (parent.test !== child) classifyUse(a, handle, parent, seen);
      return;
    case AST_NODE_TYPES.LogicalExpression:
      if (parent.right === child) classifyUse(a, handle, parent, seen);
      return;
    case AST_NODE_TYPES.AwaitExpression:
      classifyUse(a, handle, parent, seen);
      return;
    default:
      return;
  }
}

/** `new Session(client)` of a same-file class that keeps the handle in a field: the object stands for the handle. */
function ownedBy(a: Analysis, handle: Handle, construction: TSESTree.NewExpression, argument: Node, seen: Set<Variable>): boolean {
  const index = construction.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
  const variableOf = (id: TSESTree.Identifier): Variable | null => a.objects.variableOf(id);
  const owner = index >= 0 ? handleOwnerFor(functionSummaries(a.sourceCode, a.settings, variableOf), construction, index, handle.acquisition.handle, variableOf) : null;
  if (!owner) return false;
  const [parent] = valueParent(construction);
  if (parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.id.type !== AST_NODE_TYPES.Identifier) {
    // Returned, stored or handed on: the object goes where the handle would.
    classifyUse(a, handle, construction, seen);
    return true;
  }
  for (const variable of a.sourceCode.getDeclaredVariables(parent)) {
    if (seen.has(variable)) continue;
    seen.add(variable);
    bindHandleOwner(variable, owner);
    handle.variables.push(variable);
    for (const reference of variable.references) if (!reference.init) classifyOwnerUse(a, handle, owner, reference.identifier as Node, seen);
  }
  return true;
}

/** A use of an object that owns the handle: its field is the handle, a method that releases the field is a release. */
export function classifyOwnerUse(a: Analysis, handle: Handle, owner: HandleOwner, use: Node, seen: Set<Variable>): void {
  const [member, object] = valueParent(use);
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== object) {
    classifyUse(a, handle, use, seen);
    return;
  }
  if (propertyName(member) === owner.field) {
    classifyUse(a, handle, member, seen);
    return;
  }
  const release = ownerMethodRelease(owner, use);
  if (release?.released === 'always') addRelease(a, handle, release.call);
  else if (release) {
    handle.hasRelease = true;
    handle.hasNestedRelease = true;
  }
}

/**
 * A same-file function that releases the parameter the handle is passed as: on every path it is a
 * release at the call; on some paths only, the caller still owns the paths it does not release on.
 */
function releasedByHelper(a: Analysis, handle: Handle, call: TSESTree.CallExpression | TSESTree.NewExpression, argument: Node): boolean {
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const index = call.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
  const summaries = functionSummaries(a.sourceCode, a.settings, id => a.objects.variableOf(id));
  const helper = index >= 0 ? summaries.callee(call) : null;
  const model = handle.acquisition.handle;
  let released = helper ? summaries.releasesParam(helper, index, model) : null;
  if (!helper && index >= 0 && (a.settings.typeAware || a.settings.readOtherFiles)) {
    // A helper of another file that releases its parameter there.
    const target = foreignTarget(call, a.objects, a.settings, analyseOtherFile, a.filename);
    released = target ? askForeign(() => target.summaries.releasesParam(target.fn, index, model)) : null;
  }
  if (released === 'always') {
    addRelease(a, handle, call);
    // `await finishAfter(c)` that releases in a `finally`: when the call throws, the handle is released already.
    if (helper && summaries.releasesOnThrow(helper, index, model)) handle.releasedOnThrow.add(releaseRoot(a, handle, call));
  } else if (released === 'some') {
    // Some paths release inside the helper: a fix that adds a release of its own would release twice.
    handle.hasRelease = true;
    handle.hasNestedRelease = true;
    // A release that may happen: a second one around it may be a double release, and the paths where
    // it did not happen still hold the handle. Not when the caller tests what the helper decides by.
    if (!decidedByCallerTest(a, handle, call, argument)) addRelease(a, handle, call, false, true);
  }
  if (released !== null || !helper) return released !== null;
  const use = summaries.paramUse(helper, index, model);
  // Kept beyond the call (a field, a module-level list): handed on for good. Only borrowed: nothing happens to the obligation.
  if (use === 'keeps') escape(a, handle, call);
  return use !== null;
}

/**
 * `maybe(c, ok); … if (!ok) c.release()`: the caller tests what the helper's release depends on
 * (an argument besides the handle), so the two releases are not independent.
 */
function decidedByCallerTest(a: Analysis, handle: Handle, call: TSESTree.CallExpression, argument: Node): boolean {
  const deciding = new Set(call.arguments.filter(arg => arg !== argument).map(arg => testText(a, arg)));
  if (deciding.size === 0) return false;
  for (const variable of handle.variables) {
    for (const reference of variable.references) {
      const id = reference.identifier as Node;
      if (containsNode(call, id)) continue;
      for (let node: Node | undefined = id; node && node !== handle.owner; node = node.parent) {
        const parent: Node | undefined = node.parent;
        const test: Node | null =
          parent?.type === AST_NODE_TYPES.IfStatement || parent?.type === AST_NODE_TYPES.ConditionalExpression
            ? parent.test
            : parent?.type === AST_NODE_TYPES.LogicalExpression && parent.right === node
              ? parent.left
              : null;
        if (test && test !== node && deciding.has(testText(a, test))) return true;
      }
    }
  }
  return false;
}

/** A condition's text without negations: `!ok` and `ok` decide alike. */
function testText(a: Analysis, node: Node): string {
  let n = skipTypeWrappers(node);
  while (n.type === AST_NODE_TYPES.UnaryExpression && n.operator === '!') n = skipTypeWrappers(n.argument);
  return a.sourceCode.getText(n).replace(/\s+/g, '');
}

/** The functions between `node` and the handle's owner, outermost first. */
export function functionsBetween(handle: Handle, node: Node): FunctionNode[] {
  const chain: FunctionNode[] = [];
  let current = node.parent;
  while (current && current !== handle.owner) {
    if (isFunction(current)) chain.unshift(current);
    current = current.parent;
  }
  return current ? chain : [];
}

/**
 * `deferred`: the release happens through a release function (`done`, a `release` closure, one
 * handed to a listener) whose own guards the analysis cannot see; it ends the hold, but it is
 * not counted as a second release.
 */
export function addRelease(a: Analysis, handle: Handle, call: Node, deferred = false, maybe = false): void {
  // One call is one release, however many ways lead to it.
  if (handle.releaseCalls.has(call)) return;
  handle.releaseCalls.add(call);
  const root = releaseRoot(a, handle, call);
  // A release that may not happen is no root: a `finally` that holds it does not surely release.
  if (maybe) {
    handle.maybeRoots.add(root);
    addEvent(a, root, { type: 'release', handle, node: root, maybe });
    handle.keepsOwnership = true;
    for (const fn of functionsBetween(handle, call)) delegate(a, handle, fn);
    return;
  }
  handle.releaseRoots.add(root);
  if (failureIsSwallowed(call)) handle.attemptedRoots.add(root);
  handle.hasRelease = true;
  if (!isCleanupRelease(handle, root)) handle.keepsOwnership = true;
  addEvent(a, root, { type: 'release', handle, node: deferred ? undefined : root });
  const nested = functionsBetween(handle, call);
  if (nested.length > 0) handle.hasNestedRelease = true;
  for (const fn of nested) delegate(a, handle, fn);
}

/**
 * `try { await trx.rollback() } catch {}`: a release whose failure is caught and dropped is an
 * attempt that tolerates an already released handle, not a second release.
 */
function failureIsSwallowed(call: Node): boolean {
  let statement: Node | undefined = call;
  while (statement && !/Statement$|Declaration$/.test(statement.type)) statement = statement.parent;
  const block = statement?.parent;
  const attempt = block?.parent;
  // Only a `try` around the release statement alone: a wider one is error handling, not an attempt.
  return (
    attempt?.type === AST_NODE_TYPES.TryStatement &&
    attempt.block === block &&
    attempt.block.body.length === 1 &&
    !!attempt.handler &&
    !containsJump(attempt.handler.body)
  );
}

/** `catch (e) { h.release(); throw e; }`, `h.release(); throw new Error()`: cleanup on the way out. */
export function isCleanupRelease(handle: Handle, root: Node): boolean {
  const parent = root.parent;
  if (parent?.type === AST_NODE_TYPES.BlockStatement) {
    const next = parent.body[parent.body.indexOf(root as TSESTree.Statement) + 1];
    if (next?.type === AST_NODE_TYPES.ThrowStatement) return true;
  }
  for (let current: Node | undefined = root; current && current !== handle.owner; current = current.parent) {
    if (current.type === AST_NODE_TYPES.CatchClause) return true;
  }
  return false;
}

/** A nested function that releases the handle takes over the obligation where it is handed on. */
export function delegate(a: Analysis, handle: Handle, fn: FunctionNode): void {
  if (handle.delegates.has(fn)) return;
  handle.delegates.add(fn);
  pushTo(a.delegatedTo, fn, handle);
  const [parent, child] = valueParent(fn);
  if ((parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) && parent.callee !== child) {
    const [method] = calleeParts(parent);
    const index = parent.arguments.indexOf(child as TSESTree.CallExpressionArgument);
    const chain =
      method === 'finally' ? 'finally' : method === 'then' ? (index === 0 ? 'then' : 'reject') : method === 'catch' ? 'reject' : 'callback';
    addEvent(a, parent, { type: 'delegate', handle, fn, chain, node: parent });
    if (chain === 'callback' || chain === 'finally') handle.delegateRoots.set(releaseRoot(a, handle, parent), fn);
    return;
  }
  // `const cleanup = () => h.release()` / `function cleanup() {…}`: calling it releases.
  const declared =
    parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === child
      ? a.sourceCode.getDeclaredVariables(parent)
      : fn.type === AST_NODE_TYPES.FunctionDeclaration
        ? a.sourceCode.getDeclaredVariables(fn)
        : [];
  if (declared.length > 0) {
    for (const variable of declared) classifyReleaseFunction(a, handle, variable);
    return;
  }
  escape(a, handle, parent ?? fn);
}

export function classifyReleaseFunction(a: Analysis, handle: Handle, variable: Variable): void {
  for (const reference of variable.references) {
    if (reference.init) continue;
    const id = reference.identifier as Node;
    const [parent, child] = valueParent(id);
    const local = variable.defs[0]?.type !== 'Parameter';
    if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === child) addRelease(a, handle, parent, local);
    else if (parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) {
      // `client.query(sql, done)`: the release runs when the callee calls back. Handed to the
      // handle's own method it surely runs; handed to a listener (`emitter.once('abort', f)`) maybe.
      const [method, receiver] = calleeParts(parent);
      if (method === 'then' || method === 'catch') continue;
      addRelease(a, handle, parent, !(receiver && refersTo(a, handle, receiver)));
    }
  }
}

export function escape(a: Analysis, handle: Handle, at: Node): void {
  handle.hasEscape = true;
  handle.hasStore = true;
  handle.escapeRoots.add(releaseRoot(a, handle, at));
  addEvent(a, at, { type: 'escape', handle, node: at });
  // Stored inside a callback (`c.query(sql, () => store.push(c))`): the callback takes the obligation
  // over where it is handed on, as it does for a release.
  for (const fn of functionsBetween(handle, at)) delegate(a, handle, fn);
}

/**
 * Branches where no connection is held: in `(err, client) => { if (err) return cb(err); … }` the
 * error branch (`absentWhen: true`), in `if (!client) return;` the branch without a handle (`false`).
 */
export function markErrorBranches(a: Analysis, handle: Handle, err: Variable, absentWhen = true): void {
  for (const reference of err.references) {
    let test: Node = reference.identifier as Node;
    let negated = false;
    for (;;) {
      const [parent] = valueParent(test);
      if (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!') {
        negated = !negated;
        test = parent;
      } else if (parent?.type === AST_NODE_TYPES.BinaryExpression && (isNullish(parent.left) || isNullish(parent.right))) {
        if (parent.operator === '==' || parent.operator === '===') negated = !negated;
        test = parent;
      } else break;
    }
    const statement = test.parent;
    // `if (err) return cb(err);` and `err ? reject(err) : resolve(conn)`
    if ((statement?.type !== AST_NODE_TYPES.IfStatement && statement?.type !== AST_NODE_TYPES.ConditionalExpression) || statement.test !== test) {
      continue;
    }
    const errorBranch = negated === absentWhen ? statement.alternate : statement.consequent;
    if (errorBranch) addEvent(a, errorBranch, { type: 'notHeld', handle });
  }
}
