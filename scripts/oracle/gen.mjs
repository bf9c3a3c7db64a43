// Programs the oracle can both lint and RUN: checkouts of an instrumented pool (imported from 'pg',
// or 'mysql2/promise' for disposable handles) in the shapes where path reasoning goes wrong:
// try/catch/finally with every jump (return, throw, break, continue, labelled break/continue)
// inside loops and nested try, switch fall-through, early returns, guards (`if (c)`, `c?.`),
// releases in value positions, flags, releases inside loops, handles returned or stored on one
// path, conditional checkouts (`given ?? pool.connect()`), `await using`, error-first callbacks
// and `.then` chains.
//
// Runnable by construction: every branch reads an input (`input[i]`, or `input[i] === <loop
// index>` inside a loop), every loop runs at most twice, the only calls are driver calls, `log()`
// (a no-op) and `store.push()`. Throwing points therefore are exactly what the analysis assumes
// (see scripts/oracle/rules.mjs, "conventions"): awaited driver calls and `throw` statements in
// async functions; the driver's callbacks get errors as arguments; `.then` callbacks throw only
// through a rejected promise or `throw`.
//
// Deterministic: generateOracleProgram(seed) always returns the same text.
import { createRandom } from '../domain-gen.mjs';
import { createKit } from './helpers.mjs';
import { MAX_INPUTS } from './run.mjs';

const indent = lines => lines.map(l => `  ${l}`);
const block = (header, body, end = '}') => [header, ...indent(body), end];

const DRIVERS = {
  pg: { pool: 'pool', acquire: 'pool.connect()' },
  mysql2: { pool: 'myPool', acquire: 'myPool.getConnection()' },
};

/** State of the function being generated. */
function newContext(r, mode) {
  const g = { r, mode, inputs: 0, loopVars: 0, loops: [], breakables: [], inHandler: 0, acquires: 0, flag: false, statements: 0, inTry: 0 };
  // For helpers.mjs: a release helper may take a condition, read here like every other.
  g.condition = () => condition(g);
  g.canBranch = () => canBranch(g);
  return g;
}

/** A fresh input index: conditions never share one (the runs would correlate them, the analysis cannot). */
const nextInput = g => g.inputs++;
/** Inputs a condition needs: inside a loop one per iteration (`input[a + i]`), so iterations differ independently. */
const conditionCost = g => (g.loops.length ? 2 : 1);
const canBranch = (g, cost = conditionCost(g)) => g.inputs + cost <= MAX_INPUTS;

function condition(g) {
  const loop = g.loops.at(-1);
  const index = nextInput(g);
  if (loop) nextInput(g);
  const read = loop ? `input[${index} + ${loop.variable}]` : `input[${index}]`;
  return g.r.chance(0.15) ? `!${read}` : read;
}

function releaseStatement(g) {
  const r = g.r;
  // A `let` handle may still be unset where the release runs: release it behind a guard.
  // `%R%` is the release (`c.release()`), `%Q%` the one guarded by `?.`; helpers.mjs may write others.
  const forms =
    g.mode === 'let'
      ? ['if (c) %R%;', '%Q%;']
      : ['%R%;', '%R%;', 'void %R%;', 'await Promise.resolve(%R%);', 'if (c) %R%;', '%Q%;'];
  if (g.flag) forms.push('released = true;\n%Q%;', 'if (!released) {\n  released = true;\n  %Q%;\n}', 'if (!released) %Q%;');
  return releaseText(g, r.pick(forms)).split('\n');
}

/** Fills the release placeholders: the driver's own release, or (with helpers) a same-file one. */
function releaseText(g, template) {
  // A callback or a chain writes no `await` (and has no per-function style): `plainRelease`.
  const release = () => (!g.kit ? 'c.release()' : g.kit.release ? g.kit.release(g) : g.kit.plainRelease(g, false));
  return template.replace(/%R%/g, release).replace(/%Q%/g, () => (g.kit ? g.kit.optionalRelease(g) : 'c?.release()'));
}

function jump(g) {
  const r = g.r;
  const options = ['return;', 'return null;', 'return c;', 'return %R%;', "throw new Error('stop');"];
  const loop = g.loops.at(-1);
  if (g.breakables.length) options.push('break;', 'break;');
  if (loop) options.push('continue;', 'continue;');
  for (const l of g.loops) if (l.label) options.push(`break ${l.label};`, `continue ${l.label};`);
  return releaseText(g, r.pick(options));
}

