/**
 * Layer 3, path queries over the recorded events: does every path from the acquire release the handle,
 * which path does not, what runs while the handle is held.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { releasedWhenRejected } from './chain-links';
import { containsNode, firstHandler, forEachChild, isFunction, propertyName, skipTypeWrappers, valueParent } from './ast';
import { BranchFacts, throughCondition } from './conditions';
import { startStates, walkedFlags } from './flag-states';
import type { Analysis, Handle, Node, PathLeak, Segment } from './handle';
import { isGuardTest } from './handle-tests';
import { AtomBits, type PathFacts } from './path-facts';
import type { PathEvent, PathRecorder } from './paths';
import { finalizersCrossed, releasesAlways } from './release-sites';

/** Does running `statement` always release the handle? (used for `finally` blocks) */
export function releasesIn(a: Analysis, handle: Handle, statement: Node | null | undefined): boolean {
  const isRoot = (node: Node): boolean => {
    if (handle.releaseRoots.has(node) || handle.escapeRoots.has(node)) return true;
    const fn = handle.delegateRoots.get(node);
    // A callback that releases on every path of its own (its verdict is known once it ends).
    return fn !== undefined && handle.verdicts.has(fn) && handle.verdicts.get(fn) === null;
  };
  return releasesAlways(statement, isRoot, test => isGuardTest(a, handle, test));
}

/** A `break`/`continue` whose way out runs a `finally` that releases the handle. */
export function jumpReleases(a: Analysis, handle: Handle, jump: Node): boolean {
  return finalizersCrossed(jump).some(finalizer => releasesIn(a, handle, finalizer));
}

/** Where an exception thrown at `node` goes: released by a `finally`, into a `catch`, or out of the function. */
export function routeThrow(a: Analysis, handle: Handle, node: Node, fn: Node): 'released' | 'escapes' | TSESTree.CatchClause {
  let current = node;
  while (current !== fn && current.parent) {
    const parent: Node = current.parent;
    if (parent.type === AST_NODE_TYPES.TryStatement) {
      if (parent.block === current && parent.handler) return parent.handler;
      if ((parent.block === current || parent.handler === current) && releasesIn(a, handle, parent.finalizer)) return 'released';
    }
    if (parent === fn) break;
    current = parent;
  }
  return 'escapes';
}

/** A `.then(onFulfilled)` release also runs on rejection when the chain has a releasing `onRejected`, `.catch` or `.finally`. */
export function rejectionCovered(handle: Handle, thenCall: Node): boolean {
  if (thenCall.type !== AST_NODE_TYPES.CallExpression) return false;
  const onRejected = thenCall.arguments[1];
  if (onRejected && releasesSurely(handle, onRejected)) return true;
  if (rejectionHandledBefore(handle, thenCall)) return true;
  let link: Node = thenCall;
  for (;;) {
    const [member] = valueParent(link);
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== link) return false;
    const [call] = valueParent(member);
    if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
    const name = propertyName(member);
    // A later link that runs on rejection and releases there: `.catch(release)`, `.finally(release)`, `.then(ok, release)`.
    const onRejection = name === 'then' ? call.arguments[1] : name === 'catch' || name === 'finally' ? call.arguments[0] : undefined;
    if (releasesSurely(handle, onRejection)) return true;
    // A handler that recovers swallows the rejection: links after it never see it.
    const handler = name === 'catch' ? call.arguments[0] : name === 'then' ? call.arguments[1] : undefined;
    if (handler && isFunction(handler) && !containsThrowIn(handler.body)) return false;
    link = call;
  }
}

/**
 * Links before `.then(onFulfilled)` that make it run on every path, or release anyway: a `.catch(h)`
 * or `.then(ok, h)` whose handler recovers (does not throw), a `.finally(release)`.
 */
