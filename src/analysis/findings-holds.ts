/**
 * Layer 4, findings: what runs while a connection is held (slow awaits, a second checkout, the outer
 * object used inside a scoped helper).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { calleeParts, forEachChild, type FunctionNode, isFunction, propertyName, skipTypeWrappers, valueParent } from './ast';
import { DatabaseWork } from './database-work';
import { importedCallDoesNoIo } from './imported-functions';
import { SHARED_QUERY_METHODS } from '../drivers/conventions';
import { type Analysis, type Handle, handleInfo, isOtherHandle, isThisMember, type Node, onHeldAwait, onNested, paramVariable, poolKey, releaseMethods, type Segment, type Variable, wantsHeldAwaits, wantsNested } from './handle';
import { heldAwaits, heldEvents } from './path-queries';
import type { PathRecorder } from './paths';
import { isSqlFragment } from './sql-fragments';

export function awaitedExpression(node: Node): Node | null {
  if (node.type === AST_NODE_TYPES.AwaitExpression) return node.argument;
  if (node.type === AST_NODE_TYPES.ForOfStatement) return node.right;
  return null; // `yield` hands control to the consumer: never database work
}

/** Calls of the application's other modules that do no I/O, judged once each (the file itself must be on disk). */
const importedNoIo =
  (a: Analysis) =>
  (call: TSESTree.CallExpression): boolean =>
    a.settings.readOtherFiles && importedCallDoesNoIo(call, a.filename, a.settings, id => a.objects.variableOf(id));

export function reportHeldAwaits(a: Analysis, recorder: PathRecorder<Handle>, handle: Handle, starts: [Segment, number][]): void {
  if (!wantsHeldAwaits(a) || handle.variables.length === 0) return;
  const awaits = heldAwaits(a, recorder, handle, starts);
  // What counts as database work is gathered only where an await is held (most handles hold none).
  const work =
    awaits.length > 0
      ? new DatabaseWork(a.objects, handle.variables, {
          isOtherHandle: (variable: Variable) => isOtherHandle(a, variable),
          followAwaits: handle.acquisition.driver.lendsResources === true,
          importedNoIo: importedNoIo(a),
          releaseMethods: releaseMethods(handle.acquisition.handle),
        })
      : null;
  for (const node of awaits) {
    const awaited = awaitedExpression(node);
    if (node.type !== AST_NODE_TYPES.YieldExpression && work!.isDatabaseWork(awaited)) continue;
    onHeldAwait(a, {
      node,
      handleName: handle.name,
      acquisition: handle.acquisition,
      scopedCall: null,
      anchor: handle.anchor,
      handle: handleInfo(handle),
    });
  }
}

export function reportScopedHolds(a: Analysis, recorder: PathRecorder<Handle>, hold: { variables: Variable[]; name: string; call: TSESTree.CallExpression }): void {
  const awaits = heldAwaits(a, recorder, null, [[recorder.codePath.initialSegment, 0]]);
  const work = awaits.length > 0 ? new DatabaseWork(a.objects, hold.variables, { isOtherHandle: (variable: Variable) => isOtherHandle(a, variable), importedNoIo: importedNoIo(a) }) : null;
  for (const node of awaits) {
    const awaited = awaitedExpression(node);
    if (node.type !== AST_NODE_TYPES.YieldExpression && work!.isDatabaseWork(awaited)) continue;
    onHeldAwait(a, { node, handleName: hold.name, acquisition: null, scopedCall: hold.call, anchor: null, handle: undefined });
  }
}

/** Another checkout from the same pool, or a pool-level query, while `handle` is held. */
export function reportNested(a: Analysis, recorder: PathRecorder<Handle>, handle: Handle, starts: [Segment, number][]): void {
  if (!wantsNested(a) || handle.pool === null) return;
  const seen = new Set<Node>();
  for (const event of heldEvents(a, recorder, handle, starts).others) {
    if (event.type === 'acquire' && event.handle && event.handle.pool === handle.pool) {
      const call = event.handle.acquisition.call;
      if (seen.has(call)) continue;
      seen.add(call);
      onNested(a, { node: call, kind: 'acquire', handleName: handle.name, poolText: a.sourceCode.getText(event.handle.acquisition.receiver!), replace: null });
    } else if (event.type === 'poolCall' && event.pool === handle.pool && event.node && !seen.has(event.node)) {
      seen.add(event.node);
      const call = event.node as TSESTree.CallExpression;
      const receiver = (call.callee as TSESTree.MemberExpression).object;
      const [method] = calleeParts(call);
      const sameApi = !!method && releaseMethods(handle.acquisition.handle).size > 0 && SHARED_QUERY_METHODS.has(method);
      onNested(a, { node: call, kind: 'poolQuery', handleName: handle.name, poolText: a.sourceCode.getText(receiver), replace: sameApi && handle.variables.length > 0 ? receiver : null });
    }
  }
}

