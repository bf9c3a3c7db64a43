/**
 * Which function of the same file a call goes to: `helper()` (a declaration or a `const` bound to a
 * function), `this.helper()` (a method of the enclosing class, of an ES5 constructor's prototype or
 * of the enclosing object literal) and `repo.helper()` (a method of a `const` object literal).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { type FunctionNode, isFunction, isThis, keyName, propertyName, skipTypeWrappers } from './ast';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;

/** What `this` stands for in a method: a class, an object literal, or an ES5 constructor's prototype. */
export type MethodOwner = TSESTree.ClassDeclaration | TSESTree.ClassExpression | TSESTree.ObjectExpression | TSESTree.FunctionDeclaration;

/** The function a variable is bound to once and for all (a declaration, or a `const` initialised with one). */
export function functionOfVariable(variable: Variable | null | undefined): FunctionNode | null {
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!def) return null;
  if (def.node.type === AST_NODE_TYPES.FunctionDeclaration) return def.node;
  if (def.node.type === AST_NODE_TYPES.VariableDeclarator && def.parent?.type === AST_NODE_TYPES.VariableDeclaration && def.parent.kind === 'const') {
    const init = def.node.init && skipTypeWrappers(def.node.init);
    return init && isFunction(init) ? init : null;
  }
  return null;
}

/** `X.prototype.m = function …` → `X`, `m`. */
function prototypeAssignment(node: Node): { ctor: string; method: string } | null {
  if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.left.type !== AST_NODE_TYPES.MemberExpression) return null;
  const proto = node.left.object;
  if (proto.type !== AST_NODE_TYPES.MemberExpression || propertyName(proto) !== 'prototype' || proto.object.type !== AST_NODE_TYPES.Identifier) return null;
  const method = propertyName(node.left);
  return method ? { ctor: proto.object.name, method } : null;
}

/** `X.m = function …` (a static function of an ES5 constructor) → `X`, `m`. */
function staticAssignment(node: Node): { ctor: string; method: string } | null {
  if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.operator !== '=' || node.left.type !== AST_NODE_TYPES.MemberExpression) return null;
  const object = node.left.object;
  const method = propertyName(node.left);
  return object.type === AST_NODE_TYPES.Identifier && method && method !== 'prototype' ? { ctor: object.name, method } : null;
}

/**
 * A static method of a same-file class (`static async open()`), or a function assigned to an ES5
 * constructor among the statements around it (`Session.open = async function () {…}`).
 */
function staticMethodNamed(owner: TSESTree.ClassDeclaration | TSESTree.FunctionDeclaration, name: string): FunctionNode | null {
  if (owner.type === AST_NODE_TYPES.ClassDeclaration) {
    for (const member of owner.body.body) {
      if ((member.type !== AST_NODE_TYPES.MethodDefinition && member.type !== AST_NODE_TYPES.PropertyDefinition) || !member.static) continue;
      const value = member.value && skipTypeWrappers(member.value);
      if (keyName(member.key, member.computed) === name && isFunction(value)) return value;
    }
    return null;
  }
  const statements = owner.parent && 'body' in owner.parent && Array.isArray(owner.parent.body) ? (owner.parent.body as Node[]) : [];
  for (const statement of statements) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement) continue;
    const assigned = staticAssignment(statement.expression);
    const value = statement.expression.type === AST_NODE_TYPES.AssignmentExpression ? skipTypeWrappers(statement.expression.right) : null;
    if (assigned?.ctor === owner.id?.name && assigned?.method === name && isFunction(value)) return value;
  }
  return null;
}

/** The ES5 constructor declared as `function X() {}` in the statements around `near`. */
function constructorNamed(near: Node, name: string): TSESTree.FunctionDeclaration | null {
  for (let scope: Node | undefined = near.parent; scope; scope = scope.parent) {
    if (scope.type !== AST_NODE_TYPES.Program && scope.type !== AST_NODE_TYPES.BlockStatement) continue;
    for (const statement of scope.body) {
      const declared = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
      if (declared?.type === AST_NODE_TYPES.FunctionDeclaration && declared.id?.name === name) return declared;
    }
  }
  return null;
}

/** What `this` is inside `node`: arrows see through to the function around them. */
export function thisOwner(node: Node): MethodOwner | null {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunction(current)) continue;
    const parent = current.parent;
    if (current.type === AST_NODE_TYPES.ArrowFunctionExpression) {
      // `handler = async () => this.get()`: a class field's arrow sees the instance.
      if (parent?.type === AST_NODE_TYPES.PropertyDefinition && parent.value === current) return parent.parent.parent as MethodOwner;
      continue;
    }
    if (parent?.type === AST_NODE_TYPES.MethodDefinition) return parent.parent.parent as MethodOwner;
    if (parent?.type === AST_NODE_TYPES.PropertyDefinition) return parent.parent.parent as MethodOwner;
    if (parent?.type === AST_NODE_TYPES.Property && parent.value === current && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
      return parent.parent;
    }
    const assigned = parent ? prototypeAssignment(parent) : null;
    if (assigned) return constructorNamed(parent!, assigned.ctor);
    if (current.type === AST_NODE_TYPES.FunctionDeclaration) return current;
    return null;
  }
  return null;
}

