// Same-file helpers for the oracle's functions mode (`oracle.mjs --functions`): functions, classes
// and object methods that the generated functions under test call instead of touching the driver
// directly, in the places gen.mjs would write `await pool.connect()`, `c.release()`,
// `await c.query()` or `store.push(c)`.
//
// - return a fresh checkout: `open()` (async, or a plain function returning the promise),
//   `openOr(given)` (`given ?? pool.connect()`), `openReady()` (a helper of a helper: `open()` then
//   a query, and it leaks its checkout when that query fails), `openChecked()` (the same, releasing
//   and rethrowing), `openVia()` (returns what `open()` returned), `tryOpen()` (catches everything:
//   `[err, c]`);
// - release their parameter: `finish(c)`, `finishIf(c, on)` (only when `on`, an input read at the
//   call), `finishAfter(c)` (async: a query, then the release in a `finally`), `finishVia(c)`
//   (calls `finish`);
// - methods resolved through `this`: `db.open()`, `db.ready()` (`this.open()`, `this.finish()`),
//   `db.finish(c)`, `db.done(c)` (`this.finish(c)`), written as an ES class, ES5 constructor with
//   prototype methods, or an object literal;
// - a class that owns a handle: `new Session(await pool.connect())` or `await Session.open()`;
//   the constructor stores it on `this.conn`, `query()` uses it, `close()` / `release()` /
//   `dispose()` releases it (ES class or ES5 constructor);
// - `keeper.keep(c)`: stores its parameter on a field of a module-level object (an escape);
// - `tryQuery(c, sql)`: catches everything and returns `[err, rows]`: it cannot throw.
//
// Helpers read no input: a condition a helper depends on is a parameter, read at the call site
// (`finishIf(c, input[3])`), so that each call has its own input, like every branch of gen.mjs.

const open = style =>
  style === 'async' ? ['async function open() {', '  return pool.connect();', '}'] : ['function open() {', '  return pool.connect();', '}'];

const SET = "await c.query('SET search_path TO app');";

const DEFINITIONS = {
  open: kit => open(kit.openStyle),
  openOr: () => ['async function openOr(given) {', '  return given ?? pool.connect();', '}'],
  openReady: () => ['async function openReady() {', '  const c = await open();', `  ${SET}`, '  return c;', '}'],
  openChecked: () => ['async function openChecked() {', '  const c = await pool.connect();', '  try {', `    ${SET}`, '  } catch (e) {', '    c.release();', '    throw e;', '  }', '  return c;', '}'],
  openVia: () => ['async function openVia() {', '  const c = await open();', '  return c;', '}'],
  tryOpen: () => ['async function tryOpen() {', '  try {', '    return [null, await pool.connect()];', '  } catch (e) {', '    return [e, null];', '  }', '}'],
  finish: () => ['function finish(c) {', '  c.release();', '}'],
  finishIf: () => ['function finishIf(c, on) {', '  if (on) c.release();', '}'],
  finishAfter: () => ['async function finishAfter(c) {', '  try {', "    await c.query('SELECT 0');", '  } finally {', '    c.release();', '  }', '}'],
  finishVia: () => ['function finishVia(c) {', '  finish(c);', '}'],
  tryQuery: () => ['async function tryQuery(c, sql) {', '  try {', '    return [null, await c.query(sql)];', '  } catch (e) {', '    return [e, null];', '  }', '}'],
  keeper: () => ['class Keeper {', '  constructor() {', '    this.kept = [];', '  }', '  keep(c) {', '    this.kept.push(c);', '  }', '}', 'const keeper = new Keeper();'],
  db: kit => dbDefinition(kit.dbStyle),
  session: kit => sessionDefinition(kit.sessionStyle, kit.sessionRelease),
};

/** Helpers that another one calls: written before it. */
const DEPENDS = { openReady: ['open'], openVia: ['open'], finishVia: ['finish'] };

const DB_METHODS = {
  open: ['return pool.connect();'],
  ready: ['const c = await this.open();', 'try {', `  ${SET}`, '} catch (e) {', '  this.finish(c);', '  throw e;', '}', 'return c;'],
  finish: ['c.release();'],
  done: ['this.finish(c);'],
};
const DB_HEADS = { open: '', ready: 'async ', finish: '', done: '' };
const DB_PARAMS = { open: '', ready: '', finish: 'c', done: 'c' };

function dbDefinition(style) {
  const names = Object.keys(DB_METHODS);
  const body = lines => lines.map(l => `    ${l}`);
  if (style === 'class') {
    const methods = names.flatMap(m => [`  ${DB_HEADS[m]}${m}(${DB_PARAMS[m]}) {`, ...body(DB_METHODS[m]), '  }']);
    return ['class Db {', ...methods, '}', 'const db = new Db();'];
  }
  if (style === 'es5') {
    const methods = names.flatMap(m => [`Db.prototype.${m} = ${DB_HEADS[m]}function (${DB_PARAMS[m]}) {`, ...DB_METHODS[m].map(l => `  ${l}`), '};']);
    return ['function Db() {}', ...methods, 'const db = new Db();'];
  }
  const methods = names.flatMap(m => [`  ${DB_HEADS[m]}${m}(${DB_PARAMS[m]}) {`, ...body(DB_METHODS[m]), '  },']);
  return ['const db = {', ...methods, '};'];
}

