import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { QUERY_TEXT_KEYS, RAW_SQL_BUILDERS } from '../drivers/conventions';

/**
 * Reading SQL text well enough to tell whether it opens a transaction: statements split on `;`
 * outside quotes, dollar quotes and comments; each statement's leading keywords classified.
 */

export type StatementKind = 'begin' | 'end' | 'other';

/** Words that may follow `BEGIN` when it opens a transaction (PostgreSQL, MySQL, SQLite, T-SQL). */
const BEGIN_FOLLOWERS = new Set([
  'transaction',
  'tran',
  'work',
  'isolation',
  'read',
  'not',
  'deferrable',
  'deferred',
  'immediate',
  'exclusive',
  'distributed',
]);

/**
 * Splits SQL text into statements (`;` outside string literals, quoted identifiers, dollar quotes
 * and comments), each with its comments removed and its whitespace collapsed.
 */
export function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '-' && next === '-') {
      // line comment
      while (i < n && text[i] !== '\n') i++;
      current += ' ';
      continue;
    }
    if (c === '#' && current.trim() === '') {
      // MySQL line comment (only where no statement has started: `#` is an operator in PostgreSQL)
      while (i < n && text[i] !== '\n') i++;
      current += ' ';
      continue;
    }
    if (c === '/' && next === '*') {
      // block comment, nested as PostgreSQL allows
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (text[i] === '/' && text[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (text[i] === '*' && text[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
      current += ' ';
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < n) {
        if (text[j] === '\\' && c !== '"') {
          j += 2;
          continue;
        }
        if (text[j] === c) {
          if (text[j + 1] === c) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      current += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z_0-9]*)?\$/.exec(text.slice(i));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        const end = close < 0 ? n : close + tag[0].length;
        current += text.slice(i, end);
        i = end;
        continue;
      }
    }
    if (c === ';') {
      statements.push(current);
      current = '';
      i++;
      continue;
    }
    current += c;
    i++;
  }
  statements.push(current);
  return statements.map(s => s.replace(/\s+/g, ' ').trim()).filter(s => s.length > 0);
}

/** What one statement (comments removed) does to the transaction state of its connection. */
export function statementKind(statement: string): StatementKind {
  if (!/^[a-z]/i.test(statement)) return 'other';
  const words: string[] = statement.toLowerCase().match(/[a-z_]+/g) ?? [];
  const [first, second, third] = words;
  switch (first) {
    case 'begin':
      return second === undefined || BEGIN_FOLLOWERS.has(second) ? 'begin' : 'other';
    case 'start':
      return second === 'transaction' ? 'begin' : 'other';
    case 'commit':
    case 'rollback':
    case 'abort':
    case 'end': {
      if (first === 'end' && second !== undefined && second !== 'transaction' && second !== 'work') return 'other';
      // `ROLLBACK TO SAVEPOINT x` keeps the transaction open; `COMMIT AND CHAIN` opens the next one.
      if (first === 'rollback' && (second === 'to' || third === 'to')) return 'other';
      const chain = words.indexOf('and');
      if (chain >= 0 && words[chain + 1] === 'chain') return 'begin';
      return 'end';
    }
    default:
      return 'other';
  }
}

/**
 * The text opens a transaction that it does not also finish: `BEGIN`, `START TRANSACTION`,
 * `BEGIN ISOLATION LEVEL …`, `BEGIN TRAN` (any case, after comments and whitespace). A whole
 * transaction in one multi-statement text (`BEGIN; …; COMMIT`) runs on one connection and is fine.
 */
export function opensTransaction(text: string): boolean {
  // Most SQL (and most strings) never names a way to open one: skip the split.
  if (!/begin|start|chain/i.test(text)) return false;
  let open = false;
  for (const statement of splitStatements(text)) {
    const kind = statementKind(statement);
    if (kind === 'begin') open = true;
    else if (kind === 'end') open = false;
  }
  return open;
}

/** The first statement of the text as written (for messages), shortened. */
export function firstStatement(text: string): string {
  const [first = ''] = splitStatements(text);
  return first.length > 40 ? `${first.slice(0, 37)}...` : first;
}

/**
 * The SQL text an argument of a query call carries, when it is static: a string literal, a
 * template literal or tagged template without expressions (`sql\`BEGIN\``, `sql.unsafe\`BEGIN\``),
 * a query config object (`{ text: 'BEGIN' }` for pg, `{ sql: 'BEGIN' }` for mysql), or a raw
 * builder called with one (`sql.raw('BEGIN')`). `resolve` may look through constants.
 */
