/**
 * Layer 2, lifecycle: where an acquire binds its handle (a variable, a callback parameter, a `.then`),
 * and from which point of the code path the handle is held.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import type { Acquisition } from './acquires';
import { containsNode, enclosingFunction, type FunctionNode, isFunction, propertyName, readIdentifiers, skipTypeWrappers, valueParent } from './ast';
import { type Analysis, CHAIN_METHODS, type Handle, type Node, onLeak, paramVariable, pushTo, releaseMethods, type Variable } from './handle';
import { functionSummaries } from './function-summaries';
import { classify, markErrorBranches, newHandle } from './handle-uses';
import { bindHandleOwner, disposedByUsing, handleOwnerFor, type HandleOwner, neverReleasedField, ownerName } from './owning-classes';
import type { PathEvent } from './paths';
import type { TupleShape } from './tuple-returns';

export function onAcquire(a: Analysis, acquisition: Acquisition): void {
  const { call } = acquisition;
  if (acquisition.style === 'callback') {
    if (acquisition.callback) ownFromEntry(a, acquisition, acquisition.callback, acquisition.handleParam ?? 1, acquisition.releaseParam, 0);
    return;
  }
  let owner = enclosingFunction(call);
  let node: Node = call;
  let [parent, child] = valueParent(node);
  /** The operand that checks out, when the value bound is chosen between it and a given handle. */
  let fresh: Node | null = null;
  const freshWhen: Node[] = acquisition.unlessGiven ? [acquisition.unlessGiven] : [];
  const helper = acquisition.via && !acquisition.via.file ? acquisition.via.helper : null;
  const tuple = helper && summariesOf(a).returnedTuple(helper);
  if (tuple) return startTupleElement(a, acquisition, tuple);
  // `await Session.open()`: a same-file helper that returns an object holding its checkout.
  let heldBy: HandleOwner | null = helper && summariesOf(a).returnedOwner(helper);
  const settle = acquisition.settle;
  if (settle) {
    // tarn: `pool.acquire().promise`; Kysely: `db.startTransaction().execute()`
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || propertyName(parent) !== settle.property) return;
    [parent, child] = valueParent(parent);
    if (settle.call) {
      if (parent?.type !== AST_NODE_TYPES.CallExpression || parent.callee !== child) return;
      [parent, child] = valueParent(parent);
    }
  }
  for (;;) {
    if (parent?.type === AST_NODE_TYPES.AwaitExpression || parent?.type === AST_NODE_TYPES.ChainExpression) {
      [parent, child] = valueParent(parent);
      continue;
    }
    // `given ?? pool.connect()`, `opts.session || client.startSession()`, `x ? given : await pool.connect()`:
    // the function owns the handle only on the branch that checks it out.
    if (
      (parent?.type === AST_NODE_TYPES.LogicalExpression && parent.right === child && parent.operator !== '&&') ||
      (parent?.type === AST_NODE_TYPES.ConditionalExpression && parent.test !== child)
    ) {
      fresh ??= skipTypeWrappers(child);
      freshWhen.push(parent.type === AST_NODE_TYPES.LogicalExpression ? parent.left : parent.test);
      [parent, child] = valueParent(parent);
      continue;
    }
    // `new Session(await pool.connect())` of a same-file class that keeps it in a field: the object holds it.
    if (parent?.type === AST_NODE_TYPES.NewExpression && parent.callee !== child && !heldBy) {
      heldBy = constructionOwner(a, acquisition, parent, child);
      if (heldBy) {
        [parent, child] = valueParent(parent);
        continue;
      }
    }
    // `await pool.connect().catch(onError)`: the value is still the handle.
    const [user] = parent ? valueParent(parent) : [undefined];
    if (parent?.type === AST_NODE_TYPES.MemberExpression && propertyName(parent) === 'catch' && user?.type === AST_NODE_TYPES.CallExpression) {
      [parent, child] = valueParent(user);
      continue;
    }
    break;
  }
  node = child;
  if (acquisition.style === 'open') {
    if (!owner || parent?.type !== AST_NODE_TYPES.ExpressionStatement) return;
    const receiver = acquisition.receiver as TSESTree.Identifier;
    const variable = a.objects.variableOf(receiver);
    if (!variable || enclosingFunction(variable.defs[0]?.node as Node) !== owner) return;
    const declared = variable.defs[0]?.parent;
    if (declared?.type === AST_NODE_TYPES.VariableDeclaration && (declared.kind === 'using' || declared.kind === 'await using')) {
      if (acquisition.handle.disposable !== true && !acquisition.byName) {
        onLeak(a, { kind: 'notDisposable', acquisition, handleName: receiver.name });
      }
      return;
    }
    const callback = call.arguments.at(-1);
    if (callback && isFunction(callback)) {
      // `client.connect(err => { … client.end() })`: the callback holds the open client.
      const handle = newHandle(a, acquisition, callback, [variable], receiver.name, null);
      classify(a, handle);
      if ([...handle.releaseRoots].some(root => !containsNode(callback, root))) return;
      const err = paramVariable(a, callback, 0);
      if (err) markErrorBranches(a, handle, err);
      pushTo(a.ownedFrom, callback, handle);
      return;
    }
    startPromiseHandle(a, newHandle(a, acquisition, owner, [variable], receiver.name, parent), parent);
    return;
  }
  if (!parent) return;
  const acquireText = (): string => {
    const text = `${a.sourceCode.getText(call.callee).replace(/\s+/g, '')}()`;
    return text.length > 40 ? `${text.slice(0, 37)}...` : text;
  };
  switch (parent.type) {
    case AST_NODE_TYPES.VariableDeclarator: {
      if (!owner || parent.init !== node) return;
      const declaration = parent.parent as TSESTree.VariableDeclaration;
      const variables = a.sourceCode.getDeclaredVariables(parent);
      if (declaration.kind === 'using' || declaration.kind === 'await using') {
        if (heldBy) return usingOwner(a, acquisition, heldBy, declaration.kind, variables[0]?.name ?? acquireText());
        // Only a driver that says its handles are disposable may rely on `using`.
        if (acquisition.handle.disposable !== true && !acquisition.byName) {
          onLeak(a, { kind: 'notDisposable', acquisition, handleName: variables[0]?.name ?? acquireText() });
        }
        // The disposal releases it on every path: tracked only for a release written besides it.
        if (acquisition.handle.disposable === true && parent.id.type === AST_NODE_TYPES.Identifier && !fresh && !heldBy) {
          const handle = newHandle(a, acquisition, owner, [...variables], parent.id.name, null);
          handle.disposedBy = declaration;
          startPromiseHandle(a, handle, parent);
        }
        return;
      }
      if (heldBy && parent.id.type === AST_NODE_TYPES.Identifier) for (const variable of variables) bindHandleOwner(variable, heldBy);
      else if (heldBy) return;
      if (parent.id.type === AST_NODE_TYPES.Identifier) {
        const anchor = declaration.declarations.length === 1 && !fresh && !acquisition.unlessGiven ? declaration : null;
        startPromiseHandle(a, conditionalOn(a, newHandle(a, acquisition, owner, [...variables], parent.id.name, anchor), freshWhen), fresh ?? parent);
      } else if (parent.id.type === AST_NODE_TYPES.ObjectPattern) {
        startDestructured(a, acquisition, owner, parent, parent.id, acquireText());
      }
      return;
    }
    case AST_NODE_TYPES.AssignmentExpression:
      if (owner && parent.right === node && parent.operator === '=') startAssigned(a, acquisition, owner, parent, heldBy, fresh, freshWhen);
      return;
    case AST_NODE_TYPES.ExpressionStatement:
      if (owner && !acquisition.byName) onLeak(a, { kind: 'discarded', acquisition, handleName: acquireText() });
      return;
    case AST_NODE_TYPES.MemberExpression: {
      const name = propertyName(parent);
      const [user] = valueParent(parent);
      if (name === 'then' && user?.type === AST_NODE_TYPES.CallExpression && node === call) {
        const onFulfilled = user.arguments[0];
        if (onFulfilled && isFunction(onFulfilled)) ownFromEntry(a, acquisition, onFulfilled, 0);
        return;
      }
      if (name && !CHAIN_METHODS.has(name) && owner && !acquisition.byName) {
        onLeak(a, { kind: 'discarded', acquisition, handleName: acquireText() });
      }
      return;
    }
    default:
      owner = null;
  }
}

