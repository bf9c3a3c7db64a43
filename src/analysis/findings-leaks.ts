/**
 * Layer 4, findings: leaks, double releases and single-query checkouts, reported to the rules.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { LISTENER_METHODS } from '../drivers/conventions';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { containsNode, loopBetween, propertyName, valueParent } from './ast';
import { reportHeldAwaits, reportNested } from './findings-holds';
import { type Analysis, type Handle, handleInfo, type Node, onDoubleRelease, onLeak, type PathLeak, refersTo, type Segment, type Variable } from './handle';
import { isFlagGuarded, loopEndsByFlag } from './handle-tests';
import { functionsBetween } from './handle-uses';
import { offersManagedHelper } from './objects';
import { explore, firstHandler, releasesIn } from './path-queries';
import { finalizersCrossed } from './release-sites';
import type { PathEvent, PathRecorder } from './paths';

export function judge(a: Analysis, handle: Handle, recorder: PathRecorder<Handle>, starts: [Segment, number][], isOwner: boolean): void {
  if (!isOwner) {
    handle.verdicts.set(recorder.fn, explore(a, recorder, handle, starts));
    return;
  }
  // `await using`: the disposal releases it on every path; only a release written besides it can be wrong.
  if (handle.disposedBy) return reportDoubleRelease(a, recorder, handle, starts);
  reportHeldAwaits(a, recorder, handle, starts);
  reportNested(a, recorder, handle, starts);
  reportSingleQuery(a, handle);
  reportDoubleRelease(a, recorder, handle, starts);
  // `client = next; … await next.connect()`: stored before it was opened, the store owns it.
  if (handle.acquisition.style === 'open' && handle.hasStore) return;
  // A lazy handle that is only created (and read) never takes a connection.
  if (handle.acquisition.lazy && !handle.engaged && !handle.hasEscape) return;
  if (!handle.hasRelease && !handle.hasEscape && handle.delegates.size === 0) {
    if (handle.uncalled) report(a, handle, { kind: 'end', node: null });
    else onLeak(a, { kind: 'neverReleased', acquisition: handle.acquisition, handleName: handle.name, handle: handleInfo(handle) });
    return;
  }
  const leak = explore(a, recorder, handle, starts);
  if (leak) report(a, handle, leak);
}

export function report(a: Analysis, handle: Handle, leak: PathLeak): void {
  const info = handleInfo(handle);
  const base = { acquisition: handle.acquisition, handleName: handle.name, handle: info };
  if (handle.uncalled) return onLeak(a, { ...base, kind: 'releaseNotCalled', at: handle.uncalled });
  if (leak.kind === 'loop') return onLeak(a, { ...base, kind: 'loop' });
  if (leak.kind === 'overwritten') return onLeak(a, { ...base, kind: 'overwritten', at: leak.node ?? undefined });
  if (leak.kind === 'chain') return onLeak(a, { ...base, kind: 'promiseChain', at: leak.node ?? undefined });
  if (leak.kind === 'callback') {
    let inner: PathLeak = leak;
    while (inner.kind === 'callback' && inner.inner) inner = inner.inner;
    return onLeak(a, { ...base, kind: 'callbackPath', at: inner.node ?? undefined });
  }
  const conditional = conditionalFinallyRelease(a, handle);
  if (conditional) return onLeak(a, { ...base, kind: 'conditionalRelease', at: conditional });
  if (leak.kind !== 'throws' && insideCatchOnly(handle)) return onLeak(a, { ...base, kind: 'releasedOnlyInCatch' });
  if (leak.kind === 'throws') {
    // Ownership moves on the paths that reach the hand-off; a throw before it still leaks.
    const kind = handle.hasRelease ? 'releasedOnlyOnSuccess' : 'handedOnOnlyOnSuccess';
    return onLeak(a, { ...base, kind, at: leak.node ?? undefined });
  }
  if (leak.kind === 'return') return onLeak(a, { ...base, kind: 'earlyReturn', at: leak.node ?? undefined });
  return onLeak(a, { ...base, kind: 'endWithoutRelease', at: handle.owner });
}

export function insideCatchOnly(handle: Handle): boolean {
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

export function conditionalFinallyRelease(a: Analysis, handle: Handle): Node | null {
  for (const root of handle.releaseRoots) {
    let current: Node | undefined = root;
    while (current && current !== handle.owner) {
      const parent: Node | undefined = current.parent;
      if (parent?.type === AST_NODE_TYPES.TryStatement && parent.finalizer === current) {
        if (!releasesIn(a, handle, current)) return root;
        break;
      }
      current = parent;
    }
  }
  return null;
}

/** `const c = await pool.connect(); … c.query(…) … c.release()`: one query, nothing else. */
export function reportSingleQuery(a: Analysis, handle: Handle): void {
  if (!a.subscribers.some(s => s.singleQuery)) return;
  const receiver = handle.acquisition.receiver;
  const info = handleInfo(handle);
  if (!receiver || !info || !handle.anchor || handle.hasEscape || handle.hasNestedRelease || handle.releaseRoots.size === 0) return;
  if (handle.acquisition.style !== 'promise' || handle.releaseFns.length > 0 || handle.acquisition.settle) return;
  // A manual transaction is not a checkout for one query: its commit or rollback is the point.
  if (handle.acquisition.handle.transaction) return;
  // A helper's checkout (`db.open()`) may prepare the connection (a search_path, a role): not one query.
  if (handle.acquisition.via) return;
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
  // Only a helper the pool is known to have: a pool known by its name alone may lack it.
  if (!method || !offersManagedHelper(a.objects, receiver, method)) return;
  for (const subscriber of a.subscribers) {
    subscriber.singleQuery?.({ acquisition: handle.acquisition, handleName: handle.name, query: call, pool: receiver, handle: info });
  }
}

