/**
 * Malformed `settings['connection-leaks']` and malformed rule options stop the lint run with one
 * configuration error that names the bad key and what is expected, never a crash inside a rule and
 * never a silently ignored entry. Run through ESLint's own Linter with every rule of the plugin on.
 */
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index';

const CODE = ["import { Pool } from 'pg';", 'const pool = new Pool();', 'export async function f() {', '  const client = await pool.connect();', '  client.release();', '}'].join('\n');
const ALL_RULES = Object.fromEntries(Object.keys(plugin.rules).map(name => [`connection-leaks/${name}`, 'error' as const]));

function lintWith(settings: unknown, rules: Linter.RulesRecord = ALL_RULES): Linter.LintMessage[] {
  return new Linter().verify(CODE, [{ files: ['**/*.js'], plugins: { 'connection-leaks': plugin }, settings: { 'connection-leaks': settings }, rules }], { filename: 'f.js' });
}

const entry = { receiver: '^db$', acquire: ['getconn'], release: [{ pool: 'putconn' }] };

// [what is wrong, the settings, the key the error must name, a phrase of what is expected]
const MALFORMED_SETTINGS: [string, unknown, string, string][] = [
  ['settings are a string', 'pools', "settings['connection-leaks']", 'an object'],
  ['settings are an array', [entry], "settings['connection-leaks']", 'an object'],
  ['settings are null', null, "settings['connection-leaks']", 'an object'],
  ['an unknown key (a typo of pools)', { pool: [entry] }, "settings['connection-leaks'].pool", 'one of the keys'],
  ['pools is an object', { pools: entry }, "settings['connection-leaks'].pools", 'an array of pool entries'],
  ['pools is a string', { pools: 'db' }, "settings['connection-leaks'].pools", 'an array of pool entries'],
  ['a pool entry is null', { pools: [null] }, "settings['connection-leaks'].pools[0]", 'a pool entry object'],
  ['a pool entry is a string', { pools: [entry, 'db'] }, "settings['connection-leaks'].pools[1]", 'a pool entry object'],
  ['a pool entry without release', { pools: [{ receiver: '^db$', acquire: ['lease'] }] }, "settings['connection-leaks'].pools[0].release", '{ method'],
  ['release is an empty array', { pools: [{ ...entry, release: [] }] }, "settings['connection-leaks'].pools[0].release", 'non-empty array'],
  ['release is a string', { pools: [{ ...entry, release: 'putconn' }] }, "settings['connection-leaks'].pools[0].release", '{ method'],
  ['a release form with both keys', { pools: [{ ...entry, release: [{ method: 'a', pool: 'b' }] }] }, "settings['connection-leaks'].pools[0].release[0]", '{ pool'],
  ['a release form with an unknown key', { pools: [{ ...entry, release: [{ call: 'done' }] }] }, "settings['connection-leaks'].pools[0].release[0]", '{ method'],
  ['a release method that is not a string', { pools: [{ ...entry, release: [{ method: 1 }] }] }, "settings['connection-leaks'].pools[0].release[0]", '{ method'],
  ['acquire is a string', { pools: [{ ...entry, acquire: 'lease' }] }, "settings['connection-leaks'].pools[0].acquire", 'non-empty array of method names'],
  ['acquire is missing', { pools: [{ receiver: '^db$', release: [{ method: 'done' }] }] }, "settings['connection-leaks'].pools[0].acquire", 'non-empty array'],
  ['acquire is empty', { pools: [{ ...entry, acquire: [] }] }, "settings['connection-leaks'].pools[0].acquire", 'non-empty array'],
  ['an acquire name that is empty', { pools: [{ ...entry, acquire: [''] }] }, "settings['connection-leaks'].pools[0].acquire[0]", 'non-empty string'],
  ['neither receiver nor module', { pools: [{ acquire: ['lease'], release: [{ method: 'done' }] }] }, "settings['connection-leaks'].pools[0]", '`receiver`'],
  ['receiver is not a valid regular expression', { pools: [{ ...entry, receiver: '(db' }] }, "settings['connection-leaks'].pools[0].receiver", 'valid regular expression'],
  ['receiver is a RegExp object', { pools: [{ ...entry, receiver: /db/ }] }, "settings['connection-leaks'].pools[0].receiver", 'regular expression (string)'],
  ['module is a number', { pools: [{ ...entry, receiver: undefined, module: 42 }] }, "settings['connection-leaks'].pools[0].module", 'module name'],
  ['factories without module', { pools: [{ ...entry, factories: ['createPool'] }] }, "settings['connection-leaks'].pools[0].factories", '`module`'],
  ['factories is a string', { pools: [{ ...entry, module: '@acme/pool', factories: 'createPool' }] }, "settings['connection-leaks'].pools[0].factories", 'array of export names'],
  ['disposable is a string', { pools: [{ ...entry, disposable: 'yes' }] }, "settings['connection-leaks'].pools[0].disposable", 'true or false'],
  ['an unknown key in a pool entry', { pools: [{ ...entry, releases: [] }] }, "settings['connection-leaks'].pools[0].releases", 'one of the keys'],
  ['nameHeuristics is a string', { nameHeuristics: 'false' }, "settings['connection-leaks'].nameHeuristics", 'true or false'],
  ['typeAware is a number', { typeAware: 1 }, "settings['connection-leaks'].typeAware", 'true or false'],
  ['readOtherFiles is a string', { readOtherFiles: 'no' }, "settings['connection-leaks'].readOtherFiles", 'true or false'],
  ['requestHandlers is a string', { requestHandlers: 'bus.*' }, "settings['connection-leaks'].requestHandlers", 'array of callee patterns'],
  ['a requestHandlers entry is not a string', { requestHandlers: ['bus.*', 3] }, "settings['connection-leaks'].requestHandlers[1]", 'non-empty string'],
];

