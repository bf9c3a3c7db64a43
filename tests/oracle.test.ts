// The executable oracle (scripts/oracle/): first the runner's own truth on programs whose answer
// is known by reading them, then a seeded sample of generated programs run (truth) and linted with
// the BUILT plugin (verdict; `npm test` builds first). Any disagreement outside the classes listed
// as known in scripts/oracle/rules.mjs fails, with the program, the run that shows the truth and
// what the analysis said. The long run is `npm run oracle` (docs/oracle.md).
import { describe, expect, it } from 'vitest';

// Dynamic imports: this test file is CommonJS for TypeScript, the scripts are ESM (types in .d.mts).
const runner = () => import('../scripts/oracle/run.mjs');
const oracle = () => import('../scripts/oracle/oracle.mjs');
const compare = () => import('../scripts/oracle/compare.mjs');

const HEADER = "import pg from 'pg';\nimport mysql from 'mysql2/promise';\nconst pool = new pg.Pool();\nconst myPool = mysql.createPool({});\n";

async function truth(body: string) {
  const result = (await runner()).truthOf(`${HEADER}${body}`);
  const f = (await result).get('f');
  if (!f) throw new Error('no function f');
  return { leak: f.leak, double: f.double, unplanned: f.unplanned };
}

describe('oracle runner: truth from execution', () => {
  it('a release in finally holds on every path, also when a query fails', async () => {
    expect(await truth("async function f(input) {\n  const c = await pool.connect();\n  try {\n    await c.query('x');\n    if (input[0]) return 1;\n  } finally {\n    c.release();\n  }\n}")).toEqual({ leak: false, double: false, unplanned: false });
  });

  it('a release on the success path only leaks when the query fails', async () => {
    expect(await truth("async function f() {\n  const c = await pool.connect();\n  await c.query('x');\n  c.release();\n}")).toMatchObject({ leak: true, double: false });
  });

  it('ownership moves per path: a throw before `return c` still leaks', async () => {
    const body = (guard: string) => `async function f(input) {\n  const c = await pool.connect();\n  ${guard}\n  return c;\n}`;
    expect(await truth(body(''))).toMatchObject({ leak: false });
    expect(await truth(body("if (input[0]) throw new Error('stop');"))).toMatchObject({ leak: true });
    expect(await truth("async function f(input, given, store) {\n  const c = await pool.connect();\n  store.push(c);\n}")).toMatchObject({ leak: false });
  });

  it('a release inside a loop releases twice from the second iteration; break through a releasing finally does not leak', async () => {
    expect(await truth('async function f(input) {\n  const c = await pool.connect();\n  for (let i = 0; i < input[0] + input[1]; i++) c.release();\n}')).toMatchObject({ leak: true, double: true });
    const breakThroughFinally = "async function f(input) {\n  for (let i = 0; i < 2; i++) {\n    const c = await pool.connect();\n    try {\n      if (input[0]) break;\n      await c.query('x');\n    } finally {\n      c.release();\n    }\n  }\n}";
    expect(await truth(breakThroughFinally)).toEqual({ leak: false, double: false, unplanned: false });
  });

  it('runs error-first callbacks: every path has to call done', async () => {
    const callback = (onError: string) =>
      `function f(input, given, store, cb) {\n  pool.connect((err, c, done) => {\n    if (err) return cb(err);\n    c.query('x', (qerr) => {\n      if (qerr) ${onError}\n      done();\n      cb(null);\n    });\n  });\n}`;
    expect(await truth(callback('return cb(qerr);'))).toMatchObject({ leak: true, double: false });
    expect(await truth(callback('{ done(qerr); return cb(qerr); }'))).toEqual({ leak: false, double: false, unplanned: false });
  });

  it('runs promise chains to settlement', async () => {
    expect(await truth("function f() {\n  return pool.connect().then(c => c.query('x').then(r => { c.release(); return r; }));\n}")).toMatchObject({ leak: true });
    expect(await truth("function f() {\n  return pool.connect().then(c => c.query('x').finally(() => c.release()));\n}")).toEqual({ leak: false, double: false, unplanned: false });
  });

  it('`await using` releases a disposable handle, and throws on a pg client (which then leaks)', async () => {
    expect(await truth("async function f() {\n  await using c = await myPool.getConnection();\n  await c.query('x');\n}")).toEqual({ leak: false, double: false, unplanned: false });
    expect(await truth("async function f() {\n  await using c = await pool.connect();\n  await c.query('x');\n}")).toMatchObject({ leak: true, unplanned: false });
  });

  it('a conditional checkout is owned on the fresh branch only', async () => {
    expect(await truth("async function f(input, given) {\n  const c = given ?? await pool.connect();\n  await c.query('x');\n}")).toMatchObject({ leak: true });
    expect(await truth("async function f(input, given) {\n  const c = given ?? await pool.connect();\n  try {\n    await c.query('x');\n  } finally {\n    if (!given) c.release();\n  }\n}")).toEqual({ leak: false, double: false, unplanned: false });
  });

  it('marks a run that throws an error nobody planned (an unset handle)', async () => {
    expect(await truth("async function f(input) {\n  let c;\n  if (input[0]) c = await pool.connect();\n  await c.query('x');\n  c.release();\n}")).toMatchObject({ unplanned: true });
  });
});

