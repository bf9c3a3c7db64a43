/**
 * What a same-file function does with a handle it receives, besides releasing it: it only borrows it
 * (calls its methods, reads it, tests it, lends it to another borrower), or it keeps it where it
 * outlives the call (a field of `this` or of another object, a module-level list or variable). A
 * borrow is no event at the call site; a keep is an escape there; anything else (returned, aliased,
 * handed to a function the file does not have) stays a hand-off whose outcome is unknown.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { ObjectModel } from '../drivers/types';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { type FunctionNode, propertyName, skipTypeWrappers, valueParent } from './ast';
import { isNullish, poolReleaseMethods, STORE_METHODS } from './handle';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;
type Call = TSESTree.CallExpression | TSESTree.NewExpression;

export type ParamUse = 'borrows' | 'keeps' | null;

/** Does a function release a handle it receives on every path, on some, or not at all? */
export type ParamRelease = 'always' | 'some' | null;

/** What the reading of one parameter needs from the file's summaries. */
export interface ParamUseContext {
  readonly variableOf: (id: TSESTree.Identifier) => Variable | null;
  readonly callee: (call: Call) => FunctionNode | null;
  /** How the callee uses its parameter `index` (a cycle answers null). */
  readonly paramUse: (fn: FunctionNode, index: number, model: ObjectModel) => ParamUse;
}

/**
 * How `fn` uses its parameter `variable` (a handle of `model`), release aside: 'keeps' when some
 * use stores it beyond the call, 'borrows' when every use only borrows it, null when a use hands it
 * somewhere unknown.
 */
export function readParamUse(context: ParamUseContext, fn: FunctionNode, variable: Variable, model: ObjectModel): ParamUse {
  let keeps = false;
  for (const reference of variable.references) {
    if (reference.init) continue;
    if (reference.isWrite()) return null;
    const use = useOf(context, fn, reference.identifier as Node, model);
    if (use === null) return null;
    keeps ||= use === 'keeps';
  }
  return keeps ? 'keeps' : 'borrows';
}

/** One read of the parameter. */
function useOf(context: ParamUseContext, fn: FunctionNode, id: Node, model: ObjectModel): ParamUse {
  const [parent, child] = valueParent(id);
  if (!parent) return null;
  switch (parent.type) {
    case AST_NODE_TYPES.MemberExpression:
      // `c.query(sql)`, `c.release()` (its release is the release summary's), `c.processID`.
      return parent.object === child ? 'borrows' : null;
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test === child ? 'borrows' : null;
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === '!' || parent.operator === 'typeof' ? 'borrows' : null;
    case AST_NODE_TYPES.BinaryExpression:
      return isNullish(parent.left) || isNullish(parent.right) ? 'borrows' : null;
    case AST_NODE_TYPES.LogicalExpression:
      // `c && c.query()`: the left side is a test; `x ?? c` passes the value on.
      return parent.left === child ? 'borrows' : null;
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.right === child ? storedTo(context, fn, parent.left) : null;
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return parent.callee === child ? null : argumentUse(context, fn, parent, child, model);
    default:
      return null;
  }
}

/** `this.conn = c`, `holder.c = c`, `last = c` (a module-level variable): kept; a local alias is not followed. */
function storedTo(context: ParamUseContext, fn: FunctionNode, target: Node): ParamUse {
  if (target.type === AST_NODE_TYPES.MemberExpression) return 'keeps';
  return target.type === AST_NODE_TYPES.Identifier && outlives(context, fn, target) ? 'keeps' : null;
}

/** `this`, a parameter (the caller's object) or a variable declared outside `fn`, or a property of one: what it holds outlives the call. */
function outlives(context: ParamUseContext, fn: FunctionNode, node: Node): boolean {
  const n = skipTypeWrappers(node);
  if (n.type === AST_NODE_TYPES.ThisExpression) return true;
  if (n.type === AST_NODE_TYPES.MemberExpression) return outlives(context, fn, n.object);
  if (n.type !== AST_NODE_TYPES.Identifier) return false;
  const def = context.variableOf(n)?.defs[0];
  if (!def) return false;
  const declared = def.node as Node;
  return def.type === 'Parameter' || declared.range[0] < fn.range[0] || declared.range[1] > fn.range[1];
}

/** The parameter handed to a call: a list that outlives the call keeps it, a same-file function uses it as its summary says. */
function argumentUse(context: ParamUseContext, fn: FunctionNode, call: Call, argument: Node, model: ObjectModel): ParamUse {
  const index = call.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
  if (index < 0) return null;
  const callee = skipTypeWrappers(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : null;
  if (method && index === 0 && poolReleaseMethods(model).has(method)) return 'borrows';
  if (method && STORE_METHODS.has(method) && outlives(context, fn, (callee as TSESTree.MemberExpression).object)) return 'keeps';
  const helper = context.callee(call);
  return helper ? context.paramUse(helper, index, model) : null;
}
