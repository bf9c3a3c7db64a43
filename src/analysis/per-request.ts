import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { GLOBAL_OBJECT_NAMES, calleeParts, isFunction, isThis, keyName, loopBetween, propertyName, skipTypeWrappers, valueParent, type FunctionNode } from './ast';
import { objectTrackerFor, type Creation } from './objects';
import { buildsPool } from './pool-options';
import { RequestScopes } from './request-scope';
import { importsDriverModule, readSettings } from './settings';
import { calleePattern } from '../util/text';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;

/** A pool or connection built where it runs once per request, per instance or per iteration. */
export interface PerRequestFinding {
  readonly kind: 'perRequest' | 'perInstance' | 'perIteration' | 'notEndedOnEdge';
  readonly creation: Creation;
  /** Where it runs: "a route handler (`app.get`)", "the exported GET route handler"…; for instances, the request scope that builds them, or ''. */
  readonly scope: string;
  /** The class whose instances each build one (perInstance). */
  readonly className?: string;
  /** The helper that the request scope calls, when the construction sits in it. */
  readonly via?: string;
  /** The function that runs per request (or the constructor). */
  readonly fn: FunctionNode | null;
  /** The variable the construction is bound to, if any. */
  readonly variable: Variable | null;
}

const SETUP_NAME = /^(?:main|bootstrap|init|setup|start|connect|create|make|build|open|get|provide|new)(?:[A-Z_$\d]|$)/;
const ITERATING_METHODS = new Set(['forEach', 'map', 'flatMap', 'filter', 'reduce', 'some', 'every']);
const END_METHODS = new Set(['end', 'close', 'quit', 'destroy', '$disconnect', 'disconnect', 'shutdown']);
/** Calls that open or initialise what was built; the construction's value flows through them. */
const OPENING_METHODS = new Set(['connect', 'initialize', 'promise', 'asPromise', '$connect']);

export function createPerRequestAnalysis(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  extraHandlers: readonly string[],
  onFindings: (findings: PerRequestFinding[]) => void,
): TSESLint.RuleListener {
  const settings = readSettings(context);
  // Constructions come only from tracked driver modules: a file that names none has none.
  if (!importsDriverModule(context.sourceCode, settings)) return {};
  const objects = objectTrackerFor(context, settings);
  // Every finding is a tracked construction: a file that makes none needs no listeners.
  objects.init(context.sourceCode.ast);
  if (objects.creations().length === 0) return {};
  // The analysis lives in its own function: its two dozen helpers are created only for files that need them.
  return perRequestListeners(context, settings, objects, extraHandlers, onFindings);
}

