/**
 * no-leaked-connection and no-double-release: what a path carries besides "held or not".
 * - A path that leaves (a `return`, an exception) runs the leaving copy of a `finally`; a `try`
 *   inside that `finally` is entered and ends like any other: through the normal copy of its own
 *   `finally`, not through the leaving one (which only a return or a throw inside that `try` takes).
 * - A release flag (`if (!released) c.release()`) is read on the path: where it was never set, the
 *   guarded release runs, and may be the second one; a test placed before the release that records
 *   it is still a guard.
 */
import doubleRelease from '../../src/rules/no-double-release';
import leaked from '../../src/rules/no-leaked-connection';
import type { SuggestionOutput, TestCaseError } from '@typescript-eslint/rule-tester';
import { ruleTester } from '../rule-tester';

/**
 * An expected error by its whole text (ESLint's RuleTester compares `message` with the report; the
 * types of @typescript-eslint's tester know only `messageId`).
 */
function said<M extends string>(error: { message: string; line: number; suggestions?: readonly SuggestionOutput<M>[] }): TestCaseError<M> {
  return error as unknown as TestCaseError<M>;
}

const pg = `import pg from 'pg';\nconst pool = new pg.Pool();\n`;
/** `client` is checked out at line 4 (the body starts at line 5). */
const held = (body: string): string =>
  `${pg}export async function f(mode: number, log: () => Promise<void>) {\n  const client = await pool.connect();\n${body}\n}`;

const dropLine = (code: string, line: number): string =>
  code
    .split('\n')
    .filter((_, i) => i !== line - 1)
    .join('\n');

/** A double release at `line` (the first at `first`); the suggestion removes the second (its statement, by default the line). */
const twiceAt = (name: string, code: string, line: number, first: number, output = dropLine(code, line)) => ({
  name,
  code,
  errors: [
    said({
      message: `\`client\` is already released at line ${first} on this path: the driver does not guard it and may hand the same connection to two callers.`,
      line,
      suggestions: [{ messageId: 'removeRelease' as const, output }],
    }),
  ],
});

ruleTester.run('no-leaked-connection: a try inside a finally run on the way out', leaked, {
  valid: [
    {
      name: 'a throw; the finally releases in a nested try after a branch',
      code: held(`  try {\n    throw new Error('stop');\n  } finally {\n    try {\n      if (mode) log();\n      client.release();\n    } finally {\n      mode++;\n    }\n  }`),
    },
    {
      name: 'a failing query; the finally releases in a nested try after a branch',
      code: held(`  try {\n    await client.query('SELECT 1');\n  } finally {\n    try {\n      if (mode) {\n        mode--;\n      }\n      client.release();\n    } finally {\n      mode++;\n    }\n  }`),
    },
    {
      name: 'an early return; the finally releases in a nested try with a catch and a finally',
      code: held(`  try {\n    if (mode) return;\n    await client.query('SELECT 1');\n  } finally {\n    try {\n      if (mode > 1) log();\n      client.release();\n    } catch (e) {\n      mode++;\n    } finally {\n      mode--;\n    }\n  }`),
    },
  ],
  invalid: [
    {
      name: 'a return inside the nested try leaves before the release',
      code: held(`  try {\n    await client.query('SELECT 1');\n  } finally {\n    try {\n      if (mode) return;\n      client.release();\n    } finally {\n      mode++;\n    }\n  }`),
      // The failing query runs the finally, which returns before the release.
      errors: [said({ message: '`client` is released in `finally` only under the condition at line 10; on other paths the connection stays in use.', line: 4 })],
    },
    {
      name: 'a nested try with a catch, whose finally returns before the release',
      code: held(`  try {\n    await client.query('SELECT 1');\n  } finally {\n    try {\n      mode++;\n    } catch {\n      // ignored\n    } finally {\n      if (mode) return;\n    }\n    client.release();\n  }`),
      errors: [said({ message: '`client` is released in `finally` only under the condition at line 15; on other paths the connection stays in use.', line: 4 })],
    },
  ],
});

