import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import type { HandleInfo, Leak } from '../analysis/leaks';
import { containsNode, isFunction, memberAccess } from '../analysis/ast';
import { handleOwnerOf } from '../analysis/owning-classes';
import { mayFail } from './move-into-try';
import { awaitReturnedCalls, pendingPromiseNames, indentableLineStarts, indentUnit, inStatementList, lineIndent, statementRemovalRange } from './text';

type Node = TSESTree.Node;

/** The release statement the fix writes when the code has none: the driver's own form. */
function defaultRelease(leak: Leak, info: HandleInfo, sourceCode: Readonly<TSESLint.SourceCode>, inAsync: boolean): string | null {
  const forms = info.model.release ?? [];
  const form = forms.find(f => f.preferred) ?? forms[0];
  if (!form) return null;
  const name = info.variable.name;
  // Handles from a same-file helper go back through the helper the code has for that.
  const helper = leak.acquisition.via?.release;
  if (helper) return `${helper.async && inAsync ? 'await ' : ''}${helper.callee}(${name});`;
  const owner = handleOwnerOf(info.variable);
  if (owner?.release) return `${owner.release.async && inAsync ? 'await ' : ''}${name}${memberAccess(owner.release.method)}();`;
  if (owner && form.method) return `${form.async && inAsync ? 'await ' : ''}${name}.${owner.field}.${form.method}();`;
  if (owner) return null;
  let call: string;
  if (form.method) call = `${name}.${form.method}()`;
  else if (form.poolMethod && leak.acquisition.receiver) call = `${sourceCode.getText(leak.acquisition.receiver)}.${form.poolMethod}(${name})`;
  else return null;
  return `${form.async && inAsync ? 'await ' : ''}${call};`;
}

/**
 * Wraps the statements after `const h = await pool.connect();` (through the last use of `h`)
 * in `try { … } finally { <release> }`, removing the releases the `finally` replaces and
 * hoisting declarations that are used after the new block. Returns null when it cannot do so safely.
 */
export function wrapInFinally(
  sourceCode: Readonly<TSESLint.SourceCode>,
  leak: Leak,
): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | null {
  const info = leak.handle;
  const anchor = info?.anchor;
  if (!info || !anchor || info.escapes || info.hasNestedRelease) return null;
  const block = anchor.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement) return null;
  const index = block.body.indexOf(anchor);
  const references = info.variable.references.filter(r => !r.init).map(r => r.identifier as Node);
  let last = -1;
  for (let i = index + 1; i < block.body.length; i++) {
    if (references.some(ref => containsNode(block.body[i], ref))) last = i;
  }
  if (last < 0) return null;
  const wrapped = block.body.slice(index + 1, last + 1);
  const after = block.body.slice(last + 1);

  const roots = [...info.releaseRoots];
  if (roots.some(root => !wrapped.some(s => containsNode(s, root)))) return null;
  // A release inside an existing `finally` that can be skipped (a return or failing call before it):
  // what leaks is inside that block, and a new `finally` around it would not help.
  if (roots.some(root => skippableInFinally(root, block))) return null;
  if (roots.some(root => root.type !== AST_NODE_TYPES.ExpressionStatement && root.type !== AST_NODE_TYPES.IfStatement)) return null;
  if (wrapped.some(s => s.type === AST_NODE_TYPES.FunctionDeclaration || s.type === AST_NODE_TYPES.ClassDeclaration)) return null;

  const owner = block.parent;
  // A sync function that returns a promise would release before the promise settles.
  if (!isFunction(owner) || !owner.async) return null;
  const inAsync = true;
  // A transaction is finished by commit on success and rollback on failure, never in `finally`.
  const transactional = info.model.transaction === true;
  if (transactional) return wrapTransaction(sourceCode, info, wrapped, after);
  const firstRelease = roots.sort((a, b) => a.range[0] - b.range[0])[0];
  // Copied into the `finally`, a release behind a flag keeps the flag that skips it (and reads a flag the wrapped code may declare).
  if (firstRelease && info.flagGuarded.has(firstRelease)) return null;
  const releaseText = firstRelease
    ? sourceCode.getText(firstRelease).replace(/;?$/, firstRelease.type === AST_NODE_TYPES.ExpressionStatement ? ';' : '')
    : defaultRelease(leak, info, sourceCode, inAsync);
  if (!releaseText) return null;

  // Declarations in the wrapped range that later statements read must move before the `try`.
  const hoisted: string[] = [];
  const rewrites = new Map<Node, string>();
  for (const statement of wrapped) {
    if (statement.type !== AST_NODE_TYPES.VariableDeclaration) continue;
    const variables = sourceCode.getDeclaredVariables(statement);
    const usedAfter = variables.some(v => v.references.some(r => after.some(s => containsNode(s, r.identifier as Node))));
    if (!usedAfter) continue;
    if (statement.declarations.length !== 1 || statement.kind === 'using' || statement.kind === 'await using') return null;
    const [declarator] = statement.declarations;
    const id = declarator.id;
    // `const p = client.query(…); … return p;`: the query would still run after the `finally` released.
    const init = declarator.init;
    if (init?.type === AST_NODE_TYPES.CallExpression || init?.type === AST_NODE_TYPES.TaggedTemplateExpression) return null;
    if (id.type === AST_NODE_TYPES.Identifier) {
      hoisted.push(`let ${sourceCode.getText(id)};`);
      if (declarator.init) rewrites.set(statement, `${id.name} = ${sourceCode.getText(declarator.init)};`);
      else rewrites.set(statement, '');
    } else if (declarator.init && !id.typeAnnotation) {
      hoisted.push(`let ${variables.map(v => v.name).join(', ')};`);
      const before = sourceCode.getTokenBefore(statement);
      const guard = before && !/^[;{}]$/.test(before.value) ? ';' : '';
      const pattern = sourceCode.getText(id);
      rewrites.set(
        statement,
        id.type === AST_NODE_TYPES.ObjectPattern
          ? `${guard}(${pattern} = ${sourceCode.getText(declarator.init)});`
          : `${guard}${pattern} = ${sourceCode.getText(declarator.init)};`,
      );
    } else {
      return null;
    }
  }

  const start = wrapped[0].range[0];
  const end = wrapped[wrapped.length - 1].range[1];
  const unit = indentUnit(sourceCode, wrapped[0]);
  const indent = lineIndent(sourceCode, wrapped[0]);
  // All edits in file offsets: removals, rewrites, then one indentation step at each line start.
  const edits: { range: [number, number]; text: string }[] = [];
  for (const root of roots) {
    edits.push(inStatementList(root) ? { range: statementRemovalRange(sourceCode, root), text: '' } : { range: root.range, text: '{}' });
  }
  for (const [statement, text] of rewrites) edits.push({ range: statement.range, text });
  edits.push(...awaitReturnedCalls(wrapped.filter(s => !rewrites.has(s)), pendingPromiseNames(wrapped)));
  const touched = (offset: number): boolean => edits.some(e => offset > e.range[0] && offset < e.range[1]);
  for (const offset of indentableLineStarts(sourceCode, start, end)) {
    if (!touched(offset)) edits.push({ range: [offset, offset], text: unit });
  }
  edits.sort((a, b) => b.range[0] - a.range[0] || b.range[1] - a.range[1]);
  let body = sourceCode.text.slice(start, end);
  for (const edit of edits) {
    const from = Math.max(edit.range[0], start) - start;
    const to = Math.min(edit.range[1], end) - start;
    body = body.slice(0, from) + edit.text + body.slice(to);
  }
  body = body.replace(/^\s*\n/, '').trimEnd().replace(/^[ \t]*/, '');
  const text = [
    ...hoisted,
    'try {',
    `${unit}${body}`,
    '} finally {',
    `${unit}${releaseText}`,
    '}',
  ]
    .map((line, i) => (i === 0 ? line : indent + line))
    .join('\n');
  return fixer => fixer.replaceTextRange([start, end], text);
}

