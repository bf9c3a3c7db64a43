/**
 * Layer 2, lifecycle: the conditions a walk can follow through one function (see path-facts.ts). A
 * pure member read of a variable (`signal?.aborted`, `opts.signal.aborted`) met twice or more, by
 * branch tests or by assertion methods (`signal?.throwIfAborted()` throws exactly when
 * `signal?.aborted`, ASSERTION_METHODS), is a condition: each assertion throws exactly when its
 * condition holds ('assert'), and each write of the variable or of a member of it forgets ('forget').
 * In between, the read keeps its value: the code itself reads the two tests as one condition (and an
 * AbortSignal's `aborted` only ever turns true). A release flag a walk follows (`released`, whose every
 * write is a `flag` event on its paths) is a condition too. Each arm of a branch on conditions learns
 * what its test says, on the graph's edge into it (BranchFacts): the arm that skips a block
 * (`if (!released) …` without `else`) has no node of its own, only that edge.
 */
import { ASSERTION_METHODS } from '../drivers/conventions';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { containsNode, enclosingFunction, forEachChildByKeys, isFunction, propertyName, skipTypeWrappers } from './ast';
import { addEvent, type Analysis, type Handle, type Node, type Segment, type Variable } from './handle';
import type { AtomBits, Clauses, Literal, PathFacts } from './path-facts';
import type { PathEvent, PathRecorder } from './paths';

/** A pure read `root.a.b` (optional links read as the same condition: a nullish link reads as false). */
interface MemberAtom {
  readonly root: Variable;
  readonly path: string;
}

const atomsByRoot = new WeakMap<Variable, Map<string, MemberAtom>>();
/** The member reads each function keeps as conditions (those its walks follow). */
const keptOf = new WeakMap<Node, ReadonlySet<MemberAtom>>();
/** Assertion calls recorded as 'assert' events: their plain throw point is the same throw. */
const assertedCalls = new WeakSet<Node>();

/** The call is an assertion a walk sees as an 'assert' event (its 'mayThrow' says nothing more). */
export function isAssertedCall(node: Node): boolean {
  return assertedCalls.has(node);
}

/** `x.a.b` (`x?.a.b`, `x['a']`) read from a variable, with `member` read last when given; else null. */
function memberAtom(a: Analysis, node: Node, member?: string): MemberAtom | null {
  let n = skipTypeWrappers(node);
  if (n.type === AST_NODE_TYPES.ChainExpression) n = skipTypeWrappers(n.expression);
  const names = member ? [member] : [];
  while (n.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(n);
    if (!name) return null;
    names.unshift(name);
    n = skipTypeWrappers(n.object);
  }
  const root = n.type === AST_NODE_TYPES.Identifier && names.length > 0 ? a.objects.variableOf(n) : null;
  if (!root) return null;
  let byPath = atomsByRoot.get(root);
  if (!byPath) atomsByRoot.set(root, (byPath = new Map()));
  const path = names.join('.');
  let atom = byPath.get(path);
  if (!atom) byPath.set(path, (atom = { root, path }));
  return atom;
}

/**
 * What `test` being `value` says, as clauses over pure member reads ([] when nothing): `a && b` true
 * is both, `a || b` true is a disjunction of what each side says (known only when both sides say
 * something). With `flags`, a variable read by itself (`released`) is an atom too: its variable.
 */
function clausesOf(a: Analysis, test: Node, value: boolean, flags = false): Literal[][] {
  const n = skipTypeWrappers(test);
  if (n.type === AST_NODE_TYPES.UnaryExpression && n.operator === '!') return clausesOf(a, n.argument, !value, flags);
  if (flags && n.type === AST_NODE_TYPES.Identifier) {
    const variable = a.objects.variableOf(n);
    return variable ? [[{ atom: variable, value }]] : [];
  }
  if (n.type === AST_NODE_TYPES.LogicalExpression && n.operator !== '??') {
    const left = clausesOf(a, n.left, value, flags);
    const right = clausesOf(a, n.right, value, flags);
    if ((n.operator === '&&') === value) return [...left, ...right];
    if (left.length === 0 || right.length === 0 || left.length * right.length > 16) return [];
    return left.flatMap(l => right.map(r => [...l, ...r]));
  }
  const atom = memberAtom(a, n);
  return atom ? [[{ atom, value }]] : [];
}

