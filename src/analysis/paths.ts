import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

type Segment = TSESLint.CodePathSegment;
type CodePath = TSESLint.CodePath;

/** Something that happened at one point of one code path, in execution order. */
export interface PathEvent<H> {
  readonly type:
    | 'acquire'
    | 'release'
    | 'escape'
    | 'pass'
    | 'notHeld'
    | 'delegate'
    | 'mayThrow'
    | 'return'
    | 'await'
    | 'poolCall'
    | 'reassign'
    /** A `break`/`continue` that runs `finally` blocks on its way out (the graph skips them). */
    | 'jump'
    /** The first use of a lazy handle: from here on it holds a connection. */
    | 'engage'
    /** A release flag assigned (`released = true`): `flag` is its variable, `value` what it now holds. */
    | 'flag'
    /** A call that throws exactly when the condition `flag` holds (`signal.throwIfAborted()`); null: one the walk does not keep. */
    | 'assert'
    /** The variable of the conditions `atoms` (or a member of it) written: what a path knew of them is gone. */
    | 'forget';
  /** poolCall: which pool (a variable or a `this.field` name) the call goes to. */
  readonly pool?: unknown;
  readonly handle?: H;
  readonly node?: TSESTree.Node;
  /** delegate: the function that takes over the release, and how it is called. */
  readonly fn?: TSESTree.Node;
  readonly chain?: 'callback' | 'then' | 'reject' | 'finally';
  /** engage: the method called on the lazy handle. */
  readonly method?: string;
  readonly flag?: unknown;
  readonly value?: boolean;
  readonly atoms?: readonly unknown[];
  /** release: a helper that releases on some of its own paths only (`finishIf(c, on)`): the handle may still be held. */
  readonly maybe?: boolean;
}

/** What the `catch` clauses and `finally` blocks of one function add to its graph. */
class TryCopies {
  /**
   * Segments that begin a `catch` clause: entered only by an exception we route there. Inside a
   * `finally` ESLint builds every segment twice (the normal and the leaving copy), so a clause may
   * have several entries, the normal ones first.
   */
  readonly catchEntries = new Map<TSESTree.Node, Segment[]>();
  readonly catchEntrySet = new Set<Segment>();
  /**
   * The first segment of each leaving copy of a `finally` block. ESLint enters it from the normal end
   * of the `try`, from its first throwable point and from every `return`; the analysis routes throws
   * itself, so only a path that returned goes through it.
   */
  readonly leavingFinally = new Map<Segment, TSESTree.TryStatement>();
  readonly finallyStarts = new Map<TSESTree.Node, Segment[]>();
  /** Segments of the leaving copies: a walk that starts there is already on its way out. */
  readonly leaving = new Set<Segment>();
  /**
   * Where each copy of a `finally` block begins, as a segment and an event index: a block without
   * a leaving copy has no segment of its own (it goes on in the segment of its `try`).
   */
  readonly finallyMarks = new Map<TSESTree.Node, [Segment, number][]>();
}

/** The copies of a function without `catch` or `finally`: only read, never written. */
const NO_TRY_COPIES = new TryCopies();

/**
 * Records events into the segments of ESLint's code path analysis while the file is traversed,
 * so that path questions ("does every path from here release?") are graph searches afterwards.
 */
export class PathRecorder<H> {
  readonly codePath: CodePath;
  readonly fn: TSESTree.Node;
  // Most functions hold no connection: what they need costs one small array until an event arrives.
  private readonly current: Segment[] = [];
  private events: Map<Segment, PathEvent<H>[]> | null = null;
  /** The node each segment starts at: says which `catch` body a segment lies in. */
  private readonly startNodes = new Map<Segment, TSESTree.Node>();
  /** What the function's `try` statements add to its graph: shared and empty until one has a `catch` or a `finally` (most functions have none). */
  private tries: TryCopies = NO_TRY_COPIES;
  active = false;

  constructor(codePath: CodePath, fn: TSESTree.Node) {
    this.codePath = codePath;
    this.fn = fn;
  }

  /** This function's own copies, made on the first write. */
  private ownTries(): TryCopies {
    if (this.tries === NO_TRY_COPIES) this.tries = new TryCopies();
    return this.tries;
  }