/** `c = await pool.connect()`: a local variable of the function holds the handle (or the object that holds it). */
function startAssigned(
  a: Analysis,
  acquisition: Acquisition,
  owner: FunctionNode,
  assignment: TSESTree.AssignmentExpression,
  heldBy: HandleOwner | null,
  fresh: Node | null,
  freshWhen: Node[],
): void {
  const target = assignment.left;
  // `this.conn = await pool.connect()` in a class no method of which gives the field back.
  if (target.type === AST_NODE_TYPES.MemberExpression && !heldBy && !fresh && !acquisition.byName && neverReleasedField(a.sourceCode, target, acquisition.handle)) {
    onLeak(a, { kind: 'neverReleased', acquisition, handleName: a.sourceCode.getText(target) });
  }
  if (target.type !== AST_NODE_TYPES.Identifier) return;
  const variable = a.objects.variableOf(target);
  // Assigned to a variable of an outer function or the module: the outer scope owns it (test hooks).
  if (!variable || variable.scope.variableScope.block !== owner) return;
  // `s = new Session(await pool.connect())`: the variable holds the object that holds the handle.
  if (heldBy) bindHandleOwner(variable, heldBy);
  const anchor = assignment.parent?.type === AST_NODE_TYPES.ExpressionStatement && !fresh && !acquisition.unlessGiven ? assignment.parent : null;
  startPromiseHandle(a, conditionalOn(a, newHandle(a, acquisition, owner, [variable], target.name, anchor), freshWhen), fresh ?? assignment);
}

