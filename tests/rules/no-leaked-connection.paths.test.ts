/**
 * no-leaked-connection and no-double-release: the general rules of paths, each in several shapes.
 * A `break`/`continue` runs the `finally` blocks it leaves; a release counts wherever its call is
 * evaluated; a guard that is false only when there is nothing to release keeps it unconditional;
 * ownership moves on the paths that reach the hand-off, not on the others.
 */
import doubleRelease from '../../src/rules/no-double-release';
import leaked from '../../src/rules/no-leaked-connection';
import { ruleTester } from '../rule-tester';

const pg = `import pg from 'pg';\nconst pool = new pg.Pool();\n`;
const fn = (body: string, params = ''): string => `${pg}export async function f(${params}) {\n${body}\n}`;

/** A checkout in a loop whose `try` is left by `jump` (inside `wrap`) and released in `finally`. */
const loopJump = (jump: string, wrap = (s: string) => s, loop = 'for (const id of ids)'): string =>
  fn(
    `  ${loop} {
    const client = await pool.connect();
    try {
      const r = await client.query('SELECT $1', [id]);
      ${wrap(`if (r.rowCount === 0) ${jump};`)}
      await client.query('SELECT 2');
    } finally {
      client.release();
    }
  }`,
    'ids: string[]',
  );

ruleTester.run('no-leaked-connection: paths', leaked, {
  valid: [
    { name: 'continue through a releasing finally', code: loopJump('continue') },
    { name: 'break through a releasing finally', code: loopJump('break') },
    { name: 'break inside a switch inside the try', code: loopJump('break', s => `switch (id) { case 'a': ${s} }`) },
    { name: 'continue from a nested block', code: loopJump('continue', s => `{ if (id) { ${s} } }`) },
    { name: 'while loop with continue', code: loopJump('continue', s => s, 'for (let i = 0, id = ids[0]; i < ids.length; id = ids[++i])') },
    {
      name: 'labelled continue of an outer loop through the finally',
      code: fn(
        `  outer: for (const row of rows) {
    const client = await pool.connect();
    try {
      for (const id of row) {
        const r = await client.query('SELECT $1', [id]);
        if (!r) continue outer;
      }
    } finally {
      client.release();
    }
  }`,
        'rows: string[][]',
      ),
    },
    {
      name: 'labelled break out of two loops through the finally',
      code: fn(
        `  outer: while (true) {
    const client = await pool.connect();
    try {
      for (;;) {
        if (await client.query('SELECT 1')) break outer;
      }
    } finally {
      client.release();
    }
  }`,
      ),
    },
    { name: 'return of the release in finally', code: fn(`  const client = await pool.connect();\n  try {\n    await client.query('SELECT 1');\n  } finally {\n    return client.release();\n  }`) },
    { name: 'void release in finally', code: fn(`  const client = await pool.connect();\n  try {\n    await client.query('SELECT 1');\n  } finally {\n    void client.release();\n  }`) },
    {
      name: 'release wrapped in Promise.resolve in finally',
      code: fn(`  const client = await pool.connect();\n  try {\n    await client.query('SELECT 1');\n  } finally {\n    await Promise.resolve(client.release());\n  }`),
    },
    {
      name: 'release result assigned in finally',
      code: fn(`  const client = await pool.connect();\n  let done;\n  try {\n    await client.query('SELECT 1');\n  } finally {\n    done = client.release();\n  }\n  return done;`),
    },
    {
      name: 'guarded release inside a try that catches a failing release',
      code: fn(`  let conn;
  try {
    conn = await pool.connect();
    await conn.query('SELECT 1');
  } finally {
    if (conn) {
      try {
        conn.release();
      } catch (e) {
        log(e);
      }
    }
  }`, 'log: (e: unknown) => void'),
    },
    {
      name: 'guarded release after a log line in the guard block',
      code: fn(`  let conn;
  try {
    conn = await pool.connect();
    await conn.query('SELECT 1');
  } finally {
    if (conn) {
      log('closing');
      conn.release();
    }
  }`, 'log: (e: unknown) => void'),
    },
    {
      name: 'a release flag kept on an object guards the release in finally',
      code: fn(`  const client = await pool.connect();
  const state = { done: false };
  client.on('error', () => {
    if (!state.done) {
      state.done = true;
      client.release();
    }
  });
  try {
    await client.query('SELECT 1');
  } finally {
    if (!state.done) {
      state.done = true;
      client.release();
    }
  }`),
    },
    {
      name: 'release in a callback handed to a call in finally',
      code: fn(`  const client = await pool.connect();
  const cursor = client.query(new Cursor('SELECT 1'));
  try {
    await read(cursor);
  } finally {
    cursor.close(() => client.release());
  }`, 'Cursor: any, read: (c: unknown) => Promise<void>'),
    },
    {
      name: 'ownership moves on the path that returns: the failing path releases in catch',
      code: fn(`  const client = await pool.connect();
  try {
    await client.query('LISTEN x');
  } catch (error) {
    client.release();
    throw error;
  }
  return client;`),
    },
    {
      name: 'a test of the handle is not a release: released once on each path',
      code: fn(`  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } catch (err) {
    if ((client as any).someFlag) {
      client.release();
      throw err;
    }
  }
  client.release();`),
    },
  ],
  invalid: [
    {
      name: 'ownership moves on one path only: a failing LISTEN leaks the returned client',
      code: fn(`  const client = await pool.connect();\n  await client.query('LISTEN x');\n  return client;`),
      errors: [{ messageId: 'handedOnOnlyOnSuccess', line: 4 }],
    },
    {
      name: 'ownership moves on one path only: stored after a failing setup',
      code: `${pg}export class Listener {\n  client: unknown;\n  async start() {\n    const client = await pool.connect();\n    await client.query('LISTEN x');\n    this.client = client;\n  }\n}`,
      errors: [{ messageId: 'handedOnOnlyOnSuccess', line: 6 }],
    },
    {
      name: 'break skips a release that is not in a finally',
      code: fn(`  for (const id of ids) {
    const client = await pool.connect();
    const r = await client.query('SELECT $1', [id]).catch(() => null);
    if (!r) break;
    client.release();
  }`, 'ids: string[]'),
      errors: [{ messageId: 'endWithoutRelease', line: 5 }],
    },
    {
      name: 'a jump through a finally that releases only under an unrelated condition',
      code: loopJump('continue').replace('client.release();', 'if (ids.length > 1) client.release();'),
      // The jumping path keeps the connection into the next turn, where it is checked out again.
      errors: [{ messageId: 'loop', line: 5 }],
    },
    {
      name: 'a release under an unrelated condition stays conditional even when voided',
      code: fn(`  const client = await pool.connect();\n  try {\n    await client.query('SELECT 1');\n  } finally {\n    if (ok) void client.release();\n  }`, 'ok: boolean'),
      errors: [{ messageId: 'conditionalRelease', line: 4 }],
    },
  ],
});

