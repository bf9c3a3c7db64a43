import { findVariable, getStaticValue } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { LOAN_OPTION_KEYS, SHARED_QUERY_METHODS, STATEMENT_METHODS } from '../drivers/conventions';
import { poolConfigOf, poolConfigs } from '../drivers/pool-config';
import type { Driver } from '../drivers/types';
import { isFunction, keyName, nodeAt, propertyName, skipTypeWrappers } from './ast';
import type { DriverObject } from './driver-object';
import { objectTrackerFor, type ObjectTracker } from './objects';
import { fileState } from './file-state';
import { importsDriverModule, namesPool, readSettings, type PluginSettings } from './settings';
import { sqlTextWithHoles, staticSqlText } from './sql-text';

/**
 * Which statements of a file are sent through a pool (`pool.query(sql)`, `sql\`…\``,
 * `pool.request().query(sql)`), so that each may run on another of its connections: what
 * `no-transaction-on-pool` reads to find a transaction opened on a pool, and
 * `no-session-state-on-pool` to find session state set through one.
 */

/** Does a string or template token's source text say a word a statement of interest starts with? */
export type TextTest = (text: string) => boolean;

/** A rule reading the statements sent through pools: what its statements say, and what it does with each. */
interface StatementReader {
  readonly says: TextTest;
  readonly visit: (node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression, through: Through | null) => void;
}

/** A statement sent through a pool. */
export interface Through {
  readonly pool: DriverObject;
  /** The expression that is the pool (`pool`, `this.db`). */
  readonly poolNode: TSESTree.Node;
  /** The node carrying the SQL text. */
  readonly sql: TSESTree.Node;
}

/** Methods of a per-call request object made by a pool (`pool.request().query(…)`), from every driver's pool data. */
const REQUEST_METHODS: ReadonlySet<string> = new Set(Object.values(poolConfigs).flatMap(config => config.requestMethods ?? []));

/** What `staticSqlText` hands back when the text would come from resolving a constant. */
const FROM_CONSTANT = '\u0000constant';
const OPENING_WORDS = /\b(?:begin|start\s+transaction|and\s+chain)\b/i;

/** A token's source text says BEGIN, START TRANSACTION or AND CHAIN. */
export const saysOpeningWord = (text: string): boolean => OPENING_WORDS.test(text);

function isDirective(node: TSESTree.Node | null): boolean {
  return node?.parent?.type === AST_NODE_TYPES.ExpressionStatement && !!node.parent.directive;
}

/**
 * The source text of each string and template token inside `node` that `says` accepts: where a
 * statement of interest is written (its text may also come from a constant, see sqlMaySay). Read
 * only at calls that may send a statement, which cost far less than a scan of the whole file. The
 * words in comments and names say nothing, and a directive (`'use strict'`) is no statement.
 */
export function textTokensSaying(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node, says: (text: string) => boolean): string[] {
  const found: string[] = [];
  for (const token of sourceCode.getTokens(node)) {
    if (token.type !== 'String' && token.type !== 'Template') continue;
    if (!says(token.value)) continue;
    if (token.type === 'String' && isDirective(nodeAt(sourceCode.ast, token.range[0], sourceCode.visitorKeys))) continue;
    found.push(token.value);
  }
  return found;
}

interface StatementNames {
  /** Every method name a statement can be sent through: the generic ones and every driver's sending methods and managed helpers. */
  readonly sending: ReadonlySet<string>;
  /** Methods that send their first argument on any known pool, besides its managed helpers. */
  readonly query: ReadonlySet<string>;
  /** `query.<method>(pool)`: methods through which a query object runs on the pool handed to it. */
  readonly queryObjectRuns: ReadonlySet<string>;
}

const namesCache = new WeakMap<object, StatementNames>();

function statementNames(settings: PluginSettings): StatementNames {
  let names = namesCache.get(settings);
  if (!names) {
    const drivers: readonly Driver[] = [...settings.drivers, ...settings.namedPools.map(p => p.driver)];
    const models = drivers.flatMap(d => Object.values(d.objects));
    const query = new Set([...STATEMENT_METHODS, ...models.flatMap(m => m.sends ?? [])]);
    names = {
      sending: new Set([...query, ...REQUEST_METHODS, ...models.flatMap(m => m.managed ?? [])]),
      query,
      queryObjectRuns: new Set(models.flatMap(m => (m.runsQueryObjects ? [m.runsQueryObjects] : []))),
    };
    namesCache.set(settings, names);
  }
  return names;
}

