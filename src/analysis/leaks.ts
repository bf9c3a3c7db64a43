import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import type { ObjectModel } from '../drivers/types';
import { acquireMethodNames, matchAcquire, type Acquisition } from './acquires';
import {
  calleeName,
  calleeParts,
  containsNode,
  enclosingFunction,
  forEachChild,
  isFunction,
  keyName,
  loopBetween,
  nodeAt,
  propertyName,
  readIdentifiers,
  skipTypeWrappers,
  valueParent,
  type FunctionNode,
} from './ast';
import { DatabaseWork } from './database-work';
import { fileState } from './file-state';
import { objectTrackerFor } from './objects';
import { PathRecorder, type PathEvent } from './paths';
import { calledNamePositions, type CalledNames } from './called-names';
import { finalizersCrossed, neverThrows, releaseRoot as releaseRootOf, releasesAlways } from './release-sites';
import { acquireMethods, mentionsAnyClue, importsDriverModule, mentionsPoolWord, readSettings } from './settings';

type Variable = TSESLint.Scope.Variable;
type Segment = TSESLint.CodePathSegment;
type Node = TSESTree.Node;

export type LeakKind =
  | 'neverReleased'
  | 'releasedOnlyOnSuccess'
  | 'handedOnOnlyOnSuccess'
  | 'earlyReturn'
  | 'endWithoutRelease'
  | 'releasedOnlyInCatch'
  | 'callbackPath'
  | 'promiseChain'
  | 'discarded'
  | 'releaseNotCalled'
  | 'loop'
  | 'conditionalRelease'
  | 'notDisposable';

/** One leaking checkout, with the path that leaks. */
export interface Leak {
  readonly kind: LeakKind;
  readonly acquisition: Acquisition;
  /** How the handle is written in the code (`client`), or the acquire text for discarded handles. */
  readonly handleName: string;
  /** The node the path names: the call that may throw, the return, the uncalled release… */
  readonly at?: Node;
  /** Present when the handle is a plain local bound by a statement: what a fix needs. */
  readonly handle?: HandleInfo;
}

/** What fixes may read about a handle. */
export interface HandleInfo {
  readonly model: ObjectModel;
  readonly variable: Variable;
  /** The statement after which the handle is held (`const x = await pool.connect();`, `await client.connect();`). */
  readonly anchor: TSESTree.Statement | null;
  /** Statements that release the handle (their roots), for removal by a fix. */
  readonly releaseRoots: ReadonlySet<Node>;
  /** Releases that live in nested functions or in expressions a fix cannot move. */
  readonly hasNestedRelease: boolean;
  readonly escapes: boolean;
}

/** An `await` (or `yield`, `for await`) that runs while a connection is held, on non-database work. */
export interface HeldAwait {
  /** The AwaitExpression, YieldExpression or `for await` statement. */
  readonly node: Node;
  readonly handleName: string;
  /** The checkout (null inside a scoped helper such as `knex.transaction(cb)`). */
  readonly acquisition: Acquisition | null;
  /** The scoped helper call whose callback holds the connection. */
  readonly scopedCall: TSESTree.CallExpression | null;
  /** The statement after which the handle is held (for moving work before it). */
  readonly anchor: TSESTree.Statement | null;
  readonly handle: HandleInfo | undefined;
}

/** The same handle released a second time on one path. */
export interface DoubleRelease {
  /** The second release (its statement or guarded root). */
  readonly node: Node;
  readonly first: Node;
  /** The same release reached again on the next turn of a loop. */
  readonly again: boolean;
  readonly handleName: string;
  readonly driver: string;
  readonly behaviour: ObjectModel['doubleRelease'];
}

/** A second connection asked of a pool (or of the outer object of a transaction) while one is held. */
export interface NestedCheckout {
  readonly node: Node;
  readonly kind: 'acquire' | 'poolQuery' | 'outerInScope';
  /** The held handle (or the transaction callback's parameter). */
  readonly handleName: string;
  /** How the pool is written (`pool`, `this.pool`, `knex`). */
  readonly poolText: string;
  /** The expression to replace with `handleName` for the suggestion, when that keeps the same API. */
  readonly replace: Node | null;
}

/** A checkout used for exactly one query and released: the pool's own helper does the same. */
export interface SingleQuery {
  readonly acquisition: Acquisition;
  readonly handleName: string;
  /** The one `client.query(…)` call. */
  readonly query: TSESTree.CallExpression;
  /** The pool expression (`pool`, `this.pool`). */
  readonly pool: TSESTree.Expression;
  readonly handle: HandleInfo;
}

/** What a rule wants from the shared analysis of one file. */
export interface HandleSubscriber {
  singleQuery?(single: SingleQuery): void;
  leak?(leak: Leak): void;
  heldAwait?(held: HeldAwait): void;
  doubleRelease?(double: DoubleRelease): void;
  nestedCheckout?(nested: NestedCheckout): void;
}

interface PathLeak {
  readonly kind: 'throws' | 'return' | 'end' | 'chain' | 'loop' | 'callback';
  readonly node: Node | null;
  /** A leak found inside a nested callback: the path it names. */
  readonly inner?: PathLeak;
}

interface Handle {
  readonly acquisition: Acquisition;
  readonly name: string;
  readonly variables: Variable[];
  readonly releaseFns: Variable[];
  /** Flags tested by the `if`s around the acquire: the same flag may guard the release. */
  readonly guards: Set<Variable>;
  /** The expressions that decide whether the handle was checked out at all (`given` in `given ?? pool.connect()`). */
  readonly guardTexts: Set<string>;
  readonly owner: FunctionNode;
  /** The pool it came from, as a variable or `this.field` name (for nested checkouts). */
  readonly pool: unknown;
  readonly anchor: TSESTree.Statement | null;
  readonly releaseRoots: Set<Node>;
  readonly releaseCalls: Set<Node>;
  readonly delegates: Set<Node>;
  /** Calls that hand a releasing callback on (`cursor.close(() => c.release())`), by their root. */
  readonly delegateRoots: Map<Node, Node>;
  readonly verdicts: Map<Node, PathLeak | null>;
  starts: [Segment, number][];
  hasRelease: boolean;
  /**
   * A release on the way to success, not only a cleanup before a `throw` or in a `catch`: the
   * function keeps ownership, so passing the handle to a call only lends it.
   */
  keepsOwnership: boolean;
  /** Any use that may hand the handle on (an escape, or a call that receives it). */
  hasEscape: boolean;
  /** Returned, stored, yielded: ownership surely left the function on that path. */
  hasStore: boolean;
  hasNestedRelease: boolean;
  uncalled: Node | null;
  /** A lazy handle is used somewhere (so it may hold a connection). */
  engaged: boolean;
}

const CHAIN_METHODS = new Set(['then', 'catch', 'finally']);
/**
 * The node types whose entry can carry a path event (a release, an escape, a branch without a
 * connection…) or start an acquire. A narrow selector instead of `*` keeps the per-node cost down.
 */
const ENTER_TYPES = new Set<string>([
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.ArrowFunctionExpression,
  AST_NODE_TYPES.AssignmentExpression,
  AST_NODE_TYPES.AwaitExpression,
  AST_NODE_TYPES.BlockStatement,
  AST_NODE_TYPES.BreakStatement,
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.ChainExpression,
  AST_NODE_TYPES.ConditionalExpression,
  AST_NODE_TYPES.ContinueStatement,
  AST_NODE_TYPES.ExpressionStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.IfStatement,
  AST_NODE_TYPES.LogicalExpression,
  AST_NODE_TYPES.NewExpression,
  AST_NODE_TYPES.ObjectExpression,
  AST_NODE_TYPES.Property,
  AST_NODE_TYPES.ReturnStatement,
  AST_NODE_TYPES.SequenceExpression,
  AST_NODE_TYPES.SpreadElement,
  AST_NODE_TYPES.TaggedTemplateExpression,
  AST_NODE_TYPES.ThrowStatement,
  AST_NODE_TYPES.VariableDeclaration,
  AST_NODE_TYPES.VariableDeclarator,
  AST_NODE_TYPES.YieldExpression,
]);
const ENTER_SELECTOR = [...ENTER_TYPES].join(', ');

/** Option keys that lend a handle to one call (`{ transaction: t }`, `{ session }`), not hand it over. */
const BORROWING_OPTIONS = new Set(['transaction', 'session', 'transacting']);
/** Pools that lend arbitrary resources rather than database connections. */
const LENT_RESOURCES = new Set(['generic-pool', 'tarn']);
const STORE_METHODS = new Set(['push', 'unshift', 'set', 'add', 'splice']);
/** Callees whose calls we do not expect to throw (logging). */
const QUIET_RECEIVERS = /^(?:console|logger|log|_?logger)$/;

