import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import type { SingleQuery } from '../analysis/leaks';
import { containsNode } from '../analysis/ast';
import { lineIndent, statementRemovalRange } from './text';


/**
 * Replaces a one-query checkout with the pool's helper, when the shape leaves nothing else to keep:
 * `const c = await pool.connect(); try { …c.query(…)… } finally { c.release(); }` or
 * `const c = await pool.connect(); …c.query(…)…; c.release();` in one block.
 */
export function usePoolHelper(sourceCode: Readonly<TSESLint.SourceCode>, single: SingleQuery): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix[]) | null {
  const anchor = single.handle.anchor;
  const block = anchor?.parent;
  if (!anchor || block?.type !== AST_NODE_TYPES.BlockStatement || anchor.type !== AST_NODE_TYPES.VariableDeclaration) return null;
  const index = block.body.indexOf(anchor);
  const roots = [...single.handle.releaseRoots];
  const receiverText = sourceCode.getText(single.pool);
  const callee = single.query.callee as TSESTree.MemberExpression;
  const rename = (fixer: TSESLint.RuleFixer): TSESLint.RuleFix => fixer.replaceText(callee.object, receiverText);

  // try { … } finally { c.release(); } right after the checkout.
  const next = block.body[index + 1];
  if (
    next?.type === AST_NODE_TYPES.TryStatement &&
    !next.handler &&
    next.finalizer &&
    next.finalizer.body.length === 1 &&
    roots.length === 1 &&
    roots[0] === next.finalizer.body[0] &&
    containsNode(next.block, single.query)
  ) {
    const body = next.block.body;
    if (body.length === 0) return null;
    const outer = lineIndent(sourceCode, next);
    const inner = lineIndent(sourceCode, body[0]);
    const unit = inner.startsWith(outer) ? inner.slice(outer.length) : '';
    const start = body[0].range[0];
    const end = body[body.length - 1].range[1];
    // Block-scoped declarations move out of the `try`: they must not clash with the enclosing block.
    const names = body.flatMap(s => (s.type === AST_NODE_TYPES.VariableDeclaration ? sourceCode.getDeclaredVariables(s).map(v => v.name) : []));
    const scope = sourceCode.getScope(anchor);
    if (names.some(name => scope.set.has(name))) return null;
    return fixer => {
      let text = sourceCode.text.slice(start, end);
      const queryStart = callee.object.range[0] - start;
      text = `${text.slice(0, queryStart)}${receiverText}${text.slice(callee.object.range[1] - start)}`;
      if (unit) text = text.split('\n').map((line, i) => (i > 0 && line.startsWith(outer + unit) ? outer + line.slice(outer.length + unit.length) : line)).join('\n');
      return [fixer.replaceTextRange([anchor.range[0], next.range[1]], text)];
    };
  }
  // Sequential: checkout, statements, release, all in this block.
  if (roots.length === 1 && roots[0].parent === block && roots[0].type === AST_NODE_TYPES.ExpressionStatement && containsNode(block, single.query)) {
    const release = roots[0];
    if (block.body.indexOf(release as TSESTree.Statement) <= index) return null;
    return fixer => [
      fixer.removeRange(statementRemovalRange(sourceCode, anchor)),
      rename(fixer),
      fixer.removeRange(statementRemovalRange(sourceCode, release)),
    ];
  }
  return null;
}