/** A list of statements; stops after a jump (what follows would be dead code). */
function statements(g, depth, count) {
  const out = [];
  for (let n = 0; n < count && g.statements < 24; n++) {
    const [lines, jumped] = statement(g, depth);
    out.push(...lines);
    if (jumped) break;
  }
  return out;
}

function statement(g, depth) {
  const r = g.r;
  g.statements++;
  const deep = depth >= 3;
  let roll = r.int(deep ? 10 : 22);
  // Out of inputs: no more branches, loops or switches (a shared input would correlate them).
  if ((roll >= 6 && roll <= 12 && !canBranch(g)) || ((roll === 17 || roll === 18 || roll === 19) && !canBranch(g, 2))) roll = 0;
  if (g.mode === 'let' && g.acquires === 1 && r.chance(0.1)) {
    g.acquires++;
    return [[`c = ${acquireText(g)};`], false];
  }
  switch (roll) {
    case 0:
    case 1:
    case 2:
      // In a catch or finally a `let` handle may be unset (the checkout failed): no query there.
      return [[g.mode === 'let' && g.inHandler ? "log('x');" : (g.kit?.query(g, 'SELECT 1') ?? "await c.query('SELECT 1');")], false];
    case 3:
    case 4:
      return [releaseStatement(g), false];
    case 5:
      return [[r.pick(["log('x');", g.kit?.store(g) ?? 'store.push(c);'])], false];
    case 6:
    case 7:
    case 8:
    case 9:
      // An early exit under a condition.
      return [block(`if (${condition(g)}) {`, [...(r.chance(0.3) ? releaseStatement(g) : []), jump(g)]), false];
    case 10:
    case 11:
    case 12: {
      const lines = block(`if (${condition(g)}) {`, statements(g, depth + 1, 1 + r.int(2)));
      if (r.chance(0.4)) lines.splice(-1, 1, '} else {', ...indent(statements(g, depth + 1, 1 + r.int(2))), '}');
      return [lines, false];
    }
    case 13:
    case 14:
    case 15:
    case 16:
      return [tryStatement(g, depth), false];
    case 17:
    case 18:
      return [loopStatement(g, depth), false];
    case 19:
      return [switchStatement(g, depth), false];
    case 20:
      return [[jump(g)], true];
    default:
      return [[g.mode === 'let' && g.inHandler ? "log('y');" : "await c.query('UPDATE t SET n = n + 1');"], false];
  }
}

function tryStatement(g, depth) {
  const r = g.r;
  g.inTry++;
  // `let c; try { c = await pool.connect(); … } finally { c?.release(); }`
  const acquire = g.mode === 'let' && g.acquires === 0 ? [`c = ${acquireText(g)};`] : [];
  if (acquire.length) g.acquires++;
  const body = [...acquire, ...statements(g, depth + 1, 1 + r.int(3))];
  g.inTry--;
  const shape = r.int(3);
  const lines = ['try {', ...indent(body)];
  g.inHandler++;
  if (shape !== 1) {
    const handler = statements(g, depth + 1, r.int(2));
    if (r.chance(0.5)) handler.push(r.pick(['throw e;', 'return null;']));
    lines.push('} catch (e) {', ...indent(handler));
  }
  if (shape !== 0) lines.push('} finally {', ...indent(r.chance(0.6) ? releaseStatement(g) : statements(g, depth + 1, 1 + r.int(2))));
  g.inHandler--;
  lines.push('}');
  return lines;
}

function loopStatement(g, depth) {
  const r = g.r;
  if (g.loops.length >= 2) return ["await c.query('SELECT 2');"];
  const variable = `i${g.loopVars++}`;
  // The bound reads inputs: a loop may run 0, 1 or 2 times (the analysis cannot know it runs).
  const bound = `input[${nextInput(g)}] + input[${nextInput(g)}]`;
  const label = r.chance(0.4) ? `l${variable.slice(1)}` : null;
  g.loops.push({ variable, label });
  g.breakables.push('loop');
  const body = statements(g, depth + 1, 1 + r.int(3));
  g.loops.pop();
  g.breakables.pop();
  return block(`${label ? `${label}: ` : ''}for (let ${variable} = 0; ${variable} < ${bound}; ${variable}++) {`, body);
}

