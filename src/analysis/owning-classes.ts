/**
 * Resource-owning classes of the same file: a constructor that stores its parameter k on
 * `this.<field>` makes `new Owner(handle)` an object that holds the handle, released through
 * `owner.<field>.release()` or through a method of the class that releases the field on every path
 * (`close()`, `dispose()`, …). The object stands for the handle where it is bound.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { ObjectModel } from '../drivers/types';
import { DISPOSING_METHODS } from '../drivers/conventions';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { forEachNodeSaying, type FunctionNode, isFunction, isThis, keyName, propertyName, skipTypeWrappers, valueParent } from './ast';
import { mayHideName } from './class-field-writes';
import type { ParamRelease } from './param-uses';
import { releaseMethods, stripNullTest } from './handle';
import { type MethodOwner, methodsOf, thisOwner } from './local-calls';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;

/** An object built around a handle: the class, the field that holds the handle, and how to release it. */
export interface HandleOwner {
  readonly owner: MethodOwner;
  readonly field: string;
  /** Methods that release the field on every path, then on some (by name). */
  readonly releasers: ReadonlyMap<string, ParamRelease>;
  /** What to call to release through the object: a disposing method if there is one (`close`), else the field's own release. */
  readonly release: { readonly method: string; readonly async: boolean } | null;
}

/** What the file's summaries say about releases among the uses of a handle in a function (function-summaries.ts). */
export interface ReleaseReader {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  releasesUses(fn: FunctionNode, uses: readonly Node[], model: ObjectModel, isGuard: (test: Node) => boolean): ParamRelease;
}

const ownersByVariable = new WeakMap<Variable, HandleOwner>();

/** The owner object a variable holds (set where the analysis binds it), if any. */
export function handleOwnerOf(variable: Variable | null | undefined): HandleOwner | null {
  return (variable && ownersByVariable.get(variable)) ?? null;
}

export function bindHandleOwner(variable: Variable, owner: HandleOwner): void {
  ownersByVariable.set(variable, owner);
}

/** The constructor of a same-file class or ES5 constructor named by `callee`. */
function constructorOf(callee: Node, variableOf: (id: TSESTree.Identifier) => Variable | null): { owner: MethodOwner; ctor: FunctionNode } | null {
  const name = skipTypeWrappers(callee);
  if (name.type !== AST_NODE_TYPES.Identifier) return null;
  const def = variableOf(name)?.defs;
  if (def?.length !== 1) return null;
  let declared: Node = def[0].node;
  if (declared.type === AST_NODE_TYPES.VariableDeclarator && declared.init) declared = skipTypeWrappers(declared.init);
  if (declared.type === AST_NODE_TYPES.FunctionDeclaration) return { owner: declared, ctor: declared };
  if (declared.type !== AST_NODE_TYPES.ClassDeclaration && declared.type !== AST_NODE_TYPES.ClassExpression) return null;
  const ctor = declared.body.body.find(m => m.type === AST_NODE_TYPES.MethodDefinition && m.kind === 'constructor') as TSESTree.MethodDefinition | undefined;
  return ctor && isFunction(ctor.value) ? { owner: declared, ctor: ctor.value } : null;
}

/** `this.<field> = <param>` among the top statements of the constructor, or a TS parameter property. */
function storedField(ctor: FunctionNode, index: number): string | null {
  const param = ctor.params[index];
  if (param?.type === AST_NODE_TYPES.TSParameterProperty) return param.parameter.type === AST_NODE_TYPES.Identifier ? param.parameter.name : null;
  if (param?.type !== AST_NODE_TYPES.Identifier || ctor.body.type !== AST_NODE_TYPES.BlockStatement) return null;
  for (const statement of ctor.body.body) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression.type !== AST_NODE_TYPES.AssignmentExpression) continue;
    const { left, right, operator } = statement.expression;
    const value = skipTypeWrappers(right);
    if (operator !== '=' || left.type !== AST_NODE_TYPES.MemberExpression || !isThis(left.object)) continue;
    if (value.type === AST_NODE_TYPES.Identifier && value.name === param.name) return propertyName(left);
  }
  return null;
}

/**
 * Reads of `this.<field>` inside a method (arrows included, nested plain functions not: their `this`
 * differs), in source order. Found where the method's text says the name, a few searches where a
 * walk would visit every node; by the walk where an escape may hide the name.
 */
function fieldUses(sourceCode: Readonly<TSESLint.SourceCode>, fn: FunctionNode, field: string): TSESTree.MemberExpression[] {
  if (mayHideName(sourceCode, fn.body.range, field)) return fieldUsesByWalk(fn, field);
  const found: TSESTree.MemberExpression[] = [];
  forEachNodeSaying(sourceCode, field, fn.body.range, name => {
    const member = name.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.property !== name || !isThis(member.object) || propertyName(member) !== field) return;
    if (sameThis(member, fn) && !found.includes(member)) found.push(member);
  });
  return found;
}

/** Only arrow functions stand between `node` and `fn`: `this` there is `fn`'s. */
function sameThis(node: Node, fn: FunctionNode): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current === fn) return true;
    if (isFunction(current) && current.type !== AST_NODE_TYPES.ArrowFunctionExpression) return false;
  }
  return false;
}

function fieldUsesByWalk(fn: FunctionNode, field: string): TSESTree.MemberExpression[] {
  const found: TSESTree.MemberExpression[] = [];
  const visit = (node: Node): void => {
    if (node !== fn && isFunction(node) && node.type !== AST_NODE_TYPES.ArrowFunctionExpression) return;
    if (node.type === AST_NODE_TYPES.MemberExpression && isThis(node.object) && propertyName(node) === field) found.push(node);
    for (const key of Object.keys(node)) {
      if (key === 'parent') continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const child of Array.isArray(value) ? value : [value]) if (child && typeof (child as Node).type === 'string') visit(child as Node);
    }
  };
  visit(fn.body);
  return found;
}

