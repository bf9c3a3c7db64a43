/**
 * no-double-release through `finally` blocks, as JavaScript runs them: an exception that leaves a
 * `finally` it ran goes on to the `catch` around it (a release there after one in the `finally` is
 * a second one), and a `break`/`continue` runs the events of each `finally` it leaves (a release
 * there after an earlier one, two releases there, each is a second release).
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageId } from '../../src/rules/no-double-release';
import { ruleTester } from '../rule-tester';

const pg = `import pg from 'pg';\nconst pool = new pg.Pool();\nconst log = () => {};\n`;
// pg's client: the pool does not check a second release.
const UNSAFE = 'the driver does not guard it and may hand the same connection to two callers';

/** The code with one (1-based) line removed: what removeRelease leaves. */
function withoutLine(code: string, line: number): string {
  const lines = code.split('\n');
  lines.splice(line - 1, 1);
  return lines.join('\n');
}

/** One report at `line` naming the first release at `first`. */
function twice(name: string, code: string, line: number, first: number): InvalidTestCase<MessageId, []> {
  return {
    name,
    code,
    errors: [{ messageId: 'doubleRelease', line, data: { handle: 'c', line: String(first), consequence: UNSAFE }, suggestions: [{ messageId: 'removeRelease', output: withoutLine(code, line) }] }],
  };
}

ruleTester.run('no-double-release: completions through `finally`', rule, {
  valid: [
    {
      name: 'an exception through a `finally` that does not release, into a `catch` that does',
      code: `${pg}export async function f(x) {
  const c = await pool.connect();
  try {
    try {
      await c.query('SELECT 1');
    } finally {
      log();
    }
    c.release();
  } catch (e) {
    c.release();
  }
}`,
    },
    {
      name: 'a labelled `break` through a `finally` that releases, nothing released before',
      code: `${pg}export async function f(xs) {
  const c = await pool.connect();
  outer: for (const x of xs) {
    for (const y of x) {
      try {
        if (y) break outer;
      } finally {
        c.release();
      }
      return;
    }
  }
}`,
    },
    {
      name: 'released and flagged before a `break` through a `finally` whose release the flag guards',
      code: `${pg}export async function f(xs) {
  const c = await pool.connect();
  let released = false;
  for (const x of xs) {
    try {
      if (x) { c.release(); released = true; break; }
    } finally {
      if (!released) c.release();
    }
    return;
  }
}`,
    },
  ],
  invalid: [
    // This turn's second release and the next turn's first pair both ways: one report, not two.
    twice(
      'two releases in a `finally` a `continue` runs, in a loop: reported once',
      `${pg}export async function f(items, x) {
  const c = await pool.connect();
  for (const i of items) {
    try {
      if (x) continue;
      await c.query('SELECT $1', [i]);
    } finally {
      c.release();
      c.release();
    }
  }
}`,
      12,
      11,
    ),
    twice(
      'a `throw` through a `finally` that releases, into a `catch` that releases',
      `${pg}export async function f(x) {
  const c = await pool.connect();
  try {
    try {
      if (x) throw new Error('stop');
    } finally {
      c.release();
    }
  } catch (e) {
    c.release();
  }
}`,
      13,
      10,
    ),
    twice(
      'a failing query through two nested `finally` blocks into the `catch` around both',
      `${pg}export async function f(x) {
  const c = await pool.connect();
  try {
    try {
      try {
        await c.query('SELECT 1');
      } finally {
        log();
      }
    } finally {
      c.release();
    }
  } catch (e) {
    c.release();
  }
}`,
      17,
      14,
    ),
    twice(
      'released before a labelled `break` through a `finally` that releases',
      `${pg}export async function f(xs) {
  const c = await pool.connect();
  outer: while (xs.length) {
    c.release();
    try {
      break outer;
    } finally {
      c.release();
    }
  }
}`,
      11,
      7,
    ),
    twice(
      'a `continue` in a `for` through a `finally` that releases twice',
      `${pg}export async function f(xs) {
  const c = await pool.connect();
  for (let i = 0; i < xs.length; i++) {
    try {
      continue;
    } finally {
      c.release();
      c.release();
    }
  }
}`,
      11,
      10,
    ),
    twice(
      'a `break` out of a `for...of` through nested `try` blocks: the inner `finally` releases, then the outer one',
      `${pg}export async function f(xs) {
  const c = await pool.connect();
  for (const x of xs) {
    try {
      try {
        if (x) break;
      } finally {
        c.release();
      }
      return;
    } finally {
      c.release();
    }
  }
}`,
      15,
      11,
    ),
  ],
});
