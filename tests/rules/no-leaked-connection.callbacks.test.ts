/**
 * no-leaked-connection and no-double-release across callbacks and the links of a promise chain.
 * A callback handed to the handle's own method (`client.query(sql, cb)`) runs once, after the code
 * that reaches its call: what it releases or hands on counts on that path, with what the function
 * around it released. A chain's links run in order: `.then` on success, `.catch` on rejection,
 * `.finally` on both; a link after one that released releases a second time.
 */
import doubleRelease from '../../src/rules/no-double-release';
import leaked from '../../src/rules/no-leaked-connection';
import { ruleTester } from '../rule-tester';

const pg = `import pg from 'pg';\nconst pool = new pg.Pool();\n`;
/** The callback form: `body` runs after the error branch (its first line is line 6). */
const callbackForm = (body: string): string =>
  `${pg}export function f(mode: number, store: unknown[], cb: (e?: unknown) => void) {\n  pool.connect((err, client, done) => {\n    if (err) return cb(err);\n${body}\n  });\n}`;
/** A chain on the client's first query: `links` start at line 7. */
const chain = (links: string): string => `${pg}export function f(mode: number) {\n  return pool.connect().then(client =>\n    client\n      .query('SELECT 1')\n${links}\n  );\n}`;
const fn = (body: string, params = ''): string => `${pg}export async function f(${params}) {\n${body}\n}`;

const pgConsequence = 'the driver does not guard it and may hand the same connection to two callers';
const double = (line: number, first: number, extra: Record<string, unknown> = {}) => ({
  messageId: 'doubleRelease' as const,
  line,
  data: { handle: 'client', line: String(first), consequence: pgConsequence },
  ...extra,
});

ruleTester.run('no-double-release: callbacks of the handle run once, after the code that calls them', doubleRelease, {
  valid: [
    {
      name: 'a callback written after a return never runs',
      code: callbackForm(`    return cb(null);\n    client.query('SELECT 1', () => {\n      done();\n      done();\n    });`),
    },
    {
      name: 'callbacks on exclusive branches, one release each',
      code: callbackForm(`    if (mode) client.query('SELECT 1', () => done());\n    else client.query('SELECT 2', () => client.release());`),
    },
    {
      name: 'a nested callback releases, its parent only queries',
      code: callbackForm(`    client.query('SELECT 1', (qerr) => {\n      if (qerr) return done(qerr);\n      client.query('SELECT 2', () => done());\n    });`),
    },
    {
      name: 'a callback that stores the client, then the function releases once',
      code: callbackForm(`    client.query('SELECT 1', () => {\n      store.push(client);\n    });\n    done();`),
    },
  ],
  invalid: [
    {
      name: 'released, then released again in a query callback',
      code: callbackForm(`    client.release();\n    client.query('SELECT 1', () => done());`),
      errors: [double(7, 6)],
    },
    {
      name: 'done handed to the query, then called',
      code: callbackForm(`    client.query('SELECT 1', done);\n    done();`),
      errors: [
        double(7, 6, {
          suggestions: [{ messageId: 'removeRelease', output: callbackForm(`    client.query('SELECT 1', done);`) }],
        }),
      ],
    },
    {
      name: 'two releases in one query callback',
      code: callbackForm(`    client.query('SELECT 1', () => {\n      done();\n      done();\n    });`),
      errors: [
        double(8, 7, {
          suggestions: [{ messageId: 'removeRelease', output: callbackForm(`    client.query('SELECT 1', () => {\n      done();\n    });`) }],
        }),
      ],
    },
    {
      name: 'a conditional release in a query callback and one after its call',
      code: callbackForm(`    client.query('SELECT 1', () => {\n      if (mode) done();\n    });\n    client.release();`),
      errors: [
        double(9, 7, {
          suggestions: [{ messageId: 'removeRelease', output: callbackForm(`    client.query('SELECT 1', () => {\n      if (mode) done();\n    });`) }],
        }),
      ],
    },
    {
      name: 'two sibling callbacks, one releasing in a callback of its own',
      code: callbackForm(`    client.query('SELECT 1', () => done());\n    client.query('SELECT 2', (qerr) => {\n      client.query('SELECT 3', () => client.release());\n    });`),
      errors: [double(8, 6)],
    },
  ],
});