function perRequestListeners(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  settings: ReturnType<typeof readSettings>,
  objects: ReturnType<typeof objectTrackerFor>,
  extraHandlers: readonly string[],
  onFindings: (findings: PerRequestFinding[]) => void,
): TSESLint.RuleListener {
  const sourceCode = context.sourceCode;
  const patterns = [...settings.requestHandlers, ...extraHandlers].map(calleePattern).filter((p): p is RegExp => p !== null);
  const scopes = new RequestScopes(context.filename, sourceCode, id => objects.variableOf(id), patterns);
  const findings: PerRequestFinding[] = [];
  const onFinding = (finding: PerRequestFinding): void => {
    findings.push(finding);
  };
  const functionStack: FunctionNode[] = [];
  /** Local calls `helper()` and `this.load()` made inside each function, for per-request propagation. */
  const callsFrom = new Map<FunctionNode | null, (TSESTree.Identifier | TSESTree.MemberExpression)[]>();
  /** `new ClassName()` sites: whether each runs at module scope. */
  const instantiations = new Map<string, Node[]>();

  const enter = (node: FunctionNode): void => {
    functionStack.push(node);
  };
  const exit = (): void => {
    functionStack.pop();
  };

  function variableOf(node: Node | null | undefined): Variable | null {
    return node?.type === AST_NODE_TYPES.Identifier ? objects.variableOf(node) : null;
  }

  /** Follows the built value up through `await`, `.connect()`, `.initialize()`: the expression that holds it. */
  function valueHolder(node: Node): [Node | undefined, Node] {
    let [parent, child] = valueParent(node);
    for (;;) {
      if (parent?.type === AST_NODE_TYPES.AwaitExpression || parent?.type === AST_NODE_TYPES.ChainExpression) {
        [parent, child] = valueParent(parent);
        continue;
      }
      if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === child) {
        const name = propertyName(parent);
        const [call] = valueParent(parent);
        if (name && OPENING_METHODS.has(name) && call?.type === AST_NODE_TYPES.CallExpression) {
          [parent, child] = valueParent(call);
          continue;
        }
      }
      return [parent, child];
    }
  }

  /** Lazy singletons and fallbacks are built once (or only without an injected pool): never reported. */
  function isLazyOrFallback(holder: Node | undefined, child: Node, fn: FunctionNode): boolean {
    if (!holder) return false;
    if (holder.type === AST_NODE_TYPES.LogicalExpression && holder.right === child) return true;
    // `constructor(private pool = new Pool())`: a default for an injected pool.
    if (holder.type === AST_NODE_TYPES.AssignmentPattern && holder.right === child) return true;
    if (holder.type === AST_NODE_TYPES.AssignmentExpression && holder.right === child) {
      if (holder.operator !== '=') return true;
      const target = holder.left;
      if (target.type === AST_NODE_TYPES.Identifier) {
        const variable = objects.variableOf(target);
        return !!variable && variable.scope.variableScope.block !== fn;
      }
      if (target.type === AST_NODE_TYPES.MemberExpression && !isThis(target.object)) {
        const object = skipTypeWrappers(target.object);
        const root = object.type === AST_NODE_TYPES.Identifier ? object : null;
        if (root && GLOBAL_OBJECT_NAMES.has(root.name)) return true;
        const variable = variableOf(root);
        return !!variable && (variable.scope.type === 'module' || variable.scope.type === 'global') && !/^(?:req|request|res|ctx|event|c)$/.test(root!.name);
      }
    }
    return false;
  }

  /** `new Client()` holds no connection until `connect()`: only a client that is opened counts. */
  function isOpened(creation: Creation, holder: Node | undefined, child: Node): boolean {
    const opens = creation.made.model.opens;
    if (!opens) return true;
    if (child !== creation.node) return true; // `new Client().connect()` went through valueHolder
    if (holder?.type !== AST_NODE_TYPES.VariableDeclarator) return false;
    const variable = sourceCode.getDeclaredVariables(holder)[0];
    return !!variable?.references.some(ref => {
      const [member] = valueParent(ref.identifier as Node);
      return member?.type === AST_NODE_TYPES.MemberExpression && propertyName(member) === opens;
    });
  }

  function buildsSomething(creation: Creation): boolean {
    const factory = creation.factory;
    return factory?.builds !== false && factory?.kind !== 'read' && buildsPool(sourceCode, creation);
  }

  /** A statement between the construction and `fn` decides whether it runs. */
  function isConditionalWithin(node: Node, fn: Node): boolean {
    for (let child = node, current = node.parent; current && current !== fn; child = current, current = current.parent) {
      switch (current.type) {
        case AST_NODE_TYPES.IfStatement:
        case AST_NODE_TYPES.ConditionalExpression:
          if (current.test !== child) return true;
          break;
        case AST_NODE_TYPES.LogicalExpression:
          if (current.right === child) return true;
          break;
        case AST_NODE_TYPES.SwitchCase:
        case AST_NODE_TYPES.CatchClause:
          return true;
        default:
          break;
      }
    }
    return false;
  }

  /** A loop statement, or an iterating callback (`rows.map(() => …)`), between `node` and `fn`. */
  function loopWithin(node: Node, fn: Node): boolean {
    if (loopBetween(node, fn)) return true;
    for (let current = node.parent; current && current !== fn; current = current.parent) {
      if (isFunction(current)) {
        const [call] = valueParent(current);
        if (call?.type === AST_NODE_TYPES.CallExpression && ITERATING_METHODS.has(calleeParts(call)[0] ?? '')) return true;
      }
    }
    return false;
  }

  function enclosingFunctions(node: Node): FunctionNode[] {
    const chain: FunctionNode[] = [];
    for (let current = node.parent; current; current = current.parent) if (isFunction(current)) chain.push(current);
    return chain;
  }

  /** The function's own name (declaration or `const name = () => …`). */
  function functionName(fn: FunctionNode): string | null {
    if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id?.name ?? null;
    const [parent] = valueParent(fn);
    if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
    if (parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.Property) return keyName(parent.key, parent.computed);
    return null;
  }

  function functionOfVariableOrNull(variable: Variable | null): FunctionNode | null {
    return variable ? functionOfVariable(variable) : null;
  }

  /** `this.load()` inside a method: the class's own `load` method. */
  function ownMethodOf(caller: FunctionNode, member: TSESTree.MemberExpression): FunctionNode | null {
    const name = propertyName(member);
    for (let current: Node | undefined = caller.parent; current; current = current.parent) {
      if (current.type === AST_NODE_TYPES.ClassBody) {
        for (const element of current.body) {
          if (element.type === AST_NODE_TYPES.MethodDefinition && keyName(element.key, element.computed) === name && isFunction(element.value)) return element.value;
        }
        return null;
      }
    }
    return null;
  }

  /** Functions of this file, by variable, for local call resolution. */
  function functionOfVariable(variable: Variable): FunctionNode | null {
    const def = variable.defs[0];
    if (!def) return null;
    if (isFunction(def.node as Node)) return def.node as FunctionNode;
    if (def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init) {
      const init = skipTypeWrappers(def.node.init);
      if (isFunction(init)) return init;
    }
    return null;
  }

  /** Per-request scope of a function, directly or through the request scopes that call it. */
  function requestScopeOf(fn: FunctionNode): { label: string; edge: boolean; via?: string } | null {
    for (const outer of [fn, ...enclosingFunctions(fn)]) {
      const scope = scopes.scopeOf(outer);
      if (scope) return scope;
    }
    return null;
  }

  let callers: Map<FunctionNode, FunctionNode[]> | null = null;
  function callersOf(fn: FunctionNode): FunctionNode[] {
    if (!callers) {
      callers = new Map();
      for (const [caller, ids] of callsFrom) {
        if (!caller) continue;
        for (const id of ids) {
          const callee = id.type === AST_NODE_TYPES.Identifier ? functionOfVariableOrNull(objects.variableOf(id)) : ownMethodOf(caller, id);
          if (!callee) continue;
          const list = callers.get(callee);
          if (list) list.push(caller);
          else callers.set(callee, [caller]);
        }
      }
    }
    return callers.get(fn) ?? [];
  }

  /** A helper reached (through helpers) from a request scope. */
  function calledFromRequest(fn: FunctionNode, seen = new Set<FunctionNode>()): { label: string; edge: boolean } | null {
    if (seen.has(fn)) return null;
    seen.add(fn);
    for (const caller of callersOf(fn)) {
      const scope = requestScopeOf(caller);
      if (scope) return scope;
      const outer = [caller, ...enclosingFunctions(caller)];
      for (const candidate of outer) {
        const name = functionName(candidate);
        if (name && SETUP_NAME.test(name)) break;
        const indirect = calledFromRequest(candidate, seen);
        if (indirect) return indirect;
      }
    }
    return null;
  }

  function isEnded(variable: Variable | null): boolean {
    if (!variable) return false;
    return variable.references.some(ref => {
      const [member] = valueParent(ref.identifier as Node);
      if (member?.type !== AST_NODE_TYPES.MemberExpression || !END_METHODS.has(propertyName(member) ?? '')) return false;
      for (let current: Node | undefined = member; current; current = current.parent) {
        if (current.type === AST_NODE_TYPES.CallExpression && calleeParts(current)[0] === 'waitUntil') return true;
        if (current.parent?.type === AST_NODE_TYPES.TryStatement && current.parent.finalizer === current) return true;
        if (isFunction(current)) return false;
      }
      return false;
    });
  }

  function isEndedInWaitUntil(variable: Variable | null): boolean {
    return !!variable?.references.some(ref => {
      for (let current: Node | undefined = ref.identifier as Node; current && !isFunction(current); current = current.parent) {
        if (current.type === AST_NODE_TYPES.CallExpression && calleeParts(current)[0] === 'waitUntil') return true;
      }
      return false;
    });
  }

  function boundVariable(holder: Node | undefined): Variable | null {
    if (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier) {
      return sourceCode.getDeclaredVariables(holder)[0] ?? null;
    }
    return null;
  }

  /** The class a constructor or field initialiser belongs to, when the construction runs per instance. */
  function instanceContext(node: Node): { cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression; fn: FunctionNode | null } | null {
    for (let child: Node = node, current = node.parent; current; child = current, current = current.parent) {
      if (current.type === AST_NODE_TYPES.PropertyDefinition && current.value === child && !current.static) {
        const cls = current.parent.parent;
        return cls.type === AST_NODE_TYPES.ClassDeclaration || cls.type === AST_NODE_TYPES.ClassExpression ? { cls, fn: null } : null;
      }
      if (isFunction(current)) {
        const method = current.parent;
        if (method?.type === AST_NODE_TYPES.MethodDefinition && method.kind === 'constructor') {
          const cls = method.parent.parent;
          return cls.type === AST_NODE_TYPES.ClassDeclaration || cls.type === AST_NODE_TYPES.ClassExpression ? { cls, fn: current } : null;
        }
        return null;
      }
    }
    return null;
  }

  function className(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression): string | null {
    if (cls.id) return cls.id.name;
    const [parent] = valueParent(cls);
    return parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier ? parent.id.name : null;
  }

  /** NestJS providers are singletons unless scoped per request; `@Injectable({ scope: Scope.REQUEST })` is not. */
  function diScope(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression): 'singleton' | 'request' | null {
    for (const decorator of cls.decorators ?? []) {
      const expression = decorator.expression;
      if (expression.type !== AST_NODE_TYPES.CallExpression || expression.callee.type !== AST_NODE_TYPES.Identifier) continue;
      if (!/^(?:Injectable|Controller|Resolver|Service|Module)$/.test(expression.callee.name)) continue;
      const text = expression.arguments.map(a => sourceCode.getText(a)).join(' ');
      return /scope\s*:\s*Scope\.(?:REQUEST|TRANSIENT)/.test(text) ? 'request' : 'singleton';
    }
    return null;
  }

  function judgeInstance(creation: Creation, holder: Node | undefined, child: Node): void {
    const context = instanceContext(creation.node);
    if (!context) return;
    const { cls, fn } = context;
    if (fn && isConditionalWithin(creation.node, fn)) return;
    if (isLazyOrFallback(holder, child, fn ?? (cls as unknown as FunctionNode))) return;
    const name = className(cls);
    const di = diScope(cls);
    if (di === 'singleton') return;
    // `private constructor` + a static accessor: a singleton by construction.
    if (cls.body.body.some(e => e.type === AST_NODE_TYPES.MethodDefinition && e.kind === 'constructor' && e.accessibility === 'private')) return;
    const sites = name ? (instantiations.get(name) ?? []) : [];
    if (di !== 'request' && sites.length === 1 && enclosingFunctions(sites[0]).length === 0) return;
    const perRequestSite = sites.map(site => enclosingFunctions(site)[0]).find(f => f && requestScopeOf(f));
    const requestLabel = di === 'request' ? 'a request-scoped provider' : perRequestSite ? requestScopeOf(perRequestSite)!.label : null;
    onFinding({
      kind: 'perInstance',
      creation,
      scope: requestLabel ?? '',
      className: name ?? 'an anonymous class',
      fn,
      variable: null,
    });
  }

  function judge(creation: Creation): void {
    if (!buildsSomething(creation)) return;
    const [holder, child] = valueHolder(creation.node);
    if (!isOpened(creation, holder, child)) return;
    if (instanceContext(creation.node)) {
      judgeInstance(creation, holder, child);
      return;
    }
    const chain = enclosingFunctions(creation.node);
    const fn = chain[0];
    if (!fn) return; // module scope: built once
    if (isLazyOrFallback(holder, child, fn)) return;
    const variable = boundVariable(holder);
    let scope: { label: string; edge: boolean } | null = null;
    let scopeFn: FunctionNode | null = null;
    for (const outer of chain) {
      const found = scopes.scopeOf(outer);
      if (found) {
        scope = found;
        scopeFn = outer;
        break;
      }
    }
    let via: string | undefined;
    if (!scope) {
      // A helper of this file that request scopes call: reported when it builds unconditionally
      // and is not a setup function or a factory that returns or stores what it builds.
      const name = functionName(fn);
      if (!name || SETUP_NAME.test(name) || chain.length > 1 || isConditionalWithin(creation.node, fn)) return;
      if (variable?.references.some(ref => valueParent(ref.identifier as Node)[0]?.type === AST_NODE_TYPES.ReturnStatement)) return;
      if (valueParent(child)[0]?.type === AST_NODE_TYPES.ReturnStatement || holder?.type === AST_NODE_TYPES.ReturnStatement) return;
      scope = calledFromRequest(fn);
      if (!scope) return;
      via = name;
      scopeFn = fn;
    }
    if (scope.edge) {
      if (!isEnded(variable)) onFinding({ kind: 'notEndedOnEdge', creation, scope: scope.label, fn: scopeFn, variable });
      return;
    }
    // `ctx.waitUntil(client.end())` only exists on isolate runtimes, where a per-request client is required.
    if (isEndedInWaitUntil(variable)) return;
    onFinding({
      kind: loopWithin(creation.node, scopeFn ?? fn) ? 'perIteration' : 'perRequest',
      creation,
      scope: scope.label,
      via,
      fn: scopeFn,
      variable,
    });
  }

  return {
    Program(node) {
      objects.init(node);
      scopes.init(node);
    },
    ':function': enter,
    ':function:exit': exit,
    CallExpression(node) {
      const callee = node.callee;
      const local = callee.type === AST_NODE_TYPES.Identifier;
      const ownMethod = callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.ThisExpression && !callee.computed;
      if (!local && !ownMethod) return;
      const caller = functionStack[functionStack.length - 1] ?? null;
      const list = callsFrom.get(caller);
      if (list) list.push(callee);
      else callsFrom.set(caller, [callee]);
    },
    NewExpression(node) {
      if (node.callee.type !== AST_NODE_TYPES.Identifier) return;
      const list = instantiations.get(node.callee.name);
      if (list) list.push(node);
      else instantiations.set(node.callee.name, [node]);
    },
    'Program:exit'() {
      for (const creation of objects.creations()) judge(creation);
      if (findings.length > 0) onFindings(findings);
    },
  } as TSESLint.RuleListener;
}
