import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { findVariable } from '@eslint-community/eslint-utils';
import type { HeldAwait } from '../analysis/leaks';
import { enclosingFunction, readIdentifiers } from '../analysis/ast';
import { statementRemovalRange } from './text';

type Node = TSESTree.Node;

/**
 * `const client = await pool.connect(); try { const point = await geocode(address); … }`:
 * moves the awaited statement above the checkout when everything it reads exists before it.
 * Only through `try` blocks without `catch` (whose only job is the release), never out of a branch or loop.
 */
export function moveBeforeAcquire(
  sourceCode: Readonly<TSESLint.SourceCode>,
  held: HeldAwait,
): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix[]) | null {
  const anchor = held.anchor;
  if (!anchor || held.node.type !== AST_NODE_TYPES.AwaitExpression) return null;
  // The statement that is exactly this await: `await f();` or `const x = await f();`.
  let statement: Node | undefined = held.node.parent;
  if (statement?.type === AST_NODE_TYPES.VariableDeclarator) {
    if (statement.init !== held.node || statement.parent.declarations.length !== 1) return null;
    statement = statement.parent;
  } else if (statement?.type !== AST_NODE_TYPES.ExpressionStatement) {
    return null;
  }
  if (statement.type === AST_NODE_TYPES.VariableDeclaration && (statement.kind === 'using' || statement.kind === 'await using')) return null;
  // Up to the anchor's block only through blocks of try/finally statements; everything passed on the
  // way must be straight-line code (no return, throw, branch or loop that the move would jump over).
  const passed: Node[] = [];
  let child: Node = statement;
  let block = statement.parent;
  while (block && block !== anchor.parent) {
    const owner = block.parent;
    if (block.type !== AST_NODE_TYPES.BlockStatement || owner?.type !== AST_NODE_TYPES.TryStatement || owner.block !== block || owner.handler) return null;
    passed.push(...block.body.slice(0, block.body.indexOf(child as TSESTree.Statement)));
    child = owner;
    block = owner.parent;
  }
  if (block?.type !== AST_NODE_TYPES.BlockStatement || block !== anchor.parent || statement.range[0] < anchor.range[1]) return null;
  passed.push(...block.body.slice(block.body.indexOf(anchor) + 1, block.body.indexOf(child as TSESTree.Statement)));
  if (passed.some(s => s.type !== AST_NODE_TYPES.ExpressionStatement && s.type !== AST_NODE_TYPES.VariableDeclaration)) return null;
  const identifiers = readIdentifiers(held.node.argument);
  if (!identifiers) return null;
  const between = (node: Node): boolean => node.range[0] > anchor.range[1] && node.range[1] < statement.range[0];
  for (const id of identifiers) {
    const variable = findVariable(sourceCode.getScope(id) as never, id.name) as TSESLint.Scope.Variable | null;
    const def = variable?.defs[0];
    if (!def) continue; // a global
    if (def.name.range[0] >= anchor.range[0]) return null; // computed after the checkout
    // Written (or mutated through a property) after the checkout: the move would read the old value.
    if (variable!.references.some(ref => ref.isWrite() && between(ref.identifier as Node))) return null;
    if (
      variable!.references.some(ref => {
        if (!between(ref.identifier as Node)) return false;
        let current: Node = ref.identifier as Node;
        while (current.parent?.type === AST_NODE_TYPES.MemberExpression && current.parent.object === current) current = current.parent;
        const parent = current.parent;
        return current !== ref.identifier && (
          (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === current) ||
          (parent?.type === AST_NODE_TYPES.UpdateExpression && parent.argument === current)
        );
      })
    ) {
      return null;
    }
  }
  // A moved declaration must not capture or shadow another variable of the same name in this function.
  if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
    const fn = enclosingFunction(anchor);
    if (!fn) return null;
    const moved = new Set(sourceCode.getDeclaredVariables(statement));
    const names = new Set([...moved].map(v => v.name));
    const clash = (scope: TSESLint.Scope.Scope): boolean =>
      [...scope.set.values()].some(v => names.has(v.name) && !moved.has(v)) ||
      scope.references.some(ref => names.has(ref.identifier.name) && !(ref.resolved && moved.has(ref.resolved))) ||
      scope.childScopes.some(clash);
    if (clash(sourceCode.getScope(fn))) return null;
  }
  const indent = /^\s*/.exec(sourceCode.lines[anchor.loc.start.line - 1] ?? '')![0];
  const ownIndent = /^\s*/.exec(sourceCode.lines[statement.loc.start.line - 1] ?? '')![0];
  // Later lines of a multi-line statement lose the extra indentation of the `try` block.
  const text = sourceCode
    .getText(statement)
    .split('\n')
    .map((line, i) => (i > 0 && line.startsWith(ownIndent) ? indent + line.slice(ownIndent.length) : line))
    .join('\n');
  const movedStatement = statement;
  return fixer => [fixer.insertTextBefore(anchor, `${text}\n${indent}`), fixer.removeRange(statementRemovalRange(sourceCode, movedStatement))];
}
