/**
 * no-leaked-connection across same-file helpers, in the shapes the oracle's functions mode found
 * wrong: a helper that keeps its parameter (an escape) or only borrows it (no hand-off), a release
 * on some of a helper's paths, a static factory that returns an object holding its checkout, a
 * helper fed the caller's own untyped parameter, a checkout returned inside a tuple, and a chain
 * link that releases through such a helper.
 */
import rule from '../../src/rules/no-leaked-connection';
import { ruleTester } from '../rule-tester';

const pg = `import pg from 'pg';\nconst pool = new pg.Pool();\n`;

const keeper = `class Keeper {
  kept = [];
  keep(c) { this.kept.push(c); }
}
const keeper = new Keeper();
`;
const registry = `const open = [];
function track(conn) { open.push(conn); }
`;
const tryQuery = `async function tryQuery(c, sql) {
  try { return [null, await c.query(sql)]; } catch (e) { return [e, null]; }
}
`;
const finishIf = `function finishIf(c, on) { if (on) c.release(); }
`;
const session = `class Session {
  constructor(conn) { this.conn = conn; }
  query(sql) { return this.conn.query(sql); }
  close() { this.conn.release(); }
  static async open() { return new Session(await pool.connect()); }
}
`;
const es5Session = `function Session(conn) { this.conn = conn; }
Session.prototype.dispose = function () { this.conn.release(); };
Session.create = async function () { return new Session(await pool.connect()); };
`;
const tryOpen = `async function tryOpen() {
  try { return [null, await pool.connect()]; } catch (e) { return [e, null]; }
}
`;

