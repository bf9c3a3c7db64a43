// The session statement kinds (src/drivers/session-statements.ts) read per dialect: what a text
// leaves on its connection, and what it uses or clears of state left before it.
import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { textTokensSaying } from '../src/analysis/pool-statements';
import { readSession } from '../src/analysis/session-sql';
import { SESSION_FAMILY_STATE, SESSION_FOLLOWING_TEXT, SESSION_LEAVING_TEXT, SESSION_STATEMENT_KINDS, type Dialect, type TokenText } from '../src/drivers/session-statements';

/** The kinds a text leaves, and the kinds it follows up, in a dialect. */
function read(text: string, dialect: Dialect | null): { leaves: string[]; follows: string[] } {
  const reading = readSession(text, dialect);
  return { leaves: reading.leaves.map(s => s.kind.kind), follows: reading.follows.map(s => s.kind.kind) };
}

describe('readSession', () => {
  it.each([
    ['SET search_path TO app', 'postgres', ['set']],
    ['set local search_path to app', 'postgres', []],
    ['SET LOCAL wait_timeout = 10', 'mysql', ['set-local']],
    ['SET LOCAL search_path TO app', null, []],
    ['SET TRANSACTION ISOLATION LEVEL SERIALIZABLE', 'postgres', []],
    ['SET TRANSACTION ISOLATION LEVEL SERIALIZABLE', 'mysql', ['set-transaction']],
    ['SET TRANSACTION ISOLATION LEVEL SNAPSHOT', 'tsql', ['set-transaction']],
    ['SET @n = 1', 'mysql', ['set-user-variable']],
    ['SET @n = 1', 'tsql', []],
    ['SET @n = 1', null, []],
    ['SET GLOBAL max_connections = 10', 'mysql', []],
    ['SET NOCOUNT ON', 'tsql', ['set']],
    ["SELECT set_config('search_path', 'app', false)", 'postgres', ['set-config-session']],
    ["SELECT set_config('search_path', 'app', true)", 'postgres', []],
    ["SELECT set_config('a', lower('B'), false)", 'postgres', ['set-config-session']],
    ['LISTEN jobs', 'postgres', ['listen']],
    ['PREPARE q AS SELECT 1', 'postgres', ['prepare']],
    ["PREPARE TRANSACTION 'x'", 'postgres', []],
    ['CREATE TEMP TABLE t (id int)', 'postgres', ['temp-table']],
    ['CREATE TEMP TABLE t (id int) ON COMMIT DROP', 'postgres', []],
    ['CREATE GLOBAL TEMPORARY TABLE t (id int)', 'mysql', ['temp-table']],
    ['CREATE TABLE #t (id int)', 'tsql', ['temp-table-hash']],
    ['DECLARE c CURSOR WITH HOLD FOR SELECT 1', 'postgres', ['declare-cursor-with-hold']],
    ['DECLARE c BINARY SCROLL CURSOR WITH HOLD FOR SELECT 1', 'postgres', ['declare-cursor-with-hold']],
    ['DECLARE c CURSOR FOR SELECT 1', 'postgres', []],
    ['SELECT pg_advisory_lock(1)', 'postgres', ['advisory-lock']],
    ['SELECT pg_try_advisory_lock_shared(1, 2)', 'postgres', ['advisory-lock']],
    ['SELECT pg_advisory_xact_lock(1)', 'postgres', []],
    ['SELECT GET_LOCK(?, 1)', 'mysql', ['named-lock']],
    ['SELECT GET_LOCK(?, 1)', 'postgres', []],
    ['USE app', 'mysql', ['use']],
    ['USE app', null, ['use']],
    ['LOCK TABLES t WRITE', null, ['lock-tables']],
    ['LOCK TABLE t IN ACCESS EXCLUSIVE MODE', 'postgres', []],
    ['LOCK TABLE t READ', 'mysql', ['lock-table']],
    ["SELECT 'SET x = 1', 'pg_advisory_lock(1)'", 'postgres', []],
    ['SELECT "pg_advisory_lock(1)" FROM t', 'postgres', []],
    ['SELECT $$pg_advisory_lock(1)$$', 'postgres', []],
    ['UPDATE t SET a = 1', 'postgres', []],
    ['/* c */ -- d\n  set role app', 'postgres', ['set']],
    ['# note\nSET @a = 1', 'mysql', ['set-user-variable']],
  ] as const)('%s (%s) leaves %j', (text, dialect, kinds) => {
    expect(read(text, dialect).leaves).toEqual(kinds);
  });

  it('drops what the same text clears, and keeps follow-ups of state left before it', () => {
    expect(read('SELECT pg_advisory_lock(1); SELECT 1; SELECT pg_advisory_unlock(1)', 'postgres')).toEqual({ leaves: [], follows: [] });
    expect(read('SET search_path TO a; LISTEN x; DISCARD ALL', 'postgres')).toEqual({ leaves: [], follows: [] });
    expect(read('SET search_path TO a; UNLISTEN x', 'postgres')).toEqual({ leaves: ['set'], follows: ['unlisten'] });
    expect(read('PREPARE q AS SELECT 1; EXECUTE q', 'postgres')).toEqual({ leaves: ['prepare'], follows: [] });
    expect(read('EXECUTE q', 'postgres')).toEqual({ leaves: [], follows: ['execute'] });
    expect(read('EXECUTE dbo.refresh', 'tsql')).toEqual({ leaves: [], follows: [] });
    expect(read('SELECT RELEASE_ALL_LOCKS()', 'mysql')).toEqual({ leaves: [], follows: ['named-unlock'] });
  });

  it('gives every kind an effect in at least one dialect and a family that messages can name', () => {
    for (const kind of SESSION_STATEMENT_KINDS) {
      expect(Object.keys(kind.effect).length, kind.kind).toBeGreaterThan(0);
      expect(kind.pattern.flags.includes('g'), `${kind.kind}: a global pattern keeps state between tests`).toBe(false);
      if (Object.values(kind.effect).includes('leaves')) expect(SESSION_FAMILY_STATE[kind.family], kind.kind).toBeDefined();
    }
  });
});

