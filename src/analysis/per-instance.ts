import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { isFunction, valueParent, type FunctionNode } from './ast';
import { boundVariable, enclosingFunctions, isConditionalWithin, isLazyOrFallback } from './construction-site';
import type { Creation, ObjectTracker } from './objects';
import { classEndsField, endingMethodsOf, storedField } from './ownership';

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

/** How often one `new ClassName()` site runs. */
export type SiteVerdict =
  | { readonly kind: 'perRequest'; readonly label: string }
  | { readonly kind: 'perCall'; readonly label: string }
  | { readonly kind: 'once' };

/** What judging a class's instantiations reads. */
export interface InstanceFacts {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly objects: ObjectTracker;
  /** `new ClassName()` sites of the file, by class name. */
  readonly instantiations: ReadonlyMap<string, readonly Node[]>;
  /** How often a `new ClassName()` outside any class runs (request scope, a function run per call, once). */
  readonly siteVerdict: (site: Node) => SiteVerdict;
  /** How often the application's other modules instantiate the class, when they can be read (null: not known). */
  readonly instancesElsewhere?: (className: string) => SiteVerdict | null;
}

/**
 * How often the class is instantiated in this file: per request when some `new C()` runs per
 * request, per call when one runs in a function run per call, once when every one runs once (module
 * scope, a setup function), null when the file shows none. A `new C()` in another class's
 * constructor runs as often as that class is instantiated.
 */
function classVerdict(facts: InstanceFacts, name: string, seen: Set<string>): SiteVerdict | null {
  if (seen.has(name)) return { kind: 'once' };
  seen.add(name);
  const sites = facts.instantiations.get(name) ?? [];
  if (sites.length === 0) return null;
  let perCall: SiteVerdict | null = null;
  for (const site of sites) {
    const outer = instanceContext(site);
    const outerName = outer && className(outer.cls);
    const verdict: SiteVerdict = outer ? ((outerName ? classVerdict(facts, outerName, seen) : null) ?? { kind: 'once' }) : facts.siteVerdict(site);
    if (verdict.kind === 'perRequest') return verdict;
    if (verdict.kind === 'perCall') perCall ??= verdict;
  }
  return perCall ?? { kind: 'once' };
}

/** The constructor returns what it built (`return client`): `new C()` is a factory call, and its caller owns the result. */
function returnsBuilt(sourceCode: Readonly<TSESLint.SourceCode>, fn: FunctionNode, holder: Node | undefined): boolean {
  if (holder?.type === AST_NODE_TYPES.ReturnStatement) return true;
  const variable = boundVariable(sourceCode, holder);
  return !!variable?.references.some(ref => {
    const [parent] = valueParent(ref.identifier as Node);
    return parent?.type === AST_NODE_TYPES.ReturnStatement && enclosingFunctions(parent)[0] === fn;
  });
}

/**
 * A construction in a constructor or field initialiser runs once per instance: reported when the
 * instances multiply (some `new C()` runs per request or per call, a request-scoped provider), and
 * when neither the file nor the modules that import it show a `new C()`, unless the class is the
 * long-lived owner of what it builds (it ends it in a method of its own) or a factory (its
 * constructor returns what it built). Not
 * reported when every `new C()` of the file runs once, for DI singletons and private constructors.
 */
export function judgeInstance(facts: InstanceFacts, creation: Creation, [holder, child]: [Node | undefined, Node]): PerInstance | null {
  const context = instanceContext(creation.node);
  if (!context) return null;
  const { cls, fn } = context;
  if (fn && isConditionalWithin(creation.node, fn)) return null;
  if (isLazyOrFallback(facts.objects, holder, child, fn ?? (cls as unknown as FunctionNode))) return null;
  const name = className(cls);
  const label = name ?? 'an anonymous class';
  const di = diScope(facts.sourceCode, cls);
  if (di === 'singleton') return null;
  if (di === 'request') return { scope: 'a request-scoped provider', className: label, fn };
  // `private constructor` + a static accessor: a singleton by construction.
  if (cls.body.body.some(e => e.type === AST_NODE_TYPES.MethodDefinition && e.kind === 'constructor' && e.accessibility === 'private')) return null;
  const verdict = name ? (classVerdict(facts, name, new Set()) ?? facts.instancesElsewhere?.(name) ?? null) : null;
  if (verdict) return verdict.kind === 'once' ? null : { scope: verdict.label, className: label, fn };
  const field = storedField(holder, child);
  if (field && classEndsField(cls, field, endingMethodsOf(creation.made))) return null;
  if (fn && returnsBuilt(facts.sourceCode, fn, holder)) return null;
  return { scope: '', className: label, fn };
}
