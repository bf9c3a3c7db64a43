// Truth (scripts/oracle/run.mjs) against verdict (scripts/oracle/lint.mjs), function by function,
// and the reduction of a disagreement to a small program that still shows it.
import { minimizeAsync } from '../minimize.mjs';
import { verdictOf } from './lint.mjs';
import { listFunctions, truthOf } from './run.mjs';
import { knownClassOf } from './rules.mjs';

/** The four ways the analysis can disagree with the runs. */
export const KINDS = ['false-leak', 'missed-leak', 'false-double', 'missed-double'];

function disagreementsOf(truth, verdict) {
  const out = [];
  if (verdict.leak && !truth.leak) out.push('false-leak');
  if (!verdict.leak && truth.leak) out.push('missed-leak');
  if (verdict.double && !truth.double) out.push('false-double');
  if (!verdict.double && truth.double) out.push('missed-double');
  return out;
}

/** null when the text does not parse (or cannot run); else one entry per top-level function. */
export async function judgeProgram(code, only = null) {
  const verdicts = verdictOf(code);
  if (!verdicts) return null;
  let truths;
  try {
    truths = await truthOf(code, only);
  } catch {
    return null;
  }
  const out = [];
  for (const [name, truth] of truths) {
    const verdict = verdicts.get(name);
    out.push({ name, truth, verdict, disagreements: truth.unplanned ? [] : disagreementsOf(truth, verdict) });
  }
  return out;
}

/** The program with only its header (everything that is not a function) and function `name`. */
export function isolate(code, name) {
  const fns = listFunctions(code);
  let out = code;
  for (const fn of [...fns].reverse()) if (fn.name !== name) out = out.slice(0, fn.range[0]) + out.slice(fn.range[1]);
  return out.replace(/\n{3,}/g, '\n\n');
}

/**
 * A small program on which function `name` still shows `kind` (the shared minimizer, run async).
 * Only the function is reduced: the header (imports, pool) and the function's first line stay, and
 * a candidate with an unplanned error (an undeclared name, an unset handle) is no reduction.
 */
export async function minimizeDisagreement(code, name, kind, { maxChecks = 300 } = {}) {
  const alone = isolate(code, name);
  const fn = listFunctions(alone).find(f => f.name === name);
  const header = alone.slice(0, fn.range[0]);
  const text = alone.slice(fn.range[0], fn.range[1]);
  const signature = text.split('\n')[0];
  const holds = candidate => candidate.startsWith(signature) && shows(header + candidate, name, kind);
  if (!(await holds(text))) return code;
  const { code: reduced } = await minimizeAsync(text, holds, { maxChecks });
  return header + reduced;
}

async function shows(candidate, name, kind) {
  try {
    const judged = await judgeProgram(candidate, name);
    const fn = judged?.find(f => f.name === name);
    return !!fn && !fn.truth.unplanned && !fn.verdict.undeclared && fn.disagreements.includes(kind);
  } catch {
    return false;
  }
}

// ----- classes ---------------------------------------------------------------------------------

/** What a (minimized) function contains: the words a class is told by. */
export function features(text) {
  const has = (name, re) => (re.test(text) ? [name] : []);
  return [
    ...has('await-using', /\busing\b/),
    ...has('callback', /\(err, c, done\)|function \(err, c, done\)/),
    ...has('then-chain', /\.then\(|\.catch\(|\.finally\(/),
    ...has('given', /\bgiven \?\?/),
    ...has('let-acquire', /^\s*c = await/m),
    ...has('flag', /\breleased\b/),
    ...has('guard', /if \(c\) c\.release|c\?\.release/),
    ...has('value-release', /return c\.release\(\)|void c\.release\(\)|Promise\.resolve\(c\.release\(\)\)/),
    ...has('return-handle', /return c;/),
    ...has('store', /store\.push\(c\)/),
    ...has('loop', /\bfor \(/),
    ...has('label', /\bl\d+: for/),
    ...has('break', /\bbreak\b/),
    ...has('continue', /\bcontinue\b/),
    ...has('switch', /\bswitch \(/),
    ...has('try-catch', /\bcatch \(/),
    ...has('try-finally', /\bfinally \{/),
    ...has('throw', /\bthrow\b/),
  ];
}

/** The known class a disagreement belongs to (rules.mjs), or null. */
export function knownClass(kind, text) {
  return knownClassOf(kind, text);
}