// A comment ends at its first line end: a pattern where it could run on to a later one backtracks
// exponentially over a script of many commented lines that starts no session statement.
describe('the file filter over long commented scripts', () => {
  const escaped = `'${'-- a comment\\n'.repeat(40)}SELECT 1'`;
  const real = `\`${'-- a comment\n/* block */\n'.repeat(40)}SELECT 1\``;
  it.each([
    ['escaped line ends', escaped],
    ['real line ends and block comments', real],
  ])('answers for %s', (_name, token) => {
    expect(SESSION_LEAVING_TEXT.token.test(token)).toBe(false);
    expect(SESSION_FOLLOWING_TEXT.token.test(token)).toBe(false);
    expect(SESSION_LEAVING_TEXT.token.test(token.replace('SELECT 1', 'SET search_path TO app'))).toBe(true);
  });
});

/** The tokens of `code` that `textTokensSaying` finds saying `text`, read at every call's first argument. */
function tokensSaying(code: string, text: TokenText): string[] {
  const found: string[] = [];
  const probe = {
    create(context: { sourceCode: unknown }) {
      const sourceCode = context.sourceCode as TSESLint.SourceCode;
      return {
        CallExpression(node: TSESTree.CallExpression) {
          if (node.arguments.length > 0) found.push(...textTokensSaying(sourceCode, node.arguments[0], t => text.token.test(t)));
        },
      };
    },
  };
  new Linter({ configType: 'flat' }).verify(code, [
    { languageOptions: { parser: tsParser }, plugins: { probe: { rules: { probe } } } as never, rules: { 'probe/probe': 'error' } },
  ]);
  return found;
}

// A statement's text is read where a call may send it: the string and template tokens of the argument.
describe('textTokensSaying', () => {
  it('finds strings and template parts that start a session statement, each once', () => {
    const code = "q('SET search_path TO a; SET x = 1'); q(`  LISTEN ${ch}; LISTEN b`); q(\"select 1; lock tables t\");";
    expect(tokensSaying(code, SESSION_LEAVING_TEXT)).toEqual(["'SET search_path TO a; SET x = 1'", '`  LISTEN ${', '}; LISTEN b`', '"select 1; lock tables t"']);
  });

  it('skips code, comments, regular expressions and directives that say the words', () => {
    const code = "q(function () { 'use strict'; return set; });\nq(set /* ; listen */, /'lock tables/);\nq(\"SELECT 1\" /* 'SET x' */);";
    expect(tokensSaying(code, SESSION_LEAVING_TEXT)).toEqual([]);
  });

  it('finds the tokens anywhere inside the argument: branches, concatenations, nested calls', () => {
    const code = "q(cond ? 'SET a = 1' : 'SELECT 1'); q('SELECT 1; ' + `LISTEN ${x}`); q(sql.raw(\"LOCK TABLES t\"));";
    // The inner call `sql.raw(…)` has the same token as its own first argument: read once per call.
    expect(tokensSaying(code, SESSION_LEAVING_TEXT)).toEqual(["'SET a = 1'", '`LISTEN ${', '"LOCK TABLES t"', '"LOCK TABLES t"']);
  });

  it('finds the words that count anywhere in a token', () => {
    expect(tokensSaying("q('SELECT pg_advisory_lock(1)'); q('select 2')", SESSION_LEAVING_TEXT)).toEqual(["'SELECT pg_advisory_lock(1)'"]);
    expect(tokensSaying("q('SELECT pg_advisory_unlock(1)')", SESSION_FOLLOWING_TEXT)).toEqual(["'SELECT pg_advisory_unlock(1)'"]);
  });
});
