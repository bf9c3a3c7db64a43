/**
 * no-await-while-checked-out: exact outputs of the moveBeforeAcquire suggestion, and the shapes
 * where no move is offered. The tester checks that every output parses; each output on which the
 * rule is silent is also a valid case (the moved await now runs before the checkout), and every
 * output must resolve each identifier to the same declaration as the input (scope check below).
 */
import tsParser from '@typescript-eslint/parser';
import { Linter, type Rule, type Scope } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/no-await-while-checked-out';
import { ruleTester } from '../rule-tester';

// ----- moved out of a try/finally ---------------------------------------------------------------------

const tryFinally = `import pg from 'pg';
const pool = new pg.Pool();
declare function notify(id: number): Promise<void>;
export async function f(id: number) {
  const client = await pool.connect();
  try {
    await notify(id);
    await client.query('UPDATE t SET notified = true WHERE id = $1', [id]);
  } finally {
    client.release();
  }
}`;
const tryFinallyOutput = `import pg from 'pg';
const pool = new pg.Pool();
declare function notify(id: number): Promise<void>;
export async function f(id: number) {
  await notify(id);
  const client = await pool.connect();
  try {
    await client.query('UPDATE t SET notified = true WHERE id = $1', [id]);
  } finally {
    client.release();
  }
}`;

const declaration = `import pg from 'pg';
const pool = new pg.Pool();
declare function geocode(address: string): Promise<string>;
export async function saveAddress(userId: number, address: string) {
  const client = await pool.connect();
  try {
    const point = await geocode(address);
    await client.query('UPDATE users SET location = $1 WHERE id = $2', [point, userId]);
  } finally {
    client.release();
  }
}`;
const declarationOutput = `import pg from 'pg';
const pool = new pg.Pool();
declare function geocode(address: string): Promise<string>;
export async function saveAddress(userId: number, address: string) {
  const point = await geocode(address);
  const client = await pool.connect();
  try {
    await client.query('UPDATE users SET location = $1 WHERE id = $2', [point, userId]);
  } finally {
    client.release();
  }
}`;

const destructuring = `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
declare function geocode(address: string): Promise<{ lat: number; lng: number }>;
export async function f(id: number, address: string) {
  const conn = await db.getConnection();
  try {
    const { lat, lng } = await geocode(address);
    await conn.execute('UPDATE users SET lat = ?, lng = ? WHERE id = ?', [lat, lng, id]);
  } finally {
    conn.release();
  }
}`;
const destructuringOutput = `import mysql from 'mysql2/promise';
const db = mysql.createPool({});
declare function geocode(address: string): Promise<{ lat: number; lng: number }>;
export async function f(id: number, address: string) {
  const { lat, lng } = await geocode(address);
  const conn = await db.getConnection();
  try {
    await conn.execute('UPDATE users SET lat = ?, lng = ? WHERE id = ?', [lat, lng, id]);
  } finally {
    conn.release();
  }
}`;

const letDeclaration = `import pg from 'pg';
const pool = new pg.Pool();
declare function loadRate(currency: string): Promise<number>;
export async function f(currency: string) {
  const client = await pool.connect();
  try {
    let rate = await loadRate(currency);
    rate = Math.round(rate * 100) / 100;
    await client.query('INSERT INTO rates VALUES ($1, $2)', [currency, rate]);
  } finally {
    client.release();
  }
}`;
const letDeclarationOutput = `import pg from 'pg';
const pool = new pg.Pool();
declare function loadRate(currency: string): Promise<number>;
export async function f(currency: string) {
  let rate = await loadRate(currency);
  const client = await pool.connect();
  try {
    rate = Math.round(rate * 100) / 100;
    await client.query('INSERT INTO rates VALUES ($1, $2)', [currency, rate]);
  } finally {
    client.release();
  }
}`;

