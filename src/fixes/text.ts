import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { forEachChild } from '../analysis/ast';

/** The whitespace that starts the line of `node`. */
export function lineIndent(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  return /^\s*/.exec(line)![0];
}

/** One indentation step as the surrounding block writes it (two spaces when it cannot tell). */
export function indentUnit(sourceCode: Readonly<TSESLint.SourceCode>, statement: TSESTree.Node): string {
  const inner = lineIndent(sourceCode, statement);
  const block = statement.parent;
  if (block) {
    const outer = lineIndent(sourceCode, block);
    if (inner.length > outer.length && inner.startsWith(outer)) return inner.slice(outer.length);
  }
  return inner.includes('\t') ? '\t' : '  ';
}

/**
 * Offsets of the line starts inside (start, end] whose line may be re-indented: not those that
 * begin inside a multi-line template literal or comment, whose text is content.
 */
export function indentableLineStarts(sourceCode: Readonly<TSESLint.SourceCode>, start: number, end: number): number[] {
  const protectedRanges = multiLineTextsBetween(sourceCode, start, end);
  const starts: number[] = [];
  const text = sourceCode.text;
  for (let i = text.indexOf('\n', start); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
    const lineStart = i + 1;
    if (text[lineStart] === '\n' || text[lineStart] === '\r') continue;
    if (!protectedRanges.some(([from, to]) => lineStart > from && lineStart < to)) starts.push(lineStart);
  }
  return starts;
}

/**
 * Multi-line template literals and comments that overlap (start, end). The tokens are in source
 * order, so a binary search finds the first one that ends after `start`: a fix reads the tokens of
 * its own region, not the whole file's.
 */
function multiLineTextsBetween(sourceCode: Readonly<TSESLint.SourceCode>, start: number, end: number): [number, number][] {
  const ranges: [number, number][] = [];
  const tokens = sourceCode.ast.tokens ?? [];
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (tokens[middle].range[1] <= start) low = middle + 1;
    else high = middle;
  }
  for (let i = low; i < tokens.length && tokens[i].range[0] < end; i++) {
    const token = tokens[i];
    if (token.type === 'Template' && token.loc.start.line !== token.loc.end.line) ranges.push(token.range);
  }
  for (const comment of sourceCode.ast.comments ?? []) {
    if (comment.range[1] > start && comment.range[0] < end && comment.loc.start.line !== comment.loc.end.line) ranges.push(comment.range);
  }
  return ranges;
}

/** The range that removes a whole statement, with its line when it stands alone on it. */
export function statementRemovalRange(sourceCode: Readonly<TSESLint.SourceCode>, statement: TSESTree.Node): [number, number] {
  const text = sourceCode.text;
  let [start, end] = statement.range;
  let lineStart = start;
  while (lineStart > 0 && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
  let lineEnd = end;
  while (lineEnd < text.length && (text[lineEnd] === ' ' || text[lineEnd] === '\t')) lineEnd++;
  if ((lineStart === 0 || text[lineStart - 1] === '\n') && (lineEnd === text.length || text[lineEnd] === '\n' || text[lineEnd] === '\r')) {
    start = lineStart > 0 ? lineStart - 1 : lineStart;
    end = lineEnd;
  }
  return [start, end];
}

/** Whether a statement sits in a list of statements (so it can be removed outright). */
export function inStatementList(node: TSESTree.Node): boolean {
  const parent = node.parent;
  return (
    parent?.type === AST_NODE_TYPES.BlockStatement ||
    parent?.type === AST_NODE_TYPES.Program ||
    parent?.type === AST_NODE_TYPES.SwitchCase ||
    parent?.type === AST_NODE_TYPES.StaticBlock
  );
}

/**
 * Inside the new `try`, `return client.query(…)` would run the `finally` (the release) before the
 * returned promise settles; `return await …` keeps the connection until the query is done.
 * `pendingPromises` are variables of the region initialised with an un-awaited call (`const p = q()`).
 */
export function awaitReturnedCalls(
  statements: readonly TSESTree.Node[],
  pendingPromises: ReadonlySet<string> = new Set(),
): { range: [number, number]; text: string }[] {
  const edits: { range: [number, number]; text: string }[] = [];
  const isFunctionLike = (node: TSESTree.Node): boolean =>
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.ClassDeclaration ||
    node.type === AST_NODE_TYPES.ClassExpression;
  const visit = (node: TSESTree.Node): void => {
    if (isFunctionLike(node)) return;
    if (node.type === AST_NODE_TYPES.ReturnStatement) {
      const argument = node.argument;
      if (!argument || !mayBePromise(argument, pendingPromises)) return;
      if (isTightExpression(argument)) {
        edits.push({ range: [argument.range[0], argument.range[0]], text: 'await ' });
      } else {
        edits.push({ range: [argument.range[0], argument.range[0]], text: 'await (' });
        edits.push({ range: [argument.range[1], argument.range[1]], text: ')' });
      }
      return;
    }
    forEachChild(node, visit);
  };
  for (const statement of statements) visit(statement);
  return edits;
}

/** Binds tighter than `await`, so `await <expr>` needs no parentheses. */
function isTightExpression(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.CallExpression ||
    node.type === AST_NODE_TYPES.TaggedTemplateExpression ||
    node.type === AST_NODE_TYPES.MemberExpression ||
    node.type === AST_NODE_TYPES.NewExpression ||
    node.type === AST_NODE_TYPES.Identifier ||
    node.type === AST_NODE_TYPES.ChainExpression
  );
}

/** Could the returned value be a promise that still uses the connection? */
function mayBePromise(node: TSESTree.Node, pending: ReadonlySet<string>): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.ObjectExpression:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.UpdateExpression:
      return false;
    case AST_NODE_TYPES.Identifier:
      return pending.has(node.name);
    case AST_NODE_TYPES.ConditionalExpression:
      return mayBePromise(node.consequent, pending) || mayBePromise(node.alternate, pending);
    case AST_NODE_TYPES.LogicalExpression:
      return mayBePromise(node.left, pending) || mayBePromise(node.right, pending);
    case AST_NODE_TYPES.SequenceExpression:
      return mayBePromise(node.expressions[node.expressions.length - 1], pending);
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return mayBePromise(node.expression, pending);
    default:
      return true;
  }
}

/** Names declared in `statements` from a call that is not awaited (`const p = client.query(…)`). */
export function pendingPromiseNames(statements: readonly TSESTree.Node[]): Set<string> {
  const names = new Set<string>();
  for (const statement of statements) {
    if (statement.type !== AST_NODE_TYPES.VariableDeclaration) continue;
    for (const declarator of statement.declarations) {
      const init = declarator.init;
      if (declarator.id.type === AST_NODE_TYPES.Identifier && init && (init.type === AST_NODE_TYPES.CallExpression || init.type === AST_NODE_TYPES.TaggedTemplateExpression)) {
        names.add(declarator.id.name);
      }
    }
  }
  return names;
}
