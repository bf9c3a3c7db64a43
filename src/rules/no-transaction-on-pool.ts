import { findVariable, getStaticValue } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { enclosingFunction, isFunction, nodeAt, propertyName, skipTypeWrappers } from '../analysis/ast';
import type { DriverObject } from '../analysis/driver-object';
import { objectTrackerFor } from '../analysis/objects';
import { importsDriverModule, mentionsPoolWord, readSettings } from '../analysis/settings';
import { endsTransaction, firstStatement, opensTransaction, staticSqlText } from '../analysis/sql-text';
import { poolConfigOf } from '../drivers/pool-config';
import { awaitReturnedCalls, inStatementList, indentableLineStarts, indentUnit, lineIndent } from '../fixes/text';
import { gatedRule } from '../analysis/gated-rule';

export type Options = [];
export type MessageId = 'transactionOnPool' | 'checkOutConnection';

/**
 * Methods that send a statement, on objects whose driver data does not list them as managed
 * (Prisma's `$executeRawUnsafe`, pg-promise's result methods on a typed `db` …). Objects known only
 * by their name count only with `query` and `execute`.
 */
const QUERY_METHODS = new Set([
  'query',
  'execute',
  'exec',
  'raw',
  'unsafe',
  'sql',
  'batch',
  'none',
  'one',
  'oneOrNone',
  'many',
  'manyOrNone',
  'any',
  'result',
  'multi',
  'multiResult',
  '$executeRaw',
  '$queryRaw',
  '$executeRawUnsafe',
  '$queryRawUnsafe',
]);
const NAMED_QUERY_METHODS = new Set(['query', 'execute']);
/** Methods of a per-call request object made by a pool (`pool.request().query(…)`). */
const REQUEST_METHODS = new Set(['query', 'execute', 'batch']);

