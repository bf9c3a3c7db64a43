/**
 * Oxlint's JavaScript plugins (ESLint-compatible API) load the built package: the same reports as
 * ESLint on examples/ for every rule oxlint can run, rule options, shared settings, `--fix` and
 * `--fix-suggestions`. Type-aware rules cannot run there (oxlint's `parserServices` is `{}`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ESLINT_BIN, LEAK_FIXED, LEAK_SOURCE, ROOT, RULE_ID, loadBuiltPlugin, readmeBlock, reportKeys, requireFromRoot, run, useTempProject, writeDocExamples, type RunResult } from './helpers';

const OXLINT_BIN = path.join(ROOT, 'node_modules/oxlint/bin/oxlint');
const plugin = loadBuiltPlugin();
const PREFIX = `${plugin.meta.namespace}/`;

/** Rules oxlint can run: all but those that need type information. */
const oxlintRules = Object.entries(plugin.rules)
  .filter(([, rule]) => !(rule.meta.docs as { requiresTypeChecking?: boolean } | undefined)?.requiresTypeChecking)
  .map(([name]) => `${PREFIX}${name}`);

interface OxlintDiagnostic {
  message: string;
  code?: string;
  severity: 'error' | 'warning' | 'advice';
  filename: string;
  labels: { span: { line: number; column: number } }[];
}
interface Report {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  message: string;
  severity: number;
}

function oxlint(args: string[]): Promise<RunResult> {
  return run(process.execPath, [OXLINT_BIN, ...args]);
}

/** Our reports from oxlint's JSON output; fails on a diagnostic that is a JS plugin crash. */
function fromOxlint(result: RunResult): Report[] {
  const { diagnostics } = JSON.parse(result.stdout) as { diagnostics: OxlintDiagnostic[] };
  for (const d of diagnostics) expect(d.code, `oxlint could not run a rule:\n${d.message}`).toBeDefined();
  return diagnostics
    .filter(d => d.code?.startsWith(`${plugin.meta.namespace}(`))
    .map(d => ({
      file: d.filename.split(path.sep).join('/'),
      line: d.labels[0].span.line,
      column: d.labels[0].span.column,
      // oxlint writes `namespace(rule)` where ESLint writes `namespace/rule`.
      ruleId: d.code!.replace(/^([^(]+)\((.+)\)$/, '$1/$2'),
      message: d.message,
      severity: d.severity === 'error' ? 2 : 1,
    }));
}

function fromEslint(result: RunResult): Report[] {
  const results = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string | null; line: number; column: number; message: string; severity: number }[] }[];
  return results.flatMap(r =>
    r.messages.map(m => ({
      file: path.relative(ROOT, r.filePath).split(path.sep).join('/'),
      line: m.line,
      column: m.column,
      ruleId: String(m.ruleId),
      message: m.message,
      severity: m.severity,
    })),
  );
}

const sorted = (reports: Report[]) => reports.map(r => `${reportKeys([r])[0]} ${r.severity} ${r.message}`).sort();

