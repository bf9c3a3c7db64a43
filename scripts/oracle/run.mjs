// Runs the top-level functions of an oracle program against the instrumented drivers
// (scripts/oracle/pool.mjs) and records the truth, function by function: does some run end with a
// checkout outstanding (a leak), or release one handle twice (a double release)?
//
// Works from the program text alone (so the minimizer can hand it any candidate): every top-level
// function `f(input, given, store, cb)` is run under every vector of its inputs (`input[i]` is 0 or
// 1; at most MAX_INPUTS distinct indices, the others stay 0), with `given` absent and, when the
// function reads it, present (a handle the caller owns), and under no fault and each single fault
// point k = 1 … min(driver calls of the faultless run, MAX_FAULTS).
//
// A run ends when its result settles (returned, thrown, resolved, rejected) and the microtask queue
// is empty (every callback and `.then` it started has run). A handle the function returned (also as
// a property of a returned object) or pushed into `store` belongs to the caller then: not a leak.
import * as espree from 'espree';
import { createDrivers } from './pool.mjs';

export const MAX_INPUTS = 7;
export const MAX_FAULTS = 5;

const PARSE_OPTIONS = { ecmaVersion: 'latest', sourceType: 'module', range: true, loc: true };

export function parseProgram(code) {
  return espree.parse(code, PARSE_OPTIONS);
}

/** The top-level function declarations (plain or exported): name, text range, lines, inputs read. */
export function listFunctions(code, ast = parseProgram(code)) {
  const out = [];
  for (const statement of ast.body) {
    const fn = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (fn?.type !== 'FunctionDeclaration' || !fn.id) continue;
    const text = code.slice(fn.range[0], fn.range[1]);
    // `input[3]`, and `input[3 + i0]` in a loop (one input per iteration: 3 and 4).
    const reads = [...text.matchAll(/\binput\[(\d+)( \+ \w+)?\]/g)].flatMap(m => (m[2] ? [Number(m[1]), Number(m[1]) + 1] : [Number(m[1])]));
    const inputs = [...new Set(reads)].sort((a, b) => a - b);
    out.push({ name: fn.id.name, range: fn.range, lines: [fn.loc.start.line, fn.loc.end.line], inputs, usesGiven: /\bgiven\b/.test(text) });
  }
  return out;
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

/** Imports become reads of the instrumented modules; `export` goes; the functions are returned. */
export function executableText(code) {
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
  const names = listFunctions(code).map(f => f.name);
  return `'use strict';\n${code}\nreturn { ${names.join(', ')} };`;
}

const ORACLE_HELPERS = {
  checkDisposable(value) {
    if (value != null && typeof value[Symbol.asyncDispose] !== 'function') throw Object.assign(new TypeError('value is not async-disposable'), { planned: true });
  },
};

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

/** Starts one run; its verdict is read by `settle` after the microtask queue has drained. */
function start(factory, name, input, withGiven, fault) {
  const drivers = createDrivers(fault);
  const functions = factory(drivers.modules, ORACLE_HELPERS);
  const given = withGiven ? drivers.lend() : undefined;
  const store = [];
  const outcome = { state: 'pending', value: undefined };
  try {
    const value = functions[name](input, given, store, () => {});
    if (value && typeof value.then === 'function') {
      value.then(
        v => Object.assign(outcome, { state: 'resolved', value: v }),
        error => Object.assign(outcome, { state: 'rejected', error }),
      );
    } else Object.assign(outcome, { state: 'returned', value });
  } catch (error) {
    Object.assign(outcome, { state: 'threw', error });
  }
  return { drivers, store, outcome, input, withGiven, fault };
}

function settle({ drivers, store, outcome }) {
  const escaped = new Set(store);
  const value = outcome.value;
  if (value && typeof value === 'object') {
    escaped.add(value);
    for (const v of Object.values(value)) escaped.add(v);
  }
  const leaked = drivers.run.handles.filter(h => h.owner === 'function' && h.releases === 0 && !escaped.has(h.client));
  const doubled = drivers.run.handles.filter(h => h.releases >= 2);
  return { leaked: leaked.length, doubled: doubled.length, calls: drivers.run.calls, state: outcome.state, unplanned: [outcome.error, ...drivers.run.callbackErrors].some(unplanned) };
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

/** A run that shows the verdict: its input, whether `given` was lent, the failing call. */
const witnessOf = run => ({ input: run.input.join(''), given: run.withGiven, fault: run.fault });

/**
 * The truth for every top-level function of `code` (or only the one named `only`):
 * Map name → { leak, double, runs, leakWitness, doubleWitness }. Throws when the text does not
 * parse or its functions cannot be created.
 */
export async function truthOf(code, only = null) {
  const functions = listFunctions(code).filter(f => !only || f.name === only);
  // The program is generated (or a reduction of one) by the oracle itself: compiling it is the point.
  const factory = new Function('__modules', '__oracle', executableText(code));
  const truth = new Map();
  for (const fn of functions) {
    const first = [];
    for (const input of inputVectors(fn.inputs)) for (const withGiven of fn.usesGiven ? [false, true] : [false]) first.push(start(factory, fn.name, input, withGiven, 0));
    await macrotask();
    const settledFirst = first.map(settle);
    const faulty = [];
    first.forEach((run, i) => {
      const calls = Math.min(settledFirst[i].calls, MAX_FAULTS);
      for (let k = 1; k <= calls; k++) faulty.push(start(factory, fn.name, run.input, run.withGiven, k));
    });
    await macrotask();
    const runs = [...first, ...faulty];
    const settled = [...settledFirst, ...faulty.map(settle)];
    const leakAt = settled.findIndex(s => s.leaked > 0);
    const doubleAt = settled.findIndex(s => s.doubled > 0);
    truth.set(fn.name, {
      leak: leakAt >= 0,
      double: doubleAt >= 0,
      runs: runs.length,
      pending: settled.filter(s => s.state === 'pending').length,
      unplanned: settled.some(s => s.unplanned),
      leakWitness: leakAt >= 0 ? witnessOf(runs[leakAt]) : null,
      doubleWitness: doubleAt >= 0 ? witnessOf(runs[doubleAt]) : null,
    });
  }
  return truth;
}
