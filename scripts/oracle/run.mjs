// Runs the entries of an oracle program against the instrumented drivers (scripts/oracle/pool.mjs)
// and records the truth, unit by unit (functions and methods, scripts/oracle/units.mjs): does some
// run end with a checkout outstanding (a leak), or release one handle twice (a double release)?
//
// Works from the program text alone (so the minimizer can hand it any candidate): every entry
// `f(input, given, store, cb)` (a top-level function nothing in the file calls) is run under every
// vector of the inputs it and the helpers it reaches read (`input[i]` is 0 or 1; at most MAX_INPUTS
// distinct indices, the others stay 0), with `given` absent and, when the function reads it,
// present (a handle the caller owns), and under no fault and each single fault point k = 1 …
// min(driver calls of the faultless run, MAX_FAULTS). Helpers run as the real code they are, inside
// those runs.
//
// A run ends when its result settles (returned, thrown, resolved, rejected) and the microtask queue
// is empty (every callback and `.then` it started has run). A handle the entry returned (also inside
// a returned object), pushed into `store`, or left reachable from a module-level variable (an
// object's field) belongs to someone else then: not a leak.
//
// Whose obligation: a handle belongs to the unit whose code called the pool; when a unit returns it
// (its value, or what its promise resolves to, holds the handle), it belongs to the unit that
// called it: "the caller of a function that returns a checkout is responsible". A leak counts for
// the handle's last owner; a double release too (the caller's lent handle: for the entry). A
// helper that only receives a handle (releases it, stores it, queries with it) never owns it.
import { CHECKOUT_CALL, createDrivers } from './pool.mjs';
import { closureOf, inputsRead, parseProgram, programStructure, unitAt } from './units.mjs';

export { parseProgram };
export const MAX_INPUTS = 7;
export const MAX_FAULTS = 5;

/**
 * The entries (top-level functions nothing else in the file calls): name, text range, lines, the
 * inputs read by the entry and every helper it can reach, whether it reads `given`.
 */
export function listFunctions(code, ast = parseProgram(code)) {
  const { units, groups } = programStructure(code, ast);
  return units.filter(u => u.kind === 'entry').map(u => {
    const texts = [...closureOf(groups, u.name)].map(name => groups.get(name) ?? '');
    const own = code.slice(u.range[0], u.range[1]);
    return { name: u.name, range: u.range, lines: u.lines, inputs: inputsRead(texts.join('\n')), usesGiven: /\bgiven\b/.test(own) };
  });
}

/** Every unit (entries and helpers: functions, methods) with its kind, range and lines. */
export function listUnits(code) {
  return programStructure(code).units;
}

// ----- the text that runs ----------------------------------------------------------------------

/** Node 20 has no `using`: `await using x = e; rest` becomes try/finally with the spec's checks. */
function desugarUsing(code) {
  for (let guard = 0; guard < 50; guard++) {
    const ast = parseProgram(code);
    const found = findUsing(ast);
    if (!found) return code;
    const { list, index } = found;
    const declaration = list[index];
    const [declarator] = declaration.declarations;
    const name = code.slice(declarator.id.range[0], declarator.id.range[1]);
    const init = code.slice(declarator.init.range[0], declarator.init.range[1]);
    const last = list.at(-1);
    const rest = index + 1 < list.length ? code.slice(list[index + 1].range[0], last.range[1]) : '';
    const replacement =
      `const ${name} = ${init}; __oracle.checkDisposable(${name}); ` +
      `try { ${rest} } finally { if (${name} != null) await ${name}[Symbol.asyncDispose](); }`;
    code = code.slice(0, declaration.range[0]) + replacement + code.slice(index + 1 < list.length ? last.range[1] : declaration.range[1]);
  }
  throw new Error('desugarUsing: too many using declarations');
}

function findUsing(node) {
  const lists = node.type === 'Program' || node.type === 'BlockStatement' || node.type === 'StaticBlock' ? [node.body] : node.type === 'SwitchCase' ? [node.consequent] : [];
  for (const list of lists) {
    const index = list.findIndex(s => s.type === 'VariableDeclaration' && /using/.test(s.kind));
    if (index >= 0) return { list, index };
  }
  for (const key of Object.keys(node)) {
    if (key === 'parent') continue;
    const value = node[key];
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child && typeof child.type === 'string') {
        const found = findUsing(child);
        if (found) return found;
      }
    }
  }
  return null;
}

