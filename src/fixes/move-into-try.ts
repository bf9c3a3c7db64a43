import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import type { Leak } from '../analysis/leaks';
import { containsNode, forEachChild, isFunction } from '../analysis/ast';
import { awaitReturnedCalls, indentableLineStarts, indentUnit, lineIndent } from './text';

type Node = TSESTree.Node;


/** A statement that can throw or leave (await, call, return, throw). */
export function mayFail(node: Node): boolean {
  if (
    node.type === AST_NODE_TYPES.AwaitExpression ||
    node.type === AST_NODE_TYPES.CallExpression ||
    node.type === AST_NODE_TYPES.ReturnStatement ||
    node.type === AST_NODE_TYPES.ThrowStatement
  ) {
    return true;
  }
  let found = false;
  forEachChild(node, child => {
    found ||= mayFail(child);
  });
  return found;
}

/**
 * `const c = await pool.connect(); await c.query('BEGIN'); try { … } finally { c.release(); }`:
 * moves the statements between the acquire and the protecting `try` to the start of its block,
 * so a failing BEGIN is released too. Returns null unless every release is in that `finally`
 * and the moved statements declare nothing.
 */
export function moveIntoTry(
  sourceCode: Readonly<TSESLint.SourceCode>,
  leak: Leak,
): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | null {
  const info = leak.handle;
  const anchor = info?.anchor;
  if (!info || !anchor || info.hasNestedRelease) return null;
  const block = anchor.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement || !isFunction(block.parent) || !block.parent.async) return null;
  const index = block.body.indexOf(anchor);
  const tryIndex = block.body.findIndex((s, i) => i > index && s.type === AST_NODE_TYPES.TryStatement);
  if (tryIndex <= index + 1) return null;
  const protecting = block.body[tryIndex] as TSESTree.TryStatement;
  const finalizer = protecting.finalizer;
  if (!finalizer || info.releaseRoots.size === 0 || [...info.releaseRoots].some(root => !containsNode(finalizer, root))) return null;
  // The `finally` must release before anything in it can fail, or the move leaves a leak behind.
  const firstRelease = finalizer.body.findIndex(statement => [...info.releaseRoots].some(root => containsNode(statement, root)));
  if (firstRelease < 0 || finalizer.body.slice(0, firstRelease).some(statement => mayFail(statement))) return null;
  const moved = block.body.slice(index + 1, tryIndex);
  const declares = (s: Node): boolean =>
    s.type === AST_NODE_TYPES.VariableDeclaration || s.type === AST_NODE_TYPES.FunctionDeclaration || s.type === AST_NODE_TYPES.ClassDeclaration;
  if (moved.some(declares)) return null;

  const start = moved[0].range[0];
  const end = moved[moved.length - 1].range[1];
  const unit = indentUnit(sourceCode, moved[0]);
  const indent = lineIndent(sourceCode, moved[0]);
  const insertions = [
    ...indentableLineStarts(sourceCode, start, end).map(offset => ({ offset, text: unit })),
    ...awaitReturnedCalls(moved).map(edit => ({ offset: edit.range[0], text: edit.text })),
  ].sort((a, b) => b.offset - a.offset);
  let text = sourceCode.text.slice(start, end);
  for (const insertion of insertions) {
    text = `${text.slice(0, insertion.offset - start)}${insertion.text}${text.slice(insertion.offset - start)}`;
  }
  const replacement = `try {\n${indent}${unit}${text}`;
  return fixer => fixer.replaceTextRange([start, protecting.block.range[0] + 1], replacement);
}