// [what is wrong, the rule, its options]
const MALFORMED_OPTIONS: [string, string, unknown[]][] = [
  ['autofix is a string', 'no-leaked-connection', [{ autofix: 'yes' }]],
  ['an unknown option', 'no-leaked-connection', [{ autoFix: true }]],
  ['an option for a rule without options', 'no-double-release', [{ autofix: true }]],
  ['allow is a string', 'no-await-while-checked-out', [{ allow: 'logger.*' }]],
  ['knownSlow holds a number', 'no-await-while-checked-out', [{ knownSlow: [1] }]],
  ['handlers is a string', 'no-pool-per-request', [{ handlers: 'router.handle' }]],
  ['allowInConstructors is a string', 'no-pool-per-request', [{ allowInConstructors: 'true' }]],
  ['options are an array', 'no-pool-per-request', [['autofix']]],
];

describe("malformed settings['connection-leaks'] are one configuration error naming the key", () => {
  it.each(MALFORMED_SETTINGS)('%s', (_what, settings, key, expected) => {
    let error: unknown;
    try {
      lintWith(settings);
    } catch (caught) {
      error = caught;
    }
    expect(error, 'the lint run stops').toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`invalid ${key}: expected `);
    expect(message).toContain(expected);
    // One error about the settings, not a TypeError from inside a rule.
    expect(message).not.toMatch(/Cannot read properties|is not a function|is not iterable/);
  });

  it('tries at least 20 malformed settings', () => {
    expect(MALFORMED_SETTINGS.length).toBeGreaterThanOrEqual(20);
  });

  it.each([
    ['no settings', undefined],
    ['an empty object', {}],
    ["the README's receiver entry", { pools: [entry], nameHeuristics: true }],
    ['a module entry with factories and disposable', { pools: [{ module: '@acme/pool', factories: ['createPool'], acquire: ['checkout'], release: [{ method: 'checkin' }], disposable: true }] }],
    ['request handlers and typeAware false', { requestHandlers: ['bus.*'], typeAware: false }],
    ['readOtherFiles false', { readOtherFiles: false }],
  ])('accepts %s', (_what, settings) => {
    const messages = lintWith(settings);
    expect(messages.filter(m => m.fatal)).toEqual([]);
  });

  it('a user pool entry works once valid: the leak of `db.getconn()` is reported', () => {
    const code = ['export async function f(db) {', '  const conn = await db.getconn();', '  await conn.query("SELECT 1");', '}'].join('\n');
    const messages = new Linter().verify(
      code,
      [{ files: ['**/*.js'], plugins: { 'connection-leaks': plugin }, settings: { 'connection-leaks': { pools: [entry] } }, rules: { 'connection-leaks/no-leaked-connection': 'error' } }],
      { filename: 'f.js' },
    );
    expect(messages.map(m => m.ruleId)).toEqual(['connection-leaks/no-leaked-connection']);
  });

  it('each lint reads its own settings when lints with different settings alternate (the last answer is cached)', () => {
    const code = ['export async function f(db) {', '  const conn = await db.lease();', '  await conn.query("SELECT 1");', '}'].join('\n');
    const leaseEntry = { ...entry, acquire: ['lease'] };
    const lint = (settings: unknown): (string | null)[] =>
      new Linter()
        .verify(code, [{ files: ['**/*.js'], plugins: { 'connection-leaks': plugin }, settings: { 'connection-leaks': settings }, rules: { 'connection-leaks/no-leaked-connection': 'error' } }], { filename: 'f.js' })
        .map(m => m.ruleId);
    const withLease = { pools: [leaseEntry] };
    const withGetconn = { pools: [entry] };
    const leak = ['connection-leaks/no-leaked-connection'];
    expect([lint(withLease), lint(withGetconn), lint(undefined), lint(withLease), lint({ pools: [leaseEntry] })]).toEqual([leak, [], [], leak, leak]);
  });
});

describe('malformed rule options are a configuration error from ESLint (meta.schema)', () => {
  it.each(MALFORMED_OPTIONS)('%s (%s)', (_what, rule, options) => {
    // ESLint 10's wording; ESLint 8 says `Configuration for rule "…" is invalid`.
    expect(() => lintWith(undefined, { [`connection-leaks/${rule}`]: ['error', ...options] as Linter.RuleEntry })).toThrow(`Key "connection-leaks/${rule}"`);
  });
});
