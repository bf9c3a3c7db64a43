/**
 * Layer 3, path queries over the recorded events: does every path from the acquire release the handle,
 * which path does not, what runs while the handle is held.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { containsNode, propertyName, valueParent } from './ast';
import type { Analysis, Handle, Node, PathLeak, Segment } from './handle';
import { isGuardTest } from './handle-tests';
import type { PathEvent, PathRecorder } from './paths';
import { finalizersCrossed, releasesAlways } from './release-sites';

/** Does running `statement` always release the handle? (used for `finally` blocks) */
export function releasesIn(a: Analysis, handle: Handle, statement: Node | null | undefined): boolean {
  const isRoot = (node: Node): boolean => {
    if (handle.releaseRoots.has(node)) return true;
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

/** Where a throw goes for the double-release walk: like `routeThrow`, but a released handle passes a releasing `finally`. */
export function routeThrowAfter(a: Analysis, handle: Handle, node: Node, fn: Node, released: boolean): 'released' | 'escapes' | TSESTree.CatchClause {
  if (!released) return routeThrow(a, handle, node, fn);
  let current = node;
  while (current !== fn && current.parent) {
    const parent: Node = current.parent;
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === current && parent.handler) return parent.handler;
    if (parent === fn) break;
    current = parent;
  }
  return 'escapes';
}

/** A `.then(onFulfilled)` release also runs on rejection when the chain has a releasing `onRejected`, `.catch` or `.finally`. */
export function rejectionCovered(handle: Handle, thenCall: Node): boolean {
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
    if ((name === 'catch' || name === 'finally' || name === 'then') && call.arguments.some(argument => handle.delegates.has(argument))) {
      if (name !== 'then' || call.arguments[1]) return true;
    }
    link = call;
  }
}

/** Searches the code path from `starts` for a path that ends the function holding the handle. */
export function explore(a: Analysis, recorder: PathRecorder<Handle>, handle: Handle, starts: [Segment, number][]): PathLeak | null {
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
        closed = holding && jumpReleases(a, handle, event.node!);
      } else if (event.type === 'mayThrow') {
        if (!holding || (connecting && containsNode(event.node!, connecting))) continue;
        // Without any release or hand-off, nothing shows the function means to give the handle back.
        if (!handle.hasRelease && !handle.hasStore) continue;
        const route = routeThrow(a, handle, event.node!, recorder.fn);
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
export function pathEventVerdict(handle: Handle, event: PathEvent<Handle>): PathLeak | null {
  if (event.type === 'acquire') return { kind: 'loop', node: null };
  if (event.type !== 'delegate' || event.chain === 'reject') return null;
  if (event.chain === 'then' && !rejectionCovered(handle, event.node!)) return { kind: 'chain', node: event.node! };
  const verdict = handle.verdicts.get(event.fn!) ?? null;
  return verdict ? { kind: 'callback', node: verdict.node, inner: verdict } : null;
}

/** Does the event end the obligation on this path (released, handed on, or never held)? */
export function closesPath(handle: Handle, event: PathEvent<Handle>): boolean {
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
        const route = handle ? routeThrow(a, handle, event.node!, recorder.fn) : 'escapes';
        const entry = typeof route === 'object' ? recorder.catchEntry.get(route) : undefined;
        if (entry && firstVisit(entry, holding)) stack.push({ segment: entry, index: 0, holding });
      } else if (event.type === 'jump') {
        closed = !!handle && jumpReleases(a, handle, event.node!);
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
  return { awaits: [...new Set(held)].sort((x, y) => x.range[0] - y.range[0]), others: [...new Set(others)] };
}
