/**
 * Layer 3, path queries over the recorded events: does every path from the acquire release the handle,
 * which path does not, what runs while the handle is held.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { forEachChild, isFunction, propertyName, skipTypeWrappers, valueParent } from './ast';
import type { Analysis, Handle, Node, Segment } from './handle';
import { isGuardTest } from './handle-tests';
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
export function releasedEarlierInChain(handle: Handle, thenCall: Node): boolean {
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

/** Awaits reached on some path while the handle is held (before its release, escape or hand-off). */
export function heldAwaits(a: Analysis, recorder: PathRecorder<Handle>, handle: Handle | null, starts: [Segment, number][]): Node[] {
  return heldEvents(a, recorder, handle, starts).awaits;
}

interface HeldEvents {
  readonly awaits: Node[];
  readonly others: PathEvent<Handle>[];
}

/** The last walk of each start list: held awaits and nested checkouts ask the same question at a function's end. */
const lastHeld = new WeakMap<readonly [Segment, number][], { readonly recorder: PathRecorder<Handle>; readonly handle: Handle | null; readonly events: HeldEvents }>();

/** What happens on some path while the handle is held: awaits, other a.checkouts, pool-level calls. */
export function heldEvents(a: Analysis, recorder: PathRecorder<Handle>, handle: Handle | null, starts: [Segment, number][]): HeldEvents {
  const known = lastHeld.get(starts);
  if (known && known.recorder === recorder && known.handle === handle) return known.events;
  const events = walkHeldEvents(a, recorder, handle, starts);
  lastHeld.set(starts, { recorder, handle, events });
  return events;
}

function walkHeldEvents(a: Analysis, recorder: PathRecorder<Handle>, handle: Handle | null, starts: [Segment, number][]): HeldEvents {
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
