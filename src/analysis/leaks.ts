/**
 * The shared leak analysis, run once per file however many rules read it: finds every checkout
 * (checkouts.ts), records each handle's lifecycle on ESLint's code path graph (handle-uses.ts,
 * acquire-binding.ts), asks path questions of it (path-queries.ts) and hands the findings to the rules
 * (findings-*.ts). See docs/architecture.md.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { onAcquire } from './acquire-binding';
import type { Acquisition } from './acquires';
import { calleeParts, enclosingFunction, isFunction, skipTypeWrappers } from './ast';
import { findCheckoutCalls } from './checkouts';
import { classifyConditions } from './conditions';
import { fileState } from './file-state';
import { functionSummaries } from './function-summaries';
import { localCallee } from './local-calls';
import { checkPoolCall, checkScoped, reportScopedHolds } from './findings-holds';
import { judge } from './findings-leaks';
import { type Analysis, CHAIN_METHODS, type CheckoutCalls, ENTER_TYPES, type Handle, type HandleSubscriber, type Node, pushTo, QUIET_RECEIVERS, type Segment, top, wantsHeldAwaits, wantsNested } from './handle';
import { objectTrackerFor } from './objects';
import { PathRecorder } from './paths';
import { finalizersCrossed, leavesFinally } from './release-sites';
import { readSettings } from './settings';
import { resolvesSettled } from './settled-values';
import { traversalListeners, type TraversalHandlers } from './step-replay';
export type { DoubleRelease, HandleInfo, HandleSubscriber, HeldAwait, Leak, LeakKind, NestedCheckout, SingleQuery } from './handle';

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

function createHandleAnalysis(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  subscribers: readonly HandleSubscriber[],
  checkouts: CheckoutCalls,
): TSESLint.RuleListener {
  const settings = readSettings(context);
  const a: Analysis = {
    sourceCode: context.sourceCode,
    filename: context.physicalFilename ?? context.filename,
    settings,
    objects: objectTrackerFor(context, settings),
    subscribers,
    checkouts,
    enterEvents: new Map(),
    exitEvents: new Map(),
    ownedFrom: new Map(),
    delegatedTo: new Map(),
    scopedHolds: new Map(),
    handleVariables: new Set(),
    recorders: [],
    promiseHandles: new Map(),
  };
  return createListeners(a);
}

/** The traversal: records each function's events into its code path and judges its handles when it ends. */
function createListeners(a: Analysis): TSESLint.RuleListener {
  const acquiresByOwner = new Map<Node, Acquisition[]>();
  for (const acquisition of a.checkouts.acquisitions.values()) pushTo(acquiresByOwner, enclosingFunction(acquisition.call) ?? a.sourceCode.ast, acquisition);
  const checkoutStarts = checkoutStartsOf(a.checkouts);
  const handlers: TraversalHandlers = {
    enterTypes: ENTER_TYPES,
    exitTypes: EXIT_TYPES,
    program(node) {
      a.objects.init(node);
    },
    codePathStart(codePath, node) {
      // A function's checkouts are bound before its body is walked: a loop's back edge reaches code
      // written before the checkout, whose events must already be known.
      const acquisitions = acquiresByOwner.get(node);
      for (const acquisition of acquisitions ?? []) onAcquire(a, acquisition);
      const recorder = new PathRecorder<Handle>(codePath, node);
      // A function that checks out records from its start: a loop's back edge runs the code before the
      // checkout again (a failing second checkout, a return) while the first one is held.
      recorder.active = a.ownedFrom.has(node) || a.delegatedTo.has(node) || a.scopedHolds.has(node) || !!acquisitions;
      // The conditions the walks follow, recorded before the body is walked.
      if (recorder.active) classifyConditions(a, node);
      a.recorders.push(recorder);
    },
    codePathEnd(_codePath, node) {
      const recorder = a.recorders.pop();
      if (!recorder || !recorder.active) return;
      const entry: [Segment, number][] = [[recorder.codePath.initialSegment, 0]];
      const hold = a.scopedHolds.get(node);
      if (hold) reportScopedHolds(a, recorder, hold);
      for (const handle of a.delegatedTo.get(node) ?? []) judge(a, handle, recorder, entry, false);
      for (const handle of a.ownedFrom.get(node) ?? []) judge(a, handle, recorder, entry, true);
      for (const handle of a.promiseHandles.get(recorder) ?? []) judge(a, handle, recorder, handle.starts, true);
    },
    finalizer(node) {
      top(a)?.markFinally(node);
    },
    segmentStart(segment, node) {
      top(a)?.segmentStart(segment, node);
    },
    segmentEnd(segment) {
      top(a)?.segmentEnd(segment);
    },
    enter: node => onEnter(a, node),
    exit: node => onExit(a, node),
    ignores: node => ignoredFunction(a, checkoutStarts, node),
  };
  return traversalListeners(a.sourceCode, handlers);
}

/**
 * A function that holds nothing and can come to hold nothing: no checkout, scoped helper or
 * function handed a handle lies in it, itself included. Its recorder would stay inactive to its
 * end, so none of its events could reach a walk.
 */
