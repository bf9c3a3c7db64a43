import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { poolConfigOf } from '../drivers/pool-config';
import { SESSION_STATEMENT_KINDS, type Dialect, type SessionEffect, type SessionStatementKind } from '../drivers/session-statements';
import type { Driver } from '../drivers/types';
import { resolvedSqlWithHoles } from './pool-statements';
import { splitStatements } from './sql-text';

/**
 * Which statements of a SQL text act on the session of the connection that runs them, read from
 * the statement kinds of `src/drivers/session-statements.ts`.
 */

/** One statement of a text that acts on the session. */
export interface SessionStatement {
  readonly kind: SessionStatementKind;
  readonly effect: Exclude<SessionEffect, 'harmless'>;
  /** The statement as written (comments removed, whitespace collapsed). */
  readonly text: string;
}

/** What a text leaves on the session and what it uses or clears of state left before. */
export interface SessionReading {
  /** `leaves` statements not cleared later in the same text (one text runs on one connection). */
  readonly leaves: readonly SessionStatement[];
  /** `uses` and `clears` statements of state left before the text, in order. */
  readonly follows: readonly SessionStatement[];
}

const ANCHORED = SESSION_STATEMENT_KINDS.filter(k => k.pattern.source.startsWith('^'));
const ANYWHERE = SESSION_STATEMENT_KINDS.filter(k => !k.pattern.source.startsWith('^'));
const NOTHING: SessionReading = { leaves: [], follows: [] };

/**
 * The effect of a kind in a dialect; with the dialect unknown (`null`: knex, an ORM, a pool known
 * by name), the effect every dialect that has the statement agrees on, else harmless.
 */
function effectIn(kind: SessionStatementKind, dialect: Dialect | null): SessionEffect {
  if (dialect) return kind.effect[dialect] ?? 'harmless';
  const effects = new Set(Object.values(kind.effect));
  return effects.size === 1 ? [...effects][0] : 'harmless';
}

/** Blanks what quoted strings and quoted identifiers say: a keyword there is not the statement's. */
function blankQuoted(statement: string): string {
  return statement.replace(/'(?:[^'\\]|''|\\.)*'?|"(?:[^"]|"")*"?|`[^`]*`?|\$([a-z_][a-z_0-9]*)?\$[\s\S]*?\$\1\$/gi, quoted => `'${' '.repeat(Math.max(0, quoted.length - 2))}'`);
}

/** The session kinds one statement is, in the dialect: its leading keywords, then the functions it calls. */
function statementKinds(statement: string, dialect: Dialect | null): { kind: SessionStatementKind; effect: SessionEffect }[] {
  const text = blankQuoted(statement.toLowerCase());
  const found: { kind: SessionStatementKind; effect: SessionEffect }[] = [];
  const leading = ANCHORED.find(k => k.pattern.test(text));
  if (leading) found.push({ kind: leading, effect: effectIn(leading, dialect) });
  for (const kind of ANYWHERE) if (kind.pattern.test(text)) found.push({ kind, effect: effectIn(kind, dialect) });
  return found;
}

/** Cheap test before splitting: the text names no session statement at all. */
const ANY_SESSION_WORD = /\b(?:set|reset|listen|unlisten|prepare|execute|deallocate|drop|temp|temporary|create|declare|fetch|move|close|discard|use|lock|unlock)\b|advisory_|_lock|set_config/i;

/** What a SQL text does to the session of the connection that runs it, in a dialect (`null`: unknown). */
export function readSession(text: string, dialect: Dialect | null): SessionReading {
  if (!ANY_SESSION_WORD.test(text)) return NOTHING;
  let leaves: SessionStatement[] = [];
  const followUps: SessionStatement[] = [];
  for (const statement of splitStatements(text)) {
    for (const { kind, effect } of statementKinds(statement, dialect)) {
      if (effect === 'harmless') continue;
      const found: SessionStatement = { kind, effect, text: statement };
      if (effect === 'leaves') {
        leaves.push(found);
        continue;
      }
      // State left earlier in the same text, on the same connection: used or cleared right there.
      const inText = leaves.some(l => isFollowUpOf(found, l));
      if (!inText) followUps.push(found);
      if (effect === 'clears') leaves = leaves.filter(l => !isFollowUpOf(found, l));
    }
  }
  return leaves.length === 0 && followUps.length === 0 ? NOTHING : { leaves, follows: followUps };
}

/** A `uses` or `clears` statement follows state left by this `leaves` statement. */
export function isFollowUpOf(follow: SessionStatement, leave: SessionStatement): boolean {
  return follow.kind.family === '*' || follow.kind.family === leave.kind.family;
}

/** The driver's SQL dialect: `null` when unknown (knex, an ORM, a pool known by name), `undefined` when it does not speak SQL. */
export function dialectOf(driver: Driver): Dialect | null | undefined {
  if (driver.server !== undefined && driver.server !== 'sql') return undefined;
  return poolConfigOf(driver.id)?.dialect ?? null;
}

/**
 * The statement a query call sends (its first argument) acts on the session of its connection:
 * sent through the pool instead, it would act on an arbitrary connection.
 */
export function sendsSessionStatement(sourceCode: Readonly<TSESLint.SourceCode>, call: TSESTree.CallExpression, driver: Driver): boolean {
  const dialect = dialectOf(driver);
  const [first] = call.arguments;
  if (dialect === undefined || !first) return false;
  const text = resolvedSqlWithHoles(sourceCode, first);
  if (text === null) return false;
  const reading = readSession(text, dialect);
  return reading.leaves.length > 0 || reading.follows.length > 0;
}