/** The truth of every unit (entries and helpers) of `body`: name → { leak, double, unplanned }. */
async function truths(body: string) {
  const result = await (await runner()).truthOf(`${HEADER}${body}`);
  return Object.fromEntries([...result].map(([name, t]) => [name, { leak: t.leak, double: t.double, unplanned: t.unplanned }]));
}

const CLEAN = { leak: false, double: false, unplanned: false };
const LEAK = { leak: true, double: false, unplanned: false };
const DOUBLE = { leak: false, double: true, unplanned: false };

describe('oracle runner: truth across same-file functions', () => {
  it('a helper that returns its checkout hands the obligation to its caller', async () => {
    const open = (f: string) => `function open() {\n  return pool.connect();\n}\n${f}`;
    expect(await truths(open("async function f() {\n  const c = await open();\n  try {\n    await c.query('x');\n  } finally {\n    c.release();\n  }\n}"))).toEqual({ f: CLEAN, open: CLEAN });
    expect(await truths(open("async function f() {\n  const c = await open();\n  await c.query('x');\n  c.release();\n}"))).toEqual({ f: LEAK, open: CLEAN });
    // Through two helpers: `openVia` returns what `open` returned.
    const via = 'async function openVia() {\n  const c = await open();\n  return c;\n}\nasync function f() {\n  await openVia();\n}';
    expect(await truths(open(via))).toEqual({ f: LEAK, open: CLEAN, openVia: CLEAN });
  });

  it('a helper that leaks its own checkout is the one that leaks, not its caller', async () => {
    const leaky = "async function open() {\n  const c = await pool.connect();\n  await c.query('SET x');\n  return c;\n}\nasync function f() {\n  const c = await open();\n  c.release();\n}";
    expect(await truths(leaky)).toEqual({ f: CLEAN, open: LEAK });
    const keeps = "async function work() {\n  const c = await pool.connect();\n  await c.query('x');\n}\nasync function f() {\n  await work();\n}";
    expect(await truths(keeps)).toEqual({ f: CLEAN, work: LEAK });
  });

  it('a helper that releases its parameter releases for its caller (once, twice, or only on some paths)', async () => {
    const finish = (body: string) => `function finish(c) {\n  c.release();\n}\nfunction finishIf(c, on) {\n  if (on) c.release();\n}\nasync function f(input) {\n  const c = await pool.connect();\n  ${body}\n}`;
    expect(await truths(finish('finish(c);'))).toMatchObject({ f: CLEAN, finish: CLEAN });
    expect(await truths(finish('c.release();\n  finish(c);'))).toMatchObject({ f: DOUBLE, finish: CLEAN });
    expect(await truths(finish('finishIf(c, input[0]);'))).toMatchObject({ f: LEAK, finishIf: CLEAN });
    expect(await truths(finish('finishIf(c, input[0]);\n  c.release();'))).toMatchObject({ f: DOUBLE, finishIf: CLEAN });
  });

  it('a class that owns a handle: the function that made the instance releases it by its method', async () => {
    const session = (f: string) => `class Session {\n  constructor(conn) {\n    this.conn = conn;\n  }\n  query(sql) {\n    return this.conn.query(sql);\n  }\n  close() {\n    this.conn.release();\n  }\n}\n${f}`;
    const closed = "async function f() {\n  const s = new Session(await pool.connect());\n  try {\n    await s.query('x');\n  } finally {\n    s.close();\n  }\n}";
    expect(await truths(session(closed))).toEqual({ f: CLEAN, Session: CLEAN, 'Session.query': CLEAN, 'Session.close': CLEAN });
    expect(await truths(session("async function f() {\n  const s = new Session(await pool.connect());\n  await s.query('x');\n}"))).toMatchObject({ f: LEAK });
    expect(await truths(session('async function f() {\n  const s = new Session(await pool.connect());\n  s.close();\n  s.close();\n}'))).toMatchObject({ f: DOUBLE, 'Session.close': CLEAN });
    // Returned, the instance (and the handle on its field) is the caller's.
    expect(await truths(session('async function f() {\n  return new Session(await pool.connect());\n}'))).toMatchObject({ f: CLEAN });
  });

  it('ES5 prototype methods and object-literal methods calling `this.helper()`', async () => {
    const es5 = 'function Db() {}\nDb.prototype.open = function () {\n  return pool.connect();\n};\nDb.prototype.ready = async function () {\n  const c = await this.open();\n  return c;\n};\nconst db = new Db();\n';
    const literal = 'const db = {\n  open() {\n    return pool.connect();\n  },\n  async ready() {\n    const c = await this.open();\n    return c;\n  },\n};\n';
    const leaks = "async function f() {\n  const c = await db.ready();\n  await c.query('x');\n  c.release();\n}";
    expect(await truths(es5 + leaks)).toEqual({ f: LEAK, 'Db.open': CLEAN, 'Db.ready': CLEAN });
    expect(await truths(literal + leaks)).toEqual({ f: LEAK, 'db.open': CLEAN, 'db.ready': CLEAN });
    const units = (await runner()).listUnits(HEADER + es5 + leaks);
    expect(units.map(u => `${u.name}:${u.kind}`)).toEqual(['Db:helper', 'Db.open:helper', 'Db.ready:helper', 'f:entry']);
  });

  it('a checkout inside the callback of another is each its own unit\'s', async () => {
    const nested = (outer: string, inner: string) =>
      `function open(cb) {\n  return pool.connect(cb);\n}\nfunction f(input, given, store, cb) {\n  pool.connect((err, c, done) => {\n    if (err) return cb(err);\n    open((e2, d, done2) => {\n      ${outer}\n      if (e2) return cb(e2);\n      ${inner}\n    });\n  });\n}`;
    expect(await truths(nested('done();', 'done2();'))).toEqual({ f: CLEAN, open: CLEAN });
    // `f` never releases `c`.
    expect(await truths(nested('', 'done2();'))).toEqual({ f: LEAK, open: CLEAN });
    // `open` hands its checkout to a callback, not to its caller: it stays open's.
    expect(await truths(nested('done();', ''))).toEqual({ f: CLEAN, open: LEAK });
  });

  it('a helper that catches everything cannot throw; a handle kept on a module-level object escaped', async () => {
    const tuple = "async function tryOpen() {\n  try {\n    return [null, await pool.connect()];\n  } catch (e) {\n    return [e, null];\n  }\n}\nasync function f() {\n  const [err, c] = await tryOpen();\n  if (err) return null;\n  try {\n    await c.query('x');\n  } finally {\n    c.release();\n  }\n}";
    expect(await truths(tuple)).toEqual({ f: CLEAN, tryOpen: CLEAN });
    const keeper = 'class Keeper {\n  constructor() {\n    this.kept = [];\n  }\n  keep(c) {\n    this.kept.push(c);\n  }\n}\nconst keeper = new Keeper();\nasync function f() {\n  const c = await pool.connect();\n  keeper.keep(c);\n}';
    expect(await truths(keeper)).toEqual({ f: CLEAN, 'Keeper.keep': CLEAN });
    // A local instance does not outlive the call: the handle on its field leaks.
    const local = keeper.replace('  keeper.keep(c);', '  new Keeper().keep(c);');
    expect(await truths(local)).toMatchObject({ f: LEAK });
  });
});

