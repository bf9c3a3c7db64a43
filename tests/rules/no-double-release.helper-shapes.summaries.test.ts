/**
 * no-double-release across same-file helpers, in the shapes the oracle's functions mode found
 * wrong: a helper that releases on some of its paths (a second release around it may be one too),
 * a helper that releases in a `finally` and rethrows (released also when the call throws), and the
 * handles of static factories, tuples and helpers fed the caller's own parameter.
 */
import rule from '../../src/rules/no-double-release';
import { ruleTester } from '../rule-tester';

const pg = `import pg from 'pg';\nconst pool = new pg.Pool();\n`;

const finishIf = `function finishIf(c, on) { if (on) c.release(); }
`;
const finishAfter = `async function finishAfter(c) {
  try { await c.query('SELECT 0'); } finally { c.release(); }
}
`;
const session = `class Session {
  constructor(conn) { this.conn = conn; }
  close() { this.conn.release(); }
  static async open() { return new Session(await pool.connect()); }
}
`;
const tryOpen = `async function tryOpen() {
  try { return [null, await pool.connect()]; } catch (e) { return [e, null]; }
}
`;

ruleTester.run('no-double-release: helper shapes', rule, {
  valid: [
    {
      name: 'maybe-release: the caller releases on the branch the helper did not (same condition)',
      code: `${pg}${finishIf}export async function f(on: boolean) {
  const c = await pool.connect();
  finishIf(c, on);
  if (!on) c.release();
}`,
    },
    {
      name: 'maybe-release: the caller tests the same condition in a logical expression',
      code: `${pg}${finishIf}export async function f(opts: { keep: boolean }) {
  const c = await pool.connect();
  finishIf(c, !opts.keep);
  opts.keep && c.release();
}`,
    },
    {
      name: 'released in finally by the helper: a catch that does not release',
      code: `${pg}${finishAfter}export async function f() {
  const c = await pool.connect();
  try { await finishAfter(c); } catch (e) { console.error(e); }
}`,
    },
    {
      name: 'a helper that releases only after its await: a failing call has not released',
      code: `${pg}async function queryThenRelease(c) { await c.query('x'); c.release(); }
export async function f() {
  const c = await pool.connect();
  try { await queryThenRelease(c); } catch (e) { c.release(); }
}`,
    },
    {
      name: 'static factory: closed once',
      code: `${pg}${session}export async function f() {
  const s = await Session.open();
  s.close();
}`,
    },
    {
      name: 'tuple: released once, the error branch holds nothing',
      code: `${pg}${tryOpen}export async function f() {
  const [err, c] = await tryOpen();
  if (err) return;
  c.release();
}`,
    },
    {
      name: 'maybe-release behind a flag the first block sets',
      code: `${pg}${finishIf}export async function f(on: boolean) {
  const c = await pool.connect();
  let released = false;
  if (!released) { released = true; finishIf(c, on); }
  if (!released) c.release();
}`,
    },
  ],
  invalid: [
    {
      name: 'maybe-release, then an unconditional release',
      code: `${pg}${finishIf}export async function f(on: boolean) {
  const c = await pool.connect();
  finishIf(c, on);
  c.release();
}`,
      errors: [{ messageId: 'doubleRelease', line: 7, suggestions: [{ messageId: 'removeRelease', output: `import pg from 'pg';
const pool = new pg.Pool();
function finishIf(c, on) { if (on) c.release(); }
export async function f(on: boolean) {
  const c = await pool.connect();
  finishIf(c, on);
}` }] }],
    },
    {
      name: 'a release, then a maybe-release',
      code: `${pg}${finishIf}export async function f(on: boolean) {
  const c = await pool.connect();
  c.release();
  finishIf(c, on);
}`,
      errors: [{ messageId: 'doubleRelease', line: 7, suggestions: [{ messageId: 'removeRelease', output: `import pg from 'pg';
const pool = new pg.Pool();
function finishIf(c, on) { if (on) c.release(); }
export async function f(on: boolean) {
  const c = await pool.connect();
  c.release();
}` }] }],
    },
    {
      name: 'maybe-release in a loop',
      code: `${pg}${finishIf}export async function f(items: boolean[]) {
  const c = await pool.connect();
  for (const on of items) finishIf(c, on);
}`,
      errors: [{ messageId: 'releasedInLoop', line: 6 }],
    },
    {
      name: 'released in finally by the helper, then again in the catch of its failure',
      code: `${pg}${finishAfter}export async function f() {
  const c = await pool.connect();
  try { await finishAfter(c); } catch (e) { c.release(); }
}`,
      errors: [{ messageId: 'doubleRelease', line: 8, suggestions: [{ messageId: 'removeRelease', output: `import pg from 'pg';
const pool = new pg.Pool();
async function finishAfter(c) {
  try { await c.query('SELECT 0'); } finally { c.release(); }
}
export async function f() {
  const c = await pool.connect();
  try { await finishAfter(c); } catch (e) {  }
}` }] }],
    },
    {
      name: 'released in finally by a method, then again in the catch',
      code: `${pg}class Repo {
  async run(c) { try { await c.query('x'); } finally { c.release(); } }
}
const repo = new Repo();
export async function f() {
  const c = await pool.connect();
  try { await repo.run(c); } catch (e) { await Promise.resolve(c.release()); }
}`,
      errors: [{ messageId: 'doubleRelease', line: 9, suggestions: [{ messageId: 'removeRelease', output: `import pg from 'pg';
const pool = new pg.Pool();
class Repo {
  async run(c) { try { await c.query('x'); } finally { c.release(); } }
}
const repo = new Repo();
export async function f() {
  const c = await pool.connect();
  try { await repo.run(c); } catch (e) {  }
}` }] }],
    },
    {
      name: 'static factory: closed twice',
      code: `${pg}${session}export async function f() {
  const s = await Session.open();
  s.close();
  s.close();
}`,
      errors: [{ messageId: 'doubleRelease', line: 11, suggestions: [{ messageId: 'removeRelease', output: `import pg from 'pg';
const pool = new pg.Pool();
class Session {
  constructor(conn) { this.conn = conn; }
  close() { this.conn.release(); }
  static async open() { return new Session(await pool.connect()); }
}
export async function f() {
  const s = await Session.open();
  s.close();
}` }] }],
    },
    {
      name: 'static factory: closed in a loop',
      code: `${pg}${session}export async function f(n: number) {
  let s;
  s = await Session.open();
  for (let i = 0; i < n; i++) s?.close();
}`,
      errors: [{ messageId: 'releasedInLoop', line: 11 }],
    },
    {
      name: 'tuple: released twice',
      code: `${pg}${tryOpen}export async function f() {
  const [err, c] = await tryOpen();
  if (err) return;
  c.release();
  c.release();
}`,
      errors: [{ messageId: 'doubleRelease', line: 10, suggestions: [{ messageId: 'removeRelease', output: `import pg from 'pg';
const pool = new pg.Pool();
async function tryOpen() {
  try { return [null, await pool.connect()]; } catch (e) { return [e, null]; }
}
export async function f() {
  const [err, c] = await tryOpen();
  if (err) return;
  c.release();
}` }] }],
    },
    {
      name: 'untyped own parameter: the fresh checkout released twice',
      code: `${pg}async function openOr(given) { return given ?? pool.connect(); }
export async function f(given) {
  const c = await openOr(given);
  c.release();
  c.release();
}`,
      errors: [{ messageId: 'doubleRelease', line: 7, suggestions: [{ messageId: 'removeRelease', output: `import pg from 'pg';
const pool = new pg.Pool();
async function openOr(given) { return given ?? pool.connect(); }
export async function f(given) {
  const c = await openOr(given);
  c.release();
}` }] }],
    },
    {
      name: 'maybe-release, then a maybe-release behind a flag not yet set',
      code: `${pg}${finishIf}export async function f(a: boolean, b: boolean) {
  const c = await pool.connect();
  let released = false;
  finishIf(c, a);
  if (!released) { released = true; finishIf(c, b); }
}`,
      errors: [{ messageId: 'doubleRelease', line: 8, suggestions: [{ messageId: 'removeRelease', output: `import pg from 'pg';
const pool = new pg.Pool();
function finishIf(c, on) { if (on) c.release(); }
export async function f(a: boolean, b: boolean) {
  const c = await pool.connect();
  let released = false;
  finishIf(c, a);
}` }] }],
    },
  ],
});
