/**
 * no-leaked-connection and no-double-release: a flag the function sets only to literals is read with
 * its value on the path at every branch that tests it, not only at a release it guards: the arm its
 * value rules out is not taken (`if (!released) c?.release()` while `released` is still false always
 * releases, even when the flag records something else). Its value where the handle is checked out is
 * read on the paths from the function's start: set under a branch on something else, on an earlier
 * turn of a loop, or before an exception that enters the `catch` holding the checkout, it is known per
 * path. And `await Promise.resolve(x)` of a value that is no thenable cannot reject.
 */
import doubleRelease from '../../src/rules/no-double-release';
import leaked from '../../src/rules/no-leaked-connection';
import { ruleTester } from '../rule-tester';

const pg = `import pg from 'pg';\nconst pool = new pg.Pool();\nconst log = () => {};\n`;
const UNSAFE = 'the driver does not guard it and may hand the same connection to two callers';

/** The code with one (1-based) line removed: what removeRelease leaves. */
function withoutLine(code: string, line: number): string {
  const lines = code.split('\n');
  lines.splice(line - 1, 1);
  return lines.join('\n');
}

const checkHelper = `async function check(c) {\n  await c.query('SELECT 1');\n}\n`;
const doubleAfterBranch = `${pg}export async function f(mode) {
  const c = await pool.connect();
  let released = false;
  if (mode) {
    c.release();
    released = true;
  }
  if (!released) log('still held');
  c.release();
}`;
const doubleByCheckoutValue = `${pg}export async function f(mode) {
  let released = true;
  if (mode) released = false;
  const c = await pool.connect();
  c.release();
  if (!released) c.release();
}`;

