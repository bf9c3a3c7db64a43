/**
 * Same-file function summaries: what calling a function of this file does to connections, so that
 * a checkout or a release behind a helper counts where the helper is called. One summary per
 * function, computed lazily and cached for the file: it returns a fresh checkout (always, or unless
 * an argument is given), releases its parameter k (on every path or on some), can throw or cannot.
 * A helper of a helper composes; a cycle gives no summary (not a checkout, not a release).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { ObjectModel } from '../drivers/types';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import type { Acquisition } from './acquires';
import { containsNode, enclosingFunction, forEachChild, forEachNodeSaying, type FunctionNode, isFunction, nodeAt, propertyName, skipTypeWrappers, valueParent } from './ast';
import { calledNamePositions } from './called-names';
import { fileState } from './file-state';
import { poolReleaseMethods, releaseMethods, stripNullTest } from './handle';
import { calledName, localCallee, methodsOf, siblingCallee, thisOwner } from './local-calls';
import { handleOwnerFor, type HandleOwner } from './owning-classes';
import { type ParamRelease, type ParamUse, readParamUse } from './param-uses';
import { neverThrows, releaseRoot, releasesAlways } from './release-sites';
import { type TupleShape, tupleShape } from './tuple-returns';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;
type Call = TSESTree.CallExpression | TSESTree.NewExpression;

/** A function whose every normal return is a connection it checked out. */
export interface FreshReturn {
  /** The checkout inside (itself perhaps a call of another helper). */
  readonly acquisition: Acquisition;
  /** `return given ?? pool.connect()`: the parameter whose value, when given, is returned instead. */
  readonly unlessParam: number | null;
  /** `return new Session(await pool.connect())`: the object returned holds the checkout in a field. */
  readonly owner: HandleOwner | null;
  /** `return [null, await pool.connect()]` / `return [e, null]`: the handle is an element of a tuple. */
  readonly tuple: TupleShape | null;
}

export type { ParamRelease } from './param-uses';

/**
 * The values `fn`'s own `return` statements give, in source order, or null when one returns nothing.
 * Found where the text says `return` (a keyword is never spelled with escapes), which costs a few
 * searches where a walk would visit every node of the body.
 */
function returnedValues(sourceCode: Readonly<TSESLint.SourceCode>, fn: FunctionNode): Node[] | null {
  const values: Node[] = [];
  let bare = false;
  forEachNodeSaying(sourceCode, 'return', fn.body.range, (node, at) => {
    if (node.type !== AST_NODE_TYPES.ReturnStatement || node.range[0] !== at || enclosingFunction(node) !== fn) return;
    if (node.argument) values.push(node.argument);
    else bare = true;
  });
  return bare ? null : values;
}

/** The summaries of one file's functions. */
export class FunctionSummaries {
  private readonly fresh = new Map<FunctionNode, FreshReturn | null>();
  private readonly releases = new Map<ObjectModel, Map<FunctionNode, (ParamRelease | undefined)[]>>();
  private readonly onThrow = new Map<ObjectModel, Map<string, boolean>>();
  private readonly uses = new Map<ObjectModel, Map<FunctionNode, (ParamUse | undefined)[]>>();
  private readonly releaseHelpers = new Map<ObjectModel, Map<Node, { callee: string; fn: FunctionNode } | null>>();
  /** Summaries being computed: a call back into one of them is a cycle, and gives nothing. */
  private readonly inProgress = new Set<string>();

  constructor(
    readonly sourceCode: Readonly<TSESLint.SourceCode>,
    readonly variableOf: (id: TSESTree.Identifier) => Variable | null,
  ) {}

  /** The same-file function a call goes to. */
  callee(call: Call): FunctionNode | null {
    return localCallee(call, this.variableOf);
  }

  canThrow(fn: FunctionNode): boolean {
    return !neverThrows(fn);
  }

