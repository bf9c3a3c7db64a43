/**
 * Layer 1, checkouts: the calls of a file that check out, open or scope a connection, found before the
 * traversal by a text scan for their names and a descent to their nodes.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { genericNamedPool } from '../drivers/generic';
import { acquireMethodNames, type Acquisition, matchAcquire } from './acquires';
import { calleeName, calleeParts, isFunction, nodeAt, valueParent } from './ast';
import { calledNamePositions, type CalledNames } from './called-names';
import { addForeignCheckouts } from './cross-file';
import { functionSummaries } from './function-summaries';
import type { CheckoutCalls, Node } from './handle';
import { objectTrackerFor } from './objects';
import { acquireMethods, importsDriverModule, mentionsAnyClue, namesPool, readSettings } from './settings';

const scopedMethodCache = new WeakMap<object, Set<string>>();

/** Names of every scoped helper the drivers have, computed once per settings. */
export function scopedMethodNames(settings: ReturnType<typeof readSettings>): Set<string> {
  let names = scopedMethodCache.get(settings);
  if (!names) {
    names = new Set(
      [...settings.drivers, ...settings.namedPools.map(p => p.driver)].flatMap(d => Object.values(d.objects).flatMap(m => (m.scoped ?? []).map(f => f.method))),
    );
    scopedMethodCache.set(settings, names);
  }
  return names;
}


const trackedNames = new WeakMap<object, CalledNames>();
const untrackedNames = new WeakMap<object, { readonly withPoolNamed: CalledNames; readonly withoutPoolNamed: CalledNames }>();

/**
 * The calls that can check out, open or scope a connection, by name.
 * Without a driver module in the file only pool-named receivers (`pool.connect(`, `this.readPool.acquire(`),
 * the driver-unique methods (`createQueryRunner`, `acquireConnection`) and the user's own pools can
 * check out; pool-named receivers are looked for only where a name of the file is a pool's (see namesPool).
 */
export function checkoutNames(settings: ReturnType<typeof readSettings>, tracked: boolean, poolNamed: boolean): CalledNames {
  if (!tracked) {
    let untracked = untrackedNames.get(settings);
    if (!untracked) {
      const anywhere = new Set(settings.anyReceiverMethods);
      const onPool = new Set(settings.namedPools.filter(p => p.driver.id === genericNamedPool.id).flatMap(p => acquireMethods(p.driver)));
      untracked = { withPoolNamed: { anywhere, onPool }, withoutPoolNamed: { anywhere, onPool: new Set() } };
      untrackedNames.set(settings, untracked);
    }
    return poolNamed ? untracked.withPoolNamed : untracked.withoutPoolNamed;
  }
  let names = trackedNames.get(settings);
  if (!names) {
    const anywhere = new Set<string>([...acquireMethodNames(settings), ...scopedMethodNames(settings)]);
    // Factories that make a held connection by themselves (`mysql.createConnection()`, `new Client()`).
    for (const driver of settings.drivers) {
      for (const factory of driver.factories) {
        const last = factory.path[factory.path.length - 1];
        if (last && driver.objects[factory.creates]?.release) anywhere.add(last);
      }
    }
    names = { anywhere, onPool: new Set() };
    trackedNames.set(settings, names);
  }
  return names;
}

/** The call or `new` whose callee is `name`'s member expression (`pool.connect`, `(pool.connect as F)`). */
export function callOfMethodName(name: Node): TSESTree.CallExpression | null {
  const member = name.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.property !== name) return null;
  const [parent, callee] = valueParent(member);
  return parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === callee ? parent : null;
}

/**
 * Every call of the file that acquires (tracked creations included) or runs a scoped helper with a
 * callback, or null when there is none. A text scan finds the candidate names, a descent from the
 * root finds their nodes: the cost is one regex pass for the many files that hold no connection.
 */
export function findCheckoutCalls(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  settings: ReturnType<typeof readSettings>,
): CheckoutCalls | null {
  const sourceCode = context.sourceCode;
  // With types, a pool may arrive under any name from another file: only the full scan applies.
  if (!settings.typeAware && !mentionsAnyClue(sourceCode, settings)) return null;
  const tracked = settings.typeAware || importsDriverModule(sourceCode, settings);
  const positions = calledNamePositions(sourceCode.text, checkoutNames(settings, tracked, namesPool(sourceCode, settings)));
  // Tracked creations can hold a connection by themselves (`mysql.createConnection()`).
  if (positions.length === 0 && !tracked) return null;
  const objects = objectTrackerFor(context, settings);
  objects.init(sourceCode.ast);
  const acquisitions = new Map<Node, Acquisition>();
  const scoped = new Set<Node>();
  const scopedMethods = scopedMethodNames(settings);
  const consider = (call: TSESTree.CallExpression | TSESTree.NewExpression): void => {
    if (acquisitions.has(call)) return;
    const acquisition = matchAcquire(call, objects, settings);
    if (acquisition) acquisitions.set(call, acquisition);
  };
  for (const { node } of objects.creations()) consider(node);
  for (const at of positions) {
    const name = nodeAt(sourceCode.ast, at, sourceCode.visitorKeys);
    const call = callOfMethodName(name);
    if (!call) continue;
    consider(call);
    const method = calleeName(call);
    if (method !== null && scopedMethods.has(method) && isScopedCall(call, objects)) scoped.add(call);
  }
  const summaries = functionSummaries(sourceCode, settings, id => objects.variableOf(id));
  // With types, a helper of another file that returns a fresh checkout checks out where it is called.
  if (settings.typeAware) addForeignCheckouts(context, settings, objects, summaries, acquisitions, analyseOtherFile);
  // A same-file helper that returns a fresh checkout checks out where it is called.
  if (acquisitions.size > 0) summaries.addHelperCheckouts(acquisitions);
  return acquisitions.size > 0 || scoped.size > 0 ? { acquisitions, scoped } : null;
}

/** Another file's checkouts, found as for the file being linted (its summaries build on them). */
export function analyseOtherFile(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, settings: ReturnType<typeof readSettings>): void {
  findCheckoutCalls(context, settings);
}

/** `owner.method(…, callback)` where the owner's driver lists `method` as a scoped helper. */
export function isScopedCall(call: TSESTree.CallExpression, objects: ReturnType<typeof objectTrackerFor>): boolean {
  const [method, receiver] = calleeParts(call);
  if (!method || !receiver) return false;
  const form = objects.objectOf(receiver)?.model.scoped?.find(f => f.method === method);
  const callback = call.arguments.at(-1);
  return !!form && !!callback && isFunction(callback);
}
