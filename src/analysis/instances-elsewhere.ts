/**
 * `new ClassName()` in the application's other modules, for a class whose own file makes no
 * instance: how often they run decides whether a pool built per instance multiplies. The modules
 * that import the class's file (found on disk, see project-files.ts) are parsed once per text and
 * their sites judged as the sites of the file being linted are: once at module scope or in a setup
 * function, per call, per request. A module that only re-exports the class is followed to its own
 * importers.
 */
import { basename } from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { calleePattern } from '../util/text';
import { forEachChild, isFunction, keyName, propertyName, requiredSpecifier, skipTypeWrappers, type FunctionNode } from './ast';
import { withOtherFileState } from './file-state';
import { objectTrackerFor } from './objects';
import { otherFileSource } from './other-files';
import { instanceContext, type SiteVerdict } from './per-instance';
import { importersOf, moduleText, resolveRelative } from './project-files';
import { RequestReach } from './request-reach';
import { RequestScopes } from './request-scope';
import type { PluginSettings } from './settings';
import { siteVerdict, type FileFacts } from './site-verdict';

type Node = TSESTree.Node;
type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Barrels re-exporting a re-export are followed this deep. */
const MAX_REEXPORT_DEPTH = 3;

/** What one importer shows: its sites' verdict, that it only re-exports the class, or that a site cannot be judged. */
type ImporterVerdict = SiteVerdict | 'reexport' | 'unknown';

const judged = new Map<string, { readonly text: string; readonly verdict: ImporterVerdict }>();

/**
 * How often the other modules of the application instantiate `className` of `file`: per request or
 * per call when one site runs so, once when every site runs once, null when none is seen (or one
 * cannot be judged: the file's own answer stands).
 */
export function instanceSitesElsewhere(file: string, className: string, settings: PluginSettings): SiteVerdict | null {
  const verdicts: SiteVerdict[] = [];
  const visited = new Set<string>([file]);
  let frontier = [file];
  for (let depth = 0; depth < MAX_REEXPORT_DEPTH && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const exporter of frontier) {
      for (const importer of importersOf(exporter, className)) {
        if (visited.has(importer)) continue;
        visited.add(importer);
        const verdict = importerVerdict(importer, exporter, className, settings);
        if (verdict === 'unknown') return null;
        if (verdict === 'reexport') next.push(importer);
        else verdicts.push(verdict);
      }
    }
    frontier = next;
  }
  if (verdicts.length === 0) return null;
  return verdicts.find(v => v.kind === 'perRequest') ?? verdicts.find(v => v.kind === 'perCall') ?? { kind: 'once' };
}

function importerVerdict(importer: string, exporter: string, className: string, settings: PluginSettings): ImporterVerdict {
  const text = moduleText(importer);
  if (text === null) return 'unknown';
  const key = `${importer}\0${exporter}\0${className}`;
  const known = judged.get(key);
  if (known && known.text === text) return known.verdict;
  const sourceCode = otherFileSource(importer, text);
  const found = sourceCode ? withOtherFileState(() => judgeImporter(sourceCode, importer, exporter, className, settings)) : 'unknown';
  // The message names where the instances are made: "`run()` in cli.ts".
  const verdict = typeof found === 'object' && found.kind !== 'once' ? { ...found, label: `${found.label} in ${basename(importer)}` } : found;
  judged.set(key, { text, verdict });
  return verdict;
}

/** The local names under which `importer` sees the class: itself (`import { C }`) or a module object (`const m = require('./c')`). */
function bindingsOf(program: TSESTree.Program, importer: string, exporter: string, className: string): { direct: Set<string>; modules: Set<string> } {
  const direct = new Set<string>();
  const modules = new Set<string>();
  const fromExporter = (specifier: unknown): boolean => typeof specifier === 'string' && resolveRelative(importer, specifier) === exporter;
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration && fromExporter(statement.source.value)) {
      for (const specifier of statement.specifiers) {
        if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) modules.add(specifier.local.name);
        else if (specifier.type === AST_NODE_TYPES.ImportSpecifier && keyName(specifier.imported, false) === className) direct.add(specifier.local.name);
      }
    }
    if (statement.type !== AST_NODE_TYPES.VariableDeclaration) continue;
    for (const declarator of statement.declarations) {
      if (!fromExporter(requiredSpecifier(declarator.init))) continue;
      if (declarator.id.type === AST_NODE_TYPES.Identifier) modules.add(declarator.id.name);
      else if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
        for (const property of declarator.id.properties) {
          if (property.type === AST_NODE_TYPES.Property && keyName(property.key, property.computed) === className && property.value.type === AST_NODE_TYPES.Identifier) {
            direct.add(property.value.name);
          }
        }
      }
    }
  }
  return { direct, modules };
}

function isInstantiation(node: TSESTree.NewExpression, className: string, bindings: { direct: Set<string>; modules: Set<string> }): boolean {
  const callee = skipTypeWrappers(node.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return bindings.direct.has(callee.name);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(callee) !== className) return false;
  const object = skipTypeWrappers(callee.object);
  return object.type === AST_NODE_TYPES.Identifier && bindings.modules.has(object.name);
}

/** One walk of the importer: its calls (for what runs per request or at module scope) and its `new ClassName()` sites. */
function judgeImporter(sourceCode: Readonly<TSESLint.SourceCode>, importer: string, exporter: string, className: string, settings: PluginSettings): ImporterVerdict {
  const bindings = bindingsOf(sourceCode.ast, importer, exporter, className);
  if (bindings.direct.size === 0 && bindings.modules.size === 0) return 'reexport';
  const context = { sourceCode, filename: importer, physicalFilename: importer, settings: {}, options: [] } as unknown as Context;
  const objects = objectTrackerFor(context, settings);
  objects.init(sourceCode.ast);
  const patterns = settings.requestHandlers.map(calleePattern).filter((p): p is RegExp => p !== null);
  const scopes = new RequestScopes(importer, sourceCode, id => objects.variableOf(id), patterns);
  scopes.init(sourceCode.ast);
  const reach = new RequestReach(objects, scopes);
  const sites: TSESTree.NewExpression[] = [];
  const functions: FunctionNode[] = [];
  const visit = (node: Node): void => {
    const isFn = isFunction(node);
    if (isFn) functions.push(node);
    if (node.type === AST_NODE_TYPES.CallExpression) reach.recordCall(functions[functions.length - 1] ?? null, node);
    if (node.type === AST_NODE_TYPES.NewExpression && isInstantiation(node, className, bindings)) sites.push(node);
    forEachChild(node, visit);
    if (isFn) functions.pop();
  };
  visit(sourceCode.ast);
  if (sites.length === 0) return 'reexport';
  const facts: FileFacts = { sourceCode, objects, scopes, reach, instantiations: new Map() };
  let perCall: SiteVerdict | null = null;
  for (const site of sites) {
    // Made in another class's constructor: as often as that class is, which this module may not show.
    if (instanceContext(site)) return 'unknown';
    const verdict = siteVerdict(facts, site);
    if (verdict.kind === 'perRequest') return verdict;
    if (verdict.kind === 'perCall') perCall ??= verdict;
  }
  return perCall ?? { kind: 'once' };
}