/**
 * `const [err, c] = await tryOpen()`: the handle is the tuple's element; where the error element is
 * set, no handle came back. Bound any other way, the tuple is not followed; its handle element left
 * out, the checkout is dropped.
 */
function startTupleElement(a: Analysis, acquisition: Acquisition, tuple: TupleShape): void {
  const owner = enclosingFunction(acquisition.call);
  let [parent, child] = valueParent(acquisition.call);
  while (parent?.type === AST_NODE_TYPES.AwaitExpression) [parent, child] = valueParent(parent);
  if (!owner || parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== child || parent.id.type !== AST_NODE_TYPES.ArrayPattern) return;
  const variables = a.sourceCode.getDeclaredVariables(parent);
  const variableAt = (index: number | null): Variable | undefined => {
    const element = index === null ? null : parent.id.type === AST_NODE_TYPES.ArrayPattern ? parent.id.elements[index] : null;
    return element?.type === AST_NODE_TYPES.Identifier ? variables.find(v => v.identifiers.includes(element)) : undefined;
  };
  const variable = variableAt(tuple.element);
  if (!variable) {
    if (!acquisition.byName) onLeak(a, { kind: 'discarded', acquisition, handleName: `${a.sourceCode.getText(acquisition.call.callee)}()` });
    return;
  }
  const handle = newHandle(a, acquisition, owner, [variable], variable.name, null);
  const err = variableAt(tuple.error);
  if (err) markErrorBranches(a, handle, err);
  startPromiseHandle(a, handle, parent);
}

/** The object a `new` of a same-file class builds around the checkout at `argument`, when the class keeps it in a field. */
function constructionOwner(a: Analysis, acquisition: Acquisition, construction: TSESTree.NewExpression, argument: Node): HandleOwner | null {
  const index = construction.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
  if (index < 0) return null;
  return handleOwnerFor(summariesOf(a), construction, index, acquisition.handle, id => a.objects.variableOf(id));
}