/** `x`, `!x`, `x == null`, `x !== undefined`, `!!x`: the `x` they test. */
function stripNullTest(test: Node): Node {
  const n = skipTypeWrappers(test);
  if (n.type === AST_NODE_TYPES.UnaryExpression && n.operator === '!') return stripNullTest(n.argument);
  if (n.type === AST_NODE_TYPES.BinaryExpression && ['==', '!=', '===', '!=='].includes(n.operator)) {
    if (isNullish(n.right) && n.left.type !== AST_NODE_TYPES.PrivateIdentifier) return stripNullTest(n.left);
    if (isNullish(n.left) && n.left.type !== AST_NODE_TYPES.PrivateIdentifier) return stripNullTest(n.right);
  }
  return n;
}

function isNullish(node: Node): boolean {
  const n = skipTypeWrappers(node);
  return (n.type === AST_NODE_TYPES.Literal && n.value === null) || (n.type === AST_NODE_TYPES.Identifier && n.name === 'undefined');
}

const handleReleaseCache = new WeakMap<ObjectModel, ReadonlySet<string>>();
const poolReleaseCache = new WeakMap<ObjectModel, ReadonlySet<string>>();

/** The methods called on a handle to release it (`release`, `end`), once per driver model. */
function releaseMethods(model: ObjectModel): ReadonlySet<string> {
  let methods = handleReleaseCache.get(model);
  if (!methods) handleReleaseCache.set(model, (methods = new Set((model.release ?? []).flatMap(r => (r.method ? [r.method] : [])))));
  return methods;
}

/** The pool methods that take the handle back (`putconn`, `releaseConnection`), once per driver model. */
function poolReleaseMethods(model: ObjectModel): ReadonlySet<string> {
  let methods = poolReleaseCache.get(model);
  if (!methods) poolReleaseCache.set(model, (methods = new Set((model.release ?? []).flatMap(r => (r.poolMethod ? [r.poolMethod] : [])))));
  return methods;
}

/**
 * The shared leak analysis: finds every acquire, follows its handle through the code paths
 * of the functions that hold it, and calls `onLeak` for each checkout some path does not release.
 */
const scopedMethodCache = new WeakMap<object, Set<string>>();

/** Names of every scoped helper the drivers have, computed once per settings. */
function scopedMethodNames(settings: ReturnType<typeof readSettings>): Set<string> {
  let names = scopedMethodCache.get(settings);
  if (!names) {
    names = new Set(
      [...settings.drivers, ...settings.namedPools.map(p => p.driver)].flatMap(d => Object.values(d.objects).flatMap(m => (m.scoped ?? []).map(f => f.method))),
    );
    scopedMethodCache.set(settings, names);
  }
  return names;
}

/**
 * The analysis of pools and handles, run once per file however many rules read it: the first rule
 * that asks registers the listeners, the others subscribe to the same results.
 */
export function handleAnalysis(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  subscriber: HandleSubscriber,
): TSESLint.RuleListener {
  const settings = readSettings(context);
  const shared = fileState(context.sourceCode, settings).shared;
  const existing = shared.get(handleAnalysis) as HandleSubscriber[] | undefined;
  if (existing) {
    existing.push(subscriber);
    return {};
  }
  const subscribers = [subscriber];
  shared.set(handleAnalysis, subscribers);
  // Most files never check a connection out: the calls that do are found before the traversal,
  // and a file without one gets no listeners at all.
  const checkouts = findCheckoutCalls(context, settings);
  if (!checkouts) return {};
  return createHandleAnalysis(context, subscribers, checkouts);
}

/** The calls of one file that check out, open or scope a connection, found before the traversal. */
interface CheckoutCalls {
  readonly acquisitions: ReadonlyMap<Node, Acquisition>;
  /** Calls of a scoped helper with a callback (`knex.transaction(trx => …)`). */
  readonly scoped: ReadonlySet<Node>;
}

const trackedNames = new WeakMap<object, CalledNames>();
const untrackedNames = new WeakMap<object, { readonly withPoolNamed: CalledNames; readonly withoutPoolNamed: CalledNames }>();

/**
 * The calls that can check out, open or scope a connection, by name.
 * Without a driver module in the file only pool-named receivers (`pool.connect(`, `this.readPool.acquire(`),
 * the driver-unique methods (`createQueryRunner`, `acquireConnection`) and the user's own pools can
 * check out; pool-named receivers are looked for only where the text says pool at all.
 */
