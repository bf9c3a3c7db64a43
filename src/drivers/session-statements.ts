/**
 * SQL statements that act on the session of the connection that runs them, per dialect (data
 * only, read by `src/analysis/session-sql.ts`). Sent through a pool's per-statement helper, such a
 * statement lands on one arbitrary connection: the state stays there for the next borrower, and
 * the statements meant to use or clear it may run elsewhere.
 */

/** SQL dialects whose session statements are listed here. */
export type Dialect = 'postgres' | 'mysql' | 'tsql';

/**
 * What a statement does to its connection's session:
 * - `leaves`: sets state that outlives the statement and its transaction;
 * - `uses`: relies on state an earlier statement left (EXECUTE a prepared statement, FETCH a cursor);
 * - `clears`: removes such state (RESET, UNLISTEN, an unlock, DISCARD);
 * - `harmless`: scoped to the transaction or the batch, or server-wide: nothing stays on the connection.
 */
export type SessionEffect = 'leaves' | 'uses' | 'clears' | 'harmless';

export interface SessionStatementKind {
  /** Short name, for tests and the docs. */
  readonly kind: string;
  /**
   * State this kind belongs to: a `uses` or `clears` statement pairs with a `leaves` of the same
   * family; `*` clears every family (DISCARD ALL).
   */
  readonly family: string;
  /**
   * Matched against one statement in lower case, with comments removed, whitespace collapsed and
   * the contents of quoted strings blanked. Anchored patterns (`^`) are the statement's leading
   * keywords: the first that matches classifies it. The others find a function call anywhere.
   */
  readonly pattern: RegExp;
  /** The effect in each dialect that has this statement; a dialect not listed does not have it. */
  readonly effect: Readonly<Partial<Record<Dialect, SessionEffect>>>;
  /** What the statement does, for messages: "`SET search_path …` through `pool` {what} …". */
  readonly what: string;
  /** A form of the statement scoped to a transaction, per dialect, for messages ("or {alternative}"). */
  readonly scoped?: Readonly<Partial<Record<Dialect, string>>>;
}

/** What is left behind by a `leaves` statement of each family, for messages about its follow-ups. */
export const SESSION_FAMILY_STATE: Readonly<Record<string, string>> = {
  setting: 'the setting stays on the connection that got it',
  notify: 'the connection that listens is another one',
  prepared: 'the prepared statement exists only on the connection that prepared it',
  temp: 'the temporary table exists only on the connection that created it',
  'advisory-lock': 'the lock stays held by the connection that took it',
  'named-lock': 'the lock stays held by the connection that took it',
  'table-lock': 'the tables stay locked by the connection that locked them',
  cursor: 'the cursor exists only on the connection that declared it',
  database: 'the default database changes only on the connection that ran USE',
};

const TEMP_OBJECT = String.raw`^create\s+(?:(?:global|local)\s+)?(?:temp|temporary)\s+(?:table|view|sequence)\b`;

/**
 * Every statement kind, in matching order: the anchored kinds that refine a keyword (`SET LOCAL`,
 * `SET @v`) come before the keyword alone (`SET`).
 */
