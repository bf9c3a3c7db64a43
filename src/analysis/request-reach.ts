import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { isFunction, keyName, propertyName, skipTypeWrappers, valueParent, type FunctionNode } from './ast';
import { enclosingFunctions } from './construction-site';
import type { ObjectTracker } from './objects';
import type { RequestScope, RequestScopes } from './request-scope';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;

/** Names of functions that set things up once: a helper so named is not reached per request. */
export const SETUP_NAME = /^(?:main|bootstrap|init|setup|start|connect|create|make|build|open|get|provide|new)(?:[A-Z_$\d]|$)/;

/** The function's own name (declaration or `const name = () => …`). */
export function functionName(fn: FunctionNode): string | null {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id?.name ?? null;
  const [parent] = valueParent(fn);
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if (parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.Property) return keyName(parent.key, parent.computed);
  return null;
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
export function functionOfVariable(variable: Variable | null): FunctionNode | null {
  const def = variable?.defs[0];
  if (!def) return null;
  if (isFunction(def.node as Node)) return def.node as FunctionNode;
  if (def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init) {
    const init = skipTypeWrappers(def.node.init);
    if (isFunction(init)) return init;
  }
  return null;
}

/**
 * Which functions of one file run per request: request scopes themselves (route handlers, exported
 * handlers …) and the local helpers they call, through `helper()` and `this.load()`.
 */
export class RequestReach {
  /** Local calls `helper()` and `this.load()` made inside each function. */
  private readonly callsFrom = new Map<FunctionNode | null, (TSESTree.Identifier | TSESTree.MemberExpression)[]>();
  private callers: Map<FunctionNode, FunctionNode[]> | null = null;

  constructor(
    private readonly objects: ObjectTracker,
    private readonly scopes: RequestScopes,
  ) {}

  /** Records a call made inside `caller` (null: at module scope) when it may reach a local function. */
  recordCall(caller: FunctionNode | null, node: TSESTree.CallExpression): void {
    const callee = node.callee;
    const local = callee.type === AST_NODE_TYPES.Identifier;
    const ownMethod = callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.ThisExpression && !callee.computed;
    if (!local && !ownMethod) return;
    const list = this.callsFrom.get(caller);
    if (list) list.push(callee);
    else this.callsFrom.set(caller, [callee]);
  }

  /** Per-request scope of a function, directly or through the functions around it. */
  requestScopeOf(fn: FunctionNode): RequestScope | null {
    for (const outer of [fn, ...enclosingFunctions(fn)]) {
      const scope = this.scopes.scopeOf(outer);
      if (scope) return scope;
    }
    return null;
  }

  /** A helper reached (through helpers) from a request scope. */
  calledFromRequest(fn: FunctionNode, seen = new Set<FunctionNode>()): RequestScope | null {
    if (seen.has(fn)) return null;
    seen.add(fn);
    for (const caller of this.callersOf(fn)) {
      const scope = this.requestScopeOf(caller);
      if (scope) return scope;
      const outer = [caller, ...enclosingFunctions(caller)];
      for (const candidate of outer) {
        const name = functionName(candidate);
        if (name && SETUP_NAME.test(name)) break;
        const indirect = this.calledFromRequest(candidate, seen);
        if (indirect) return indirect;
      }
    }
    return null;
  }

  /** `main()` at module scope: the function runs when the module loads (once per process). */
  calledAtModuleScope(fn: FunctionNode): boolean {
    return (this.callsFrom.get(null) ?? []).some(id => id.type === AST_NODE_TYPES.Identifier && functionOfVariable(this.objects.variableOf(id)) === fn);
  }

  private callersOf(fn: FunctionNode): FunctionNode[] {
    if (!this.callers) {
      const callers = new Map<FunctionNode, FunctionNode[]>();
      for (const [caller, ids] of this.callsFrom) {
        if (!caller) continue;
        for (const id of ids) {
          const callee = id.type === AST_NODE_TYPES.Identifier ? functionOfVariable(this.objects.variableOf(id)) : ownMethodOf(caller, id);
          if (!callee) continue;
          const list = callers.get(callee);
          if (list) list.push(caller);
          else callers.set(callee, [caller]);
        }
      }
      this.callers = callers;
    }
    return this.callers.get(fn) ?? [];
  }
}