ruleTester.run('no-leaked-connection: branches on a flag read on the path', leaked, {
  valid: [
    {
      name: 'a release under `if (!released)` while the flag is still false, the flag set later by a branch that releases nothing',
      code: `${pg}export async function f(mode) {
  const c = await pool.connect();
  let released = false;
  if (!released) c?.release();
  if (mode) return null;
  if (!released) {
    released = true;
  }
}`,
    },
    {
      name: 'two branches on the same flag, one releasing on each value',
      code: `${pg}export async function f(mode) {
  let ok = false;
  const c = await pool.connect();
  if (mode) ok = true;
  if (ok) c.release();
  if (!ok) c.release();
}`,
    },
    {
      name: 'a conditional expression on a flag that is false: its release arm runs',
      code: `${pg}export async function f() {
  const c = await pool.connect();
  let kept = false;
  kept ? log('kept') : c.release();
}`,
    },
    {
      name: '`done || c.release()` with `done` false: the release runs',
      code: `${pg}export async function f() {
  const c = await pool.connect();
  let done = false;
  done || c.release();
}`,
    },
    {
      name: 'a flag set in a `finally` inside another `finally`: a `return` through both still runs the release after it',
      code: `${pg}export async function f(mode) {
  const c = await pool.connect();
  let released = false;
  try {
    try {
      if (mode) return null;
    } finally {
      released = true;
      c.release();
    }
  } finally {
    log('x');
  }
}`,
    },
    {
      name: 'a release flag set in the `finally` that releases, tested earlier where it is still false',
      code: `${pg}export async function f(mode) {
  const c = await pool.connect();
  let released = false;
  try {
    if (mode) throw new Error('stop');
    if (!released) c?.release();
  } catch (e) {
    if (c) c.release();
  } finally {
    released = true;
    log('done');
  }
}`,
    },
    {
      name: '`await Promise.resolve(x)` of what a plain helper returns cannot reject: its `catch` is never entered holding the handle',
      code: `${pg}function label() {
  return 'report';
}
export async function f() {
  const c = await pool.connect();
  try {
    await Promise.resolve(label());
  } catch (e) {
    return null;
  }
  c.release();
}`,
    },
    {
      name: '`await Promise.resolve(finishIf(c, on))`: a helper that may release and returns nothing cannot make the await reject',
      code: `${pg}function finishIf(c, on) {
  if (on) c.release();
}
export async function f(on) {
  const c = await pool.connect();
  let released = false;
  try {
    await Promise.resolve(finishIf(c, on));
  } catch (e) {
    return null;
  } finally {
    if (!released) {
      released = true;
      c?.release();
    }
  }
}`,
    },
    {
      name: '`await Promise.resolve()` and of a constant cannot reject either',
      code: `${pg}const LIMIT = 10;
export async function f(on) {
  const c = await pool.connect();
  try {
    await Promise.resolve();
    await Promise.resolve(LIMIT + 1);
  } catch (e) {
    return;
  }
  c.release();
}`,
    },
  ],
  invalid: [
    {
      name: 'a flag that guards the release, set on an earlier turn of the loop: the next checkout is not released',
      code: `${pg}export async function f(jobs) {
  let released = false;
  for (const job of jobs) {
    const c = await pool.connect();
    try {
      await c.query(job);
    } finally {
      if (!released) {
        released = true;
        c.release();
      }
    }
  }
}`,
      errors: [{ messageId: 'loop' }],
    },
    {
      name: 'the flag set before an exception that runs the `catch` holding the checkout: the guarded release is skipped',
      code: `${pg}export async function f(task) {
  let released = false;
  let c;
  try {
    released = true;
    await task();
  } catch (e) {
    c = await pool.connect();
    await c.query('INSERT INTO errors VALUES (1)');
  } finally {
    if (!released) {
      released = true;
      c?.release();
    }
  }
}`,
      errors: [{ messageId: 'endWithoutRelease', line: 11 }],
    },
    {
      name: 'the flag set under a branch on something else before the checkout',
      code: `${pg}export async function f(mode) {
  let released = false;
  if (mode) released = true;
  const c = await pool.connect();
  try {
    await c.query('SELECT 1');
  } finally {
    if (!released) c.release();
  }
}`,
      errors: [{ messageId: 'conditionalRelease' }],
    },
    {
      name: 'a branch on a flag set on some paths still skips the release on those paths',
      code: `${pg}export async function f(mode) {
  let skip = false;
  const c = await pool.connect();
  if (mode) skip = true;
  if (!skip) c.release();
}`,
      errors: [
        {
          messageId: 'endWithoutRelease',
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `${pg}export async function f(mode) {
  let skip = false;
  const c = await pool.connect();
  try {
    if (mode) skip = true;
    if (!skip) {}
  } finally {
    c.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: '`await Promise.resolve(p)` of a promise may reject: the handle is held on that way out',
      code: `${pg}${checkHelper}export async function f() {
  const c = await pool.connect();
  await Promise.resolve(check(c));
  c.release();
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `${pg}${checkHelper}export async function f() {
  const c = await pool.connect();
  try {
    await Promise.resolve(check(c));
  } finally {
    c.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: '`await Promise.resolve(x)` of a parameter (maybe a promise) may reject',
      code: `${pg}export async function f(pending) {
  const c = await pool.connect();
  await Promise.resolve(pending);
  c.release();
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: `${pg}export async function f(pending) {
  const c = await pool.connect();
  try {
    await Promise.resolve(pending);
  } finally {
    c.release();
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-double-release: branches on a flag read on the path', doubleRelease, {
  valid: [
    {
      name: '`if (released) return;` after a release that sets the flag: the release after it runs only where the flag is false',
      code: `${pg}export async function f(mode) {
  const c = await pool.connect();
  let released = false;
  if (mode) {
    c.release();
    released = true;
  }
  if (released) return;
  c.release();
}`,
    },
    {
      name: 'releases on the two values of one flag',
      code: `${pg}export async function f(mode) {
  let ok = false;
  const c = await pool.connect();
  if (mode) ok = true;
  if (ok) c.release();
  if (!ok) c.release();
}`,
    },
  ],
  invalid: [
    {
      name: 'a branch on the flag that does not stop the second release',
      code: doubleAfterBranch,
      errors: [
        {
          messageId: 'doubleRelease',
          line: 12,
          data: { handle: 'c', line: '8', consequence: UNSAFE },
          suggestions: [{ messageId: 'removeRelease', output: withoutLine(doubleAfterBranch, 12) }],
        },
      ],
    },
    {
      name: 'the flag false at the checkout on some paths: the release it guards runs after the first',
      code: doubleByCheckoutValue,
      errors: [
        {
          messageId: 'doubleRelease',
          line: 9,
          data: { handle: 'c', line: '8', consequence: UNSAFE },
          suggestions: [{ messageId: 'removeRelease', output: doubleByCheckoutValue.replace('if (!released) c.release();', 'if (!released) {}') }],
        },
      ],
    },
  ],
});
