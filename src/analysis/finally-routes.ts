/**
 * Abrupt completions carried through `finally` blocks, the way JavaScript runs them. ESLint's code
 * path graph sends a `break`/`continue` straight to its target (the `finally` blocks it leaves are
 * not on that edge), and links the end of a `finally`'s leaving copy to every handler around its
 * `try`, whatever left it. A walk that carries a completion through a `finally` walks the block's
 * own events, and where the block ends goes on as that completion does: a jump to the next
 * `finally` it leaves or to its target, an exception to the next `catch` or `finally` around the
 * `try`, or out of the function. A `return`, a `throw` or a jump inside the block replaces it.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { containsNode, firstHandler } from './ast';
import type { PathRecorder } from './paths';
import { finalizersCrossed, finallyLeftBy, jumpTarget } from './release-sites';

type Node = TSESTree.Node;
type Segment = TSESLint.CodePathSegment;

/** A completion (a thrown exception, a `break`/`continue`) that runs `finalizer` on its way. */
export interface Carried<P> {
  readonly kind: 'throw' | 'jump';
  /** The throwing point, or the `break`/`continue`. */
  readonly node: Node;
  readonly finalizer: TSESTree.BlockStatement;
  /** A jump: the `finally` blocks it runs after this one, innermost first. */
  readonly rest: readonly TSESTree.BlockStatement[];
  /** A jump: the segment it ends; its next segments are the jump's target. */
  readonly from: Segment | null;
  /** The walk's own state before the exception, back when a `catch` takes it. */
  readonly prior: P;
  /** A completion still pending around this one: its block holds this one's handler or target. */
  readonly outer: Carried<P> | null;
}

/** Where a walk goes on: a segment from an event index, carrying a completion or not. */
export interface Step<P> {
  readonly segment: Segment;
  readonly index: number;
  readonly carried: Carried<P> | null;
  /** An exception taken by a `catch`: the walk's state before it holds again. */
  readonly caught?: { readonly prior: P };
}

/** A key for the visited sets of the walks. */
export function carriedKey(carried: Carried<unknown> | null): string {
  let key = '';
  for (let c = carried; c; c = c.outer) key += `${c.kind === 'throw' ? 't' : 'j'}${c.node.range[0]}@${c.finalizer.range[0]}/`;
  return key;
}

/** `carried` if a handler or target at `node` lies inside the block it runs (it is still pending there), else null. */
function stillPending<P>(carried: Carried<P> | null, node: Node): Carried<P> | null {
  return carried && containsNode(carried.finalizer, node) ? carried : null;
}

/** Has the path left the block it runs for `carried` at an event on `node`? */
export function leftAtEvent(carried: Carried<unknown> | null, node: Node | undefined): boolean {
  return !!carried && !!node && !containsNode(carried.finalizer, node);
}

/**
 * The segments after `segment` inside the block a path runs for `carried`, and whether the block ends
 * there (every way on leaves it; a way out from inside is the graph's fork at a throwable point,
 * and the walks route exceptions from their own throwing points). A block run in code that no path
 * reaches (`try { break; } finally { … }` has no segment of its own) is followed through the graph's
 * unreachable links.
 */
export function nextInBlock<P>(recorder: PathRecorder<unknown>, carried: Carried<P>, segment: Segment): { ends: boolean; next: readonly Segment[] } {
  const all = segment.reachable ? segment.nextSegments : allNextSegments(segment);
  const next = all.filter(n => containsNode(carried.finalizer, recorder.startNodeOf(n) ?? recorder.fn));
  return { ends: next.length === 0, next };
}

/** The steps of a `break`/`continue` at the end of `segment`: into the first `finally` it leaves, or to its target. */
export function jumpSteps<P>(recorder: PathRecorder<unknown>, jump: Node, segment: Segment, prior: P, carried: Carried<P> | null, returning: boolean): Step<P>[] {
  const target = jump.type === AST_NODE_TYPES.BreakStatement || jump.type === AST_NODE_TYPES.ContinueStatement ? jumpTarget(jump) : null;
  const outer = target ? stillPending(carried, target) : null;
  return runFinalizers(recorder, { node: jump, rest: finalizersCrossed(jump), from: segment, prior, outer }, returning);
}