/**
 * Imports become reads of the instrumented modules; `export` goes; the entries are returned.
 * Returns the text (a function body for `new Function('__modules', '__oracle', text)`), the
 * program it runs (`code`, whose line L is line L + 3 of a stack trace: the header of
 * `new Function` and 'use strict') and its units.
 */
function executable(code) {
  code = desugarUsing(code);
  const ast = parseProgram(code);
  const edits = [];
  for (const statement of ast.body) {
    if (statement.type === 'ImportDeclaration') {
      const source = JSON.stringify(statement.source.value);
      const parts = statement.specifiers.map(s =>
        s.type === 'ImportDefaultSpecifier'
          ? `const ${s.local.name} = __modules[${source}].default;`
          : s.type === 'ImportNamespaceSpecifier'
            ? `const ${s.local.name} = __modules[${source}];`
            : `const ${s.local.name} = __modules[${source}][${JSON.stringify(s.imported.name)}];`,
      );
      edits.push({ range: statement.range, text: parts.join(' ') });
    } else if (statement.type === 'ExportNamedDeclaration' && statement.declaration) {
      edits.push({ range: [statement.range[0], statement.declaration.range[0]], text: '' });
    }
  }
  edits.sort((a, b) => b.range[0] - a.range[0]);
  for (const e of edits) code = code.slice(0, e.range[0]) + e.text + code.slice(e.range[1]);
  code = markCheckouts(code);
  const { units, wraps } = programStructure(code);
  const entries = units.filter(u => u.kind === 'entry').map(u => u.name);
  // Helpers are replaced by watched versions (their calls move the owner of a returned handle);
  // `roots` reads the module's variables at the end of a run (a handle kept there escaped).
  const watch = [
    ...wraps.members.map(m => `__oracle.watchMember(${m.object}, ${JSON.stringify(m.key)}, ${JSON.stringify(m.name)});`),
    ...wraps.callables.map(name => `${name} = __oracle.watchCallable(${name}, ${JSON.stringify(name)});`),
  ];
  const text = `'use strict';\n${code}\n${watch.join('\n')}\nreturn { entries: { ${entries.join(', ')} }, roots: () => [${wraps.roots.join(', ')}] };`;
  return { text, units, code };
}

/**
 * With helpers, every checkout call says which unit makes it: `(__oracle.site("open"),
 * pool.connect())`. The pool reads the site when it creates the handle, in the same synchronous
 * step (the handle's first owner). One line stays one line, so stack lines still match.
 */
function markCheckouts(code) {
  const ast = parseProgram(code);
  const { units } = programStructure(code, ast);
  if (!units.some(u => u.kind === 'helper')) return code;
  const calls = [];
  const visit = node => {
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && CHECKOUT_CALL.test(`.${node.callee.property.name}(`)) calls.push(node);
    for (const key of Object.keys(node)) {
      const value = node[key];
      for (const child of Array.isArray(value) ? value : [value]) if (child && typeof child.type === 'string') visit(child);
    }
  };
  visit(ast);
  // Insertions from the end, so that a checkout inside another's callback keeps both offsets right.
  const inserts = [];
  for (const call of calls) {
    const unit = unitAt(units, call.range[0]);
    if (unit) inserts.push([call.range[0], `(__oracle.site(${JSON.stringify(unit.name)}), `], [call.range[1], ')']);
  }
  for (const [at, text] of inserts.sort((a, b) => b[0] - a[0])) code = code.slice(0, at) + text + code.slice(at);
  return code;
}

/** The text a run executes (see `executable`). */
export function executableText(code) {
  return executable(code).text;
}

// ----- running ---------------------------------------------------------------------------------

/**
 * An error nobody planned: not a failing driver call, not the program's `throw new Error('stop')`,
 * not `await using` on a handle that is not disposable. A TypeError on a handle that is still
 * unset, a name read but never declared (a reduced program): the analysis assumes such code does
 * not throw, so a function with such a run is not compared (it is counted as excluded).
 */
function unplanned(error) {
  return error !== undefined && !(error?.planned || error?.message === 'stop');
}

const macrotask = () => new Promise(resolve => setImmediate(resolve));

/** The unit of the program whose code is running where this is called (the nearest program frame). */
function unitOnStack(program, depth = 4) {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  Error.prepareStackTrace = (_, sites) => sites;
  // The program's frame is next to the pool's method or the helper's wrapper: a short stack is cheap.
  Error.stackTraceLimit = depth;
  const holder = {};
  Error.captureStackTrace(holder, unitOnStack);
  const sites = holder.stack;
  Error.prepareStackTrace = prepare;
  Error.stackTraceLimit = limit;
  // The program is the only code compiled by `new Function` (an eval frame); see `executable`.
  const site = sites.find(s => s.isEval());
  if (!site) return depth < 32 ? unitOnStack(program, 32) : null;
  const line = site.getLineNumber() - 3;
  const offset = (program.lineStarts[line - 1] ?? 0) + site.getColumnNumber() - 1;
  return unitAt(program.units, offset)?.name ?? null;
}