/**
 * `const trx = await knex.transaction(); …; await trx.commit();` → the same statements in
 * `try { … } catch (error) { await trx.rollback(); throw error; }`, committing at the end of the
 * `try` when the code never commits.
 */
function wrapTransaction(
  sourceCode: Readonly<TSESLint.SourceCode>,
  info: HandleInfo,
  wrapped: TSESTree.Statement[],
  after: TSESTree.Statement[],
): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | null {
  const name = info.variable.name;
  const declaresUsedLater = wrapped.some(
    statement =>
      statement.type === AST_NODE_TYPES.VariableDeclaration &&
      sourceCode.getDeclaredVariables(statement).some(v => v.references.some(r => after.some(s => containsNode(s, r.identifier as Node)))),
  );
  if (declaresUsedLater) return null;
  const start = wrapped[0].range[0];
  const end = wrapped[wrapped.length - 1].range[1];
  const unit = indentUnit(sourceCode, wrapped[0]);
  const indent = lineIndent(sourceCode, wrapped[0]);
  const commits = [...info.releaseRoots].some(root => /\.commit\(/.test(sourceCode.getText(root)));
  const errorName = /\berror\b/.test(sourceCode.text.slice(start, end)) ? 'transactionError' : 'error';
  let body = sourceCode.text.slice(start, end);
  for (const offset of indentableLineStarts(sourceCode, start, end).reverse()) {
    body = `${body.slice(0, offset - start)}${unit}${body.slice(offset - start)}`;
  }
  const rollback = /\.execute\(\)/.test(sourceCode.getText(info.anchor!)) ? `await ${name}.rollback().execute();` : `await ${name}.rollback();`;
  const commit = /\.execute\(\)/.test(sourceCode.getText(info.anchor!)) ? `await ${name}.commit().execute();` : `await ${name}.commit();`;
  const text = [
    'try {',
    `${unit}${body}`,
    ...(commits ? [] : [`${unit}${commit}`]),
    `} catch (${errorName}) {`,
    `${unit}${rollback}`,
    `${unit}throw ${errorName};`,
    '}',
  ]
    .map((line, i) => (i === 0 ? line : indent + line))
    .join('\n');
  return fixer => fixer.replaceTextRange([start, end], text);
}

function skippableInFinally(node: Node, stop: Node): boolean {
  for (let child: Node = node, current = node.parent; current && current !== stop; child = current, current = current.parent) {
    if (current.type === AST_NODE_TYPES.TryStatement && current.finalizer === child) {
      const finalizer = current.finalizer;
      const index = finalizer.body.findIndex(statement => containsNode(statement, node));
      return finalizer.body.slice(0, index).some(mayFail);
    }
  }
  return false;
}