function rejectionHandledBefore(handle: Handle, thenCall: TSESTree.CallExpression): boolean {
  let nearest = true;
  let nearestNext = false;
  for (let link = skipTypeWrappers(thenCall.callee); link.type === AST_NODE_TYPES.MemberExpression; nearest = nearestNext, nearestNext = false) {
    const call = skipTypeWrappers(link.object);
    if (call.type !== AST_NODE_TYPES.CallExpression) return false;
    const callee = skipTypeWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const name = propertyName(callee);
    // Only the link right before: a rejection between it and the `.then` would skip both.
    const handler = name === 'catch' ? call.arguments[0] : name === 'then' ? call.arguments[1] : undefined;
    if (nearest && handler && isFunction(handler) && (!containsThrowIn(handler.body) || releasesSurely(handle, handler))) return true;
    if (name === 'finally' && call.arguments.some(argument => releasesSurely(handle, argument))) return true;
    // `.then()` without handlers passes the value or the rejection on: the link before it is still the nearest.
    if (name === 'then' && call.arguments.length === 0) nearestNext = nearest;
    link = callee;
  }
  return false;
}

/**
 * An earlier link of the same chain releases on every path (a `.finally(release)`, or a releasing
 * `.then` that runs on rejection too): a later success-only release is a second one, not the only one.
 */
function releasedEarlierInChain(handle: Handle, thenCall: Node): boolean {
  if (thenCall.type !== AST_NODE_TYPES.CallExpression) return false;
  for (let callee = skipTypeWrappers(thenCall.callee); callee.type === AST_NODE_TYPES.MemberExpression; ) {
    const call = skipTypeWrappers(callee.object);
    if (call.type !== AST_NODE_TYPES.CallExpression) return false;
    callee = skipTypeWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const name = propertyName(callee);
    if (name === 'finally' && call.arguments.some(argument => releasesSurely(handle, argument))) return true;
    if (name === 'then' && handle.delegates.has(call.arguments[0]) && rejectionCovered(handle, call)) return true;
  }
  return false;
}

/**
 * A handler that takes the release over and releases on each of its paths, as far as its own walk
 * (done when it ended, before the function around it) says: one that releases on some paths only
 * (`err => { finishIf(c, on); throw err; }`) covers nothing.
 */
function releasesSurely(handle: Handle, handler: Node | undefined): boolean {
  if (!handler || !handle.delegates.has(handler)) return false;
  const verdict = handle.verdicts.get(handler);
  return verdict === undefined || verdict === null;
}

