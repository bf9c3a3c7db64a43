/**
 * Layer 4, findings: a handle released twice on one path. The path goes on into what surely runs
 * after a point of it: a callback handed to the handle's own method (`c.query(sql, cb)` calls back
 * once) and the links of a promise chain, which run in order (`.then` on success, `.catch` on
 * rejection, `.finally` on both).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { LISTENER_METHODS } from '../drivers/conventions';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { containsNode, firstHandler, loopBetween, propertyName, valueParent } from './ast';
import { chainLinks, chainTop, linkHandler, mayReject, mayRejectValue, outcomeAfter } from './chain-links';
import { type Analysis, type Handle, type Node, onDoubleRelease, refersTo, type Segment, type Variable } from './handle';
import { BranchFacts, throughCondition } from './conditions';
import { startStates, walkedFlags } from './flag-states';
import { isFlagGuarded, loopEndsByFlag } from './handle-tests';
import { AtomBits, type PathFacts } from './path-facts';
import { afterFinally, type Carried, carriedKey, caughtAt, jumpSteps, leftAtEvent, nextInBlock, throwInto } from './finally-routes';
import type { PathEvent, PathRecorder } from './paths';

/** One way a callback can end: the first release on its path (null: none), and whether it ends by a rejection (or a throw). */
interface Outcome {
  readonly released: Node | null;
  readonly rejects: boolean;
}

/**
 * What each callback that holds a release or a hand-off of the handle does (filled as the callbacks
 * end, inner ones first): how it ends, and the double releases on its own paths, reported only where
 * a path of the function around it reaches its call (a callback written after a `return` never runs).
 */
interface CallbackReleases {
  readonly ends: Outcome[];
  readonly doubles: [Node, Node][];
}
const callbacksOf = new WeakMap<Handle, Map<Node, CallbackReleases>>();
/** Second releases already reported, over the walks of the owner and of its callbacks. */
const reportedOf = new WeakMap<Handle, Set<Node>>();

function reportedFor(handle: Handle): Set<Node> {
  let reported = reportedOf.get(handle);
  if (!reported) reportedOf.set(handle, (reported = new Set()));
  return reported;
}

/**
 * Double releases of `handle` on the paths of `recorder` from `starts`. For a callback that takes
 * over the handle (not its owner), also records how the callback ends, for the walk of the function
 * around it.
 */
export function reportDoubleRelease(a: Analysis, recorder: PathRecorder<Handle>, handle: Handle, starts: [Segment, number][], isOwner = true): void {
  if (!a.subscribers.some(s => s.doubleRelease)) return;
  if (isOwner && !mayMeetTwoReleases(recorder, handle)) return;
  const doubles: [Node, Node][] = [];
  const ends = walk(a, recorder, handle, starts, isOwner ? null : doubles);
  if (isOwner) return;
  let byFn = callbacksOf.get(handle);
  if (!byFn) callbacksOf.set(handle, (byFn = new Map()));
  byFn.set(recorder.fn, { ends, doubles });
}

/**
 * Can a path of the owner meet a second release at all? It needs two releases, or one that a loop
 * turns back to, or a callback or chain link that may release, or a disposal at the end of a
 * `using` block; without any of them (most handles) the walk would find nothing.
 */
function mayMeetTwoReleases(recorder: PathRecorder<Handle>, handle: Handle): boolean {
  if (handle.disposedBy) return true;
  let release: Node | null = null;
  for (const events of recorder.eventLists()) {
    for (const event of events) {
      if (event.handle !== handle) continue;
      if (event.type === 'delegate') return true;
      if (event.type !== 'release' || !event.node || event.node === release) continue;
      // (The copies of a `finally` block record the same release once each.)
      if (release) return true;
      release = event.node;
    }
  }
  return release !== null && loopBetween(release, recorder.fn);
}

/** The callback `fn` runs from where the walk is: its own double releases are this path's. */
function replay(a: Analysis, handle: Handle, fn: Node | undefined, sink: [Node, Node][] | null): CallbackReleases | undefined {
  const known = fn ? callbacksOf.get(handle)?.get(fn) : undefined;
  for (const [first, second] of known?.doubles ?? []) reportSecond(a, handle, first, second, sink);
  return known;
}

