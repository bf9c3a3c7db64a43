// Crash hunt on real code: lints a fixed, deterministic sample of the repository's own
// node_modules with every rule of the plugin and asserts that no rule throws.
// It lints through the BUILT plugin (dist/index.js); `npm test` runs `npm run build` first.
// The full scan is `node scripts/lint-node-modules.mjs` (add `--report` to see every report).
import { describe, expect, it } from 'vitest';

// Dynamic import: this test file is CommonJS for TypeScript, the script is ESM (types in the .d.mts).
const load = () => import('../scripts/lint-node-modules.mjs');

const SAMPLE = 1500;
const SEED = 20240601;

describe('crash sample (node_modules)', () => {
  it('config applies: a known leak is reported in .js and .ts', async () => {
    const scan = await load();
    const code = [
      "const { Pool } = require('pg');",
      'const pool = new Pool();',
      'async function f() {',
      '  const client = await pool.connect();',
      "  await client.query('SELECT 1');",
      '  client.release();',
      '}',
    ].join('\n');
    for (const file of ['/virtual/leak.js', '/virtual/leak.ts']) {
      const out = scan.lintText(code, file);
      expect(out.parseError).toBeUndefined();
      // Every rule is on: the leak must be among the reports (prefer-pool-query also sees a one-query checkout).
      expect(out.messages.map(m => m.ruleId)).toContain('connection-leaks/no-leaked-connection');
    }
  });

  it(
    `lints ${SAMPLE} files without a crash`,
    async () => {
      const scan = await load();
      const files = scan.sampleFiles(scan.collectFiles(), SAMPLE, SEED);
      const result = scan.lintFiles(files);
      const crashes = result.crashes.map(c => `${c.file}\n${c.message}\n${c.stack}`);
      expect(crashes).toEqual([]);
      expect(result.notLinted).toEqual([]);
      expect(result.linted).toBeGreaterThanOrEqual(1000);
    },
    180_000,
  );
});
