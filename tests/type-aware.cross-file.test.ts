/**
 * Summaries across files, with type information: `fixtures/typed/db.ts` is the application's own
 * database module; the code under test imports its helpers. A helper there that returns a fresh
 * checkout checks out at the call here, a helper that releases its parameter on every path releases
 * here, and the message names the hop with its file.
 */
import { join } from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import noLeakedConnection from '../src/rules/no-leaked-connection';
import noDoubleRelease from '../src/rules/no-double-release';

const fixtures = join(__dirname, 'fixtures', 'typed');
const filename = join(fixtures, 'file.ts');
const typed = new RuleTester({
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: fixtures } },
  settings: { 'connection-leaks': { typeAware: true } },
});
const syntactic = new RuleTester({ languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } } });

const imports = "import { getConnection, releaseConnection, releaseSometimes, database } from './db';\n";

const leaksAfterQuery = `${imports}export async function f() {
  const conn = await getConnection();
  await conn.query('SELECT 1');
}`;

const releasedByHelper = `${imports}export async function f() {
  const conn = await getConnection();
  try {
    await conn.query('SELECT 1');
  } finally {
    releaseConnection(conn);
  }
}`;

const methodHelpers = `${imports}export async function f() {
  const conn = await database.acquire();
  await conn.query('SELECT 1');
  database.release(conn);
}`;

const releasedSometimes = `${imports}export async function f(flag: boolean) {
  const conn = await getConnection();
  try {
    await conn.query('SELECT 1');
  } finally {
    releaseSometimes(conn, flag);
  }
}`;

const returnedToCaller = `${imports}export async function open() {
  const conn = await getConnection();
  return conn;
}`;

const twice = `${imports}export async function f() {
  const conn = await getConnection();
  try {
    await conn.query('SELECT 1');
  } finally {
    releaseConnection(conn);
    conn.release();
  }
}`;

typed.run('no-leaked-connection across files', noLeakedConnection, {
  valid: [
    { name: 'released through a helper of the other file in finally', code: releasedByHelper, filename },
    { name: 'a method of the other file released in finally', code: methodHelpers.replace("  await conn.query('SELECT 1');\n  database.release(conn);", "  try {\n    await conn.query('SELECT 1');\n  } finally {\n    database.release(conn);\n  }"), filename },
    { name: 'handed on to the caller', code: returnedToCaller, filename },
    { name: 'a helper of the other file that runs a pool query checks nothing out', code: `${imports}export async function f() {\n  return database.count();\n}`, filename },
  ],
  invalid: [
    {
      name: 'a checkout from a function of the other file, never released',
      code: leaksAfterQuery,
      filename,
      errors: [
        {
          messageId: 'helperNeverReleased',
          line: 3,
          data: { handle: 'conn', helper: '`getConnection()`', helperAt: 'db.ts, line 6', releaseCall: '`conn.release()`' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: leaksAfterQuery.replace("  await conn.query('SELECT 1');\n", "  try {\n    await conn.query('SELECT 1');\n  } finally {\n    conn.release();\n  }\n"),
            },
          ],
        },
      ],
    },
    {
      name: 'a method of the other file; the suggestion uses its release method on the same receiver',
      code: methodHelpers,
      filename,
      errors: [
        {
          messageId: 'helperThrows',
          line: 3,
          data: { handle: 'conn', helper: '`database.acquire()`', helperAt: 'db.ts, line 19', call: '`conn.query()`', line: '4' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: methodHelpers.replace("  await conn.query('SELECT 1');\n  database.release(conn);", "  try {\n    await conn.query('SELECT 1');\n  } finally {\n    database.release(conn);\n  }"),
            },
          ],
        },
      ],
    },
    {
      name: 'a helper of the other file that releases only on some paths does not discharge the caller',
      code: releasedSometimes,
      filename,
      errors: [{ messageId: 'helperEndWithoutRelease', line: 3 }],
    },
  ],
});

typed.run('no-double-release across files', noDoubleRelease, {
  valid: [{ name: 'one release through the helper', code: releasedByHelper, filename }],
  invalid: [{ name: 'the helper of the other file releases, then the handle is released again', code: twice, filename, errors: [{ messageId: 'doubleRelease', line: 8, suggestions: [{ messageId: 'removeRelease', output: releasedByHelper }] }] }],
});

syntactic.run('without types the other file is not read', noLeakedConnection, {
  valid: [
    { name: 'an imported helper is not known to check out', code: leaksAfterQuery },
    { name: 'nor its method', code: methodHelpers },
  ],
  invalid: [],
});