  /**
   * Adds to `acquisitions` every call of a same-file function that returns a fresh checkout, helpers
   * of helpers included: each round scans the text for the names of the functions found in the last.
   */
  addHelperCheckouts(acquisitions: Map<Node, Acquisition>): void {
    let candidates = new Set<FunctionNode>();
    for (const acquisition of acquisitions.values()) {
      const fn = enclosingFunction(acquisition.call);
      if (fn) candidates.add(fn);
    }
    const seenCalls = new Set<Node>();
    while (candidates.size > 0) {
      const byName = new Map<string, FunctionNode[]>();
      for (const fn of candidates) {
        if (this.fresh.has(fn)) continue;
        const result = this.freshReturn(fn, acquisitions);
        this.fresh.set(fn, result);
        const name = result ? calledName(fn) : null;
        if (name) byName.set(name, [...(byName.get(name) ?? []), fn]);
      }
      candidates = new Set();
      if (byName.size === 0) break;
      for (const at of calledNamePositions(this.sourceCode.text, { anywhere: new Set(byName.keys()), onPool: new Set() })) {
        const call = callAt(nodeAt(this.sourceCode.ast, at, this.sourceCode.visitorKeys));
        if (!call || seenCalls.has(call) || acquisitions.has(call)) continue;
        seenCalls.add(call);
        const fn = this.callee(call);
        const summary = fn && this.fresh.get(fn);
        const acquisition = summary && fn !== enclosingFunction(call) ? this.callSiteCheckout(call, fn, summary) : null;
        if (!acquisition) continue;
        acquisitions.set(call, acquisition);
        const caller = enclosingFunction(call);
        if (caller && !this.fresh.has(caller)) candidates.add(caller);
      }
    }
  }

  /** Does every normal return of `fn` return a connection it checked out (and nothing releases it first)? */
  private freshReturn(fn: FunctionNode, acquisitions: ReadonlyMap<Node, Acquisition>): FreshReturn | null {
    if (fn.generator) return null;
    if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return this.freshValue(fn, fn.body, acquisitions, true);
    // A body whose text never says `return` returns nothing: no walk (most functions that check out).
    const firstReturn = this.sourceCode.text.indexOf('return', fn.body.range[0]);
    if (firstReturn === -1 || firstReturn >= fn.body.range[1]) return null;
    const values = returnedValues(this.sourceCode, fn);
    // Every way through the body ends in a return or a throw (never off the end).
    if (!values || values.length === 0 || completesNormally(fn.body)) return null;
    const fresh = values.map(value => this.freshValue(fn, value, acquisitions, true));
    if (fresh.every(value => value && !value.tuple === !fresh[0]!.tuple)) return fresh[0]!;
    const isFresh = (node: Node): boolean => {
      const value = this.freshValue(fn, node, acquisitions, true);
      return !!value && !value.tuple && value.unlessParam === null;
    };
    const tuple = tupleShape(values, isFresh);
    const inner = tuple && values.map(value => (value as TSESTree.ArrayExpression).elements[tuple.element]).find(e => e && isFresh(e));
    return inner ? { ...this.freshValue(fn, inner, acquisitions, true)!, tuple } : null;
  }

