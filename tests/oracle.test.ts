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

describe('oracle: generated programs, truth against the analysis', () => {
  // A few hundred programs, each run a few hundred times: ~15 s alone, more under a loaded `npm test`.
  it('a seeded sample agrees with the runs, except for the known classes', { timeout: 120_000 }, async () => {
    const { runOracle, summaryLine } = await oracle();
    const { knownClass } = await compare();
    const { totals, disagreements } = await runOracle({ seed: 1, count: 200 });
    const unknown = disagreements.filter(d => !knownClass(d.kind, d.text));
    const show = unknown.slice(0, 5).map(d => `seed ${d.seed} ${d.fn.name}: ${d.kind}; a run: ${JSON.stringify(d.kind.includes('leak') ? d.fn.truth.leakWitness : d.fn.truth.doubleWitness)}; analysis: ${d.fn.verdict.messages.join(' | ') || '(nothing)'}\n${d.text}`);
    expect(show, summaryLine(totals)).toEqual([]);
    // The sample exercises both verdicts of both rules.
    expect(totals.functions).toBeGreaterThan(250);
    expect(totals.leaks).toBeGreaterThan(50);
    expect(totals.functions - totals.leaks).toBeGreaterThan(50);
    expect(totals.doubles).toBeGreaterThan(50);
  });
});
