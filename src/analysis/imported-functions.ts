/**
 * Functions of the application's own modules called through a relative import, read from disk
 * without type information (`import { parse } from './sql.js'`, `const { parse } = require('./sql')`,
 * TypeScript's compiled `(0, sql_1.parse)(text)`), and what can be said of them from their body
 * alone: an awaited call of one that does no I/O settles at once. Asked only for an await that would
 * otherwise be reported.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { isFunction, keyName, propertyName, skipTypeWrappers, type FunctionNode } from './ast';
import { doesNoIo } from './derived-values';
import { withOtherFileState } from './file-state';
import { objectTrackerFor } from './objects';
import { otherFileSource } from './other-files';
import { moduleText, resolveRelative } from './project-files';
import type { PluginSettings } from './settings';
import type { ForeignFunction } from './types';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;
type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** The relative module and exported name a call goes to, as written in the file. */
interface ImportedName {
  readonly specifier: string;
  readonly name: string;
}

const requiredSpecifier = (init: Node | null | undefined): string | null => {
  const call = init && skipTypeWrappers(init);
  if (call?.type !== AST_NODE_TYPES.CallExpression) return null;
  // `__importStar(require('./x'))`, `__importDefault(…)`: TypeScript's interop wrappers.
  const inner = call.callee.type === AST_NODE_TYPES.Identifier && call.callee.name !== 'require' && call.arguments.length === 1 ? call.arguments[0] : call;
  if (inner.type !== AST_NODE_TYPES.CallExpression || inner.callee.type !== AST_NODE_TYPES.Identifier || inner.callee.name !== 'require') return null;
  const argument = inner.arguments[0];
  return argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string' ? argument.value : null;
};

/** `parse` bound by `import { parse } from './sql'` or `const { parse } = require('./sql')`. */
function importedBinding(variable: Variable | null): ImportedName | null {
  const def = variable?.defs.length === 1 ? variable.defs[0] : null;
  if (!def) return null;
  if (def.node.type === AST_NODE_TYPES.ImportSpecifier && def.parent?.type === AST_NODE_TYPES.ImportDeclaration) {
    const name = keyName(def.node.imported, false);
    return name ? { specifier: String(def.parent.source.value), name } : null;
  }
  if (def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.id.type === AST_NODE_TYPES.ObjectPattern) {
    const specifier = requiredSpecifier(def.node.init);
    const property = def.node.id.properties.find(p => p.type === AST_NODE_TYPES.Property && p.value.type === AST_NODE_TYPES.Identifier && p.value.name === variable!.name);
    const name = property?.type === AST_NODE_TYPES.Property ? keyName(property.key, property.computed) : null;
    return specifier && name ? { specifier, name } : null;
  }
  return null;
}

/** `sql.parse` where `sql` is `import * as sql from './sql'` or `const sql = require('./sql')`. */
function moduleMember(member: TSESTree.MemberExpression, variableOf: (id: TSESTree.Identifier) => Variable | null): ImportedName | null {
  const object = skipTypeWrappers(member.object);
  const name = propertyName(member);
  const def = object.type === AST_NODE_TYPES.Identifier && name ? variableOf(object)?.defs : undefined;
  if (!def || def.length !== 1) return null;
  const node = def[0].node;
  if (node.type === AST_NODE_TYPES.ImportNamespaceSpecifier && def[0].parent?.type === AST_NODE_TYPES.ImportDeclaration) return { specifier: String(def[0].parent.source.value), name: name! };
  if (node.type === AST_NODE_TYPES.VariableDeclarator && node.id.type === AST_NODE_TYPES.Identifier) {
    const specifier = requiredSpecifier(node.init);
    return specifier ? { specifier, name: name! } : null;
  }
  return null;
}

function importedName(call: TSESTree.CallExpression, variableOf: (id: TSESTree.Identifier) => Variable | null): ImportedName | null {
  let callee = skipTypeWrappers(call.callee);
  // `(0, sql_1.parse)(text)`: the compiled form of an imported call.
  if (callee.type === AST_NODE_TYPES.SequenceExpression) callee = skipTypeWrappers(callee.expressions[callee.expressions.length - 1]);
  if (callee.type === AST_NODE_TYPES.Identifier) return importedBinding(variableOf(callee));
  return callee.type === AST_NODE_TYPES.MemberExpression ? moduleMember(callee, variableOf) : null;
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

const verdicts = new Map<string, { readonly text: string; readonly noIo: boolean }>();

/**
 * Awaiting `call` settles at once: it calls a function of another module of the application (a
 * relative import of a file on disk) whose body awaits nothing and returns no promise.
 */
export function importedCallDoesNoIo(call: TSESTree.CallExpression, filename: string, settings: PluginSettings, variableOf: (id: TSESTree.Identifier) => Variable | null): boolean {
  const imported = importedName(call, variableOf);
  const file = imported && resolveRelative(filename, imported.specifier);
  const text = file && moduleText(file);
  if (!imported || !file || !text) return false;
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
 * The module's text calls a release method of some driver: only then can one of its functions
 * release a parameter. Answered once per text: most modules never are, and are never parsed.
 */
function mentionsRelease(file: string, text: string, settings: PluginSettings): boolean {
  const known = mentions.get(file);
  if (known && known.text === text) return known.releases;
  let pattern = releaseWords.get(settings);
  if (!pattern) {
    const names = new Set<string>();
    for (const driver of settings.drivers) {
      for (const model of Object.values(driver.objects)) for (const form of model.release ?? []) if ('method' in form && form.method) names.add(form.method);
    }
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
  const imported = importedName(call, variableOf);
  const file = imported && resolveRelative(filename, imported.specifier);
  const text = file && moduleText(file);
  if (!imported || !file || !text || !mentionsRelease(file, text, settings)) return null;
  const sourceCode = otherFileSource(file, text);
  const fn = sourceCode && exportedFunction(sourceCode.ast, imported.name);
  const name = fn?.type === AST_NODE_TYPES.FunctionDeclaration ? fn.id : fn?.parent?.type === AST_NODE_TYPES.VariableDeclarator ? fn.parent.id : null;
  return name ? { fileName: file, text, nameStart: name.range[0] } : null;
}
