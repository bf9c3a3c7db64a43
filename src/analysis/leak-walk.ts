/**
 * Layer 3, the leak walk: does some path from the checkout end the function holding the handle?
 * Exceptions are routed from their throwing points, and every completion that runs a `finally`
 * (a return, a throw, a `break`/`continue`) walks that block's events on its way (finally-routes.ts).
 */
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { releasedWhenRejected } from './chain-links';
import { containsNode, firstHandler } from './ast';
import { BranchFacts, throughCondition } from './conditions';
import { afterFinally, type Carried, carriedKey, caughtAt, jumpSteps, leftAtEvent, nextInBlock, type Step, throwInto } from './finally-routes';
import { startStates, walkedFlags } from './flag-states';
import type { Analysis, Handle, Node, PathLeak, Segment } from './handle';
import { AtomBits, type PathFacts } from './path-facts';
import { rejectionCovered, releasedEarlierInChain, routeThrow } from './path-queries';
import type { PathEvent, PathRecorder } from './paths';

/** What a path left behind when an exception took it through a `finally`: back when a `catch` takes the exception. */
interface Prior {
  readonly returning: Node | null;
  readonly rethrows: boolean;
}

/** The walk's state at the start of a segment. */
interface State {
  readonly segment: Segment;
  readonly index: number;
  readonly lastReturn: Node | null;
  readonly cause: Node | null;
  readonly holding: boolean;
  readonly pending: PathLeak | null;
  /** Where the path began to leave (a `return`, a throw carried through `finally` blocks), or null. */
  readonly returning: Node | null;
  /** Checked out inside a `finally` run on the way out: the exception that runs it is rethrown after. */
  readonly rethrows: boolean;
  /** `return c` through a `finally`: the hand-off happens only if that return is the one that completes. */
  readonly escapedBy: Node | null;
  /** Its variable assigned anew after that `return c`: what the variable does from then on is another value's. */
  readonly moved: boolean;
  readonly facts: PathFacts;
  /** A throw or a jump running a `finally` block on its way. */
  readonly carried: Carried<Prior> | null;
}

/**
 * Searches the code path from `starts` for a path that ends the function holding the handle. A
 * release behind a flag (`if (!released) c.release()`) runs unless the path set the flag; a branch
 * on a flag or a condition the path knows takes only the arm its value says.
 */
