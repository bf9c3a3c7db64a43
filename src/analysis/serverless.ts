import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { SERVERLESS_CONVENTIONS, type ServerlessConvention } from '../drivers/serverless';
import { isFunction, keyName, propertyName, skipTypeWrappers } from './ast';

/** What a module exports, as far as the serverless conventions ask. */
interface ModuleExports {
  readonly names: Set<string>;
  /** `export default <function>` (or a name bound to one: the platform calls it either way). */
  defaultFunction: boolean;
  /** `export const runtime = 'edge'` and `export const config = { runtime: 'edge' }`, by name. */
  readonly settings: Map<string, string>;
}

function staticString(node: TSESTree.Node | null | undefined): string | null {
  if (!node) return null;
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.Literal && typeof value.value === 'string') return value.value;
  if (value.type === AST_NODE_TYPES.TemplateLiteral && value.expressions.length === 0) return value.quasis[0].value.cooked ?? null;
  return null;
}

function recordSetting(exports: ModuleExports, name: string, value: TSESTree.Node | null | undefined): void {
  const text = staticString(value);
  if (text !== null) exports.settings.set(name, text);
  const object = value ? skipTypeWrappers(value) : null;
  if (name === 'config' && object?.type === AST_NODE_TYPES.ObjectExpression) {
    for (const property of object.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const key = keyName(property.key, property.computed);
      const setting = staticString(property.value);
      if (key !== null && setting !== null) exports.settings.set(key, setting);
    }
  }
}

/** `exports.handler = …`, `module.exports.handler = …`, `module.exports = { handler }`. */
function recordCommonJs(exports: ModuleExports, expression: TSESTree.Expression): void {
  if (expression.type !== AST_NODE_TYPES.AssignmentExpression || expression.left.type !== AST_NODE_TYPES.MemberExpression) return;
  const target = expression.left;
  const name = propertyName(target);
  const object = skipTypeWrappers(target.object);
  const isExportsObject = (node: TSESTree.Node): boolean =>
    (node.type === AST_NODE_TYPES.Identifier && node.name === 'exports') ||
    (node.type === AST_NODE_TYPES.MemberExpression && propertyName(node) === 'exports' && node.object.type === AST_NODE_TYPES.Identifier && node.object.name === 'module');
  if (name !== null && isExportsObject(object)) {
    exports.names.add(name);
    recordSetting(exports, name, expression.right);
    return;
  }
  const value = skipTypeWrappers(expression.right);
  if (isExportsObject(target) && value.type === AST_NODE_TYPES.ObjectExpression) {
    for (const property of value.properties) {
      const key = property.type === AST_NODE_TYPES.Property ? keyName(property.key, property.computed) : null;
      if (key !== null) exports.names.add(key);
    }
  }
}

/** A function of one or two parameters (`(req, res)`, `(request, context)`), or a name the module binds to one. */
function isRequestFunction(program: TSESTree.Program, node: TSESTree.Node): boolean {
  const takesRequest = (fn: TSESTree.Node | null | undefined): boolean => isFunction(fn) && fn.params.length >= 1 && fn.params.length <= 2;
  if (node.type !== AST_NODE_TYPES.Identifier) return takesRequest(node);
  return program.body.some(
    statement =>
      (statement.type === AST_NODE_TYPES.FunctionDeclaration && statement.id?.name === node.name && takesRequest(statement)) ||
      (statement.type === AST_NODE_TYPES.VariableDeclaration &&
        statement.declarations.some(d => d.id.type === AST_NODE_TYPES.Identifier && d.id.name === node.name && takesRequest(d.init && skipTypeWrappers(d.init)))),
  );
}

function exportsOf(program: TSESTree.Program): ModuleExports {
  const exports: ModuleExports = { names: new Set(), defaultFunction: false, settings: new Map() };
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration) {
      const declaration = statement.declaration;
      if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
        for (const declarator of declaration.declarations) {
          if (declarator.id.type !== AST_NODE_TYPES.Identifier) continue;
          exports.names.add(declarator.id.name);
          recordSetting(exports, declarator.id.name, declarator.init);
        }
      } else if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration && declaration.id) {
        exports.names.add(declaration.id.name);
      }
      for (const specifier of statement.specifiers) {
        const exported = specifier.exported;
        exports.names.add(exported.type === AST_NODE_TYPES.Identifier ? exported.name : String(exported.value));
      }
    } else if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      const declaration = skipTypeWrappers(statement.declaration);
      exports.defaultFunction = isRequestFunction(program, declaration);
    } else if (statement.type === AST_NODE_TYPES.ExpressionStatement) {
      recordCommonJs(exports, statement.expression);
    }
  }
  return exports;
}

function matches(convention: ServerlessConvention, exports: ModuleExports, path: string): boolean {
  if (convention.path && !convention.path.test(path)) return false;
  if (convention.namedExports && !convention.namedExports.some(name => exports.names.has(name))) return false;
  if (convention.defaultFunction && !exports.defaultFunction) return false;
  const setting = convention.exportedSetting;
  if (setting) {
    const value = exports.settings.get(setting.name);
    if (value === undefined || !setting.values.includes(value)) return false;
  }
  return true;
}

/**
 * Why a module runs as a serverless function (the label of the first convention it follows), or
 * null. Each instance of such a module keeps its own pools.
 */
export function serverlessKind(program: TSESTree.Program, filename: string, cwd: string | undefined): string | null {
  // Platform paths are relative to the project (`api/` is Vercel's only at the root).
  const file = filename.replace(/\\/g, '/');
  const root = (cwd ?? '').replace(/\\/g, '/').replace(/\/$/, '');
  const path = root && file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
  const exports = exportsOf(program);
  return SERVERLESS_CONVENTIONS.find(convention => matches(convention, exports, path))?.label ?? null;
}
