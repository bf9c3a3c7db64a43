/**
 * How often one site of a file runs: per request, per call of a function, or once. Shared by the
 * judgement of constructions in the file being linted and of `new ClassName()` sites in the
 * application's other modules.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { valueParent, type FunctionNode } from './ast';
import { boundVariable, enclosingFunctions, isConditionalWithin, isLazyOrFallback, valueHolder } from './construction-site';
import type { ObjectTracker } from './objects';
import type { SiteVerdict } from './per-instance';
import { SETUP_NAME, functionName, type RequestReach } from './request-reach';
import type { RequestScope, RequestScopes } from './request-scope';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;

/** What judging one file's constructions reads. */
export interface FileFacts {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly objects: ObjectTracker;
  readonly scopes: RequestScopes;
  readonly reach: RequestReach;
  /** `new ClassName()` sites, by class name. */
  readonly instantiations: ReadonlyMap<string, readonly Node[]>;
}

/** The request scope whose function (or an outer one) holds the construction, with that function. */
export function enclosingRequestScope(scopes: RequestScopes, chain: readonly FunctionNode[]): { scope: RequestScope; fn: FunctionNode } | null {
  for (const outer of chain) {
    const found = scopes.scopeOf(outer);
    if (found) return { scope: found, fn: outer };
  }
  return null;
}

/**
 * A helper of this file that request scopes call: reported when it builds unconditionally and is
 * not a setup function or a factory that returns or stores what it builds.
 */
export function helperReachedPerRequest(
  facts: FileFacts,
  node: Node,
  [holder, child]: [Node | undefined, Node],
  chain: readonly FunctionNode[],
  variable: Variable | null,
): { scope: RequestScope; via: string } | null {
  const fn = chain[0];
  const name = functionName(fn);
  if (!name || SETUP_NAME.test(name) || chain.length > 1 || isConditionalWithin(node, fn)) return null;
  if (variable?.references.some(ref => valueParent(ref.identifier as Node)[0]?.type === AST_NODE_TYPES.ReturnStatement)) return null;
  if (valueParent(child)[0]?.type === AST_NODE_TYPES.ReturnStatement || holder?.type === AST_NODE_TYPES.ReturnStatement) return null;
  const scope = facts.reach.calledFromRequest(fn);
  return scope ? { scope, via: name } : null;
}

/**
 * How often a `new ClassName()` runs: per request where a construction in its place would be
 * reported; once at module scope, lazily stored, in a setup function, a function called at module
 * scope or one that returns what it makes; per call in any other named function or method; once
 * (as far as the file shows) in a callback handed to an unknown call.
 */
export function siteVerdict(facts: FileFacts, node: Node): SiteVerdict {
  const chain = enclosingFunctions(node);
  const fn = chain[0];
  if (!fn) return { kind: 'once' };
  const site = valueHolder(node);
  if (isLazyOrFallback(facts.objects, site[0], site[1], fn)) return { kind: 'once' };
  const direct = enclosingRequestScope(facts.scopes, chain);
  if (direct) return { kind: 'perRequest', label: direct.scope.label };
  const variable = boundVariable(facts.sourceCode, site[0]);
  const helper = helperReachedPerRequest(facts, node, site, chain, variable);
  if (helper) return { kind: 'perRequest', label: helper.scope.label };
  const name = functionName(fn);
  if (!name || SETUP_NAME.test(name) || facts.reach.calledAtModuleScope(fn)) return { kind: 'once' };
  if (valueParent(site[1])[0]?.type === AST_NODE_TYPES.ReturnStatement || site[0]?.type === AST_NODE_TYPES.ReturnStatement) return { kind: 'once' };
  if (variable?.references.some(ref => valueParent(ref.identifier as Node)[0]?.type === AST_NODE_TYPES.ReturnStatement)) return { kind: 'once' };
  return { kind: 'perCall', label: `\`${name}()\`` };
}

