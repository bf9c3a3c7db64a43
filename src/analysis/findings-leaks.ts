/**
 * Layer 4, findings: leaks and single-query checkouts, reported to the rules (double releases:
 * findings-doubles.ts).
 */
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { containsNode, loopBetween, propertyName, valueParent } from './ast';
import { reportDoubleRelease } from './findings-doubles';
import { reportHeldAwaits, reportNested } from './findings-holds';
import { type Analysis, type Handle, handleInfo, type Node, onLeak, type PathLeak, type Segment } from './handle';
import { functionsBetween } from './handle-uses';
import { offersManagedHelper } from './objects';
import { handleOwnerOf } from './owning-classes';
import { explore } from './leak-walk';
import { releasesIn } from './path-queries';
import type { PathRecorder } from './paths';

export function judge(a: Analysis, handle: Handle, recorder: PathRecorder<Handle>, starts: [Segment, number][], isOwner: boolean): void {
  if (!isOwner) {
    handle.verdicts.set(recorder.fn, explore(a, recorder, handle, starts));
    reportDoubleRelease(a, recorder, handle, starts, false);
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
  // An object that owns the checkout (`new Session(await pool.connect())`): its methods are its own work, not driver queries.
  if (handleOwnerOf(handle.variables[0])) return;
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
