// The oracle's rules: the conventions under which "truth from execution" and the analysis speak of
// the same thing, and the disagreement classes known on main, each with the mechanism of the
// analysis that is wrong. `npm test` (tests/oracle.test.ts) fails on any disagreement outside them;
// `npm run oracle` reports every class with a reduced program (docs/oracle.md).
import * as espree from 'espree';
import { closureOf, programStructure } from './units.mjs';

/**
 * Conventions. The generator (gen.mjs) and the runner (run.mjs, pool.mjs) are built so that each
 * holds by construction; none is a case the oracle skips.
 */
export const CONVENTIONS = [
  'Throwing points. The analysis counts, in async functions, awaits and `throw` as the ways out and assumes that synchronous calls do not throw; in callbacks of callback-form driver calls only `throw` leaves (errors are arguments). The generator writes only calls that cannot throw besides those: `log()` (a no-op), `store.push()`, `c.release()`, `Promise.resolve()`. Driver calls are awaited (or take a callback), and fail only at the injected fault point, by rejecting (or by calling back with an error). So the runs throw exactly where the analysis expects a throw may happen.',
  'Loops may run zero times. The analysis does not evaluate loop bounds; every generated loop bound reads two inputs (0, 1 or 2 iterations), so "the loop may not run" is a path the runs take too.',
  'Ownership. A handle the function returns (also as a property of the returned object) or pushes into `store` (the caller\'s array) belongs to the caller from then on: not a leak. `given` is the caller\'s handle (`given ?? pool.connect()` owns only the fresh one): not releasing it is no leak; releasing it twice is a double release.',
  'Double release. The instrumented `release()` never throws (pg would throw "Release called on client which has already been released"): it counts, and the run goes on, so one run can show both a double release and a leak. `done` of the callback form releases the same handle; an `await using` disposal of a mysql2 handle is a release.',
  'A run ends when its result has settled (returned, thrown, resolved, rejected) and the microtask queue is empty: every callback and `.then` it started has run (the pool answers from the microtask queue, so nothing is left pending).',
  'Unplanned errors. A run that throws anything but a failing driver call, the program\'s own `throw new Error(\'stop\')` or the TypeError of `await using` on a non-disposable pg client (a TypeError on a handle still unset, a name never declared) is outside what the analysis models; such functions are not compared and are counted as "excluded" in the summary. The generator guards releases of `let` handles and writes no query in a handler where the handle may be unset, so they stay rare.',
  'Bounds. At most 7 distinct inputs per function (128 input vectors, each run with `given` absent and, when read, present) and, per vector, each single fault point k = 1 … min(driver calls of the faultless run, 5). A verdict is "some run leaks" / "some run releases twice" over these runs.',
  'Same-file functions (the functions mode). Helpers run as real code against the instrumented pool. A handle is the obligation of the unit (function or method) whose code checked it out; a unit that returns it (also inside a returned object or tuple, also through a promise) hands it to the unit that called it. A leak or a double release counts for the handle\'s last owner: the helper that checked out and neither returned nor released it, or the function that received a fresh checkout from a helper call. A helper that receives a handle as a parameter acts for its owner: its release is the owner\'s. A handle stored on a field of a module-level object (`keeper.keep(c)`) escaped; one on a field of an instance that is dropped (`new Session(c)` never closed, never returned) leaks. A helper\'s truth is taken over the runs of the entries that reach it and have no unplanned error; helpers read no input (a condition is a parameter, read at the call site), and those that catch everything (`tryOpen`, `tryQuery`) cannot throw.',
  '`await using` does not exist in Node 20: the runner rewrites it as the specification does (TypeError at the declaration for a value without `Symbol.asyncDispose`, disposal in a `finally` at the end of the block); the linted text keeps it.',
];

// ----- matchers over a function's text ----------------------------------------------------------

function parse(text) {
  try {
    return espree.parse(text, { ecmaVersion: 'latest', sourceType: 'module' });
  } catch {
    return null;
  }
}

function* nodes(node, ancestors = []) {
  if (!node || typeof node.type !== 'string') return;
  yield [node, ancestors];
  for (const key of Object.keys(node)) {
    const value = node[key];
    for (const child of Array.isArray(value) ? value : [value]) if (child && typeof child.type === 'string') yield* nodes(child, [...ancestors, node]);
  }
}

const calleeName = n => (n.type === 'CallExpression' ? (n.callee.type === 'MemberExpression' ? n.callee.property.name : n.callee.name) : null);
const isFn = n => /Function/.test(n.type);
/**
 * `c.release()`, `done()`, `done(err)`, and `done` handed to a query as its callback; in the functions
 * mode also the helpers that release their parameter (`finish(c)`, `finishIf(c, on)`, `db.done(c)` …)
 * and an owning object's release (`s.close()`, `s.dispose()`).
 */