/** The handles reachable from `roots` through own properties (arrays, objects, fields; not promises). */
function handlesReachable(run, roots, depthLimit = 6) {
  const found = new Set();
  const seen = new Set();
  let layer = roots;
  for (let depth = 0; depth < depthLimit && layer.length; depth++) {
    const next = [];
    for (const value of layer) {
      if (!value || typeof value !== 'object' || seen.has(value)) continue;
      seen.add(value);
      const handle = run.byClient.get(value);
      if (handle) found.add(handle);
      else if (typeof value.then !== 'function') for (const key of Object.keys(value)) next.push(value[key]);
    }
    layer = next;
  }
  return found;
}

/**
 * What the program's helpers are replaced with during a run. A call of a helper records that it ran
 * and, when its result (the value, or what its promise resolves to) holds a handle the helper
 * owns, hands that handle to the unit that called it: "the caller of a function that returns a
 * checkout is responsible for it".
 */
function watchers(program, run, site) {
  const handOver = (value, from, to) => {
    const move = v => {
      for (const handle of handlesReachable(run, [v])) if (handle.owner === from) handle.owner = to;
    };
    // A reaction registered now runs before the caller's own `await` resumes it.
    if (value && typeof value.then === 'function') value.then(move, () => {});
    else move(value);
  };
  const called = (name, target, thisArg, args) => {
    run.executed.add(name);
    // Only a unit whose code reaches a checkout can hand one over (reading the stack is the cost).
    const caller = program.mayCheckOut.has(name) ? (unitOnStack(program) ?? 'outside') : null;
    const value = Reflect.apply(target, thisArg, args);
    if (caller) handOver(value, name, caller);
    return value;
  };
  return {
    site(unit) {
      site.unit = unit;
    },
    checkDisposable(value) {
      if (value != null && typeof value[Symbol.asyncDispose] !== 'function') throw Object.assign(new TypeError('value is not async-disposable'), { planned: true });
    },
    watchCallable(target, name) {
      return new Proxy(target, {
        apply: (t, thisArg, args) => called(name, t, thisArg, args),
        construct: (t, args, newTarget) => {
          run.executed.add(name);
          return Reflect.construct(t, args, newTarget);
        },
      });
    },
    watchMember(object, key, name) {
      const target = object[key];
      object[key] = function (...args) {
        return called(name, target, this, args);
      };
    },
  };
}

/** Starts one run of entry `name`; its verdict is read by `settle` after the microtask queue has drained. */
function start(program, name, input, withGiven, fault) {
  // Without helpers every checkout is the entry's: no stack to read.
  const site = { unit: name };
  const drivers = createDrivers(fault, () => site.unit);
  drivers.run.executed = new Set();
  const store = [];
  const outcome = { state: 'pending', value: undefined };
  let module = { roots: () => [] };
  try {
    module = program.factory(drivers.modules, watchers(program, drivers.run, site));
    const given = withGiven ? drivers.lend() : undefined;
    const value = module.entries[name](input, given, store, () => {});
    if (value && typeof value.then === 'function') {
      value.then(
        v => Object.assign(outcome, { state: 'resolved', value: v }),
        error => Object.assign(outcome, { state: 'rejected', error }),
      );
    } else Object.assign(outcome, { state: 'returned', value });
  } catch (error) {
    Object.assign(outcome, { state: 'threw', error });
  }
  return { name, drivers, store, outcome, module, input, withGiven, fault };
}

/**
 * A run's verdict, per unit: `leakedBy` (owners of a handle left outstanding and unreachable from
 * what the entry returned, `store` and the module's variables), `doubledBy` (owners of a handle
 * released twice; the caller's lent handle counts for the entry).
 */