  /** `pool.connect()`, `await this.helper()`, `given ?? pool.connect()`, or a local bound to one and never released. */
  private freshValue(fn: FunctionNode, expression: Node, acquisitions: ReadonlyMap<Node, Acquisition>, followLocal: boolean): FreshReturn | null {
    let node = skipTypeWrappers(expression);
    while (node.type === AST_NODE_TYPES.AwaitExpression) node = skipTypeWrappers(node.argument);
    const acquisition = acquisitions.get(node);
    if (acquisition) {
      if (acquisition.style !== 'promise' || acquisition.settle || acquisition.unlessGiven) return null;
      // A helper of a helper that returns an owning object (or a tuple) returns that too.
      const inner = acquisition.via && !acquisition.via.file ? this.fresh.get(acquisition.via.helper) : null;
      return { acquisition, unlessParam: null, owner: inner?.owner ?? null, tuple: inner?.tuple ?? null };
    }
    if (node.type === AST_NODE_TYPES.NewExpression) return this.freshOwner(node, acquisitions);
    if (node.type === AST_NODE_TYPES.LogicalExpression && (node.operator === '??' || node.operator === '||')) {
      const given = skipTypeWrappers(node.left);
      const index = given.type === AST_NODE_TYPES.Identifier ? fn.params.findIndex(p => p.type === AST_NODE_TYPES.Identifier && p.name === given.name) : -1;
      const inner = index >= 0 ? this.freshValue(fn, node.right, acquisitions, false) : null;
      return inner && inner.unlessParam === null ? { ...inner, unlessParam: index } : null;
    }
    if (node.type !== AST_NODE_TYPES.Identifier || !followLocal) return null;
    const variable = this.variableOf(node);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.node.type !== AST_NODE_TYPES.VariableDeclarator || !def.node.init || enclosingFunction(def.node) !== fn) return null;
    if (variable!.references.some(reference => reference.isWrite() && !reference.init)) return null;
    let bound = this.freshValue(fn, def.node.init, acquisitions, false);
    // `const [err, c] = await tryOpen(); … return c;`: the local is the tuple's handle element, or nothing fresh.
    const pattern = def.node.id;
    if (bound?.tuple && pattern.type === AST_NODE_TYPES.ArrayPattern && pattern.elements[bound.tuple.element] === def.name) bound = { ...bound, tuple: null };
    else if (pattern.type !== AST_NODE_TYPES.Identifier || bound?.tuple) return null;
    if (!bound || this.releasedIn(variable!, bound.acquisition.handle)) return null;
    // A lazy handle connected inside the helper is held from the call on.
    return bound.acquisition.lazy ? { ...bound, acquisition: { ...bound.acquisition, lazy: undefined } } : bound;
  }

  /** `new Session(await pool.connect())` of a same-file class that keeps the checkout in a field. */
  private freshOwner(construction: TSESTree.NewExpression, acquisitions: ReadonlyMap<Node, Acquisition>): FreshReturn | null {
    for (const [index, argument] of construction.arguments.entries()) {
      let value = skipTypeWrappers(argument);
      while (value.type === AST_NODE_TYPES.AwaitExpression) value = skipTypeWrappers(value.argument);
      const acquisition = acquisitions.get(value);
      if (!acquisition || acquisition.style !== 'promise' || acquisition.settle || acquisition.unlessGiven) continue;
      const owner = handleOwnerFor(this, construction, index, acquisition.handle, this.variableOf);
      if (owner) return { acquisition, unlessParam: null, owner, tuple: null };
    }
    return null;
  }

  /** The owning object a helper returns around its checkout (`Session.open()`), when it returns one. */
  returnedOwner(fn: FunctionNode): HandleOwner | null {
    return this.fresh.get(fn)?.owner ?? null;
  }

  /** The tuple a helper returns its checkout in (`[err, c]`), when it does. */
  returnedTuple(fn: FunctionNode): TupleShape | null {
    return this.fresh.get(fn)?.tuple ?? null;
  }

  /** Is the local released anywhere (a helper that checks out, releases and returns the dead handle)? */
  private releasedIn(variable: Variable, model: ObjectModel): boolean {
    return variable.references.some(reference => {
      const call = this.releaseCallOf(reference.identifier as Node, model);
      return call !== null && !isCleanup(call);
    });
  }

  /**
   * The checkout a call of a fresh-returning helper makes at its call site. A helper that returns a
   * given handle instead owns nothing when one is given: the call site owns the result only where
   * the argument is surely absent, or is its own optional parameter (then the result is owned when
   * that parameter is left undefined, as for `given ?? pool.connect()` written in place).
   */
  private callSiteCheckout(call: Call, fn: FunctionNode, summary: FreshReturn, home: FunctionSummaries = this): Acquisition | null {
    let unlessGiven: Node | undefined;
    if (summary.unlessParam !== null) {
      const argument = call.arguments[summary.unlessParam];
      const value = argument && skipTypeWrappers(argument);
      if (value && !(value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined' && !this.variableOf(value)?.defs.length)) {
        if (!isOwnOptionalParam(value, call, this.variableOf)) return null;
        unlessGiven = value;
      }
    }
    const inner = summary.acquisition;
    const name = calledName(fn);
    // `(0, db_1.getConnection)()`, TypeScript's compiled call, is written as the function it calls.
    const written = call.callee.type === AST_NODE_TYPES.SequenceExpression ? call.callee.expressions[call.callee.expressions.length - 1] : call.callee;
    const callee = this.sourceCode.getText(written).replace(/\s+/g, '');
    return {
      ...inner,
      call,
      style: 'promise',
      callback: undefined,
      handleParam: undefined,
      releaseParam: undefined,
      settle: undefined,
      unlessGiven,
      via: {
        helper: fn,
        callee: callee.length > 40 ? `${callee.slice(0, 37)}...` : callee,
        line: fn.loc.start.line,
        release: name ? asWrittenAt(call, home.releaseHelperNear(fn, inner.handle), this.sourceCode) : null,
      },
    };
  }

  /**
   * A call of a helper declared in another file (`home` holds that file's summaries), when its
   * summary there returns a fresh checkout. Its release helper is offered only as a method of the
   * same receiver (`db.release(conn)` beside `db.getConnection()`): a function of that file may not
   * be imported here.
   */
  foreignCheckout(call: Call, fn: FunctionNode, home: FunctionSummaries, file: string): Acquisition | null {
    const summary = home.fresh.get(fn);
    const acquisition = summary ? this.callSiteCheckout(call, fn, summary, home) : null;
    if (!acquisition?.via) return acquisition;
    // A function of that file may not be imported here: only a method on the same receiver is offered.
    const release = acquisition.via.release?.callee.includes('.') ? acquisition.via.release : null;
    return { ...acquisition, via: { ...acquisition.via, file, release } };
  }

  /** The release helper next to a checkout helper (`_releaseConnection(conn)` beside `_getConnection()`), as written at a call site. */
  private releaseHelperNear(fn: FunctionNode, model: ObjectModel): { callee: string; async: boolean } | null {
    const method = fn.parent?.type !== AST_NODE_TYPES.VariableDeclarator && fn.type !== AST_NODE_TYPES.FunctionDeclaration;
    const owner: Node = (method ? thisOwner(fn.body) : null) ?? this.sourceCode.ast;
    let byOwner = this.releaseHelpers.get(model);
    if (!byOwner) this.releaseHelpers.set(model, (byOwner = new Map()));
    if (!byOwner.has(owner)) {
      const siblings =
        owner.type === AST_NODE_TYPES.Program ? topLevelFunctions(owner) : [...methodsOf(owner as Parameters<typeof methodsOf>[0]).entries()];
      const found = siblings.find(([, sibling]) => sibling.params.length >= 1 && this.releasesParam(sibling, 0, model) === 'always');
      byOwner.set(owner, found ? { callee: siblingCallee(found[1], found[0]), fn: found[1] } : null);
    }
    const helper = byOwner.get(owner);
    return helper ? { callee: helper.callee, async: helper.fn.async } : null;
  }

  /**
   * Does `fn` release its parameter `index` (a handle of `model`) on every path, on some, or not at
   * all? A release counts as in the caller: a release method, the pool's method that takes the
   * handle back, or a helper that releases it on every path.
   */
  releasesParam(fn: FunctionNode, index: number, model: ObjectModel): ParamRelease {
    let byFn = this.releases.get(model);
    if (!byFn) this.releases.set(model, (byFn = new Map()));
    let known = byFn.get(fn);
    if (!known) byFn.set(fn, (known = []));
    if (known[index] !== undefined) return known[index]!;
    const key = `${fn.range[0]}:${index}`;
    if (this.inProgress.has(key)) return null;
    this.inProgress.add(key);
    const result = this.computeParamRelease(fn, index, model);
    this.inProgress.delete(key);
    known[index] = result;
    return result;
  }

  /**
   * Does `fn` release its parameter `index` also when it throws: every await and throw of its own
   * lies inside a `try` whose `finally` releases the parameter?
   */
  releasesOnThrow(fn: FunctionNode, index: number, model: ObjectModel): boolean {
    let byKey = this.onThrow.get(model);
    if (!byKey) this.onThrow.set(model, (byKey = new Map()));
    const key = `${fn.range[0]}:${index}`;
    let known = byKey.get(key);
    if (known === undefined) byKey.set(key, (known = this.computeReleasesOnThrow(fn, index, model)));
    return known;
  }

  private computeReleasesOnThrow(fn: FunctionNode, index: number, model: ObjectModel): boolean {
    const param = fn.params[index];
    const variable = param?.type === AST_NODE_TYPES.Identifier ? this.sourceCode.getDeclaredVariables(fn).find(v => v.name === param.name) : undefined;
    if (!variable || this.releasesParam(fn, index, model) !== 'always') return false;
    const releases = variable.references.map(reference => this.releaseCallOf(reference.identifier as Node, model)).filter(call => call !== null);
    const covered = (node: Node): boolean => {
      for (let child = node, current = node.parent; current && current !== fn; child = current, current = current.parent) {
        if (current.type === AST_NODE_TYPES.TryStatement && current.finalizer && child !== current.finalizer && releases.some(call => containsNode(current.finalizer!, call))) return true;
      }
      return false;
    };
    let all = true;
    const visit = (node: Node): void => {
      if (!all || (isFunction(node) && node !== fn)) return;
      if ((node.type === AST_NODE_TYPES.AwaitExpression || node.type === AST_NODE_TYPES.ThrowStatement) && !covered(node)) all = false;
      forEachChild(node, visit);
    };
    visit(fn.body);
    return all;
  }

  /** Does `fn` only borrow its parameter `index` (a handle of `model`), or keep it beyond the call? (Its release aside.) */
  paramUse(fn: FunctionNode, index: number, model: ObjectModel): ParamUse {
    let byFn = this.uses.get(model);
    if (!byFn) this.uses.set(model, (byFn = new Map()));
    let known = byFn.get(fn);
    if (!known) byFn.set(fn, (known = []));
    if (known[index] !== undefined) return known[index]!;
    const key = `use:${fn.range[0]}:${index}`;
    if (this.inProgress.has(key)) return null;
    this.inProgress.add(key);
    const param = fn.params[index];
    const variable = param?.type === AST_NODE_TYPES.Identifier ? this.sourceCode.getDeclaredVariables(fn).find(v => v.name === param.name) : undefined;
    const result = variable ? readParamUse(this, fn, variable, model) : null;
    this.inProgress.delete(key);
    known[index] = result;
    return result;
  }

  private computeParamRelease(fn: FunctionNode, index: number, model: ObjectModel): ParamRelease {
    const param = fn.params[index];
    if (param?.type !== AST_NODE_TYPES.Identifier) return null;
    const variable = this.sourceCode.getDeclaredVariables(fn).find(v => v.name === param.name);
    if (!variable || variable.references.some(reference => reference.isWrite())) return null;
    const isGuard = (test: Node): boolean => {
      const tested = stripNullTest(test);
      return tested.type === AST_NODE_TYPES.Identifier && this.variableOf(tested) === variable;
    };
    return this.releasesUses(fn, variable.references.map(reference => reference.identifier as Node), model, isGuard);
  }

  /** Do the releases among `uses` (reads of one handle inside `fn`) run on every path of `fn`, on some, or is there none? */
  releasesUses(fn: FunctionNode, uses: readonly Node[], model: ObjectModel, isGuard: (test: Node) => boolean): ParamRelease {
    const roots = new Set<Node>();
    let nested = false;
    for (const use of uses) {
      const call = this.releaseCallOf(use, model);
      if (!call) continue;
      if (enclosingFunction(call) !== fn) nested = true;
      else roots.add(releaseRoot(call, isGuard));
    }
    if (roots.size === 0) return nested ? 'some' : null;
    const body = fn.body;
    if (body.type !== AST_NODE_TYPES.BlockStatement) return roots.has(body) || roots.has(skipAwait(body)) ? 'always' : 'some';
    return releasesAlways(body, node => roots.has(node), isGuard) ? 'always' : 'some';
  }

  /** The call that releases the handle `use` reads: `h.release()`, `pool.putconn(h)`, `releaseIt(h)`. */
  private releaseCallOf(use: Node, model: ObjectModel): Call | null {
    const [parent, child] = valueParent(use);
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === child) {
      const name = propertyName(parent);
      const [call, callee] = valueParent(parent);
      return name && releaseMethods(model).has(name) && call?.type === AST_NODE_TYPES.CallExpression && call.callee === callee ? call : null;
    }
    if ((parent?.type !== AST_NODE_TYPES.CallExpression && parent?.type !== AST_NODE_TYPES.NewExpression) || parent.callee === child) return null;
    const position = parent.arguments.indexOf(child as TSESTree.CallExpressionArgument);
    const callee = skipTypeWrappers(parent.callee);
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : null;
    if (position === 0 && method && poolReleaseMethods(model).has(method)) return parent;
    const helper = this.callee(parent);
    return helper && position >= 0 && this.releasesParam(helper, position, model) === 'always' ? parent : null;
  }
}

