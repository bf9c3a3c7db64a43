import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { isFunction, valueParent, type FunctionNode } from './ast';
import { enclosingFunctions, isConditionalWithin, isLazyOrFallback } from './construction-site';
import type { Creation, ObjectTracker } from './objects';
import type { RequestReach } from './request-reach';

type Node = TSESTree.Node;
type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** A construction that runs once per instance of a class. */
export interface PerInstance {
  /** The request scope that builds the instances, or ''. */
  readonly scope: string;
  readonly className: string;
  /** The constructor, or null for a field initialiser. */
  readonly fn: FunctionNode | null;
}

/** The class a constructor or field initialiser belongs to, when the construction runs per instance. */
export function instanceContext(node: Node): { cls: ClassNode; fn: FunctionNode | null } | null {
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

function className(cls: ClassNode): string | null {
  if (cls.id) return cls.id.name;
  const [parent] = valueParent(cls);
  return parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier ? parent.id.name : null;
}

/** NestJS providers are singletons unless scoped per request; `@Injectable({ scope: Scope.REQUEST })` is not. */
function diScope(sourceCode: Readonly<TSESLint.SourceCode>, cls: ClassNode): 'singleton' | 'request' | null {
  for (const decorator of cls.decorators ?? []) {
    const expression = decorator.expression;
    if (expression.type !== AST_NODE_TYPES.CallExpression || expression.callee.type !== AST_NODE_TYPES.Identifier) continue;
    if (!/^(?:Injectable|Controller|Resolver|Service|Module)$/.test(expression.callee.name)) continue;
    const text = expression.arguments.map(a => sourceCode.getText(a)).join(' ');
    return /scope\s*:\s*Scope\.(?:REQUEST|TRANSIENT)/.test(text) ? 'request' : 'singleton';
  }
  return null;
}

/**
 * A construction in a constructor or field initialiser runs once per instance: reported unless the
 * class is a singleton (a DI singleton, a private constructor, one instance built at module scope).
 * `instantiations` are the `new ClassName()` sites of the file, by class name.
 */
export function judgeInstance(
  sourceCode: Readonly<TSESLint.SourceCode>,
  objects: ObjectTracker,
  reach: RequestReach,
  instantiations: ReadonlyMap<string, readonly Node[]>,
  creation: Creation,
  [holder, child]: [Node | undefined, Node],
): PerInstance | null {
  const context = instanceContext(creation.node);
  if (!context) return null;
  const { cls, fn } = context;
  if (fn && isConditionalWithin(creation.node, fn)) return null;
  if (isLazyOrFallback(objects, holder, child, fn ?? (cls as unknown as FunctionNode))) return null;
  const name = className(cls);
  const di = diScope(sourceCode, cls);
  if (di === 'singleton') return null;
  // `private constructor` + a static accessor: a singleton by construction.
  if (cls.body.body.some(e => e.type === AST_NODE_TYPES.MethodDefinition && e.kind === 'constructor' && e.accessibility === 'private')) return null;
  const sites = name ? (instantiations.get(name) ?? []) : [];
  if (di !== 'request' && sites.length === 1 && enclosingFunctions(sites[0]).length === 0) return null;
  const perRequestSite = sites.map(site => enclosingFunctions(site)[0]).find(f => f && reach.requestScopeOf(f));
  const requestLabel = di === 'request' ? 'a request-scoped provider' : perRequestSite ? reach.requestScopeOf(perRequestSite)!.label : null;
  return { scope: requestLabel ?? '', className: name ?? 'an anonymous class', fn };
}