/** Each name's string value, once per node: two rules read the same statements. */
const constantTexts = new WeakMap<TSESTree.Node, string | null>();

/** Initial values whose evaluation can only give an object or nothing: evaluating a large literal for nothing is the cost. */
const NEVER_STRING_VALUES: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.ObjectExpression,
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.NewExpression,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.ArrowFunctionExpression,
  AST_NODE_TYPES.ClassExpression,
]);

/**
 * Only a variable with one declaration that has an initial value can resolve to a string (a built-in
 * global never does): a cheap test by name that spares most names the full evaluation.
 */
function mayHoldString(variable: TSESLint.Scope.Variable | null): boolean {
  if (!variable || variable.defs.length !== 1) return false;
  const [def] = variable.defs;
  return def.type === 'Variable' && def.node.id.type === AST_NODE_TYPES.Identifier && !!def.node.init && !NEVER_STRING_VALUES.has(def.node.init.type);
}

/** Each name's answer to mayNameStringConstant, once per node: two rules ask of the same statements. */
const stringConstantNames = new WeakMap<TSESTree.Node, boolean>();

/** The name may be a constant of this file that holds a string (the cheap test before its value is evaluated). */
function mayNameStringConstant(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.Identifier) return true;
  let known = stringConstantNames.get(node);
  if (known === undefined) {
    known = mayHoldString(findVariable(sourceCode.getScope(node) as never, node.name) as TSESLint.Scope.Variable | null);
    stringConstantNames.set(node, known);
  }
  return known;
}

/** The value of a constant of this file, when it is a string. */
function constantText(sourceCode: Readonly<TSESLint.SourceCode>): (node: TSESTree.Node) => string | null {
  return node => {
    const known = constantTexts.get(node);
    if (known !== undefined) return known;
    let text: string | null = null;
    if (mayNameStringConstant(sourceCode, node)) {
      const value = getStaticValue(node as never, sourceCode.getScope(node) as never);
      text = typeof value?.value === 'string' ? value.value : null;
    }
    constantTexts.set(node, text);
    return text;
  };
}

/** The text a statement resolves to, this file's constants included. */
export function resolvedSql(sourceCode: Readonly<TSESLint.SourceCode>, sql: TSESTree.Node): string | null {
  return staticSqlText(sql, constantText(sourceCode));
}

/** The text a statement resolves to, with what is computed at run time as holes (see sqlTextWithHoles). */
export function resolvedSqlWithHoles(sourceCode: Readonly<TSESLint.SourceCode>, sql: TSESTree.Node): string | null {
  return sqlTextWithHoles(sql, constantText(sourceCode));
}

/**
 * The call runs on a held handle lent to it, not on an arbitrary connection of the pool: an option
 * (`sequelize.query(sql, { transaction: t })`) or a chained call (`knex.raw(sql).transacting(trx)`).
 */
function lentHandle(node: TSESTree.CallExpression): boolean {
  const lendingKey = (p: TSESTree.ObjectLiteralElement): boolean => p.type === AST_NODE_TYPES.Property && LOAN_OPTION_KEYS.has(keyName(p.key, p.computed) ?? '');
  if (node.arguments.some(a => a.type === AST_NODE_TYPES.ObjectExpression && a.properties.some(lendingKey))) return true;
  const parent = node.parent;
  return (
    parent.type === AST_NODE_TYPES.MemberExpression &&
    parent.object === node &&
    LOAN_OPTION_KEYS.has(propertyName(parent) ?? '') &&
    parent.parent.type === AST_NODE_TYPES.CallExpression &&
    parent.parent.callee === parent
  );
}

/** A pool-like object: it hands out connections or runs statements itself, it is not a held handle. */
function isPoolLike(object: DriverObject | null): object is DriverObject {
  return !!object && !object.model.release && !object.model.opens;
}