const RELEASE_HELPERS = new Set(['finish', 'finishIf', 'finishVia', 'finishAfter', 'close', 'dispose']);
const isRelease = n =>
  calleeName(n) === 'release' ||
  calleeName(n) === 'done' ||
  (n.type === 'CallExpression' && RELEASE_HELPERS.has(calleeName(n))) ||
  (n.type === 'CallExpression' && n.arguments.some(a => a.type === 'Identifier' && a.name === 'done'));
const isCallbackForm = n => calleeName(n) === 'connect' && n.arguments.some(isFn);
const isChainLink = n => ['then', 'catch', 'finally'].includes(calleeName(n));
const isEscape = n => (n.type === 'ReturnStatement' && n.argument?.type === 'Identifier' && n.argument.name === 'c') || (calleeName(n) === 'push' && n.arguments[0]?.name === 'c');

function facts(text) {
  const ast = parse(text);
  const all = ast ? [...nodes(ast)] : [];
  const releases = all.filter(([n]) => isRelease(n));
  const has = pred => all.some(([n, a]) => pred(n, a));
  return { all, releases, has };
}

/** `read` remembered for the last texts (each disagreement is classified more than once). */
function memoized(read, size) {
  const memo = new Map();
  return text => {
    if (!memo.has(text)) {
      if (memo.size > size) memo.clear();
      memo.set(text, read(text));
    }
    return memo.get(text);
  };
}

const factsOf = memoized(facts, 5000);

/**
 * Known disagreement classes on main. `matches(text)` reads the disagreeing function's text (or a
 * reduction of it): a disagreement is known when its kind matches and the function contains the
 * construct the class is about. Each entry: the analysis mechanism believed wrong, and why known.
 */
export const KNOWN = [];

/**
 * A callback that leaves on its error argument (`if (qerr) return cb(qerr);`, `if (qerr) throw qerr;`)
 * before the rest of its body, other than the checkout's own callback.
 */
const leavesOnError = (n, a) =>
  isFn(n) &&
  n.params[0]?.type === 'Identifier' &&
  !(a.at(-1) && isCallbackForm(a.at(-1))) &&
  [...nodes(n.body)].some(([x, inner]) => x.type === 'IfStatement' && x.test.type === 'Identifier' && x.test.name === n.params[0].name && !inner.some(isFn) && [...nodes(x.consequent)].some(([y]) => /^(Return|Throw)Statement$/.test(y.type)));

/** An `await` in a statement after `statement` in its block (a second failure after a `catch` that went on). */
const awaitsAfter = (statement, ancestors) => {
  for (let i = ancestors.length - 1, child = statement; i >= 0; child = ancestors[i], i--) {
    const block = ancestors[i];
    if (isFn(block)) return false;
    if (block.type !== 'BlockStatement' && block.type !== 'SwitchCase') continue;
    const list = block.type === 'BlockStatement' ? block.body : block.consequent;
    if (list.slice(list.indexOf(child) + 1).some(holdsAwait)) return true;
  }
  return false;
};

/** Does `node` (outside nested functions) hold an `await`? */
const holdsAwait = node => [...nodes(node)].some(([x, a]) => x.type === 'AwaitExpression' && !a.slice(1).some(isFn));
const isLoopNode = n => /^(For|ForIn|ForOf|While|DoWhile)Statement$/.test(n.type);

/**
 * Deliberately conservative: a `catch` is code that runs, however its `try` throws. The analysis
 * counts only awaits and `throw` as ways out of an async function when it asks whether a HELD handle
 * leaks, but it does not declare the body of a `catch` dead because its `try` holds only synchronous
 * calls (`JSON.parse`, a validation): a checkout there that is never released is a real leak. The
 * generated programs call nothing synchronous that throws, so the runs never enter such a `catch`.
 */
KNOWN.push({
  id: 'checkout-in-unentered-catch',
  kinds: ['false-leak'],
  matches: f => f.has((n, a) => isCheckout(n) && a.some((x, i) => x.type === 'CatchClause' && a[i - 1]?.type === 'TryStatement' && !holdsWayOut(a[i - 1].block))),
  mechanism:
    'not a fault of the analysis: the checkout stands in a `catch` whose `try` neither awaits nor throws; in real code a synchronous call there may throw and run the `catch`, in the runs none does.',
});

const isCheckout = n => n.type === 'CallExpression' && ['connect', 'getConnection'].includes(calleeName(n)) && !n.arguments.some(isFn);
/** Does `node` (outside nested functions) hold an `await` or a `throw`? */
const holdsWayOut = node => [...nodes(node)].some(([x, a]) => (x.type === 'AwaitExpression' || x.type === 'ThrowStatement') && !a.slice(1).some(isFn));

/**
 * Deliberately conservative: the analysis lets every throwing point fail on one path (each `await` is
 * a way out, independently of the others) and lets a loop turn any number of times; the runs inject
 * one failing driver call per run and turn each loop at most twice. A report whose path needs two
 * failures or a third turn is right for the analysis and beyond the runs' bounds.
 */