/** Reads a parameter and a value computed before the checkout. */
const readsEarlierValues = `import pg from 'pg';
const pool = new pg.Pool();
declare function sign(payload: string, key: string): Promise<string>;
export async function f(id: number, key: string) {
  const payload = JSON.stringify({ id });
  const client = await pool.connect();
  try {
    const signature = await sign(payload, key);
    await client.query('INSERT INTO signatures VALUES ($1, $2)', [id, signature]);
  } finally {
    client.release();
  }
}`;
const readsEarlierValuesOutput = `import pg from 'pg';
const pool = new pg.Pool();
declare function sign(payload: string, key: string): Promise<string>;
export async function f(id: number, key: string) {
  const payload = JSON.stringify({ id });
  const signature = await sign(payload, key);
  const client = await pool.connect();
  try {
    await client.query('INSERT INTO signatures VALUES ($1, $2)', [id, signature]);
  } finally {
    client.release();
  }
}`;

const nestedTryFinally = `import pg from 'pg';
const pool = new pg.Pool();
declare function notify(id: number): Promise<void>;
export async function f(id: number) {
  const client = await pool.connect();
  try {
    try {
      await notify(id);
    } finally {
      await client.query('UPDATE t SET n = n + 1');
    }
  } finally {
    client.release();
  }
}`;
const nestedTryFinallyOutput = `import pg from 'pg';
const pool = new pg.Pool();
declare function notify(id: number): Promise<void>;
export async function f(id: number) {
  await notify(id);
  const client = await pool.connect();
  try {
    try {
    } finally {
      await client.query('UPDATE t SET n = n + 1');
    }
  } finally {
    client.release();
  }
}`;

// ----- moved within the same block ----------------------------------------------------------------------

const sameBlock = `import pg from 'pg';
const pool = new pg.Pool();
declare function notify(id: number): Promise<void>;
export async function f(id: number) {
  const client = await pool.connect();
  await client.query('UPDATE t SET a = 1 WHERE id = $1', [id]);
  await notify(id);
  client.release();
}`;
const sameBlockOutput = `import pg from 'pg';
const pool = new pg.Pool();
declare function notify(id: number): Promise<void>;
export async function f(id: number) {
  await notify(id);
  const client = await pool.connect();
  await client.query('UPDATE t SET a = 1 WHERE id = $1', [id]);
  client.release();
}`;

const assignmentAnchor = `import pg from 'pg';
const pool = new pg.Pool();
declare function notify(id: number): Promise<void>;
export async function f(id: number) {
  let client;
  client = await pool.connect();
  try {
    await notify(id);
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`;
const assignmentAnchorOutput = `import pg from 'pg';
const pool = new pg.Pool();
declare function notify(id: number): Promise<void>;
export async function f(id: number) {
  let client;
  await notify(id);
  client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`;

/** The checkout inside a loop body: the await moves within that body. */
const inLoopBody = `import pg from 'pg';
const pool = new pg.Pool();
declare function render(id: number): Promise<string>;
export async function f(ids: number[]) {
  for (const id of ids) {
    const client = await pool.connect();
    try {
      const html = await render(id);
      await client.query('UPDATE pages SET html = $1 WHERE id = $2', [html, id]);
    } finally {
      client.release();
    }
  }
}`;
const inLoopBodyOutput = `import pg from 'pg';
const pool = new pg.Pool();
declare function render(id: number): Promise<string>;
export async function f(ids: number[]) {
  for (const id of ids) {
    const html = await render(id);
    const client = await pool.connect();
    try {
      await client.query('UPDATE pages SET html = $1 WHERE id = $2', [html, id]);
    } finally {
      client.release();
    }
  }
}`;

const tabs = `import pg from 'pg';
const pool = new pg.Pool();
declare function notify(): Promise<void>;
export async function f() {
\tconst client = await pool.connect();
\ttry {
\t\tawait notify();
\t\tawait client.query('SELECT 1');
\t} finally {
\t\tclient.release();
\t}
}`;
const tabsOutput = `import pg from 'pg';
const pool = new pg.Pool();
declare function notify(): Promise<void>;
export async function f() {
\tawait notify();
\tconst client = await pool.connect();
\ttry {
\t\tawait client.query('SELECT 1');
\t} finally {
\t\tclient.release();
\t}
}`;