/** Statements sent through the pools of one file. */
export class PoolStatements {
  private readonly names: StatementNames;

  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly objects: ObjectTracker,
    settings: PluginSettings,
  ) {
    this.names = statementNames(settings);
  }

  /** The method name alone may send a statement: the cheapest test, which most calls of a file fail. */
  maySend(method: string | null): boolean {
    return this.names.sending.has(method ?? '');
  }

  /**
   * Some string or template inside `node` says a word `says` accepts (tested on a token's source
   * text): only there can a statement of interest be written.
   */
  saysWord(node: TSESTree.Node, says: TextTest): boolean {
    // A function handed over is no statement, whatever its strings say.
    if (isFunction(node)) return false;
    // The common shapes read directly; the token search handles the rest. A name is no string.
    if (node.type === AST_NODE_TYPES.Identifier) return false;
    const text = this.sourceCode.text;
    if (node.type === AST_NODE_TYPES.Literal) return typeof node.value === 'string' && says(text.slice(node.range[0], node.range[1]));
    if (node.type === AST_NODE_TYPES.TemplateLiteral) return node.quasis.some(quasi => says(text.slice(quasi.range[0], quasi.range[1])));
    return textTokensSaying(this.sourceCode, node, says).length > 0;
  }

  /**
   * The first argument, or Kysely's receiver (`sql\`BEGIN\`.execute(db)`), may carry a statement of
   * interest. A text that would come from a constant is resolved only when `throughPool()` says the
   * call goes through a pool: resolving names is the costly part, and a call through no pool is
   * no statement to read.
   */
  mayCarryWord(node: TSESTree.CallExpression, says: TextTest, throughPool: () => boolean): boolean {
    const [first] = node.arguments;
    if (!first) return false;
    if (this.sqlMaySay(first, says, throughPool)) return true;
    const callee = skipTypeWrappers(node.callee);
    return (
      callee.type === AST_NODE_TYPES.MemberExpression &&
      node.arguments.length === 1 &&
      this.names.queryObjectRuns.has(propertyName(callee) ?? '') &&
      this.sqlMaySay(skipTypeWrappers(callee.object), says, throughPool)
    );
  }

  /** The statement a call sends through a pool, if any. */
  callThrough(node: TSESTree.CallExpression): Through | null {
    const callee = skipTypeWrappers(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    const method = propertyName(callee);
    if (!method || !this.names.sending.has(method)) return null;
    const receiver = skipTypeWrappers(callee.object);
    const [first] = node.arguments;
    const found = this.throughPool(receiver, method);
    if (found) return first && first.type !== AST_NODE_TYPES.SpreadElement && !lentHandle(node) ? { ...found, sql: first } : null;
    // `sql\`BEGIN\`.execute(db)`, `sql.raw('BEGIN').execute(db)`: a query object run on the pool.
    if (this.names.queryObjectRuns.has(method) && node.arguments.length === 1 && first.type !== AST_NODE_TYPES.SpreadElement) {
      const pool = this.objects.objectOf(first);
      if (isPoolLike(pool) && !pool.byName && (receiver.type === AST_NODE_TYPES.TaggedTemplateExpression || receiver.type === AST_NODE_TYPES.CallExpression)) {
        return { pool, poolNode: first, sql: receiver };
      }
    }
    return null;
  }

  /** The statement a tagged template sends through a pool, if any (`sql\`…\``, `pool.sql\`…\``). */
  taggedThrough(node: TSESTree.TaggedTemplateExpression): Through | null {
    const tag = skipTypeWrappers(node.tag);
    // postgres.js / @vercel/postgres: the pool itself is the tag.
    const direct = this.objects.objectOf(tag);
    if (isPoolLike(direct)) return direct.byName ? null : { pool: direct, poolNode: tag, sql: node };
    if (direct) return null;
    if (tag.type !== AST_NODE_TYPES.MemberExpression) return null;
    const method = propertyName(tag);
    if (!method) return null;
    const found = this.throughPool(skipTypeWrappers(tag.object), method);
    return found ? { ...found, sql: node } : null;
  }

  /**
   * The statement's text says a word where it is written, or comes from a constant of this file
   * (whose text the rule reads in full; a name that resolves to none carries no statement to read).
   */
  private sqlMaySay(sql: TSESTree.Node, says: TextTest, throughPool: () => boolean): boolean {
    if (this.saysWord(sql, says)) return true;
    // Cheapest first: a name that can hold a string constant, then the pool, then the constant's value.
    const fromConstant = (name: TSESTree.Node): string | null => (mayNameStringConstant(this.sourceCode, name) ? FROM_CONSTANT : null);
    return staticSqlText(sql, fromConstant) === FROM_CONSTANT && throughPool() && resolvedSql(this.sourceCode, sql) !== null;
  }

  /** Sends a statement through the pool's own per-call connection. */
  private isQueryMethod(object: DriverObject, method: string): boolean {
    if (object.model.scoped?.some(s => s.method === method)) return false;
    if (object.byName) return SHARED_QUERY_METHODS.has(method);
    return (object.model.managed?.includes(method) ?? false) || this.names.query.has(method);
  }

  /** The pool a call `receiver.method(…)` sends its statement through, if any. */
  private throughPool(receiver: TSESTree.Node, method: string): { pool: DriverObject; poolNode: TSESTree.Node } | null {
    const direct = this.objects.objectOf(receiver);
    if (isPoolLike(direct)) return this.isQueryMethod(direct, method) ? { pool: direct, poolNode: receiver } : null;
    if (direct) return null;
    if (!REQUEST_METHODS.has(method)) return null;
    return this.requestOfPool(receiver);
  }

  /** `pool.request()` and `new sql.Request(pool)`: a per-call request object of the pool. */
  private requestOfPool(receiver: TSESTree.Node): { pool: DriverObject; poolNode: TSESTree.Node } | null {
    if (receiver.type === AST_NODE_TYPES.CallExpression && receiver.arguments.length === 0) {
      const callee = skipTypeWrappers(receiver.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const maker = propertyName(callee);
        const pool = this.objects.objectOf(callee.object);
        if (maker && isPoolLike(pool) && !pool.byName && pool.model.managed?.includes(maker) && !pool.model.scoped?.some(s => s.method === maker)) {
          return { pool, poolNode: callee.object };
        }
      }
    }
    if (receiver.type === AST_NODE_TYPES.NewExpression && receiver.arguments.length === 1) {
      const pool = this.objects.objectOf(receiver.arguments[0]);
      const callee = skipTypeWrappers(receiver.callee);
      const className =
        callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : null;
      if (isPoolLike(pool) && className && poolConfigOf(pool.driver.id)?.requestClasses?.includes(className)) {
        return { pool, poolNode: receiver.arguments[0] };
      }
    }
    return null;
  }
}