export function explore(a: Analysis, recorder: PathRecorder<Handle>, handle: Handle, starts: [Segment, number][]): PathLeak | null {
  const found = new Map<PathLeak['kind'], PathLeak>();
  // A lazy handle holds nothing until its first use: each segment is walked once per state.
  const lazy = handle.acquisition.lazy;
  // A callback that leaks on some of its paths leaks only if nothing after it releases: it is pending.
  // A path that returned goes on only through the leaving copies of `finally` blocks: a state of its own,
  // and so is one whose `return c` is still to complete, and one that carries a throw or a jump.
  // What the path knows of the release flags is part of its state too.
  const visited = new Map<string, Set<Segment | string>>();
  const stack: State[] = [];
  const push = (state: State): void => {
    const key = `${(state.holding ? 1 : 0) + (state.pending ? 2 : 0) + (state.returning ? 4 : 0) + (state.escapedBy ? 8 : 0) + (state.moved ? 16 : 0)}:${state.facts.key()}:${carriedKey(state.carried)}`;
    let seen = visited.get(key);
    if (!seen) visited.set(key, (seen = new Set()));
    // A `finally` block without a segment of its own begins inside one: from there on only.
    const place = state.index === 0 ? state.segment : `${state.segment.id}@${state.index}`;
    if (seen.has(place)) return;
    seen.add(place);
    stack.push(state);
  };
  const bits = new AtomBits();
  const flags = walkedFlags(handle, recorder.fn);
  const branches = new BranchFacts(a, recorder, flags);
  for (const { segment, index, facts } of startStates(recorder, handle, bits, branches, flags, starts)) {
    const returning = recorder.leavingFrom(segment);
    const base = { lastReturn: null, cause: null, holding: !lazy, pending: null, returning, rethrows: recorder.isLeaving(segment), escapedBy: null, moved: false, facts, carried: null };
    stack.push({ segment, index, ...base });
  }
  /** The way on from `segment` into `next`: the arm of a branch learns its test, one the path's flags and conditions rule out is not taken. */
  const goTo = (state: State, segment: Segment, next: Segment): void => {
    const known = state.facts.learn(bits.clauses(branches.along(segment, next)));
    if (known) push({ ...state, segment: next, facts: known });
  };
  // Of several leaking paths of one kind, name the earliest in the source.
  const note = (leak: PathLeak): void => {
    const known = found.get(leak.kind);
    if (!known || (leak.node && known.node && leak.node.range[0] < known.node.range[0])) found.set(leak.kind, leak);
  };
  /** The path ends the function here: does it hold the handle? */
  const endOfPath = (state: State, segment: Segment): void => {
    const { escapedBy, lastReturn, rethrows, holding, pending, cause } = state;
    // `return c` through a `finally` hands the handle on when no other return or throw replaced it.
    const handedOn = escapedBy !== null && lastReturn === escapedBy && !rethrows;
    if (holding && !handedOn && (rethrows || !recorder.endsByThrowOnly(segment))) {
      if (pending) note(pending);
      else if (cause) note({ kind: 'throws', node: cause });
      else note(lastReturn ? { kind: 'return', node: lastReturn } : { kind: 'end', node: recorder.fn });
    }
  };
  /** The block the path runs for a carried completion ends at `segment`: the completion goes on. */
  const leaveBlock = (state: State, segment: Segment): void => {
    const steps = afterFinally(recorder, state.carried!, segment);
    if (steps === 'escapes') return endOfPath(state, segment);
    for (const step of steps) push(stepState(state, step));
  };
  while (stack.length > 0) {
    const before = stack.pop()!;
    const segment = before.segment;
    let { facts, escapedBy, returning, holding, pending, lastReturn, carried, moved } = before;
    const { cause, rethrows } = before;
    let closed = false;
    const now = (): State => ({ segment, index: 0, lastReturn, cause, holding, pending, returning, rethrows, escapedBy, moved, facts, carried });
    /** The explicit connect of a lazy handle: its own failure holds nothing. */
    let connecting: Node | null = null;
    const events = recorder.eventsOf(segment);
    for (let i = before.index; i < events.length && !closed; i++) {
      const event = events[i];
      if (leftAtEvent(carried, event.node)) {
        // The copy of the block goes on into the code after its `try`: the carried completion does not.
        leaveBlock(now(), segment);
        closed = true;
      } else if (event.type === 'return') {
        lastReturn = event.node ?? null;
        returning = event.node ?? recorder.fn;
        carried = null;
      } else if (event.type === 'jump') {
        const prior = { returning, rethrows };
        for (const step of jumpSteps(recorder, event.node!, segment, prior, carried, !!returning)) push(stepState(now(), step));
        closed = true;
      } else if (event.type === 'mayThrow') {
        if (holding && !(connecting && containsNode(event.node!, connecting))) routeException(a, recorder, handle, event.node!, now(), push, note);
        // After a `throw`, only its exception goes on.
        closed = carried !== null && event.node!.type === AST_NODE_TYPES.ThrowStatement;
      } else if (event.type === 'assert' || event.type === 'forget') {
        // A condition asserted false past the call, or forgotten (the call's own throw is its 'mayThrow').
        const after = throughCondition(bits, facts, event)?.after;
        if (after) facts = after;
        else closed = true;
      } else if (event.handle !== handle) {
        continue;
      } else if (event.type === 'flag') {
        facts = facts.assign(bits.of(event.flag), event.value);
      } else if (event.type === 'engage') {
        if (!holding) connecting = event.method === lazy?.connect ? event.node! : null;
        holding = true;
      } else if (!holding) {
        // Created again before its first use: the earlier one never held anything.
        closed = event.type === 'acquire';
      } else if (event.type === 'escape' && event.node?.type === AST_NODE_TYPES.ReturnStatement && finallyAfter(event.node, recorder.fn)) {
        escapedBy = event.node;
      } else if (escapedBy && event.type === 'reassign') {
        // The value returned is taken already: assigning the variable in the `finally` does not lose it,
        // and a release through the variable after that releases the new value, not this one.
        moved ||= handle.variables.length === 1;
      } else if (moved) {
        continue;
      } else {
        // `if (!released) c.release()` where this path set the flag: the release does not run.
        const guard = event.type === 'release' && event.node ? handle.flagGuards.get(event.node) : undefined;
        if (guard && facts.valueOf(bits.of(guard.flag)) === true) continue;
        if (guard && guard.sets !== null) facts = facts.assign(bits.of(guard.flag), guard.sets);
        const verdict = pathEventVerdict(handle, event);
        if (verdict?.kind === 'callback') pending = verdict;
        else if (verdict) note(verdict);
        closed = (verdict !== null && verdict.kind !== 'callback') || (verdict === null && closesPath(handle, event));
      }
    }
    if (closed) continue;
    if (carried) {
      // Inside a block run for a throw or a jump: where the block ends, the completion goes on.
      const { ends, next } = nextInBlock(recorder, carried, segment);
      if (ends) leaveBlock(now(), segment);
      else for (const n of next) if (segment.reachable ? recorder.follows(segment, n, returning) : !recorder.isCatchEntry(n)) goTo(now(), segment, n);
      continue;
    }
    // Code no path reaches, walked for a jump whose `finally` returned: the graph does not link that return.
    if (!segment.reachable) {
      if (returning) endOfPath(now(), segment);
      continue;
    }
    // A returning path ends where the function returns, though the graph also links that segment on
    // (to a `catch` that would take an exception from the `finally` it ran).
    if (segment.nextSegments.length === 0 || (returning && recorder.codePath.returnedSegments.includes(segment))) {
      endOfPath(now(), segment);
      continue;
    }
    for (const next of segment.nextSegments) if (recorder.follows(segment, next, returning)) goTo(now(), segment, next);
  }
  for (const kind of ['loop', 'overwritten', 'callback', 'return', 'end', 'chain', 'throws'] as const) {
    const leak = found.get(kind);
    if (leak) return leak;
  }
  return null;
}