function switchStatement(g, depth) {
  const r = g.r;
  // A number (0, 1 or 2), so that each case can be taken.
  const discriminant = `input[${nextInput(g)}] + input[${nextInput(g)}]`;
  g.breakables.push('switch');
  const cases = [0, 1].map(k => [`case ${k}:`, ...indent(statements(g, depth + 1, 1 + r.int(2)))]);
  if (r.chance(0.5)) cases[1].push('  break;');
  const fallback = ['default:', ...indent(statements(g, depth + 1, 1))];
  g.breakables.pop();
  return block(`switch (${discriminant}) {`, [...cases.flat(), ...fallback]);
}

// ----- function shapes -------------------------------------------------------------------------

/** The checkout, `await pool.connect()`, or (with helpers) a same-file function or class that makes one. */
const acquireText = g => g.kit?.acquire(g) ?? `await ${g.driver.acquire}`;

/** An async function around one checkout (`kit`: the program's same-file helpers, see helpers.mjs). */
function asyncFunction(name, r, kit) {
  const usingDriver = r.chance(0.08) ? r.pick(['pg', 'mysql2']) : null;
  const mode = usingDriver ? 'using' : r.pick(['const', 'const', 'const', 'let', 'let', 'given']);
  const g = newContext(r, mode);
  g.driver = DRIVERS[usingDriver ?? 'pg'];
  g.flag = mode !== 'using' && r.chance(0.25);
  const head = [];
  g.kit = kit?.forFunction(g) ?? null;
  if (mode === 'const') head.push(...(g.kit?.head(g) ?? [`const c = ${acquireText(g)};`]));
  if (mode === 'given') head.push(g.kit?.givenHead(g) ?? `const c = given ?? await ${g.driver.acquire};`);
  if (mode === 'using') head.push(`await using c = await ${g.driver.acquire};`);
  if (mode === 'let') head.push('let c;');
  if (g.flag) head.push('let released = false;');
  let body;
  const skeleton = r.int(6);
  if (skeleton === 0) body = statements(g, 0, 2 + r.int(4));
  else if (skeleton === 1 || skeleton === 2) body = tryStatement(g, 0);
  else if (skeleton === 3) body = [...statements(g, 0, 1 + r.int(3)), ...releaseStatement(g)];
  else if (skeleton === 4) {
    g.inTry++;
    const inner = statements(g, 1, 1 + r.int(3));
    g.inTry--;
    body = ['try {', ...indent(inner), '} finally {', ...indent(releaseStatement(g)), '}'];
  } else body = loopStatement(g, 0);
  if (mode === 'let' && g.acquires === 0) head.push(`c = ${acquireText(g)};`);
  return block(`async function ${name}(input, given, store) {`, [...head, ...body]);
}

/** pg's error-first callback form: every path of the callback has to call `done` / `release`. */
function callbackFunction(name, r, kit) {
  const g = newContext(r, 'callback');
  g.kit = kit;
  const body = [];
  // Without an error branch `c` is unset after a failed checkout (a TypeError, not a leak question).
  const errorBranch = r.pick(['if (err) return cb(err);', 'if (err) {\n  done();\n  return cb(err);\n}', 'if (err) throw err;', 'if (err) return cb(err);']);
  body.push(...errorBranch.split('\n'));
  body.push(...callbackStatements(g, 0, 1 + r.int(3)));
  const open = r.chance(0.5) ? 'pool.connect((err, c, done) => {' : 'pool.connect(function (err, c, done) {';
  return block(`function ${name}(input, given, store, cb) {`, block(open, body, '});'));
}

