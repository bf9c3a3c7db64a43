import { RuleTester } from '@typescript-eslint/rule-tester';

/** TypeScript-aware tester (the parser the plugin is developed against). */
export const ruleTester = new RuleTester({
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});

/** Plain JavaScript with `require` (CommonJS, no declared globals). */
export const jsRuleTester = new RuleTester({
  languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'script' } },
});
