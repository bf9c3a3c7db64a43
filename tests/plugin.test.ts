import { createRequire } from 'node:module';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index';
import { docsUrl } from '../src/util/create-rule';

const require = createRequire(import.meta.url);
const pkg = require('../package.json') as { name: string; version: string };

describe('plugin object', () => {
  it('carries name and version for ESLint cache keys', () => {
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: 'connection-leaks' });
  });

  it('builds every docs URL in one place and has a doc page per rule', () => {
    for (const [name, rule] of Object.entries(plugin.rules)) {
      expect(rule.meta?.docs?.url).toBe(docsUrl(name));
      expect(require('node:fs').existsSync(new URL(`../docs/rules/${name}.md`, import.meta.url))).toBe(true);
    }
  });

  it('derives preset membership from meta.docs.recommended', () => {
    for (const [name, rule] of Object.entries(plugin.rules)) {
      const id = `connection-leaks/${name}`;
      const level = rule.meta?.docs?.recommended;
      expect(id in (plugin.configs.recommended.rules ?? {})).toBe(level === 'recommended');
      expect(id in (plugin.configs.strict.rules ?? {})).toBe(level === 'recommended' || level === 'strict');
      expect(id in (plugin.configs.all.rules ?? {})).toBe(true);
      expect(plugin.configs['legacy-recommended'].rules?.[id]).toEqual(plugin.configs.recommended.rules?.[id]);
    }
  });

  it('keeps every message and suggestion under 160 characters (the explanation is in the docs)', () => {
    const long = Object.entries(plugin.rules).flatMap(([name, rule]) =>
      Object.entries(rule.meta?.messages ?? {})
        .filter(([, text]) => text.length > 160)
        .map(([id, text]) => `${name}/${id} (${text.length})`),
    );
    expect(long).toEqual([]);
  });

  it('names flat presets, scopes them to JS/TS files and registers the plugin under its namespace', () => {
    for (const level of ['recommended', 'strict', 'all'] as const) {
      const config = plugin.configs[level];
      expect(config.name).toBe(`connection-leaks/${level}`);
      expect(config.files).toEqual(['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}']);
      expect(config.plugins?.['connection-leaks']).toBe(plugin);
      expect(plugin.configs[`legacy-${level}`].plugins).toEqual(['connection-leaks']);
    }
  });
});

describe('the built package', () => {
  it('loads with require and with import, as the same plugin', async () => {
    const required = require('../dist/index.js') as typeof plugin;
    const imported = (await import('../dist/index.js')) as { default: typeof plugin };
    expect(Object.keys(required.rules)).toEqual(Object.keys(plugin.rules));
    // vitest loads `import()` through its own module graph, so compare shape, not identity.
    expect(Object.keys(imported.default.rules)).toEqual(Object.keys(plugin.rules));
    expect(imported.default.meta).toEqual(required.meta);
  });

  it('reports through the public ESLint class with the recommended preset', async () => {
    const built = require('../dist/index.js') as typeof plugin;
    const eslint = new ESLint({
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, built.configs.recommended],
    });
    const code = [
      "import { Pool } from 'pg';",
      'const pool = new Pool();',
      'export async function count() {',
      '  const client = await pool.connect();',
      "  const { rows } = await client.query('SELECT count(*) FROM t');",
      '  client.release();',
      '  return rows[0];',
      '}',
    ].join('\n');
    const [result] = await eslint.lintText(code, { filePath: 'count.ts' });
    expect(result.messages.map(m => [m.ruleId, m.line, m.severity])).toEqual([['connection-leaks/no-leaked-connection', 4, 2]]);
    expect(result.messages[0].suggestions?.[0].desc).toBe('Release `client` in a `finally` block.');
  });
});
