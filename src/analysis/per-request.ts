import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import type { FunctionNode } from './ast';
import { boundVariable, buildsSomething, enclosingFunctions, isEnded, isEndedInWaitUntil, isLazyOrFallback, isOpened, loopWithin, valueHolder } from './construction-site';
import { instanceSitesElsewhere } from './instances-elsewhere';
import { objectTrackerFor, type Creation, type ObjectTracker } from './objects';
import { instanceContext, judgeInstance, type SiteVerdict } from './per-instance';
import { RequestReach } from './request-reach';
import { RequestScopes, type RequestScope } from './request-scope';
import { enclosingRequestScope, helperReachedPerRequest, siteVerdict, type FileFacts } from './site-verdict';
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

export function createPerRequestAnalysis(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  extraHandlers: readonly string[],
  onFindings: (findings: PerRequestFinding[]) => void,
): TSESLint.RuleListener {
  const settings = readSettings(context);
  // Without types, constructions come only from tracked driver modules: a file that names none has
  // none. With types, a `new` of the application's own subclass or generated client may be one.
  if (!settings.typeAware && !importsDriverModule(context.sourceCode, settings)) return {};
  const objects = objectTrackerFor(context, settings);
  // Every finding is a tracked construction: a file that makes none needs no listeners (with types,
  // constructions are also found during the traversal).
  objects.init(context.sourceCode.ast);
  if (!settings.typeAware && objects.creations().length === 0) return {};
  // The analysis lives in its own function: its two dozen helpers are created only for files that need them.
  return perRequestListeners(context, settings, objects, extraHandlers, onFindings);
}

function perRequestListeners(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  settings: ReturnType<typeof readSettings>,
  objects: ObjectTracker,
  extraHandlers: readonly string[],
  onFindings: (findings: PerRequestFinding[]) => void,
): TSESLint.RuleListener {
  const sourceCode = context.sourceCode;
  const patterns = [...settings.requestHandlers, ...extraHandlers].map(calleePattern).filter((p): p is RegExp => p !== null);
  const scopes = new RequestScopes(context.filename, sourceCode, id => objects.variableOf(id), patterns, fn => objects.requestHandlerLabel(fn));
  const reach = new RequestReach(objects, scopes);
  const instantiations = new Map<string, Node[]>();
  const facts: FileFacts = { sourceCode, objects, scopes, reach, instantiations };
  const instancesElsewhere = (className: string): SiteVerdict | null =>
    settings.readOtherFiles ? instanceSitesElsewhere(context.physicalFilename ?? context.filename, className, settings) : null;
  const functionStack: FunctionNode[] = [];
  return {
    Program(node) {
      objects.init(node);
      scopes.init(node);
    },
    ':function'(node: FunctionNode) {
      functionStack.push(node);
    },
    ':function:exit'() {
      functionStack.pop();
    },
    CallExpression(node) {
      reach.recordCall(functionStack[functionStack.length - 1] ?? null, node);
    },
    NewExpression(node) {
      objects.noteConstruction(node);
      if (node.callee.type !== AST_NODE_TYPES.Identifier) return;
      const list = instantiations.get(node.callee.name);
      if (list) list.push(node);
      else instantiations.set(node.callee.name, [node]);
    },
    'Program:exit'() {
      const findings: PerRequestFinding[] = [];
      for (const creation of objects.creations()) {
        const finding = judge(facts, creation, instancesElsewhere);
        if (finding) findings.push(finding);
      }
      if (findings.length > 0) onFindings(findings);
    },
  } as TSESLint.RuleListener;
}

/** The finding for one tracked construction, if it runs per request, per instance or per iteration. */
function judge(facts: FileFacts, creation: Creation, instancesElsewhere: (className: string) => SiteVerdict | null): PerRequestFinding | null {
  const { sourceCode, objects } = facts;
  if (!buildsSomething(sourceCode, creation)) return null;
  const site = valueHolder(creation.node);
  const [holder, child] = site;
  if (!isOpened(sourceCode, creation, holder, child)) return null;
  if (instanceContext(creation.node)) {
    const instance = judgeInstance({ sourceCode, objects, instantiations: facts.instantiations, siteVerdict: node => siteVerdict(facts, node), instancesElsewhere }, creation, site);
    return instance && { kind: 'perInstance', creation, scope: instance.scope, className: instance.className, fn: instance.fn, variable: null };
  }
  const chain = enclosingFunctions(creation.node);
  const fn = chain[0];
  if (!fn) return null; // module scope: built once
  if (isLazyOrFallback(objects, holder, child, fn)) return null;
  const variable = boundVariable(sourceCode, holder);
  let scope: RequestScope;
  let scopeFn: FunctionNode;
  let via: string | undefined;
  const direct = enclosingRequestScope(facts.scopes, chain);
  if (direct) {
    ({ scope, fn: scopeFn } = direct);
  } else {
    const helper = helperReachedPerRequest(facts, creation.node, site, chain, variable);
    if (!helper) return null;
    ({ scope, via } = helper);
    scopeFn = fn;
  }
  if (scope.edge) return isEnded(variable) ? null : { kind: 'notEndedOnEdge', creation, scope: scope.label, fn: scopeFn, variable };
  // `ctx.waitUntil(client.end())` only exists on isolate runtimes, where a per-request client is required.
  if (isEndedInWaitUntil(variable)) return null;
  return { kind: loopWithin(creation.node, scopeFn) ? 'perIteration' : 'perRequest', creation, scope: scope.label, via, fn: scopeFn, variable };
}
