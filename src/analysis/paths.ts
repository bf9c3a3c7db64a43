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
    | 'engage';
  /** poolCall: which pool (a variable or a `this.field` name) the call goes to. */
  readonly pool?: unknown;
  readonly handle?: H;
  readonly node?: TSESTree.Node;
  /** delegate: the function that takes over the release, and how it is called. */
  readonly fn?: TSESTree.Node;
  readonly chain?: 'callback' | 'then' | 'reject' | 'finally';
  /** engage: the method called on the lazy handle. */
  readonly method?: string;
}

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
  /** Segments that begin a `catch` clause: entered only by an exception we route there. */
  readonly catchEntry = new Map<TSESTree.Node, Segment>();
  active = false;

  constructor(codePath: CodePath, fn: TSESTree.Node) {
    this.codePath = codePath;
    this.fn = fn;
  }

  segmentStart(segment: Segment, node: TSESTree.Node): void {
    this.current.push(segment);
    if (node.type === 'CatchClause') this.catchEntry.set(node, segment);
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

  /** Every segment that received events. */
  eventsOf(segment: Segment): readonly PathEvent<H>[] {
    return this.events?.get(segment) ?? [];
  }

  isCatchEntry(segment: Segment): boolean {
    for (const entry of this.catchEntry.values()) if (entry === segment) return true;
    return false;
  }

  /** The segment ends the function by a throw only (not by a return or by falling off the end). */
  endsByThrowOnly(segment: Segment): boolean {
    return this.codePath.thrownSegments.includes(segment) && !this.codePath.returnedSegments.includes(segment);
  }
}