ruleTester.run('no-double-release: the links of one chain run in order', doubleRelease, {
  valid: [
    { name: 'released on success, or else on rejection', code: chain(`      .then(() => client.release())\n      .catch(() => client.release())`) },
    { name: 'a catch that releases and rethrows skips the then after it', code: chain(`      .catch((e) => {\n        client.release();\n        throw e;\n      })\n      .then(() => client.release())`) },
    {
      name: 'an awaited chain releases only when it rejects; the catch around it returns',
      code: fn(`  const client = await pool.connect();\n  try {\n    await client.query('SELECT 1').catch((e) => {\n      client.release();\n      throw e;\n    });\n  } catch {\n    return;\n  }\n  client.release();`),
    },
  ],
  invalid: [
    {
      name: 'a conditional release, then a release in the next link',
      code: chain(`      .then(() => {\n        if (mode) client.release();\n      })\n      .then(() => client.release())`),
      errors: [double(10, 8)],
    },
    {
      name: 'a catch that releases and rethrows, then a releasing catch',
      code: chain(`      .catch((e) => {\n        client.release();\n        throw e;\n      })\n      .catch(() => client.release())`),
      errors: [double(11, 8)],
    },
    {
      name: 'a catch that releases and rethrows, then a then whose rejection handler releases',
      code: chain(`      .catch((e) => {\n        client.release();\n        throw e;\n      })\n      .then(() => null, () => client.release())`),
      errors: [double(11, 8)],
    },
    {
      name: 'released in finally, then again on success under a condition',
      code: chain(`      .finally(() => client.release())\n      .then(() => {\n        if (mode) client.release();\n      })`),
      errors: [
        double(9, 7, {
          suggestions: [{ messageId: 'removeRelease', output: chain(`      .finally(() => client.release())\n      .then(() => {\n        if (mode) {}\n      })`) }],
        }),
      ],
    },
    {
      name: 'an awaited chain that releases when it rejects, and a catch around it that releases',
      code: fn(`  const client = await pool.connect();\n  try {\n    await client.query('SELECT 1').catch((e) => {\n      client.release();\n      throw e;\n    });\n  } catch {\n    client.release();\n    return;\n  }\n  client.release();`),
      errors: [
        double(11, 7, {
          suggestions: [
            {
              messageId: 'removeRelease',
              output: fn(`  const client = await pool.connect();\n  try {\n    await client.query('SELECT 1').catch((e) => {\n      client.release();\n      throw e;\n    });\n  } catch {\n    return;\n  }\n  client.release();`),
            },
          ],
        }),
      ],
    },
  ],
});

ruleTester.run('no-leaked-connection: a callback that stores the client hands it on', leaked, {
  valid: [
    {
      name: 'stored in a callback of a callback',
      code: `${pg}export function f(store: unknown[], cb: (e?: unknown) => void) {\n  pool.connect(function (err, client) {\n    if (err) return cb(err);\n    client.query('SELECT 1', () => {\n      client.query('SELECT 2', () => {\n        store.push(client);\n      });\n    });\n  });\n}`,
    },
    { name: 'stored in a query callback of an async function', code: fn(`  const client = await pool.connect();\n  client.query('SELECT 1', () => {\n    store.push(client);\n  });`, 'store: unknown[]') },
    { name: 'stored by a timer callback', code: fn(`  const client = await pool.connect();\n  setTimeout(() => store.push(client), 10);`, 'store: unknown[]') },
  ],
  invalid: [
    {
      name: 'stored in a query callback on one branch only',
      code: callbackForm(`    client.query('SELECT 1', (qerr) => {\n      if (mode) store.push(client);\n    });`),
      errors: [{ messageId: 'callbackPath', line: 4, data: { releaseCall: '`done()`', handle: 'client', line: '8' } }],
    },
    {
      // Each query may fail on its own: when both do, neither callback releases.
      name: 'two query callbacks that each release only when their query succeeds',
      code: callbackForm(`    client.query('SELECT 1', (qerr) => {\n      if (qerr) return cb(qerr);\n      done();\n    });\n    client.query('SELECT 2', (qerr) => {\n      if (qerr) return cb(qerr);\n      client.release();\n    });`),
      errors: [{ messageId: 'callbackPath', line: 4, data: { releaseCall: '`done()`', handle: 'client', line: '11' } }],
    },
  ],
});

/** `await chain`: the exception it throws holds the handle unless every way the chain rejects released it. */
const awaitedChain = (chainText: string, after = '  client.release();'): string => fn(`  const client = await pool.connect();\n  await client.query('SELECT 1')${chainText};\n${after}`);
const rethrowAfter = (release: string): string => `.catch((e) => {\n    ${release}\n    throw e;\n  })`;

ruleTester.run('no-leaked-connection: an awaited chain that releases when it rejects', leaked, {
  valid: [
    { name: 'a catch that releases and rethrows, a release after the await', code: awaitedChain(rethrowAfter('client.release();')) },
    {
      name: 'a catch that releases and rethrows inside a try whose catch returns',
      code: fn(`  const client = await pool.connect();\n  try {\n    await client.query('SELECT 1')${rethrowAfter('client.release();')};\n  } catch {\n    return;\n  }\n  client.release();`),
    },
    { name: 'a rejection handler of then that releases and rethrows', code: awaitedChain(`.then(null, (e) => {\n    client.release();\n    throw e;\n  })`) },
  ],
  invalid: [
    {
      name: 'the catch releases under a condition',
      code: awaitedChain(rethrowAfter('if (e.code) client.release();')),
      errors: [{ messageId: 'releasedOnlyOnSuccess', line: 4, data: { handle: 'client', call: "`client.query('SELECT 1').catch()`", line: '5' } }],
    },
    {
      name: 'a link after the releasing catch may reject on its own',
      code: awaitedChain(`${rethrowAfter('client.release();')}.then(() => client.query('SELECT 2'))`),
      errors: [{ messageId: 'releasedOnlyOnSuccess', line: 4, data: { handle: 'client', call: "`client.query('SELECT 1').catch((e) =>...()`", line: '5' } }],
    },
  ],
});
