/**
 * Functions of the application's own modules called through a relative import, read from disk
 * without type information (`import { parse } from './sql.js'`, `const { parse } = require('./sql')`,
 * TypeScript's compiled `(0, sql_1.parse)(text)`), and what can be said of them from their body
 * alone: an awaited call of one that does no I/O settles at once. Asked only for an await that would
 * otherwise be reported.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { importedPath, isFunction, keyName, skipTypeWrappers, type FunctionNode } from './ast';
import { doesNoIo } from './derived-values';
import { withOtherFileState } from './file-state';
import { poolReleaseMethods, releaseMethods } from './handle';
import { objectTrackerFor } from './objects';
import { otherFileSource } from './other-files';
import { moduleText, resolveRelative } from './project-files';
import type { PluginSettings } from './settings';
import type { ForeignFunction } from './types';

type Variable = TSESLint.Scope.Variable;
type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** The relative module and exported name a call goes to, as written in the file. */
interface ImportedName {
  readonly specifier: string;
  readonly name: string;
}

/** `parse(…)` with `parse` imported or required from a module, `sql.parse(…)` on its module object, TypeScript's compiled `(0, sql_1.parse)(…)`. */
function importedName(call: TSESTree.CallExpression, variableOf: (id: TSESTree.Identifier) => Variable | null): ImportedName | null {
  let callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.SequenceExpression) callee = skipTypeWrappers(callee.expressions[callee.expressions.length - 1]);
  const origin = importedPath(callee, variableOf);
  return origin?.path.length === 1 && origin.path[0] !== 'default' ? { specifier: origin.module, name: origin.path[0] } : null;
}

/** The top-level function a module exports as `name`: a declaration, `const name = () => …`, renamed by `export { local as name }`. */
function exportedFunction(program: TSESTree.Program, name: string): FunctionNode | null {
  let local = name;
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.ExportNamedDeclaration || statement.source) continue;
    for (const specifier of statement.specifiers) {
      if (keyName(specifier.exported, false) === name && specifier.local.type === AST_NODE_TYPES.Identifier) local = specifier.local.name;
    }
  }
  for (const top of program.body) {
    const statement = top.type === AST_NODE_TYPES.ExportNamedDeclaration && top.declaration ? top.declaration : top;
    if (statement.type === AST_NODE_TYPES.FunctionDeclaration && statement.id?.name === local) return statement;
    if (statement.type !== AST_NODE_TYPES.VariableDeclaration || statement.kind !== 'const') continue;
    for (const declarator of statement.declarations) {
      const init = declarator.init && skipTypeWrappers(declarator.init);
      if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.id.name === local && init && isFunction(init)) return init;
    }
  }
  return null;
}

/** The module and export `call` goes to, with the module's text, when it is a relative import of a file on disk. */
function importedModule(call: TSESTree.CallExpression, filename: string, variableOf: (id: TSESTree.Identifier) => Variable | null): { name: string; file: string; text: string } | null {
  const imported = importedName(call, variableOf);
  const file = imported && resolveRelative(filename, imported.specifier);
  const text = file && moduleText(file);
  return imported && file && text ? { name: imported.name, file, text } : null;
}

const verdicts = new Map<string, { readonly text: string; readonly noIo: boolean }>();

/**
 * Awaiting `call` settles at once: it calls a function of another module of the application (a
 * relative import of a file on disk) whose body awaits nothing and returns no promise.
 */
export function importedCallDoesNoIo(call: TSESTree.CallExpression, filename: string, settings: PluginSettings, variableOf: (id: TSESTree.Identifier) => Variable | null): boolean {
  const imported = importedModule(call, filename, variableOf);
  if (!imported) return false;
  const { file, text } = imported;
  const key = `${file}\0${imported.name}`;
  const known = verdicts.get(key);
  if (known && known.text === text) return known.noIo;
  const sourceCode = otherFileSource(file, text);
  const noIo =
    !!sourceCode &&
    withOtherFileState(() => {
      const fn = exportedFunction(sourceCode.ast, imported.name);
      if (!fn) return false;
      const context = { sourceCode, filename: file, physicalFilename: file, settings: {}, options: [] } as unknown as Context;
      const objects = objectTrackerFor(context, settings);
      objects.init(sourceCode.ast);
      return doesNoIo(fn, objects);
    });
  verdicts.set(key, { text, noIo });
  return noIo;
}

const releaseWords = new WeakMap<PluginSettings, RegExp>();
const mentions = new Map<string, { readonly text: string; readonly releases: boolean }>();

/**
 * The module's text calls a release method of some driver (on a handle or on its pool): only then can
 * one of its functions release a parameter. Answered once per text: most modules never are, and are never parsed.
 */
function mentionsRelease(file: string, text: string, settings: PluginSettings): boolean {
  const known = mentions.get(file);
  if (known && known.text === text) return known.releases;
  let pattern = releaseWords.get(settings);
  if (!pattern) {
    const models = settings.drivers.flatMap(driver => Object.values(driver.objects));
    const names = new Set(models.flatMap(model => [...releaseMethods(model), ...poolReleaseMethods(model)]));
    const escaped = [...names].map(name => name.replace(/[$]/g, '\\$')).join('|');
    releaseWords.set(settings, (pattern = new RegExp(`\\b(?:${escaped})\\s*\\(`)));
  }
  const releases = pattern.test(text);
  mentions.set(file, { text, releases });
  return releases;
}

/**
 * Without type information: the function of another module of the application (a relative import
 * of a file on disk) that `call` goes to, when that module releases anything at all; where its name
 * starts there, as the TypeScript program would say.
 */
export function importedForeignFunction(
  call: TSESTree.CallExpression,
  filename: string,
  settings: PluginSettings,
  variableOf: (id: TSESTree.Identifier) => Variable | null,
): ForeignFunction | null {
  const imported = importedModule(call, filename, variableOf);
  if (!imported || !mentionsRelease(imported.file, imported.text, settings)) return null;
  const { file, text } = imported;
  const sourceCode = otherFileSource(file, text);
  const fn = sourceCode && exportedFunction(sourceCode.ast, imported.name);
  const name = fn?.type === AST_NODE_TYPES.FunctionDeclaration ? fn.id : fn?.parent?.type === AST_NODE_TYPES.VariableDeclarator ? fn.parent.id : null;
  return name ? { fileName: file, text, nameStart: name.range[0] } : null;
}