// ----- other anchors: a query runner, a stand-alone client ----------------------------------------------

const queryRunner = `import { DataSource } from 'typeorm';
declare class Invoice {}
declare function renderPdf(invoice: Invoice): Promise<Uint8Array>;
const dataSource = new DataSource({} as never);
export async function f(invoice: Invoice) {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const pdf = await renderPdf(invoice);
    await runner.manager.save({ invoice, pdf });
  } finally {
    await runner.release();
  }
}`;
const queryRunnerOutput = `import { DataSource } from 'typeorm';
declare class Invoice {}
declare function renderPdf(invoice: Invoice): Promise<Uint8Array>;
const dataSource = new DataSource({} as never);
export async function f(invoice: Invoice) {
  const pdf = await renderPdf(invoice);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.manager.save({ invoice, pdf });
  } finally {
    await runner.release();
  }
}`;

const standaloneClient = `import pg from 'pg';
export async function f(url: string) {
  const client = new pg.Client();
  await client.connect();
  try {
    const response = await fetch(url);
    await client.query('INSERT INTO t VALUES ($1)', [response.status]);
  } finally {
    await client.end();
  }
}`;
const standaloneClientOutput = `import pg from 'pg';
export async function f(url: string) {
  const client = new pg.Client();
  const response = await fetch(url);
  await client.connect();
  try {
    await client.query('INSERT INTO t VALUES ($1)', [response.status]);
  } finally {
    await client.end();
  }
}`;

// ----- two reports, one suggestion each -----------------------------------------------------------------

const twoAwaits = `import pg from 'pg';
const pool = new pg.Pool();
declare function sleep(ms: number): Promise<void>;
export async function f(url: string) {
  const client = await pool.connect();
  try {
    await sleep(10);
    await fetch(url);
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`;
const twoAwaitsFirstOutput = `import pg from 'pg';
const pool = new pg.Pool();
declare function sleep(ms: number): Promise<void>;
export async function f(url: string) {
  await sleep(10);
  const client = await pool.connect();
  try {
    await fetch(url);
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`;
const twoAwaitsSecondOutput = `import pg from 'pg';
const pool = new pg.Pool();
declare function sleep(ms: number): Promise<void>;
export async function f(url: string) {
  await fetch(url);
  const client = await pool.connect();
  try {
    await sleep(10);
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`;

/** A statement over several lines moves out of the try and is re-indented to its new block. */
const multiLine = `import pg from 'pg';
const pool = new pg.Pool();
declare function geocode(address: string, options: object): Promise<string>;
export async function f(address: string) {
  const client = await pool.connect();
  try {
    const point = await geocode(address, {
      precise: true,
    });
    await client.query('UPDATE t SET p = $1', [point]);
  } finally {
    client.release();
  }
}`;
const multiLineOutput = `import pg from 'pg';
const pool = new pg.Pool();
declare function geocode(address: string, options: object): Promise<string>;
export async function f(address: string) {
  const point = await geocode(address, {
    precise: true,
  });
  const client = await pool.connect();
  try {
    await client.query('UPDATE t SET p = $1', [point]);
  } finally {
    client.release();
  }
}`;

/** Input and output of every suggestion above, for the scope check. */
const moves: [string, string][] = [
  [tryFinally, tryFinallyOutput],
  [declaration, declarationOutput],
  [destructuring, destructuringOutput],
  [letDeclaration, letDeclarationOutput],
  [readsEarlierValues, readsEarlierValuesOutput],
  [nestedTryFinally, nestedTryFinallyOutput],
  [sameBlock, sameBlockOutput],
  [assignmentAnchor, assignmentAnchorOutput],
  [inLoopBody, inLoopBodyOutput],
  [tabs, tabsOutput],
  [queryRunner, queryRunnerOutput],
  [standaloneClient, standaloneClientOutput],
  [twoAwaits, twoAwaitsFirstOutput],
  [twoAwaits, twoAwaitsSecondOutput],
  [multiLine, multiLineOutput],
];

