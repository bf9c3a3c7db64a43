#!/usr/bin/env node
// Paired cost comparison of two builds of the plugin (never a timed test). On a shared machine one
// run of `npm run bench` moves by up to a fifth, more than most single changes; here both builds
// lint the same corpus alternately in one process, round after round, and the ratio of our rules'
// time is taken within each round, so what the machine does to both cancels out.
//
//   npm run build                                   # this checkout's build is the "new" one
//   git worktree add /tmp/base <commit> && (cd /tmp/base && npm ci && npm run build)
//   node bench/paired.mjs --base /tmp/base [--rounds 6]
//
// Prints per round each build's time of our rules and of core no-unused-vars, then the paired
// ratios new/base and their median.
import { createRequire } from 'node:module';
import { DEFAULT_CACHE, wholePackageGroups } from '../scripts/corpus.mjs';
import { twoBuilds } from './two-builds.mjs';

const require = createRequire(import.meta.url);
const { ESLint } = require('eslint');
const tsParser = require('@typescript-eslint/parser');

function engineFor(plugin) {
  const ns = plugin.meta?.namespace ?? 'connection-leaks';
  const rules = Object.fromEntries(Object.keys(plugin.rules).map(name => [`${ns}/${name}`, 'error']));
  return new ESLint({
    cwd: DEFAULT_CACHE,
    overrideConfigFile: true,
    ignore: false,
    stats: true,
    overrideConfig: [
      {
        files: ['**/*.{js,mjs,cjs,ts,mts,cts}'],
        languageOptions: { parser: tsParser, sourceType: 'module', ecmaVersion: 'latest' },
        linterOptions: { noInlineConfig: true },
        plugins: { [ns]: plugin },
        rules: { ...rules, 'no-unused-vars': 'error' },
      },
      { files: ['**/*.cjs'], languageOptions: { sourceType: 'script' } },
    ],
  });
}

async function measure(engine, files, ns) {
  const results = await engine.lintFiles(files);
  let ours = 0;
  let baseline = 0;
  for (const result of results) {
    for (const pass of result.stats?.times?.passes ?? []) {
      for (const [id, time] of Object.entries(pass.rules ?? {})) {
        if (id === 'no-unused-vars') baseline += time.total;
        else if (id.startsWith(`${ns}/`)) ours += time.total;
      }
    }
  }
  return { ours, baseline };
}

const median = values => values.slice().sort((a, b) => a - b)[values.length >> 1];

const options = twoBuilds(process.argv.slice(2), 6);
const builds = options.builds;
const files = wholePackageGroups().flatMap(group => group.files);
console.log(`paired: ${files.length} files, ${options.rounds} rounds, base ${options.base}`);
const engines = { base: engineFor(builds.base), new: engineFor(builds.new) };
const seen = { base: [], new: [] };
for (let round = 0; round < options.rounds; round++) {
  // Alternate which build goes first, so neither always lints right after the other.
  for (const which of round % 2 ? ['new', 'base'] : ['base', 'new']) {
    const ns = builds[which].meta?.namespace ?? 'connection-leaks';
    const figures = await measure(engines[which], files, ns);
    seen[which].push(figures);
    console.log(
      `round ${round} ${which.padEnd(4)} ours ${figures.ours.toFixed(0).padStart(5)} ms, no-unused-vars ${figures.baseline.toFixed(0).padStart(5)} ms, ${(figures.ours / figures.baseline).toFixed(3)}×`,
    );
  }
}
const ratios = seen.new.map((figures, i) => figures.ours / seen.base[i].ours);
console.log(`paired new/base per round: ${ratios.map(r => r.toFixed(2)).join(' ')}; median ${median(ratios).toFixed(3)}`);
for (const which of ['base', 'new']) {
  console.log(`${which}: median ${median(seen[which].map(f => f.ours)).toFixed(0)} ms, median multiple of no-unused-vars ${median(seen[which].map(f => f.ours / f.baseline)).toFixed(3)}×`);
}