export const SESSION_STATEMENT_KINDS: readonly SessionStatementKind[] = [
  // SET and its transaction-scoped or server-wide forms.
  { kind: 'set-local', family: 'setting', pattern: /^set\s+local\b/, effect: { postgres: 'harmless', mysql: 'leaves' }, what: 'changes a session setting' },
  {
    kind: 'set-transaction',
    family: 'setting',
    pattern: /^set\s+transaction\b/,
    // PostgreSQL: the current transaction only; MySQL: the next transaction of the connection; T-SQL: the session.
    effect: { postgres: 'harmless', mysql: 'leaves', tsql: 'leaves' },
    what: 'changes the isolation of later transactions on the connection',
  },
  { kind: 'set-constraints', family: 'setting', pattern: /^set\s+constraints\b/, effect: { postgres: 'harmless' }, what: 'defers constraints' },
  {
    kind: 'set-global',
    family: 'setting',
    pattern: /^set\s+(?:global|persist|persist_only)\b|^set\s+@@(?:global|persist|persist_only)\./,
    effect: { mysql: 'harmless' },
    what: 'changes a server setting',
  },
  // MySQL user variables live in the session; T-SQL `@` variables live in the batch.
  { kind: 'set-user-variable', family: 'setting', pattern: /^set\s+@(?!@)/, effect: { mysql: 'leaves', tsql: 'harmless' }, what: 'sets a user variable' },
  {
    kind: 'set',
    family: 'setting',
    pattern: /^set\s/,
    effect: { postgres: 'leaves', mysql: 'leaves', tsql: 'leaves' },
    what: 'changes a session setting',
    scoped: { postgres: 'use `SET LOCAL` inside a transaction' },
  },
  { kind: 'reset', family: 'setting', pattern: /^reset\s/, effect: { postgres: 'clears' }, what: 'resets a session setting' },
  {
    kind: 'set-config-session',
    family: 'setting',
    pattern: /\bset_config\s*\((?:[^()]|\([^()]*\))*,\s*false\s*\)/,
    effect: { postgres: 'leaves' },
    what: 'changes a session setting',
    scoped: { postgres: 'call `set_config(…, true)` inside a transaction' },
  },
  // LISTEN / UNLISTEN
  { kind: 'listen', family: 'notify', pattern: /^listen\s/, effect: { postgres: 'leaves' }, what: 'subscribes the session to notifications' },
  { kind: 'unlisten', family: 'notify', pattern: /^unlisten\s/, effect: { postgres: 'clears' }, what: 'unsubscribes from notifications' },
  // Prepared statements (`PREPARE TRANSACTION` is two-phase commit, not a prepared statement).
  { kind: 'prepare', family: 'prepared', pattern: /^prepare\s+(?!transaction\b)/, effect: { postgres: 'leaves', mysql: 'leaves' }, what: 'prepares a named statement in the session' },
  // T-SQL EXECUTE runs a procedure.
  { kind: 'execute', family: 'prepared', pattern: /^execute\s/, effect: { postgres: 'uses', mysql: 'uses', tsql: 'harmless' }, what: 'runs a prepared statement' },
  { kind: 'deallocate', family: 'prepared', pattern: /^(?:deallocate|drop\s+prepare)\s/, effect: { postgres: 'clears', mysql: 'clears' }, what: 'drops a prepared statement' },
  // Temporary tables (PostgreSQL `ON COMMIT DROP` ends with the transaction).
  { kind: 'temp-table-on-commit-drop', family: 'temp', pattern: new RegExp(`${TEMP_OBJECT}.*\\bon\\s+commit\\s+drop\\b`), effect: { postgres: 'harmless' }, what: 'creates a temporary table' },
  {
    kind: 'temp-table',
    family: 'temp',
    pattern: new RegExp(TEMP_OBJECT),
    effect: { postgres: 'leaves', mysql: 'leaves' },
    what: 'creates a temporary table in the session',
    scoped: { postgres: 'create it `ON COMMIT DROP` inside a transaction' },
  },
  { kind: 'select-into-temp', family: 'temp', pattern: /^select\s.*\binto\s+(?:temp|temporary)\s/, effect: { postgres: 'leaves' }, what: 'creates a temporary table in the session' },
  { kind: 'temp-table-hash', family: 'temp', pattern: /^create\s+table\s+#/, effect: { tsql: 'leaves' }, what: 'creates a temporary table in the session' },
  // Cursors: only WITH HOLD outlives the transaction that declared it.
  {
    kind: 'declare-cursor-with-hold',
    family: 'cursor',
    pattern: /^declare\s+\S+\s+(?:[a-z]+\s+)*?cursor\s+with\s+hold\b/,
    effect: { postgres: 'leaves' },
    what: 'declares a cursor that outlives its transaction',
  },
  { kind: 'fetch', family: 'cursor', pattern: /^(?:fetch|move)\s/, effect: { postgres: 'uses' }, what: 'reads from a cursor' },
  { kind: 'close-cursor', family: 'cursor', pattern: /^close\s/, effect: { postgres: 'clears' }, what: 'closes a cursor' },
  { kind: 'discard', family: '*', pattern: /^discard\s/, effect: { postgres: 'clears' }, what: 'discards session state' },
  // Default database, table locks.
  { kind: 'use', family: 'database', pattern: /^use\s+\S/, effect: { mysql: 'leaves', tsql: 'leaves' }, what: 'switches the default database of the session' },
  { kind: 'lock-tables', family: 'table-lock', pattern: /^lock\s+tables\b/, effect: { mysql: 'leaves' }, what: 'locks tables for the session' },
  // PostgreSQL's LOCK lasts until the end of the transaction; MySQL's LOCK TABLE until UNLOCK TABLES.
  { kind: 'lock-table', family: 'table-lock', pattern: /^lock\s+table\b/, effect: { postgres: 'harmless', mysql: 'leaves' }, what: 'locks tables for the session' },
  { kind: 'unlock-tables', family: 'table-lock', pattern: /^unlock\s+tables?\b/, effect: { mysql: 'clears' }, what: 'unlocks the tables' },
  // Locks taken by a function call anywhere in the statement.
  {
    kind: 'advisory-lock',
    family: 'advisory-lock',
    pattern: /\bpg_(?:try_)?advisory_lock(?:_shared)?\s*\(/,
    effect: { postgres: 'leaves' },
    what: 'takes a session-level advisory lock',
    scoped: { postgres: 'take `pg_advisory_xact_lock` inside a transaction' },
  },
  { kind: 'advisory-unlock', family: 'advisory-lock', pattern: /\bpg_advisory_unlock(?:_shared|_all)?\s*\(/, effect: { postgres: 'clears' }, what: 'releases an advisory lock' },
  { kind: 'named-lock', family: 'named-lock', pattern: /\bget_lock\s*\(/, effect: { mysql: 'leaves' }, what: 'takes a named lock held by the session' },
  { kind: 'named-unlock', family: 'named-lock', pattern: /\brelease_(?:lock|all_locks)\s*\(/, effect: { mysql: 'clears' }, what: 'releases a named lock' },
];

/** Blanks before a statement (escaped too: the token is the source text) and comments. */
const BLANKS = String.raw`(?:\s|\\[nrt]|--(?:[^\n\\]|\\(?!n))*(?:\n|\\n)|/\*(?:[^*]|\*(?!/))*\*/)*`;

/** What a string or template token says: `token` is tested on one token's source text (quotes included). */
export interface TokenText {
  readonly token: RegExp;
}

/**
 * `leading`: keywords that count at a statement start (the opening quote of a string or template
 * token, or a `;`, then blanks); `anywhere`: words that count wherever they are.
 */
function tokenText(leading: string, anywhere: string): TokenText {
  return { token: new RegExp(String.raw`(?:^['"\`]|;)${BLANKS}(?:${leading})\b|${anywhere}`, 'i') };
}

/**
 * What the text of a string or template says when it carries a `leaves` statement above: its
 * leading keywords at a statement start, or a function that takes a lock or sets a setting
 * anywhere. A statement whose strings say none of it is no session statement (a cheap test before
 * any parsing of SQL).
 */
export const SESSION_LEAVING_TEXT = tokenText(
  String.raw`set|listen|prepare|create\s+(?:(?:global|local)\s+)?temp(?:orary)?|create\s+table\s+#|declare|use|lock`,
  String.raw`advisory_lock|get_lock|set_config|into\s+temp`,
);

/** The same for the `uses` and `clears` statements above. */
export const SESSION_FOLLOWING_TEXT = tokenText(
  String.raw`reset|unlisten|execute|deallocate|drop\s+prepare|fetch|move|close|discard|unlock`,
  String.raw`advisory_unlock|release_lock|release_all_locks`,
);
