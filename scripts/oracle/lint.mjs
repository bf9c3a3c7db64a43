// The analysis' opinion on an oracle program: the BUILT plugin (dist/) with `no-leaked-connection`
// and `no-double-release` on, function by function (a report counts for the top-level function
// whose lines hold it).
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFunctions } from './run.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RULES = ['no-leaked-connection', 'no-double-release'];

let cached = null;
function linter() {
  if (cached) return cached;
  const { Linter } = require('eslint');
  const plugin = require(path.join(ROOT, 'dist', 'index.js'));
  const config = {
    files: ['**/*.mjs'],
    plugins: { 'connection-leaks': plugin },
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    // `no-undef` tells a reduction that lost a declaration (not a verdict of the plugin).
    rules: { 'no-undef': 'error', ...Object.fromEntries(RULES.map(r => [`connection-leaks/${r}`, 'error'])) },
  };
  cached = { linter: new Linter({ configType: 'flat' }), config };
  return cached;
}

/**
 * Map name → { leak, double, undeclared, messages } for every top-level function of `code`; null when the
 * text does not parse. A rule crash throws (ESLint rethrows it): a bug of its own, not a verdict.
 */
export function verdictOf(code) {
  const { linter: l, config } = linter();
  const messages = l.verify(code, config, { filename: 'oracle.mjs' });
  if (messages.some(m => m.fatal)) return null;
  const verdicts = new Map();
  for (const fn of listFunctions(code)) {
    const inside = messages.filter(m => m.line >= fn.lines[0] && m.line <= fn.lines[1]);
    verdicts.set(fn.name, {
      leak: inside.some(m => m.ruleId === 'connection-leaks/no-leaked-connection'),
      double: inside.some(m => m.ruleId === 'connection-leaks/no-double-release'),
      undeclared: inside.some(m => m.ruleId === 'no-undef'),
      messages: inside.filter(m => m.ruleId !== 'no-undef').map(m => `${m.line}:${m.column} ${m.ruleId.replace('connection-leaks/', '')}: ${m.message}`),
    });
  }
  return verdicts;
}
