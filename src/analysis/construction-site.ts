import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { CLOSING_METHODS, OPENING_METHODS, PROMISE_FLAVOUR_METHODS } from '../drivers/conventions';
import { GLOBAL_OBJECT_NAMES, calleeParts, isFunction, isThis, loopBetween, propertyName, skipTypeWrappers, valueParent, type FunctionNode } from './ast';
import type { Creation, ObjectTracker } from './objects';
import { buildsPool } from './pool-options';

/**
 * Where a tracked construction's value goes, and whether the construction runs every time its
 * function does: the facts `no-pool-per-request` classifies a construction by.
 */

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;

const ITERATING_METHODS = new Set(['forEach', 'map', 'flatMap', 'filter', 'reduce', 'some', 'every']);

/** Follows the built value up through `await`, `.connect()`, `.initialize()`: the expression that holds it. */
export function valueHolder(node: Node): [Node | undefined, Node] {
  let [parent, child] = valueParent(node);
  for (;;) {
    if (parent?.type === AST_NODE_TYPES.AwaitExpression || parent?.type === AST_NODE_TYPES.ChainExpression) {
      [parent, child] = valueParent(parent);
      continue;
    }
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === child) {
      const name = propertyName(parent);
      const [call] = valueParent(parent);
      if (name && (OPENING_METHODS.has(name) || PROMISE_FLAVOUR_METHODS.has(name)) && call?.type === AST_NODE_TYPES.CallExpression) {
        [parent, child] = valueParent(call);
        continue;
      }
    }
    return [parent, child];
  }
}

/** Lazy singletons and fallbacks are built once (or only without an injected pool): never reported. */
export function isLazyOrFallback(objects: ObjectTracker, holder: Node | undefined, child: Node, fn: FunctionNode): boolean {
  if (!holder) return false;
  if (holder.type === AST_NODE_TYPES.LogicalExpression && holder.right === child) return true;
  // `constructor(private pool = new Pool())`: a default for an injected pool.
  if (holder.type === AST_NODE_TYPES.AssignmentPattern && holder.right === child) return true;
  if (holder.type === AST_NODE_TYPES.AssignmentExpression && holder.right === child) {
    if (holder.operator !== '=') return true;
    const target = holder.left;
    if (target.type === AST_NODE_TYPES.Identifier) {
      const variable = objects.variableOf(target);
      return !!variable && variable.scope.variableScope.block !== fn;
    }
    if (target.type === AST_NODE_TYPES.MemberExpression && !isThis(target.object)) {
      const object = skipTypeWrappers(target.object);
      const root = object.type === AST_NODE_TYPES.Identifier ? object : null;
      if (root && GLOBAL_OBJECT_NAMES.has(root.name)) return true;
      const variable = root ? objects.variableOf(root) : null;
      return !!variable && (variable.scope.type === 'module' || variable.scope.type === 'global') && !/^(?:req|request|res|ctx|event|c)$/.test(root!.name);
    }
  }
  return false;
}

/** `new Client()` holds no connection until `connect()`: only a client that is opened counts. */
export function isOpened(sourceCode: Readonly<TSESLint.SourceCode>, creation: Creation, holder: Node | undefined, child: Node): boolean {
  const opens = creation.made.model.opens;
  if (!opens) return true;
  if (child !== creation.node) return true; // `new Client().connect()` went through valueHolder
  if (holder?.type !== AST_NODE_TYPES.VariableDeclarator) return false;
  const variable = sourceCode.getDeclaredVariables(holder)[0];
  return !!variable?.references.some(ref => {
    const [member] = valueParent(ref.identifier as Node);
    return member?.type === AST_NODE_TYPES.MemberExpression && propertyName(member) === opens;
  });
}

/** The construction builds a pool or a connection of its own (not a read of a shared one). */
export function buildsSomething(sourceCode: Readonly<TSESLint.SourceCode>, creation: Creation): boolean {
  const factory = creation.factory;
  return factory?.builds !== false && factory?.kind !== 'read' && buildsPool(sourceCode, creation);
}

/** A statement between the construction and `fn` decides whether it runs. */
export function isConditionalWithin(node: Node, fn: Node): boolean {
  for (let child = node, current = node.parent; current && current !== fn; child = current, current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
        if (current.test !== child) return true;
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (current.right === child) return true;
        break;
      case AST_NODE_TYPES.SwitchCase:
      case AST_NODE_TYPES.CatchClause:
        return true;
      default:
        break;
    }
  }
  return false;
}

/** A loop statement, or an iterating callback (`rows.map(() => …)`), between `node` and `fn`. */
export function loopWithin(node: Node, fn: Node): boolean {
  if (loopBetween(node, fn)) return true;
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (isFunction(current)) {
      const [call] = valueParent(current);
      if (call?.type === AST_NODE_TYPES.CallExpression && ITERATING_METHODS.has(calleeParts(call)[0] ?? '')) return true;
    }
  }
  return false;
}

/** The functions around `node`, innermost first. */
export function enclosingFunctions(node: Node): FunctionNode[] {
  const chain: FunctionNode[] = [];
  for (let current = node.parent; current; current = current.parent) if (isFunction(current)) chain.push(current);
  return chain;
}

/** The variable a `const x = <construction>` declares. */
export function boundVariable(sourceCode: Readonly<TSESLint.SourceCode>, holder: Node | undefined): Variable | null {
  if (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier) {
    return sourceCode.getDeclaredVariables(holder)[0] ?? null;
  }
  return null;
}

/** The variable is closed in a `finally` or inside `waitUntil(…)` of its own function. */
export function isEnded(variable: Variable | null): boolean {
  if (!variable) return false;
  return variable.references.some(ref => {
    const [member] = valueParent(ref.identifier as Node);
    if (member?.type !== AST_NODE_TYPES.MemberExpression || !CLOSING_METHODS.has(propertyName(member) ?? '')) return false;
    for (let current: Node | undefined = member; current; current = current.parent) {
      if (current.type === AST_NODE_TYPES.CallExpression && calleeParts(current)[0] === 'waitUntil') return true;
      if (current.parent?.type === AST_NODE_TYPES.TryStatement && current.parent.finalizer === current) return true;
      if (isFunction(current)) return false;
    }
    return false;
  });
}

/** Some use of the variable sits inside `waitUntil(…)`. */
export function isEndedInWaitUntil(variable: Variable | null): boolean {
  return !!variable?.references.some(ref => {
    for (let current: Node | undefined = ref.identifier as Node; current && !isFunction(current); current = current.parent) {
      if (current.type === AST_NODE_TYPES.CallExpression && calleeParts(current)[0] === 'waitUntil') return true;
    }
    return false;
  });
}