export function staticSqlText(node: TSESTree.Node, resolve?: (node: TSESTree.Node) => string | null): string | null {
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      return typeof node.value === 'string' ? node.value : null;
    case AST_NODE_TYPES.TemplateLiteral:
      return node.expressions.length === 0 ? (node.quasis[0]?.value.cooked ?? null) : null;
    case AST_NODE_TYPES.TaggedTemplateExpression:
      return node.quasi.expressions.length === 0 ? (node.quasi.quasis[0]?.value.cooked ?? null) : null;
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.ObjectExpression:
    case AST_NODE_TYPES.CallExpression: {
      // `{ text: 'BEGIN' }`; `sql.raw('BEGIN')`, `sql.unsafe('BEGIN')` passed to a query method.
      const inner = wrappedText(node);
      return inner ? staticSqlText(inner, resolve) : null;
    }
    case AST_NODE_TYPES.Identifier:
      return resolve?.(node) ?? null;
    default:
      return null;
  }
}

/** The text finishes a transaction: its last `BEGIN`/`COMMIT`-like statement is a COMMIT, ROLLBACK or END. */
export function endsTransaction(text: string): boolean {
  let last: StatementKind = 'other';
  for (const statement of splitStatements(text)) {
    const kind = statementKind(statement);
    if (kind !== 'other') last = kind;
  }
  return last === 'end';
}

/** Stands for a part of the text the code computes at run time: reads as a name, never as a keyword. */
export const SQL_HOLE = '__hole__';

/**
 * The SQL text an argument carries with what is computed at run time replaced by `SQL_HOLE`:
 * template literals and tagged templates with expressions (`\`SET search_path TO ${schema}\``,
 * `sql\`SELECT pg_advisory_lock(${id})\``) and string concatenation. Null when no part is static.
 */
export function sqlTextWithHoles(node: TSESTree.Node, resolve?: (node: TSESTree.Node) => string | null): string | null {
  const parts: (string | null)[] = [];
  const collect = (n: TSESTree.Node): void => {
    const inner = wrappedText(n);
    if (inner) collect(inner);
    else if (n.type === AST_NODE_TYPES.BinaryExpression && n.operator === '+') {
      collect(n.left);
      collect(n.right);
    } else if (n.type === AST_NODE_TYPES.TemplateLiteral || n.type === AST_NODE_TYPES.TaggedTemplateExpression) {
      // A tagged template's expressions are bound parameters, never text.
      const tagged = n.type === AST_NODE_TYPES.TaggedTemplateExpression;
      const quasi = tagged ? n.quasi : n;
      quasi.quasis.forEach((q, i) => {
        parts.push(q.value.cooked ?? null);
        const expression = quasi.expressions[i];
        if (expression && tagged) parts.push(null);
        else if (expression) collect(expression);
      });
    } else parts.push(staticSqlText(n, resolve));
  };
  collect(node);
  if (parts.every(p => p === null)) return null;
  return parts.map(p => p ?? SQL_HOLE).join('');
}

/**
 * The node inside a query config object (`{ text: … }`, `{ sql: … }`), a raw builder call
 * (`sql.raw(…)`, `sql.unsafe(…)`) or a type wrapper that carries its SQL text.
 */
function wrappedText(node: TSESTree.Node): TSESTree.Node | null {
  switch (node.type) {
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
      return node.expression;
    case AST_NODE_TYPES.ObjectExpression:
      for (const property of node.properties) {
        if (property.type !== AST_NODE_TYPES.Property || property.computed || property.kind !== 'init') continue;
        const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : property.key.type === AST_NODE_TYPES.Literal ? String(property.key.value) : null;
        if (key !== null && QUERY_TEXT_KEYS.has(key)) return property.value;
      }
      return null;
    case AST_NODE_TYPES.CallExpression: {
      const callee = node.callee;
      const raw =
        callee.type === AST_NODE_TYPES.MemberExpression &&
        !callee.computed &&
        callee.property.type === AST_NODE_TYPES.Identifier &&
        RAW_SQL_BUILDERS.has(callee.property.name) &&
        node.arguments.length === 1;
      return raw ? node.arguments[0] : null;
    }
    default:
      return null;
  }
}
