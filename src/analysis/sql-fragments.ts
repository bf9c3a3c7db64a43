import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { propertyName, skipTypeWrappers, valueParent } from './ast';
import type { ObjectTracker } from './objects';

type Node = TSESTree.Node;

/**
 * Is this use of a driver object a piece of SQL for another query rather than a query of its own?
 * `db.raw('n + 1')` or `db.fn.now()` (a link the driver data lists in `ObjectModel.fragments`) whose
 * value is handed to a call, or stored in an object, array or template literal, runs nothing: the
 * builder that receives it runs on whatever connection that builder uses. Awaited, returned or kept
 * in a variable it may still run by itself, so it stays a query.
 *
 * `use` is the call on the object (`db.raw(…)`) or the reference to the object (`db` in `db.fn.now()`).
 */
export function isSqlFragment(objects: ObjectTracker, use: Node): boolean {
  const node = skipTypeWrappers(use);
  let link: Node | undefined;
  if (node.type === AST_NODE_TYPES.CallExpression) {
    link = skipTypeWrappers(node.callee);
  } else {
    const [parent, child] = valueParent(node);
    link = parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === child ? parent : undefined;
  }
  if (link?.type !== AST_NODE_TYPES.MemberExpression) return false;
  const name = propertyName(link);
  if (!name || !objects.objectOf(link.object)?.model.fragments?.includes(name)) return false;
  let end: Node = link;
  for (;;) {
    const [parent, child] = valueParent(end);
    if (
      (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === child) ||
      (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === child) ||
      parent?.type === AST_NODE_TYPES.ChainExpression
    ) {
      end = parent;
      continue;
    }
    return isValuePosition(end);
  }
}

/** Where a value is only passed along: a call argument (not of `Promise.*`, which runs thenables), an object property, an array element, a template part. */
function isValuePosition(value: Node): boolean {
  const [parent, child] = valueParent(value);
  switch (parent?.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression: {
      if (!parent.arguments.includes(child as TSESTree.CallExpressionArgument)) return false;
      const callee = skipTypeWrappers(parent.callee);
      return !(callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === 'Promise');
    }
    case AST_NODE_TYPES.Property:
      return parent.value === child;
    case AST_NODE_TYPES.ArrayExpression:
      return !isValuePassedToPromise(parent);
    case AST_NODE_TYPES.TemplateLiteral:
      return true;
    default:
      return false;
  }
}

/** `Promise.all([db.raw(…)])`: the combinator awaits each element, so the fragment runs. */
function isValuePassedToPromise(array: TSESTree.ArrayExpression): boolean {
  const [parent] = valueParent(array);
  if (parent?.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipTypeWrappers(parent.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === 'Promise';
}
