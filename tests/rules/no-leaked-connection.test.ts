import rule from '../../src/rules/no-leaked-connection';
import { ruleTester } from '../rule-tester';

const pg = `import { Pool } from 'pg';\nconst pool = new Pool();\n`;

ruleTester.run('no-leaked-connection', rule, {
  valid: [
    {
      name: 'pg: release in finally',
      code: `${pg}export async function f() {\n  const client = await pool.connect();\n  try {\n    await client.query('SELECT 1');\n  } finally {\n    client.release();\n  }\n}`,
    },
  ],
  invalid: [
    {
      name: 'pg: released only on success',
      code: `${pg}export async function f() {\n  const client = await pool.connect();\n  await client.query('SELECT 1');\n  client.release();\n}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 4,
          data: { handle: 'client', call: '`client.query()`', line: '5' },
          suggestions: [
            {
              messageId: 'wrapInFinally',
              data: { handle: 'client' },
              output: `${pg}export async function f() {\n  const client = await pool.connect();\n  try {\n    await client.query('SELECT 1');\n  } finally {\n    client.release();\n  }\n}`,
            },
          ],
        },
      ],
    },
  ],
});
