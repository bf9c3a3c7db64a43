/**
 * Layer 2, lifecycle: values that are no thenable. `Promise.resolve(x)` adopts the state of `x` only
 * when `x` is a thenable; of any other value it is fulfilled, so awaiting it cannot reject. Evaluating
 * `x` may still throw: that is the throw point of `x` itself (a call, an await), not the await's.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { type FunctionNode, forEachChild, isFunction, propertyName, skipTypeWrappers } from './ast';
import type { Node, Variable } from './handle';
import { localCallee } from './local-calls';

type VariableOf = (id: TSESTree.Identifier) => Variable | null;

/** How deep a value is followed through calls and constants before it counts as possibly a promise. */
const DEPTH = 3;

/** `Promise.resolve()`, `Promise.resolve(x)` of a value that is no thenable: a promise that cannot reject. */
export function resolvesSettled(expression: Node, variableOf: VariableOf): boolean {
  const call = skipTypeWrappers(expression);
  if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.length > 1) return false;
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(callee) !== 'resolve') return false;
  const object = skipTypeWrappers(callee.object);
  // The global `Promise`, not a local of that name.
  if (object.type !== AST_NODE_TYPES.Identifier || object.name !== 'Promise' || (variableOf(object)?.defs.length ?? 0) > 0) return false;
  const [value] = call.arguments;
  return !value || (value.type !== AST_NODE_TYPES.SpreadElement && noThenable(value, variableOf, DEPTH));
}

/**
 * A value that is surely no thenable: a primitive (literals, templates, the results of operators),
 * an array, an awaited value, a constant bound to one, or what a same-file function that is not
 * async returns on each of its returns.
 */
function noThenable(expression: Node, variableOf: VariableOf, depth: number): boolean {
  const n = skipTypeWrappers(expression);
  switch (n.type) {
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.UpdateExpression:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.AwaitExpression:
      return true;
    case AST_NODE_TYPES.LogicalExpression:
      return noThenable(n.left, variableOf, depth) && noThenable(n.right, variableOf, depth);
    case AST_NODE_TYPES.ConditionalExpression:
      return noThenable(n.consequent, variableOf, depth) && noThenable(n.alternate, variableOf, depth);
    case AST_NODE_TYPES.SequenceExpression:
      return noThenable(n.expressions[n.expressions.length - 1], variableOf, depth);
    case AST_NODE_TYPES.Identifier:
      return n.name === 'undefined' ? !variableOf(n)?.defs.length : constantNoThenable(variableOf(n), variableOf, depth);
    case AST_NODE_TYPES.CallExpression: {
      const fn = depth > 0 ? localCallee(n, variableOf) : null;
      return !!fn && returnsNoThenable(fn, variableOf, depth - 1);
    }
    default:
      return false;
  }
}

/** A `const` whose initial value is no thenable. */
function constantNoThenable(variable: Variable | null, variableOf: VariableOf, depth: number): boolean {
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (depth === 0 || def?.type !== 'Variable' || def.parent?.kind !== 'const' || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return false;
  return noThenable(def.node.init, variableOf, depth - 1);
}

/** A function that is neither async nor a generator, each of whose returns gives no thenable (or nothing). */
function returnsNoThenable(fn: FunctionNode, variableOf: VariableOf, depth: number): boolean {
  if (fn.async || fn.generator) return false;
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return noThenable(fn.body, variableOf, depth);
  let settled = true;
  const visit = (node: Node): void => {
    if (!settled || (node !== fn.body && isFunction(node))) return;
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument && !noThenable(node.argument, variableOf, depth)) settled = false;
    else forEachChild(node, visit);
  };
  visit(fn.body);
  return settled;
}