ruleTester.run('no-leaked-connection: helper shapes', rule, {
  valid: [
    {
      name: 'keeps: a method that stores its parameter on a field of a module-level object takes the handle over',
      code: `${pg}${keeper}export async function f(x: boolean) {
  const c = await pool.connect();
  if (x) { c.release(); return; }
  keeper.keep(c);
}`,
    },
    {
      name: 'keeps: a function that pushes its parameter onto a module-level list takes the handle over',
      code: `${pg}${registry}export async function f(x: boolean) {
  const c = await pool.connect();
  if (x) c.release();
  else track(c);
}`,
    },
    {
      name: 'keeps: a method that assigns its parameter to a field of the instance',
      code: `${pg}class Holder {
  hold(conn) { this.current = conn; }
}
const holder = new Holder();
export async function f(x: boolean) {
  const c = await pool.connect();
  if (x) { c.release(); return; }
  holder.hold(c);
}`,
    },
    {
      name: 'borrows: a query helper that cannot throw, inside try/finally',
      code: `${pg}${tryQuery}export async function f() {
  const c = await pool.connect();
  try {
    if ((await tryQuery(c, 'x'))[0]) return null;
    await tryQuery(c, 'y');
  } finally {
    c.release();
  }
}`,
    },
    {
      name: 'static factory: released in finally through the owning class',
      code: `${pg}${session}export async function f() {
  const s = await Session.open();
  try { await s.query('x'); } finally { s.close(); }
}`,
    },
    {
      name: 'static factory of an ES5 constructor: released on every path',
      code: `${pg}${es5Session}export async function f() {
  const s = await Session.create();
  try { await s.query('x'); } finally { s.dispose(); }
}`,
    },
    {
      name: 'owning object assigned to a let: released in finally',
      code: `${pg}${session}export async function f() {
  let s;
  s = new Session(await pool.connect());
  try { await s.query('x'); } finally { s.close(); }
}`,
    },
    {
      name: 'untyped own parameter: the caller releases only what it checked out',
      code: `${pg}async function openOr(given) { return given ?? pool.connect(); }
export async function f(given) {
  const c = await openOr(given);
  try { await c.query('x'); } finally { if (!given) c.release(); }
}`,
    },
    {
      name: 'typed, never absent parameter: the helper returns it, nothing is checked out',
      code: `${pg}async function openOr(given?: pg.PoolClient) { return given ?? pool.connect(); }
export async function f(conn: pg.PoolClient) {
  const c = await openOr(conn);
  await c.query('x');
}`,
    },
    {
      name: 'tuple: the error element says no handle came back',
      code: `${pg}${tryOpen}export async function f() {
  const [err, c] = await tryOpen();
  if (err) return null;
  try { return await c.query('x'); } finally { c.release(); }
}`,
    },
    {
      name: 'tuple: the handle element tested itself',
      code: `${pg}${tryOpen}export async function f() {
  const [, c] = await tryOpen();
  if (!c) return null;
  try { await c.query('x'); } finally { c.release(); }
}`,
    },
    {
      name: 'tuple: a helper of the tuple helper hands the handle on',
      code: `${pg}${tryOpen}async function openOrNull() {
  const [err, c] = await tryOpen();
  return c;
}
export async function f() {
  const c = await openOrNull();
  try { await c.query('x'); } finally { c.release(); }
}`,
    },
  ],
  invalid: [
    {
      name: 'borrows: a query helper is no hand-off, the handle is never released',
      code: `${pg}${tryQuery}export async function f() {
  const c = await pool.connect();
  if ((await tryQuery(c, 'x'))[0]) return null;
}`,
      errors: [{ messageId: 'neverReleased', line: 7, suggestions: [{ messageId: 'wrapInFinally', output: `import pg from 'pg';
const pool = new pg.Pool();
async function tryQuery(c, sql) {
  try { return [null, await c.query(sql)]; } catch (e) { return [e, null]; }
}
export async function f() {
  const c = await pool.connect();
  try {
    if ((await tryQuery(c, 'x'))[0]) return null;
  } finally {
    c.release();
  }
}` }] }],
    },
    {
      name: 'borrows: a helper that only reads the handle, then an early return before the release',
      code: `${pg}function describe(c) { return c && c.processID; }
export async function f(x: boolean) {
  const c = await pool.connect();
  describe(c);
  if (x) return;
  c.release();
}`,
      errors: [{ messageId: 'earlyReturn', line: 5, suggestions: [{ messageId: 'wrapInFinally', output: `import pg from 'pg';
const pool = new pg.Pool();
function describe(c) { return c && c.processID; }
export async function f(x: boolean) {
  const c = await pool.connect();
  try {
    describe(c);
    if (x) return;
  } finally {
    c.release();
  }
}` }] }],
    },
    {
      name: 'maybe-release: the only release is a helper that releases when its argument says so',
      code: `${pg}${finishIf}export async function f(on: boolean) {
  const c = await pool.connect();
  await c.query('x');
  finishIf(c, on);
}`,
      errors: [{ messageId: 'endWithoutRelease', line: 5 }],
    },
    {
      name: 'maybe-release: in a callback of the handle, some paths of the callback keep it',
      code: `${pg}${finishIf}export function f(on: boolean) {
  pool.connect((err, c, done) => {
    if (err) return;
    c.query('x', () => finishIf(c, on));
  });
}`,
      errors: [{ messageId: 'callbackPath', line: 5 }],
    },
    {
      name: 'maybe-release: a rejection handler that releases on some paths does not cover the chain',
      code: `${pg}${finishIf}export function f(on: boolean) {
  return pool.connect().then(c => c.query('x').then(() => { c.release(); }, err => { finishIf(c, on); throw err; }));
}`,
      errors: [{ messageId: 'promiseChain', line: 5 }],
    },
    {
      name: 'maybe-release: a .finally that releases on some paths does not cover the chain',
      code: `${pg}${finishIf}export function f(on: boolean) {
  return pool.connect().then(c => c.query('x').finally(() => finishIf(c, on)).then(() => { c.release(); }));
}`,
      errors: [{ messageId: 'promiseChain', line: 5 }],
    },
    {
      name: 'static factory: the object is dropped',
      code: `${pg}${session}export async function f() {
  const s = await Session.open();
  await s.query('x');
}`,
      errors: [{ messageId: 'helperNeverReleased', line: 10, suggestions: [{ messageId: 'wrapInFinally', output: `import pg from 'pg';
const pool = new pg.Pool();
class Session {
  constructor(conn) { this.conn = conn; }
  query(sql) { return this.conn.query(sql); }
  close() { this.conn.release(); }
  static async open() { return new Session(await pool.connect()); }
}
export async function f() {
  const s = await Session.open();
  try {
    await s.query('x');
  } finally {
    s.close();
  }
}` }] }],
    },
    {
      name: 'static factory of an ES5 constructor: released only when the query succeeds',
      code: `${pg}${es5Session}export async function f() {
  const s = await Session.create();
  await s.query('x');
  s.dispose();
}`,
      errors: [{ messageId: 'helperThrows', line: 7, suggestions: [{ messageId: 'wrapInFinally', output: `import pg from 'pg';
const pool = new pg.Pool();
function Session(conn) { this.conn = conn; }
Session.prototype.dispose = function () { this.conn.release(); };
Session.create = async function () { return new Session(await pool.connect()); };
export async function f() {
  const s = await Session.create();
  try {
    await s.query('x');
  } finally {
    s.dispose();
  }
}` }] }],
    },
    {
      name: 'static factory behind another helper',
      code: `${pg}${session}async function openSession() { return Session.open(); }
export async function f() {
  const s = await openSession();
  await s.query('x');
}`,
      errors: [{ messageId: 'helperNeverReleased', line: 11, suggestions: [{ messageId: 'wrapInFinally', output: `import pg from 'pg';
const pool = new pg.Pool();
class Session {
  constructor(conn) { this.conn = conn; }
  query(sql) { return this.conn.query(sql); }
  close() { this.conn.release(); }
  static async open() { return new Session(await pool.connect()); }
}
async function openSession() { return Session.open(); }
export async function f() {
  const s = await openSession();
  try {
    await s.query('x');
  } finally {
    s.close();
  }
}` }] }],
    },
    {
      name: 'owning object assigned to a let and dropped',
      code: `${pg}${session}export async function f() {
  let s;
  s = new Session(await pool.connect());
}`,
      errors: [{ messageId: 'neverReleased', line: 11 }],
    },
    {
      name: 'untyped own parameter: the fresh checkout is never released',
      code: `${pg}async function openOr(given) { return given ?? pool.connect(); }
export async function f(given) {
  const c = await openOr(given);
  await c.query('x');
}`,
      errors: [{ messageId: 'helperNeverReleased', line: 5 }],
    },
    {
      name: 'untyped own parameter of an arrow: released only on success',
      code: `${pg}const openOr = async (given) => given ?? pool.connect();
export const f = async (given) => {
  const c = await openOr(given);
  await c.query('x');
  if (!given) c.release();
};`,
      errors: [{ messageId: 'helperThrows', line: 5 }],
    },
    {
      name: 'tuple: the handle is never released',
      code: `${pg}${tryOpen}export async function f() {
  const [err, c] = await tryOpen();
  if (err) return null;
  await c.query('x');
}`,
      errors: [{ messageId: 'helperNeverReleased', line: 7 }],
    },
    {
      name: 'tuple: the handle element is not bound at all',
      code: `${pg}${tryOpen}export async function f() {
  const [err] = await tryOpen();
  return err;
}`,
      errors: [{ messageId: 'discarded', line: 7 }],
    },
    {
      name: 'tuple: released only when the query succeeds',
      code: `${pg}${tryOpen}export async function f() {
  const [err, c] = await tryOpen();
  if (err) throw err;
  await c.query('x');
  c.release();
}`,
      errors: [{ messageId: 'helperThrows', line: 7 }],
    },
    {
      name: 'chain: a later rejection handler that swallows without releasing covers nothing',
      code: `${pg}export function f() {
  return pool.connect().then(c => c.query('x').then(() => { c.release(); }).then(() => { c.release(); }, err => {}));
}`,
      errors: [{ messageId: 'promiseChain', line: 4 }],
    },
    {
      name: 'chain: the same through release helpers',
      code: `${pg}function finish(c) { c.release(); }
export function f() {
  return pool.connect().then(c => c.query('x').then(() => finish(c)).then(() => finish(c), () => null));
}`,
      errors: [{ messageId: 'promiseChain', line: 5 }],
    },
  ],
});