function checkoutNames(settings: ReturnType<typeof readSettings>, tracked: boolean, poolWord: boolean): CalledNames {
  if (!tracked) {
    let untracked = untrackedNames.get(settings);
    if (!untracked) {
      const anywhere = new Set(settings.anyReceiverMethods);
      const onPool = new Set(settings.namedPools.filter(p => p.driver.id === 'pool').flatMap(p => acquireMethods(p.driver)));
      untracked = { withPoolNamed: { anywhere, onPool }, withoutPoolNamed: { anywhere, onPool: new Set() } };
      untrackedNames.set(settings, untracked);
    }
    return poolWord ? untracked.withPoolNamed : untracked.withoutPoolNamed;
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
function callOfMethodName(name: Node): TSESTree.CallExpression | null {
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
function findCheckoutCalls(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  settings: ReturnType<typeof readSettings>,
): CheckoutCalls | null {
  const sourceCode = context.sourceCode;
  // With types, a pool may arrive under any name from another file: only the full scan applies.
  if (!settings.typeAware && !mentionsAnyClue(sourceCode, settings)) return null;
  const tracked = settings.typeAware || importsDriverModule(sourceCode, settings);
  const positions = calledNamePositions(sourceCode.text, checkoutNames(settings, tracked, mentionsPoolWord(sourceCode, settings)));
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
  return acquisitions.size > 0 || scoped.size > 0 ? { acquisitions, scoped } : null;
}

/** `owner.method(…, callback)` where the owner's driver lists `method` as a scoped helper. */
function isScopedCall(call: TSESTree.CallExpression, objects: ReturnType<typeof objectTrackerFor>): boolean {
  const [method, receiver] = calleeParts(call);
  if (!method || !receiver) return false;
  const form = objects.objectOf(receiver)?.model.scoped?.find(f => f.method === method);
  const callback = call.arguments.at(-1);
  return !!form && !!callback && isFunction(callback);
}

function createHandleAnalysis(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  subscribers: readonly HandleSubscriber[],
  checkouts: CheckoutCalls,
): TSESLint.RuleListener {
  const onLeak = (leak: Leak): void => {
    for (const subscriber of subscribers) subscriber.leak?.(leak);
  };
  const onHeldAwait = (held: HeldAwait): void => {
    for (const subscriber of subscribers) subscriber.heldAwait?.(held);
  };
  let wantsHolds: boolean | undefined;
  const wantsHeldAwaits = (): boolean => (wantsHolds ??= subscribers.some(s => s.heldAwait || s.nestedCheckout));
  let wantsNesting: boolean | undefined;
  const wantsNested = (): boolean => (wantsNesting ??= subscribers.some(s => s.nestedCheckout));
  const onDoubleRelease = (double: DoubleRelease): void => {
    for (const subscriber of subscribers) subscriber.doubleRelease?.(double);
  };
  const onNested = (nested: NestedCheckout): void => {
    for (const subscriber of subscribers) subscriber.nestedCheckout?.(nested);
  };
  /** Callbacks of scoped helpers: the whole body holds a connection. */
  const scopedHolds = new Map<Node, { variables: Variable[]; name: string; call: TSESTree.CallExpression }>();
  /** Every variable that holds a handle somewhere in the file. */
  const handleVariables = new Set<Variable>();
  const isOtherHandle = (variable: Variable): boolean => handleVariables.has(variable);
  const sourceCode = context.sourceCode;
  const settings = readSettings(context);
  const objects = objectTrackerFor(context, settings);
  const enterEvents = new Map<Node, PathEvent<Handle>[]>();
  const exitEvents = new Map<Node, { event: PathEvent<Handle>; handle: Handle }[]>();
  const ownedFrom = new Map<Node, Handle[]>();
  const delegatedTo = new Map<Node, Handle[]>();
  const recorders: PathRecorder<Handle>[] = [];
  const promiseHandles = new Map<PathRecorder<Handle>, Handle[]>();

  const addEvent = (at: Node, event: PathEvent<Handle>): void => {
    // Events are recorded when ESLint enters one of the ENTER_TYPES; anything else is recorded at
    // its nearest such ancestor, which runs just before it on the same path.
    let node = at;
    while (!ENTER_TYPES.has(node.type) && node.parent) node = node.parent;
    const list = enterEvents.get(node);
    if (list) list.push(event);
    else enterEvents.set(node, [event]);
  };
  const pushTo = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  const top = (): PathRecorder<Handle> | undefined => recorders[recorders.length - 1];

  // ----- handle tests and guards --------------------------------------------------------------

  function refersTo(handle: Handle, node: Node, variables = handle.variables): boolean {
    const n = skipTypeWrappers(node);
    if (n.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = objects.variableOf(n);
    return variable !== null && variables.includes(variable);
  }

  /** Variables read by the tests of the `if`s that decide whether the acquire runs at all. */
  function acquireGuards(call: Node, owner: FunctionNode): Set<Variable> {
    const guards = new Set<Variable>();
    for (let child: Node = call, current = call.parent; current && current !== owner; child = current, current = current.parent) {
      if (current.type !== AST_NODE_TYPES.IfStatement || current.test === child) continue;
      const pending: Node[] = [current.test];
      while (pending.length > 0) {
        const n = skipTypeWrappers(pending.pop()!);
        if (n.type === AST_NODE_TYPES.Identifier) {
          const variable = objects.variableOf(n);
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
  function isHandleTest(handle: Handle, test: Node): boolean {
    const n = skipTypeWrappers(test);
    if (handle.guardTexts.size > 0 && handle.guardTexts.has(sourceCode.getText(stripNullTest(n)))) return true;
    if (refersTo(handle, n)) return true;
    // `if (created) conn = pool.connect(); … finally { if (created) conn.release(); }`
    if (n.type === AST_NODE_TYPES.Identifier && handle.guards.size > 0 && refersTo(handle, n, [...handle.guards])) return true;
    if (n.type === AST_NODE_TYPES.UnaryExpression && n.operator === '!' && n.argument.type === AST_NODE_TYPES.UnaryExpression) {
      return n.argument.operator === '!' && refersTo(handle, n.argument.argument);
    }
    if (n.type === AST_NODE_TYPES.BinaryExpression && (n.operator === '!=' || n.operator === '!==')) {
      return (refersTo(handle, n.left) && isNullish(n.right)) || (refersTo(handle, n.right) && isNullish(n.left));
    }
    return isReleasedStateTest(handle, n);
  }

  /** The handle's own record of its release: `if (!trx.isCompleted()) await trx.rollback()`. */
  function isReleasedStateTest(handle: Handle, test: Node): boolean {
    const n = skipTypeWrappers(test);
    if (n.type !== AST_NODE_TYPES.UnaryExpression || n.operator !== '!') return false;
    const state = skipTypeWrappers(n.argument);
    const stateCall = state.type === AST_NODE_TYPES.CallExpression ? skipTypeWrappers(state.callee) : state;
    if (stateCall.type !== AST_NODE_TYPES.MemberExpression || !refersTo(handle, stateCall.object)) return false;
    const member = propertyName(stateCall);
    return member !== null && (handle.acquisition.handle.releasedState ?? []).includes(member);
  }

  /** `if (!released) { released = true; h.release() }`: a flag set where the handle is released, so it says "released already". */
  function isReleaseFlagTest(test: Node): boolean {
    const n = skipTypeWrappers(test);
    const flag = n.type === AST_NODE_TYPES.UnaryExpression && n.operator === '!' ? skipTypeWrappers(n.argument) : null;
    if (!flag || (flag.type !== AST_NODE_TYPES.Identifier && flag.type !== AST_NODE_TYPES.MemberExpression)) return false;
    const holder = n.parent;
    const body = holder?.type === AST_NODE_TYPES.IfStatement ? holder.consequent : holder?.type === AST_NODE_TYPES.LogicalExpression ? holder.right : null;
    if (!body) return false;
    const flagText = sourceCode.getText(flag);
    let sets = false;
    const visit = (node: Node): void => {
      if (sets || isFunction(node)) return;
      if (node.type === AST_NODE_TYPES.AssignmentExpression && sourceCode.getText(node.left) === flagText) sets = true;
      else forEachChild(node, visit);
    };
    visit(body);
    return sets;
  }

  /** A test that is false only when there is nothing (left) to release. */
  function isGuardTest(handle: Handle, test: Node): boolean {
    return isHandleTest(handle, test) || isReleaseFlagTest(test);
  }

  /** The outermost node whose entry already decides the release: `if (h) h.release()`, `return h?.release()`. */
  function releaseRoot(handle: Handle, call: Node): Node {
    return releaseRootOf(call, test => isGuardTest(handle, test));
  }

  // ----- classification of the handle's uses --------------------------------------------------

  /** The functions between `node` and the handle's owner, outermost first. */
  function functionsBetween(handle: Handle, node: Node): FunctionNode[] {
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
  function addRelease(handle: Handle, call: Node, deferred = false): void {
    // One call is one release, however many ways lead to it.
    if (handle.releaseCalls.has(call)) return;
    handle.releaseCalls.add(call);
    const root = releaseRoot(handle, call);
    handle.releaseRoots.add(root);
    handle.hasRelease = true;
    if (!isCleanupRelease(handle, root)) handle.keepsOwnership = true;
    addEvent(root, { type: 'release', handle, node: deferred ? undefined : root });
    const nested = functionsBetween(handle, call);
    if (nested.length > 0) handle.hasNestedRelease = true;
    for (const fn of nested) delegate(handle, fn);
  }

  /** `catch (e) { h.release(); throw e; }`, `h.release(); throw new Error()`: cleanup on the way out. */
  function isCleanupRelease(handle: Handle, root: Node): boolean {
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
  function delegate(handle: Handle, fn: FunctionNode): void {
    if (handle.delegates.has(fn)) return;
    handle.delegates.add(fn);
    pushTo(delegatedTo, fn, handle);
    const [parent, child] = valueParent(fn);
    if ((parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) && parent.callee !== child) {
      const [method] = calleeParts(parent);
      const index = parent.arguments.indexOf(child as TSESTree.CallExpressionArgument);
      const chain =
        method === 'finally' ? 'finally' : method === 'then' ? (index === 0 ? 'then' : 'reject') : method === 'catch' ? 'reject' : 'callback';
      addEvent(parent, { type: 'delegate', handle, fn, chain, node: parent });
      if (chain === 'callback' || chain === 'finally') handle.delegateRoots.set(releaseRoot(handle, parent), fn);
      return;
    }
    // `const cleanup = () => h.release()` / `function cleanup() {…}`: calling it releases.
    const declared =
      parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === child
        ? sourceCode.getDeclaredVariables(parent)
        : fn.type === AST_NODE_TYPES.FunctionDeclaration
          ? sourceCode.getDeclaredVariables(fn)
          : [];
    if (declared.length > 0) {
      for (const variable of declared) classifyReleaseFunction(handle, variable);
      return;
    }
    escape(handle, parent ?? fn);
  }

  function classifyReleaseFunction(handle: Handle, variable: Variable): void {
    for (const reference of variable.references) {
      if (reference.init) continue;
      const id = reference.identifier as Node;
      const [parent, child] = valueParent(id);
      const local = variable.defs[0]?.type !== 'Parameter';
      if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === child) addRelease(handle, parent, local);
      else if (parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) {
        // `client.query(sql, done)`: the release runs when the callee calls back. Handed to the
        // handle's own method it surely runs; handed to a listener (`emitter.once('abort', f)`) maybe.
        const [method, receiver] = calleeParts(parent);
        if (method === 'then' || method === 'catch') continue;
        addRelease(handle, parent, !(receiver && refersTo(handle, receiver)));
      }
    }
  }

  function escape(handle: Handle, at: Node): void {
    handle.hasEscape = true;
    handle.hasStore = true;
    addEvent(at, { type: 'escape', handle });
  }

  function classifyUse(handle: Handle, node: Node, seen: Set<Variable>): void {
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
          addEvent(user, { type: 'engage', handle, node: user, method: name });
        }
        if (!name || !releaseMethods(handle.acquisition.handle).has(name)) return;
        if (user?.type === AST_NODE_TYPES.CallExpression && user.callee === used) addRelease(handle, user);
        else if (user?.type === AST_NODE_TYPES.CallExpression || user?.type === AST_NODE_TYPES.NewExpression) addRelease(handle, user);
        else if (user?.type === AST_NODE_TYPES.ExpressionStatement || user?.type === AST_NODE_TYPES.AwaitExpression) handle.uncalled ??= parent;
        return;
      }
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression: {
        if (parent.callee === child) return;
        const [method] = calleeParts(parent);
        if (method && parent.arguments[0] === child && poolReleaseMethods(handle.acquisition.handle).has(method)) {
          addRelease(handle, parent);
        } else if (method && STORE_METHODS.has(method)) {
          escape(handle, parent);
        } else {
          handle.hasEscape = true;
          addEvent(parent, { type: 'pass', handle });
        }
        return;
      }
      case AST_NODE_TYPES.ReturnStatement:
      case AST_NODE_TYPES.YieldExpression:
      case AST_NODE_TYPES.ThrowStatement:
        escape(handle, parent);
        return;
      case AST_NODE_TYPES.ArrowFunctionExpression:
        if (parent.body === child) escape(handle, parent); // recorded as the arrow's own code path starts
        return;
      case AST_NODE_TYPES.AssignmentExpression:
        if (parent.right === child) escape(handle, parent);
        return;
      case AST_NODE_TYPES.VariableDeclarator: {
        if (parent.init !== child || parent.id.type !== AST_NODE_TYPES.Identifier) {
          if (parent.init === child) escape(handle, parent);
          return;
        }
        // `const conn = client`: an alias is the same handle.
        for (const alias of sourceCode.getDeclaredVariables(parent)) {
          if (seen.has(alias)) continue;
          seen.add(alias);
          handle.variables.push(alias);
          for (const reference of alias.references) if (!reference.init) classifyUse(handle, reference.identifier as Node, seen);
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
          BORROWING_OPTIONS.has(keyName(parent.key, parent.computed) ?? '') &&
          user?.type === AST_NODE_TYPES.CallExpression &&
          literal.parent === user
        ) {
          return;
        }
        classifyUse(handle, literal, seen);
        if (!handle.hasEscape) escape(handle, literal);
        return;
      }
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test !== child) classifyUse(handle, parent, seen);
        return;
      case AST_NODE_TYPES.LogicalExpression:
        if (parent.right === child) classifyUse(handle, parent, seen);
        return;
      case AST_NODE_TYPES.AwaitExpression:
        classifyUse(handle, parent, seen);
        return;
      default:
        return;
    }
  }

  /** Identity of a pool expression: its variable, or `this.name`. */
  function poolKey(expression: Node | null): unknown {
    if (!expression) return null;
    const node = skipTypeWrappers(expression);
    if (node.type === AST_NODE_TYPES.Identifier) return objects.variableOf(node);
    if (node.type === AST_NODE_TYPES.MemberExpression && isThisMember(node)) return `this.${propertyName(node)}`;
    return null;
  }

  function isThisMember(node: TSESTree.MemberExpression): boolean {
    return skipTypeWrappers(node.object).type === AST_NODE_TYPES.ThisExpression && propertyName(node) !== null;
  }

  function classify(handle: Handle): void {
    for (const variable of handle.variables) handleVariables.add(variable);
    // `client = null` after a release: later releases act on another value.
    for (const variable of handle.variables) {
      for (const reference of variable.references) {
        if (reference.init || !reference.isWrite()) continue;
        const [parent] = valueParent(reference.identifier as Node);
        if (parent?.type === AST_NODE_TYPES.AssignmentExpression && !containsNode(parent.right, handle.acquisition.call)) {
          addEvent(parent, { type: 'reassign', handle });
        }
      }
    }
    for (const variable of handle.variables) markErrorBranches(handle, variable, false);
    const seen = new Set(handle.variables);
    for (const variable of [...handle.variables]) {
      for (const reference of variable.references) {
        if (reference.init || (reference.isWrite() && !reference.isRead())) continue;
        classifyUse(handle, reference.identifier as Node, seen);
      }
    }
    for (const variable of handle.releaseFns) classifyReleaseFunction(handle, variable);
  }

  function newHandle(acquisition: Acquisition, owner: FunctionNode, variables: Variable[], name: string, anchor: TSESTree.Statement | null): Handle {
    return {
      acquisition,
      name,
      variables,
      releaseFns: [],
      guards: acquireGuards(acquisition.call, owner),
      guardTexts: new Set(),
      owner,
      pool: poolKey(acquisition.receiver),
      anchor,
      releaseRoots: new Set(),
      releaseCalls: new Set(),
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
    };
  }

  // ----- acquires -------------------------------------------------------------------------------

  function paramVariable(fn: FunctionNode, index: number): Variable | null {
    const param = fn.params[index];
    if (param?.type !== AST_NODE_TYPES.Identifier) return null;
    return sourceCode.getDeclaredVariables(fn).find(v => v.name === param.name) ?? null;
  }

  /** A function that receives the handle as its parameter (callback forms, `.then(client => …)`). */
  function ownFromEntry(acquisition: Acquisition, fn: FunctionNode, handleIndex: number, releaseIndex?: number, errIndex?: number): void {
    const variable = paramVariable(fn, handleIndex);
    const releaseFn = releaseIndex === undefined ? null : paramVariable(fn, releaseIndex);
    const param = fn.params[handleIndex];
    if (!variable && !releaseFn) {
      if (!param) onLeak({ kind: 'neverReleased', acquisition, handleName: sourceCode.getText(acquisition.call.callee) });
      return;
    }
    const handle = newHandle(acquisition, fn, variable ? [variable] : [], variable?.name ?? sourceCode.getText(acquisition.call.callee), null);
    if (releaseFn) handle.releaseFns.push(releaseFn);
    classify(handle);
    const errVariable = errIndex === undefined ? null : paramVariable(fn, errIndex);
    if (errVariable) markErrorBranches(handle, errVariable);
    pushTo(ownedFrom, fn, handle);
  }

  /**
   * Branches where no connection is held: in `(err, client) => { if (err) return cb(err); … }` the
   * error branch (`absentWhen: true`), in `if (!client) return;` the branch without a handle (`false`).
   */
  function markErrorBranches(handle: Handle, err: Variable, absentWhen = true): void {
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
      if (errorBranch) addEvent(errorBranch, { type: 'notHeld', handle });
    }
  }

  function onAcquire(acquisition: Acquisition): void {
    const { call } = acquisition;
    if (acquisition.style === 'callback') {
      if (acquisition.callback) ownFromEntry(acquisition, acquisition.callback, acquisition.handleParam ?? 1, acquisition.releaseParam, 0);
      return;
    }
    let owner = enclosingFunction(call);
    let node: Node = call;
    let [parent, child] = valueParent(node);
    /** The operand that checks out, when the value bound is chosen between it and a given handle. */
    let fresh: Node | null = null;
    const freshWhen: Node[] = [];
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
      const variable = objects.variableOf(receiver);
      if (!variable || enclosingFunction(variable.defs[0]?.node as Node) !== owner) return;
      const declared = variable.defs[0]?.parent;
      if (declared?.type === AST_NODE_TYPES.VariableDeclaration && (declared.kind === 'using' || declared.kind === 'await using')) {
        if (acquisition.handle.disposable !== true && !acquisition.byName) {
          onLeak({ kind: 'notDisposable', acquisition, handleName: receiver.name });
        }
        return;
      }
      const callback = call.arguments.at(-1);
      if (callback && isFunction(callback)) {
        // `client.connect(err => { … client.end() })`: the callback holds the open client.
        const handle = newHandle(acquisition, callback, [variable], receiver.name, null);
        classify(handle);
        if ([...handle.releaseRoots].some(root => !containsNode(callback, root))) return;
        const err = paramVariable(callback, 0);
        if (err) markErrorBranches(handle, err);
        pushTo(ownedFrom, callback, handle);
        return;
      }
      startPromiseHandle(newHandle(acquisition, owner, [variable], receiver.name, parent), parent);
      return;
    }
    if (!parent) return;
    const acquireText = (): string => {
      const text = `${sourceCode.getText(call.callee).replace(/\s+/g, '')}()`;
      return text.length > 40 ? `${text.slice(0, 37)}...` : text;
    };
    switch (parent.type) {
      case AST_NODE_TYPES.VariableDeclarator: {
        if (!owner || parent.init !== node) return;
        const declaration = parent.parent as TSESTree.VariableDeclaration;
        const variables = sourceCode.getDeclaredVariables(parent);
        if (declaration.kind === 'using' || declaration.kind === 'await using') {
          // Only a driver that says its handles are disposable may rely on `using`.
          if (acquisition.handle.disposable !== true && !acquisition.byName) {
            onLeak({ kind: 'notDisposable', acquisition, handleName: variables[0]?.name ?? acquireText() });
          }
          return;
        }
        if (parent.id.type === AST_NODE_TYPES.Identifier) {
          const anchor = declaration.declarations.length === 1 && !fresh ? declaration : null;
          startPromiseHandle(conditionalOn(newHandle(acquisition, owner, [...variables], parent.id.name, anchor), freshWhen), fresh ?? parent);
        } else if (parent.id.type === AST_NODE_TYPES.ObjectPattern) {
          startDestructured(acquisition, owner, parent, parent.id, acquireText());
        }
        return;
      }
      case AST_NODE_TYPES.AssignmentExpression: {
        if (!owner || parent.right !== node || parent.operator !== '=' || parent.left.type !== AST_NODE_TYPES.Identifier) return;
        const variable = objects.variableOf(parent.left);
        // Assigned to a variable of an outer function or the module: the outer scope owns it (test hooks).
        if (!variable || variable.scope.variableScope.block !== owner) return;
        const anchor = parent.parent?.type === AST_NODE_TYPES.ExpressionStatement && !fresh ? parent.parent : null;
        startPromiseHandle(conditionalOn(newHandle(acquisition, owner, [variable], parent.left.name, anchor), freshWhen), fresh ?? parent);
        return;
      }
      case AST_NODE_TYPES.ExpressionStatement:
        if (owner && !acquisition.byName) onLeak({ kind: 'discarded', acquisition, handleName: acquireText() });
        return;
      case AST_NODE_TYPES.MemberExpression: {
        const name = propertyName(parent);
        const [user] = valueParent(parent);
        if (name === 'then' && user?.type === AST_NODE_TYPES.CallExpression && node === call) {
          const onFulfilled = user.arguments[0];
          if (onFulfilled && isFunction(onFulfilled)) ownFromEntry(acquisition, onFulfilled, 0);
          return;
        }
        if (name && !CHAIN_METHODS.has(name) && owner && !acquisition.byName) {
          onLeak({ kind: 'discarded', acquisition, handleName: acquireText() });
        }
        return;
      }
      default:
        owner = null;
    }
  }

  /**
   * A handle checked out only when `tests` say so (`given ?? pool.connect()`): the same tests may
   * guard its release (`if (!given) await qr.release()`).
   */
  function conditionalOn(handle: Handle, tests: readonly Node[]): Handle {
    for (const test of tests) {
      handle.guardTexts.add(sourceCode.getText(skipTypeWrappers(test)));
      for (const id of readIdentifiers(test) ?? []) {
        const variable = objects.variableOf(id);
        if (variable) handle.guards.add(variable);
      }
    }
    return handle;
  }

  /** `const { release, query } = await pool.connect()`: the release method survives as a variable. */
  function startDestructured(acquisition: Acquisition, owner: FunctionNode, declarator: TSESTree.VariableDeclarator, pattern: TSESTree.ObjectPattern, acquireText: string): void {
    const methods = releaseMethods(acquisition.handle);
    const handle = newHandle(acquisition, owner, [], acquireText, null);
    for (const property of pattern.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.computed || property.key.type !== AST_NODE_TYPES.Identifier) continue;
      if (!methods.has(property.key.name) || property.value.type !== AST_NODE_TYPES.Identifier) continue;
      const variable = sourceCode.getDeclaredVariables(declarator).find(v => v.name === (property.value as TSESTree.Identifier).name);
      if (variable) handle.releaseFns.push(variable);
    }
    startPromiseHandle(handle, declarator);
  }

  function startPromiseHandle(handle: Handle, bindingRoot: Node): void {
    classify(handle);
    const list = exitEvents.get(bindingRoot);
    const entry = { event: { type: 'acquire', handle } as PathEvent<Handle>, handle };
    if (list) list.push(entry);
    else exitEvents.set(bindingRoot, [entry]);
  }

  // ----- path questions --------------------------------------------------------------------------

  /** Does running `statement` always release the handle? (used for `finally` blocks) */
  function releasesIn(handle: Handle, statement: Node | null | undefined): boolean {
    const isRoot = (node: Node): boolean => {
      if (handle.releaseRoots.has(node)) return true;
      const fn = handle.delegateRoots.get(node);
      // A callback that releases on every path of its own (its verdict is known once it ends).
      return fn !== undefined && handle.verdicts.has(fn) && handle.verdicts.get(fn) === null;
    };
    return releasesAlways(statement, isRoot, test => isGuardTest(handle, test));
  }

  /** A `break`/`continue` whose way out runs a `finally` that releases the handle. */
  function jumpReleases(handle: Handle, jump: Node): boolean {
    return finalizersCrossed(jump).some(finalizer => releasesIn(handle, finalizer));
  }

  /** Where an exception thrown at `node` goes: released by a `finally`, into a `catch`, or out of the function. */
  function routeThrow(handle: Handle, node: Node, fn: Node): 'released' | 'escapes' | TSESTree.CatchClause {
    let current = node;
    while (current !== fn && current.parent) {
      const parent: Node = current.parent;
      if (parent.type === AST_NODE_TYPES.TryStatement) {
        if (parent.block === current && parent.handler) return parent.handler;
        if ((parent.block === current || parent.handler === current) && releasesIn(handle, parent.finalizer)) return 'released';
      }
      if (parent === fn) break;
      current = parent;
    }
    return 'escapes';
  }

  /** A `.then(onFulfilled)` release also runs on rejection when the chain has a releasing `onRejected`, `.catch` or `.finally`. */
  function rejectionCovered(handle: Handle, thenCall: Node): boolean {
    if (thenCall.type !== AST_NODE_TYPES.CallExpression) return false;
    const onRejected = thenCall.arguments[1];
    if (onRejected && handle.delegates.has(onRejected)) return true;
    let link: Node = thenCall;
    for (;;) {
      const [member] = valueParent(link);
      if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== link) return false;
      const [call] = valueParent(member);
      if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
      const name = propertyName(member);
      if ((name === 'catch' || name === 'finally' || name === 'then') && call.arguments.some(a => handle.delegates.has(a))) {
        if (name !== 'then' || call.arguments[1]) return true;
      }
      link = call;
    }
  }

  /** Searches the code path from `starts` for a path that ends the function holding the handle. */
  function explore(recorder: PathRecorder<Handle>, handle: Handle, starts: [Segment, number][]): PathLeak | null {
    const found = new Map<PathLeak['kind'], PathLeak>();
    // A lazy handle holds nothing until its first use: each segment is walked once per state.
    const lazy = handle.acquisition.lazy;
    const visited = [new Set<Segment>(), new Set<Segment>()];
    const firstVisit = (segment: Segment, holding: boolean): boolean => {
      const seen = visited[holding ? 1 : 0];
      if (seen.has(segment)) return false;
      seen.add(segment);
      return true;
    };
    const stack = starts.map(([segment, index]) => ({ segment, index, lastReturn: null as Node | null, cause: null as Node | null, holding: !lazy }));
    // Of several leaking paths of one kind, name the earliest in the source.
    const note = (leak: PathLeak): void => {
      const known = found.get(leak.kind);
      if (!known || (leak.node && known.node && leak.node.range[0] < known.node.range[0])) found.set(leak.kind, leak);
    };
    while (stack.length > 0) {
      const { segment, index, cause, lastReturn: returnedAt, holding: heldBefore } = stack.pop()!;
      let holding = heldBefore;
      let lastReturn = returnedAt;
      let closed = false;
      /** The explicit connect of a lazy handle: its own failure holds nothing. */
      let connecting: Node | null = null;
      const events = recorder.eventsOf(segment);
      for (let i = index; i < events.length && !closed; i++) {
        const event = events[i];
        if (event.type === 'return') {
          lastReturn = event.node ?? null;
        } else if (event.type === 'jump') {
          closed = holding && jumpReleases(handle, event.node!);
        } else if (event.type === 'mayThrow') {
          if (!holding || (connecting && containsNode(event.node!, connecting))) continue;
          // Without any release or hand-off, nothing shows the function means to give the handle back.
          if (!handle.hasRelease && !handle.hasStore) continue;
          const route = routeThrow(handle, event.node!, recorder.fn);
          if (route === 'escapes') note({ kind: 'throws', node: cause ?? event.node! });
          else if (route !== 'released') {
            const entry = recorder.catchEntry.get(route);
            if (entry && firstVisit(entry, true)) stack.push({ segment: entry, index: 0, lastReturn: null, cause: cause ?? event.node!, holding });
          }
        } else if (event.handle !== handle) {
          continue;
        } else if (event.type === 'engage') {
          if (!holding) connecting = event.method === lazy?.connect ? event.node! : null;
          holding = true;
        } else if (!holding) {
          // Created again before its first use: the earlier one never held anything.
          closed = event.type === 'acquire';
        } else {
          const verdict = pathEventVerdict(handle, event);
          if (verdict) note(verdict);
          closed = verdict !== null || closesPath(handle, event);
        }
      }
      if (closed) continue;
      if (segment.nextSegments.length === 0) {
        if (holding && !recorder.endsByThrowOnly(segment)) {
          if (cause) note({ kind: 'throws', node: cause });
          else note(lastReturn ? { kind: 'return', node: lastReturn } : { kind: 'end', node: recorder.fn });
        }
        continue;
      }
      for (const next of segment.nextSegments) {
        if (!recorder.isCatchEntry(next) && firstVisit(next, holding)) stack.push({ segment: next, index: 0, lastReturn, cause, holding });
      }
    }
    for (const kind of ['loop', 'callback', 'return', 'end', 'chain', 'throws'] as const) {
      const leak = found.get(kind);
      if (leak) return leak;
    }
    return null;
  }

  /** The leak an event of a held handle shows by itself: checked out again, or a callback or chain that leaks. */
  function pathEventVerdict(handle: Handle, event: PathEvent<Handle>): PathLeak | null {
    if (event.type === 'acquire') return { kind: 'loop', node: null };
    if (event.type !== 'delegate' || event.chain === 'reject') return null;
    if (event.chain === 'then' && !rejectionCovered(handle, event.node!)) return { kind: 'chain', node: event.node! };
    const verdict = handle.verdicts.get(event.fn!) ?? null;
    return verdict ? { kind: 'callback', node: verdict.node, inner: verdict } : null;
  }

  /** Does the event end the obligation on this path (released, handed on, or never held)? */
  function closesPath(handle: Handle, event: PathEvent<Handle>): boolean {
    switch (event.type) {
      case 'release':
      case 'escape':
      case 'notHeld':
        return true;
      case 'pass':
        return !handle.keepsOwnership;
      case 'delegate':
        return event.chain !== 'reject';
      default:
        return false;
    }
  }

  function insideCatchOnly(handle: Handle): boolean {
    if (handle.releaseRoots.size === 0) return false;
    for (const root of handle.releaseRoots) {
      let current: Node | undefined = root;
      let inCatch = false;
      while (current && current !== handle.owner) {
        if (current.type === AST_NODE_TYPES.CatchClause) inCatch = true;
        current = current.parent;
      }
      if (!inCatch) return false;
    }
    return true;
  }

  function conditionalFinallyRelease(handle: Handle): Node | null {
    for (const root of handle.releaseRoots) {
      let current: Node | undefined = root;
      while (current && current !== handle.owner) {
        const parent: Node | undefined = current.parent;
        if (parent?.type === AST_NODE_TYPES.TryStatement && parent.finalizer === current) {
          if (!releasesIn(handle, current)) return root;
          break;
        }
        current = parent;
      }
    }
    return null;
  }

  function handleInfo(handle: Handle): HandleInfo | undefined {
    return handle.variables.length === 1
        ? {
            model: handle.acquisition.handle,
            variable: handle.variables[0],
            anchor: handle.anchor,
            releaseRoots: handle.releaseRoots,
            hasNestedRelease: handle.hasNestedRelease,
            escapes: handle.hasStore || (handle.hasEscape && !handle.keepsOwnership),
          }
        : undefined;
  }

  function report(handle: Handle, leak: PathLeak): void {
    const info = handleInfo(handle);
    const base = { acquisition: handle.acquisition, handleName: handle.name, handle: info };
    if (handle.uncalled) return onLeak({ ...base, kind: 'releaseNotCalled', at: handle.uncalled });
    if (leak.kind === 'loop') return onLeak({ ...base, kind: 'loop' });
    if (leak.kind === 'chain') return onLeak({ ...base, kind: 'promiseChain', at: leak.node ?? undefined });
    if (leak.kind === 'callback') {
      let inner: PathLeak = leak;
      while (inner.kind === 'callback' && inner.inner) inner = inner.inner;
      return onLeak({ ...base, kind: 'callbackPath', at: inner.node ?? undefined });
    }
    const conditional = conditionalFinallyRelease(handle);
    if (conditional) return onLeak({ ...base, kind: 'conditionalRelease', at: conditional });
    if (leak.kind !== 'throws' && insideCatchOnly(handle)) return onLeak({ ...base, kind: 'releasedOnlyInCatch' });
    if (leak.kind === 'throws') {
      // Ownership moves on the paths that reach the hand-off; a throw before it still leaks.
      const kind = handle.hasRelease ? 'releasedOnlyOnSuccess' : 'handedOnOnlyOnSuccess';
      return onLeak({ ...base, kind, at: leak.node ?? undefined });
    }
    if (leak.kind === 'return') return onLeak({ ...base, kind: 'earlyReturn', at: leak.node ?? undefined });
    return onLeak({ ...base, kind: 'endWithoutRelease', at: handle.owner });
  }

  function judge(handle: Handle, recorder: PathRecorder<Handle>, starts: [Segment, number][], isOwner: boolean): void {
    if (!isOwner) {
      handle.verdicts.set(recorder.fn, explore(recorder, handle, starts));
      return;
    }
    reportHeldAwaits(recorder, handle, starts);
    reportNested(recorder, handle, starts);
    reportSingleQuery(handle);
    reportDoubleRelease(recorder, handle, starts);
    // `client = next; … await next.connect()`: stored before it was opened, the store owns it.
    if (handle.acquisition.style === 'open' && handle.hasStore) return;
    // A lazy handle that is only created (and read) never takes a connection.
    if (handle.acquisition.lazy && !handle.engaged && !handle.hasEscape) return;
    if (!handle.hasRelease && !handle.hasEscape && handle.delegates.size === 0) {
      if (handle.uncalled) report(handle, { kind: 'end', node: null });
      else onLeak({ kind: 'neverReleased', acquisition: handle.acquisition, handleName: handle.name, handle: handleInfo(handle) });
      return;
    }
    const leak = explore(recorder, handle, starts);
    if (leak) report(handle, leak);
  }

  /** Awaits reached on some path while the handle is held (before its release, escape or hand-off). */
  function heldAwaits(recorder: PathRecorder<Handle>, handle: Handle | null, starts: [Segment, number][]): Node[] {
    return heldEvents(recorder, handle, starts).awaits;
  }

  /** What happens on some path while the handle is held: awaits, other checkouts, pool-level calls. */
  function heldEvents(
    recorder: PathRecorder<Handle>,
    handle: Handle | null,
    starts: [Segment, number][],
  ): { awaits: Node[]; others: PathEvent<Handle>[] } {
    const held: Node[] = [];
    const others: PathEvent<Handle>[] = [];
    // A lazy handle holds nothing before its first use: each segment is walked once per state.
    const visited = [new Set<Segment>(), new Set<Segment>()];
    const firstVisit = (segment: Segment, holding: boolean): boolean => {
      const seen = visited[holding ? 1 : 0];
      if (seen.has(segment)) return false;
      seen.add(segment);
      return true;
    };
    const stack = starts.map(([segment, index]) => ({ segment, index, holding: !handle?.acquisition.lazy }));
    while (stack.length > 0) {
      const { segment, index, holding: heldBefore } = stack.pop()!;
      let holding = heldBefore;
      const events = recorder.eventsOf(segment);
      let closed = false;
      for (let i = index; i < events.length && !closed; i++) {
        const event = events[i];
        if (event.type === 'await') {
          if (holding) held.push(event.node!);
        } else if (event.type === 'mayThrow') {
          if (event.node!.type !== AST_NODE_TYPES.AwaitExpression) continue;
          if (holding) held.push(event.node!);
          const route = handle ? routeThrow(handle, event.node!, recorder.fn) : 'escapes';
          const entry = typeof route === 'object' ? recorder.catchEntry.get(route) : undefined;
          if (entry && firstVisit(entry, holding)) stack.push({ segment: entry, index: 0, holding });
        } else if (event.type === 'jump') {
          closed = !!handle && jumpReleases(handle, event.node!);
        } else if (event.type === 'poolCall' || (event.type === 'acquire' && event.handle !== handle)) {
          if (holding) others.push(event);
        } else if (handle && event.handle === handle) {
          if (event.type === 'engage') holding = true;
          else if (event.type === 'pass') closed = !handle.hasRelease;
          else if (event.type !== 'return' && event.type !== 'reassign') closed = true;
        }
      }
      if (closed) continue;
      for (const next of segment.nextSegments) {
        if (!recorder.isCatchEntry(next) && firstVisit(next, holding)) stack.push({ segment: next, index: 0, holding });
      }
    }
    return { awaits: [...new Set(held)].sort((a, b) => a.range[0] - b.range[0]), others: [...new Set(others)] };
  }

  /** Another checkout from the same pool, or a pool-level query, while `handle` is held. */
  function reportNested(recorder: PathRecorder<Handle>, handle: Handle, starts: [Segment, number][]): void {
    if (!wantsNested() || handle.pool === null) return;
    const seen = new Set<Node>();
    for (const event of heldEvents(recorder, handle, starts).others) {
      if (event.type === 'acquire' && event.handle && event.handle.pool === handle.pool) {
        const call = event.handle.acquisition.call;
        if (seen.has(call)) continue;
        seen.add(call);
        onNested({ node: call, kind: 'acquire', handleName: handle.name, poolText: sourceCode.getText(event.handle.acquisition.receiver!), replace: null });
      } else if (event.type === 'poolCall' && event.pool === handle.pool && event.node && !seen.has(event.node)) {
        seen.add(event.node);
        const call = event.node as TSESTree.CallExpression;
        const receiver = (call.callee as TSESTree.MemberExpression).object;
        const [method] = calleeParts(call);
        const sameApi = !!method && releaseMethods(handle.acquisition.handle).size > 0 && (method === 'query' || method === 'execute');
        onNested({ node: call, kind: 'poolQuery', handleName: handle.name, poolText: sourceCode.getText(receiver), replace: sameApi && handle.variables.length > 0 ? receiver : null });
      }
    }
  }

  /** `const c = await pool.connect(); … c.query(…) … c.release()`: one query, nothing else. */
  function reportSingleQuery(handle: Handle): void {
    if (!subscribers.some(s => s.singleQuery)) return;
    const receiver = handle.acquisition.receiver;
    const info = handleInfo(handle);
    if (!receiver || !info || !handle.anchor || handle.hasEscape || handle.hasNestedRelease || handle.releaseRoots.size === 0) return;
    if (handle.acquisition.style !== 'promise' || handle.releaseFns.length > 0 || handle.acquisition.settle) return;
    // A manual transaction is not a checkout for one query: its commit or rollback is the point.
    if ((handle.acquisition.handle.release ?? []).some(form => form.method === 'rollback' || form.method === 'commit')) return;
    const pool = objects.objectOf(receiver);
    const uses = handle.variables[0].references.filter(
      reference => !reference.init && ![...handle.releaseRoots].some(root => containsNode(root, reference.identifier as Node)),
    );
    if (uses.length !== 1) return;
    const [member] = valueParent(uses[0].identifier as Node);
    const [call] = member ? valueParent(member) : [undefined];
    if (member?.type !== AST_NODE_TYPES.MemberExpression || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return;
    // In a loop or a callback the one call runs many times; a cursor or query object is not a plain query.
    if (functionsBetween(handle, call).length > 0 || loopBetween(call, handle.anchor.parent ?? handle.owner)) return;
    if (call.arguments.some(argument => argument.type === AST_NODE_TYPES.NewExpression)) return;
    const method = propertyName(member);
    if (!method || !pool?.model.managed?.includes(method) || pool.model.scoped?.some(f => f.method === method)) return;
    for (const subscriber of subscribers) {
      subscriber.singleQuery?.({ acquisition: handle.acquisition, handleName: handle.name, query: call, pool: receiver, handle: info });
    }
  }

  /** A release reached on a path where the handle was already released. */
  function reportDoubleRelease(recorder: PathRecorder<Handle>, handle: Handle, starts: [Segment, number][]): void {
    if (!subscribers.some(s => s.doubleRelease)) return;
    const visited = new Set<string>();
    const stack = starts.map(([segment, index]) => ({ segment, index, first: null as Node | null }));
    const reported = new Set<Node>();
    while (stack.length > 0) {
      const entry = stack.pop()!;
      let { first } = entry;
      /** What was released before `first`: a release that throws (`await trx.commit()`) did not happen. */
      let beforeFirst: Node | null = null;
      const events = recorder.eventsOf(entry.segment);
      let closed = false;
      for (let i = entry.index; i < events.length && !closed; i++) {
        const event = events[i];
        if (event.type === 'mayThrow') {
          // A throw after the release may still reach a `catch` that releases again; a throw of the
          // release itself means it did not complete.
          const released = first && containsNode(first, event.node!) ? beforeFirst : first;
          const route = routeThrowAfter(handle, event.node!, recorder.fn, released !== null);
          const target = typeof route === 'object' ? recorder.catchEntry.get(route) : undefined;
          const key = target ? `${target.id}:${released ? 1 : 0}` : '';
          if (target && !visited.has(key)) {
            visited.add(key);
            stack.push({ segment: target, index: 0, first: released });
          }
          continue;
        }
        if (event.handle !== handle) continue;
        switch (event.type) {
          case 'release': {
            const root = event.node ?? null;
            if (!root) break; // through a release function: its own guards are unknown
            // A second release behind a flag the code keeps (`if (!released) …`) is guarded by it; the same
            // release reached again is the next turn of a loop.
            const again = first === root;
            if (first && !reported.has(root) && !isFlagGuarded(root, handle) && (!again || !loopEndsByFlag(root, handle.owner))) {
              reported.add(root);
              onDoubleRelease({
                node: root,
                first,
                again,
                handleName: handle.name,
                driver: handle.acquisition.driver.id,
                behaviour: handle.acquisition.handle.doubleRelease,
              });
              closed = true;
            } else if (root && root !== first) {
              beforeFirst = first;
              first = root;
            }
            break;
          }
          case 'escape':
          case 'notHeld':
          case 'reassign':
          case 'acquire':
          case 'delegate':
            closed = true;
            break;
          default:
            break;
        }
      }
      if (closed) continue;
      for (const next of entry.segment.nextSegments) {
        const key = `${next.id}:${first ? 1 : 0}`;
        if (recorder.isCatchEntry(next) || visited.has(key)) continue;
        visited.add(key);
        stack.push({ segment: next, index: 0, first });
      }
    }
  }

  /** The test reads a variable the function assigns (a `released` or `retry` flag). */
  function readsFlag(test: Node, fn: Node): boolean {
    const identifiers = readIdentifiers(test) ?? [];
    return identifiers.some(id => {
      const variable = objects.variableOf(id);
      return !!variable && variable.references.some(ref => ref.isWrite() && !ref.init && containsNode(fn, ref.identifier as Node));
    });
  }

  /** A loop around `node` whose test reads a flag its body sets: the code decides by the flag whether another turn runs. */
  function loopEndsByFlag(node: Node, fn: Node): boolean {
    for (let current = node.parent; current && current !== fn; current = current.parent) {
      const loop =
        current.type === AST_NODE_TYPES.WhileStatement || current.type === AST_NODE_TYPES.DoWhileStatement || current.type === AST_NODE_TYPES.ForStatement
          ? current
          : null;
      if (loop?.test && readsFlag(loop.test, loop.body)) return true;
    }
    return false;
  }

  /** Behind a condition that reads a variable the function assigns (a `released` flag), below the function. */
  function isFlagGuarded(node: Node, handle: Handle): boolean {
    const fn = handle.owner;
    const handleGuard = (test: Node): boolean => readsFlag(test, fn) || isReleasedStateTest(handle, test);
    // The release's own guard: `if (!state.done) { state.done = true; c.release() }`, `if (!qr.isReleased) …`.
    if (
      (node.type === AST_NODE_TYPES.IfStatement || node.type === AST_NODE_TYPES.ConditionalExpression) &&
      (isReleasedStateTest(handle, node.test) || isReleaseFlagTest(node.test))
    ) {
      return true;
    }
    for (let child = node, current = node.parent; current && current !== fn; child = current, current = current.parent) {
      if ((current.type === AST_NODE_TYPES.IfStatement || current.type === AST_NODE_TYPES.ConditionalExpression) && current.test !== child && handleGuard(current.test)) return true;
      if (current.type === AST_NODE_TYPES.LogicalExpression && current.right === child && handleGuard(current.left)) return true;
    }
    return false;
  }

  /** Where a throw goes for the double-release walk: like `routeThrow`, but a released handle passes a releasing `finally`. */
  function routeThrowAfter(handle: Handle, node: Node, fn: Node, released: boolean): 'released' | 'escapes' | TSESTree.CatchClause {
    if (!released) return routeThrow(handle, node, fn);
    let current = node;
    while (current !== fn && current.parent) {
      const parent: Node = current.parent;
      if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === current && parent.handler) return parent.handler;
      if (parent === fn) break;
      current = parent;
    }
    return 'escapes';
  }



  function awaitedExpression(node: Node): Node | null {
    if (node.type === AST_NODE_TYPES.AwaitExpression) return node.argument;
    if (node.type === AST_NODE_TYPES.ForOfStatement) return node.right;
    return null; // `yield` hands control to the consumer: never database work
  }

  function reportHeldAwaits(recorder: PathRecorder<Handle>, handle: Handle, starts: [Segment, number][]): void {
    if (!wantsHeldAwaits() || handle.variables.length === 0) return;
    const work = new DatabaseWork(objects, handle.variables, isOtherHandle, LENT_RESOURCES.has(handle.acquisition.driver.id));
    for (const node of heldAwaits(recorder, handle, starts)) {
      const awaited = awaitedExpression(node);
      if (node.type !== AST_NODE_TYPES.YieldExpression && work.isDatabaseWork(awaited)) continue;
      onHeldAwait({
        node,
        handleName: handle.name,
        acquisition: handle.acquisition,
        scopedCall: null,
        anchor: handle.anchor,
        handle: handleInfo(handle),
      });
    }
  }

  function reportScopedHolds(recorder: PathRecorder<Handle>, hold: { variables: Variable[]; name: string; call: TSESTree.CallExpression }): void {
    const work = new DatabaseWork(objects, hold.variables, isOtherHandle);
    for (const node of heldAwaits(recorder, null, [[recorder.codePath.initialSegment, 0]])) {
      const awaited = awaitedExpression(node);
      if (node.type !== AST_NODE_TYPES.YieldExpression && work.isDatabaseWork(awaited)) continue;
      onHeldAwait({ node, handleName: hold.name, acquisition: null, scopedCall: hold.call, anchor: null, handle: undefined });
    }
  }

  /** `pool.query(…)` while a handle of the same pool is held: a second connection from that pool. */
  function checkPoolCall(recorder: PathRecorder<Handle>, call: TSESTree.CallExpression): void {
    const [method, receiver] = calleeParts(call);
    if (!method || !receiver) return;
    const pool = objects.objectOf(receiver);
    if (!pool || pool.model.release || !pool.model.managed?.includes(method) || pool.model.scoped?.some(f => f.method === method)) return;
    const key = poolKey(receiver);
    if (key !== null) recorder.record({ type: 'poolCall', node: call, pool: key });
  }

  /**
   * `sequelize.query(sql, { transaction: t })`, `db('a').transacting(trx)`, `find({}, { session })`:
   * the call chain that starts at `node` hands the inner handle over, so it runs inside the scope.
   */
  function chainMentions(node: Node, inner: Variable | null): boolean {
    if (!inner) return false;
    const mentions = (expression: Node): boolean => {
      if (expression.type === AST_NODE_TYPES.Identifier && objects.variableOf(expression) === inner) return true;
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
  function reportOuterUses(callback: FunctionNode, receiver: Node, inner: Variable | null, sameApi: boolean): void {
    const outer = skipTypeWrappers(receiver);
    const outerVariable = outer.type === AST_NODE_TYPES.Identifier ? objects.variableOf(outer) : null;
    const outerField = outer.type === AST_NODE_TYPES.MemberExpression && isThisMember(outer) ? propertyName(outer) : null;
    if (!outerVariable && !outerField) return;
    const visit = (node: Node): void => {
      const matches =
        (outerVariable && node.type === AST_NODE_TYPES.Identifier && objects.variableOf(node) === outerVariable) ||
        (outerField && node.type === AST_NODE_TYPES.MemberExpression && isThisMember(node) && propertyName(node) === outerField);
      if (matches) {
        const [parent, child] = valueParent(node);
        const used =
          (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === child) ||
          ((parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.TaggedTemplateExpression) &&
            ((parent as TSESTree.CallExpression).callee === child || (parent as TSESTree.TaggedTemplateExpression).tag === child));
        if (used && !chainMentions(node, inner)) {
          onNested({
            node,
            kind: 'outerInScope',
            handleName: inner?.name ?? '',
            poolText: sourceCode.getText(outer),
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
  function checkScoped(call: TSESTree.CallExpression): void {
    if (!checkouts.scoped.has(call)) return;
    const [method, receiver] = calleeParts(call);
    if (!method || !receiver) return;
    const owner = objects.objectOf(receiver);
    const form = owner?.model.scoped?.find(f => f.method === method);
    const callback = call.arguments.at(-1);
    if (!form || !callback || !isFunction(callback)) return;
    const variables: Variable[] = [];
    if (form.receiver && receiver.type === AST_NODE_TYPES.Identifier) {
      const variable = objects.variableOf(receiver);
      if (variable) variables.push(variable);
    } else {
      const variable = paramVariable(callback, form.handleParam ?? 0);
      if (variable) variables.push(variable);
    }
    const name = variables[0]?.name ?? sourceCode.getText(receiver);
    scopedHolds.set(callback, { variables, name, call });
    if (wantsNested() && !form.receiver) reportOuterUses(callback, receiver, variables[0] ?? null, form.sameApi === true);
    for (const variable of variables) handleVariables.add(variable);
  }

  // ----- listeners -------------------------------------------------------------------------------

  const isQuietCall = (node: TSESTree.CallExpression | TSESTree.NewExpression): boolean => {
    const [method, receiver] = calleeParts(node);
    if (node.type === AST_NODE_TYPES.NewExpression) return !!method && /Error$/.test(method);
    if (method && CHAIN_METHODS.has(method)) return true;
    if (receiver?.type === AST_NODE_TYPES.Identifier && QUIET_RECEIVERS.test(receiver.name)) return true;
    // Callback-style calls report their errors to the callback instead of throwing.
    const last = node.arguments.at(-1);
    return !!last && isFunction(last);
  };

  const listeners: Record<string, (...args: never[]) => void> = {
    Program(node: TSESTree.Program) {
      objects.init(node);
    },
    onCodePathStart(codePath: TSESLint.CodePath, node: Node) {
      const recorder = new PathRecorder<Handle>(codePath, node);
      recorder.active = ownedFrom.has(node) || delegatedTo.has(node) || scopedHolds.has(node);
      recorders.push(recorder);
    },
    onCodePathEnd(_codePath: TSESLint.CodePath, node: Node) {
      const recorder = recorders.pop();
      if (!recorder || !recorder.active) return;
      const entry: [Segment, number][] = [[recorder.codePath.initialSegment, 0]];
      const hold = scopedHolds.get(node);
      if (hold) reportScopedHolds(recorder, hold);
      for (const handle of delegatedTo.get(node) ?? []) judge(handle, recorder, entry, false);
      for (const handle of ownedFrom.get(node) ?? []) judge(handle, recorder, entry, true);
      for (const handle of promiseHandles.get(recorder) ?? []) judge(handle, recorder, handle.starts, true);
    },
    onCodePathSegmentStart(segment: Segment, node: Node) {
      top()?.segmentStart(segment, node);
    },
    onCodePathSegmentEnd(segment: Segment) {
      top()?.segmentEnd(segment);
    },
    onUnreachableCodePathSegmentStart(segment: Segment, node: Node) {
      top()?.segmentStart(segment, node);
    },
    onUnreachableCodePathSegmentEnd(segment: Segment) {
      top()?.segmentEnd(segment);
    },
    [ENTER_SELECTOR](node: Node) {
      const recorder = top();
      const events = enterEvents.get(node);
      if (events && recorder) for (const event of events) recorder.record(event);
      if (node.type === AST_NODE_TYPES.CallExpression && wantsHeldAwaits()) checkScoped(node);
      if (!recorder?.active) {
        if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) checkAcquire(node);
        return;
      }
      switch (node.type) {
        case AST_NODE_TYPES.ReturnStatement:
          recorder.record({ type: 'return', node });
          break;
        case AST_NODE_TYPES.ThrowStatement:
          recorder.record({ type: 'mayThrow', node });
          break;
        case AST_NODE_TYPES.CallExpression:
          checkAcquire(node);
          if (wantsNested()) checkPoolCall(recorder, node);
          break;
        case AST_NODE_TYPES.NewExpression:
          checkAcquire(node);
          break;
        case AST_NODE_TYPES.BreakStatement:
        case AST_NODE_TYPES.ContinueStatement:
          if (finalizersCrossed(node).length > 0) recorder.record({ type: 'jump', node });
          break;
        case AST_NODE_TYPES.YieldExpression:
          if (isFunction(recorder.fn) && recorder.fn.async && recorder.fn.generator) recorder.record({ type: 'await', node });
          break;
        case AST_NODE_TYPES.ForOfStatement:
          if (node.await) recorder.record({ type: 'await', node });
          break;
        default:
          break;
      }
    },
    // Only nodes that bind a handle or can throw matter on exit (a narrow selector keeps the per-node cost down).
    'VariableDeclarator, AssignmentExpression, ExpressionStatement, AwaitExpression, CallExpression, NewExpression, TaggedTemplateExpression:exit'(
      node: Node,
    ) {
      const recorder = top();
      if (!recorder) return;
      // The call that checks out may fail: then it holds nothing, but handles held before it leak.
      if (recorder.active && mayThrowAt(recorder, node)) recorder.record({ type: 'mayThrow', node });
      const acquired = exitEvents.get(node);
      if (!acquired) return;
      for (const { event, handle } of acquired) {
        // Code after a `return` never runs: nothing there is acquired.
        handle.starts = recorder
          .record(event)
          .filter(([segment]) => segment.reachable)
          .map(([segment, index]) => [segment, index + 1] as [Segment, number]);
        if (handle.starts.length === 0) continue;
        recorder.active = true;
        pushTo(promiseHandles, recorder, handle);
      }
    },
  };

  /** Can evaluating `node` leave the function by an exception? */
  function mayThrowAt(recorder: PathRecorder<Handle>, node: Node): boolean {
    if (node.type === AST_NODE_TYPES.AwaitExpression) return !cannotReject(node.argument);
    if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) return callsMayThrow(recorder);
    if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.NewExpression) return false;
    return callsMayThrow(recorder) && !isQuietCall(node) && !cannotReject(node);
  }

  /** A call of a same-file function that catches everything it does (`const [err, rows] = await safely(q)`). */
  function cannotReject(expression: Node): boolean {
    const call = skipTypeWrappers(expression);
    if (call.type !== AST_NODE_TYPES.CallExpression) return false;
    const callee = skipTypeWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.Identifier) return false;
    const fn = localFunction(objects.variableOf(callee));
    return fn !== null && neverThrows(fn);
  }

  /** The function a variable is bound to once and for all (a declaration, or a `const` initialised with one). */
  function localFunction(variable: Variable | null): FunctionNode | null {
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (!def) return null;
    if (def.node.type === AST_NODE_TYPES.FunctionDeclaration) return def.node;
    if (def.node.type === AST_NODE_TYPES.VariableDeclarator && def.parent?.type === AST_NODE_TYPES.VariableDeclaration && def.parent.kind === 'const') {
      const init = def.node.init && skipTypeWrappers(def.node.init);
      return init && isFunction(init) ? init : null;
    }
    return null;
  }

  /**
   * Where a synchronous call counts as a way out of the function. In async functions the ways out
   * that matter are the awaits (I/O); a sync helper throwing there is rare and reporting it would
   * cry wolf. Plain callbacks get their errors as arguments; only `throw` leaves them abruptly.
   */
  function callsMayThrow(recorder: PathRecorder<Handle>): boolean {
    const fn = recorder.fn;
    if (!isFunction(fn) || fn.async) return false;
    return !ownedFrom.has(fn) && !delegatedTo.has(fn);
  }

  function checkAcquire(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
    const acquisition = checkouts.acquisitions.get(node);
    if (acquisition) onAcquire(acquisition);
  }

  return listeners as TSESLint.RuleListener;
}
