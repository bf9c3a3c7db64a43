import { findVariable } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { enclosingFunction, isFunction, propertyName, skipTypeWrappers } from '../analysis/ast';
import { resolvedSqlWithHoles, type Through } from '../analysis/pool-statements';
import { endsTransaction, opensTransaction } from '../analysis/sql-text';
import { SHARED_QUERY_METHODS } from '../drivers/conventions';
import { awaitReturnedCalls, inStatementList, indentableLineStarts, indentUnit, lineIndent } from './text';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** How the driver checks out one connection: `const client = await pool.connect()` … `client.release()`. */
export interface TransactionCheckout {
  readonly acquire: string;
  readonly handle: string;
  readonly release: string;
}

export interface CheckoutFix {
  readonly fix: TSESLint.ReportFixFunction;
  /** The name the checked-out connection gets. */
  readonly handle: string;
}

/**
 * The statements a rewrite moves onto one connection: from the one reported to the first that
 * `ends` it (a COMMIT; an unlock or RESET for session state).
 */
export interface SpanKind {
  /** A second statement that opens such a span: the rewrite gives up. */
  readonly opens: (sql: string) => boolean;
  readonly ends: (sql: string) => boolean;
  /** The end may be in the `finally` of a `try` that follows (`lock; try { … } finally { unlock }`). */
  readonly endsInFinally: boolean;
  /** The rewrite rolls back in `catch` (a transaction). */
  readonly rollback: boolean;
}

/** BEGIN … COMMIT / ROLLBACK. */
export const TRANSACTION_SPAN: SpanKind = { opens: opensTransaction, ends: endsTransaction, endsInFinally: false, rollback: true };

/** What every shape of the rewrite shares: the pool's text and the statement style to write. */
interface Span {
  readonly sourceCode: SourceCode;
  readonly checkout: TransactionCheckout;
  readonly poolText: string;
  /** `await pool.query('BEGIN')` as a statement. */
  readonly statement: TSESTree.ExpressionStatement;
  readonly block: TSESTree.BlockStatement;
  /** From BEGIN to the statement that ends the transaction. */
  readonly moved: readonly TSESTree.Statement[];
  readonly semi: string;
  readonly quote: string;
  readonly kind: SpanKind;
}

/** `await <pool>.query(<sql>)` as a whole statement: the SQL text, or null. */
function poolStatementSql(sourceCode: SourceCode, poolText: string, s: TSESTree.Statement): string | null {
  if (s.type !== AST_NODE_TYPES.ExpressionStatement || s.expression.type !== AST_NODE_TYPES.AwaitExpression) return null;
  const call = s.expression.argument;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.length === 0) return null;
  const c = skipTypeWrappers(call.callee);
  if (c.type !== AST_NODE_TYPES.MemberExpression || !SHARED_QUERY_METHODS.has(propertyName(c) ?? '')) return null;
  if (sourceCode.getText(c.object) !== poolText) return null;
  return resolvedSqlWithHoles(sourceCode, call.arguments[0]);
}

/** The statement ends the span: a pool statement that ends it, or a `try` whose `finally` has one. */
function endsSpan(sourceCode: SourceCode, poolText: string, s: TSESTree.Statement, kind: SpanKind): boolean {
  const sql = poolStatementSql(sourceCode, poolText, s);
  if (sql !== null) return kind.ends(sql);
  if (!kind.endsInFinally || s.type !== AST_NODE_TYPES.TryStatement || !s.finalizer) return false;
  return s.finalizer.body.some(inner => {
    const text = poolStatementSql(sourceCode, poolText, inner);
    return text !== null && kind.ends(text);
  });
}

