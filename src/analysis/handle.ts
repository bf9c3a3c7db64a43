/**
 * What the leak analysis knows about one held connection (a handle) and what it tells the rules; the state
 * one file's analysis shares between its layers.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { ObjectModel } from '../drivers/types';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import type { Acquisition } from './acquires';
import { type FunctionNode, propertyName, skipTypeWrappers } from './ast';
import type { ObjectTracker } from './objects';
import type { PathEvent, PathRecorder } from './paths';
import type { PluginSettings } from './settings';

export type Variable = TSESLint.Scope.Variable;
export type Segment = TSESLint.CodePathSegment;
export type Node = TSESTree.Node;

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
  | 'overwritten'
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
  /** `using` of an object of this same-file class that holds the checkout (notDisposable). */
  readonly ownerClass?: string;
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
  /** Release roots behind a release flag (`if (!released) c.release()`): where the flag was set, they do not run. */
  readonly flagGuarded: ReadonlySet<Node>;
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
  /** The handle is declared with `using`: `node` releases it, and its disposal at the end of the block (`first`, the declaration) again. */
  readonly disposal?: boolean;
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

export interface PathLeak {
  readonly kind: 'throws' | 'return' | 'end' | 'chain' | 'loop' | 'callback' | 'overwritten';
  readonly node: Node | null;
  /** A leak found inside a nested callback: the path it names. */
  readonly inner?: PathLeak;
}

export interface Handle {
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
  /** Where the handle is handed on for good (returned, stored), by their roots: a `finally` that does it discharges. */
  readonly escapeRoots: Set<Node>;
  /** Releases whose failure is caught and dropped: attempts, never a second release. */
  readonly attemptedRoots: Set<Node>;
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
  /**
   * Releases guarded by a flag the function keeps (`if (!released) c.release()`), by their root: the
   * flag's variable, the value it holds where the handle is checked out (null: unknown), and the
   * value the guarded block sets it to (`if (!released) { released = true; … }`). Its declaration and
   * each assignment of it are `flag` events, so a walk knows on its path whether the guarded release runs.
   */
  readonly flagGuards: Map<Node, { readonly flag: Variable; readonly atCheckout: boolean | null; readonly sets: boolean | null }>;
  /**
   * The flags a walk can follow, with the value each holds where the handle is checked out (null:
   * unknown): those of `flagGuards`, and the other variables of the function that a branch tests and
   * that are only ever set to literals (`if (!released) c?.close()`); each write is a `flag` event.
   */
  readonly flags: Map<Variable, boolean | null>;
  /** `await using c = …` of a disposable handle: its disposal releases it at the end of the block, on every path. */
  disposedBy: TSESTree.VariableDeclaration | null;
  /** Roots of releases that may not happen (a helper that releases on some of its paths): no root of `releaseRoots`. */
  readonly maybeRoots: Set<Node>;
  /** Release roots that release also when they throw (a helper that releases in a `finally`, then rethrows). */
  readonly releasedOnThrow: Set<Node>;
}

export const CHAIN_METHODS = new Set(['then', 'catch', 'finally']);
/**
 * The node types whose entry can carry a path event (a release, an escape, a branch without a
 * connection…) or start an acquire. A narrow set instead of every node keeps the per-node cost down.
 */
