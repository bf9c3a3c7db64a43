import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

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
  const protectedRanges: [number, number][] = [];
  for (const token of sourceCode.ast.tokens) {
    if (token.type === 'Template' && token.loc.start.line !== token.loc.end.line && token.range[1] > start && token.range[0] < end) {
      protectedRanges.push(token.range);
    }
  }
  for (const comment of sourceCode.ast.comments ?? []) {
    if (comment.loc.start.line !== comment.loc.end.line && comment.range[1] > start && comment.range[0] < end) protectedRanges.push(comment.range);
  }
  const starts: number[] = [];
  const text = sourceCode.text;
  for (let i = text.indexOf('\n', start); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
    const lineStart = i + 1;
    if (text[lineStart] === '\n' || text[lineStart] === '\r') continue;
    if (!protectedRanges.some(([from, to]) => lineStart > from && lineStart < to)) starts.push(lineStart);
  }
  return starts;
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
 */
export function awaitReturnedCalls(statements: readonly TSESTree.Node[]): { range: [number, number]; text: string }[] {
  const edits: { range: [number, number]; text: string }[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (
      node.type === AST_NODE_TYPES.FunctionDeclaration ||
      node.type === AST_NODE_TYPES.FunctionExpression ||
      node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
      node.type === AST_NODE_TYPES.ClassDeclaration ||
      node.type === AST_NODE_TYPES.ClassExpression
    ) {
      return;
    }
    if (node.type === AST_NODE_TYPES.ReturnStatement) {
      const argument = node.argument;
      if (argument && (argument.type === AST_NODE_TYPES.CallExpression || argument.type === AST_NODE_TYPES.TaggedTemplateExpression)) {
        edits.push({ range: [argument.range[0], argument.range[0]], text: 'await ' });
      }
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent') continue;
      if (Array.isArray(value)) {
        for (const child of value) if (child && typeof child.type === 'string') visit(child);
      } else if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') {
        visit(value as TSESTree.Node);
      }
    }
  };
  for (const statement of statements) visit(statement);
  return edits;
}