/**
 * Listeners that hand `visit` each statement the file sends through a pool whose text may say what
 * `says` accepts (see textTokensSaying): none when the file can have no pool, as in most files. A
 * call through no pool may be handed over with `through` null, or not at all. The
 * first rule that asks registers them for every rule that reads statements, so each call of the
 * file is looked at once, however many of them are on.
 */
export function poolStatementListeners(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  says: TextTest,
  visit: StatementReader['visit'],
): TSESLint.RuleListener | null {
  const sourceCode = context.sourceCode;
  const settings = readSettings(context);
  // A pool comes from a driver import, a declared type, or a name: pool-like, or matching the user's pattern.
  const mayHavePool =
    settings.typeAware || settings.customReceivers || importsDriverModule(sourceCode, settings) || namesPool(sourceCode, settings);
  if (!mayHavePool) return null;
  const shared = fileState(sourceCode, settings).shared;
  const existing = shared.get(poolStatementListeners) as StatementReader[] | undefined;
  if (existing) {
    existing.push({ says, visit });
    return {};
  }
  const readers: StatementReader[] = [{ says, visit }];
  shared.set(poolStatementListeners, readers);
  const objects = objectTrackerFor(context, settings);
  const statements = new PoolStatements(sourceCode, objects, settings);
  // The call being read and its pool, asked at most once: one pair of functions for all calls, so
  // that the many calls read here allocate nothing.
  let call: TSESTree.CallExpression | null = null;
  let through: Through | null | undefined;
  const throughOf = (): Through | null => (through === undefined ? (through = statements.callThrough(call!)) : through);
  const throughPool = (): boolean => throughOf() !== null;
  return {
    Program(program) {
      objects.init(program);
    },
    CallExpression(node) {
      // The method name is the cheapest test, and most calls of a file fail it; a call without arguments sends nothing.
      const callee = skipTypeWrappers(node.callee);
      if (node.arguments.length === 0 || callee.type !== AST_NODE_TYPES.MemberExpression || !statements.maySend(propertyName(callee))) return;
      call = node;
      through = undefined;
      for (const reader of readers) {
        if (statements.mayCarryWord(node, reader.says, throughPool)) reader.visit(node, throughOf());
      }
    },
    TaggedTemplateExpression(node) {
      // `pool.query(sql.unsafe\`BEGIN\`)` is read at the call.
      const parent = node.parent;
      let through: Through | null | undefined;
      for (const reader of readers) {
        if (!statements.saysWord(node.quasi, reader.says)) continue;
        if (through === undefined) {
          if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(node) && statements.callThrough(parent)) return;
          through = statements.taggedThrough(node);
        }
        reader.visit(node, through);
      }
    },
  };
}