export const ENTER_TYPES = new Set<string>([
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

export const STORE_METHODS = new Set(['push', 'unshift', 'set', 'add', 'splice']);
/** Callees whose calls we do not expect to throw (logging). */
export const QUIET_RECEIVERS = /^(?:console|logger|log|_?logger)$/;

/** `x`, `!x`, `x == null`, `x !== undefined`, `!!x`: the `x` they test. */
export function stripNullTest(test: Node): Node {
  const n = skipTypeWrappers(test);
  if (n.type === AST_NODE_TYPES.UnaryExpression && n.operator === '!') return stripNullTest(n.argument);
  if (n.type === AST_NODE_TYPES.BinaryExpression && ['==', '!=', '===', '!=='].includes(n.operator)) {
    if (isNullish(n.right) && n.left.type !== AST_NODE_TYPES.PrivateIdentifier) return stripNullTest(n.left);
    if (isNullish(n.left)) return stripNullTest(n.right);
  }
  return n;
}

export function isNullish(node: Node): boolean {
  const n = skipTypeWrappers(node);
  return (n.type === AST_NODE_TYPES.Literal && n.value === null) || (n.type === AST_NODE_TYPES.Identifier && n.name === 'undefined');
}

const handleReleaseCache = new WeakMap<ObjectModel, ReadonlySet<string>>();
const poolReleaseCache = new WeakMap<ObjectModel, ReadonlySet<string>>();

/** The methods called on a handle to release it (`release`, `end`), once per driver model. */
export function releaseMethods(model: ObjectModel): ReadonlySet<string> {
  let methods = handleReleaseCache.get(model);
  if (!methods) handleReleaseCache.set(model, (methods = new Set((model.release ?? []).flatMap(r => (r.method ? [r.method] : [])))));
  return methods;
}

/** The pool methods that take the handle back (`putconn`, `releaseConnection`), once per driver model. */
export function poolReleaseMethods(model: ObjectModel): ReadonlySet<string> {
  let methods = poolReleaseCache.get(model);
  if (!methods) poolReleaseCache.set(model, (methods = new Set((model.release ?? []).flatMap(r => (r.poolMethod ? [r.poolMethod] : [])))));
  return methods;
}


/** Everything one file's analysis shares between its layers: the file, its settings and the events recorded so far. */
export interface Analysis {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  /** The file on disk (its relative imports are read from there), or a name that is not on disk. */
  readonly filename: string;
  readonly settings: PluginSettings;
  readonly objects: ObjectTracker;
  readonly subscribers: readonly HandleSubscriber[];
  readonly checkouts: CheckoutCalls;
  /** Events recorded when the traversal enters a node. */
  readonly enterEvents: Map<Node, PathEvent<Handle>[]>;
  /** Acquires recorded when the traversal leaves the node that binds the handle. */
  readonly exitEvents: Map<Node, { event: PathEvent<Handle>; handle: Handle }[]>;
  /** Functions that receive a handle as a parameter (callback forms). */
  readonly ownedFrom: Map<Node, Handle[]>;
  /** Nested functions that release a handle of an outer function. */
  readonly delegatedTo: Map<Node, Handle[]>;
  /** Callbacks of scoped helpers: the whole body holds a connection. */
  readonly scopedHolds: Map<Node, ScopedHold>;
  /** Every variable that holds a handle somewhere in the file. */
  readonly handleVariables: Set<Variable>;
  readonly recorders: PathRecorder<Handle>[];
  readonly promiseHandles: Map<PathRecorder<Handle>, Handle[]>;
  wantsHolds?: boolean;
  wantsNesting?: boolean;
}

/** A scoped helper's callback (`knex.transaction(trx => …)`) and what it holds. */
export interface ScopedHold {
  readonly variables: Variable[];
  readonly name: string;
  readonly call: TSESTree.CallExpression;
}

/** The calls of one file that check out, open or scope a connection, found before the traversal. */
export interface CheckoutCalls {
  readonly acquisitions: ReadonlyMap<Node, Acquisition>;
  /** Calls of a scoped helper with a callback (`knex.transaction(trx => …)`). */
  readonly scoped: ReadonlySet<Node>;
}

export function onLeak(a: Analysis, leak: Leak): void {
  for (const subscriber of a.subscribers) subscriber.leak?.(leak);
}

export function onHeldAwait(a: Analysis, held: HeldAwait): void {
  for (const subscriber of a.subscribers) subscriber.heldAwait?.(held);
}

export function onDoubleRelease(a: Analysis, double: DoubleRelease): void {
  for (const subscriber of a.subscribers) subscriber.doubleRelease?.(double);
}

export function onNested(a: Analysis, nested: NestedCheckout): void {
  for (const subscriber of a.subscribers) subscriber.nestedCheckout?.(nested);
}

export function wantsHeldAwaits(a: Analysis): boolean {
  return (a.wantsHolds ??= a.subscribers.some(s => s.heldAwait || s.nestedCheckout));
}

export function wantsNested(a: Analysis): boolean {
  return (a.wantsNesting ??= a.subscribers.some(s => s.nestedCheckout));
}

export function isOtherHandle(a: Analysis, variable: Variable): boolean {
  return a.handleVariables.has(variable);
}

/**
 * Events are recorded when ESLint enters one of the ENTER_TYPES; anything else is recorded at its
 * nearest such ancestor, which runs just before it on the same path.
 */
export function addEvent(a: Analysis, at: Node, event: PathEvent<Handle>): void {
  let node = at;
  while (!ENTER_TYPES.has(node.type) && node.parent) node = node.parent;
  pushTo(a.enterEvents, node, event);
}

export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function top(a: Analysis): PathRecorder<Handle> | undefined {
  return a.recorders[a.recorders.length - 1];
}


export function refersTo(a: Analysis, handle: Handle, node: Node, variables = handle.variables): boolean {
  const n = skipTypeWrappers(node);
  if (n.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = a.objects.variableOf(n);
  return variable !== null && variables.includes(variable);
}

export function paramVariable(a: Analysis, fn: FunctionNode, index: number): Variable | null {
  const param = fn.params[index];
  if (param?.type !== AST_NODE_TYPES.Identifier) return null;
  return a.sourceCode.getDeclaredVariables(fn).find(v => v.name === param.name) ?? null;
}

/** Identity of a pool expression: its variable, or `this.name`. */
export function poolKey(a: Analysis, expression: Node | null): unknown {
  if (!expression) return null;
  const node = skipTypeWrappers(expression);
  if (node.type === AST_NODE_TYPES.Identifier) return a.objects.variableOf(node);
  if (node.type === AST_NODE_TYPES.MemberExpression && isThisMember(node)) return `this.${propertyName(node)}`;
  return null;
}

export function isThisMember(node: TSESTree.MemberExpression): boolean {
  return skipTypeWrappers(node.object).type === AST_NODE_TYPES.ThisExpression && propertyName(node) !== null;
}

export function handleInfo(handle: Handle): HandleInfo | undefined {
  return handle.variables.length === 1
      ? {
          model: handle.acquisition.handle,
          variable: handle.variables[0],
          anchor: handle.anchor,
          releaseRoots: handle.releaseRoots,
          hasNestedRelease: handle.hasNestedRelease,
          escapes: handle.hasStore || (handle.hasEscape && !handle.keepsOwnership),
          flagGuarded: new Set(handle.flagGuards.keys()),
        }
      : undefined;
}