/** A release reached on a path where the handle was already released. */
/**
 * A callback that releases on every path of its own and surely runs where it is handed over: a
 * `.then`/`.finally` link of the chain, or a callback of the handle's own method
 * (`c.query(sql, () => done())`). A listener (`emitter.on('end', …)`) may run any number of times.
 */
function releasingDelegate(a: Analysis, handle: Handle, event: PathEvent<Handle>): boolean {
  if (!event.fn || !handle.verdicts.has(event.fn) || handle.verdicts.get(event.fn) !== null) return false;
  if (event.chain === 'then' || event.chain === 'finally') return true;
  if (event.chain !== 'callback' || event.node?.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = event.node.callee;
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : null;
  return !!method && !LISTENER_METHODS.has(method) && refersTo(a, handle, (callee as TSESTree.MemberExpression).object);
}

/**
 * The release at `root` on a path that released at `first` already: reported (once) unless a flag the
 * code keeps guards it (`if (!released) …`), its failure is dropped, or it is the same release on the
 * next turn of a loop that a flag ends. True when reported.
 */
function reportSecond(a: Analysis, handle: Handle, first: Node | null, root: Node, reported: Set<Node>, flagKnown = false): boolean {
  const again = first === root;
  if (!first || reported.has(root) || handle.attemptedRoots.has(root)) return false;
  // A flag whose value the walk knows on this path decides by itself whether the release runs.
  if (!flagKnown && (isFlagGuarded(a, root, handle) || (again && loopEndsByFlag(a, root, handle.owner)))) return false;
  reported.add(root);
  // Links of one chain are entered outermost (last) first: name them in source order.
  const [earlier, later] = first.range[0] <= root.range[0] ? [first, root] : [root, first];
  onDoubleRelease(a, {
    node: later,
    first: earlier,
    again,
    handleName: handle.name,
    driver: handle.acquisition.driver.id,
    behaviour: handle.acquisition.handle.doubleRelease,
  });
  return true;
}

/** A release of a handle declared with `using`: its disposal at the end of the block releases it again. */
function reportBeforeDisposal(a: Analysis, handle: Handle, declaration: Node, root: Node, reported: Set<Node>): void {
  if (reported.has(root)) return;
  reported.add(root);
  onDoubleRelease(a, {
    node: root,
    first: declaration,
    again: false,
    disposal: true,
    handleName: handle.name,
    driver: handle.acquisition.driver.id,
    behaviour: handle.acquisition.handle.doubleRelease,
  });
}

export function reportDoubleRelease(a: Analysis, recorder: PathRecorder<Handle>, handle: Handle, starts: [Segment, number][]): void {
  if (!a.subscribers.some(s => s.doubleRelease)) return;
  const visited = new Set<string>();
  // The release flags of the handle (`released`), one bit each: set on this path.
  const guards = [...new Map([...handle.flagGuards.values()].map(guard => [guard.flag, guard])).values()];
  const flags = guards.map(guard => guard.flag);
  const initialFlags = guards.reduce((bits, guard, k) => (guard.initial ? bits | (1 << k) : bits), 0);
  const stack = starts.map(([segment, index]) => ({ segment, index, first: null as Node | null, returning: recorder.leavingFrom(segment), flagBits: initialFlags }));
  const reported = new Set<Node>();
  while (stack.length > 0) {
    const entry = stack.pop()!;
    let { first, returning, flagBits } = entry;
    /** What was released before `first`: a release that throws (`await trx.commit()`) did not happen. */
    let beforeFirst: Node | null = null;
    const events = recorder.eventsOf(entry.segment);
    let closed = false;
    for (let i = entry.index; i < events.length && !closed; i++) {
      const event = events[i];
      if (event.type === 'return') returning = event.node ?? recorder.fn;
      if (event.type === 'mayThrow') {
        // A throw after the release may still reach a `catch` that releases again; a throw of the
        // release itself means it did not complete.
        const released = first && containsNode(first, event.node!) ? beforeFirst : first;
        // Released or not, the exception runs the `finally` it leaves: two releases there are two.
        const route = firstHandler(event.node!, recorder.fn);
        // Into a `finally`, the exception leaves like a return: through the block's leaving copy.
        const intoFinally = typeof route === 'object' && route.type === AST_NODE_TYPES.BlockStatement;
        const target = typeof route !== 'object' ? undefined : intoFinally ? recorder.finallyEntry(route, !!returning) : recorder.catchEntry(route, !!returning);
        const leaving = intoFinally ? event.node! : returning;
        const key = target ? `${target.id}:${released ? 1 : 0}:${leaving ? 1 : 0}:${flagBits}` : '';
        if (target && !visited.has(key)) {
          visited.add(key);
          stack.push({ segment: target, index: 0, first: released, returning: leaving, flagBits });
        }
        continue;
      }
      if (event.type === 'jump') {
        // A `break`/`continue` runs the `finally` blocks it leaves (the graph goes straight to its target).
        for (const finalizer of finalizersCrossed(event.node!)) {
          const root = [...handle.releaseRoots].find(r => containsNode(finalizer, r));
          if (!root || !releasesIn(a, handle, finalizer)) continue;
          if ((closed = reportSecond(a, handle, first, root, reported))) break;
          if (root !== first) {
            beforeFirst = first;
            first = root;
          }
        }
        continue;
      }
      if (event.handle !== handle) continue;
      if (event.type === 'flag') {
        const bit = 1 << flags.indexOf(event.flag as Variable);
        flagBits = event.value ? flagBits | bit : flagBits & ~bit;
        continue;
      }
      // `if (!released) c.release()` where this path set the flag: the release does not run.
      const guard = event.type === 'release' && event.node ? handle.flagGuards.get(event.node) : undefined;
      const guardBit = guard ? 1 << flags.indexOf(guard.flag) : 0;
      if (flagBits & guardBit) continue;
      if (guard && guard.sets !== null) flagBits = guard.sets ? flagBits | guardBit : flagBits & ~guardBit;
      const delegated = event.type === 'delegate' && releasingDelegate(a, handle, event);
      switch (delegated ? 'release' : event.type) {
        case 'release': {
          // A delegate is named by its callback (`() => client.release()`), not by the whole chain.
          const root = (delegated ? event.fn : event.node) ?? null;
          if (!root) break; // through a release function: its own guards are unknown
          if (!first && handle.disposedBy) reportBeforeDisposal(a, handle, handle.disposedBy, root, reported);
          if (reportSecond(a, handle, first, root, reported, !!guard)) closed = true;
          else if (root !== first) {
            beforeFirst = first;
            first = root;
          }
          break;
        }
        // Handed on (returned, stored) the handle is still the same one: a release after it is the
        // function's own, and releasing it twice is a double release whoever holds it.
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
      const key = `${next.id}:${first ? 1 : 0}:${returning ? 1 : 0}:${flagBits}`;
      if (!recorder.follows(entry.segment, next, returning) || visited.has(key)) continue;
      visited.add(key);
      stack.push({ segment: next, index: 0, first, returning, flagBits });
    }
  }
}