function settle({ name, drivers, store, outcome, module }) {
  let roots = [];
  try {
    roots = module.roots();
  } catch {
    // A reduced program whose variable is still uninitialised: nothing kept there.
  }
  const escaped = handlesReachable(drivers.run, [outcome.value, store, ...roots]);
  const leakedBy = new Set();
  const doubledBy = new Set();
  for (const h of drivers.run.handles) {
    if (h.releases === 0 && h.owner !== 'caller' && !escaped.has(h)) leakedBy.add(h.owner);
    if (h.releases >= 2) doubledBy.add(h.owner === 'caller' ? name : h.owner);
  }
  const executed = new Set([...drivers.run.executed, ...drivers.run.handles.map(h => h.owner)]);
  return { leakedBy, doubledBy, executed, calls: drivers.run.calls, state: outcome.state, unplanned: [outcome.error, ...drivers.run.callbackErrors].some(unplanned) };
}

function inputVectors(inputs) {
  const used = inputs.slice(0, MAX_INPUTS);
  const size = used.length ? Math.max(...used) + 1 : 0;
  const vectors = [];
  for (let bits = 0; bits < 1 << used.length; bits++) {
    const v = new Array(size).fill(0);
    used.forEach((index, k) => (v[index] = (bits >> k) & 1));
    vectors.push(v);
  }
  return vectors;
}

/** A run that shows the verdict: the entry run, its input, whether `given` was lent, the failing call. */
const witnessOf = run => ({ entry: run.name, input: run.input.join(''), given: run.withGiven, fault: run.fault });

/** Every run of entry `fn`: each input vector, with and without `given`, then each single fault. */
async function runEntry(program, fn) {
  const first = [];
  for (const input of inputVectors(fn.inputs)) for (const withGiven of fn.usesGiven ? [false, true] : [false]) first.push(start(program, fn.name, input, withGiven, 0));
  await macrotask();
  const settledFirst = first.map(settle);
  const faulty = [];
  first.forEach((run, i) => {
    const calls = Math.min(settledFirst[i].calls, MAX_FAULTS);
    for (let k = 1; k <= calls; k++) faulty.push(start(program, fn.name, run.input, run.withGiven, k));
  });
  await macrotask();
  return { runs: [...first, ...faulty], settled: [...settledFirst, ...faulty.map(settle)] };
}

/** The truth of unit `name` over `pairs` ([run, settled] of the runs that count for it). */
function truthOver(name, pairs, unplannedRun) {
  const leak = pairs.find(([, s]) => s.leakedBy.has(name));
  const double = pairs.find(([, s]) => s.doubledBy.has(name));
  return {
    leak: !!leak,
    double: !!double,
    runs: pairs.length,
    pending: pairs.filter(([, s]) => s.state === 'pending').length,
    unplanned: unplannedRun,
    leakWitness: leak ? witnessOf(leak[0]) : null,
    doubleWitness: double ? witnessOf(double[0]) : null,
  };
}

/**
 * The truth for every unit of `code` (or only the one named `only`): Map name → { leak, double,
 * runs, pending, unplanned, leakWitness, doubleWitness }. Entries are run; a helper's truth comes
 * from the runs of the entries that reached it, over those entries that had no unplanned error
 * (a helper no such run reached is not in the map). Throws when the text does not parse or its
 * functions cannot be created.
 */
export async function truthOf(code, only = null) {
  const program = executable(code);
  program.lineStarts = [0, ...[...program.code.matchAll(/\n/g)].map(m => m.index + 1)];
  // The program is generated (or a reduction of one) by the oracle itself: compiling it is the point.
  program.factory = new Function('__modules', '__oracle', program.text);
  const helpers = program.units.filter(u => u.kind === 'helper').map(u => u.name);
  const structure = programStructure(program.code);
  const checksOut = name => [...closureOf(structure.groups, name)].some(n => CHECKOUT_CALL.test(structure.groups.get(n) ?? ''));
  program.mayCheckOut = new Set(program.units.filter(u => checksOut(u.group)).map(u => u.name));
  const onlyHelper = only && helpers.includes(only);
  const entries = listFunctions(code).filter(f => !only || onlyHelper || f.name === only);
  const truth = new Map();
  const cleanPairs = [];
  for (const fn of entries) {
    const { runs, settled } = await runEntry(program, fn);
    const pairs = runs.map((run, i) => [run, settled[i]]);
    const unplannedRun = settled.some(s => s.unplanned);
    truth.set(fn.name, truthOver(fn.name, pairs, unplannedRun));
    if (!unplannedRun) cleanPairs.push(...pairs);
  }
  for (const name of helpers) {
    if (only && name !== only) continue;
    const reached = cleanPairs.filter(([, s]) => s.executed.has(name));
    if (reached.length) truth.set(name, truthOver(name, reached, false));
  }
  if (only && !onlyHelper) for (const name of [...truth.keys()]) if (name !== only) truth.delete(name);
  return truth;
}
