/**
 * no-double-release when a `break`/`continue` inside a `finally` replaces the completion that ran the
 * block (a `break`, a `return`, a throw): the loop goes on where that jump says, whatever the graph's
 * leaving copy of the block links to, and a release on the path before it meets the next turn's.
 */
import rule from '../../src/rules/no-double-release';
import { ruleTester } from '../rule-tester';

const pg = `import pg from 'pg';\nconst pool = new pg.Pool();\nconst log = (..._: unknown[]) => {};\nfunction finish(c) { c.release(); }\n`;

ruleTester.run('no-double-release: a jump in a `finally` replaces what ran it', rule, {
  valid: [
    {
      name: 'a `break` replaced by a `continue` in the `finally`, released once after the loop',
      code: `${pg}export async function f(xs: unknown[]) {
  const c = await pool.connect();
  for (const x of xs) {
    try {
      if (x) break;
    } finally {
      continue;
    }
  }
  c.release();
}`,
    },
    {
      name: 'an exception replaced by a `continue`, released by the `finally` around the loop',
      code: `${pg}export async function f(xs: string[]) {
  const c = await pool.connect();
  try {
    for (const x of xs) {
      try {
        await c.query(x);
      } finally {
        continue;
      }
    }
  } finally {
    c.release();
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'a labelled `break` after a release, replaced by a `continue` in the `finally`',
      code: `${pg}export async function f(input: number[]) {
  const c = await pool.connect();
  l0: for (let i = 0; i < input[0]; i++) {
    try {
      if (input[1]) {
        finish(c);
        break l0;
      }
      await c.query('SELECT 1');
    } finally {
      continue;
    }
  }
}`,
      errors: [{ messageId: 'releasedInLoop', line: 10 }],
    },
    {
      name: 'a `break` after a release, in a `try` whose `catch` rethrows, replaced by a `continue`',
      code: `${pg}export async function f(items: string[]) {
  const c = await pool.connect();
  for (const item of items) {
    try {
      await c.query(item);
      c.release();
      break;
    } catch (e) {
      throw e;
    } finally {
      continue;
    }
  }
}`,
      errors: [{ messageId: 'releasedInLoop', line: 10 }],
    },
    {
      name: 'a `return` after a release, replaced by a `continue` in the `finally`',
      code: `${pg}export async function f(xs: string[]) {
  const c = await pool.connect();
  for (const x of xs) {
    try {
      await c.query(x);
      c.release();
      return;
    } finally {
      log(x);
      continue;
    }
  }
}`,
      errors: [{ messageId: 'releasedInLoop', line: 10 }],
    },
  ],
});