ruleTester.run('no-double-release: a try inside a finally run on the way out', doubleRelease, {
  valid: [
    {
      name: 'a throw; one release in the nested try after a branch',
      code: held(`  try {\n    throw new Error('stop');\n  } finally {\n    try {\n      if (mode) log();\n      client.release();\n    } finally {\n      mode++;\n    }\n  }`),
    },
  ],
  invalid: [
    twiceAt(
      'a throw; the nested try releases after a branch, its finally again',
      held(`  try {\n    throw new Error('stop');\n  } finally {\n    try {\n      if (mode) log();\n      client.release();\n    } finally {\n      client.release();\n    }\n  }`),
      12,
      10,
    ),
    twiceAt(
      'a throw; the nested try, with a catch, releases, its finally again',
      held(`  try {\n    throw new Error('stop');\n  } finally {\n    try {\n      client.release();\n    } catch {\n      // ignored\n    } finally {\n      client?.release();\n    }\n  }`),
      13,
      9,
    ),
  ],
});

ruleTester.run('no-leaked-connection: release flags', leaked, {
  valid: [
    {
      name: 'a flag test before the release that records it',
      code: held(`  let released = false;\n  if (mode) {\n    if (!released) client.release();\n    return;\n  }\n  mode++;\n  released = true;\n  client.release();`),
    },
    {
      name: 'a flag test before the recording release, with a block',
      code: held(`  let released = false;\n  if (!released) client.release();\n  await log();\n  if (!released) {\n    released = true;\n    client.release();\n  }`),
    },
  ],
  invalid: [],
});

ruleTester.run('no-double-release: release flags read on the path', doubleRelease, {
  valid: [
    {
      name: 'the flag is set with the first release',
      code: held(`  let released = false;\n  if (mode) {\n    released = true;\n    client.release();\n  }\n  await log();\n  if (!released) client.release();`),
    },
    {
      name: 'each release behind the flag sets it',
      code: held(`  let released = false;\n  if (!released) {\n    released = true;\n    client.release();\n  }\n  if (!released) {\n    released = true;\n    client.release();\n  }`),
    },
  ],
  invalid: [
    twiceAt(
      'a guarded release before the one that sets the flag',
      held(`  let released = false;\n  if (!released) client.release();\n  await log();\n  if (!released) {\n    released = true;\n    client.release();\n  }`),
      8,
      6,
      held(`  let released = false;\n  if (!released) client.release();\n  await log();`),
    ),
    twiceAt('a plain release, then one behind a flag never set', held(`  let released = false;\n  client.release();\n  if (!released) client.release();`), 7, 6),
    twiceAt(
      'the flag is set on one branch only',
      held(`  let released = false;\n  if (mode) {\n    released = true;\n    client.release();\n  } else {\n    client.release();\n  }\n  if (!released) client.release();`),
      12,
      10,
    ),
  ],
});

/** A checkout under `if (x)`: a release inside that same `if` runs after the checkout, not when the `if` is entered. */
const underIf = (body: string): string =>
  `${pg}export async function f(mode: number, log: () => Promise<void>) {\n  if (mode) {\n    const client = await pool.connect();\n${body}\n  }\n}`;

ruleTester.run('no-leaked-connection: a release inside the if that decides the checkout', leaked, {
  valid: [
    { name: 'released right away', code: underIf(`    client.release();`) },
    { name: 'released in finally', code: underIf(`    try {\n      await client.query('SELECT 1');\n    } finally {\n      client.release();\n    }`) },
  ],
  invalid: [
    {
      name: 'a query before the release',
      code: underIf(`    await client.query('SELECT 1');\n    client.release();`),
      errors: [
        said({
          message: '`client` is released only when nothing throws: if `client.query()` (line 6) throws, the connection is never released.',
          line: 5,
        }),
      ],
    },
  ],
});

ruleTester.run('no-double-release: a release inside the if that decides the checkout', doubleRelease, {
  valid: [{ name: 'released once', code: underIf(`    await log();\n    client.release();`) }],
  invalid: [
    {
      name: 'released twice',
      code: underIf(`    client.release();\n    client.release();`),
      errors: [
        said({
          message: '`client` is already released at line 6 on this path: the driver does not guard it and may hand the same connection to two callers.',
          line: 7,
          suggestions: [{ messageId: 'removeRelease' as const, output: underIf(`    client.release();`) }],
        }),
      ],
    },
  ],
});