function callbackStatements(g, depth, count) {
  const r = g.r;
  const out = [];
  for (let n = 0; n < count; n++) {
    const roll = r.int(depth >= 2 ? 7 : 10);
    if (roll <= 1) out.push(releaseText(g, r.pick(['done();', '%R%;', 'done(err);'])));
    else if (roll === 2) out.push(r.pick(['cb(null);', 'store.push(c);']));
    else if (roll === 3) {
      out.push(r.pick(['return cb(null);', 'return;', "throw new Error('stop');"]));
      break;
    } else if (roll <= 6 && canBranch(g)) {
      const lines = block(`if (${condition(g)}) {`, callbackStatements(g, depth + 1, 1 + r.int(2)));
      if (r.chance(0.4)) lines.splice(-1, 1, '} else {', ...indent(callbackStatements(g, depth + 1, 1 + r.int(2))), '}');
      out.push(...lines);
    } else if (roll === 7) out.push(r.pick(["c.query('SELECT 1', done);", "c.query('SELECT 1', () => done());"]));
    else {
      const inner = [];
      if (r.chance(0.7)) inner.push(...r.pick(['if (qerr) return cb(qerr);', 'if (qerr) {\n  done(qerr);\n  return cb(qerr);\n}', 'if (qerr) throw qerr;']).split('\n'));
      inner.push(...callbackStatements(g, depth + 1, 1 + r.int(2)));
      out.push(...block("c.query('SELECT 1', (qerr, res) => {", inner, '});'));
    }
  }
  return out;
}

/** A `.then` chain on the checkout; links release on success, on failure, or always. */
function chainFunction(name, r, kit) {
  const g = newContext(r, 'chain');
  g.kit = kit;
  const links = [];
  for (let n = r.int(4); n > 0; n--) {
    links.push(
      r.pick([
        ".then(res => c.query('SELECT 2'))",
        '.then(res => {\n  c.release();\n  return res;\n})',
        '.then(res => {\n  c.release();\n  return res;\n}, err => {\n  c.release();\n  throw err;\n})',
        '.catch(err => {\n  c.release();\n  throw err;\n})',
        '.catch(err => null)',
        '.finally(() => c.release())',
        `.then(res => {\n  if (${condition(g)}) c.release();\n  return res;\n})`,
      ]),
    );
  }
  // With helpers, each release of a link may be a same-file function's.
  const withReleases = text => (kit ? text.replace(/c\.release\(\)/g, () => kit.plainRelease(g, false)) : text);
  const chain = withReleases(["c.query('SELECT 1')", ...links].join('\n')).split('\n');
  let inner;
  if (r.chance(0.3)) {
    const early = [`if (${condition(g)}) {`, ...(r.chance(0.6) ? [`  ${withReleases('c.release()')};`] : []), `  return ${r.pick(['null', 'c'])};`, '}'];
    inner = block('c => {', [...early, `return ${chain[0]}`, ...indent(chain.slice(1))]);
    inner[inner.length - 2] += ';';
  } else inner = ['c =>', ...indent(chain)];
  const outerTail = r.chance(0.2) ? ['.catch(err => null)'] : [];
  const async = r.chance(0.3) ? 'async ' : '';
  const acquire = kit?.chainAcquire(g) ?? DRIVERS.pg.acquire;
  const call = [`return ${acquire}.then(${inner[0]}`, ...indent(inner.slice(1)), `)${outerTail.join('')};`];
  return block(`${async}function ${name}(input, given, store) {`, call);
}

/**
 * One program: a few functions, each a standalone unit the oracle judges. With `helpers`, the
 * functions call same-file helpers (helpers.mjs), written before them; a different seed stream,
 * so the programs without helpers stay what they were.
 */
export function generateOracleProgram(seed, { functions, helpers = false } = {}) {
  const r = createRandom(helpers ? seed * 7727 + 3 : seed * 104729 + 7);
  const kit = helpers ? createKit(r) : null;
  const count = functions ?? 1 + r.int(3);
  const bodies = [];
  const shapes = [];
  for (let f = 0; f < count; f++) {
    const kind = r.chance(0.7) ? 'async' : r.chance(0.5) ? 'callback' : 'chain';
    const fn = kind === 'async' ? asyncFunction(`f${f}`, r, kit) : kind === 'callback' ? callbackFunction(`f${f}`, r, kit) : chainFunction(`f${f}`, r, kit);
    bodies.push(...fn, '');
    shapes.push(kind);
  }
  const text = [...(kit?.definitions() ?? []), ...bodies].join('\n');
  const header = ["import pg from 'pg';"];
  if (text.includes('myPool')) header.push("import mysql from 'mysql2/promise';");
  header.push('', 'const pool = new pg.Pool();');
  if (text.includes('myPool')) header.push('const myPool = mysql.createPool({});');
  header.push('const log = () => {};', '');
  return { code: `${header.join('\n')}\n${text}`, seed, shapes };
}