/** A pg checkout with `body` in `try { … } finally { client.release(); }`, first line of `body` at line 6. */
function held(body: string, params = 'id: number, url: string'): string {
  const lines = body
    .split('\n')
    .map(line => `    ${line}`)
    .join('\n');
  return `import pg from 'pg';
const pool = new pg.Pool();
export async function f(${params}) {
  const client = await pool.connect();
  try {
${lines}
  } finally {
    client.release();
  }
}
declare function notify(id: unknown): Promise<void>;
declare function geocode(address: string): Promise<string>;
declare function retry<T>(work: () => Promise<T>): Promise<T>;`;
}

ruleTester.run('no-await-while-checked-out', rule, {
  valid: [
    { name: 'applied: out of a try/finally', code: tryFinallyOutput },
    { name: 'applied: a const declaration', code: declarationOutput },
    { name: 'applied: a destructuring declaration (mysql2)', code: destructuringOutput },
    { name: 'applied: a let declaration reassigned later', code: letDeclarationOutput },
    { name: 'applied: reads a parameter and an earlier value', code: readsEarlierValuesOutput },
    { name: 'applied: out of nested try/finally blocks', code: nestedTryFinallyOutput },
    { name: 'applied: within the same block', code: sameBlockOutput },
    { name: 'applied: before an assignment checkout', code: assignmentAnchorOutput },
    { name: 'applied: within a loop body', code: inLoopBodyOutput },
    { name: 'applied: tab indentation', code: tabsOutput },
    { name: 'applied: before a TypeORM query runner', code: queryRunnerOutput },
    { name: 'applied: before a stand-alone client connects', code: standaloneClientOutput },
    { name: 'applied: a multi-line declaration, re-indented', code: multiLineOutput },
  ],
  invalid: [
    // ----- suggestions -------------------------------------------------------------------------------------
    {
      name: 'an await statement in try/finally',
      code: tryFinally,
      errors: [
        {
          messageId: 'heldAwait',
          line: 7,
          suggestions: [{ messageId: 'moveBeforeAcquire', data: { work: '`notify()`', handle: 'client' }, output: tryFinallyOutput }],
        },
      ],
    },
    {
      name: 'a const declaration in try/finally',
      code: declaration,
      errors: [
        {
          messageId: 'heldAwait',
          line: 7,
          suggestions: [{ messageId: 'moveBeforeAcquire', data: { work: '`geocode()`', handle: 'client' }, output: declarationOutput }],
        },
      ],
    },
    {
      name: 'a destructuring declaration (mysql2)',
      code: destructuring,
      errors: [
        {
          messageId: 'heldAwait',
          line: 7,
          suggestions: [{ messageId: 'moveBeforeAcquire', data: { work: '`geocode()`', handle: 'conn' }, output: destructuringOutput }],
        },
      ],
    },
    {
      name: 'a let declaration reassigned later',
      code: letDeclaration,
      errors: [
        {
          messageId: 'heldAwait',
          line: 7,
          suggestions: [{ messageId: 'moveBeforeAcquire', data: { work: '`loadRate()`', handle: 'client' }, output: letDeclarationOutput }],
        },
      ],
    },
    {
      name: 'reads a parameter and a value computed before the checkout',
      code: readsEarlierValues,
      errors: [
        {
          messageId: 'heldAwait',
          line: 8,
          suggestions: [{ messageId: 'moveBeforeAcquire', data: { work: '`sign()`', handle: 'client' }, output: readsEarlierValuesOutput }],
        },
      ],
    },
    {
      name: 'out of nested try/finally blocks',
      code: nestedTryFinally,
      errors: [
        {
          messageId: 'heldAwait',
          line: 8,
          suggestions: [{ messageId: 'moveBeforeAcquire', data: { work: '`notify()`', handle: 'client' }, output: nestedTryFinallyOutput }],
        },
      ],
    },
    {
      name: 'within the same block (no try)',
      code: sameBlock,
      errors: [
        {
          messageId: 'heldAwait',
          line: 7,
          suggestions: [{ messageId: 'moveBeforeAcquire', data: { work: '`notify()`', handle: 'client' }, output: sameBlockOutput }],
        },
      ],
    },
    {
      name: 'before an assignment checkout',
      code: assignmentAnchor,
      errors: [
        {
          messageId: 'heldAwait',
          line: 8,
          suggestions: [{ messageId: 'moveBeforeAcquire', data: { work: '`notify()`', handle: 'client' }, output: assignmentAnchorOutput }],
        },
      ],
    },
    {
      name: 'a checkout in a loop body',
      code: inLoopBody,
      errors: [
        {
          messageId: 'heldAwait',
          line: 8,
          suggestions: [{ messageId: 'moveBeforeAcquire', data: { work: '`render()`', handle: 'client' }, output: inLoopBodyOutput }],
        },
      ],
    },
    {
      name: 'tab indentation',
      code: tabs,
      errors: [
        {
          messageId: 'heldAwait',
          line: 7,
          suggestions: [{ messageId: 'moveBeforeAcquire', data: { work: '`notify()`', handle: 'client' }, output: tabsOutput }],
        },
      ],
    },
    {
      name: 'TypeORM: before createQueryRunner()',
      code: queryRunner,
      errors: [
        {
          messageId: 'heldAwait',
          line: 9,
          suggestions: [{ messageId: 'moveBeforeAcquire', data: { work: '`renderPdf()`', handle: 'runner' }, output: queryRunnerOutput }],
        },
      ],
    },
    {
      name: 'stand-alone client: before connect()',
      code: standaloneClient,
      errors: [
        {
          messageId: 'heldAwait',
          line: 6,
          suggestions: [{ messageId: 'moveBeforeAcquire', data: { work: '`fetch()`', handle: 'client' }, output: standaloneClientOutput }],
        },
      ],
    },
    {
      name: 'two awaits, one suggestion each',
      code: twoAwaits,
      errors: [
        {
          messageId: 'heldAwait',
          line: 7,
          suggestions: [{ messageId: 'moveBeforeAcquire', data: { work: '`sleep()`', handle: 'client' }, output: twoAwaitsFirstOutput }],
        },
        {
          messageId: 'heldAwait',
          line: 8,
          suggestions: [{ messageId: 'moveBeforeAcquire', data: { work: '`fetch()`', handle: 'client' }, output: twoAwaitsSecondOutput }],
        },
      ],
    },
    {
      name: 'a multi-line declaration is re-indented where it lands',
      code: multiLine,
      errors: [
        {
          messageId: 'heldAwait',
          line: 7,
          suggestions: [{ messageId: 'moveBeforeAcquire', data: { work: '`geocode()`', handle: 'client' }, output: multiLineOutput }],
        },
      ],
    },
    // ----- no suggestion ---------------------------------------------------------------------------------------
    {
      name: 'no move: an early return between the checkout and the await (the await is conditional)',
      code: `import pg from 'pg';
const pool = new pg.Pool();
declare function chargePayment(amount: number): Promise<void>;
export async function f(id: string, amount: number) {
  const client = await pool.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM orders WHERE id = $1', [id]);
    if (rowCount === 0) return null;
    await chargePayment(amount);
    return id;
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 9, data: { work: '`chargePayment()`', handle: 'client', kind: ' (a payment call)' }, suggestions: [] }],
    },
    {
      name: 'no move: a loop statement between the checkout and the await',
      code: `import pg from 'pg';
const pool = new pg.Pool();
declare function notify(id: number): Promise<void>;
export async function f(ids: number[]) {
  const client = await pool.connect();
  try {
    for (const id of ids) await client.query('SELECT $1', [id]);
    await notify(1);
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 8, suggestions: [] }],
    },
    {
      name: 'no move: a variable the await reads is reassigned after the checkout',
      code: `import pg from 'pg';
const pool = new pg.Pool();
export async function f(base: string) {
  let url = base;
  const client = await pool.connect();
  try {
    const { rows } = await client.query('SELECT path FROM t');
    url = url + rows[0].path;
    await fetch(url);
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 9, suggestions: [] }],
    },
    {
      name: 'no move: an object the await reads is mutated through a property after the checkout',
      code: `import pg from 'pg';
const pool = new pg.Pool();
declare function chargePayment(order: { total: number }): Promise<void>;
export async function f(order: { total: number }) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('SELECT total FROM t');
    order.total = rows[0].total;
    await chargePayment(order);
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 9, suggestions: [] }],
    },
    {
      name: 'no move: the moved declaration would capture a reference to an outer variable of the same name',
      code: `import pg from 'pg';
const pool = new pg.Pool();
declare function loadConfig(): Promise<object>;
const config = { retries: 1 };
export async function f() {
  const client = await pool.connect();
  await client.query('SELECT $1', [config]);
  try {
    const config = await loadConfig();
    await client.query('SELECT $1', [config]);
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 9, suggestions: [] }],
    },
    {
      name: 'no move: the moved declaration would capture a reference after the try',
      code: `import pg from 'pg';
const pool = new pg.Pool();
declare function loadConfig(): Promise<object>;
const config = { retries: 1 };
export async function f() {
  const client = await pool.connect();
  try {
    const config = await loadConfig();
    await client.query('SELECT $1', [config]);
  } finally {
    client.release();
  }
  return config;
}`,
      errors: [{ messageId: 'heldAwait', line: 8, suggestions: [] }],
    },
    {
      name: 'no move: the name is declared for another variable elsewhere in the function',
      code: `import pg from 'pg';
const pool = new pg.Pool();
declare function geocode(address: string): Promise<string>;
export async function f(address: string, flag: boolean) {
  if (flag) {
    const point = 'x';
    console.log(point);
  }
  const client = await pool.connect();
  try {
    const point = await geocode(address);
    await client.query('UPDATE t SET p = $1', [point]);
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 11, suggestions: [] }],
    },
    {
      name: 'no move: reads a query result',
      code: held(`const { rows } = await client.query('SELECT id FROM t');
await notify(rows[0].id);`),
      errors: [{ messageId: 'heldAwait', line: 7, suggestions: [] }],
    },
    {
      name: 'no move: reads a value declared after the checkout',
      code: held(`const target = \`\${url}/\${id}\`;
await fetch(target);
await client.query('SELECT 1');`),
      errors: [{ messageId: 'heldAwait', line: 7, suggestions: [] }],
    },
    {
      name: 'no move: inside an if',
      code: held(
        `if (flag) {
  await notify(1);
}
await client.query('SELECT 1');`,
        'flag: boolean',
      ),
      errors: [{ messageId: 'heldAwait', line: 7, suggestions: [] }],
    },
    {
      name: 'no move: inside a loop',
      code: held(
        `for (const id of ids) {
  await notify(id);
}
await client.query('SELECT 1');`,
        'ids: number[]',
      ),
      errors: [{ messageId: 'heldAwait', line: 7, suggestions: [] }],
    },
    {
      name: 'no move: inside a try with a catch',
      code: held(`try {
  await notify(id);
} catch (e) {
  await client.query('INSERT INTO errors VALUES ($1)', [String(e)]);
}`),
      errors: [{ messageId: 'heldAwait', line: 7, suggestions: [] }],
    },
    {
      name: 'no move: inside a catch block',
      code: held(`try {
  await client.query('SELECT 1');
} catch {
  await notify(id);
}`),
      errors: [{ messageId: 'heldAwait', line: 9, suggestions: [] }],
    },
    {
      name: 'no move: a declaration with several declarators',
      code: held(`const point = await geocode(url), zoom = 3;
await client.query('SELECT $1, $2', [point, zoom]);`),
      errors: [{ messageId: 'heldAwait', line: 6, suggestions: [] }],
    },
    {
      name: 'no move: the await is part of a larger expression',
      code: held(`const total = 1 + Number(await geocode(url));
await client.query('SELECT $1', [total]);`),
      errors: [{ messageId: 'heldAwait', line: 6, suggestions: [] }],
    },
    {
      name: 'no move: return await',
      code: held(`await client.query('SELECT 1');
return await fetch(url);`),
      errors: [{ messageId: 'heldAwait', line: 7, suggestions: [] }],
    },
    {
      name: 'no move: the awaited expression contains a function',
      code: held(`await retry(() => fetch(url));
await client.query('SELECT 1');`),
      errors: [{ messageId: 'heldAwait', line: 6, suggestions: [] }],
    },
    {
      name: 'no move: the declared name is already taken where the await would land',
      code: `import pg from 'pg';
const pool = new pg.Pool();
declare function geocode(address: string): Promise<string>;
export async function f(address: string, point: string) {
  const client = await pool.connect();
  try {
    const point = await geocode(address);
    await client.query('SELECT $1', [point]);
  } finally {
    client.release();
  }
  return point;
}`,
      errors: [{ messageId: 'heldAwait', line: 7, suggestions: [] }],
    },
    {
      name: 'no move: Promise.all reads the handle',
      code: held(`await Promise.all([client.query('SELECT 1'), fetch(url)]);`),
      errors: [{ messageId: 'heldAwait', line: 6, suggestions: [] }],
    },
    {
      name: 'no move: for await',
      code: `import pg from 'pg';
const pool = new pg.Pool();
declare function lines(): AsyncIterable<string>;
export async function f() {
  const client = await pool.connect();
  try {
    for await (const line of lines()) await client.query('INSERT INTO t VALUES ($1)', [line]);
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 7, suggestions: [] }],
    },
    {
      name: 'no move: a scoped helper (the transaction cannot start later)',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
declare function notify(id: number): Promise<void>;
export async function f(id: number) {
  await db.transaction(async trx => {
    await notify(id);
    await trx('t').where({ id }).del();
  });
}`,
      errors: [{ messageId: 'heldInScope', line: 6, suggestions: [] }],
    },
    {
      name: 'no move: a callback checkout has no statement to move before',
      code: `import pg from 'pg';
const pool = new pg.Pool();
declare function notify(id: number): Promise<void>;
export function f(id: number) {
  pool.connect(async (err, client, done) => {
    if (err) return;
    await notify(id);
    await client.query('SELECT 1');
    done();
  });
}`,
      errors: [{ messageId: 'heldAwait', line: 7, suggestions: [] }],
    },
  ],
});