describe('oxlint JS plugins', () => {
  const project = useTempProject('oxlint', {
    'eslint-plugin-connection-leaks': ROOT,
    oxlint: path.join(ROOT, 'node_modules/oxlint'),
  });

  it('is oxlint 1.94', async () => {
    expect((requireFromRoot('oxlint/package.json') as { version: string }).version).toMatch(/^1\.94\./);
  });

  it('examples/.oxlintrc.json loads the plugin by package name and enables the recommended preset', () => {
    const config = JSON.parse(readFileSync(path.join(ROOT, 'examples/.oxlintrc.json'), 'utf8')) as { jsPlugins: string[]; rules: Record<string, unknown> };
    expect(config.jsPlugins).toEqual(['eslint-plugin-connection-leaks']);
    const recommended = Object.fromEntries(Object.entries(plugin.configs.recommended.rules ?? {}).filter(([id]) => oxlintRules.includes(id)));
    expect(config.rules, 'a rule added to the recommended preset goes into examples/.oxlintrc.json and the README oxlint snippet too').toEqual(recommended);
  });

  it('the README shows the same .oxlintrc.json', () => {
    const example = JSON.parse(readFileSync(path.join(ROOT, 'examples/.oxlintrc.json'), 'utf8')) as Record<string, unknown>;
    delete example.$schema;
    expect(JSON.parse(readmeBlock('"jsPlugins"'))).toEqual(example);
  });

  it("the README's oxlint.config.mjs (the preset's rules spread) reports like the .oxlintrc.json", async () => {
    const dir = path.join(project.dir, 'js-config');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'oxlint.config.mjs'), readmeBlock('// oxlint.config.mjs'));
    writeFileSync(path.join(dir, 'users.ts'), LEAK_SOURCE);
    const viaJs = await run(process.execPath, [OXLINT_BIN, '-c', 'oxlint.config.mjs', '-f', 'json', 'users.ts'], { cwd: dir });
    const viaJson = await run(process.execPath, [OXLINT_BIN, '-c', path.join(ROOT, 'examples/.oxlintrc.json'), '-f', 'json', 'users.ts'], { cwd: dir });
    const reports = fromOxlint(viaJs);
    expect(reports.map(r => [r.ruleId, r.line, r.column])).toEqual([[RULE_ID, 6, 24]]);
    expect(sorted(reports)).toEqual(sorted(fromOxlint(viaJson)));
  });

  describe('on examples/', () => {
    let eslintRun: RunResult;
    beforeAll(async () => {
      eslintRun = await run(process.execPath, [ESLINT_BIN, '--config', 'examples/eslint.config.mjs', 'examples/', '-f', 'json']);
    }, 60_000);

    it('reports what ESLint reports with the recommended preset (file, line, column, rule, message, severity)', async () => {
      const result = await oxlint(['-c', 'examples/.oxlintrc.json', '-f', 'json', 'examples/']);
      expect(result.code, result.stderr).toBe(1);
      const ours = fromOxlint(result);
      expect(ours.filter(r => r.ruleId === RULE_ID)).toHaveLength(6);
      // examples/eslint.config.mjs turns on strict rules for one file; the JSON config runs the preset alone.
      const recommended = Object.keys(plugin.configs.recommended.rules ?? {});
      expect(sorted(ours)).toEqual(sorted(fromEslint(eslintRun).filter(r => recommended.includes(r.ruleId))));
    });

    it('runs every rule of the plugin without a crash, with the same reports as ESLint', async () => {
      const allRules = Object.fromEntries(oxlintRules.map(id => [id, 'error']));
      const configFile = path.join(project.dir, 'all.oxlintrc.json');
      writeFileSync(configFile, JSON.stringify({ jsPlugins: ['eslint-plugin-connection-leaks'], rules: allRules }));
      const [ox, es] = await Promise.all([
        oxlint(['-c', configFile, '-f', 'json', 'examples/']),
        run(process.execPath, [ESLINT_BIN, '--config', 'examples/eslint.config.mjs', 'examples/', '-f', 'json', ...oxlintRules.flatMap(id => ['--rule', JSON.stringify({ [id]: 'error' })])]),
      ]);
      expect(ox.stderr).not.toMatch(/Error running JS plugin|Failed to load JS plugin/);
      expect(sorted(fromOxlint(ox))).toEqual(sorted(fromEslint(es).filter(r => oxlintRules.includes(r.ruleId))));
    });
  });

  it('agrees with ESLint on every wrong/right example of every rule page in docs/rules/', async () => {
    // Oxlint ignores `/* eslint rule: [...] */` configuration comments (options go in .oxlintrc.json),
    // so examples that configure the rule inline are ESLint-only.
    const dir = path.join(project.dir, 'doc-examples');
    const count = writeDocExamples(dir, { skipInlineConfig: true }).length;
    expect(count).toBeGreaterThan(0);

    const configFile = path.join(project.dir, 'docs.oxlintrc.json');
    writeFileSync(configFile, JSON.stringify({ jsPlugins: ['eslint-plugin-connection-leaks'], categories: { correctness: 'off' }, rules: Object.fromEntries(oxlintRules.map(id => [id, 'error'])) }));
    const ox = await oxlint(['-c', configFile, '-f', 'json', dir]);
    expect(ox.stderr).not.toMatch(/Error running JS plugin|Failed to load JS plugin/);
    const oxReports = fromOxlint(ox).map(r => ({ ...r, file: path.basename(r.file) }));

    const { ESLint } = requireFromRoot('eslint') as typeof import('eslint');
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.ts'], languageOptions: { parser: requireFromRoot('@typescript-eslint/parser') } },
        { files: ['**/*.{js,cjs,ts}'], plugins: { [plugin.meta.namespace]: plugin as never }, rules: Object.fromEntries(oxlintRules.map(id => [id, 'error'])) },
      ],
    });
    const esReports = (await eslint.lintFiles(['.'])).flatMap(r =>
      r.messages.map(m => ({ file: path.basename(r.filePath), line: m.line, column: m.column, ruleId: String(m.ruleId), message: m.message, severity: m.severity })),
    );
    expect(esReports.length).toBeGreaterThan(0);
    expect(sorted(oxReports)).toEqual(sorted(esReports));
  });

  describe('options, settings and fixes', () => {
    const CUSTOM_POOL = `export async function archive(id: number): Promise<void> {
  const conn = await db.lease();
  await conn.query('DELETE FROM t WHERE id = $1', [id]);
  db.giveBack(conn);
}
`;
    const settings = { 'connection-leaks': { pools: [{ receiver: '^db$', acquire: ['lease'], release: [{ pool: 'giveBack' }] }] } };

    function writeConfig(name: string, config: Record<string, unknown>): string {
      const file = path.join(project.dir, name);
      writeFileSync(file, JSON.stringify({ jsPlugins: ['eslint-plugin-connection-leaks'], categories: { correctness: 'off' }, ...config }));
      return file;
    }

    it('passes settings to the rules (a custom pool), like ESLint', async () => {
      const file = path.join(project.dir, 'custom.ts');
      writeFileSync(file, CUSTOM_POOL);
      const withSettings = writeConfig('settings.oxlintrc.json', { settings, rules: { [RULE_ID]: 'error' } });
      const withoutSettings = writeConfig('plain.oxlintrc.json', { rules: { [RULE_ID]: 'error' } });
      const reported = fromOxlint(await oxlint(['-c', withSettings, '-f', 'json', file]));
      expect(reported.map(r => [r.ruleId, r.line, r.column])).toEqual([[RULE_ID, 2, 22]]);
      expect(fromOxlint(await oxlint(['-c', withoutSettings, '-f', 'json', file]))).toEqual([]);

      const { ESLint } = requireFromRoot('eslint') as typeof import('eslint');
      const eslint = new ESLint({
        cwd: project.dir,
        overrideConfigFile: true,
        overrideConfig: [
          { files: ['**/*.ts'], languageOptions: { parser: requireFromRoot('@typescript-eslint/parser') } },
          plugin.configs.recommended as never,
          { settings },
        ],
      });
      const [result] = await eslint.lintFiles(['custom.ts']);
      expect(result.messages.map(m => [m.ruleId, m.line, m.column, m.message])).toEqual(reported.map(r => [r.ruleId, r.line, r.column, r.message]));
    });

    it('refuses the typeAware setting (no type information in oxlint) with the plugin\'s own error', async () => {
      const file = path.join(project.dir, 'typed.ts');
      writeFileSync(file, LEAK_SOURCE);
      const config = writeConfig('typed.oxlintrc.json', { settings: { 'connection-leaks': { typeAware: true } }, rules: { [RULE_ID]: 'error' } });
      const result = await oxlint(['-c', config, '-f', 'json', file]);
      expect(result.code).toBe(1);
      const { diagnostics } = JSON.parse(result.stdout) as { diagnostics: OxlintDiagnostic[] };
      expect(diagnostics.map(d => d.message).join('\n')).toMatch(/Error running JS plugin[\s\S]*typeAware/);
    });

    it('--fix applies the fix when the rule has { autofix: true }', async () => {
      const file = path.join(project.dir, 'autofix.ts');
      writeFileSync(file, LEAK_SOURCE);
      const config = writeConfig('autofix.oxlintrc.json', { rules: { [RULE_ID]: ['error', { autofix: true }] } });
      const result = await oxlint(['-c', config, '--fix', file]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(LEAK_FIXED);
    });

    it('--fix leaves the suggestion alone by default; --fix-suggestions applies it', async () => {
      const file = path.join(project.dir, 'suggestion.ts');
      writeFileSync(file, LEAK_SOURCE);
      const config = writeConfig('default.oxlintrc.json', { rules: { [RULE_ID]: 'error' } });
      const fixOnly = await oxlint(['-c', config, '--fix', file]);
      expect(fixOnly.code).toBe(1);
      expect(readFileSync(file, 'utf8')).toBe(LEAK_SOURCE);
      const suggestions = await oxlint(['-c', config, '--fix-suggestions', file]);
      expect(suggestions.code, suggestions.stdout + suggestions.stderr).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(LEAK_FIXED);
    });
  });
});
