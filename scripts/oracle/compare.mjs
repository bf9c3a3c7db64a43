// Truth (scripts/oracle/run.mjs) against verdict (scripts/oracle/lint.mjs), function by function,
// and the reduction of a disagreement to a small program that still shows it.
import { minimizeAsync } from '../minimize.mjs';
import { verdictOf } from './lint.mjs';
import { listFunctions, truthOf } from './run.mjs';
import { closureOf, programStructure } from './units.mjs';
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

/**
 * The program with only what unit `name` needs: its header (imports, pool), the entries that run
 * it (for an entry, itself) and the helpers those reach; other entries and helpers go.
 */
export function isolate(code, name) {
  const { units, groups, statements } = programStructure(code);
  const target = units.find(u => u.name === name);
  if (!target) return code;
  const entries = target.kind === 'entry' ? [target] : units.filter(u => u.kind === 'entry' && closureOf(groups, u.name).has(target.group));
  const keep = new Set(entries.flatMap(e => [...closureOf(groups, e.name)]));
  let out = code;
  for (const s of [...statements].reverse()) {
    const defines = s.names.length > 0;
    if (defines && !s.names.some(n => keep.has(n))) out = out.slice(0, s.range[0]) + out.slice(s.range[1]);
  }
  return out.replace(/\n{3,}/g, '\n\n');
}

/**
 * A small program on which unit `name` still shows `kind` (the shared minimizer, run async).
 * An entry is reduced: the header (imports, pool, helpers) and the function's first line stay, and
 * a candidate with an unplanned error (an undeclared name, an unset handle) is no reduction; then
 * helpers it no longer calls go. A helper's disagreement is only isolated (with the entries that
 * run it).
 */
export async function minimizeDisagreement(code, name, kind, { maxChecks = 300 } = {}) {
  const alone = isolate(code, name);
  const fn = listFunctions(alone).find(f => f.name === name);
  if (!fn) return (await shows(alone, name, kind)) ? alone : code;
  const header = alone.slice(0, fn.range[0]);
  const text = alone.slice(fn.range[0], fn.range[1]);
  const trailer = alone.slice(fn.range[1]);
  const signature = text.split('\n')[0];
  const holds = candidate => candidate.startsWith(signature) && shows(header + candidate + trailer, name, kind);
  if (!(await holds(text))) return code;
  const { code: reduced } = await minimizeAsync(text, holds, { maxChecks });
  const small = header + reduced + trailer;
  const pruned = isolate(small, name);
  return pruned !== small && (await shows(pruned, name, kind)) ? pruned : small;
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

/**
 * The known class a disagreement belongs to (rules.mjs), or null: `text` is the disagreeing
 * function, `code` the whole program (for the classes about calls of its other functions).
 */
export function knownClass(kind, text, code = text) {
  return knownClassOf(kind, text, code);
}
