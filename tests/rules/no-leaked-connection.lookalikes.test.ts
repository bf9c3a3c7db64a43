/**
 * no-leaked-connection: the name heuristic (a receiver named `pool`, `*Pool` is a pool) needs the
 * code not to say otherwise. A variable or class field whose every stored value is plainly something
 * else (a construction that is not a driver's: a local class, a standard global, another library's
 * class; a literal, a function) is not a pool. Imports, parameters, injected fields and values from
 * calls (`createPool()` of the app's own module) keep the heuristic.
 */
import rule from '../../src/rules/no-leaked-connection';
import { ruleTester } from '../rule-tester';

/** `client` checked out of `receiver` in an exported function, never released; the suggestion wraps the rest in try/finally. */
function neverReleased(name: string, header: string, receiver: string) {
  const code = `${header}
export async function f() {
  const client = await ${receiver}.connect();
  await client.query('SELECT 1');
}`;
  const output = `${header}
export async function f() {
  const client = await ${receiver}.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`;
  const line = header.split('\n').length + 2;
  return { name, code, errors: [{ messageId: 'neverReleased' as const, line, data: { handle: 'client', releaseCall: '`client.release()`' }, suggestions: [{ messageId: 'wrapInFinally' as const, output }] }] };
}

/** A method's checkout (`client`, line `line`) used by `await client.query('SELECT 1');` and never released. */
function methodNeverReleased(name: string, code: string, line: number) {
  const use = `    await client.query('SELECT 1');`;
  const output = code.replace(use, `    try {\n  ${use}\n    } finally {\n      client.release();\n    }`);
  return { name, code, errors: [{ messageId: 'neverReleased' as const, line, data: { handle: 'client', releaseCall: '`client.release()`' }, suggestions: [{ messageId: 'wrapInFinally' as const, output }] }] };
}

ruleTester.run('no-leaked-connection (names that are not pools)', rule, {
  valid: [
    {
      name: 'a class field initialised in the constructor with a local class (a pool of browser pages)',
      code: `class PagePool {
  async acquire() { return { goto: async (url: string) => url }; }
  release(page: unknown) {}
}
export class Scraper {
  private pool: PagePool;
  constructor() {
    this.pool = new PagePool();
  }
  async run(url: string) {
    const page = await this.pool.acquire();
    await page.goto(url);
  }
}`,
    },
    {
      name: 'a class field initialiser constructing another library (a pool of workers)',
      code: `import Piscina from 'piscina';
export class Renderer {
  readonly #workerPool = new Piscina({ filename: './worker.js' });
  async render(job: unknown) {
    const worker = await this.#workerPool.acquire();
    return worker;
  }
}`,
    },
    {
      name: 'a variable holding a standard collection',
      code: `import { Worker } from 'node:worker_threads';
const pool = new Set<Worker>();
export async function f(pick: (p: Set<Worker>) => Promise<Worker>) {
  const worker = await pick(pool);
  const conn = await (pool as any).connect();
  return [worker, conn];
}`,
    },
    {
      name: 'a variable assigned only object literals and local classes',
      code: `class SocketPool { async connect() { return { send: async (x: string) => x }; } }
let pool: { connect(): Promise<{ send(x: string): Promise<string> }> };
pool = new SocketPool();
export function reset() {
  pool = { connect: async () => ({ send: async (x: string) => x }) };
}
export async function f() {
  const socket = await pool.connect();
  await socket.send('x');
}`,
    },
    {
      name: 'a class field written under a quoted key and through a computed member with local classes only',
      code: `class PagePool {
  async acquire() { return { goto: async (url: string) => url }; }
  release(page: unknown) {}
}
export class Scraper {
  'pool' = new PagePool();
  reset() {
    this['pool'] = new PagePool();
  }
  async run(url: string) {
    const page = await this.pool.acquire();
    await page.goto(url);
  }
}`,
    },
  ],
  invalid: [
    neverReleased('a pool imported from the app’s own module keeps the name heuristic', `import { pool } from './db';`, 'pool'),
    neverReleased('a pool made by a call of the app’s own module keeps the name heuristic', `import { createPool } from './db';\nconst pool = createPool();`, 'pool'),
    neverReleased('a pool constructed from an undeclared global may be a driver’s', `declare const Pool: new () => any;\nconst pool = new Pool();`, 'pool'),
    methodNeverReleased(
      'an injected field keeps the name heuristic, even when a default is constructed locally',
      `class LocalPool { async connect() { return { query: async (q: string) => q, release() {} }; } }
export class Repo {
  constructor(private readonly pool: LocalPool = new LocalPool()) {}
  async find() {
    const client = await this.pool.connect();
    await client.query('SELECT 1');
  }
}`,
      5,
    ),
    // The escaped name is the same field: the writes are read from the nodes, not the text.
    methodNeverReleased(
      'a field also assigned a call under an escaped name keeps the name heuristic',
      `class LocalPool { async connect() { return { query: async (q: string) => q, release() {} }; } }
declare function createPool(): LocalPool;
export class Repo {
  pool = new LocalPool();
  reset() {
    this.p\\u006fol = createPool();
  }
  async find() {
    const client = await this.pool.connect();
    await client.query('SELECT 1');
  }
}`,
      9,
    ),
    // An identity escape in a string key (`'p\\ool'` is `'pool'`) spells the same field.
    methodNeverReleased(
      'a field also assigned a call under a key with an identity escape keeps the name heuristic',
      `class LocalPool { async connect() { return { query: async (q: string) => q, release() {} }; } }
declare function createPool(): LocalPool;
export class Repo {
  pool = new LocalPool();
  reset() {
    this['p\\ool'] = createPool();
  }
  async find() {
    const client = await this.pool.connect();
    await client.query('SELECT 1');
  }
}`,
      9,
    ),
  ],
});
