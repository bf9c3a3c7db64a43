import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { propertyName, skipTypeWrappers } from './ast';
import { fileState } from './file-state';
import { readSettings } from './settings';

/** A reader of the file's method calls (`receiver.method(…)`) whose method has one of `names`. */
export interface MemberCallReader {
  readonly names: ReadonlySet<string>;
  readonly visit: (call: TSESTree.CallExpression) => void;
}

/**
 * One `CallExpression` listener for every reader of method calls in the file (the statements sent
 * through pools, the calls that end a pool): the first rule that asks registers it and the others
 * subscribe, so each call costs one listener call and one name test however many rules are on.
 * Every reader is registered while the rules are created, before the traversal starts.
 */
export function memberCallListeners(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, reader: MemberCallReader): TSESLint.RuleListener {
  const shared = fileState(context.sourceCode, readSettings(context)).shared;
  const existing = shared.get(memberCallListeners) as MemberCallReader[] | undefined;
  if (existing) {
    existing.push(reader);
    return {};
  }
  const readers: MemberCallReader[] = [reader];
  shared.set(memberCallListeners, readers);
  return {
    CallExpression(node) {
      const callee = skipTypeWrappers(node.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
      const method = propertyName(callee);
      if (method === null) return;
      for (const each of readers) if (each.names.has(method)) each.visit(node);
    },
  };
}