/**
 * A sibling method's release as the call site writes it: `this.put` inside the class, `store.put`
 * for a call through `store.get()`. A sibling method cannot be written for a plain call.
 */
function asWrittenAt(
  call: Call,
  release: { callee: string; async: boolean } | null,
  sourceCode: Readonly<TSESLint.SourceCode>,
): { callee: string; async: boolean } | null {
  if (!release || !release.callee.startsWith('this.')) return release;
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const receiver = skipTypeWrappers(callee.object);
  return receiver.type === AST_NODE_TYPES.ThisExpression ? release : { ...release, callee: `${sourceCode.getText(receiver)}.${release.callee.slice(5)}` };
}

/** Can running `statement` reach its end (not leave by `return` or `throw`)? Loops and labels are taken to. */
function completesNormally(statement: Node | null | undefined): boolean {
  if (!statement) return true;
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
      return false;
    case AST_NODE_TYPES.BlockStatement:
      return statement.body.every(completesNormally);
    case AST_NODE_TYPES.IfStatement:
      return completesNormally(statement.consequent) || completesNormally(statement.alternate);
    case AST_NODE_TYPES.TryStatement:
      if (statement.finalizer && !completesNormally(statement.finalizer)) return false;
      return completesNormally(statement.block) || (!!statement.handler && completesNormally(statement.handler.body));
    default:
      return true;
  }
}

