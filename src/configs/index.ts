import type { ESLint, Linter } from 'eslint';
import { NAMESPACE } from '../meta';
import type { PluginConfigs } from '../public-types';
import type { PluginDocs } from '../util/create-rule';

type RuleMap = Record<string, { meta: { docs?: PluginDocs; type?: string } }>;
type Severity = 'error' | 'warn';
type RuleSetting = Severity | [Severity, ...unknown[]];

/** Rules that warn rather than fail in the presets (their findings are costs, not crashes). */
const WARN_RULES = new Set(['no-await-while-checked-out', 'no-nested-checkout']);

const FILES = ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'];

/**
 * ESLint 8's `eslint .` lints only `.js` unless `--ext` says otherwise, or an `overrides` entry names
 * the files: this one makes it lint TypeScript files too (the parser is the user's to set).
 */
const LEGACY_TYPESCRIPT_FILES = ['*.ts', '*.tsx', '*.mts', '*.cts'];

function levelRules(rules: RuleMap, level: 'recommended' | 'strict' | 'all'): Record<string, RuleSetting> {
  const picked: Record<string, RuleSetting> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const recommended = rule.meta.docs?.recommended;
    const included = level === 'all' || recommended === 'recommended' || (level === 'strict' && recommended === 'strict');
    if (!included) continue;
    const severity = WARN_RULES.has(name) ? 'warn' : 'error';
    const options = level === 'recommended' ? undefined : rule.meta.docs?.strictOptions;
    picked[`${NAMESPACE}/${name}`] = options ? [severity, ...options] : severity;
  }
  return picked;
}

/** Flat presets and their eslintrc twins, derived from each rule's `meta.docs.recommended`. */
export function buildConfigs(plugin: ESLint.Plugin, rules: RuleMap): PluginConfigs {
  const flat = (level: 'recommended' | 'strict' | 'all'): Linter.Config => ({
    name: `${NAMESPACE}/${level}`,
    files: FILES,
    plugins: { [NAMESPACE]: plugin },
    rules: levelRules(rules, level),
  });
  const legacy = (level: 'recommended' | 'strict' | 'all'): Linter.LegacyConfig => ({
    plugins: [NAMESPACE],
    rules: levelRules(rules, level),
    overrides: [{ files: LEGACY_TYPESCRIPT_FILES }],
  });
  // The same rules deciding pools and handles by declared types (needs parserOptions.projectService).
  const typeAware = { [NAMESPACE]: { typeAware: true } };
  return {
    recommended: flat('recommended'),
    'recommended-type-checked': { ...flat('recommended'), name: `${NAMESPACE}/recommended-type-checked`, settings: typeAware },
    strict: flat('strict'),
    all: flat('all'),
    'legacy-recommended': legacy('recommended'),
    'legacy-recommended-type-checked': { ...legacy('recommended'), settings: typeAware },
    'legacy-strict': legacy('strict'),
    'legacy-all': legacy('all'),
  };
}
