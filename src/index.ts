import type { ESLint, Linter, Rule } from 'eslint';
import { buildConfigs } from './configs';
import { PLUGIN_NAME, PLUGIN_VERSION, NAMESPACE } from './meta';
import { rules } from './rules';

/** Spelled out so that the published types need none of the rules' internal types. */
type RuleName =
  | 'no-await-while-checked-out'
  | 'no-double-release'
  | 'no-leaked-connection'
  | 'no-nested-checkout'
  | 'no-pool-per-request'
  | 'no-transaction-on-pool'
  | 'prefer-pool-query'
  | 'require-pool-timeouts';

// Fails to compile when a rule is added or removed without updating RuleName.
const sameRuleNames: [RuleName, keyof typeof rules] extends [keyof typeof rules, RuleName] ? true : never = true;
void sameRuleNames;

/**
 * The plugin's public type, in ESLint's own types only: it satisfies `ESLint.Plugin`, and each flat
 * preset `Linter.Config`, so `defineConfig`, `plugins: { … }` and typed config arrays accept them
 * without casts. Type aliases, not interfaces, so that they fit ESLint's `Record<string, …>` fields.
 */
type ConnectionLeaksPlugin = {
  meta: { name: string; version: string; namespace: string };
  rules: Record<RuleName, Rule.RuleModule>;
  configs: {
    recommended: Linter.Config;
    /** `recommended`, deciding pools and handles by declared types (needs `parserOptions.projectService`). */
    'recommended-type-checked': Linter.Config;
    strict: Linter.Config;
    all: Linter.Config;
    /** The same presets for ESLint 8's `.eslintrc` (`extends: ['plugin:connection-leaks/legacy-recommended']`). */
    'legacy-recommended': Linter.LegacyConfig;
    'legacy-recommended-type-checked': Linter.LegacyConfig;
    'legacy-strict': Linter.LegacyConfig;
    'legacy-all': Linter.LegacyConfig;
  };
};

const plugin: ConnectionLeaksPlugin = {
  meta: { name: PLUGIN_NAME, version: PLUGIN_VERSION, namespace: NAMESPACE },
  // typescript-eslint's rule types describe the same objects with TypeScript's node types.
  rules: rules as unknown as ConnectionLeaksPlugin['rules'],
  configs: {} as ConnectionLeaksPlugin['configs'],
};
plugin.configs = buildConfigs(plugin satisfies ESLint.Plugin, rules);

export = plugin;
