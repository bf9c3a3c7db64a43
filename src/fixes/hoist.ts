import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { findVariable } from '@eslint-community/eslint-utils';
import { readIdentifiers, type FunctionNode } from '../analysis/ast';
import { CLOSING_METHODS, OPENING_METHODS } from '../drivers/conventions';
import { statementRemovalRange } from './text';

type Node = TSESTree.Node;
type Fix = (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix[];

/** The statement of the module body that contains `node`. */
function topLevelStatement(node: Node): Node | null {
  let current: Node | undefined = node;
  while (current?.parent && current.parent.type !== AST_NODE_TYPES.Program) current = current.parent;
  return current?.parent ? current : null;
}

/** Where text inserted before a module statement goes: above its decorators and leading comments. */
function insertionPoint(sourceCode: Readonly<TSESLint.SourceCode>, statement: Node): number {
  let first: Node = statement;
  const declaration =
    statement.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.type === AST_NODE_TYPES.ExportDefaultDeclaration ? statement.declaration : statement;
  if (declaration && (declaration.type === AST_NODE_TYPES.ClassDeclaration || declaration.type === AST_NODE_TYPES.ClassExpression)) {
    // `@Controller() export class …`: the decorators stand before `export`.
    for (const decorator of declaration.decorators ?? []) if (decorator.range[0] < first.range[0]) first = decorator;
  }
  const comments = sourceCode.getCommentsBefore(first);
  return comments.length > 0 ? comments[0].range[0] : first.range[0];
}

/** Every value `expression` reads is module-level (imports, module constants declared above `before`, globals such as `process`). */
export function readsOnlyModuleValues(sourceCode: Readonly<TSESLint.SourceCode>, expression: Node, before: Node): boolean {
  const identifiers = readIdentifiers(expression);
  if (!identifiers) return false;
  for (const id of identifiers) {
    const variable = findVariable(sourceCode.getScope(id) as never, id.name) as TSESLint.Scope.Variable | null;
    if (!variable) continue; // an undeclared global (`process`)
    const scopeType = variable.scope.type;
    if (scopeType !== 'module' && scopeType !== 'global') return false;
    const def = variable.defs[0];
    if (!def) continue; // a declared global
    if (def.type === 'ImportBinding') continue;
    if (def.node.range[0] >= before.range[0]) return false;
    if (def.parent?.type === AST_NODE_TYPES.VariableDeclaration && def.parent.kind !== 'const') return false;
  }
  return true;
}

function moduleHasName(sourceCode: Readonly<TSESLint.SourceCode>, name: string): boolean {
  const globalScope = sourceCode.scopeManager?.globalScope;
  if (!globalScope) return true;
  const scopes = [globalScope, ...globalScope.childScopes.filter(s => s.type === 'module')];
  return scopes.some(scope => scope.set.has(name) || scope.through.some(ref => ref.identifier.name === name));
}

/**
 * `const pool = new Pool(cfg)` inside a handler, reading only module values: move the declaration
 * to module scope, above the statement that registers the handler.
 */
export function hoistToModule(sourceCode: Readonly<TSESLint.SourceCode>, creation: Node, holder: Node | undefined): Fix | null {
  if (holder?.type !== AST_NODE_TYPES.VariableDeclarator || holder.init !== creation || holder.id.type !== AST_NODE_TYPES.Identifier) return null;
  const declaration = holder.parent;
  // Only a `const`: a `let` reassigned later would become a module constant that throws.
  if (declaration?.type !== AST_NODE_TYPES.VariableDeclaration || declaration.declarations.length !== 1 || declaration.kind !== 'const') {
    return null;
  }
  const top = topLevelStatement(declaration);
  if (!top || moduleHasName(sourceCode, holder.id.name)) return null;
  if (!readsOnlyModuleValues(sourceCode, creation, top)) return null;
  const text = `const ${sourceCode.getText(holder.id)} = ${sourceCode.getText(creation)};\n`;
  const at = insertionPoint(sourceCode, top);
  return fixer => [fixer.insertTextBeforeRange([at, at], text), fixer.removeRange(statementRemovalRange(sourceCode, declaration))];
}

/** A type for the built value, when the file is TypeScript. */
function builtType(sourceCode: Readonly<TSESLint.SourceCode>, creation: TSESTree.CallExpression | TSESTree.NewExpression): string {
  const callee = sourceCode.getText(creation.callee);
  return creation.type === AST_NODE_TYPES.NewExpression ? `InstanceType<typeof ${callee}>` : `ReturnType<typeof ${callee}>`;
}

function freeName(sourceCode: Readonly<TSESLint.SourceCode>, base: string): string | null {
  const stem = `shared${base.charAt(0).toUpperCase()}${base.slice(1)}`;
  for (let i = 0; i < 10; i++) {
    const name = i === 0 ? stem : `${stem}${i + 1}`;
    if (!moduleHasName(sourceCode, name)) return name;
  }
  return null;
}

/**
 * The construction reads request values: build it lazily once into a module-level variable
 * (`sharedPool ??= new Pool(…)`). Correct only when the options are the same for every request.
 */
export function lazyModuleSingleton(
  sourceCode: Readonly<TSESLint.SourceCode>,
  creation: TSESTree.CallExpression | TSESTree.NewExpression,
  baseName: string,
  typescript: boolean,
): Fix | null {
  const top = topLevelStatement(creation);
  const name = freeName(sourceCode, baseName.replace(/[^\w$]/g, '') || 'pool');
  if (!top || !name) return null;
  const declaration = typescript ? `let ${name}: ${builtType(sourceCode, creation)} | undefined;\n` : `let ${name};\n`;
  const at = insertionPoint(sourceCode, top);
  return fixer => [fixer.insertTextBeforeRange([at, at], declaration), fixer.replaceText(creation, `(${name} ??= ${sourceCode.getText(creation)})`)];
}

/** `constructor() { this.pool = new Pool(); }` → `constructor(pool: Pool) { this.pool = pool; }`. */
export function constructorParameter(
  sourceCode: Readonly<TSESLint.SourceCode>,
  creation: TSESTree.CallExpression | TSESTree.NewExpression,
  holder: Node | undefined,
  ctor: FunctionNode | null,
  typescript: boolean,
): Fix | null {
  if (!ctor || holder?.type !== AST_NODE_TYPES.AssignmentExpression || holder.right !== creation) return null;
  const target = holder.left;
  if (target.type !== AST_NODE_TYPES.MemberExpression || target.object.type !== AST_NODE_TYPES.ThisExpression || target.computed) return null;
  const name = target.property.type === AST_NODE_TYPES.PrivateIdentifier ? target.property.name : (target.property as TSESTree.Identifier).name;
  // The new parameter must neither clash with the constructor's names nor shadow an outer one it reads.
  const scope = sourceCode.getScope(ctor);
  const mentions = (current: TSESLint.Scope.Scope): boolean =>
    current.set.has(name) || current.references.some(ref => ref.identifier.name === name) || current.childScopes.some(mentions);
  if (mentions(scope)) return null;
  const last = ctor.params.at(-1);
  if (last?.type === AST_NODE_TYPES.RestElement) return null;
  const type =
    typescript && (creation.callee.type === AST_NODE_TYPES.Identifier || creation.callee.type === AST_NODE_TYPES.MemberExpression) && creation.type === AST_NODE_TYPES.NewExpression
      ? `: ${sourceCode.getText(creation.callee)}`
      : typescript
        ? `: ${builtType(sourceCode, creation)}`
        : '';
  const parameter = `${name}${type}`;
  const open = sourceCode.getFirstToken(ctor);
  if (!open || open.value !== '(') return null;
  return fixer => [
    last ? fixer.insertTextAfter(last, `, ${parameter}`) : fixer.insertTextAfter(open, parameter),
    fixer.replaceText(creation, name),
  ];
}

/** Calls that manage the object's own life per request; once it is shared they would act on every request's pool. */
const LIFECYCLE: ReadonlySet<string> = new Set([...OPENING_METHODS, ...CLOSING_METHODS]);

/** The bound variable opens or ends what it built: sharing it would need more than moving the line. */
export function hasPerRequestLifecycle(variable: TSESLint.Scope.Variable | null, creation: Node): boolean {
  // `new DataSource(o).initialize()`, `new MongoClient(u).connect()`: opened in the same expression.
  let current: Node | undefined = creation.parent;
  while (current?.type === AST_NODE_TYPES.MemberExpression || current?.type === AST_NODE_TYPES.CallExpression || current?.type === AST_NODE_TYPES.AwaitExpression) {
    if (current.type === AST_NODE_TYPES.MemberExpression && !current.computed && current.property.type === AST_NODE_TYPES.Identifier && LIFECYCLE.has(current.property.name)) return true;
    current = current.parent;
  }
  return !!variable?.references.some(reference => {
    const parent = (reference.identifier as Node).parent;
    return (
      parent?.type === AST_NODE_TYPES.MemberExpression &&
      parent.object === reference.identifier &&
      !parent.computed &&
      parent.property.type === AST_NODE_TYPES.Identifier &&
      LIFECYCLE.has(parent.property.name)
    );
  });
}