/** Does a handler body throw (or return a rejection it builds)? Conservative: any `throw` or `Promise.reject`. */
function containsThrowIn(body: Node): boolean {
  let found = false;
  const visit = (node: Node): void => {
    if (found || (isFunction(node) && node !== body)) return;
    if (node.type === AST_NODE_TYPES.ThrowStatement) found = true;
    else if (node.type === AST_NODE_TYPES.MemberExpression && propertyName(node) === 'reject') found = true;
    else forEachChild(node, visit);
  };
  visit(body);
  return found;
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
  // and so is one whose `return c` is still to complete.
  // What the path knows of the release flags is part of its state too.
  const visited = new Map<string, Set<Segment>>();
  const firstVisit = (segment: Segment, facts: PathFacts, holding: boolean, pending: PathLeak | null = null, returning = false, escaping = false): boolean => {
    const key = `${(holding ? 1 : 0) + (pending ? 2 : 0) + (returning ? 4 : 0) + (escaping ? 8 : 0)}:${facts.key()}`;
    let seen = visited.get(key);
    if (!seen) visited.set(key, (seen = new Set()));
    if (seen.has(segment)) return false;
    seen.add(segment);
    return true;
  };
  const bits = new AtomBits();
  const flags = walkedFlags(handle, recorder.fn);
  const branches = new BranchFacts(a, recorder, flags);
  const stack = startStates(recorder, handle, bits, branches, flags, starts).map(({ segment, index, facts }) => ({
    segment,
    index,
    lastReturn: null as Node | null,
    cause: null as Node | null,
    holding: !lazy,
    pending: null as PathLeak | null,
    /** Where the path began to leave (a `return`, a throw carried through `finally` blocks), or null. */
    returning: recorder.leavingFrom(segment),
    // Checked out inside a `finally` run on the way out: the exception that runs it is rethrown after.
    rethrows: recorder.isLeaving(segment),
    /** `return c` through a `finally`: the hand-off happens only if that return is the one that completes. */
    escapedBy: null as Node | null,
    facts,
  }));
  // Of several leaking paths of one kind, name the earliest in the source.
  const note = (leak: PathLeak): void => {
    const known = found.get(leak.kind);
    if (!known || (leak.node && known.node && leak.node.range[0] < known.node.range[0])) found.set(leak.kind, leak);
  };
  while (stack.length > 0) {
    const { segment, index, cause, lastReturn: returnedAt, holding: heldBefore, pending: pendingBefore, returning: returnedBefore, rethrows, escapedBy: escapedBefore, facts: factsBefore } = stack.pop()!;
    let facts = factsBefore;
    let escapedBy = escapedBefore;
    let returning = returnedBefore;
    let holding = heldBefore;
    let pending = pendingBefore;
    let lastReturn = returnedAt;
    let closed = false;
    /** The explicit connect of a lazy handle: its own failure holds nothing. */
    let connecting: Node | null = null;
    const events = recorder.eventsOf(segment);
    for (let i = index; i < events.length && !closed; i++) {
      const event = events[i];
      if (event.type === 'return') {
        lastReturn = event.node ?? null;
        returning = event.node ?? recorder.fn;
      } else if (event.type === 'jump') {
        closed = holding && jumpReleases(a, handle, event.node!);
      } else if (event.type === 'mayThrow') {
        if (!holding || (connecting && containsNode(event.node!, connecting))) continue;
        // Without any release or hand-off, nothing shows the function means to give the handle back.
        if (!handle.hasRelease && !handle.hasStore) continue;
        // `await chain` whose rejections all run a link that releases: its exception holds nothing.
        if (releasedWhenRejected(handle, event.node!)) continue;
        // The exception runs the first `finally` it leaves (its leaving copy: a throw there before the
        // release still leaks), then goes on out; or it enters a `catch`.
        const first = firstHandler(event.node!, recorder.fn);
        const intoFinally = typeof first === 'object' && first.type === AST_NODE_TYPES.BlockStatement ? recorder.finallyEntry(first, !!returning) : undefined;
        const route = intoFinally ? first : routeThrow(a, handle, event.node!, recorder.fn);
        // Inside a `finally` run by an exception, a new throw replaces the pending one: it is the one to name.
        if (route === 'escapes') note({ kind: 'throws', node: rethrows ? event.node! : (cause ?? event.node!) });
        else if (route !== 'released') {
          const entry = intoFinally ?? recorder.catchEntry(route, !!returning);
          const state = { lastReturn, cause: cause ?? event.node!, holding, pending, returning: intoFinally ? event.node! : returning, rethrows: rethrows || !!intoFinally, escapedBy, facts };
          if (entry && firstVisit(entry, facts, true, pending, !!state.returning, !!escapedBy)) stack.push({ segment: entry, index: 0, ...state });
        }
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
        // The value returned is taken already: assigning the variable in the `finally` does not lose it.
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
    // A returning path ends where the function returns, though the graph also links that segment on
    // (to a `catch` that would take an exception from the `finally` it ran).
    if (segment.nextSegments.length === 0 || (returning && recorder.codePath.returnedSegments.includes(segment))) {
      // `return c` through a `finally` hands the handle on when no other return or throw replaced it.
      const handedOn = escapedBy !== null && lastReturn === escapedBy && !rethrows;
      if (holding && !handedOn && (rethrows || !recorder.endsByThrowOnly(segment))) {
        if (pending) note(pending);
        else if (cause) note({ kind: 'throws', node: cause });
        else note(lastReturn ? { kind: 'return', node: lastReturn } : { kind: 'end', node: recorder.fn });
      }
      continue;
    }
    for (const next of segment.nextSegments) {
      if (!recorder.follows(segment, next, returning)) continue;
      // The arm of a branch learns its test: one the path's flags and conditions rule out is not taken.
      const known = facts.learn(bits.clauses(branches.along(segment, next)));
      if (known && firstVisit(next, known, holding, pending, !!returning, !!escapedBy)) {
        stack.push({ segment: next, index: 0, lastReturn, cause, holding, pending, returning, rethrows, escapedBy, facts: known });
      }
    }
  }
  for (const kind of ['loop', 'overwritten', 'callback', 'return', 'end', 'chain', 'throws'] as const) {
    const leak = found.get(kind);
    if (leak) return leak;
  }
  return null;
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

/** Awaits reached on some path while the handle is held (before its release, escape or hand-off). */
export function heldAwaits(a: Analysis, recorder: PathRecorder<Handle>, handle: Handle | null, starts: [Segment, number][]): Node[] {
  return heldEvents(a, recorder, handle, starts).awaits;
}

/** What happens on some path while the handle is held: awaits, other a.checkouts, pool-level calls. */
export function heldEvents(
  a: Analysis,
  recorder: PathRecorder<Handle>,
  handle: Handle | null,
  starts: [Segment, number][],
): { awaits: Node[]; others: PathEvent<Handle>[] } {
  const held: Node[] = [];
  const others: PathEvent<Handle>[] = [];
  // A lazy handle holds nothing before its first use: each segment is walked once per state.
  const visited = [0, 1, 2, 3].map(() => new Set<Segment>());
  const firstVisit = (segment: Segment, holding: boolean, returning: boolean): boolean => {
    const seen = visited[(holding ? 1 : 0) + (returning ? 2 : 0)];
    if (seen.has(segment)) return false;
    seen.add(segment);
    return true;
  };
  const stack = starts.map(([segment, index]) => ({ segment, index, holding: !handle?.acquisition.lazy, returning: recorder.leavingFrom(segment) }));
  while (stack.length > 0) {
    const { segment, index, holding: heldBefore, returning: returnedBefore } = stack.pop()!;
    let returning = returnedBefore;
    let holding = heldBefore;
    const events = recorder.eventsOf(segment);
    let closed = false;
    for (let i = index; i < events.length && !closed; i++) {
      const event = events[i];
      if (event.type === 'return') {
        returning = event.node ?? recorder.fn;
      } else if (event.type === 'await') {
        if (holding) held.push(event.node!);
      } else if (event.type === 'mayThrow') {
        if (event.node!.type !== AST_NODE_TYPES.AwaitExpression) continue;
        if (holding) held.push(event.node!);
        const route = handle ? routeThrow(a, handle, event.node!, recorder.fn) : 'escapes';
        const entry = typeof route === 'object' ? recorder.catchEntry(route, !!returning) : undefined;
        if (entry && firstVisit(entry, holding, !!returning)) stack.push({ segment: entry, index: 0, holding, returning });
      } else if (event.type === 'jump') {
        closed = !!handle && jumpReleases(a, handle, event.node!);
      } else if (event.type === 'poolCall' || (event.type === 'acquire' && event.handle !== handle)) {
        if (holding) others.push(event);
      } else if (handle && event.handle === handle) {
        if (event.type === 'engage') holding = true;
        else if (event.type === 'pass') closed = !handle.hasRelease;
        else if (event.type !== 'reassign' && !event.maybe) closed = true;
      }
    }
    if (closed) continue;
    for (const next of segment.nextSegments) {
      if (recorder.follows(segment, next, returning) && firstVisit(next, holding, !!returning)) stack.push({ segment: next, index: 0, holding, returning });
    }
  }
  return { awaits: [...new Set(held)].sort((x, y) => x.range[0] - y.range[0]), others: [...new Set(others)] };
}