describe('oracle: generated programs, truth against the analysis', () => {
  // A few hundred programs, each run a few hundred times: ~15 s alone, more under a loaded `npm test`.
  it('a seeded sample agrees with the runs, except for the known classes', { timeout: 120_000 }, async () => {
    const { runOracle, summaryLine } = await oracle();
    const { knownClass } = await compare();
    const { totals, disagreements } = await runOracle({ seed: 1, count: 200 });
    const unknown = disagreements.filter(d => !knownClass(d.kind, d.text, d.code));
    const show = unknown.slice(0, 5).map(d => `seed ${d.seed} ${d.fn.name}: ${d.kind}; a run: ${JSON.stringify(d.kind.includes('leak') ? d.fn.truth.leakWitness : d.fn.truth.doubleWitness)}; analysis: ${d.fn.verdict.messages.join(' | ') || '(nothing)'}\n${d.text}`);
    expect(show, summaryLine(totals)).toEqual([]);
    // The sample exercises both verdicts of both rules.
    expect(totals.functions).toBeGreaterThan(250);
    expect(totals.leaks).toBeGreaterThan(50);
    expect(totals.functions - totals.leaks).toBeGreaterThan(50);
    expect(totals.doubles).toBeGreaterThan(50);
  });

  // The functions mode: a few dozen programs whose functions call same-file helpers (a few seconds).
  it('a seeded sample of programs with helpers agrees with the runs, except for the known classes', { timeout: 120_000 }, async () => {
    const { runOracle, summaryLine } = await oracle();
    const { knownClass } = await compare();
    const { totals, disagreements } = await runOracle({ seed: 1, count: 30, helpers: true });
    const unknown = disagreements.filter(d => !knownClass(d.kind, d.text, d.code));
    const show = unknown.slice(0, 5).map(d => `seed ${d.seed} ${d.fn.name}: ${d.kind}; a run: ${JSON.stringify(d.kind.includes('leak') ? d.fn.truth.leakWitness : d.fn.truth.doubleWitness)}; analysis: ${d.fn.verdict.messages.join(' | ') || '(nothing)'}\n${d.code}`);
    expect(show, summaryLine(totals)).toEqual([]);
    // The sample exercises helpers and both verdicts of functions under test.
    expect(totals.entries).toBeGreaterThan(50);
    expect(totals.helperUnits).toBeGreaterThan(50);
    expect(totals.leaks).toBeGreaterThan(10);
    expect(totals.doubles).toBeGreaterThan(10);
  });
});
