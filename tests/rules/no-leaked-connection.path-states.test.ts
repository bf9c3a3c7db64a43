/**
 * no-leaked-connection and no-double-release: what a path carries besides "held or not".
 * - A path that leaves (a `return`, an exception) runs the leaving copy of a `finally`; a `try`
 *   inside that `finally` is entered and ends like any other: through the normal copy of its own
 *   `finally`, not through the leaving one (which only a return or a throw inside that `try` takes).
 */
import doubleRelease from '../../src/rules/no-double-release';
import leaked from '../../src/rules/no-leaked-connection';
import { ruleTester } from '../rule-tester';

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
    {
      message: `\`client\` is already released at line ${first} on this path: the driver does not guard it and may hand the same connection to two callers.`,
      line,
      suggestions: [{ messageId: 'removeRelease' as const, output }],
    },
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
      errors: [{ message: '`client` is released in `finally` only under the condition at line 10; on other paths the connection stays in use.', line: 4 }],
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
  ],
});
