// The analysis' opinion on an oracle program: the BUILT plugin (dist/) with `no-leaked-connection`
// and `no-double-release` on, function by function (a report counts for the function or method
// whose text holds it).
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listUnits } from './run.mjs';
import { unitAt } from './units.mjs';

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
 * Map name → { leak, double, undeclared, messages } for every unit (top-level function, method) of
 * `code`; a report counts for the innermost unit around it. null when the text does not parse. A
 * rule crash throws (ESLint rethrows it): a bug of its own, not a verdict.
 */
export function verdictOf(code) {
  const { linter: l, config } = linter();
  const messages = l.verify(code, config, { filename: 'oracle.mjs' });
  if (messages.some(m => m.fatal)) return null;
  const units = listUnits(code);
  const lineStarts = [0, ...[...code.matchAll(/\n/g)].map(m => m.index + 1)];
  const byUnit = new Map(units.map(u => [u.name, []]));
  for (const m of messages) {
    const unit = unitAt(units, lineStarts[m.line - 1] + m.column - 1);
    if (unit) byUnit.get(unit.name).push(m);
  }
  const verdicts = new Map();
  for (const [name, inside] of byUnit) {
    verdicts.set(name, {
      leak: inside.some(m => m.ruleId === 'connection-leaks/no-leaked-connection'),
      double: inside.some(m => m.ruleId === 'connection-leaks/no-double-release'),
      undeclared: inside.some(m => m.ruleId === 'no-undef'),
      messages: inside.filter(m => m.ruleId !== 'no-undef').map(m => `${m.line}:${m.column} ${m.ruleId.replace('connection-leaks/', '')}: ${m.message}`),
    });
  }
  return verdicts;
}