const ownerCache = new WeakMap<Node, Map<ObjectModel, HandleOwner[]>>();

/**
 * `new Owner(…, handle, …)` at argument `index` of a same-file class whose constructor keeps the
 * argument in a field: what the new object is to the handle; null when the class does not keep it.
 */
export function handleOwnerFor(
  summaries: ReleaseReader,
  construction: TSESTree.NewExpression,
  index: number,
  model: ObjectModel,
  variableOf: (id: TSESTree.Identifier) => Variable | null,
): HandleOwner | null {
  const found = constructorOf(construction.callee, variableOf);
  const field = found ? storedField(found.ctor, index) : null;
  if (!found || !field) return null;
  let byModel = ownerCache.get(found.ctor);
  if (!byModel) ownerCache.set(found.ctor, (byModel = new Map()));
  let byIndex = byModel.get(model);
  if (!byIndex) byModel.set(model, (byIndex = []));
  if (byIndex[index]) return byIndex[index];
  const releasers = new Map<string, ParamRelease>();
  for (const [name, method] of methodsOf(found.owner)) {
    if (method === found.ctor) continue;
    const isGuard = (test: Node): boolean => {
      const tested = stripNullTest(test);
      return tested.type === AST_NODE_TYPES.MemberExpression && isThis(tested.object) && propertyName(tested) === field;
    };
    const released = summaries.releasesUses(method, fieldUses(summaries.sourceCode, method, field), model, isGuard);
    if (released) releasers.set(name, released);
  }
  const always = [...releasers].filter(([, released]) => released === 'always').map(([name]) => name);
  // A plain name reads better in a suggestion than `s[Symbol.asyncDispose]()`.
  const preferred = always.find(name => DISPOSING_METHODS.has(name) && !name.startsWith('[')) ?? always.find(name => DISPOSING_METHODS.has(name)) ?? always[0];
  const method = preferred ? methodsOf(found.owner).get(preferred) : undefined;
  const owner: HandleOwner = { owner: found.owner, field, releasers, release: preferred && method ? { method: preferred, async: method.async } : null };
  byIndex[index] = owner;
  return owner;
}

/** `owner.close()` where `close` releases the field: on every path, on some, or not a release. */
export function ownerMethodRelease(owner: HandleOwner, use: Node): { call: TSESTree.CallExpression; released: ParamRelease } | null {
  const [member, object] = valueParent(use);
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== object) return null;
  const name = propertyName(member);
  const [call, callee] = valueParent(member);
  if (!name || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== callee) return null;
  const released = owner.releasers.get(name) ?? null;
  return released ? { call, released } : null;
}

/** Uses of a field that neither release it nor hand it on: a method called on it, a test of it, the assignment itself. */
function keepsField(use: TSESTree.MemberExpression, model: ObjectModel): boolean {
  const [parent, child] = valueParent(use);
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === child) return !releaseMethods(model).has(propertyName(parent) ?? '');
  if (parent.type === AST_NODE_TYPES.AssignmentExpression) return parent.left === child;
  if (parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) return parent.test === child;
  return (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!') || (parent.type === AST_NODE_TYPES.LogicalExpression && parent.left === child);
}

/**
 * `this.conn = await pool.connect()` in a class whose private field `conn` no member releases or
 * hands out (a getter, a return, an argument) and that nothing in the file releases as `x.conn`.
 */
export function neverReleasedField(sourceCode: Readonly<TSESLint.SourceCode>, target: TSESTree.MemberExpression, model: ObjectModel): boolean {
  const field = isThis(target.object) ? propertyName(target) : null;
  const owner = field ? thisOwner(target) : null;
  if (!field || (owner?.type !== AST_NODE_TYPES.ClassDeclaration && owner?.type !== AST_NODE_TYPES.ClassExpression)) return false;
  // A public field is handed out by being public: only a private one (`private conn`, `#conn`) is the class's alone.
  const declared = owner.body.body.find(member => member.type === AST_NODE_TYPES.PropertyDefinition && keyName(member.key, member.computed) === field);
  if (!field.startsWith('#') && (declared as TSESTree.PropertyDefinition | undefined)?.accessibility !== 'private') return false;
  const escape = (name: string): string => name.replace(/[$#]/g, '\\$&');
  const methods = [...releaseMethods(model)].map(escape).join('|');
  if (methods && new RegExp(`\\.${escape(field)}[!?]*\\.\\s*(?:${methods})\\s*\\(`).test(sourceCode.text)) return false;
  for (const member of owner.body.body) {
    const value = member.type === AST_NODE_TYPES.MethodDefinition || member.type === AST_NODE_TYPES.PropertyDefinition ? member.value : null;
    if (value && isFunction(value) && !fieldUses(sourceCode, value, field).every(use => keepsField(use, model))) return false;
  }
  return true;
}

/** The method `using` (or `await using`) calls at the end of the block releases the field on every path. */
export function disposedByUsing(owner: HandleOwner, kind: 'using' | 'await using'): boolean {
  const names = kind === 'await using' ? ['[Symbol.asyncDispose]', '[Symbol.dispose]'] : ['[Symbol.dispose]'];
  return names.some(name => owner.releasers.get(name) === 'always');
}

/** The name of the owning class or ES5 constructor (`Session`), for messages. */
export function ownerName(owner: HandleOwner): string | null {
  const node = owner.owner;
  return node.type === AST_NODE_TYPES.ObjectExpression ? null : (node.id?.name ?? null);
}