/** `await pool.query('BEGIN')` as a statement of an async function's block, up to the statement that ends its span. */
function spanOf(sourceCode: SourceCode, node: TSESTree.CallExpression, through: Through, checkout: TransactionCheckout, kind: SpanKind): Span | null {
  if (through.pool.byName || node.arguments.length === 0) return null;
  const callee = skipTypeWrappers(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || skipTypeWrappers(callee.object) !== through.poolNode) return null;
  if (!SHARED_QUERY_METHODS.has(propertyName(callee) ?? '')) return null;
  const awaited = node.parent;
  const statement = awaited?.parent;
  if (awaited?.type !== AST_NODE_TYPES.AwaitExpression || statement?.type !== AST_NODE_TYPES.ExpressionStatement) return null;
  const block = statement.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement) return null;
  if (!enclosingFunction(statement)?.async) return null;
  const poolText = sourceCode.getText(through.poolNode);
  const body = block.body;
  const start = body.indexOf(statement);
  let end = -1;
  for (let i = start + 1; i < body.length; i++) {
    if (endsSpan(sourceCode, poolText, body[i], kind)) {
      end = i;
      break;
    }
    const sql = poolStatementSql(sourceCode, poolText, body[i]);
    if (sql !== null && kind.opens(sql)) return null;
  }
  if (end < 0) return null;
  const quote = sourceCode.getText(node.arguments[0]).startsWith('"') ? '"' : "'";
  const semi = sourceCode.getText(statement).endsWith(';') ? ';' : '';
  return { sourceCode, checkout, poolText, statement, block, moved: body.slice(start, end + 1), semi, quote, kind };
}

/**
 * The statements sent through the pool in `nodes` (`<pool>.query(…)`), to be sent through the
 * checked-out handle instead; null when the pool is used any other way or inside a callback.
 */
function poolUses(sourceCode: SourceCode, nodes: readonly TSESTree.Node[], poolText: string): { replacements: [number, number][]; names: Set<string> } | null {
  const replacements: [number, number][] = [];
  const names = new Set<string>();
  let safe = true;
  const visit = (n: TSESTree.Node, inFunction: boolean): void => {
    if (!safe) return;
    if (n.type === AST_NODE_TYPES.Identifier) names.add(n.name);
    if (
      n.type === AST_NODE_TYPES.CallExpression &&
      n.callee.type === AST_NODE_TYPES.MemberExpression &&
      SHARED_QUERY_METHODS.has(propertyName(n.callee) ?? '') &&
      sourceCode.getText(n.callee.object) === poolText
    ) {
      if (inFunction) {
        safe = false;
        return;
      }
      replacements.push(n.callee.object.range);
      for (const argument of n.arguments) visit(argument, inFunction);
      return;
    }
    if (
      (n.type === AST_NODE_TYPES.Identifier || n.type === AST_NODE_TYPES.MemberExpression || n.type === AST_NODE_TYPES.ThisExpression) &&
      sourceCode.getText(n) === poolText
    ) {
      safe = false;
      return;
    }
    const nested = inFunction || isFunction(n);
    for (const [key, value] of Object.entries(n)) {
      if (key === 'parent') continue;
      if (Array.isArray(value)) {
        for (const child of value) if (child && typeof child.type === 'string') visit(child as TSESTree.Node, nested);
      } else if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') {
        visit(value as TSESTree.Node, nested);
      }
    }
  };
  for (const n of nodes) visit(n, false);
  return safe ? { replacements, names } : null;
}

/** `client`, else `client2`, else `txClient`: a name not used in the region nor visible at `at`. */
function freeName(sourceCode: SourceCode, base: string, used: ReadonlySet<string>, at: TSESTree.Node): string | undefined {
  const scope = sourceCode.getScope(at);
  return [base, `${base}2`, `tx${base[0].toUpperCase()}${base.slice(1)}`].find(name => !used.has(name) && !findVariable(scope as never, name));
}

