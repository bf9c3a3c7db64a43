/**
 * Summaries across files (type-aware mode): the TypeScript program says where a callee is declared;
 * that file is parsed and analysed once (its own checkouts and same-file summaries), and its
 * function's summary applies at the call site here: a helper that returns a fresh checkout checks
 * out where it is called, a helper that releases its parameter on every path releases there.
 */
import { basename } from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import type { Acquisition } from './acquires';
import { isFunction, nodeAt, skipTypeWrappers, type FunctionNode } from './ast';
import { withOtherFileState } from './file-state';
import { functionSummaries, type FunctionSummaries } from './function-summaries';
import { importedForeignFunction } from './imported-functions';
import { objectTrackerFor, type ObjectTracker } from './objects';
import { otherFileSource } from './other-files';
import type { PluginSettings } from './settings';
import type { ForeignFunction } from './types';

type Node = TSESTree.Node;
type Call = TSESTree.CallExpression | TSESTree.NewExpression;
type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** What the analysis of the other file gives: its summaries, after its own checkouts were found. */
export type AnalyseFile = (context: Context, settings: PluginSettings) => void;

interface Analysed {
  readonly text: string;
  readonly summaries: FunctionSummaries | null;
  readonly sourceCode: Readonly<TSESLint.SourceCode> | null;
}

/** A function of another file, with that file's summaries. */
export interface ForeignTarget {
  readonly fn: FunctionNode;
  readonly summaries: FunctionSummaries;
  readonly file: string;
}

const analysedFiles = new WeakMap<PluginSettings, Map<string, Analysed>>();
/** The other file is read without type information: its own program is not at hand. */
const untypedSettings = new WeakMap<PluginSettings, PluginSettings>();

function untyped(settings: PluginSettings): PluginSettings {
  let own = untypedSettings.get(settings);
  // One hop: the other file's own imports are not followed (no cycles, bounded cost).
  if (!own) untypedSettings.set(settings, (own = { ...settings, typeAware: false, readOtherFiles: false }));
  return own;
}

function analyse(declared: ForeignFunction, settings: PluginSettings, analyseFile: AnalyseFile): Analysed {
  let byFile = analysedFiles.get(settings);
  if (!byFile) analysedFiles.set(settings, (byFile = new Map()));
  const known = byFile.get(declared.fileName);
  if (known && known.text === declared.text) return known;
  const sourceCode = otherFileSource(declared.fileName, declared.text);
  const summaries = sourceCode
    ? withOtherFileState(() => {
        const own = untyped(settings);
        const context = { sourceCode, filename: declared.fileName, physicalFilename: declared.fileName, settings: {}, options: [] } as unknown as Context;
        const objects = objectTrackerFor(context, own);
        analyseFile(context, own);
        return functionSummaries(sourceCode, own, id => objects.variableOf(id));
      })
    : null;
  const analysed = { text: declared.text, summaries, sourceCode };
  byFile.set(declared.fileName, analysed);
  return analysed;
}

/** The function whose name starts at `offset` (a declaration, a `const f = () => …`, a method). */
function functionNamedAt(sourceCode: Readonly<TSESLint.SourceCode>, offset: number): FunctionNode | null {
  const name = nodeAt(sourceCode.ast, offset, sourceCode.visitorKeys);
  if (name.type !== AST_NODE_TYPES.Identifier || name.range[0] !== offset) return null;
  const parent = name.parent;
  if (!parent) return null;
  if (isFunction(parent)) return parent;
  const value =
    parent.type === AST_NODE_TYPES.VariableDeclarator
      ? parent.init
      : parent.type === AST_NODE_TYPES.MethodDefinition || parent.type === AST_NODE_TYPES.Property || parent.type === AST_NODE_TYPES.PropertyDefinition
        ? parent.value
        : null;
  const fn = value && skipTypeWrappers(value);
  return fn && isFunction(fn) ? fn : null;
}

/**
 * Where `call` goes in another file of the application: the TypeScript program says so with types;
 * without, a relative import of a file on disk does (when the settings allow reading other files).
 */
function foreignFunctionOf(call: Call, objects: ObjectTracker, settings: PluginSettings, filename: string): ForeignFunction | null {
  if (objects.typeOracle) return objects.typeOracle.foreignFunction(call.callee);
  if (!settings.readOtherFiles || call.type !== AST_NODE_TYPES.CallExpression) return null;
  return importedForeignFunction(call, filename, settings, id => objects.variableOf(id));
}

/**
 * The function of another file of the application that `call` goes to, with that file's summaries
 * (without types: asked only for a call the handle is passed to, of a module that releases).
 */
export function foreignTarget(call: Call, objects: ObjectTracker, settings: PluginSettings, analyseFile: AnalyseFile, filename: string): ForeignTarget | null {
  const declared = foreignFunctionOf(call, objects, settings, filename);
  if (!declared) return null;
  const analysed = analyse(declared, settings, analyseFile);
  const fn = analysed.sourceCode && functionNamedAt(analysed.sourceCode, declared.nameStart);
  return fn && analysed.summaries ? { fn, summaries: analysed.summaries, file: basename(declared.fileName) } : null;
}

/** Runs a question about the other file's summaries with that file's state in place. */
export function askForeign<T>(question: () => T): T {
  return withOtherFileState(question);
}

/**
 * Adds every call of the file to a helper of another file that returns a fresh checkout (type-aware
 * mode). One descent over the file's calls; each callee's file is analysed once per process.
 */
export function addForeignCheckouts(
  context: Context,
  settings: PluginSettings,
  objects: ObjectTracker,
  here: FunctionSummaries,
  acquisitions: Map<Node, Acquisition>,
  analyseFile: AnalyseFile,
): void {
  if (!objects.typeOracle) return;
  const { sourceCode } = context;
  const filename = context.physicalFilename ?? context.filename;
  const visit = (node: Node): void => {
    if ((node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) && !acquisitions.has(node) && !here.callee(node)) {
      const target = foreignTarget(node, objects, settings, analyseFile, filename);
      const acquisition = target && askForeign(() => here.foreignCheckout(node, target.fn, target.summaries, target.file));
      if (acquisition) acquisitions.set(node, acquisition);
    }
    for (const key of sourceCode.visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const child of value) if (child && typeof child === 'object' && 'type' in child) visit(child as Node);
      } else if (value && typeof value === 'object' && 'type' in value) visit(value as Node);
    }
  };
  visit(sourceCode.ast);
}