// ----- scope check ------------------------------------------------------------------------------------------

/** Every identifier reference of `code` with the declaration it resolves to (`global` when none). */
function bindings(code: string): string[] {
  const found: string[] = [];
  const probe: Rule.RuleModule = {
    create(context) {
      const sourceCode = context.sourceCode;
      const describeVariable = (variable: Scope.Variable): string => {
        const def = variable.defs[0];
        if (!def) return `implicit ${variable.name}`;
        // Whitespace is normalised: a moved statement is re-indented.
        if (def.type === 'Variable') return `variable ${sourceCode.getText(def.node).replace(/\s+/g, ' ')}`;
        if (def.type === 'Parameter') {
          const fn = variable.scope.block as { id?: { name: string } | null };
          return `parameter ${variable.name} of ${fn.id?.name ?? 'an anonymous function'}`;
        }
        return `${def.type} ${variable.name}`;
      };
      return {
        'Program:exit'() {
          for (const scope of sourceCode.scopeManager.scopes) {
            for (const reference of scope.references) {
              found.push(`${reference.identifier.type === 'Identifier' ? reference.identifier.name : '?'} -> ${reference.resolved ? describeVariable(reference.resolved) : 'global'}`);
            }
          }
        },
      };
    },
  };
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser as Linter.Parser, ecmaVersion: 'latest', sourceType: 'module' },
        plugins: { probe: { rules: { bindings: probe } } },
        rules: { 'probe/bindings': 'error' },
      },
    ],
    'example.ts',
  );
  expect(messages.filter(m => m.fatal)).toEqual([]);
  return found.sort();
}

describe('no-await-while-checked-out suggestions keep every identifier bound to the same declaration', () => {
  it.each(moves.map(([input, output], index) => [index, input, output] as const))('move %i', (_index, input, output) => {
    expect(bindings(output)).toEqual(bindings(input));
  });
});
