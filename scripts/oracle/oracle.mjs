#!/usr/bin/env node
// The oracle: thousands of generated programs (scripts/oracle/gen.mjs) are RUN against an
// instrumented pool (truth) and linted with the built plugin (verdict); every function where they
// differ is a disagreement, minimized and written, grouped by class, to a report directory.
//
//   node scripts/oracle/oracle.mjs                      # --seed 1 --count 2000 --out /tmp/oracle-report
//   node scripts/oracle/oracle.mjs --seed 42 --count 1 --print   # show one program and its judgement
//   node scripts/oracle/oracle.mjs --minimize 0        # count only, no reductions
//   node scripts/oracle/oracle.mjs --functions         # programs whose functions call same-file helpers
// Lints the BUILT plugin: run `npm run build` first (`npm run oracle` does).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateOracleProgram } from './gen.mjs';
import { features, judgeProgram, knownClass, minimizeDisagreement } from './compare.mjs';
import { verdictOf } from './lint.mjs';
import { listUnits } from './run.mjs';

function parseArgs(argv) {
  const o = { seed: 1, count: 2000, out: path.join(os.tmpdir(), 'oracle-report'), minimize: 1, budget: 60, print: false, helpers: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seed') o.seed = Number(argv[++i]);
    else if (a === '--count') o.count = Number(argv[++i]);
    else if (a === '--out') o.out = argv[++i];
    else if (a === '--minimize') o.minimize = Number(argv[++i]);
    else if (a === '--budget') o.budget = Number(argv[++i]);
    else if (a === '--print') o.print = true;
    else if (a === '--functions') o.helpers = true;
    else throw new Error(`unknown argument ${a}; usage: oracle.mjs [--functions] [--seed S] [--count N] [--out DIR] [--minimize PER_GROUP] [--budget REDUCTIONS] [--print]`);
  }
  return o;
}

/**
 * Runs the programs of seeds seed … seed + count - 1 (with `helpers`: the functions mode, programs
 * whose functions call same-file helpers); returns totals and the disagreements.
 */
export async function runOracle({ seed, count, helpers = false }, onProgram = () => {}) {
  const totals = { helpers, programs: 0, functions: 0, entries: 0, helperUnits: 0, unparsed: 0, excluded: 0, leakAgree: 0, falseLeak: 0, missedLeak: 0, doubleAgree: 0, falseDouble: 0, missedDouble: 0, leaks: 0, doubles: 0 };
  const disagreements = [];
  for (let s = seed; s < seed + count; s++) {
    const program = generateOracleProgram(s, { helpers });
    const units = listUnits(program.code);
    const judged = await judgeProgram(program.code);
    if (!judged) {
      totals.unparsed++;
      continue;
    }
    totals.programs++;
    for (const fn of judged) {
      if (fn.truth.unplanned) {
        totals.excluded++;
        continue;
      }
      totals.functions++;
      if (units.find(u => u.name === fn.name)?.kind === 'helper') totals.helperUnits++;
      else totals.entries++;
      totals.leaks += fn.truth.leak ? 1 : 0;
      totals.doubles += fn.truth.double ? 1 : 0;
      if (fn.truth.leak === fn.verdict.leak) totals.leakAgree++;
      else if (fn.verdict.leak) totals.falseLeak++;
      else totals.missedLeak++;
      if (fn.truth.double === fn.verdict.double) totals.doubleAgree++;
      else if (fn.verdict.double) totals.falseDouble++;
      else totals.missedDouble++;
      const text = fnText(program.code, fn.name);
      for (const kind of fn.disagreements) disagreements.push({ seed: s, code: program.code, text, fn, kind });
    }
    onProgram(s, program, judged);
  }
  return { totals, disagreements };
}

export function summaryLine(t) {
  const programs = t.helpers ? `${t.programs} programs (multi-function), ${t.functions} functions (${t.entries} under test, ${t.helperUnits} helpers; ${t.excluded} excluded: an unplanned error)` : `${t.programs} programs, ${t.functions} functions (${t.excluded} excluded: an unplanned error)`;
  return (
    `oracle: ${programs}, agree ${t.leakAgree}, false reports ${t.falseLeak}, missed leaks ${t.missedLeak}` +
    ` (leaking functions ${t.leaks}); double release: agree ${t.doubleAgree}, false reports ${t.falseDouble}, missed ${t.missedDouble} (double-releasing functions ${t.doubles})`
  );
}

