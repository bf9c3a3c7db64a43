#!/usr/bin/env node
// Our rules' cost in two builds, with as little of the machine's noise as can be had (never a timed
// test). On a shared machine a round of `npm run bench` moves by a fifth; most of that is parsing
// and collection pauses, not our rules. Here every corpus file is parsed once and kept, both builds
// lint the same ASTs alternately, round after round, a minor collection runs between files (outside
// the timed listeners) when node runs with --expose-gc, and each rule's figure is its fastest round:
// what the rule costs when nothing else gets in its way. For relative comparisons only: the ratio to
// no-unused-vars is `npm run bench`'s to give.
//
//   npm run build
//   git worktree add /tmp/base <commit> && (cd /tmp/base && npm ci && npm run build)
//   node --expose-gc --max-semi-space-size=64 bench/rules-only.mjs --base /tmp/base [--rounds 5]
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import { DEFAULT_CACHE, wholePackageGroups } from '../scripts/corpus.mjs';
import { twoBuilds } from './two-builds.mjs';

const require = createRequire(import.meta.url);
const { Linter } = require('eslint');
const tsParser = require('@typescript-eslint/parser');

/** A parser that hands back the AST it made the first time for the same text: both builds lint the same trees. */
function cachingParser() {
  const parsed = new Map();
  return {
    meta: { name: 'caching-typescript-eslint-parser' },
    parseForESLint(code, options) {
      let result = parsed.get(code);
      if (!result) parsed.set(code, (result = tsParser.parseForESLint(code, options)));
      return result;
    },
  };
}

function configFor(plugin, parser) {
  const ns = plugin.meta?.namespace ?? 'connection-leaks';
  const rules = Object.fromEntries(Object.keys(plugin.rules).map(name => [`${ns}/${name}`, 'error']));
  return [{ files: ['**/*'], languageOptions: { parser, sourceType: 'module', ecmaVersion: 'latest' }, plugins: { [ns]: plugin }, rules }];
}

/** One pass over the corpus: each rule's summed time, and the number of reports. */
function lintAll(linter, config, texts) {
  const perRule = {};
  let reports = 0;
  let count = 0;
  for (const [file, text] of texts) {
    if (globalThis.gc && ++count % 25 === 0) globalThis.gc({ type: 'minor' });
    const { messages } = linter.verifyAndFix(text, config, { filename: file, fix: false, stats: true });
    reports += messages.length;
    for (const pass of linter.getTimes().passes) {
      for (const [id, time] of Object.entries(pass.rules ?? {})) perRule[id] = (perRule[id] ?? 0) + time.total;
    }
  }
  return { perRule, reports };
}

const options = twoBuilds(process.argv.slice(2), 5);
const builds = options.builds;
const parser = cachingParser();
const configs = { base: configFor(builds.base, parser), new: configFor(builds.new, parser) };
const files = wholePackageGroups().flatMap(group => group.files);
const texts = files.map(file => [file, fs.readFileSync(file, 'utf8')]);
const linter = new Linter({ cwd: DEFAULT_CACHE });
if (!globalThis.gc) console.log('(run node with --expose-gc for a minor collection between files)');
// The first pass parses every file and warms both builds up; it is not counted.
const firstReports = { base: lintAll(linter, configs.base, texts).reports, new: lintAll(linter, configs.new, texts).reports };
console.log(`rules-only: ${texts.length} files, ${options.rounds} rounds; reports base ${firstReports.base}, new ${firstReports.new}`);
const best = { base: {}, new: {} };
const totals = { base: [], new: [] };
for (let round = 0; round < options.rounds; round++) {
  const line = [];
  for (const which of round % 2 ? ['new', 'base'] : ['base', 'new']) {
    const { perRule } = lintAll(linter, configs[which], texts);
    let total = 0;
    for (const [id, ms] of Object.entries(perRule)) {
      best[which][id] = Math.min(best[which][id] ?? Infinity, ms);
      total += ms;
    }
    totals[which].push(total);
    line.push(`${which} ${total.toFixed(0)} ms`);
  }
  console.log(`round ${round}: ${line.join(', ')}`);
}
const fastest = which => Math.min(...totals[which]);
console.log(`fastest round: base ${fastest('base').toFixed(0)} ms, new ${fastest('new').toFixed(0)} ms, new/base ${(fastest('new') / fastest('base')).toFixed(3)}`);
console.log('rule (fastest round)                           base ms    new ms');
for (const id of Object.keys(best.base).sort((a, b) => best.base[b] - best.base[a])) {
  console.log(`${id.padEnd(46)} ${best.base[id].toFixed(1).padStart(8)} ${String(best.new[id]?.toFixed(1) ?? '-').padStart(9)}`);
}
