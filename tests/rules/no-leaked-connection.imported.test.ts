/**
 * no-leaked-connection without type information, across the application's own modules: a function
 * imported by a relative specifier from a file on disk (tests/fixtures/imports/db.ts) that releases
 * the parameter the handle is passed as releases it at the call. `readOtherFiles: false` turns the
 * reading off (the call is then a hand-off, as for any unknown function).
 */
import * as path from 'node:path';
import rule from '../../src/rules/no-leaked-connection';
import { ruleTester } from '../rule-tester';

const filename = path.join(__dirname, '..', 'fixtures', 'imports', 'service.ts');

const service = (body: string): string => `import mysql from 'mysql2/promise';
import { giveBack } from './db';

const pool = mysql.createPool({ uri: process.env.DATABASE_URL });

export async function save(sql: string) {
${body}
}
`;

ruleTester.run('no-leaked-connection (release helpers of other modules, read from disk)', rule, {
  valid: [
    {
      name: "released in finally through the module's helper (its body releases)",
      filename,
      code: service('  const connection = await pool.getConnection();\n  try {\n    await connection.query(sql);\n  } finally {\n    giveBack(connection);\n  }'),
    },
    {
      name: 'readOtherFiles: false: the call is a hand-off, as for any function not read',
      filename,
      settings: { 'connection-leaks': { readOtherFiles: false } },
      code: service('  const connection = await pool.getConnection();\n  await connection.query(sql);\n  giveBack(connection);'),
    },
  ],
  invalid: [
    {
      name: "the module's helper releases, but only when the query succeeds",
      filename,
      code: service('  const connection = await pool.getConnection();\n  await connection.query(sql);\n  giveBack(connection);'),
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 7,
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: service('  const connection = await pool.getConnection();\n  try {\n    await connection.query(sql);\n  } finally {\n    giveBack(connection);\n  }'),
            },
          ],
        },
      ],
    },
  ],
});