  segmentStart(segment: Segment, node: TSESTree.Node): void {
    this.current.push(segment);
    this.startNodes.set(segment, node);
    if (this.tries.leaving.size > 0) {
      const before = allPrevSegments(segment);
      if (before.length > 0 && before.every(prev => this.tries.leaving.has(prev))) this.ownTries().leaving.add(segment);
    }
    if (node.type === 'CatchClause') {
      const tries = this.ownTries();
      const entries = tries.catchEntries.get(node);
      if (entries) entries.push(segment);
      else tries.catchEntries.set(node, [segment]);
      tries.catchEntrySet.add(segment);
    } else if (node.parent?.type === 'TryStatement' && node.parent.finalizer === node && !allPrevSegments(segment).some(prev => within(this.startNodes.get(prev), node))) {
      // (A segment that starts at the block from inside it is the way out of the block, not in.)
      const tries = this.ownTries();
      const starts = tries.finallyStarts.get(node) ?? [];
      starts.push(segment);
      tries.finallyStarts.set(node, starts);
      this.classifyFinallyStarts(starts, node.parent as TSESTree.TryStatement);
    }
  }

  /**
   * The copies of a `finally` block all start at the block: one normal copy per parallel copy of the
   * code around it (two inside the leaving copy of an outer `finally`), then as many leaving ones
   * when its `try` or `catch` can return or throw. Each leaving copy is entered from the end of the
   * `try` (or `catch`) that its normal copy is entered from: a shared predecessor tells the two apart
   * from normal copies only.
   */
  private classifyFinallyStarts(starts: Segment[], statement: TSESTree.TryStatement): void {
    if (starts.length % 2 !== 0) return;
    const half = starts.length / 2;
    const paired = starts.slice(half).every((start, i) => allPrevSegments(start).some(prev => allPrevSegments(starts[i]).includes(prev)));
    starts.forEach((start, i) => {
      if (paired && i >= half) {
        this.ownTries().leavingFinally.set(start, statement);
        this.ownTries().leaving.add(start);
        return;
      }
      this.tries.leavingFinally.delete(start);
      const before = allPrevSegments(start);
      if (!(before.length > 0 && before.every(prev => this.tries.leaving.has(prev)))) this.tries.leaving.delete(start);
    });
  }

  /** The `finally` block `finalizer` begins here (called when the traversal enters it). */
  markFinally(finalizer: TSESTree.Node): void {
    this.ownTries().finallyMarks.set(
      finalizer,
      this.current.map(segment => [segment, this.eventsOf(segment).length]),
    );
  }

  /**
   * Where a `break`/`continue` that leaves `finalizer` runs it: its leaving copy when a path reaches
   * it (it ends where the block ends), else a copy in the code around it.
   */
  finallyMark(finalizer: TSESTree.Node, returning: boolean): [Segment, number] | undefined {
    const leaving = this.finallyEntry(finalizer, returning);
    if (leaving?.reachable) return [leaving, 0];
    const marks = this.tries.finallyMarks.get(finalizer) ?? [];
    return marks.find(([segment]) => segment.reachable) ?? marks[0];
  }

  /** The node `segment` starts at. */
  startNodeOf(segment: Segment): TSESTree.Node | undefined {
    return this.startNodes.get(segment);
  }

  /** The segment an exception routed to `clause` enters: the leaving copy on a path that returned. */
  catchEntry(clause: TSESTree.Node, returning = false): Segment | undefined {
    const entries = this.tries.catchEntries.get(clause);
    if (!entries) return undefined;
    return returning ? entries[entries.length - 1] : entries[0];
  }

  /** Is the segment part of the leaving copy of a `finally` block (run on the way out by a return or a throw)? */
  isLeaving(segment: Segment): boolean {
    return this.tries.leaving.has(segment);
  }

  /** For a walk that starts at `segment`: where its path began to leave (the segment's start), or null. */
  leavingFrom(segment: Segment): TSESTree.Node | null {
    return this.tries.leaving.has(segment) ? (this.startNodes.get(segment) ?? this.fn) : null;
  }

  /** The leaving copy of a `finally` block that an exception thrown in its `try` or `catch` runs. */
  finallyEntry(finalizer: TSESTree.Node, returning = false): Segment | undefined {
    const leaving = this.tries.finallyStarts.get(finalizer)?.filter(start => this.tries.leavingFinally.has(start));
    if (!leaving?.length) return undefined;
    return returning ? leaving[leaving.length - 1] : leaving[0];
  }

