import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import type { HeldAwait } from '../analysis/leaks';
import { forEachChild } from '../analysis/ast';
import { indentUnit, lineIndent } from './text';

type Node = TSESTree.Node;

/** `BEGIN`, `beginTransaction()`…: a transaction cannot be split across two connections. */
function opensTransaction(sourceCode: Readonly<TSESLint.SourceCode>, statements: readonly Node[]): boolean {
  return statements.some(statement => /\b(?:BEGIN|START\s+TRANSACTION|beginTransaction|startTransaction|transaction)\b/i.test(sourceCode.getText(statement)));
}

function mentions(node: Node, name: string): boolean {
  if (node.type === AST_NODE_TYPES.Identifier && node.name === name) return true;
  let found = false;
  forEachChild(node, child => {
    found ||= mentions(child, name);
  });
  return found;
}

/**
 * `const c = await pool.connect(); try { A; await slow(); B; } finally { c.release(); }` →
 * `let c = …; try { A } finally { release } await slow(); c = …; try { B } finally { release }`.
 * Only for that shape, outside transactions, when A declares nothing and the slow call does not use `c`.
 */
export function splitCheckout(sourceCode: Readonly<TSESLint.SourceCode>, held: HeldAwait): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix[]) | null {
  const anchor = held.anchor;
  if (anchor?.type !== AST_NODE_TYPES.VariableDeclaration || anchor.declarations.length !== 1 || (anchor.kind !== 'const' && anchor.kind !== 'let')) return null;
  const [declarator] = anchor.declarations;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return null;
  const name = declarator.id.name;
  const block = anchor.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement) return null;
  const protecting = block.body[block.body.indexOf(anchor) + 1];
  if (protecting?.type !== AST_NODE_TYPES.TryStatement || protecting.handler || !protecting.finalizer) return null;
  const statement = held.node.parent?.type === AST_NODE_TYPES.ExpressionStatement ? held.node.parent : null;
  if (!statement || statement.parent !== protecting.block) return null;
  const body = protecting.block.body;
  const index = body.indexOf(statement);
  const before = body.slice(0, index);
  const after = body.slice(index + 1);
  if (before.length === 0 || after.length === 0 || mentions(statement, name)) return null;
  if (before.some(s => s.type === AST_NODE_TYPES.VariableDeclaration || s.type === AST_NODE_TYPES.FunctionDeclaration || s.type === AST_NODE_TYPES.ClassDeclaration)) return null;
  if (opensTransaction(sourceCode, [...before, ...after])) return null;
  const indent = lineIndent(sourceCode, protecting);
  const unit = indentUnit(sourceCode, body[0]);
  const slice = (nodes: readonly Node[]): string => sourceCode.text.slice(nodes[0].range[0], nodes[nodes.length - 1].range[1]);
  const finallyText = sourceCode.getText(protecting.finalizer);
  const moved = sourceCode
    .getText(statement)
    .split('\n')
    .map((line, i) => (i > 0 && line.startsWith(indent + unit) ? indent + line.slice(indent.length + unit.length) : line))
    .join('\n');
  const text = [
    `try {\n${indent}${unit}${slice(before)}\n${indent}} finally ${finallyText}`,
    moved,
    `${name} = ${sourceCode.getText(declarator.init)};`,
    `try {\n${indent}${unit}${slice(after)}\n${indent}} finally ${finallyText}`,
  ].join(`\n${indent}`);
  const keyword = sourceCode.getFirstToken(anchor)!;
  return fixer => [...(anchor.kind === 'const' ? [fixer.replaceText(keyword, 'let')] : []), fixer.replaceText(protecting, text)];
}