/** The methods of `owner` by name (instance methods and arrow fields of a class; an ES5 prototype's functions). */
export function methodsOf(owner: MethodOwner): Map<string, FunctionNode> {
  const methods = new Map<string, FunctionNode>();
  if (owner.type === AST_NODE_TYPES.ObjectExpression) {
    for (const property of owner.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const name = keyName(property.key, property.computed);
      const value = skipTypeWrappers(property.value);
      if (name && isFunction(value)) methods.set(name, value);
    }
    return methods;
  }
  if (owner.type === AST_NODE_TYPES.FunctionDeclaration) {
    const name = owner.id?.name;
    const statements = owner.parent && 'body' in owner.parent && Array.isArray(owner.parent.body) ? (owner.parent.body as Node[]) : [];
    for (const statement of statements) {
      if (statement.type !== AST_NODE_TYPES.ExpressionStatement) continue;
      const assigned = prototypeAssignment(statement.expression);
      const value = statement.expression.type === AST_NODE_TYPES.AssignmentExpression ? skipTypeWrappers(statement.expression.right) : null;
      if (assigned && assigned.ctor === name && isFunction(value)) methods.set(assigned.method, value);
    }
    return methods;
  }
  for (const member of owner.body.body) {
    if ((member.type !== AST_NODE_TYPES.MethodDefinition && member.type !== AST_NODE_TYPES.PropertyDefinition) || member.static) continue;
    if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind !== 'method') continue;
    const name = keyName(member.key, member.computed);
    const value = member.value && skipTypeWrappers(member.value);
    if (name && isFunction(value)) methods.set(name, value);
  }
  return methods;
}

const methodCache = new WeakMap<MethodOwner, Map<string, FunctionNode>>();

/** A method of `owner` or, for a class, of the same-file classes it extends. */
export function methodNamed(owner: MethodOwner, name: string, variableOf: (id: TSESTree.Identifier) => Variable | null): FunctionNode | null {
  let current: MethodOwner | null = owner;
  for (let depth = 0; current && depth < 8; depth++) {
    let methods = methodCache.get(current);
    if (!methods) methodCache.set(current, (methods = methodsOf(current)));
    const found = methods.get(name);
    if (found) return found;
    if (current.type !== AST_NODE_TYPES.ClassDeclaration && current.type !== AST_NODE_TYPES.ClassExpression) return null;
    const base: Node | null = current.superClass && skipTypeWrappers(current.superClass);
    const def: TSESLint.Scope.Definition | undefined = base?.type === AST_NODE_TYPES.Identifier ? variableOf(base)?.defs[0] : undefined;
    current = def?.node.type === AST_NODE_TYPES.ClassDeclaration ? def.node : null;
  }
  return null;
}

/** The same-file function `call` runs, or null when it cannot be known. */
export function localCallee(call: TSESTree.CallExpression | TSESTree.NewExpression, variableOf: (id: TSESTree.Identifier) => Variable | null): FunctionNode | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return call.type === AST_NODE_TYPES.CallExpression ? functionOfVariable(variableOf(callee)) : null;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || call.type !== AST_NODE_TYPES.CallExpression) return null;
  const name = propertyName(callee);
  if (!name) return null;
  if (isThis(callee.object)) {
    const owner = thisOwner(call);
    return owner ? methodNamed(owner, name, variableOf) : null;
  }
  const object = skipTypeWrappers(callee.object);
  if (object.type !== AST_NODE_TYPES.Identifier) return null;
  // `const repo = { get() {…} }` called as `repo.get()`.
  const def = variableOf(object)?.defs;
  const declarator = def?.length === 1 ? def[0].node : null;
  // `Session.open()`: a static method of a same-file class or ES5 constructor.
  if (declarator?.type === AST_NODE_TYPES.ClassDeclaration || declarator?.type === AST_NODE_TYPES.FunctionDeclaration) return staticMethodNamed(declarator, name);
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || (declarator.parent as TSESTree.VariableDeclaration).kind !== 'const') return null;
  const init = declarator.init && skipTypeWrappers(declarator.init);
  if (init?.type === AST_NODE_TYPES.ObjectExpression) return methodNamed(init, name, variableOf);
  // `const db = new Db()` of a same-file class or ES5 constructor: `db.open()` runs Db's method.
  const made = init?.type === AST_NODE_TYPES.NewExpression ? skipTypeWrappers(init.callee) : null;
  const madeBy = made?.type === AST_NODE_TYPES.Identifier ? variableOf(made)?.defs : undefined;
  const owner = madeBy?.length === 1 ? madeBy[0].node : null;
  return owner?.type === AST_NODE_TYPES.ClassDeclaration || owner?.type === AST_NODE_TYPES.FunctionDeclaration ? methodNamed(owner, name, variableOf) : null;
}

/** The names a function is called by (`helper`, `this.helper`, `repo.helper`), for the text scan of call sites. */
export function calledName(fn: FunctionNode): string | null {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id?.name ?? null;
  const parent = fn.parent;
  if (!parent) return null;
  switch (parent.type) {
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.id.type === AST_NODE_TYPES.Identifier ? parent.id.name : null;
    case AST_NODE_TYPES.MethodDefinition:
    case AST_NODE_TYPES.PropertyDefinition:
    case AST_NODE_TYPES.Property:
      return keyName(parent.key, parent.computed);
    case AST_NODE_TYPES.AssignmentExpression:
      return prototypeAssignment(parent)?.method ?? staticAssignment(parent)?.method ?? null;
    default:
      return null;
  }
}

/** How the call site writes a call of a sibling of `fn`: `this.name` for methods, `name` for functions. */
export function siblingCallee(fn: FunctionNode, name: string): string {
  return fn.type === AST_NODE_TYPES.FunctionDeclaration || fn.parent?.type === AST_NODE_TYPES.VariableDeclarator ? name : `this.${name}`;
}