  /**
   * Does a walk follow the graph's edge `from` → `to`? Not into code that never runs (after a
   * `return` in a `finally`), not into a `catch` (entered by routed
   * exceptions only), not into the leaving copy of a `finally` unless the path began to leave
   * (`leftAt`: its `return`, or the throw carried through `finally` blocks) inside that `try`, and not
   * into the body of a `catch` from outside it (ESLint links a `switch` inside a `catch` to the end of
   * its `try`). A path that runs an outer `finally` on its way out and meets a `try` there
   * finishes that `try` normally: it goes through the normal copy of its `finally`.
   */
  follows(from: Segment, to: Segment, leftAt: TSESTree.Node | null): boolean {
    if (!to.reachable || this.tries.catchEntrySet.has(to)) return false;
    // Walks route exceptions at their own throwing points: the graph's fork at a first throwable
    // point (a write of a local in a nested `finally` on the way out) is no way a path takes.
    if (this.isThrowableFork(from, to)) return false;
    const leavingTry = this.tries.leavingFinally.get(to);
    if (leavingTry && !(leftAt && (within(leftAt, leavingTry.block) || (!!leavingTry.handler && within(leftAt, leavingTry.handler))))) return false;
    const clause = enclosingCatch(this.startNodes.get(to), this.fn);
    if (!clause) return true;
    const fromNode = this.startNodes.get(from);
    for (let n: TSESTree.Node | undefined = fromNode; n && n !== this.fn; n = n.parent) if (n === clause) return true;
    return false;
  }

  /**
   * Is `from` → `to` the graph's fork at a first throwable point (an identifier, a member read) into
   * the leaving copy of a `finally`? `from` also goes on inside that `try`. Walks route exceptions at
   * their own throwing points; a path that takes this edge left at a point the events do not place.
   */
  isThrowableFork(from: Segment, to: Segment): boolean {
    const leavingTry = this.tries.leavingFinally.get(to);
    if (!leavingTry) return false;
    const inside = (node: TSESTree.Node | undefined): boolean => within(node, leavingTry.block) || (!!leavingTry.handler && within(node, leavingTry.handler));
    // (An edge into a `catch` is the graph's own throwable fork, not a way on inside the `try`.)
    return from.nextSegments.some(next => next !== to && !this.tries.catchEntrySet.has(next) && inside(this.startNodes.get(next)));
  }

  segmentEnd(segment: Segment): void {
    // Segments nearly always end in the reverse order of their start.
    const last = this.current.length - 1;
    if (this.current[last] === segment) {
      this.current.pop();
      return;
    }
    const index = this.current.lastIndexOf(segment);
    if (index >= 0) this.current.splice(index, 1);
  }

  /** Appends an event to every current segment; returns where it landed. */
  record(event: PathEvent<H>): [Segment, number][] {
    const places: [Segment, number][] = [];
    this.events ??= new Map();
    for (const segment of this.current) {
      let list = this.events.get(segment);
      if (!list) this.events.set(segment, (list = []));
      places.push([segment, list.length]);
      list.push(event);
    }
    return places;
  }

  /** The segments that hold an event at `node` (each copy of a `finally` block records its own). */
  segmentsWith(node: TSESTree.Node): Segment[] {
    const found: Segment[] = [];
    for (const [segment, events] of this.events ?? []) if (events.some(event => event.node === node)) found.push(segment);
    return found;
  }

  /** The events of every segment, in no particular order of segments. */
  eventLists(): Iterable<readonly PathEvent<H>[]> {
    return this.events?.values() ?? [];
  }

  /** Every segment that received events. */
  eventsOf(segment: Segment): readonly PathEvent<H>[] {
    return this.events?.get(segment) ?? [];
  }

  isCatchEntry(segment: Segment): boolean {
    return this.tries.catchEntrySet.has(segment);
  }

  /** The segment ends the function by a throw only (not by a return or by falling off the end). */
  endsByThrowOnly(segment: Segment): boolean {
    return this.codePath.thrownSegments.includes(segment) && !this.codePath.returnedSegments.includes(segment);
  }
}

/** The innermost `catch` clause whose body holds `node` (not the clause itself), below `fn`. */
function enclosingCatch(node: TSESTree.Node | undefined, fn: TSESTree.Node): TSESTree.Node | null {
  if (!node || node.type === 'CatchClause') return null;
  for (let n = node.parent; n && n !== fn; n = n.parent) if (n.type === 'CatchClause') return n;
  return null;
}

function within(node: TSESTree.Node | undefined, outer: TSESTree.Node): boolean {
  return !!node && node.range[0] >= outer.range[0] && node.range[1] <= outer.range[1];
}

/** Every segment before `segment`, the unreachable ones too (ESLint has them; its types do not say so). */
function allPrevSegments(segment: Segment): readonly Segment[] {
  return (segment as Segment & { allPrevSegments?: Segment[] }).allPrevSegments ?? segment.prevSegments;
}