function sessionDefinition(style, release) {
  if (style === 'class') {
    return [
      'class Session {',
      '  constructor(conn) {',
      '    this.conn = conn;',
      '  }',
      '  query(sql) {',
      '    return this.conn.query(sql);',
      '  }',
      `  ${release}() {`,
      '    this.conn.release();',
      '  }',
      '  static async open() {',
      '    return new Session(await pool.connect());',
      '  }',
      '}',
    ];
  }
  return [
    'function Session(conn) {',
    '  this.conn = conn;',
    '}',
    'Session.prototype.query = function (sql) {',
    '  return this.conn.query(sql);',
    '};',
    `Session.prototype.${release} = function () {`,
    '  this.conn.release();',
    '};',
    'Session.open = async function () {',
    '  return new Session(await pool.connect());',
    '};',
  ];
}

/** Acquisitions of a plain handle, by helper, and how the function writes them. */
const ACQUIRES = [
  [null, null],
  ['open', 'await open()'],
  ['openReady', 'await openReady()'],
  ['openChecked', 'await openChecked()'],
  ['openVia', 'await openVia()'],
  ['db', 'await db.open()'],
  ['db', 'await db.ready()'],
];

/**
 * The program's helpers: `forFunction(g)` gives a function under test its way of writing checkouts
 * and releases (or null: the driver directly); `definitions()` writes every helper some function
 * used, callees first.
 */
export function createKit(r) {
  const kit = {
    used: new Set(),
    openStyle: r.pick(['async', 'sync']),
    dbStyle: r.pick(['class', 'es5', 'object']),
    sessionStyle: r.pick(['class', 'es5']),
    sessionRelease: r.pick(['close', 'release', 'dispose']),
  };
  const use = (name, text) => {
    kit.used.add(name);
    return text;
  };
  kit.definitions = () => {
    const order = [];
    const add = name => {
      for (const d of DEPENDS[name] ?? []) add(d);
      if (!order.includes(name)) order.push(name);
    };
    for (const name of Object.keys(DEFINITIONS)) if (kit.used.has(name)) add(name);
    return order.flatMap(name => [...DEFINITIONS[name](kit), '']);
  };
  /** A release of a plain handle `c` in a function that can (`async`) or cannot await. */
  kit.plainRelease = (g, async = true) => {
    const forms = [
      () => 'c.release()',
      () => 'c.release()',
      () => use('finish', 'finish(c)'),
      () => (g.canBranch() ? use('finishIf', `finishIf(c, ${g.condition()})`) : use('finish', 'finish(c)')),
      () => (async ? use('finishAfter', 'await finishAfter(c)') : use('finishVia', 'finishVia(c)')),
      () => use('finishVia', 'finishVia(c)'),
      () => use('db', g.r.pick(['db.finish(c)', 'db.done(c)'])),
    ];
    return g.r.pick(forms)();
  };
  /** The promise of a checkout a `.then` chain starts from. */
  kit.chainAcquire = g => g.r.pick([null, null, () => use('open', 'open()'), () => use('openVia', 'openVia()'), () => use('db', 'db.open()')])?.() ?? null;
  kit.forFunction = g => {
    if (g.mode === 'using') return null;
    const session = g.mode !== 'given' && g.r.chance(0.25);
    if (session) return sessionStyle(g, kit, use);
    const [helper, acquire] = g.r.pick(ACQUIRES);
    const tuple = g.mode === 'const' && g.r.chance(0.12);
    // A helper is written only when some function calls it (else it would be an entry of its own).
    const acquireText = () => (helper ? use(helper, acquire) : `await ${g.driver.acquire}`);
    return {
      acquire: acquireText,
      head: () => (tuple ? [use('tryOpen', 'const [err, c] = await tryOpen();'), 'if (err) return null;'] : [`const c = ${acquireText()};`]),
      givenHead: () => (g.r.chance(0.5) ? use('openOr', 'const c = await openOr(given);') : `const c = given ?? await ${g.driver.acquire};`),
      release: () => kit.plainRelease(g),
      optionalRelease: () => {
        const release = kit.plainRelease(g);
        return release === 'c.release()' ? 'c?.release()' : `c && ${release}`;
      },
      query: (_, sql) => queryText(g, sql, use),
      store: () => (g.r.chance(0.5) ? use('keeper', 'keeper.keep(c);') : 'store.push(c);'),
    };
  };
  return kit;
}

function sessionStyle(g, kit, use) {
  use('session', null);
  const acquire = g.r.chance(0.5) ? 'new Session(await pool.connect())' : 'await Session.open()';
  const method = kit.sessionRelease;
  return {
    acquire: () => acquire,
    head: () => [`const c = ${acquire};`],
    givenHead: () => null,
    release: () => `c.${method}()`,
    optionalRelease: () => `c?.${method}()`,
    query: (_, sql) => queryText(g, sql, use),
    store: () => (g.r.chance(0.5) ? use('keeper', 'keeper.keep(c);') : 'store.push(c);'),
  };
}

/**
 * A query statement: the driver's (`await c.query()`), or through `tryQuery`, which cannot throw.
 * Not through `tryQuery` in a `let` function: there the handle may be unset (a checkout that failed
 * inside a `try` whose `catch` goes on); the driver's query on it is an unplanned TypeError (the run
 * is excluded), `tryQuery` would swallow that TypeError and return an error the analysis cannot know of.
 */
function queryText(g, sql, use) {
  const roll = g.r.int(5);
  if (g.mode === 'let') return `await c.query('${sql}');`;
  if (roll === 0) return use('tryQuery', `await tryQuery(c, '${sql}');`);
  if (roll === 1) return use('tryQuery', `if ((await tryQuery(c, '${sql}'))[0]) return null;`);
  return `await c.query('${sql}');`;
}