/** The state a step of a carried completion starts in: a `catch` that takes an exception gives the path back what it left. */
function stepState(state: State, step: Step<Prior>): State {
  const caught = step.caught ? { returning: step.caught.prior.returning, rethrows: step.caught.prior.rethrows } : {};
  return { ...state, ...caught, segment: step.segment, index: step.index, carried: step.carried };
}

/**
 * An exception thrown at `node` on a path that holds the handle: it runs the first `finally` it leaves
 * (its leaving copy: a throw there before the release still leaks), then goes on out; or it enters a
 * `catch`; or it leaves the function, holding the handle.
 */
function routeException(
  a: Analysis,
  recorder: PathRecorder<Handle>,
  handle: Handle,
  node: Node,
  state: State,
  push: (state: State) => void,
  note: (leak: PathLeak) => void,
): void {
  // Without any release or hand-off, nothing shows the function means to give the handle back.
  if (!handle.hasRelease && !handle.hasStore) return;
  // `await chain` whose rejections all run a link that releases: its exception holds nothing.
  if (releasedWhenRejected(handle, node)) return;
  const { returning, rethrows, cause, carried } = state;
  const first = firstHandler(node, recorder.fn);
  const intoFinally = typeof first === 'object' && first.type === AST_NODE_TYPES.BlockStatement ? first : null;
  const finallyEntry = intoFinally ? recorder.finallyEntry(intoFinally, !!returning) : undefined;
  const route = finallyEntry ? intoFinally! : routeThrow(a, handle, node, recorder.fn);
  // Inside a `finally` run by an exception, a new throw replaces the pending one: it is the one to name.
  if (route === 'escapes') note({ kind: 'throws', node: rethrows ? node : (cause ?? node) });
  if (typeof route !== 'object') return;
  const common = { ...state, index: 0, cause: cause ?? node };
  if (finallyEntry) {
    push({ ...common, segment: finallyEntry, returning: node, rethrows: true, carried: throwInto(node, intoFinally!, { returning, rethrows }, carried) });
    return;
  }
  const entry = recorder.catchEntry(route, !!returning);
  if (entry) push({ ...common, segment: entry, carried: caughtAt(carried, route) });
}

/** Does a `return` at `node` run a `finally` before it completes (one that may return or throw instead)? */
function finallyAfter(node: Node, fn: Node): boolean {
  for (let child = node, current = node.parent; current && current !== fn; child = current, current = current.parent) {
    if (current.type === AST_NODE_TYPES.TryStatement && current.finalizer && current.finalizer !== child) return true;
  }
  return false;
}

/** The leak an event of a held handle shows by itself: checked out again, or a callback or chain that leaks. */
export function pathEventVerdict(handle: Handle, event: PathEvent<Handle>): PathLeak | null {
  if (event.type === 'acquire') return { kind: 'loop', node: null };
  // Its variable assigned a value that does not read it (`c = await pool.connect()` again, `c = null`): it is lost.
  if (event.type === 'reassign' && event.node && handle.variables.length === 1) return { kind: 'overwritten', node: event.node };
  if (event.type !== 'delegate' || event.chain === 'reject') return null;
  if (event.chain === 'then' && !rejectionCovered(handle, event.node!) && !releasedEarlierInChain(handle, event.node!)) return { kind: 'chain', node: event.node! };
  const verdict = handle.verdicts.get(event.fn!) ?? null;
  return verdict ? { kind: 'callback', node: verdict.node, inner: verdict } : null;
}

/** Does the event end the obligation on this path (released, handed on, or never held)? */
export function closesPath(handle: Handle, event: PathEvent<Handle>): boolean {
  switch (event.type) {
    case 'release':
      return !event.maybe;
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