function summariesOf(a: Analysis): ReturnType<typeof functionSummaries> {
  return functionSummaries(a.sourceCode, a.settings, id => a.objects.variableOf(id));
}

/** A function that receives the handle as its parameter (callback forms, `.then(client => …)`). */
export function ownFromEntry(a: Analysis, acquisition: Acquisition, fn: FunctionNode, handleIndex: number, releaseIndex?: number, errIndex?: number): void {
  const variable = paramVariable(a, fn, handleIndex);
  const releaseFn = releaseIndex === undefined ? null : paramVariable(a, fn, releaseIndex);
  const param = fn.params[handleIndex];
  if (!variable && !releaseFn) {
    // The value is ignored: for a known driver a lost connection; for a pool known only by its name,
    // as for a discarded result, perhaps an initialiser (`pool.connect().then(() => pool)`).
    if (!param && !acquisition.byName) onLeak(a, { kind: 'discarded', acquisition, handleName: `${a.sourceCode.getText(acquisition.call.callee)}()` });
    return;
  }
  const handle = newHandle(a, acquisition, fn, variable ? [variable] : [], variable?.name ?? a.sourceCode.getText(acquisition.call.callee), null);
  if (releaseFn) handle.releaseFns.push(releaseFn);
  classify(a, handle);
  const errVariable = errIndex === undefined ? null : paramVariable(a, fn, errIndex);
  if (errVariable) markErrorBranches(a, handle, errVariable);
  pushTo(a.ownedFrom, fn, handle);
}

/** `await using s = new Session(await pool.connect())`: released by the class's `[Symbol.asyncDispose]()`, if it has one that releases. */
function usingOwner(a: Analysis, acquisition: Acquisition, heldBy: HandleOwner, kind: 'using' | 'await using', handleName: string): void {
  if (!disposedByUsing(heldBy, kind)) onLeak(a, { kind: 'notDisposable', acquisition, handleName, ownerClass: ownerName(heldBy) ?? undefined });
}

/**
 * A handle checked out only when `tests` say so (`given ?? pool.connect()`): the same tests may
 * guard its release (`if (!given) await qr.release()`).
 */
export function conditionalOn(a: Analysis, handle: Handle, tests: readonly Node[]): Handle {
  for (const test of tests) {
    handle.guardTexts.add(a.sourceCode.getText(skipTypeWrappers(test)));
    for (const id of readIdentifiers(test) ?? []) {
      const variable = a.objects.variableOf(id);
      if (variable) handle.guards.add(variable);
    }
  }
  return handle;
}

/** `const { release, query } = await pool.connect()`: the release method survives as a variable. */
export function startDestructured(a: Analysis, acquisition: Acquisition, owner: FunctionNode, declarator: TSESTree.VariableDeclarator, pattern: TSESTree.ObjectPattern, acquireText: string): void {
  const methods = releaseMethods(acquisition.handle);
  const handle = newHandle(a, acquisition, owner, [], acquireText, null);
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed || property.key.type !== AST_NODE_TYPES.Identifier) continue;
    if (!methods.has(property.key.name) || property.value.type !== AST_NODE_TYPES.Identifier) continue;
    const variable = a.sourceCode.getDeclaredVariables(declarator).find(v => v.name === (property.value as TSESTree.Identifier).name);
    if (variable) handle.releaseFns.push(variable);
  }
  startPromiseHandle(a, handle, declarator);
}

export function startPromiseHandle(a: Analysis, handle: Handle, bindingRoot: Node): void {
  classify(a, handle);
  const list = a.exitEvents.get(bindingRoot);
  const entry = { event: { type: 'acquire', handle } as PathEvent<Handle>, handle };
  if (list) list.push(entry);
  else a.exitEvents.set(bindingRoot, [entry]);
}
