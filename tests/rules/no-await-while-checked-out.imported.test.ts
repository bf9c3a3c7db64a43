/**
 * no-await-while-checked-out and functions of the application's other modules, read from disk
 * without type information (tests/fixtures/imports/): awaiting one that awaits nothing and returns
 * no promise settles at once; one that does I/O, returns a promise chain or a driver's promise, or
 * cannot be read, is slow work. Also the same rule for a same-file function: an array or string
 * method's result is never a promise.
 */
import * as path from 'node:path';
import awaits from '../../src/rules/no-await-while-checked-out';
import { jsRuleTester, ruleTester } from '../rule-tester';

const filename = path.join(__dirname, '..', 'fixtures', 'imports', 'service.ts');
const cjsFilename = path.join(__dirname, '..', 'fixtures', 'imports', 'service.js');

const held = (imports: string, awaited: string): string => `import { Pool } from 'pg';
${imports}
const pool = new Pool();

export async function save(sql: string, address: string) {
  const client = await pool.connect();
  try {
    await client.query(sql);
    const value = ${awaited};
    await client.query('INSERT INTO log VALUES ($1)', [value]);
  } finally {
    client.release();
  }
}
`;

/** The suggestion: the await moves before the checkout (it does not read the connection). */
const movedBefore = (imports: string, awaited: string): string => `import { Pool } from 'pg';
${imports}
const pool = new Pool();

export async function save(sql: string, address: string) {
  const value = ${awaited};
  const client = await pool.connect();
  try {
    await client.query(sql);
    await client.query('INSERT INTO log VALUES ($1)', [value]);
  } finally {
    client.release();
  }
}
`;

const heldAt = (work: string, imports: string, awaited: string) => [
  { messageId: 'heldAwait' as const, line: 9, data: { handle: 'client', work, kind: '' }, suggestions: [{ messageId: 'moveBeforeAcquire' as const, data: { handle: 'client', work, kind: '' }, output: movedBefore(imports, awaited) }] },
];

/** A case of the invalid list: the import, the awaited call and the work the message names. */
const reported = (name: string, imports: string, awaited: string, work: string, file: string | undefined = filename) => ({
  name,
  ...(file ? { filename: file } : {}),
  code: held(imports, awaited),
  errors: heldAt(work, imports, awaited),
});

ruleTester.run('no-await-while-checked-out (functions of other modules)', awaits, {
  valid: [
    {
      name: 'an async function that parses in memory and returns an array (named import, `.js` naming the .ts source)',
      filename,
      code: held(`import { statementTypes } from './sql-utils.js';`, 'await statementTypes(sql)'),
    },
    { name: 'an async arrow that returns a string', filename, code: held(`import { normalise } from './sql-utils';`, 'await normalise(sql)') },
    {
      name: 'an array of promises returned unawaited: `await` does not wait for them',
      filename,
      code: held(`import { startLookups } from './sql-utils';`, 'await startLookups([1, 2])'),
    },
    { name: 'a namespace import', filename, code: held(`import * as utils from './sql-utils';`, 'await utils.statementTypes(sql)') },
    {
      name: 'exported under another name (`export { renamedInside as splitStatements }`)',
      filename,
      code: held(`import { splitStatements as split } from './sql-utils';`, 'await split(sql)'),
    },
    {
      name: 'same file: a function that returns the mapped rows it was given',
      code: held('async function ids(rows: { id: number }[]) { return rows.map(row => row.id); }', 'await ids([])'),
    },
  ],
  invalid: [
    reported('an imported function that awaits `fetch`', `import { geocode } from './sql-utils';`, 'await geocode(address)', '`geocode()`'),
    reported('an imported function that returns a promise chain', `import { auditTrail } from './sql-utils';`, 'await auditTrail()', '`auditTrail()`'),
    reported("an imported function that returns pg-promise's `db.map` (a query on another connection)", `import { userIds } from './sql-utils';`, 'await userIds()', '`userIds()`'),
    reported('a module that is not on disk: nothing is known of the function', `import { statementTypes } from './missing';`, 'await statementTypes(sql)', '`statementTypes()`'),
    reported(
      'same file: a function that returns `Promise.all` of mapped work',
      'async function all(urls: string[]) { return Promise.all(urls.map(url => fetch(url))); }',
      'await all([])',
      '`all()`',
      undefined,
    ),
  ],
});

const heldCjs = (awaited: string): string => `"use strict";
const pg_1 = require("pg");
const sql_utils_1 = require("./sql-utils-cjs");
const pool = new pg_1.Pool();
async function save(sql, address) {
    const client = await pool.connect();
    try {
        const value = ${awaited};
        await client.query("INSERT INTO log VALUES ($1)", [value]);
    }
    finally {
        client.release();
    }
}
exports.save = save;
`;

jsRuleTester.run('no-await-while-checked-out (functions of other CommonJS modules)', awaits, {
  valid: [{ name: "TypeScript's compiled call `(0, m.f)(…)` of a function that only splits text", filename: cjsFilename, code: heldCjs('await (0, sql_utils_1.statementTypes)(sql)') }],
  invalid: [
    {
      name: 'the compiled call of a function that awaits `fetch`',
      filename: cjsFilename,
      code: heldCjs('await (0, sql_utils_1.geocode)(address)'),
      errors: [
        {
          messageId: 'heldAwait',
          line: 8,
          suggestions: [
            {
              messageId: 'moveBeforeAcquire',
              output: heldCjs('await (0, sql_utils_1.geocode)(address)').replace(
                '    const client = await pool.connect();\n    try {\n        const value = await (0, sql_utils_1.geocode)(address);\n',
                '    const value = await (0, sql_utils_1.geocode)(address);\n    const client = await pool.connect();\n    try {\n',
              ),
            },
          ],
        },
      ],
    },
  ],
});