/** `try { BEGIN … COMMIT } catch { pool ROLLBACK }`: check out before the `try`, release in a new `finally`. */
function checkoutAroundTry(span: Span): CheckoutFix | null | undefined {
  const { sourceCode, block, poolText, checkout, semi } = span;
  const tryStatement = block.parent;
  if (
    tryStatement?.type !== AST_NODE_TYPES.TryStatement ||
    tryStatement.block !== block ||
    !tryStatement.handler ||
    tryStatement.finalizer ||
    !inStatementList(tryStatement) ||
    !tryStatement.handler.body.body.some(s => {
      const sql = poolStatementSql(sourceCode, poolText, s);
      return sql !== null && endsTransaction(sql);
    })
  ) {
    return undefined;
  }
  const handler = tryStatement.handler;
  const uses = poolUses(sourceCode, [...block.body, handler], poolText);
  if (!uses) return null;
  const handle = freeName(sourceCode, checkout.handle, uses.names, tryStatement);
  if (!handle) return null;
  const indent = lineIndent(sourceCode, tryStatement);
  const unit = indentUnit(sourceCode, block.body[0] ?? tryStatement);
  const edits = [...uses.replacements.map(range => ({ range, text: handle })), ...awaitReturnedCalls([...block.body, ...handler.body.body])];
  return {
    handle,
    fix: fixer => [
      fixer.insertTextBefore(tryStatement, `const ${handle} = await ${poolText}.${checkout.acquire}()${semi}\n${indent}`),
      ...edits.map(edit => fixer.replaceTextRange(edit.range, edit.text)),
      fixer.insertTextAfter(handler, ` finally {\n${indent}${unit}${handle}.${checkout.release}()${semi}\n${indent}}`),
    ],
  };
}

/** BEGIN … COMMIT in a plain block: check out, run them in a new `try`, ROLLBACK in `catch`, release in `finally`. */
function checkoutInNewTry(span: Span): CheckoutFix | null {
  const { sourceCode, statement, moved, poolText, checkout, semi, quote } = span;
  const last = moved[moved.length - 1];
  const uses = poolUses(sourceCode, moved, poolText);
  if (!uses) return null;
  // Declarations moved into the `try` must not be used after it.
  for (const s of moved) {
    for (const variable of sourceCode.getDeclaredVariables(s)) {
      if (variable.references.some(r => r.identifier.range[0] > last.range[1])) return null;
    }
  }
  const handle = freeName(sourceCode, checkout.handle, uses.names, statement);
  if (!handle) return null;
  const from = statement.range[0];
  const to = last.range[1];
  const indent = lineIndent(sourceCode, statement);
  const unit = indentUnit(sourceCode, statement);
  const edits = [
    ...uses.replacements.map(range => ({ range, text: handle })),
    ...awaitReturnedCalls(moved),
    ...indentableLineStarts(sourceCode, from, to).map(offset => ({ range: [offset, offset] as [number, number], text: unit })),
  ].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let inner = '';
  let cursor = from;
  for (const edit of edits) {
    if (edit.range[0] < cursor) return null;
    inner += sourceCode.text.slice(cursor, edit.range[0]) + edit.text;
    cursor = edit.range[1];
  }
  inner += sourceCode.text.slice(cursor, to);
  const rollback = span.kind.rollback
    ? [`${indent}} catch (error) {`, `${indent}${unit}await ${handle}.query(${quote}ROLLBACK${quote})${semi}`, `${indent}${unit}throw error${semi}`]
    : [];
  const text = [
    `const ${handle} = await ${poolText}.${checkout.acquire}()${semi}`,
    `${indent}try {`,
    `${indent}${unit}${inner}`,
    ...rollback,
    `${indent}} finally {`,
    `${indent}${unit}${handle}.${checkout.release}()${semi}`,
    `${indent}}`,
  ].join('\n');
  return { fix: fixer => fixer.replaceTextRange([from, to], text), handle };
}

/**
 * Rewrites `await pool.query('BEGIN'); …; await pool.query('COMMIT');` (or another span: a lock
 * and its unlock) to run on one checked-out connection.
 */
export function transactionCheckoutFix(
  sourceCode: SourceCode,
  node: TSESTree.CallExpression,
  through: Through,
  checkout: TransactionCheckout,
  kind: SpanKind = TRANSACTION_SPAN,
): CheckoutFix | null {
  const span = spanOf(sourceCode, node, through, checkout, kind);
  if (!span) return null;
  const aroundTry = kind.rollback ? checkoutAroundTry(span) : undefined;
  return aroundTry !== undefined ? aroundTry : checkoutInNewTry(span);
}