/** `pool.query(…)` while a handle of the same pool is held: a second connection from that pool. */
export function checkPoolCall(a: Analysis, recorder: PathRecorder<Handle>, call: TSESTree.CallExpression): void {
  const [method, receiver] = calleeParts(call);
  if (!method || !receiver) return;
  const pool = a.objects.objectOf(receiver);
  if (!pool || pool.model.release || !pool.model.managed?.includes(method) || pool.model.scoped?.some(f => f.method === method)) return;
  // `trx('t').update({ at: db.fn.now() })`: SQL handed to a builder is no query (asked last: most calls are on no pool).
  if (isSqlFragment(a.objects, call)) return;
  const key = poolKey(a, receiver);
  if (key !== null) recorder.record({ type: 'poolCall', node: call, pool: key });
}

/**
 * `sequelize.query(sql, { transaction: t })`, `db('a').transacting(trx)`, `find({}, { session })`:
 * the call chain that starts at `node` hands the inner handle over, so it runs inside the scope.
 */
export function chainMentions(a: Analysis, node: Node, inner: Variable | null): boolean {
  if (!inner) return false;
  const mentions = (expression: Node): boolean => {
    if (expression.type === AST_NODE_TYPES.Identifier && a.objects.variableOf(expression) === inner) return true;
    if (isFunction(expression)) return false;
    let found = false;
    forEachChild(expression, child => {
      found ||= mentions(child);
    });
    return found;
  };
  let current: Node = node;
  for (;;) {
    const [parent, child] = valueParent(current);
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === child) current = parent;
    else if ((parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) && parent.callee === child) {
      if (parent.arguments.some(mentions)) return true;
      current = parent;
    } else return false;
  }
}

/** Uses of the outer object inside a scoped callback: `knex(…)` inside `knex.transaction(trx => …)`. */
export function reportOuterUses(a: Analysis, callback: FunctionNode, receiver: Node, inner: Variable | null, sameApi: boolean): void {
  const outer = skipTypeWrappers(receiver);
  const outerVariable = outer.type === AST_NODE_TYPES.Identifier ? a.objects.variableOf(outer) : null;
  const outerField = outer.type === AST_NODE_TYPES.MemberExpression && isThisMember(outer) ? propertyName(outer) : null;
  if (!outerVariable && !outerField) return;
  const visit = (node: Node): void => {
    const matches =
      (outerVariable && node.type === AST_NODE_TYPES.Identifier && a.objects.variableOf(node) === outerVariable) ||
      (outerField && node.type === AST_NODE_TYPES.MemberExpression && isThisMember(node) && propertyName(node) === outerField);
    if (matches) {
      const [parent, child] = valueParent(node);
      const used =
        (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === child) ||
        ((parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.TaggedTemplateExpression) &&
          ((parent as TSESTree.CallExpression).callee === child || (parent as TSESTree.TaggedTemplateExpression).tag === child));
      if (used && !chainMentions(a, node, inner) && !isSqlFragment(a.objects, node)) {
        onNested(a, {
          node,
          kind: 'outerInScope',
          handleName: inner?.name ?? '',
          poolText: a.sourceCode.getText(outer),
          replace: sameApi && inner ? node : null,
        });
      }
      return;
    }
    forEachChild(node, visit);
  };
  visit(callback.body);
}

/** `knex.transaction(async trx => …)`: the callback holds a connection from start to end. */
export function checkScoped(a: Analysis, call: TSESTree.CallExpression): void {
  if (!a.checkouts.scoped.has(call)) return;
  const [method, receiver] = calleeParts(call);
  if (!method || !receiver) return;
  const owner = a.objects.objectOf(receiver);
  const form = owner?.model.scoped?.find(f => f.method === method);
  const callback = call.arguments.at(-1);
  if (!form || !callback || !isFunction(callback)) return;
  const variables: Variable[] = [];
  if (form.receiver && receiver.type === AST_NODE_TYPES.Identifier) {
    const variable = a.objects.variableOf(receiver);
    if (variable) variables.push(variable);
  } else {
    const variable = paramVariable(a, callback, form.handleParam ?? 0);
    if (variable) variables.push(variable);
  }
  const name = variables[0]?.name ?? a.sourceCode.getText(receiver);
  a.scopedHolds.set(callback, { variables, name, call });
  if (wantsNested(a) && !form.receiver) reportOuterUses(a, callback, receiver, variables[0] ?? null, form.sameApi === true);
  for (const variable of variables) a.handleVariables.add(variable);
}
