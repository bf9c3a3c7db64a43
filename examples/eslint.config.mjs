// Lints the example app with the plugin, exactly as a user would configure it.
// `eslint-plugin-connection-leaks` resolves to this package itself (package self-reference via
// the "exports" field of ../package.json), i.e. the built plugin in ../dist.
import tsParser from '@typescript-eslint/parser';
import connectionLeaks from 'eslint-plugin-connection-leaks';

export default [
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tsParser,
      ecmaVersion: 'latest',
      sourceType: 'module',
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'commonjs',
    },
  },
  connectionLeaks.configs.recommended,
  // Two rules of the strict preset for the serverless example (warnings: the app's errors stay the recommended ones).
  {
    files: ['**/src/budget-and-timeouts.ts'],
    rules: { 'connection-leaks/no-pool-over-budget': 'warn', 'connection-leaks/require-pool-timeouts': 'warn' },
  },
];
