/**
 * no-leaked-connection through `finally` blocks, as JavaScript runs them: an exception that leaves a
 * `finally` it ran goes on to the `catch` around it (a path that leaves that `catch` holding the
 * handle leaks), and a `break`/`continue` walks each `finally` it leaves (a `return` there ends the
 * function with the handle held; a new checkout there overwrites the held one) before its target.
 */
import leaked from '../../src/rules/no-leaked-connection';
import { ruleTester } from '../rule-tester';

const pg = `import pg from 'pg';\nconst pool = new pg.Pool();\nconst log = () => {};\n`;

ruleTester.run('no-leaked-connection: completions through `finally`', leaked, {
  valid: [
    {
      name: 'an exception through a `finally` into a `catch` that releases',
      code: `${pg}export async function f() {
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
      name: 'a labelled `continue` through a `finally` that releases, the loop checking out again',
      code: `${pg}export async function f(xs) {
  outer: for (const x of xs) {
    const c = await pool.connect();
    for (;;) {
      try {
        if (x.pop()) continue outer;
        await c.query('SELECT 1');
      } finally {
        c.release();
      }
      break;
    }
  }
}`,
    },
    {
      name: 'a `break` through nested `try` blocks, the outer `finally` releasing',
      code: `${pg}export async function f(xs) {
  for (const x of xs) {
    const c = await pool.connect();
    try {
      try {
        if (x) break;
        await c.query('SELECT 1');
      } finally {
        log();
      }
    } finally {
      c.release();
    }
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'a failing query through a `finally` into a `catch` that goes on holding the handle',
      code: `${pg}export async function f() {
  const c = await pool.connect();
  try {
    try {
      await c.query('SELECT 1');
    } finally {
      log();
    }
    c.release();
  } catch (e) {
    log(e);
  }
}`,
      errors: [{ messageId: 'releasedOnlyOnSuccess', line: 5, suggestions: [{ messageId: 'wrapInFinally', output: `${pg}export async function f() {
  const c = await pool.connect();
  try {
    try {
      try {
        await c.query('SELECT 1');
      } finally {
        log();
      }
    } catch (e) {
      log(e);
    }
  } finally {
    c.release();
  }
}` }] }],
    },
    {
      name: 'a `break` out of a `for...of` through a `finally` that returns',
      code: `${pg}export async function f(xs) {
  const c = await pool.connect();
  for (const x of xs) {
    try {
      if (x) break;
    } finally {
      if (xs.length > 1) return null;
    }
  }
  c.release();
}`,
      errors: [{ messageId: 'earlyReturn', line: 5, suggestions: [{ messageId: 'wrapInFinally', output: `${pg}export async function f(xs) {
  const c = await pool.connect();
  try {
    for (const x of xs) {
      try {
        if (x) break;
      } finally {
        if (xs.length > 1) return null;
      }
    }
  } finally {
    c.release();
  }
}` }] }],
    },
    {
      name: 'a bare `break` in a `while` through a `finally` that returns',
      code: `${pg}export async function f(xs) {
  const c = await pool.connect();
  while (xs.length) {
    try {
      break;
    } finally {
      return null;
    }
  }
  c.release();
}`,
      errors: [{ messageId: 'earlyReturn', line: 5, suggestions: [{ messageId: 'wrapInFinally', output: `${pg}export async function f(xs) {
  const c = await pool.connect();
  try {
    while (xs.length) {
      try {
        break;
      } finally {
        return null;
      }
    }
  } finally {
    c.release();
  }
}` }] }],
    },
    {
      name: 'a `continue` through a `finally` that checks out again into the held handle',
      code: `${pg}export async function f(xs) {
  let c = await pool.connect();
  try {
    for (const x of xs) {
      try {
        if (x) continue;
        await c.query('SELECT 1');
      } finally {
        c = await pool.connect();
      }
      await c.query('SELECT 1');
    }
  } finally {
    c.release();
  }
}`,
      // The checkout in the `finally` is held when the next `continue` runs the block again.
      errors: [
        { messageId: 'overwritten', line: 5 },
        { messageId: 'loop', line: 12 },
      ],
    },
    {
      name: '`return c` through a `finally` that checks out into `c` again, releases that one and returns otherwise',
      code: `${pg}export async function f(x) {
  let c;
  try {
    c = await pool.connect();
    return c;
  } finally {
    c = await pool.connect();
    c.release();
    if (x) return null;
  }
}`,
      errors: [{ messageId: 'earlyReturn', line: 7 }],
    },
  ],
});