ruleTester.run('no-double-release: paths', doubleRelease, {
  valid: [
    {
      name: 'a test of the handle is not a release',
      code: fn(`  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } catch (err) {
    if ((client as any).someFlag) {
      client.release();
      throw err;
    }
  }
  client.release();`),
    },
    {
      name: 'a release flag on an object, set next to both releases',
      code: fn(`  const client = await pool.connect();
  const state = { done: false };
  try {
    await client.query('SELECT 1');
    if (!state.done) { state.done = true; client.release(); }
  } finally {
    if (!state.done) { state.done = true; client.release(); }
  }`),
    },
    {
      name: 'a retry loop whose flag ends it after the release',
      code: fn(`  const client = await pool.connect();
  let again = true;
  while (again) {
    await client.query('SELECT 1');
    client.release();
    again = false;
  }`),
    },
    {
      name: 'a checkout per turn of the loop, released per turn',
      code: fn(`  for (const id of ids) {\n    const client = await pool.connect();\n    await client.query('SELECT $1', [id]);\n    client.release();\n  }`, 'ids: string[]'),
    },
  ],
  invalid: [
    {
      name: 'a release in a loop body releases again from the second turn',
      code: fn(`  const client = await pool.connect();\n  await client.query('SELECT 1');\n  for (const id of ids) client.release();`, 'ids: string[]'),
      errors: [{ messageId: 'releasedInLoop', line: 6 }],
    },
    {
      name: 'a release in a while loop',
      code: fn(`  const client = await pool.connect();\n  let i = 0;\n  while (i++ < n) {\n    await client.query('SELECT 1');\n    client.release();\n  }`, 'n: number'),
      errors: [{ messageId: 'releasedInLoop', line: 8 }],
    },
    {
      name: 'a release after a finally that already released',
      code: fn(`  const client = await pool.connect();\n  try {\n    await client.query('SELECT 1');\n  } finally {\n    void client.release();\n  }\n  client.release();`),
      errors: [
        {
          messageId: 'doubleRelease',
          line: 10,
          suggestions: [
            {
              messageId: 'removeRelease',
              output: fn(`  const client = await pool.connect();\n  try {\n    await client.query('SELECT 1');\n  } finally {\n    void client.release();\n  }`),
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-double-release: attempts whose failure is dropped', doubleRelease, {
  valid: [
    {
      name: 'a rollback already done, tried again in a catch that drops its failure',
      code: fn(`  const trx = await pool.connect();
  try {
    const r = await trx.query('SELECT 1');
    if (!r) {
      trx.release();
      throw new Error('none');
    }
    trx.release();
  } catch (error) {
    try {
      trx.release();
    } catch {}
    throw error;
  }`),
    },
  ],
  invalid: [
    {
      name: 'a second release in a catch that rethrows its failure',
      code: fn(`  const trx = await pool.connect();
  try {
    trx.release();
    await log();
  } catch (error) {
    try {
      trx.release();
    } catch (e) {
      throw e;
    }
  }`, 'log: () => Promise<void>'),
      errors: [
        {
          messageId: 'doubleRelease',
          line: 10,
          suggestions: [
            {
              messageId: 'removeRelease',
              output: fn(`  const trx = await pool.connect();
  try {
    trx.release();
    await log();
  } catch (error) {
    try {
    } catch (e) {
      throw e;
    }
  }`, 'log: () => Promise<void>'),
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-leaked-connection: a checkout whose value is ignored', leaked, {
  valid: [
    {
      name: 'a pool known only by its name, connected as an initialiser',
      code: `export function init(pool: any) {\n  return pool.connect().then(function () {\n    return pool;\n  });\n}`,
    },
  ],
  invalid: [
    {
      name: 'a known driver: the client resolved by connect() is lost',
      code: `${pg}export function f() {\n  return pool.connect().then(() => 1);\n}`,
      errors: [{ messageId: 'discarded', line: 4 }],
    },
  ],
});

ruleTester.run('no-double-release: releases handed to callbacks and chain links', doubleRelease, {
  valid: [
    {
      name: 'a release in a listener and one in the chain: listeners may never run',
      code: fn(`  const client = await pool.connect();\n  client.on('end', () => client.release());\n  await client.query('SELECT 1').finally(() => client.release());`),
    },
    {
      name: 'a release on the rejection path and one on success',
      code: `${pg}export function f() {\n  return pool.connect().then(client =>\n    client.query('SELECT 1').then(\n      () => client.release(),\n      () => client.release(),\n    ),\n  );\n}`,
    },
  ],
  invalid: [
    {
      name: 'two links of one chain both release',
      code: `${pg}export function f() {\n  return pool.connect().then(client =>\n    client\n      .query('SELECT 1')\n      .finally(() => client.release())\n      .then(() => client.release()),\n  );\n}`,
      errors: [{ messageId: 'doubleRelease', line: 8, data: { handle: 'client', line: '7', consequence: 'the driver does not guard it and may hand the same connection to two callers' } }],
    },
    {
      name: "the handle's own callback releases and the function releases too",
      code: `${pg}export function f(cb: () => void) {\n  pool.connect((err, client, done) => {\n    if (err) return cb();\n    client.query('SELECT 1', () => done());\n    client.release();\n  });\n}`,
      errors: [
        {
          messageId: 'doubleRelease',
          line: 7,
          suggestions: [
            {
              messageId: 'removeRelease',
              output: `${pg}export function f(cb: () => void) {\n  pool.connect((err, client, done) => {\n    if (err) return cb();\n    client.query('SELECT 1', () => done());\n  });\n}`,
            },
          ],
        },
      ],
    },
  ],
});

/**
 * ESLint's code path graph has edges no run takes: it enters a `finally` (its leaving copy) from the
 * first throwable point of the `try` and from the normal end of the `try`, and links a `switch` inside
 * a `catch` to the end of the `try`. The analysis routes exceptions itself: a `catch` is entered only
 * by a throwing point of its `try`, the leaving copy of a `finally` only by a `return` or a routed
 * exception, and nothing after a `return` inside a `finally` runs.
 */
const held = (body: string): string => fn(`  const client = await pool.connect();\n${body}`, 'mode: number, store: unknown[], log: () => Promise<void>');

ruleTester.run('no-leaked-connection: edges of the graph that no run takes', leaked, {
  valid: [
    { name: 'handed on in the try; the finally awaits', code: held(`  try {\n    if (mode) log();\n    store.push(client);\n  } finally {\n    await log();\n  }`) },
    { name: 'released first in the try; the finally awaits', code: held(`  try {\n    client.release();\n  } finally {\n    await log();\n  }`) },
    { name: 'a loop before the release; the finally awaits', code: held(`  try {\n    for (let i = 0; i < mode; i++) {}\n    client?.release();\n  } finally {\n    await log();\n  }`) },
    {
      name: 'returned from a try in a loop; released after the finally',
      code: fn(
        `  for (const id of ids) {\n    let client;\n    try {\n      client = await pool.connect();\n      if (id) return client;\n    } finally {\n      ids.length;\n    }\n    client.release();\n  }`,
        'ids: string[]',
      ),
    },
    { name: 'a switch in finally that releases before it returns', code: held(`  try {\n    await client.query('SELECT 1');\n  } finally {\n    switch (mode) {\n      case 0:\n        return client.release();\n    }\n    void client.release();\n  }`) },
    {
      name: 'a switch in finally with a default, every case releasing',
      code: held(`  try {\n    await client.query('SELECT 1');\n  } finally {\n    switch (mode) {\n      case 0:\n        client.release();\n        break;\n      default:\n        client.release();\n    }\n  }`),
    },
    {
      name: 'a switch in finally whose cases fall through to the release',
      code: held(`  try {\n    await client.query('SELECT 1');\n  } finally {\n    switch (mode) {\n      case 0:\n        mode++;\n      case 1:\n        client.release();\n        break;\n      default:\n        client.release();\n    }\n  }`),
    },
  ],
  invalid: [
    {
      name: 'a switch in finally that returns before releasing',
      code: held(`  try {\n    await client.query('SELECT 1');\n  } finally {\n    switch (mode) {\n      case 0:\n        return;\n    }\n    client.release();\n  }`),
      errors: [{ messageId: 'conditionalRelease' }],
    },
    {
      name: 'a switch in finally without a default',
      code: held(`  try {\n    await client.query('SELECT 1');\n  } finally {\n    switch (mode) {\n      case 0:\n        client.release();\n    }\n  }`),
      errors: [{ messageId: 'conditionalRelease' }],
    },
    {
      name: 'a switch in finally whose case breaks before the release',
      code: held(`  try {\n    await client.query('SELECT 1');\n  } finally {\n    switch (mode) {\n      case 0:\n        break;\n      default:\n        client.release();\n    }\n  }`),
      errors: [{ messageId: 'conditionalRelease' }],
    },
    {
      name: 'an await in the try before the hand-off; the finally does not release',
      code: held(`  try {\n    await log();\n    store.push(client);\n  } finally {\n    await log();\n  }`),
      errors: [{ messageId: 'handedOnOnlyOnSuccess' }],
    },
  ],
});

/** The second release's line removed: the removeRelease suggestion. */
const dropLine = (code: string, line: number): string => code.split('\n').filter((_, i) => i !== line - 1).join('\n');
const twiceAt = (name: string, code: string, line: number) => ({
  name,
  code,
  errors: [{ messageId: 'doubleRelease' as const, line, suggestions: [{ messageId: 'removeRelease' as const, output: dropLine(code, line) }] }],
});

ruleTester.run('no-double-release: edges of the graph that no run takes', doubleRelease, {
  valid: [
    { name: 'a switch in a catch whose try cannot throw', code: held(`  try {\n    mode++;\n  } catch (e) {\n    switch (mode) {\n      case 0:\n        client.release();\n    }\n  }\n  client.release();`) },
    {
      name: 'a switch in a catch entered by a failing query, then the release after it',
      code: held(`  try {\n    await client.query('SELECT 1');\n  } catch (e) {\n    switch (mode) {\n      case 0:\n        client.release();\n        throw e;\n    }\n  }\n  client.release();`),
    },
    { name: 'a catch inside a finally, whose try cannot throw', code: held(`  try {\n    client.release();\n  } finally {\n    try {\n      mode++;\n    } catch (e) {\n      client.release();\n    }\n  }`) },
    { name: 'a finally that returns: nothing after it runs', code: held(`  for (let i = 0; i < mode; i++) {\n    try {\n      client.release();\n      await log();\n    } finally {\n      return null;\n    }\n  }`) },
  ],
  invalid: [
    twiceAt('a release, then a throw through a releasing finally', held(`  try {\n    client.release();\n    throw new Error('stop');\n  } finally {\n    client.release();\n  }`), 9),
    twiceAt('a release, then a failing await through a releasing finally', held(`  try {\n    client.release();\n    await log();\n  } finally {\n    client.release();\n  }`), 9),
    twiceAt('a release, then a return through a releasing finally', held(`  try {\n    client.release();\n    return 1;\n  } finally {\n    client.release();\n  }`), 9),
    twiceAt(
      'a release in a catch that rethrows through a releasing finally',
      held(`  try {\n    await client.query('SELECT 1');\n  } catch (e) {\n    client.release();\n    throw e;\n  } finally {\n    client.release();\n  }`),
      11,
    ),
  ],
});

/** A handle handed on is still the same handle; a `break`/`continue` runs the `finally` blocks it leaves. */
ruleTester.run('no-double-release: after a hand-off, and through a jump', doubleRelease, {
  valid: [
    { name: 'a break through a releasing finally, nothing released before', code: held(`  for (let i = 0; i < mode; i++) {
    try {
      if (i) break;
      await log();
    } finally {
      mode++;
    }
  }
  client.release();`) },
    { name: 'returned on one path, released on the other', code: held(`  if (mode) return client;
  client.release();`) },
    {
      name: 'a continue through a finally that releases a checkout of each turn',
      code: fn(`  for (const id of ids) {
    const client = await pool.connect();
    try {
      if (!id) continue;
      await client.query('SELECT 1');
    } finally {
      client.release();
    }
  }`, 'ids: string[]'),
    },
  ],
  invalid: [
    twiceAt('released, returned, and released by the finally', held(`  try {
    client.release();
    return client;
  } finally {
    client.release();
  }`), 9),
    twiceAt('released, stored, released again', held(`  client.release();
  store.push(client);
  client.release();`), 7),
    twiceAt('stored, then released twice', held(`  store.push(client);
  client.release();
  client.release();`), 7),
    twiceAt('released, then a break through a releasing finally', held(`  for (let i = 0; i < mode; i++) {
    try {
      client.release();
      break;
    } finally {
      client.release();
    }
  }`), 10),
    twiceAt(
      'released, then a labelled continue through a releasing finally',
      held(`  outer: for (let i = 0; i < mode; i++) {
    for (;;) {
      try {
        client.release();
        continue outer;
      } finally {
        client?.release();
      }
    }
  }`),
      11,
    ),
  ],
});

/** A flag is set (`released = true`); a loop counter is stepped (`i++`): only a flag records a release. */
ruleTester.run('no-double-release: flags and loop counters', doubleRelease, {
  valid: [
    { name: 'a release in a loop behind a flag it sets', code: held(`  let released = false;\n  for (let i = 0; i < mode; i++) {\n    if (!released) {\n      released = true;\n      client.release();\n    }\n  }`) },
    { name: 'a release in a loop that returns after it', code: held(`  for (let i = 0; i < mode; i++) {\n    if (i > 2) {\n      client.release();\n      return;\n    }\n  }\n  client.release();`) },
    {
      name: 'released and set to null in catch, then a guarded release in finally',
      code: fn(`  let client = await pool.connect();\n  try {\n    await client.query('SELECT 1');\n  } catch (e) {\n    client.release();\n    client = null;\n  } finally {\n    if (client) client.release();\n  }`),
    },
  ],
  invalid: [
    { name: 'a release in a for loop under a test of the counter', code: held(`  for (let i = 0; i < mode; i++) {\n    if (i % 2) client.release();\n  }`), errors: [{ messageId: 'releasedInLoop' as const, line: 6 }] },
    { name: 'a release in a while loop whose counter is stepped by +=', code: held(`  let i = 0;\n  while (i < mode) {\n    if (store[i]) client.release();\n    i += 1;\n  }`), errors: [{ messageId: 'releasedInLoop' as const, line: 7 }] },
    { name: 'a release in a for-of loop under a test of the item', code: held(`  for (const row of store) {\n    if (row) client?.release();\n  }`), errors: [{ messageId: 'releasedInLoop' as const, line: 6 }] },
  ],
});

/** A link of a chain that released on every path makes a later success-only release a second one, not a leak. */
const chain = (links: string): string => `${pg}export function f() {\n  return pool.connect().then(client =>\n    client\n      .query('SELECT 1')\n${links}\n  );\n}`;

ruleTester.run('no-leaked-connection: links of one chain', leaked, {
  valid: [
    { name: 'a recovering catch, a bare then, then the release', code: chain(`      .catch(() => null)\n      .then()\n      .then(() => client.release())`) },
    { name: 'released on both paths by the first link', code: chain(`      .then(() => client.release(), () => client.release())\n      .then(() => client.release())`) },
    { name: 'released after a recovering catch, then released again (a double release, not a leak)', code: chain(`      .catch(() => null)\n      .then(() => client.release())\n      .then(() => client.release())`) },
    { name: 'a releasing catch after a catch that rethrows', code: chain(`      .then(() => client.release())\n      .catch((e) => {\n        throw e;\n      })\n      .catch(() => client.release())`) },
    { name: 'released in finally before a releasing then', code: chain(`      .finally(() => client.release())\n      .then(() => client.release())`) },
  ],
  invalid: [
    { name: 'a rejecting link between the catch and the release', code: chain(`      .catch(() => null)\n      .then(() => client.query('SELECT 2'))\n      .then(() => client.release())`), errors: [{ messageId: 'promiseChain' }] },
    { name: 'a recovering catch before the releasing catch swallows the rejection', code: chain(`      .then(() => client.release())\n      .catch(() => null)\n      .catch(() => client.release())`), errors: [{ messageId: 'promiseChain' }] },
    { name: 'released on success only by the first link, then again', code: chain(`      .then(() => client.release())\n      .then(() => client.release())`), errors: [{ messageId: 'promiseChain' }] },
  ],
});

/** An exception runs the `finally` it leaves: what throws or releases there counts on that path. */
ruleTester.run('no-leaked-connection: an exception through a finally', leaked, {
  valid: [{ name: 'a throw through a finally that releases first', code: held(`  try {\n    if (mode) throw new Error('stop');\n  } finally {\n    client.release();\n    await log();\n  }`) }],
  invalid: [
    {
      name: 'a throw through a finally that awaits before releasing',
      code: held(`  try {\n    if (mode) throw new Error('stop');\n    return;\n  } finally {\n    if (mode) await log();\n    client.release();\n  }`),
      errors: [{ messageId: 'releasedOnlyOnSuccess', line: 4 }],
    },
  ],
});

ruleTester.run('no-leaked-connection: a return through a finally', leaked, {
  valid: [{ name: 'a return through a finally that releases before its own try', code: held(`  try {\n    if (mode) return;\n  } finally {\n    client.release();\n    try {\n      await log();\n    } catch (e) {\n      mode++;\n    }\n  }`) }],
  invalid: [
    {
      name: 'a return through a finally whose try has a catch, without a release',
      code: held(`  try {\n    if (mode) return;\n    client.release();\n  } finally {\n    try {\n      await log();\n      if (mode > 1) return null;\n    } catch (e) {\n      mode++;\n    }\n  }`),
      errors: [
        {
          messageId: 'earlyReturn',
          line: 4,
          suggestions: [
            {
              messageId: 'wrapInFinally',
              output: held(`  try {\n    try {\n      if (mode) return;\n    } finally {\n      try {\n        await log();\n        if (mode > 1) return null;\n      } catch (e) {\n        mode++;\n      }\n    }\n  } finally {\n    client.release();\n  }`),
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-double-release: an exception through a finally', doubleRelease, {
  valid: [{ name: 'a throw through a finally that releases once', code: held(`  try {\n    throw new Error('stop');\n  } finally {\n    client.release();\n  }`) }],
  invalid: [
    twiceAt('a throw through a finally that releases twice', held(`  try {\n    throw new Error('stop');\n  } finally {\n    client.release();\n    client.release();\n  }`), 9),
    twiceAt('a throw through a finally whose inner finally releases again', held(`  try {\n    throw new Error('stop');\n  } finally {\n    try {\n      client.release();\n    } finally {\n      client?.release();\n    }\n  }`), 11),
  ],
});