/** A release on the way out of a failure (in a `catch`, or right before a `throw`): the normal return still hands the handle on. */
function isCleanup(call: Node): boolean {
  for (let current: Node | undefined = call; current && !isFunction(current); current = current.parent) {
    if (current.type === AST_NODE_TYPES.CatchClause) return true;
    const parent: Node | undefined = current.parent;
    if (parent?.type === AST_NODE_TYPES.BlockStatement && /Statement$/.test(current.type)) {
      const next = parent.body[parent.body.indexOf(current as TSESTree.Statement) + 1];
      if (next?.type === AST_NODE_TYPES.ThrowStatement) return true;
    }
  }
  return false;
}

function skipAwait(node: Node): Node {
  const n = skipTypeWrappers(node);
  return n.type === AST_NODE_TYPES.AwaitExpression ? skipTypeWrappers(n.argument) : n;
}

/** The call whose callee ends with the name at this node (`helper(`, `this.helper(`). */
function callAt(name: Node): Call | null {
  const [parent, child] = valueParent(name);
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.property === name) {
    const [call, callee] = valueParent(parent);
    return call?.type === AST_NODE_TYPES.CallExpression && call.callee === callee ? call : null;
  }
  return parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === child ? parent : null;
}

/**
 * `function f(given?: Client) { … helper(given) … }`: a parameter of the function around the call
 * that may be left out: optional, typed as nullable, or untyped (JavaScript says nothing either way,
 * as for `given ?? pool.connect()` written in place).
 */