/** The text of unit `name` (a function or method) of `code`. */
function fnText(code, name) {
  const fn = listUnits(code).find(f => f.name === name);
  return fn ? code.slice(fn.range[0], fn.range[1]) : code;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  // Generated code may leave a rejection unhandled on purpose (a chain nobody awaits): not ours.
  process.on('unhandledRejection', () => {});
  const t0 = Date.now();
  const { totals, disagreements } = await runOracle(o, (s, program, judged) => {
    if (o.print) {
      console.log(program.code);
      for (const fn of judged) console.log(fn.name, JSON.stringify({ truth: fn.truth, verdict: fn.verdict }, null, 1));
    }
    if ((s - o.seed + 1) % 500 === 0) console.log(`  ... ${s - o.seed + 1}/${o.count} programs (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  });
  // Group: a known class (scripts/oracle/rules.mjs) or, for the rest, the kind and the features
  // of the function. Each group gets up to `minimize` reductions, largest groups first, at most
  // `budget` in all (each reduction is a few hundred runs and lints).
  const groups = new Map();
  for (const d of disagreements) {
    const known = knownClass(d.kind, d.text, d.code);
    const key = known ? `${d.kind}: known ${known.id}` : `${d.kind}: new [${features(d.text).join(' ')}]`;
    if (!groups.has(key)) groups.set(key, { key, known, members: [], examples: [] });
    groups.get(key).members.push(d);
  }
  let budget = o.budget;
  const bySize = [...groups.values()].sort((a, b) => b.members.length - a.members.length);
  for (const group of bySize) {
    for (const d of group.members.slice(0, Math.min(o.minimize, budget))) {
      budget--;
      const small = await minimizeDisagreement(d.code, d.fn.name, d.kind);
      const messages = verdictOf(small)?.get(d.fn.name)?.messages ?? [];
      const witness = d.kind.includes('leak') ? d.fn.truth.leakWitness : d.fn.truth.doubleWitness;
      const reducedText = fnText(small, d.fn.name);
      group.examples.push({ seed: d.seed, name: d.fn.name, code: small, witness, messages, features: features(reducedText), reducesTo: knownClass(d.kind, reducedText, small)?.id ?? 'no known class' });
    }
  }
  writeReport(o.out, totals, disagreements, bySize);
  const known = bySize.filter(g => g.known).reduce((n, g) => n + g.members.length, 0);
  console.log(`\n${disagreements.length} disagreements: ${known} in known classes, ${disagreements.length - known} new, in ${bySize.filter(g => !g.known).length} groups; report: ${o.out}/summary.md`);
  console.log(`${summaryLine(totals)}, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (disagreements.length > known) process.exitCode = 1;
}

function writeReport(dir, totals, disagreements, groups) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const lines = ['# Oracle report', '', summaryLine(totals), '', '| class | disagreements | reduced example |', '|---|---|---|'];
  const sections = [];
  groups.forEach((g, i) => {
    const best = [...g.examples].sort((a, b) => a.code.length - b.code.length)[0];
    const file = best ? `class-${String(i + 1).padStart(2, '0')}.mjs` : '';
    lines.push(`| ${g.key} | ${g.members.length} | ${file || '(not reduced)'} |`);
    sections.push(`## ${g.key}`, '', `${g.members.length} disagreement(s); seeds ${[...new Set(g.members.map(d => d.seed))].slice(0, 12).join(', ')}`);
    if (g.known) sections.push('', `Mechanism: ${g.known.mechanism}`);
    if (g.examples.length) {
      // A class is matched on the whole function; its reductions say what the disagreement needs.
      const counts = new Map();
      for (const e of g.examples) counts.set(e.reducesTo, (counts.get(e.reducesTo) ?? 0) + 1);
      sections.push('', `Reduced ${g.examples.length}: ${[...counts].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    }
    if (!best) {
      sections.push('');
      return;
    }
    const header = [
      `// ${g.key}`,
      `// seed ${best.seed}, ${best.name}; reduced features: ${best.features.join(' ') || '(none)'}; the reduction's class: ${best.reducesTo}`,
      `// a run that shows the truth: ${best.witness && best.witness.entry !== best.name ? `a run of ${best.witness.entry}, ` : ''}input ${JSON.stringify(best.witness?.input)}, given ${best.witness?.given}, failing driver call ${best.witness?.fault || 'none'}`,
      `// the analysis says: ${best.messages.join(' | ') || '(nothing)'}`,
    ];
    fs.writeFileSync(path.join(dir, file), `${header.join('\n')}\n${best.code}\n`);
    // Every reduction of the class, for a look at what else it holds.
    fs.mkdirSync(path.join(dir, 'reduced'), { recursive: true });
    g.examples.forEach((e, k) => fs.writeFileSync(path.join(dir, 'reduced', `${file.replace(/\.mjs$/, '')}-${k + 1}.mjs`), `// ${g.key}; seed ${e.seed}, ${e.name}; reduces to ${e.reducesTo}\n// the analysis says: ${e.messages.join(' | ') || '(nothing)'}\n${e.code}\n`));
    sections.push('', `${file} (${header.slice(1).map(l => l.slice(3)).join('; ')}):`, '', '```js', best.code.trim(), '```', '');
  });
  lines.push('', ...sections, '## All disagreements', '', ...disagreements.map(d => `- seed ${d.seed} ${d.fn.name}: ${d.kind}`));
  fs.writeFileSync(path.join(dir, 'summary.md'), `${lines.join('\n')}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