/** A callback that surely runs where it is handed over: one of the handle's own methods (`c.query(sql, cb)`), not a listener. */
function surelyCalledBack(a: Analysis, handle: Handle, event: PathEvent<Handle>): boolean {
  if (event.node?.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = event.node.callee;
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : null;
  return !!method && !LISTENER_METHODS.has(method) && refersTo(a, handle, (callee as TSESTree.MemberExpression).object);
}

/**
 * The release at `root` on a path that released at `first` already: reported (once) unless a flag the
 * code keeps guards it (`if (!released) …`), its failure is dropped, or it is the same release on the
 * next turn of a loop that a flag ends. True when reported.
 */
function reportSecond(
  a: Analysis,
  handle: Handle,
  first: Node | null,
  root: Node,
  sink: [Node, Node][] | null,
  flagKnown = false,
  decided?: (flag: Variable) => boolean,
): boolean {
  const reported = reportedFor(handle);
  const again = first === root;
  if (!first || reported.has(root) || handle.attemptedRoots.has(root)) return false;
  // A flag whose value the walk knows on this path decides by itself whether the release runs.
  if (!flagKnown && (isFlagGuarded(a, root, handle, decided) || (again && loopEndsByFlag(a, root, handle.owner)))) return false;
  if (sink) {
    // Inside a callback: reported where the function around it reaches the callback.
    if (!sink.some(([f, s]) => f === first && s === root)) sink.push([first, root]);
    return true;
  }
  // A callback runs after the code that follows its call, links of one chain are entered outermost
  // (last) first: name the releases in source order.
  const [earlier, later] = first.range[0] <= root.range[0] ? [first, root] : [root, first];
  // Two releases in a loop pair both ways (this turn's second, the next turn's first): one report.
  const named = reported.has(later);
  reported.add(root);
  reported.add(later);
  if (named) return false;
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
function reportBeforeDisposal(a: Analysis, handle: Handle, declaration: Node, root: Node): void {
  const reported = reportedFor(handle);
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

/** The walk state at the start of a segment. */
interface Entry {
  readonly segment: Segment;
  readonly index: number;
  readonly first: Node | null;
  /** The return or throw the path leaves the function by, when it is leaving. */
  readonly returning: Node | null;
  /** What the path knows of the release flags (`released`) and of the conditions it passed. */
  readonly facts: PathFacts;
  /** A throw or a jump running a `finally` block on its way (its prior state: where the path was leaving). */
  readonly carried: Carried<Node | null> | null;
}

/**
 * The paths from `starts`, with what each released first: a second release is reported (or, inside
 * a callback, collected into `sink`). Returns how the paths end.
 */
function walk(a: Analysis, recorder: PathRecorder<Handle>, handle: Handle, starts: [Segment, number][], sink: [Node, Node][] | null): Outcome[] {
  const ends: Outcome[] = [];
  const end = (released: Node | null, rejects: boolean): void => {
    if (!ends.some(o => !!o.released === !!released && o.rejects === rejects)) ends.push({ released, rejects });
  };
  const visited = new Set<string>();
  // The release flags are the first conditions, their values known from the checkout.
  const bits = new AtomBits();
  const flags = walkedFlags(handle, recorder.fn);
  const walked = new Set(flags);
  const branches = new BranchFacts(a, recorder, flags);
  // The arm of a branch learns its test: an arm the path's facts rule out is not taken (null).
  const learn = (from: Segment, to: Segment, facts: PathFacts): PathFacts | null => facts.learn(bits.clauses(branches.along(from, to)));
  const stack: Entry[] = startStates(recorder, handle, bits, branches, flags, starts).map(start => ({ ...start, first: null, returning: recorder.leavingFrom(start.segment), carried: null }));
  const push = (entry: Entry): void => {
    // A `finally` block without a segment of its own begins inside one: from there on only.
    const key = `${entry.segment.id}@${entry.index}:${entry.first ? 1 : 0}:${entry.returning ? 1 : 0}:${entry.facts.key()}:${carriedKey(entry.carried)}`;
    if (visited.has(key)) return;
    visited.add(key);
    stack.push(entry);
  };
  /** Chains already followed, by their last link, with the release state they were entered in. */
  const chains = new Set<string>();
  /** Releases of an awaited chain that happen only when it rejects: they go with the await's exception (a later segment). */
  const onRejection = new Map<Node, Node>();
  while (stack.length > 0) {
    const entry = stack.pop()!;
    let { first, returning, facts, carried } = entry;
    /** What was released before `first`: a release that throws (`await trx.commit()`) did not happen. */
    let beforeFirst: Node | null = null;
    const followedHere = new Set<Node>();
    const events = recorder.eventsOf(entry.segment);
    let closed = false;
    // A flag the walk follows and knows the value of on this path: the branches on it took their arm.
    const decided = (flag: Variable): boolean => walked.has(flag) && facts.valueOf(bits.of(flag)) !== undefined;
    const released = (root: Node, flagKnown = false): void => {
      if (!first && handle.disposedBy && !sink) reportBeforeDisposal(a, handle, handle.disposedBy, root);
      if (reportSecond(a, handle, first, root, sink, flagKnown, decided)) closed = true;
      else if (root !== first) {
        beforeFirst = first;
        first = root;
      }
    };
    /** An exception thrown at `node`, on a path that knows `known`, into the first handler it meets. */
    const throwFrom = (node: Node, known: PathFacts): void => {
      // A throw after the release may still reach a `catch` that releases again; a throw of the
      // release itself means it did not complete.
      let thrownWith = first && containsNode(first, node) && !handle.releasedOnThrow.has(first) ? beforeFirst : first;
      for (const [top, root] of onRejection) if (containsNode(node, top)) thrownWith ??= root;
      // Released or not, the exception runs the `finally` it leaves: two releases there are two.
      const route = firstHandler(node, recorder.fn);
      if (route === 'escapes') end(thrownWith, true);
      // Into a `finally`, the exception leaves like a return: through the block's leaving copy.
      const intoFinally = typeof route === 'object' && route.type === AST_NODE_TYPES.BlockStatement;
      const target = typeof route !== 'object' ? undefined : intoFinally ? recorder.finallyEntry(route, !!returning) : recorder.catchEntry(route, !!returning);
      const leaving = intoFinally ? node : returning;
      // What it carries on: through that `finally`, and what is still pending around its handler.
      const carries = typeof route !== 'object' ? null : intoFinally ? throwInto(node, route, returning, carried) : caughtAt(carried, route);
      if (target) push({ segment: target, index: 0, first: thrownWith, returning: leaving, facts: known, carried: carries });
    };
    for (let i = entry.index; i < events.length && !closed; i++) {
      const event = events[i];
      if (leftAtEvent(carried, event.node)) {
        // The copy of the block goes on into the code after its `try`: the carried completion does not.
        goOn(recorder, { ...entry, first, returning, facts, carried }, push, end);
        closed = true;
        break;
      }
      if (event.type === 'return') {
        carried = null;
        returning = event.node ?? recorder.fn;
        const value = event.node?.type === AST_NODE_TYPES.ReturnStatement ? event.node.argument : null;
        if (value && mayRejectValue(handle, value)) end(first, true);
      }
      const step = throughCondition(bits, facts, event);
      if (step) {
        if (step.thrown) throwFrom(event.node!, step.thrown);
        if (step.after) facts = step.after;
        // After a `throw`, only its exception goes on.
        closed = !step.after || (carried !== null && event.node?.type === AST_NODE_TYPES.ThrowStatement);
        continue;
      }
      if (event.type === 'jump') {
        // A `break`/`continue` runs the `finally` blocks it leaves on its way to its target (the graph goes straight there).
        for (const step of jumpSteps(recorder, event.node!, entry.segment, returning, carried, !!returning)) {
          push({ segment: step.segment, index: step.index, first, returning, facts, carried: step.carried });
        }
        closed = true;
        continue;
      }
      if (event.handle !== handle) continue;
      if (event.type === 'flag') {
        facts = facts.assign(bits.of(event.flag), event.value);
        continue;
      }
      // `if (!released) c.release()` where this path set the flag: the release does not run.
      const guard = event.type === 'release' && event.node ? handle.flagGuards.get(event.node) : undefined;
      const guardBit = guard ? bits.of(guard.flag) : 0;
      if (facts.valueOf(guardBit) === true) continue;
      if (guard && guard.sets !== null) facts = facts.assign(guardBit, guard.sets);
      if (event.type === 'delegate' && event.chain !== 'callback') {
        // A link of a promise chain: the whole chain is followed once, in the order its links run.
        const top = chainTop(event.node!);
        const key = `${top.range[0]}:${first ? first.range[0] : -1}`;
        // Its other links (and both handlers of one `.then`) come next: the chain was followed already.
        if (followedHere.has(top) || chains.has(key)) continue;
        followedHere.add(top);
        chains.add(key);
        const after = followChain(a, handle, top, first, sink);
        if (after === 'reported') closed = true;
        else {
          if (after.ok) released(after.ok);
          if (after.rejected) onRejection.set(top, after.rejected);
        }
        continue;
      }
      if (event.type === 'delegate') {
        // A callback of the handle's own method runs once, later: what it may release counts on this path.
        const known = replay(a, handle, event.fn, sink);
        if (!known || !surelyCalledBack(a, handle, event)) closed = true;
        else {
          const root = known.ends.find(o => o.released)?.released;
          if (root) released(root);
        }
        continue;
      }
      switch (event.type) {
        case 'release':
          // Through a release function (no node): its own guards are unknown.
          if (event.node) released(event.node, !!guard);
          break;
        // A branch that holds no connection, or another value in the variable: this path ends. (An
        // escape does not end it: handed on, the handle is still the same one, and releasing it
        // twice is a double release whoever holds it.)
        case 'notHeld':
        case 'reassign':
        case 'acquire':
          closed = true;
          break;
        default:
          break;
      }
    }
    if (!closed) goFrom(recorder, handle, { ...entry, first, returning, facts, carried }, push, end, learn);
  }
  return ends;
}

/** Where the path goes on from the end of its segment (`entry` as the segment's events left it). */
function goFrom(
  recorder: PathRecorder<Handle>,
  handle: Handle,
  entry: Entry,
  push: (entry: Entry) => void,
  end: (released: Node | null, rejects: boolean) => void,
  learn: (from: Segment, to: Segment, facts: PathFacts) => PathFacts | null,
): void {
  const { segment, first, returning, facts, carried } = entry;
  if (carried) {
    // Inside a block run for a throw or a jump: where the block ends, the completion goes on.
    const { ends: blockEnds, next } = nextInBlock(recorder, carried, segment);
    if (blockEnds) goOn(recorder, entry, push, end);
    for (const n of blockEnds ? [] : next) {
      const known = (segment.reachable ? recorder.follows(segment, n, returning) : !recorder.isCatchEntry(n)) ? learn(segment, n, facts) : null;
      if (known) push({ segment: n, index: 0, first, returning, facts: known, carried });
    }
    return;
  }
  // Code no path reaches, walked for a jump whose `finally` returned: the graph does not link that return.
  if (!segment.reachable) {
    if (returning) end(first, false);
    return;
  }
  if (segment.nextSegments.length === 0 || (returning && recorder.codePath.returnedSegments.includes(segment))) {
    if (!recorder.endsByThrowOnly(segment)) {
      end(first, false);
      const body = (recorder.fn as TSESTree.ArrowFunctionExpression).body;
      if (recorder.fn.type === AST_NODE_TYPES.ArrowFunctionExpression && body.type !== AST_NODE_TYPES.BlockStatement && mayRejectValue(handle, body)) end(first, true);
    }
  }
  for (const next of segment.nextSegments) {
    const known = recorder.follows(segment, next, returning) ? learn(segment, next, facts) : null;
    if (known) push({ segment: next, index: 0, first, returning, facts: known, carried: null });
  }
}

/** The block `entry` runs for its carried throw or jump ends in its segment: the completion goes on (an exception out of the function ends the path). */
function goOn(recorder: PathRecorder<Handle>, entry: Entry, push: (entry: Entry) => void, end: (released: Node | null, rejects: boolean) => void): void {
  const steps = afterFinally(recorder, entry.carried!, entry.segment);
  if (steps === 'escapes') return end(entry.first, true);
  for (const step of steps) push({ ...entry, segment: step.segment, index: step.index, carried: step.carried, returning: step.caught ? step.caught.prior : entry.returning });
}

interface LinkState {
  readonly rejected: boolean;
  readonly released: Node | null;
}

/**
 * Runs the links of the chain ending at `top` from both outcomes of its head, with `first` released
 * before it: reports a link that releases after an earlier release, else says what the chain may
 * have released when it resolves (`ok`) and when it rejects (`rejected`).
 */
function followChain(a: Analysis, handle: Handle, top: Node, first: Node | null, sink: [Node, Node][] | null): 'reported' | { ok: Node | null; rejected: Node | null } {
  let states: LinkState[] = [
    { rejected: false, released: first },
    { rejected: true, released: first },
  ];
  for (const link of chainLinks(top)) {
    const next: LinkState[] = [];
    for (const state of states) {
      const handler = linkHandler(link, state.rejected);
      if (!handler) {
        next.push(state);
        continue;
      }
      for (const outcome of handlerOutcomes(a, handle, handler, sink)) {
        if (state.released && outcome.released && reportSecond(a, handle, state.released, outcome.released, sink)) return 'reported';
        const rejected = outcomeAfter(link, state.rejected, outcome.rejects);
        const released = state.released ?? outcome.released;
        if (!next.some(s => s.rejected === rejected && !!s.released === !!released)) next.push({ rejected, released });
      }
    }
    states = next;
  }
  const releasedWhen = (rejected: boolean): Node | null => states.find(s => s.rejected === rejected && s.released && s.released !== first)?.released ?? null;
  // Not awaited, the chain's outcome does not steer the function: what it may release counts on.
  const [user] = valueParent(top);
  if (user?.type !== AST_NODE_TYPES.AwaitExpression) return { ok: releasedWhen(false) ?? releasedWhen(true), rejected: null };
  return { ok: releasedWhen(false), rejected: releasedWhen(true) };
}

/** How a link's handler may end: as recorded for a callback that handles the handle, else read from its text. */
function handlerOutcomes(a: Analysis, handle: Handle, handler: Node, sink: [Node, Node][] | null): Outcome[] {
  const known = replay(a, handle, handler, sink);
  if (known) return known.ends;
  const settles = [{ released: null, rejects: false }];
  return mayReject(handle, handler) ? [...settles, { released: null, rejects: true }] : settles;
}
