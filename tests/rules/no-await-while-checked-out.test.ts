/**
 * no-await-while-checked-out: which awaits count as held, on a pg checkout.
 * Database work of the held client is silent; everything else awaited between the checkout and the
 * release is reported. Drivers and scoped helpers: no-await-while-checked-out.drivers.test.ts;
 * suggestion outputs: no-await-while-checked-out.suggestions.test.ts.
 *
 * `handler(body)` puts `body` in the `try` of a pg checkout released in `finally`: its first line is
 * line 6 of the file. The ambient declarations come last so that line numbers do not depend on them.
 */
import rule from '../../src/rules/no-await-while-checked-out';
import { ruleTester } from '../rule-tester';

const DECLARATIONS = `
declare function sleep(ms: number): Promise<void>;
declare function notify(id: unknown): Promise<void>;
declare function enrich(id: unknown): Promise<unknown>;
declare function audit(db: unknown, message: string): Promise<void>;
declare function report(error: unknown): Promise<void>;
declare function stream(): AsyncIterable<string>;
declare const axios: { get(url: string): Promise<unknown>; post(url: string, body: unknown): Promise<unknown> };
declare const got: { (url: string): Promise<unknown>; post(url: string): Promise<unknown> };
declare const stripe: { charges: { create(charge: object): Promise<unknown> } };
declare const fs: { promises: { readFile(path: string): Promise<string> } };
declare const producer: { send(message: object): Promise<void> };
declare const sqs: { sendMessage(message: object): { promise(): Promise<void> } };
declare const channel: { publish(exchange: string, key: string, body: unknown): Promise<void> };
declare const logger: { info(message: string): Promise<void>; flush(): Promise<void> };
declare const metrics: { flush(): Promise<void> };
declare const legacyApi: { lookup(id: unknown): Promise<unknown> };
declare const emitter: { on(event: string, listener: () => unknown): void };
declare const repo: { save(entity: object, options?: unknown): Promise<void> };
`;

const indent = (text: string, prefix: string): string => (text ? `${text.split('\n').map(line => prefix + line).join('\n')}\n` : '');

/** A pg checkout with `body` inside `try { … } finally { client.release(); }`; `before` runs before the checkout. */
function handler(body: string, before = ''): string {
  return `import pg from 'pg';
const pool = new pg.Pool();
export async function handler(id: number, url: string) {
${indent(before, '  ')}  const client = await pool.connect();
  try {
${indent(body, '    ')}  } finally {
    client.release();
  }
}
${DECLARATIONS}`;
}

/** A pg checkout with `body` as the whole function body after `const client = await pool.connect();` (line 5 on). */
function plain(body: string, params = 'id: number, url: string'): string {
  return `import pg from 'pg';
const pool = new pg.Pool();
export async function handler(${params}) {
  const client = await pool.connect();
${indent(body, '  ')}}
${DECLARATIONS}`;
}

const HTTP = ' (an HTTP request)';

