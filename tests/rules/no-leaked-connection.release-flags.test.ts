/**
 * no-leaked-connection (and no-double-release): a release behind a release flag (`if (!released)
 * c.release()`, `!released && c.release()`) is read with the flag's value on the path. Where the path
 * set the flag (for an earlier handle, before a new checkout, before a query that throws), the
 * guarded release does not run and the handle still leaks; where the flag is unset, it runs. The
 * value at the checkout comes from a write that runs on every way there (a statement of a block
 * around it, of a `finally` before it, or `if (!released) { released = true; }`); otherwise it is
 * unknown and the guarded release is trusted.
 */
import doubleRelease from '../../src/rules/no-double-release';
import leaked from '../../src/rules/no-leaked-connection';
import { ruleTester } from '../rule-tester';

const pg = `import pg from 'pg';\nconst pool = new pg.Pool();\n`;

ruleTester.run('no-leaked-connection: a release flag read on the path', leaked, {
  valid: [
    {
      name: 'released, then the flag set; the `finally` releases only when the flag is unset',
      code: `${pg}export async function f(mode) {
  const client = await pool.connect();
  let released = false;
  try {
    await client.query('SELECT 1');
    client.release();
    released = true;
  } finally {
    if (!released) client.release();
  }
}`,
    },
    {
      name: '`!released && client.release()` in `finally` after a `catch` that releases and sets the flag',
      code: `${pg}export async function f(mode) {
  const client = await pool.connect();
  let released = false;
  try {
    await client.query('SELECT 1');
  } catch (e) {
    released = true;
    client.release();
    throw e;
  } finally {
    !released && client.release();
  }
}`,
    },
    {
      name: 'a flag kept outside a loop, reset before each checkout',
      code: `${pg}export async function f(jobs) {
  let released = false;
  for (const job of jobs) {
    released = false;
    const client = await pool.connect();
    try {
      await client.query(job);
      released = true;
      client.release();
    } finally {
      if (!released) client.release();
    }
  }
}`,
    },
    {
      name: 'a flag declared inside the loop, after the checkout',
      code: `${pg}export async function f(jobs) {
  for (const job of jobs) {
    let released = false;
    const client = await pool.connect();
    try {
      await client.query(job);
      client.release();
      released = true;
    } finally {
      if (!released) client.release();
    }
  }
}`,
    },
    {
      name: 'the flag kept on an object (`state.done`): the guarded release is trusted',
      code: `${pg}export async function f(mode) {
  const state = { done: false };
  const client = await pool.connect();
  try {
    state.done = true;
    await client.query('SELECT 1');
    client.release();
  } finally {
    if (!state.done) { state.done = true; client.release(); }
  }
}`,
    },
    {
      name: 'the flag set for the first handle, reset before the second checkout',
      code: `${pg}export async function f(mode) {
  let c = await pool.connect();
  let released = false;
  try { await c.query('SELECT 1'); } finally { released = true; c.release(); }
  released = false;
  c = await pool.connect();
  try { await c.query('SELECT 2'); } finally { if (!released) { released = true; c.release(); } }
}`,
    },
    {
      name: '`if (released) { released = false; }` before the second checkout resets the flag either way',
      code: `${pg}export async function f(mode) {
  let c = await pool.connect();
  let released = false;
  try { await c.query('SELECT 1'); } finally { if (!released) { released = true; c.release(); } }
  if (released) {
    released = false;
  }
  c = await pool.connect();
  try { await c.query('SELECT 2'); } finally { if (!released) { released = true; c.release(); } }
}`,
    },
    {
      name: 'a callback-form checkout whose callback guards `done()` by a flag declared inside it',
      code: `${pg}export function f(cb) {
  pool.connect((err, client, done) => {
    if (err) return cb(err);
    let released = false;
    client.query('SELECT 1', (qerr) => {
      if (!released) { released = true; done(); }
      cb(qerr);
    });
  });
}`,
    },
    {
      name: 'a loop that releases and sets the flag before `break`; the `finally` releases otherwise',
      code: `${pg}export async function f(items) {
  const client = await pool.connect();
  let released = false;
  try {
    for (const item of items) {
      if (item.last) {
        released = true;
        client.release();
        break;
      }
      await client.query('SELECT 1');
    }
  } finally {
    if (!released) {
      released = true;
      client.release();
    }
  }
}`,
    },
    {
      name: 'a flag also set by a listener (a write in another function): its value at the checkout is unknown, the release is trusted',
      code: `${pg}export async function f(mode) {
  const client = await pool.connect();
  let released = false;
  client.on('error', () => {
    released = true;
  });
  try {
    await client.query('SELECT 1');
  } finally {
    if (!released) {
      released = true;
      client.release();
    }
  }
}`,
    },
    {
      name: 'the flag set with the release in a nested `finally`: an exception through both runs the release first',
      code: `${pg}export async function f(mode) {
  const client = await pool.connect();
  let released = false;
  try {
    try {
      await client.query('SELECT 1');
    } finally {
      released = true;
      client?.release();
    }
    await mode();
  } finally {
    if (!released) client?.release();
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'a flag set for the first checkout of a `let` handle: the guarded release of the second does not run',
      code: `${pg}export async function f(mode) {
  let c;
  let released = false;
  c = await pool.connect();
  try { await c.query('SELECT 1'); } finally { released = true; c.release(); }
  c = await pool.connect();
  try { await c.query('SELECT 2'); } finally { if (!released) c.release(); }
}`,
      errors: [{ messageId: 'endWithoutRelease', line: 8 }],
    },
    {
      name: 'the flag set in the `finally` of an earlier `try`, then a new checkout',
      code: `${pg}export async function f(mode) {
  let c;
  let released = false;
  try {
    c = await pool.connect();
    await c.query('SELECT 1');
  } finally {
    released = true;
    c?.release();
  }
  c = await pool.connect();
  try {
    await c.query('SELECT 2');
  } finally {
    if (!released) {
      released = true;
      c.release();
    }
  }
}`,
      errors: [{ messageId: 'endWithoutRelease', line: 13 }],
    },
    {
      name: 'the flag set before a checkout in a `catch`; the release after is behind the flag (oracle seed 14, reduced)',
      code: `${pg}export async function f(mode) {
  let c;
  let released = false;
  released = true;
  try {
    await mode();
  } catch (e) {
    c = await pool.connect();
  }
  if (!released) {
    c?.release();
  }
}`,
      errors: [{ messageId: 'endWithoutRelease', line: 10 }],
    },
    {
      name: "the flag set by the first handle's own guarded release in a `finally`; the second handle is behind the same flag",
      code: `${pg}export async function f(mode) {
  let c = await pool.connect();
  let released = false;
  try { await c.query('SELECT 1'); } finally { if (!released) { released = true; c.release(); } }
  c = await pool.connect();
  try { await c.query('SELECT 2'); } finally { if (!released) { released = true; c.release(); } }
}`,
      errors: [{ messageId: 'endWithoutRelease', line: 7 }],
    },
    {
      name: '`if (!released) { released = true; }` before the checkout sets the flag either way',
      code: `${pg}export async function f(mode) {
  let c;
  let released = false;
  if (!released) {
    released = true;
  }
  c = await pool.connect();
  try {
    await c.query('SELECT 1');
  } finally {
    if (!released) {
      released = true;
      c.release();
    }
  }
}`,
      errors: [{ messageId: 'endWithoutRelease', line: 9 }],
    },
    {
      name: '`!done && c.release()` after `done = true` for the first handle',
      code: `${pg}export async function f(mode) {
  let c = await pool.connect();
  let done = false;
  try { await c.query('SELECT 1'); } finally { done = true; c.release(); }
  c = await pool.connect();
  try {
    await c.query('SELECT 2');
  } finally {
    !done && c.release();
  }
}`,
      errors: [{ messageId: 'endWithoutRelease', line: 7 }],
    },
    {
      name: 'the flag set before a query that may throw: the `finally` skips the release',
      code: `${pg}export async function f(mode) {
  const client = await pool.connect();
  let released = false;
  try {
    released = true;
    await client.query('COMMIT');
    client.release();
  } finally {
    if (!released) client.release();
  }
}`,
      errors: [
        {
          messageId: 'releasedOnlyOnSuccess',
          line: 4,
          suggestions: [{ messageId: 'wrapInFinally', output: `${pg}export async function f(mode) {
  const client = await pool.connect();
  try {
    let released = false;
    try {
      released = true;
      await client.query('COMMIT');
    } finally {
    }
  } finally {
    client.release();
  }
}` }],
        },
      ],
    },
    {
      name: 'the flag set on one branch without a release: that branch leaks through the `finally`',
      code: `${pg}export async function f(mode) {
  const client = await pool.connect();
  let released = false;
  try {
    if (mode) {
      released = true;
    }
    await client.query('SELECT 1');
  } finally {
    if (!released) {
      released = true;
      client.release();
    }
  }
}`,
      errors: [{ messageId: 'endWithoutRelease', line: 4 }],
    },
  ],
});

ruleTester.run('no-double-release: a release flag read from the checkout', doubleRelease, {
  valid: [
    {
      name: '`!released && client.release()` in `finally` after a `catch` that released and set the flag',
      code: `${pg}export async function f(mode) {
  const client = await pool.connect();
  let released = false;
  try {
    await client.query('SELECT 1');
  } catch (e) {
    released = true;
    client.release();
    throw e;
  } finally {
    !released && client.release();
  }
}`,
    },
    {
      name: 'the flag set before the checkout: the guarded release in the loop never runs',
      code: `${pg}export async function f(rows) {
  let released = false;
  released = true;
  const c = await pool.connect();
  for (const row of rows) {
    if (!released) c.release();
  }
  c.release();
}`,
    },
  ],
  invalid: [],
});
