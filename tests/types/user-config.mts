// What users write in an `eslint.config.mts` (named otherwise so that ESLint does not load it as this
// folder's config), type-checked by `npm run typecheck` (tsc, module nodenext) against ESLint 10 and
// 9 types, with no casts.
import type { ESLint, Linter } from 'eslint';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import connectionLeaks from 'eslint-plugin-connection-leaks';

export const withDefineConfig = defineConfig([connectionLeaks.configs.recommended]);

export const withDefineConfigAndOwnEntry = defineConfig(
  connectionLeaks.configs.strict,
  {
    files: ['**/*.ts'],
    plugins: { 'connection-leaks': connectionLeaks },
    extends: [connectionLeaks.configs['recommended-type-checked']],
    rules: { 'connection-leaks/no-leaked-connection': ['error', { autofix: true }] },
    settings: { 'connection-leaks': { pools: [{ receiver: '^db$', acquire: ['lease'], release: [{ method: 'done' }] }] } },
  },
);

export const withTseslintConfig = tseslint.config(tseslint.configs.recommended, connectionLeaks.configs.recommended, {
  plugins: { 'connection-leaks': connectionLeaks },
});

export const asPlugin: ESLint.Plugin = connectionLeaks;
export const asConfig: Linter.Config = connectionLeaks.configs.recommended;
export const asLegacyConfig: Linter.LegacyConfig = connectionLeaks.configs['legacy-recommended'];
export const rule = connectionLeaks.rules['no-leaked-connection'];

const plainArray: Linter.Config[] = [connectionLeaks.configs.all, { plugins: { 'connection-leaks': connectionLeaks } }];
export default plainArray;