/** `x.throwIfAborted()`, `x?.throwIfAborted()`: the call and the read whose truth makes it throw. */
function assertion(a: Analysis, node: Node): MemberAtom | null {
  if (node.type !== AST_NODE_TYPES.CallExpression) return null;
  const callee = skipTypeWrappers(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const member = ASSERTION_METHODS.get(propertyName(callee) ?? '');
  return member ? memberAtom(a, callee.object, member) : null;
}

/** The test a branch decides by (`a && b`: `b` runs when `a` is true). */
function branchTest(node: Node): Node | null {
  switch (node.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return node.test;
    case AST_NODE_TYPES.LogicalExpression:
      return node.operator === '??' ? null : node.left;
    default:
      return null;
  }
}

/** `node` is an arm of a branch: the branch's test and its value when the arm runs; else null. */
function armOf(node: Node): { test: Node; value: boolean } | null {
  const parent = node.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.consequent === node ? { test: parent.test, value: true } : parent.alternate === node ? { test: parent.test, value: false } : null;
    case AST_NODE_TYPES.LogicalExpression:
      return parent.operator !== '??' && parent.right === node ? { test: parent.left, value: parent.operator === '&&' } : null;
    default:
      return null;
  }
}

/** The atoms a literal list mentions, each once. */
function atomsIn(clauses: Clauses): Set<MemberAtom> {
  return new Set(clauses.flatMap(literals => literals.map(literal => literal.atom as MemberAtom)));
}

/**
 * Records the conditions of `fn` (its own body, not nested functions) as path events, for the walks
 * of the handles it holds: the member reads it keeps (tested or asserted twice or more, every write
 * in sight), their assertions and their writes.
 */
export function classifyConditions(a: Analysis, fn: Node): void {
  const asserts: [Node, MemberAtom][] = [];
  const sites = new Map<MemberAtom, number>();
  const count = (atoms: Iterable<MemberAtom>): void => {
    for (const atom of atoms) sites.set(atom, (sites.get(atom) ?? 0) + 1);
  };
  const visit = (node: Node): void => {
    if (node !== fn && isFunction(node)) return;
    // Only calls assert and only branches test: every other node just leads on (most of a body).
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const asserted = assertion(a, node);
      if (asserted) {
        asserts.push([node, asserted]);
        count([asserted]);
      }
    } else {
      const test = branchTest(node);
      if (test) count(new Set([...atomsIn(clausesOf(a, test, true)), ...atomsIn(clausesOf(a, test, false))]));
    }
    forEachChildByKeys(node, a.sourceCode.visitorKeys, visit);
  };
  visit(fn);
  const kept = new Set([...sites].filter(([, n]) => n >= 2).map(([atom]) => atom));
  for (const root of new Set([...kept].map(atom => atom.root))) {
    const atoms = [...kept].filter(atom => atom.root === root);
    if (!recordForgets(a, fn, root, atoms)) for (const atom of atoms) kept.delete(atom);
  }
  for (const [node, atom] of asserts) {
    assertedCalls.add(node);
    addEvent(a, node, { type: 'assert', node, flag: kept.has(atom) ? atom : null });
  }
  keptOf.set(fn, kept);
}

/**
 * What each edge of one function's graph tells a walk of one handle: the arm of a branch it enters
 * learns the branch's test over the conditions the walk follows (the member reads the function keeps,
 * the release flags whose every write the walk meets).
 */
export class BranchFacts {
  private readonly tracked: ReadonlySet<unknown>;
  private readonly byTest = new Map<Node, [Clauses, Clauses]>();

  constructor(
    private readonly a: Analysis,
    private readonly recorder: PathRecorder<Handle>,
    flags: readonly Variable[],
  ) {
    this.tracked = new Set<unknown>([...(keptOf.get(recorder.fn) ?? []), ...flags]);
  }

  /** What a path learns on the edge `from` → `to` ([] when nothing). */
  along(from: Segment, to: Segment): Clauses {
    if (this.tracked.size === 0 || from.nextSegments.length < 2) return [];
    const arm = this.armEntered(from, to);
    if (arm) return this.clauses(arm.test, arm.value);
    // The arm without a node of its own (`if` without `else`, `a && b` with `b` skipped): the fork's other way.
    for (const next of from.nextSegments) {
      const other = next === to ? null : this.armEntered(from, next);
      if (other) return this.clauses(other.test, !other.value);
    }
    return [];
  }