function ignoredFunction(a: Analysis, checkoutStarts: readonly number[], fn: Node): boolean {
  if (fn.type === AST_NODE_TYPES.Program) return false;
  const [start, end] = fn.range;
  // Syntax nodes nest: a node that starts inside the function lies inside it.
  if (anyWithin(checkoutStarts, start, end)) return false;
  for (const held of [a.ownedFrom, a.delegatedTo, a.scopedHolds]) for (const owner of held.keys()) if (owner.range[0] >= start && owner.range[0] < end) return false;
  return true;
}

/** Where each checkout and scoped call of the file starts, in order. */
function checkoutStartsOf(checkouts: CheckoutCalls): number[] {
  return [...checkouts.acquisitions.keys(), ...checkouts.scoped].map(call => call.range[0]).sort((x, y) => x - y);
}

/** Does the sorted list hold a value in [start, end)? */
function anyWithin(sorted: readonly number[], start: number, end: number): boolean {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < start) low = middle + 1;
    else high = middle;
  }
  return low < sorted.length && sorted[low] < end;
}

/** Entering a node: the events recorded for it, and the path events its kind makes. */
function onEnter(a: Analysis, node: Node): void {
  const recorder = top(a);
  const events = a.enterEvents.get(node);
  if (events && recorder) for (const event of events) recorder.record(event);
  if (node.type === AST_NODE_TYPES.CallExpression && wantsHeldAwaits(a)) checkScoped(a, node);
  if (!recorder?.active) {
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
      if (wantsNested(a)) checkPoolCall(a, recorder, node);
      break;
    case AST_NODE_TYPES.BreakStatement:
    case AST_NODE_TYPES.ContinueStatement:
      if (finalizersCrossed(node).length > 0 || leavesFinally(node)) recorder.record({ type: 'jump', node });
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
}

/** Only nodes that bind a handle or can throw matter on exit (a narrow set keeps the per-node cost down). */
const EXIT_TYPES: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.VariableDeclarator,
  AST_NODE_TYPES.AssignmentExpression,
  AST_NODE_TYPES.ExpressionStatement,
  AST_NODE_TYPES.AwaitExpression,
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.NewExpression,
  AST_NODE_TYPES.TaggedTemplateExpression,
]);

/** Leaving a node: whether it may throw, and the handles it binds. */
function onExit(a: Analysis, node: Node): void {
  const recorder = top(a);
  if (!recorder) return;
  // The call that checks out may fail: then it holds nothing, but handles held before it leak.
  if (recorder.active && mayThrowAt(a, recorder, node)) recorder.record({ type: 'mayThrow', node });
  const acquired = a.exitEvents.get(node);
  if (!acquired) return;
  for (const { event, handle } of acquired) {
    if (event.type !== 'acquire') {
      // An assignment of the handle's variable: it takes its new value once the value is evaluated.
      if (recorder.active) recorder.record(event);
      continue;
    }
    // Code after a `return` never runs: nothing there is acquired.
    handle.starts = recorder
      .record(event)
      .filter(([segment]) => segment.reachable)
      .map(([segment, index]) => [segment, index + 1] as [Segment, number]);
    if (handle.starts.length === 0) continue;
    recorder.active = true;
    pushTo(a.promiseHandles, recorder, handle);
  }
}

function isQuietCall(node: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const [method, receiver] = calleeParts(node);
  if (node.type === AST_NODE_TYPES.NewExpression) return !!method && /Error$/.test(method);
  if (method && CHAIN_METHODS.has(method)) return true;
  if (receiver?.type === AST_NODE_TYPES.Identifier && QUIET_RECEIVERS.test(receiver.name)) return true;
  // Callback-style calls report their errors to the callback instead of throwing.
  const last = node.arguments.at(-1);
  return !!last && isFunction(last);
}

/** Can evaluating `node` leave the function by an exception? */
export function mayThrowAt(a: Analysis, recorder: PathRecorder<Handle>, node: Node): boolean {
  if (node.type === AST_NODE_TYPES.AwaitExpression) return !cannotReject(a, node.argument);
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) return callsMayThrow(a, recorder);
  if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.NewExpression) return false;
  return callsMayThrow(a, recorder) && !isQuietCall(node) && !cannotReject(a, node);
}

/**
 * A call of a same-file function (`safely(q)`, `this.safely(q)`) that catches everything it does
 * (`const [err, rows] = await safely(q)`), or `Promise.resolve(x)` of a value that is no thenable.
 */
export function cannotReject(a: Analysis, expression: Node): boolean {
  const call = skipTypeWrappers(expression);
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  if (resolvesSettled(call, id => a.objects.variableOf(id))) return true;
  const fn = localCallee(call, id => a.objects.variableOf(id));
  return fn !== null && !functionSummaries(a.sourceCode, a.settings, id => a.objects.variableOf(id)).canThrow(fn);
}

/**
 * Where a synchronous call counts as a way out of the function. In async functions the ways out
 * that matter are the awaits (I/O); a sync helper throwing there is rare and reporting it would
 * cry wolf. Plain callbacks get their errors as arguments; only `throw` leaves them abruptly.
 */
export function callsMayThrow(a: Analysis, recorder: PathRecorder<Handle>): boolean {
  const fn = recorder.fn;
  if (!isFunction(fn) || fn.async) return false;
  return !a.ownedFrom.has(fn) && !a.delegatedTo.has(fn);
}
