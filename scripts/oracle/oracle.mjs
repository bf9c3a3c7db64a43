#!/usr/bin/env node
// The oracle: thousands of generated programs (scripts/oracle/gen.mjs) are RUN against an
// instrumented pool (truth) and linted with the built plugin (verdict); every function where they
// differ is a disagreement, minimized and written, grouped by class, to a report directory.
//
//   node scripts/oracle/oracle.mjs                      # --seed 1 --count 2000 --out /tmp/oracle-report
//   node scripts/oracle/oracle.mjs --seed 42 --count 1 --print   # show one program and its judgement
//   node scripts/oracle/oracle.mjs --minimize 0        # count only, no reductions
// Lints the BUILT plugin: run `npm run build` first (`npm run oracle` does).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateOracleProgram } from './gen.mjs';
import { features, judgeProgram, knownClass, minimizeDisagreement } from './compare.mjs';

function parseArgs(argv) {
  const o = { seed: 1, count: 2000, out: path.join(os.tmpdir(), 'oracle-report'), minimize: 3, print: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seed') o.seed = Number(argv[++i]);
    else if (a === '--count') o.count = Number(argv[++i]);
    else if (a === '--out') o.out = argv[++i];
    else if (a === '--minimize') o.minimize = Number(argv[++i]);
    else if (a === '--print') o.print = true;
    else throw new Error(`unknown argument ${a}; usage: oracle.mjs [--seed S] [--count N] [--out DIR] [--minimize PER_CLASS] [--print]`);
  }
  return o;
}

/** Runs the programs of seeds seed … seed + count - 1; returns totals and the disagreements. */
export async function runOracle({ seed, count }, onProgram = () => {}) {
  const totals = { programs: 0, functions: 0, unparsed: 0, leakAgree: 0, falseLeak: 0, missedLeak: 0, doubleAgree: 0, falseDouble: 0, missedDouble: 0, leaks: 0, doubles: 0 };
  const disagreements = [];
  for (let s = seed; s < seed + count; s++) {
    const program = generateOracleProgram(s);
    const judged = await judgeProgram(program.code);
    if (!judged) {
      totals.unparsed++;
      continue;
    }
    totals.programs++;
    for (const fn of judged) {
      totals.functions++;
      totals.leaks += fn.truth.leak ? 1 : 0;
      totals.doubles += fn.truth.double ? 1 : 0;
      if (fn.truth.leak === fn.verdict.leak) totals.leakAgree++;
      else if (fn.verdict.leak) totals.falseLeak++;
      else totals.missedLeak++;
      if (fn.truth.double === fn.verdict.double) totals.doubleAgree++;
      else if (fn.verdict.double) totals.falseDouble++;
      else totals.missedDouble++;
      for (const kind of fn.disagreements) disagreements.push({ seed: s, code: program.code, fn, kind });
    }
    onProgram(s, program, judged);
  }
  return { totals, disagreements };
}

export function summaryLine(t) {
  return (
    `oracle: ${t.programs} programs, ${t.functions} functions, agree ${t.leakAgree}, false reports ${t.falseLeak}, missed leaks ${t.missedLeak}` +
    ` (leaking functions ${t.leaks}); double release: agree ${t.doubleAgree}, false reports ${t.falseDouble}, missed ${t.missedDouble} (double-releasing functions ${t.doubles})`
  );
}

const fnText = (code, name) => {
  const m = new RegExp(`^(?:async )?function ${name}\\(`, 'm').exec(code);
  return m ? code.slice(m.index) : code;
};

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
  // Group by kind and the features of the disagreeing function; reduce a few of each group and
  // class them by the features of the reduced program (what is left is what matters).
  const groups = new Map();
  for (const d of disagreements) {
    const key = `${d.kind} [${features(fnText(d.code, d.fn.name).split(/\n}\n/)[0]).join(' ')}]`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(d);
  }
  const classes = new Map();
  for (const [, members] of groups) {
    for (const d of members.slice(0, o.minimize)) {
      const small = await minimizeDisagreement(d.code, d.fn.name, d.kind);
      const known = knownClass(d.kind, small);
      const key = known ? `${d.kind}: known ${known.id}` : `${d.kind}: [${features(small).join(' ')}]`;
      if (!classes.has(key)) classes.set(key, { key, kind: d.kind, known, examples: [], count: 0 });
      const c = classes.get(key);
      c.examples.push({ seed: d.seed, name: d.fn.name, code: small, witness: d.kind.includes('leak') ? d.fn.truth.leakWitness : d.fn.truth.doubleWitness, messages: d.fn.verdict.messages });
    }
  }
  for (const d of disagreements) {
    const known = knownClass(d.kind, fnText(d.code, d.fn.name));
    if (known) classes.get(`${d.kind}: known ${known.id}`) && classes.get(`${d.kind}: known ${known.id}`).count++;
  }
  writeReport(o.out, totals, disagreements, classes);
  console.log(`\n${[...classes.values()].length} classes from ${groups.size} groups of ${disagreements.length} disagreements; report: ${o.out}/summary.md`);
  console.log(summaryLine(totals) + `, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

function writeReport(dir, totals, disagreements, classes) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const lines = ['# Oracle report', '', summaryLine(totals), ''];
  const sorted = [...classes.values()].sort((a, b) => a.key.localeCompare(b.key));
  sorted.forEach((c, i) => {
    const file = `class-${String(i + 1).padStart(2, '0')}.mjs`;
    const best = [...c.examples].sort((a, b) => a.code.length - b.code.length)[0];
    fs.writeFileSync(path.join(dir, file), `// ${c.key}\n// from seed ${best.seed}, ${best.name}; a run that shows the truth: ${JSON.stringify(best.witness)}\n// analysis said: ${best.messages.join(' | ') || '(nothing)'}\n${best.code}\n`);
    lines.push(`## ${c.key}`, '', `${c.examples.length} reduced example(s), seeds ${c.examples.map(e => e.seed).join(', ')}; smallest in ${file}${c.known ? `; known: ${c.known.mechanism}` : ''}`, '', '```js', best.code, '```', '');
  });
  lines.push('## All disagreements', '', ...disagreements.map(d => `- seed ${d.seed} ${d.fn.name}: ${d.kind}`));
  fs.writeFileSync(path.join(dir, 'summary.md'), `${lines.join('\n')}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
