/**
 * The plugin's published types, in ESLint's own types only (no typescript-eslint, no internal
 * module), so that they satisfy `ESLint.Plugin` and `Linter.Config` wherever ESLint's types do:
 * `defineConfig`, `plugins: { … }` and typed config arrays accept them without casts. Type aliases,
 * not interfaces, so that they fit ESLint's `Record<string, …>` fields.
 */
import type { Linter, Rule } from 'eslint';

export type RuleName =
  | 'no-await-while-checked-out'
  | 'no-double-release'
  | 'no-leaked-connection'
  | 'no-nested-checkout'
  | 'no-pool-over-budget'
  | 'no-pool-per-request'
  | 'no-session-state-on-pool'
  | 'no-shared-pool-close'
  | 'no-transaction-on-pool'
  | 'prefer-pool-query'
  | 'require-pool-timeouts';

export type PluginConfigs = {
  recommended: Linter.Config;
  /** `recommended`, deciding pools and handles by declared types (needs `parserOptions.projectService`). */
  'recommended-type-checked': Linter.Config;
  strict: Linter.Config;
  all: Linter.Config;
  /** The presets for ESLint 8's `.eslintrc` (`extends: ['plugin:connection-leaks/legacy-recommended']`). */
  'legacy-recommended': Linter.LegacyConfig;
  'legacy-recommended-type-checked': Linter.LegacyConfig;
  'legacy-strict': Linter.LegacyConfig;
  'legacy-all': Linter.LegacyConfig;
};

export type ConnectionLeaksPlugin = {
  meta: { name: string; version: string; namespace: string };
  rules: Record<RuleName, Rule.RuleModule>;
  configs: PluginConfigs;
};