  /** The arm `to` begins, entered from outside it (a way back from inside, a loop's, passed no test). */
  private armEntered(from: Segment, to: Segment): { test: Node; value: boolean } | null {
    const node = this.recorder.startNodeOf(to);
    const arm = node && armOf(node);
    if (!arm) return null;
    const start = this.recorder.startNodeOf(from);
    return start && containsNode(node, start) ? null : arm;
  }

  private clauses(test: Node, value: boolean): Clauses {
    let both = this.byTest.get(test);
    if (!both) {
      const kept = (literals: readonly Literal[]): boolean => literals.every(literal => this.tracked.has(literal.atom));
      both = [clausesOf(this.a, test, true, true).filter(kept), clausesOf(this.a, test, false, true).filter(kept)];
      this.byTest.set(test, both);
    }
    return value ? both[0] : both[1];
  }
}

/**
 * A throw point or a condition event on a path that knows `facts`: what an exception thrown there
 * knows (null: none is thrown) and what the path knows past it (null: the path is ruled out).
 */
export function throughCondition(bits: AtomBits, facts: PathFacts, event: PathEvent<Handle>): { thrown: PathFacts | null; after: PathFacts | null } | undefined {
  switch (event.type) {
    case 'mayThrow':
      // An assertion's throw is its 'assert' event.
      return { thrown: isAssertedCall(event.node!) ? null : facts, after: facts };
    case 'assert': {
      // It throws exactly when its condition holds; past it, the condition is false.
      const bit = bits.of(event.flag);
      return { thrown: facts.learnThat(bit, true), after: facts.learnThat(bit, false) };
    }
    case 'forget':
      return { thrown: null, after: facts.assign(bits.mask(event.atoms!)) };
    default:
      return undefined;
  }
}

/**
 * A 'forget' event of `atoms` at each write of `root` or of a member of it. False when a write is
 * out of the walk's sight (in a nested function, a loop head, a destructuring target): the reads
 * are then no conditions.
 */
function recordForgets(a: Analysis, fn: Node, root: Variable, atoms: MemberAtom[]): boolean {
  const sites: Node[] = [];
  const own = isFunction(fn) ? fn : null;
  for (const reference of root.references) {
    const site = writeSite(reference.identifier as Node, reference.isWrite());
    if (site === null) continue;
    if (site === 'unknown' || enclosingFunction(site) !== own) return false;
    sites.push(site);
  }
  for (const site of sites) addEvent(a, site, { type: 'forget', atoms });
  return true;
}

/** Nodes a write reaches its target through: destructuring patterns. */
function isPattern(node: Node): boolean {
  return node.type === AST_NODE_TYPES.Property || node.type === AST_NODE_TYPES.RestElement || node.type.endsWith('Pattern');
}

/**
 * Where `id` is written, or a member read through it is (`x = …`, `const x = …`, `x.a = …`, `x.a++`,
 * `delete x.a`): the node whose entry starts the write; null for a read (or a parameter, set before
 * the body runs); 'unknown' for a write the walk cannot place.
 */
function writeSite(id: Node, isWrite: boolean): Node | 'unknown' | null {
  let target: Node = id;
  let parent = id.parent;
  if (!isWrite) {
    // A read: a write when the member chain it starts is the target.
    while (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === target) {
      target = parent;
      parent = parent.parent;
    }
    if (target === id) return null;
    if (parent?.type === AST_NODE_TYPES.UnaryExpression) return parent.operator === 'delete' ? parent : null;
  }
  while (parent && isPattern(parent)) {
    target = parent;
    parent = parent.parent;
  }
  switch (parent?.type) {
    case AST_NODE_TYPES.UpdateExpression:
      return parent;
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.left === target ? parent : null;
    case AST_NODE_TYPES.VariableDeclarator: {
      if (parent.id !== target) return null;
      const loop = parent.parent?.parent;
      return (loop?.type === AST_NODE_TYPES.ForOfStatement || loop?.type === AST_NODE_TYPES.ForInStatement) && loop.left === parent.parent ? 'unknown' : parent;
    }
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.ForInStatement:
      return parent.left === target ? 'unknown' : null;
    default:
      // A parameter is set before the body runs; any other write is one the walk cannot place.
      if (isFunction(parent)) return null;
      return isWrite ? 'unknown' : null;
  }
}