/** The jump runs its remaining blocks (`rest`), then reaches its target. */
function runFinalizers<P>(recorder: PathRecorder<unknown>, jump: Omit<Carried<P>, 'kind' | 'finalizer'>, returning: boolean): Step<P>[] {
  for (let k = 0; k < jump.rest.length; k++) {
    const finalizer = jump.rest[k];
    const mark = recorder.finallyMark(finalizer, returning);
    if (mark) return [{ segment: mark[0], index: mark[1], carried: { ...jump, kind: 'jump', finalizer, rest: jump.rest.slice(k + 1) } }];
  }
  const from = jump.from!;
  return jumpTargets(recorder, jump.node, from).map(segment => ({ segment, index: 0, carried: jump.outer }));
}

/**
 * The segments a `break`/`continue` recorded at the end of `from` goes to. In the leaving copy of a
 * `finally` the graph links it only to what the completion that ran the block would reach (the
 * handlers and exits around the `try`, or nothing), yet the jump replaces that completion: it goes
 * where the same jump in the block's own copy goes.
 */
function jumpTargets(recorder: PathRecorder<unknown>, jump: Node, from: Segment): readonly Segment[] {
  const linked = (segment: Segment): readonly Segment[] => (segment.reachable ? segment.nextSegments : allNextSegments(segment));
  const left = recorder.isLeaving(from) ? finallyLeftBy(jump) : null;
  if (!left) return linked(from);
  const copies = recorder.segmentsWith(jump).filter(segment => segment !== from && !recorder.isLeaving(segment));
  const targets = new Set(copies.flatMap(linked).filter(segment => !containsNode(left, recorder.startNodeOf(segment) ?? recorder.fn)));
  return targets.size > 0 ? [...targets] : linked(from);
}

/**
 * Where the completion `carried` goes when the block it runs ends at `segment`: a jump on, an
 * exception into the next handler around the `try` ('escapes': out of the function).
 */
export function afterFinally<P>(recorder: PathRecorder<unknown>, carried: Carried<P>, segment: Segment): Step<P>[] | 'escapes' {
  if (carried.kind === 'jump') return runFinalizers(recorder, carried, recorder.isLeaving(segment));
  const statement = carried.finalizer.parent as TSESTree.TryStatement;
  const handler = firstHandler(statement, recorder.fn);
  if (handler === 'escapes') return 'escapes';
  const outer = stillPending(carried.outer, handler);
  // The graph links the end of the block to the handlers around its `try`: the right copy of each.
  const linked = segment.nextSegments.find(next => recorder.startNodeOf(next) === handler);
  if (handler.type === AST_NODE_TYPES.CatchClause) {
    const entry = linked ?? recorder.catchEntry(handler, recorder.isLeaving(segment));
    return entry ? [{ segment: entry, index: 0, carried: outer, caught: { prior: carried.prior } }] : [];
  }
  const entry = linked ?? recorder.finallyEntry(handler, true);
  return entry ? [{ segment: entry, index: 0, carried: { ...carried, finalizer: handler, outer } }] : [];
}

/** The completion an exception thrown at `node` carries into the `finally` block `finalizer` it meets first. */
export function throwInto<P>(node: Node, finalizer: TSESTree.BlockStatement, prior: P, carried: Carried<P> | null): Carried<P> {
  return { kind: 'throw', node, finalizer, rest: [], from: null, prior, outer: stillPending(carried, finalizer) };
}

/** What an exception routed into a `catch` at `clause` still carries: what is pending around it. */
export function caughtAt<P>(carried: Carried<P> | null, clause: Node): Carried<P> | null {
  return stillPending(carried, clause);
}

/** Every segment after `segment`, the unreachable ones too (ESLint has them; its types do not say so). */
function allNextSegments(segment: Segment): readonly Segment[] {
  return (segment as Segment & { allNextSegments?: Segment[] }).allNextSegments ?? segment.nextSegments;
}
