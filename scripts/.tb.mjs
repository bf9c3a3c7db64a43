import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import fs from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const plugin = require('../dist/index.js');
const base = process.env.HOME + '/.cache/eslint-plugin-connection-leaks/corpus/';
const files = ['mariadb@3.5.4/package/dist/promise.cjs', 'slonik@49.10.9/package/dist/helpers.test/createIntegrationTests.js', 'slonik@49.10.9/package/src/helpers.test/createIntegrationTests.ts', 'mariadb@3.5.4/package/dist/callback.cjs', 'slonik@49.10.9/package/dist/helpers.test/createPoolTests.js'];
const linter = new Linter({ configType: 'flat' });
const codes = files.map(f => [f, fs.readFileSync(base + f, 'utf8')]);
linter.verify('x', [{}]);
for (const [f, code] of codes) {
  const ts = f.endsWith('.ts');
  const lang = ts ? { parser: tsParser, sourceType: 'module' } : { sourceType: f.endsWith('.cjs') ? 'commonjs' : 'module', ecmaVersion: 'latest' };
  const run = rules => { const t = process.hrtime.bigint(); for (let i = 0; i < 3; i++) linter.verify(code, [{ files: ['**/*'], languageOptions: lang, plugins: { 'connection-leaks': plugin }, rules }], { filename: 'x/' + f.split('/').pop() }); return Number(process.hrtime.bigint() - t) / 3e6; };
  run({});
  const none = run({});
  const mine = run({ 'connection-leaks/no-shared-pool-close': 'error' });
  const unused = run({ 'no-unused-vars': 'error' });
  console.log(f.slice(0, 50), 'none', none.toFixed(0), 'shared-close +', (mine - none).toFixed(0), 'no-unused-vars +', (unused - none).toFixed(0));
}