function isOwnOptionalParam(value: Node, call: Node, variableOf: (id: TSESTree.Identifier) => Variable | null): boolean {
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  const def = variableOf(value)?.defs[0];
  if (def?.type !== 'Parameter' || def.node !== enclosingFunction(call)) return false;
  const name = def.name as TSESTree.Identifier;
  if (name.parent?.type === AST_NODE_TYPES.AssignmentPattern) return false;
  const type = name.typeAnnotation?.typeAnnotation;
  return name.optional === true || !type || (type.type === AST_NODE_TYPES.TSUnionType && type.types.some(t => t.type === AST_NODE_TYPES.TSUndefinedKeyword || t.type === AST_NODE_TYPES.TSNullKeyword));
}

/** The functions declared at the top of a module, by name. */
function topLevelFunctions(program: TSESTree.Program): [string, FunctionNode][] {
  const found: [string, FunctionNode][] = [];
  for (const statement of program.body) {
    const declared = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
    if (declared?.type === AST_NODE_TYPES.FunctionDeclaration && declared.id) found.push([declared.id.name, declared]);
    if (declared?.type !== AST_NODE_TYPES.VariableDeclaration || declared.kind !== 'const') continue;
    for (const declarator of declared.declarations) {
      const init = declarator.init && skipTypeWrappers(declarator.init);
      if (declarator.id.type === AST_NODE_TYPES.Identifier && isFunction(init)) found.push([declarator.id.name, init]);
    }
  }
  return found;
}

/** The summaries of the file being linted, shared by every rule (created once per file). */
export function functionSummaries(
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: object,
  variableOf: (id: TSESTree.Identifier) => Variable | null,
): FunctionSummaries {
  const shared = fileState(sourceCode, settings).shared;
  let summaries = shared.get(FunctionSummaries) as FunctionSummaries | undefined;
  if (!summaries) shared.set(FunctionSummaries, (summaries = new FunctionSummaries(sourceCode, variableOf)));
  return summaries;
}