const mysql = `import mysql from 'mysql2/promise';\nconst pool = mysql.createPool({});\n`;
/** `conn` is declared with `await using` at line 4 (the body starts at line 5). */
const disposed = (body: string, driver = mysql, acquire = 'pool.getConnection()'): string =>
  `${driver}export async function f(mode: number) {\n  await using conn = await ${acquire};\n${body}\n}`;
const beforeDisposal = (declared = 4) =>
  `\`conn\` is released here and again by the disposal of its \`using\` declaration (line ${declared}) at the end of the block: the driver does not guard it and may hand the same connection to two callers.`;

/** `await using` of a disposable handle releases it at the end of the block, on every path: a release written besides it is a second one. */
ruleTester.run('no-double-release: a release besides the disposal of `using`', doubleRelease, {
  valid: [
    { name: 'disposed only', code: disposed(`  await conn.query('SELECT 1');\n  if (mode) return;\n  await conn.query('SELECT 2');`) },
    { name: 'another handle released in the block', code: disposed(`  const other = await pool.getConnection();\n  other.release();`) },
    // pg clients are not disposable: `await using` fails at the declaration (no-leaked-connection says so), nothing is released twice.
    { name: 'a pg client released by hand', code: disposed(`  conn.release();`, `import pg from 'pg';\nconst pool = new pg.Pool();\n`, 'pool.connect()') },
  ],
  invalid: [
    {
      name: 'released at the end of the block',
      code: disposed(`  await conn.query('SELECT 1');\n  conn.release();`),
      errors: [said({ message: beforeDisposal(), line: 6, suggestions: [{ messageId: 'removeRelease' as const, output: disposed(`  await conn.query('SELECT 1');`) }] })],
    },
    {
      name: 'released on an early return',
      code: disposed(`  if (mode) {\n    await Promise.resolve(conn.release());\n    return;\n  }\n  await conn.query('SELECT 1');`),
      errors: [said({ message: beforeDisposal(), line: 6, suggestions: [{ messageId: 'removeRelease' as const, output: disposed(`  if (mode) {\n    return;\n  }\n  await conn.query('SELECT 1');`) }] })],
    },
    {
      name: 'declared in a nested block, released in it',
      code: `${mysql}export async function f(mode: number) {\n  if (mode) {\n    await using conn = await pool.getConnection();\n    void conn.release();\n  }\n}`,
      errors: [said({ message: beforeDisposal(5), line: 6, suggestions: [{ messageId: 'removeRelease' as const, output: `${mysql}export async function f(mode: number) {\n  if (mode) {\n    await using conn = await pool.getConnection();\n  }\n}` }] })],
    },
  ],
});

/** `client` is a `let`, checked out at line 5 (the body starts at line 6). */
const reassigned = (body: string): string =>
  `${pg}export async function f(mode: number, log: () => Promise<void>) {\n  let client;\n  client = await pool.connect();\n${body}\n}`;

/**
 * A variable assigned again no longer names the connection it held: that one is lost unless it was
 * released first. The new value is taken once it is evaluated: a checkout that fails assigns nothing.
 */
ruleTester.run('no-leaked-connection: a handle variable assigned again', leaked, {
  valid: [
    { name: 'released, then checked out again', code: reassigned(`  client.release();\n  client = await pool.connect();\n  client.release();`) },
    {
      name: 'released, then set to null',
      code: reassigned(`  try {\n    await client.query('SELECT 1');\n  } finally {\n    client.release();\n    client = null;\n  }`),
    },
  ],
  invalid: [
    {
      name: 'checked out again in a catch, over the one still held',
      code: reassigned(`  try {\n    await client.query('SELECT 1');\n  } catch {\n    client = await pool.connect();\n  } finally {\n    client?.release();\n  }`),
      errors: [said({ message: '`client` is assigned again at line 9 while it holds a connection: that connection is never released.', line: 5 })],
    },
    {
      name: 'set to null before the release',
      code: reassigned(`  if (mode) client = null;\n  client?.release();`),
      errors: [said({ message: '`client` is assigned again at line 6 while it holds a connection: that connection is never released.', line: 5 })],
    },
  ],
});

