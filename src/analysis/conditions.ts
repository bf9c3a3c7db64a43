/**
 * Layer 2, lifecycle: the conditions a walk can follow through one function (see path-facts.ts). A
 * pure member read of a variable (`signal?.aborted`, `opts.signal.aborted`) met twice or more, by
 * branch tests or by assertion methods (`signal?.throwIfAborted()` throws exactly when
 * `signal?.aborted`, ASSERTION_METHODS), is a condition: each branch arm learns what its test says
 * ('fact'), each assertion throws exactly when its condition holds ('assert'), and each write of the
 * variable or of a member of it forgets ('forget'). In between, the read keeps its value: the code
 * itself reads the two tests as one condition (and an AbortSignal's `aborted` only ever turns true).
 */
import { ASSERTION_METHODS } from '../drivers/conventions';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { enclosingFunction, forEachChild, isFunction, propertyName, skipTypeWrappers } from './ast';
import { addEvent, type Analysis, ENTER_TYPES, type Node, type Variable } from './handle';
import type { Clauses, Literal } from './path-facts';

/** A pure read `root.a.b` (optional links read as the same condition: a nullish link reads as false). */
interface MemberAtom {
  readonly root: Variable;
  readonly path: string;
}

const atomsByRoot = new WeakMap<Variable, Map<string, MemberAtom>>();
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
 * is both, `a || b` true is a disjunction of what each side says (known only when both sides say something).
 */
function clausesOf(a: Analysis, test: Node, value: boolean): Literal[][] {
  const n = skipTypeWrappers(test);
  if (n.type === AST_NODE_TYPES.UnaryExpression && n.operator === '!') return clausesOf(a, n.argument, !value);
  if (n.type === AST_NODE_TYPES.LogicalExpression && n.operator !== '??') {
    const left = clausesOf(a, n.left, value);
    const right = clausesOf(a, n.right, value);
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

/** The arms of a branch and the test each arm passed (`a && b`: `b` runs when `a` is true). */
function arms(node: Node): [Node, Node, boolean][] {
  switch (node.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return node.alternate ? [[node.consequent, node.test, true], [node.alternate, node.test, false]] : [[node.consequent, node.test, true]];
    case AST_NODE_TYPES.LogicalExpression:
      return node.operator === '??' ? [] : [[node.right, node.left, node.operator === '&&']];
    default:
      return [];
  }
}

/** The atoms a literal list mentions, each once. */
function atomsIn(clauses: Clauses): Set<MemberAtom> {
  return new Set(clauses.flatMap(literals => literals.map(literal => literal.atom as MemberAtom)));
}

/**
 * Records the conditions of `fn` (its own body, not nested functions) as path events, for the walks
 * of the handles it holds.
 */
export function classifyConditions(a: Analysis, fn: Node): void {
  const branches: [Node, Literal[][]][] = [];
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
    } else if (node.type === AST_NODE_TYPES.IfStatement || node.type === AST_NODE_TYPES.ConditionalExpression || node.type === AST_NODE_TYPES.LogicalExpression) {
      const tested = new Set<MemberAtom>();
      for (const [arm, test, value] of arms(node)) {
        const clauses = clausesOf(a, test, value);
        for (const atom of atomsIn(clauses)) tested.add(atom);
        if (clauses.length > 0 && ENTER_TYPES.has(arm.type)) branches.push([arm, clauses]);
      }
      count(tested);
    }
    forEachChild(node, visit);
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
  for (const [arm, clauses] of branches) {
    const known = clauses.filter(literals => literals.every(literal => kept.has(literal.atom as MemberAtom)));
    if (known.length === 0) continue;
    // First at the arm's entry: a release that stands at the same node runs under the arm's test.
    const list = a.enterEvents.get(arm);
    const event = { type: 'fact' as const, clauses: known };
    if (list) list.unshift(event);
    else a.enterEvents.set(arm, [event]);
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