KNOWN.push({
  id: 'beyond-run-bounds',
  kinds: ['false-leak', 'false-double'],
  matches: f =>
    f.has((n, a) => n.type === 'TryStatement' && holdsAwait(n.block) && ((n.handler && (holdsAwait(n.handler) || a.some(isLoopNode))) || (n.finalizer && holdsAwait(n.finalizer)))) ||
    (f.releases.some(([, a]) => a.some(isLoopNode)) && f.has((n, a) => n.type === 'AssignmentExpression' && n.left.name === 'c' && a.some(isLoopNode))) ||
    (f.has(isCallbackForm) && f.all.filter(([n, a]) => leavesOnError(n, a)).length >= 2) ||
    f.has((n, a) => n.type === 'TryStatement' && holdsAwait(n.block) && n.handler && !holdsWayOut(n.handler.body) && awaitsAfter(n, a)),
  mechanism:
    'not a fault of the analysis: its path needs two failing driver calls (`try { await c.query() } catch { await c.query() } c.release()` leaks when both fail, and so does `try { await c.query() } finally { await c.query() } c.release()`, or `try { await c.query(); c.release() } catch {} await c.query(); c.release()`; a `catch` that releases inside a loop releases again when the query fails on two turns), each run injects one; two query callbacks of the callback form that each leave on their error before they release (`c.query(sql, qerr => { if (qerr) return cb(qerr); done(); })` twice) leak when both queries fail; or three turns of a loop (checked out on the first turn, released on the second, released again on the third), the generated loops turn at most twice. The analysis counts every await as a way out on its own and every loop as turning again, as it must for code that meets real failures and real data.',
});

KNOWN.push({
  id: 'attempted-release',
  kinds: ['missed-double'],
  matches: f => f.releases.some(([, a]) => a.some((x, i) => x.type === 'BlockStatement' && x.body.length === 1 && a[i - 1]?.type === 'TryStatement' && a[i - 1].block === x && a[i - 1].handler)),
  mechanism:
    'by design: a release whose failure is caught and dropped (`try { c.close(); } catch (e) {}`) is an attempt that tolerates an already released handle (`try { await trx.rollback() } catch {}`), never taken for a second release; pg\'s `release()` throws on a second call, and the catch swallows it.',
});

// ----- calls of the program's own functions (the functions mode, `oracle.mjs --functions`) ------

/**
 * The program's helpers, for the classes below: the top-level names that define a function or a
 * method some other code calls, and which of them reach a checkout (`pool.connect()`,
 * `getConnection()`) in their own code or in what they call.
 */
const helpersOf = memoized(readHelpers, 500);

function readHelpers(code) {
  let structure;
  try {
    structure = programStructure(code);
  } catch {
    return { helperGroups: new Set(), checkingOut: new Set() };
  }
  const { units, groups } = structure;
  const helperUnitGroups = new Set(units.filter(u => u.kind === 'helper').map(u => u.group));
  // `db` (an instance of the class `Db`) reaches Db's methods: a call of `db.open()` is one of theirs.
  const helperGroups = new Set([...groups.keys()].filter(name => name && [...closureOf(groups, name)].some(n => helperUnitGroups.has(n))));
  const checkingOut = new Set([...helperGroups].filter(name => [...closureOf(groups, name)].some(n => /\.(connect|getConnection)\(/.test(groups.get(n) ?? ''))));
  return { helperGroups, checkingOut };
}

/** The top-level name a call goes to: `open()` → open, `db.open()` → db, `new Session()` → Session. */
function calledName(n) {
  if (n.type !== 'CallExpression' && n.type !== 'NewExpression') return null;
  const callee = n.callee.type === 'MemberExpression' ? n.callee.object : n.callee;
  return callee.type === 'Identifier' ? callee.name : null;
}

/**
 * Known disagreement classes of the functions mode: calls of the file's own functions, which the
 * analysis follows through its summaries. Kept apart from KNOWN (path semantics) and matched first.
 * None is left: over seeds 1 … 5000 every disagreement of this mode is one of the path classes
 * above (the helpers' releases count as releases there), so that a disagreement about what a helper
 * does fails `npm test`. The two classes of before the summaries, "checkout from a helper" and
 * "handle passed to a helper", went to zero with: a helper that keeps its parameter (an escape) or
 * only borrows it (no hand-off); a release on some of a helper's paths (a maybe-release); static
 * factories returning an owning object; a helper fed the caller's own untyped parameter; a checkout
 * returned in a tuple; a release in a helper's `finally` (released also when the call throws).
 */
export const KNOWN_FUNCTIONS = [];

/** The known class of a disagreement of `kind` in function text `text` of program `code`, or null. */
export function knownClassOf(kind, text, code = text) {
  const f = factsOf(text);
  // The program's helpers are read only when a class of the functions mode asks for them.
  const h = KNOWN_FUNCTIONS.length > 0 ? helpersOf(code) : null;
  return KNOWN_FUNCTIONS.find(k => k.kinds.includes(kind) && k.matches(f, h)) ?? KNOWN.find(k => k.kinds.includes(kind) && k.matches(f)) ?? null;
}
