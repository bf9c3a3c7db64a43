/**
 * Layer 3, path queries: the release flags a walk follows and their values where it begins. A walk of
 * a handle follows a flag (`released`) when every write of it is a `flag` event on its own paths (a
 * write in a nested function runs at a time the walk does not see). Where the handle is checked out,
 * the flag holds what the way there wrote last: read on the paths from the function's start (a loop's
 * earlier turn, a branch on something else, an exception into a `catch`), one start state per value.
 */
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { enclosingFunction, firstHandler } from './ast';
import { type BranchFacts, throughCondition } from './conditions';
import type { Handle, Node, Segment, Variable } from './handle';
import { type AtomBits, PathFacts } from './path-facts';
import type { PathRecorder } from './paths';

/** Where a walk begins, and what it knows there. */
export interface Start {
  readonly segment: Segment;
  readonly index: number;
  readonly facts: PathFacts;
}

/** The release flags of `handle` whose every write stands in `fn` (the function walked). */
export function walkedFlags(handle: Handle, fn: Node): Variable[] {
  return [...handle.flags.keys()].filter(flag => flag.references.every(reference => !reference.isWrite() || enclosingFunction(reference.identifier as Node) === fn));
}

/**
 * The walk's start states: at the checkout, one per value the followed flags may hold there (read
 * from the function's start); where that is not known, the value every way there writes last
 * (`atCheckout`). A walk that begins elsewhere (a callback, which runs later) knows nothing. Each
 * flag takes its bit first.
 */
export function startStates(recorder: PathRecorder<Handle>, handle: Handle, bits: AtomBits, branches: BranchFacts, flags: readonly Variable[], starts: [Segment, number][]): Start[] {
  let atCheckout = PathFacts.NONE;
  for (const [flag, value] of handle.flags) atCheckout = atCheckout.assign(bits.of(flag), starts === handle.starts ? (value ?? undefined) : undefined);
  const reached = starts === handle.starts && flags.length > 0 ? statesAtCheckout(recorder, handle, bits, branches, bits.mask(flags)) : null;
  return starts.flatMap(([segment, index]) => {
    const states = reached?.get(segment)?.get(index);
    return (states && states.size > 0 ? [...states.values()] : [atCheckout]).map(facts => ({ segment, index, facts }));
  });
}

/**
 * The values of the flags of `mask` where the handle is checked out (by segment and index after the
 * checkout's event), on the paths from the function's start: the `flag` events of the handle, the
 * branches on the conditions the walk follows, exceptions into the first `catch` or `finally` they
 * meet. A `break`/`continue` through a `finally` skips the block in the graph: the flags are unknown after it.
 */
function statesAtCheckout(recorder: PathRecorder<Handle>, handle: Handle, bits: AtomBits, branches: BranchFacts, mask: number): Map<Segment, Map<number, Map<string, PathFacts>>> {
  const found = new Map<Segment, Map<number, Map<string, PathFacts>>>();
  const targets = new Map<Segment, Set<number>>();
  for (const [segment, index] of handle.starts) targets.set(segment, (targets.get(segment) ?? new Set()).add(index));
  const visited = new Set<string>();
  const stack: { segment: Segment; facts: PathFacts; returning: Node | null }[] = [];
  const push = (segment: Segment | undefined, facts: PathFacts, returning: Node | null): void => {
    const key = segment && `${segment.id}:${returning ? 1 : 0}:${facts.key()}`;
    if (!segment || !key || visited.has(key)) return;
    visited.add(key);
    stack.push({ segment, facts, returning });
  };
  push(recorder.codePath.initialSegment, PathFacts.NONE, null);
  while (stack.length > 0) {
    const entry = stack.pop()!;
    let { facts, returning } = entry;
    const events = recorder.eventsOf(entry.segment);
    let closed = false;
    for (let i = 0; i < events.length && !closed; i++) {
      const event = events[i];
      if (targets.get(entry.segment)?.has(i + 1) && event.type === 'acquire' && event.handle === handle) {
        // Only the flags: what the path knew of other conditions before the checkout is left out.
        const state = facts.only(mask);
        const byIndex = found.get(entry.segment) ?? new Map<number, Map<string, PathFacts>>();
        found.set(entry.segment, byIndex.set(i + 1, (byIndex.get(i + 1) ?? new Map()).set(state.key(), state)));
      }
      if (event.type === 'return') returning = event.node ?? recorder.fn;
      if (event.type === 'jump') facts = facts.assign(mask);
      if (event.type === 'flag' && event.handle === handle) facts = facts.assign(bits.of(event.flag), event.value);
      const step = throughCondition(bits, facts, event);
      if (!step) continue;
      if (step.thrown) {
        const route = firstHandler(event.node!, recorder.fn);
        if (typeof route === 'object') {
          const intoFinally = route.type === AST_NODE_TYPES.BlockStatement;
          push(intoFinally ? recorder.finallyEntry(route, !!returning) : recorder.catchEntry(route, !!returning), step.thrown, intoFinally ? event.node! : returning);
        }
      }
      if (step.after) facts = step.after;
      else closed = true;
    }
    if (closed) continue;
    for (const next of entry.segment.nextSegments) {
      if (!recorder.follows(entry.segment, next, returning)) continue;
      const learned = facts.learn(bits.clauses(branches.along(entry.segment, next)));
      if (learned) push(next, learned, returning);
    }
  }
  return found;
}