ruleTester.run('no-double-release: a checkout that fails assigns nothing', doubleRelease, {
  valid: [{ name: 'released, checked out again, released', code: reassigned(`  client.release();\n  client = await pool.connect();\n  client.release();`) }],
  invalid: [
    {
      name: 'released, the next checkout fails, the old handle released again',
      code: reassigned(`  try {\n    client.release();\n    client = await pool.connect();\n  } catch {\n    // ignored\n  }\n  client?.release();`),
      errors: [
        said({
          message: '`client` is already released at line 7 on this path: the driver does not guard it and may hand the same connection to two callers.',
          line: 12,
          suggestions: [{ messageId: 'removeRelease' as const, output: reassigned(`  try {\n    client.release();\n    client = await pool.connect();\n  } catch {\n    // ignored\n  }`) }],
        }),
      ],
    },
  ],
});

/** `return client` hands the connection on only when that return completes: a `finally` may return or throw instead. */
ruleTester.run('no-leaked-connection: a return of the handle through a finally', leaked, {
  valid: [
    { name: 'the finally only counts', code: held(`  try {\n    await client.query('SELECT 1');\n    return client;\n  } catch (e) {\n    client.release();\n    throw e;\n  } finally {\n    mode++;\n  }`) },
    { name: 'the finally returns only after releasing', code: held(`  try {\n    return client;\n  } finally {\n    if (mode) {\n      client.release();\n      return null;\n    }\n  }`) },
  ],
  invalid: [
    {
      name: 'the finally returns something else',
      code: held(`  try {\n    return client;\n  } finally {\n    if (mode) return null;\n  }`),
      errors: [said({ message: '`client.release()` is not called when the function returns at line 8: `client` stays checked out.', line: 4 })],
    },
    {
      name: 'the finally awaits, and may throw instead',
      code: held(`  try {\n    return client;\n  } finally {\n    await log();\n  }`),
      errors: [said({ message: '`client` is handed on only when nothing throws: if `log()` (line 8) throws first, it is never released.', line: 4 })],
    },
  ],
});

/** On the next turn of a loop, what runs before the checkout (the checkout itself, failing) meets the handle of the turn before. */
ruleTester.run('no-double-release: the code before a checkout in a loop, on the next turn', doubleRelease, {
  valid: [
    {
      name: 'a const handle per turn',
      code: `${pg}export async function f(ids: string[]) {\n  for (const id of ids) {\n    const client = await pool.connect();\n    try {\n      await client.query('SELECT $1', [id]);\n    } finally {\n      client.release();\n    }\n  }\n}`,
    },
    {
      name: 'a let handle cleared after its release',
      code: `${pg}export async function f(ids: string[]) {\n  let client;\n  for (const id of ids) {\n    try {\n      client = await pool.connect();\n    } finally {\n      client?.release();\n      client = null;\n    }\n  }\n}`,
    },
  ],
  invalid: [
    {
      name: 'the second checkout fails: the finally releases the first handle again',
      code: `${pg}export async function f(ids: string[]) {\n  let client;\n  for (const id of ids) {\n    try {\n      client = await pool.connect();\n    } finally {\n      if (client) client.release();\n    }\n  }\n}`,
      errors: [said({ message: '`client` is released again on the next turn of the loop: the driver does not guard it and may hand the same connection to two callers.', line: 9 })],
    },
  ],
});

ruleTester.run('no-leaked-connection: the variable of a returned handle assigned in the finally', leaked, {
  valid: [
    {
      name: 'returned, then the variable takes another checkout in the finally, released there (or the old one, when it fails)',
      code: reassigned(`  try {\n    if (mode) return client;\n    store.push(client);\n  } finally {\n    try {\n      client = await pool.connect();\n    } finally {\n      client?.release();\n    }\n  }`).replace('(mode: number,', '(mode: number, store: unknown[],'),
    },
  ],
  invalid: [],
});