ruleTester.run('no-await-while-checked-out', rule, {
  valid: [
    // ----- calls on the handle and on values derived from it ------------------------------------
    {
      name: 'client.query, awaited and destructured',
      code: handler(`await client.query('SELECT 1');
const { rows } = await client.query('SELECT * FROM t WHERE id = $1', [id]);
const result = await client.query('SELECT 2');
return [rows, result.rows];`),
    },
    {
      name: 'BEGIN / COMMIT, ROLLBACK in catch, release in finally',
      code: `import pg from 'pg';
const pool = new pg.Pool();
export async function transfer(from: number, to: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET balance = balance - 1 WHERE id = $1', [from]);
    await client.query('UPDATE accounts SET balance = balance + 1 WHERE id = $1', [to]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}`,
    },
    {
      name: 'a .then chain on a query is database work',
      code: handler(`const rows = await client.query('SELECT 1').then(r => r.rows);
return rows;`),
    },
    {
      name: 'an alias of the handle',
      code: handler(`const db = client;
await db.query('SELECT 1');`),
    },
    {
      name: 'type assertions, optional chaining and non-null assertions on the handle',
      code: handler(`await (client as pg.PoolClient).query('SELECT 1');
await client?.query('SELECT 2');
await client!.query('SELECT 3');`),
    },
    {
      name: 'a stored query promise awaited later',
      code: handler(`const pending = client.query('SELECT 1');
await pending;`),
    },
    {
      name: 'for await over a cursor of the handle',
      code: `import pg from 'pg';
const pool = new pg.Pool();
declare const QueryStream: new (text: string) => AsyncIterable<unknown>;
export async function handler() {
  const client = await pool.connect();
  try {
    const cursor = client.query(new QueryStream('SELECT * FROM t'));
    for await (const row of cursor) console.log(row);
  } finally {
    client.release();
  }
}`,
    },
    // ----- calls that receive the handle ------------------------------------------------------------
    {
      name: 'a user function that receives the handle',
      code: handler(`await audit(client, 'login');`),
    },
    {
      name: 'the handle inside an options object',
      code: handler(`await repo.save({ id }, { transaction: client });`),
    },
    {
      name: 'the handle nested deep in the arguments (object, array, shorthand)',
      code: handler(`await repo.save({ id }, { context: { db: [client] } });
await repo.save({ client });`),
    },
    // ----- Promise combinators ---------------------------------------------------------------------
    {
      name: 'Promise.all of queries on the handle',
      code: handler(`const [a, b] = await Promise.all([client.query('SELECT 1'), client.query('SELECT 2')]);
return [a, b];`),
    },
    {
      name: 'Promise.allSettled of database work (a query and a call receiving the handle)',
      code: handler(`await Promise.allSettled([client.query('SELECT 1'), audit(client, 'x')]);`),
    },
    // ----- release ends the hold --------------------------------------------------------------------
    {
      name: 'await after an explicit release',
      code: plain(`const result = await client.query('SELECT 1');
client.release();
await notify(result.rows[0].id);
await fetch(url);`),
    },
    {
      name: 'await after the try/finally that releases',
      code: plain(`let result;
try {
  result = await client.query('SELECT 1');
} finally {
  client.release();
}
await fetch(url);
return result;`),
    },
    {
      name: 'release in catch, then an await on the error path',
      code: plain(`try {
  await client.query('SELECT 1');
  client.release();
} catch (e) {
  client.release();
  await report(e);
  throw e;
}`),
    },
    {
      name: 'release in a branch, then an await in that branch',
      code: plain(
        `if (flag) {
  client.release();
  await fetch(url);
  return;
}
await client.query('SELECT 1');
client.release();`,
        'flag: boolean, url: string',
      ),
    },
    {
      name: 'await before the checkout',
      code: handler(`await client.query('UPDATE t SET seen = true WHERE id = $1', [id]);`, `await fetch(url);`),
    },
    // ----- other handles, other pools ---------------------------------------------------------------
    {
      name: 'a query on the pool while holding a client (another rule’s concern)',
      code: handler(`await pool.query('SELECT 1');
await client.query('SELECT 2');`),
    },
    {
      name: 'a second checkout: work on either handle',
      code: `import pg from 'pg';
const pool = new pg.Pool();
export async function f() {
  const a = await pool.connect();
  try {
    const b = await pool.connect();
    try {
      await a.query('SELECT 1');
      await b.query('SELECT 2');
    } finally {
      b.release();
    }
  } finally {
    a.release();
  }
}`,
    },
    // ----- nested functions are not holds -----------------------------------------------------------
    {
      name: 'an async callback handed to setTimeout is not awaited in the region',
      code: handler(`setTimeout(async () => {
  await sleep(1);
}, 10);
await client.query('SELECT 1');`),
    },
    {
      name: 'an async function defined but not called in the region',
      code: handler(`const later = async () => {
  await fetch(url);
};
await client.query('SELECT 1');
return later;`),
    },
    {
      name: 'an event listener registered in the region',
      code: handler(`emitter.on('done', async () => {
  await notify(id);
});
await client.query('SELECT 1');`),
    },
    {
      name: 'a sync generator declared in the region',
      code: handler(`function* numbers() {
  yield 1;
}
await client.query('SELECT $1', [...numbers()]);`),
    },
    {
      name: 'module scope: a top-level checkout is not a request',
      code: `import pg from 'pg';
const pool = new pg.Pool();
const client = await pool.connect();
await fetch('https://example.com/warmup');
await client.query('SELECT 1');
client.release();
export {};`,
    },
    // ----- options -----------------------------------------------------------------------------------
    {
      name: 'allow: logger.* is harmless',
      code: handler(`await logger.info('start');
await client.query('SELECT 1');
await logger.flush();`),
      options: [{ allow: ['logger.*'] }],
    },
    {
      name: 'allow: a /regex/ pattern',
      code: handler(`await metrics.flush();`),
      options: [{ allow: ['/^metrics\\./'] }],
    },
    {
      name: 'allow: an exact callee',
      code: handler(`await notify(id);`),
      options: [{ allow: ['notify'] }],
    },
  ],
  invalid: [
    // ----- HTTP ----------------------------------------------------------------------------------------
    {
      name: 'fetch reading a query result',
      code: handler(`const { rows } = await client.query('SELECT url FROM hooks');
await fetch(rows[0].url);`),
      errors: [
        {
          messageId: 'heldAwait',
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 29,
          data: { handle: 'client', work: '`fetch()`', kind: HTTP },
          suggestions: [],
        },
      ],
    },
    {
      name: 'axios and got',
      code: handler(`const { rows } = await client.query('SELECT 1');
await axios.get(rows[0].url);
await axios.post(rows[0].url, rows);
await got(rows[0].url);
await got.post(rows[0].url);`),
      errors: [
        { messageId: 'heldAwait', line: 7, data: { handle: 'client', work: '`axios.get()`', kind: HTTP }, suggestions: [] },
        { messageId: 'heldAwait', line: 8, data: { handle: 'client', work: '`axios.post()`', kind: HTTP }, suggestions: [] },
        { messageId: 'heldAwait', line: 9, data: { handle: 'client', work: '`got()`', kind: HTTP }, suggestions: [] },
        { messageId: 'heldAwait', line: 10, data: { handle: 'client', work: '`got.post()`', kind: HTTP }, suggestions: [] },
      ],
    },
    {
      name: 'reading the body of a response fetched in the region',
      code: handler(`const response = await fetch(url);
const body = await response.json();
await client.query('INSERT INTO t VALUES ($1)', [body]);`),
      errors: [
        {
          messageId: 'heldAwait',
          line: 6,
          data: { handle: 'client', work: '`fetch()`', kind: HTTP },
          suggestions: [
            {
              messageId: 'moveBeforeAcquire',
              data: { handle: 'client', work: '`fetch()`' },
              output: handler(
                `const body = await response.json();
await client.query('INSERT INTO t VALUES ($1)', [body]);`,
                `const response = await fetch(url);`,
              ),
            },
          ],
        },
        { messageId: 'heldAwait', line: 7, data: { handle: 'client', work: '`response.json()`', kind: '' }, suggestions: [] },
      ],
    },
    // ----- SDKs, timers, files, queues ---------------------------------------------------------------
    {
      name: 'a payment SDK call',
      code: handler(`const { rows } = await client.query('SELECT amount FROM orders WHERE id = $1', [id]);
await stripe.charges.create({ amount: rows[0].amount });
await client.query('UPDATE orders SET paid = true WHERE id = $1', [id]);`),
      errors: [
        {
          messageId: 'heldAwait',
          line: 7,
          data: { handle: 'client', work: '`stripe.charges.create()`', kind: ' (a payment call)' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'sleep between queries (retry back-off)',
      code: handler(`const { rows } = await client.query('SELECT 1');
await sleep(rows.length * 100);
await client.query('SELECT 2');`),
      errors: [{ messageId: 'heldAwait', line: 7, data: { handle: 'client', work: '`sleep()`', kind: ' (a timer)' }, suggestions: [] }],
    },
    {
      name: 'a hand-made timer promise',
      code: handler(`await client.query('SELECT 1');
await new Promise(resolve => setTimeout(resolve, 100));
await client.query('SELECT 2');`),
      // The work is named `Promise()` (not yet "a timer")
      errors: [
        {
          messageId: 'heldAwait',
          line: 7,
          suggestions: [
            {
              messageId: 'splitCheckout',
              output: `import pg from 'pg';
const pool = new pg.Pool();
export async function handler(id: number, url: string) {
  let client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
  await new Promise(resolve => setTimeout(resolve, 100));
  client = await pool.connect();
  try {
    await client.query('SELECT 2');
  } finally {
    client.release();
  }
}
${DECLARATIONS}`,
            },
          ],
        },
      ],
    },
    {
      name: 'file I/O',
      code: handler(`const { rows } = await client.query('SELECT path FROM files WHERE id = $1', [id]);
const text = await fs.promises.readFile(rows[0].path);
return text;`),
      errors: [
        { messageId: 'heldAwait', line: 7, data: { handle: 'client', work: '`fs.promises.readFile()`', kind: ' (file I/O)' }, suggestions: [] },
      ],
    },
    {
      name: 'queue sends: producer.send, sqs.sendMessage().promise(), channel.publish',
      code: handler(`const { rows } = await client.query('SELECT * FROM outbox');
await producer.send({ rows });
await sqs.sendMessage({ rows }).promise();
await channel.publish('events', 'outbox', rows);`),
      errors: [
        { messageId: 'heldAwait', line: 7, data: { handle: 'client', work: '`producer.send()`', kind: ' (a queue operation)' }, suggestions: [] },
        { messageId: 'heldAwait', line: 8, data: { handle: 'client', work: '`sqs.sendMessage({rows}).promise()`', kind: ' (a queue operation)' }, suggestions: [] },
        { messageId: 'heldAwait', line: 9, data: { handle: 'client', work: '`channel.publish()`', kind: ' (a queue operation)' }, suggestions: [] },
      ],
    },
    // ----- user functions ---------------------------------------------------------------------------
    {
      name: 'a user function that does not receive the handle',
      code: handler(`const { rows } = await client.query('SELECT 1');
const extra = await enrich(rows[0]);
return extra;`),
      errors: [{ messageId: 'heldAwait', line: 7, data: { handle: 'client', work: '`enrich()`', kind: '' }, suggestions: [] }],
    },
    {
      name: 'an async function defined in the region and then awaited',
      code: handler(`const { rows } = await client.query('SELECT 1');
const post = async () => {
  await fetch(url, { method: 'POST', body: JSON.stringify(rows) });
};
await post();`),
      errors: [{ messageId: 'heldAwait', line: 10, data: { handle: 'client', work: '`post()`', kind: '' }, suggestions: [] }],
    },
    {
      name: 'an awaited IIFE',
      code: handler(`await client.query('SELECT 1');
await (async () => {
  await fetch(url);
})();`),
      errors: [{ messageId: 'heldAwait', line: 7, suggestions: [] }],
    },
    {
      name: 'a method of this',
      code: `import pg from 'pg';
const pool = new pg.Pool();
export class Orders {
  api = { get: async (id: number) => id };
  async load(id: number) {
    const client = await pool.connect();
    try {
      await this.api.get(id);
      await client.query('SELECT 1');
    } finally {
      client.release();
    }
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 8, data: { handle: 'client', work: '`this.api.get()`', kind: '' }, suggestions: [] }],
    },
    {
      name: 'a stored non-database promise awaited in the region',
      code: handler(`const pending = fetch(url);
await client.query('SELECT 1');
await pending;`),
      errors: [{ messageId: 'heldAwait', line: 8, data: { handle: 'client', work: '`pending`', kind: '' }, suggestions: [] }],
    },
    {
      name: 'a long callee is shortened in the message',
      code: handler(`const { rows } = await client.query('SELECT 1');
await legacyApi.lookup(rows).then(r => enrich(r)).catch(report);`),
      errors: [
        {
          messageId: 'heldAwait',
          line: 7,
          data: { handle: 'client', work: '`legacyApi.lookup(rows).then(r=>enrich...()`', kind: '' },
          suggestions: [],
        },
      ],
    },
    // ----- Promise combinators ----------------------------------------------------------------------
    {
      name: 'Promise.all mixing a query and an HTTP call',
      code: handler(`await Promise.all([client.query('SELECT 1'), fetch(url)]);`),
      errors: [{ messageId: 'heldAwait', line: 6, data: { handle: 'client', work: '`Promise.all()`', kind: '' }, suggestions: [] }],
    },
    {
      name: 'Promise.race of a query and a timeout',
      code: handler(`await Promise.race([client.query('SELECT 1'), sleep(5000)]);`),
      errors: [{ messageId: 'heldAwait', line: 6, data: { handle: 'client', work: '`Promise.race()`', kind: '' }, suggestions: [] }],
    },
    // ----- where in the region ----------------------------------------------------------------------
    {
      name: 'await in a catch before the release in finally',
      code: `import pg from 'pg';
const pool = new pg.Pool();
export async function handler() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } catch (e) {
    await report(e);
    throw e;
  } finally {
    client.release();
  }
}
${DECLARATIONS}`,
      errors: [{ messageId: 'heldAwait', line: 8, data: { handle: 'client', work: '`report()`', kind: '' }, suggestions: [] }],
    },
    {
      name: 'await in finally before the release',
      code: `import pg from 'pg';
const pool = new pg.Pool();
export async function handler() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    await logger.flush();
    client.release();
  }
}
${DECLARATIONS}`,
      errors: [{ messageId: 'heldAwait', line: 8, data: { handle: 'client', work: '`logger.flush()`', kind: '' }, suggestions: [] }],
    },
    {
      name: 'await in a for-of loop in the region',
      code: plain(
        `try {
  for (const id of ids) {
    await client.query('UPDATE t SET sent = true WHERE id = $1', [id]);
    await notify(id);
  }
} finally {
  client.release();
}`,
        'ids: number[]',
      ),
      errors: [{ messageId: 'heldAwait', line: 8, data: { handle: 'client', work: '`notify()`', kind: '' }, suggestions: [] }],
    },
    {
      name: 'retry loop with a sleep',
      code: plain(`try {
  let attempt = 0;
  while (attempt++ < 3) {
    await sleep(100);
  }
  await client.query('SELECT 1');
} finally {
  client.release();
}`),
      errors: [{ messageId: 'heldAwait', line: 8, data: { handle: 'client', work: '`sleep()`', kind: ' (a timer)' }, suggestions: [] }],
    },
    {
      name: 'await in an if branch',
      code: plain(
        `try {
  if (flag) await notify(1);
  await client.query('SELECT 1');
} finally {
  client.release();
}`,
        'flag: boolean',
      ),
      errors: [{ messageId: 'heldAwait', line: 6, column: 15, data: { handle: 'client', work: '`notify()`', kind: '' }, suggestions: [] }],
    },
    {
      name: 'return await of an HTTP call',
      code: handler(`return await fetch(url);`),
      errors: [{ messageId: 'heldAwait', line: 6, column: 12, data: { handle: 'client', work: '`fetch()`', kind: HTTP }, suggestions: [] }],
    },
    {
      name: 'no try: the whole rest of the function holds',
      code: plain(`const { rows } = await client.query('SELECT 1');
await notify(rows[0]);
client.release();`),
      errors: [{ messageId: 'heldAwait', line: 6, data: { handle: 'client', work: '`notify()`', kind: '' }, suggestions: [] }],
    },
    {
      name: 'several reports in one region, in source order',
      code: handler(`const { rows } = await client.query('SELECT 1');
await notify(rows);
await client.query('SELECT 2');
await enrich(rows);`),
      errors: [
        { messageId: 'heldAwait', line: 7, data: { handle: 'client', work: '`notify()`', kind: '' }, suggestions: [] },
        { messageId: 'heldAwait', line: 9, data: { handle: 'client', work: '`enrich()`', kind: '' }, suggestions: [] },
      ],
    },
    // ----- async generators and for await -----------------------------------------------------------
    {
      name: 'yield in an async generator while holding',
      code: `import pg from 'pg';
const pool = new pg.Pool();
export async function* rows() {
  const client = await pool.connect();
  try {
    const result = await client.query('SELECT * FROM t');
    for (const row of result.rows) yield row;
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'heldYield', line: 7, column: 36, endColumn: 45, data: { handle: 'client' } }],
    },
    {
      name: 'yield* in an async generator while holding',
      code: `import pg from 'pg';
const pool = new pg.Pool();
declare function more(): AsyncGenerator<number>;
export async function* numbers() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
    yield* more();
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'heldYield', line: 8, data: { handle: 'client' } }],
    },
    {
      name: 'for await over a non-database iterable',
      code: handler(`for await (const line of stream()) {
  await client.query('INSERT INTO lines VALUES ($1)', [line]);
}`),
      errors: [
        {
          messageId: 'heldAwait',
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 38,
          data: { handle: 'client', work: '`stream()`', kind: '' },
          suggestions: [],
        },
      ],
    },
    // ----- options ---------------------------------------------------------------------------------------
    {
      name: 'logger awaits are reported without allow',
      code: handler(`const { rows } = await client.query('SELECT 1');
await logger.info(String(rows.length));`),
      errors: [{ messageId: 'heldAwait', line: 7, data: { handle: 'client', work: '`logger.info()`', kind: '' }, suggestions: [] }],
    },
    {
      name: 'allow silences only what it matches',
      code: handler(`const { rows } = await client.query('SELECT 1');
await logger.info(String(rows.length));
await notify(rows);`),
      options: [{ allow: ['logger.*'] }],
      errors: [{ messageId: 'heldAwait', line: 8, data: { handle: 'client', work: '`notify()`', kind: '' }, suggestions: [] }],
    },
    {
      name: 'knownSlow names a callee as known slow work',
      code: handler(`const { rows } = await client.query('SELECT 1');
await legacyApi.lookup(rows[0]);`),
      options: [{ knownSlow: ['legacyApi.*'] }],
      errors: [
        { messageId: 'heldAwait', line: 7, data: { handle: 'client', work: '`legacyApi.lookup()`', kind: ' (known slow work)' }, suggestions: [] },
      ],
    },
    {
      name: 'knownSlow takes precedence over a built-in label',
      code: handler(`const { rows } = await client.query('SELECT 1');
await fetch(rows[0].url);`),
      options: [{ knownSlow: ['fetch'] }],
      errors: [{ messageId: 'heldAwait', line: 7, data: { handle: 'client', work: '`fetch()`', kind: ' (known slow work)' }, suggestions: [] }],
    },
    {
      name: 'allow and knownSlow together; invalid patterns are ignored',
      code: handler(`const { rows } = await client.query('SELECT 1');
await logger.info('x');
await legacyApi.lookup(rows);
await enrich(rows);`),
      options: [{ allow: ['logger.*', '/[/'], knownSlow: ['legacyApi.*', '('] }],
      errors: [
        { messageId: 'heldAwait', line: 8, data: { handle: 'client', work: '`legacyApi.lookup()`', kind: ' (known slow work)' }, suggestions: [] },
        { messageId: 'heldAwait', line: 9, data: { handle: 'client', work: '`enrich()`', kind: '' }, suggestions: [] },
      ],
    },
  ],
});