const GENERIC_ADVICE = 'check out one connection from `{pool}`, run the whole transaction on it and release it in `finally`';

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 37)}...` : flat;
}

/** A pool-like object: it hands out connections or runs statements itself, it is not a held handle. */
function isPoolLike(object: DriverObject | null): object is DriverObject {
  return !!object && !object.model.release && !object.model.opens;
}

/** Sends a statement through the pool's own per-call connection. */
function isQueryMethod(object: DriverObject, method: string): boolean {
  if (object.model.scoped?.some(s => s.method === method)) return false;
  if (object.byName) return NAMED_QUERY_METHODS.has(method);
  return (object.model.managed?.includes(method) ?? false) || QUERY_METHODS.has(method);
}

/** What `staticSqlText` hands back when the text would come from resolving a constant. */
const FROM_CONSTANT = '\u0000constant';
const OPENING_WORDS = /\b(?:begin|start\s+transaction|and\s+chain)\b/gi;

/** A string literal or a template's text. */
function isTextNode(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.TemplateElement || (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string');
}

/** Offsets of every BEGIN, START TRANSACTION and AND CHAIN in the text (any case), in order. */
function wordPositions(text: string): number[] {
  const positions: number[] = [];
  OPENING_WORDS.lastIndex = 0;
  for (let match = OPENING_WORDS.exec(text); match; match = OPENING_WORDS.exec(text)) positions.push(match.index);
  return positions;
}

const sendingMethodsCache = new WeakMap<object, ReadonlySet<string>>();

/** Every method name a statement can be sent through: the generic ones and every driver's managed helpers. */
function sendingMethodNames(settings: ReturnType<typeof readSettings>): ReadonlySet<string> {
  let names = sendingMethodsCache.get(settings);
  if (!names) {
    const drivers = [...settings.drivers, ...settings.namedPools.map(p => p.driver)];
    names = new Set([...QUERY_METHODS, ...REQUEST_METHODS, ...drivers.flatMap(d => Object.values(d.objects).flatMap(m => m.managed ?? []))]);
    sendingMethodsCache.set(settings, names);
  }
  return names;
}

interface Through {
  readonly pool: DriverObject;
  /** The expression that is the pool (`pool`, `this.db`). */
  readonly poolNode: TSESTree.Node;
  /** The node carrying the SQL text. */
  readonly sql: TSESTree.Node;
}

export default gatedRule<Options, MessageId>({
  name: 'no-transaction-on-pool',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow opening a transaction (`BEGIN`, `START TRANSACTION`) through a pool, where each statement may run on another connection',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      transactionOnPool: '`{{statement}}` through `{{pool}}` opens a transaction on whichever connection is free; the next statements may run on others. Instead, {{advice}}.',
      checkOutConnection: 'Check out one connection (`const {{handle}} = await {{pool}}.{{acquire}}()`), ROLLBACK on error, `{{handle}}.{{release}}()` in `finally`.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    const settings = readSettings(context);
    // A pool comes from a driver import, a declared type, or a name: pool-like, or matching the user's pattern.
    const mayHavePool =
      settings.typeAware || settings.customReceivers || importsDriverModule(sourceCode, settings) || mentionsPoolWord(sourceCode, settings);
    if (!mayHavePool) return {};
    // Where a string or template says BEGIN, START TRANSACTION or AND CHAIN: statements that open a
    // transaction are written there (a constant too: only this file's constants resolve). The words
    // in comments and names open nothing.
    const openingWords = wordPositions(sourceCode.text).filter(at => isTextNode(nodeAt(sourceCode.ast, at, sourceCode.visitorKeys)));
    if (openingWords.length === 0) return {};
    // The checks live in their own function: their helpers are created only for files that need them.
    return transactionListeners(context, settings, openingWords);
  },
});

function transactionListeners(
  context: Readonly<TSESLint.RuleContext<MessageId, Options>>,
  settings: ReturnType<typeof readSettings>,
  openingWords: readonly number[],
): TSESLint.RuleListener {
  const sourceCode = context.sourceCode;
  /** Some opening word lies in the range: only there can a literal or template open a transaction. */
  const saysOpening = (range: TSESTree.Range): boolean => {
    let low = 0;
    let high = openingWords.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (openingWords[middle] < range[0]) low = middle + 1;
      else high = middle;
    }
    return low < openingWords.length && openingWords[low] < range[1];
  };
  const objects = objectTrackerFor(context, settings);
  const sendingMethods = sendingMethodNames(settings);

  /** The statement's text says BEGIN where it is written, or comes from a constant written elsewhere. */
  const sqlMayOpen = (sql: TSESTree.Node): boolean => saysOpening(sql.range) || staticSqlText(sql, () => FROM_CONSTANT) === FROM_CONSTANT;
  /** The first argument, or Kysely's receiver (`sql\`BEGIN\`.execute(db)`), may carry an opening statement. */
  const mayCarryOpening = (node: TSESTree.CallExpression): boolean => {
    const [first] = node.arguments;
    if (!first) return false;
    if (sqlMayOpen(first)) return true;
    const callee = skipTypeWrappers(node.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && node.arguments.length === 1 && propertyName(callee) === 'execute' && sqlMayOpen(skipTypeWrappers(callee.object));
  };

  const resolve = (node: TSESTree.Node): string | null => {
    const value = getStaticValue(node as never, sourceCode.getScope(node) as never);
    return typeof value?.value === 'string' ? value.value : null;
  };

  /** The pool a call `receiver.method(…)` sends its statement through, if any. */
  function throughPool(receiver: TSESTree.Node, method: string): { pool: DriverObject; poolNode: TSESTree.Node } | null {
    const direct = objects.objectOf(receiver);
    if (isPoolLike(direct)) return isQueryMethod(direct, method) ? { pool: direct, poolNode: receiver } : null;
    if (direct) return null;
    // `pool.request().query(…)`: a per-call request object of the pool.
    if (receiver.type === AST_NODE_TYPES.CallExpression && receiver.arguments.length === 0 && REQUEST_METHODS.has(method)) {
      const callee = skipTypeWrappers(receiver.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const maker = propertyName(callee);
        const pool = objects.objectOf(callee.object);
        if (maker && isPoolLike(pool) && !pool.byName && pool.model.managed?.includes(maker) && !pool.model.scoped?.some(s => s.method === maker)) {
          return { pool, poolNode: callee.object };
        }
      }
    }
    // `new sql.Request(pool).query(…)`
    if (receiver.type === AST_NODE_TYPES.NewExpression && receiver.arguments.length === 1 && REQUEST_METHODS.has(method)) {
      const pool = objects.objectOf(receiver.arguments[0]);
      const callee = skipTypeWrappers(receiver.callee);
      const className =
        callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : null;
      if (isPoolLike(pool) && className && poolConfigOf(pool.driver.id)?.requestClasses?.includes(className)) {
        return { pool, poolNode: receiver.arguments[0] };
      }
    }
    return null;
  }

  function callThrough(node: TSESTree.CallExpression): Through | null {
    const callee = skipTypeWrappers(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    const method = propertyName(callee);
    if (!method || !sendingMethods.has(method)) return null;
    const receiver = skipTypeWrappers(callee.object);
    const [first] = node.arguments;
    const found = throughPool(receiver, method);
    if (found) return first && first.type !== AST_NODE_TYPES.SpreadElement ? { ...found, sql: first } : null;
    // Kysely: `sql\`BEGIN\`.execute(db)`, `sql.raw('BEGIN').execute(db)`.
    if (method === 'execute' && node.arguments.length === 1 && first.type !== AST_NODE_TYPES.SpreadElement) {
      const pool = objects.objectOf(first);
      if (isPoolLike(pool) && !pool.byName && (receiver.type === AST_NODE_TYPES.TaggedTemplateExpression || receiver.type === AST_NODE_TYPES.CallExpression)) {
        return { pool, poolNode: first, sql: receiver };
      }
    }
    return null;
  }

  function taggedThrough(node: TSESTree.TaggedTemplateExpression): Through | null {
    const tag = skipTypeWrappers(node.tag);
    // postgres.js / @vercel/postgres: the pool itself is the tag.
    const direct = objects.objectOf(tag);
    if (isPoolLike(direct)) return direct.byName ? null : { pool: direct, poolNode: tag, sql: node };
    if (direct) return null;
    if (tag.type !== AST_NODE_TYPES.MemberExpression) return null;
    const method = propertyName(tag);
    if (!method) return null;
    const found = throughPool(skipTypeWrappers(tag.object), method);
    return found ? { ...found, sql: node } : null;
  }

  /** Rewrites `await pool.query('BEGIN'); …; await pool.query('COMMIT');` to run on one checked-out connection. */
  function checkoutFix(node: TSESTree.CallExpression, through: Through): { fix: TSESLint.ReportFixFunction; handle: string } | null {
    const checkout = poolConfigOf(through.pool.driver.id)?.transactionCheckout;
    if (!checkout || through.pool.byName || node.arguments.length !== 1) return null;
    const callee = skipTypeWrappers(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || skipTypeWrappers(callee.object) !== through.poolNode) return null;
    if (!NAMED_QUERY_METHODS.has(propertyName(callee) ?? '')) return null;
    const awaited = node.parent;
    const statement = awaited?.parent;
    if (awaited?.type !== AST_NODE_TYPES.AwaitExpression || statement?.type !== AST_NODE_TYPES.ExpressionStatement) return null;
    const block = statement.parent;
    if (block?.type !== AST_NODE_TYPES.BlockStatement) return null;
    if (!enclosingFunction(statement)?.async) return null;
    const poolText = sourceCode.getText(through.poolNode);
    /** `await <pool>.query(<sql>)` as a whole statement: the SQL text, or null. */
    const poolStatementSql = (s: TSESTree.Statement): string | null => {
      if (s.type !== AST_NODE_TYPES.ExpressionStatement || s.expression.type !== AST_NODE_TYPES.AwaitExpression) return null;
      const call = s.expression.argument;
      if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.length !== 1) return null;
      const c = skipTypeWrappers(call.callee);
      if (c.type !== AST_NODE_TYPES.MemberExpression || !NAMED_QUERY_METHODS.has(propertyName(c) ?? '')) return null;
      if (sourceCode.getText(c.object) !== poolText) return null;
      return staticSqlText(call.arguments[0], resolve);
    };
    const body = block.body;
    const start = body.indexOf(statement);
    let end = -1;
    for (let i = start + 1; i < body.length; i++) {
      const sql = poolStatementSql(body[i]);
      if (sql === null) continue;
      if (opensTransaction(sql)) return null;
      if (endsTransaction(sql)) {
        end = i;
        break;
      }
    }
    if (end < 0) return null;
    const moved = body.slice(start, end + 1);
    const last = moved[moved.length - 1];
    const quote = sourceCode.getText(node.arguments[0]).startsWith('"') ? '"' : "'";
    const semi = sourceCode.getText(statement).endsWith(';') ? ';' : '';

    // `try { BEGIN … COMMIT } catch { pool ROLLBACK }`: check out before the `try`, release in a new `finally`.
    const tryStatement = block.parent;
    if (
      tryStatement?.type === AST_NODE_TYPES.TryStatement &&
      tryStatement.block === block &&
      tryStatement.handler &&
      !tryStatement.finalizer &&
      inStatementList(tryStatement) &&
      tryStatement.handler.body.body.some(s => {
        const sql = poolStatementSql(s);
        return sql !== null && endsTransaction(sql);
      })
    ) {
      const handler = tryStatement.handler;
      const uses = poolUses([...block.body, handler], poolText);
      if (!uses) return null;
      const handle = freeName(checkout.handle, uses.names, tryStatement);
      if (!handle) return null;
      const indent = lineIndent(sourceCode, tryStatement);
      const unit = indentUnit(sourceCode, block.body[0] ?? tryStatement);
      const edits = [
        ...uses.replacements.map(range => ({ range, text: handle })),
        ...awaitReturnedCalls([...block.body, ...handler.body.body]),
      ];
      return {
        handle,
        fix: fixer => [
          fixer.insertTextBefore(tryStatement, `const ${handle} = await ${poolText}.${checkout.acquire}()${semi}\n${indent}`),
          ...edits.map(edit => fixer.replaceTextRange(edit.range, edit.text)),
          fixer.insertTextAfter(handler, ` finally {\n${indent}${unit}${handle}.${checkout.release}()${semi}\n${indent}}`),
        ],
      };
    }

    const uses = poolUses(moved, poolText);
    if (!uses) return null;
    // Declarations moved into the `try` must not be used after it.
    for (const s of moved) {
      for (const variable of sourceCode.getDeclaredVariables(s)) {
        if (variable.references.some(r => r.identifier.range[0] > last.range[1])) return null;
      }
    }
    const handle = freeName(checkout.handle, uses.names, statement);
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
    const text = [
      `const ${handle} = await ${poolText}.${checkout.acquire}()${semi}`,
      `${indent}try {`,
      `${indent}${unit}${inner}`,
      `${indent}} catch (error) {`,
      `${indent}${unit}await ${handle}.query(${quote}ROLLBACK${quote})${semi}`,
      `${indent}${unit}throw error${semi}`,
      `${indent}} finally {`,
      `${indent}${unit}${handle}.${checkout.release}()${semi}`,
      `${indent}}`,
    ].join('\n');
    return { fix: fixer => fixer.replaceTextRange([from, to], text), handle };
  }

  /**
   * The statements sent through the pool in `nodes` (`<pool>.query(…)`), to be sent through the
   * checked-out handle instead; null when the pool is used any other way or inside a callback.
   */
  function poolUses(nodes: readonly TSESTree.Node[], poolText: string): { replacements: [number, number][]; names: Set<string> } | null {
    const replacements: [number, number][] = [];
    const names = new Set<string>();
    let safe = true;
    const visit = (n: TSESTree.Node, inFunction: boolean): void => {
      if (!safe) return;
      if (n.type === AST_NODE_TYPES.Identifier) names.add(n.name);
      if (
        n.type === AST_NODE_TYPES.CallExpression &&
        n.callee.type === AST_NODE_TYPES.MemberExpression &&
        NAMED_QUERY_METHODS.has(propertyName(n.callee) ?? '') &&
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
  function freeName(base: string, used: ReadonlySet<string>, at: TSESTree.Node): string | undefined {
    const scope = sourceCode.getScope(at);
    return [base, `${base}2`, `tx${base[0].toUpperCase()}${base.slice(1)}`].find(name => !used.has(name) && !findVariable(scope as never, name));
  }

  function check(node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression, through: Through | null): void {
    if (!through) return;
    const text = staticSqlText(through.sql, resolve);
    if (text === null || !opensTransaction(text)) return;
    const pool = shorten(sourceCode.getText(through.poolNode));
    const config = poolConfigOf(through.pool.driver.id);
    const advice = (config?.transactionAdvice ?? GENERIC_ADVICE).replace(/\{pool\}/g, pool);
    const rewrite = node.type === AST_NODE_TYPES.CallExpression ? checkoutFix(node, through) : null;
    const checkout = config?.transactionCheckout;
    context.report({
      node,
      messageId: 'transactionOnPool',
      data: { statement: firstStatement(text), pool, advice },
      suggest:
        rewrite && checkout
          ? [
              {
                messageId: 'checkOutConnection',
                data: { pool, handle: rewrite.handle, acquire: checkout.acquire, release: checkout.release },
                fix: rewrite.fix,
              },
            ]
          : [],
    });
  }

  return {
    Program(program) {
      objects.init(program);
    },
    CallExpression(node) {
      // The method name is the cheapest test, and most calls of a file fail it.
      const callee = skipTypeWrappers(node.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression || !sendingMethods.has(propertyName(callee) ?? '')) return;
      if (!mayCarryOpening(node)) return;
      check(node, callThrough(node));
    },
    TaggedTemplateExpression(node) {
      if (!saysOpening(node.quasi.range)) return;
      // `pool.query(sql.unsafe\`BEGIN\`)` is reported at the call.
      const parent = node.parent;
      if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(node) && callThrough(parent)) return;
      check(node, taggedThrough(node));
    },
  };
}
