/**
 * The ESLint 10 CLI on examples/, the way the README and docs/ci.md run it: exit codes,
 * `--max-warnings 0`, SARIF for code scanning, `--concurrency 2` and `--cache`.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ESLINT_BIN, LEAK_FIXED, LEAK_SOURCE, ROOT, RULE_ID, loadBuiltPlugin, messageTemplate, reportKeys, requireFromRoot, run, useTempProject, type RunResult } from './helpers';

const plugin = loadBuiltPlugin();
const BASE_ARGS = ['--config', 'examples/eslint.config.mjs', 'examples/'];

/** What `no-leaked-connection` reports on examples/ (see examples/README.md): file, line:column, messageId. */
const EXPECTED_LEAKS = [
  ['examples/src/jobs-generic-pool.ts', 24, 24, 'releasedOnlyOnSuccess'],
  ['examples/src/legacy-callbacks.js', 9, 3, 'callbackPath'],
  ['examples/src/orders-mysql2.ts', 14, 28, 'releasedOnlyInCatch'],
  ['examples/src/reports-typeorm.ts', 14, 23, 'releasedOnlyOnSuccess'],
  ['examples/src/users-pg.ts', 15, 24, 'releasedOnlyOnSuccess'],
  ['examples/src/users-pg.ts', 22, 24, 'earlyReturn'],
] as const;

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; messageId?: string; message: string; line: number; column: number; severity: number; fatal?: boolean }[];
  errorCount: number;
  warningCount: number;
}

function eslint(args: string[], env?: NodeJS.ProcessEnv): Promise<RunResult> {
  return run(process.execPath, [ESLINT_BIN, ...BASE_ARGS, ...args], { env });
}

function parseJson(result: RunResult): JsonResult[] {
  return JSON.parse(result.stdout) as JsonResult[];
}

const relative = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

function keysOf(results: JsonResult[]): string[] {
  return reportKeys(results.flatMap(r => r.messages.map(m => ({ file: relative(r.filePath), line: m.line, column: m.column, ruleId: m.ruleId }))));
}

describe('eslint CLI on examples/', () => {
  const tmp = useTempProject('cli', {});
  let single: RunResult;
  let singleKeys: string[];
  /** `file:line:column ruleId` → severity (1 warn, 2 error) in the single-threaded run. */
  const severities = new Map<string, number>();

  beforeAll(async () => {
    single = await eslint(['-f', 'json']);
    singleKeys = keysOf(parseJson(single));
    for (const r of parseJson(single)) {
      for (const m of r.messages) severities.set(reportKeys([{ file: relative(r.filePath), line: m.line, column: m.column, ruleId: m.ruleId }])[0], m.severity);
    }
  }, 60_000);

  it('exits 1 and reports every MISTAKE of the example app, with the rule id and message', () => {
    expect(single.code, single.stderr).toBe(1);
    const results = parseJson(single);
    const messages = results.flatMap(r => r.messages.map(m => ({ ...m, file: relative(r.filePath) })));
    // Nothing but our rules (no parse errors, no crashes), each an id the plugin exports.
    for (const m of messages) {
      expect(m.fatal, m.message).toBeFalsy();
      expect(m.ruleId?.startsWith('connection-leaks/') && m.ruleId.slice('connection-leaks/'.length) in plugin.rules, String(m.ruleId)).toBe(true);
    }
    const leaks = messages.filter(m => m.ruleId === RULE_ID);
    expect(leaks.map(m => [m.file, m.line, m.column, m.messageId])).toEqual(EXPECTED_LEAKS);
    for (const m of leaks) {
      expect(m.severity).toBe(2);
      expect(m.message).toMatch(messageTemplate(plugin.rules['no-leaked-connection'].meta.messages[m.messageId!]));
    }
  });

  it('prints the stylish report the README shows', async () => {
    const stylish = await eslint([]);
    expect(stylish.code).toBe(1);
    expect(stylish.stdout).toContain('examples/src/users-pg.ts');
    expect(stylish.stdout).toMatch(/15:24 {2}error {2}`client` is released only when nothing throws: .* {2}connection-leaks\/no-leaked-connection/);
    expect(stylish.stdout).toMatch(/✖ \d+ problems? \(\d+ errors?, \d+ warnings?\)/);
  });

  it('--max-warnings 0 fails the run on warnings alone', async () => {
    // Every rule of the preset downgraded to "warn": without the flag the run passes...
    const toWarn = Object.keys(plugin.configs.recommended.rules ?? {}).flatMap(id => ['--rule', JSON.stringify({ [id]: 'warn' })]);
    const warnOnly = await eslint([...toWarn, '-f', 'json']);
    expect(warnOnly.code, warnOnly.stderr).toBe(0);
    const results = parseJson(warnOnly);
    expect(results.reduce((n, r) => n + r.errorCount, 0)).toBe(0);
    expect(keysOf(results)).toEqual(singleKeys);
    // ...and with it, the same warnings fail it.
    const strict = await eslint([...toWarn, '--max-warnings', '0']);
    expect(strict.code).toBe(1);
    expect(strict.stdout + strict.stderr).toContain('ESLint found too many warnings (maximum: 0)');
  });

  it('writes SARIF with our rule ids, help URIs and locations (-f @microsoft/eslint-formatter-sarif)', async () => {
    const output = path.join(tmp.dir, 'eslint.sarif');
    const sarifRun = await eslint(['-f', '@microsoft/eslint-formatter-sarif', '-o', output]);
    expect(sarifRun.code, sarifRun.stderr).toBe(1);
    const sarif = JSON.parse(readFileSync(output, 'utf8')) as {
      version: string;
      runs: {
        tool: { driver: { name: string; rules: { id: string; helpUri?: string; shortDescription?: { text: string } }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          message: { text: string };
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const [sarifRunData] = sarif.runs;
    const { driver } = sarifRunData.tool;
    expect(driver.name).toBe('ESLint');

    // Every rule that reported is described with its documentation page and description.
    const reported = new Set(sarifRunData.results.map(r => r.ruleId));
    expect(reported.has(RULE_ID)).toBe(true);
    for (const id of reported) {
      const rule = driver.rules.find(r => r.id === id);
      const meta = plugin.rules[id.slice('connection-leaks/'.length)]?.meta;
      expect(rule, id).toBeDefined();
      expect(meta?.docs?.url).toMatch(/^https:\/\//);
      expect(rule!.helpUri).toBe(meta!.docs!.url);
      expect(rule!.shortDescription?.text).toBe((meta!.docs as { description?: string }).description);
    }

    // Each result points at the example file and line: the same reports as the JSON run.
    const fromSarif = sarifRunData.results.map(r => {
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      expect(driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      const report = { file: relative(new URL(artifactLocation.uri).pathname), line: region.startLine, column: region.startColumn, ruleId: r.ruleId };
      expect(r.level).toBe(severities.get(reportKeys([report])[0]) === 2 ? 'error' : 'warning');
      return report;
    });
    expect(reportKeys(fromSarif)).toEqual(singleKeys);
    const renameUser = sarifRunData.results.find(r => r.locations[0].physicalLocation.region.startLine === 15)!;
    expect(renameUser.locations[0].physicalLocation.artifactLocation.uri.endsWith('/examples/src/users-pg.ts')).toBe(true);
    expect(renameUser.locations[0].physicalLocation.artifactLocation.uri).toBe(pathToFileURL(path.join(ROOT, 'examples/src/users-pg.ts')).href);
  });

  it('--concurrency 2 (worker threads) gives the same reports as the single-threaded run', async () => {
    const threaded = await eslint(['--concurrency', '2', '-f', 'json']);
    expect(threaded.code, threaded.stderr).toBe(1);
    expect(keysOf(parseJson(threaded))).toEqual(singleKeys);
  });

  it('--cache gives the same reports, and the second run takes them from the cache', async () => {
    const cacheLocation = path.join(tmp.dir, '.eslintcache');
    const first = await eslint(['--cache', '--cache-location', cacheLocation, '-f', 'json']);
    expect(first.code, first.stderr).toBe(1);
    expect(keysOf(parseJson(first))).toEqual(singleKeys);
    expect(existsSync(cacheLocation)).toBe(true);

    const second = await eslint(['--cache', '--cache-location', cacheLocation, '-f', 'json'], { DEBUG: 'eslint:eslint-helpers' });
    expect(second.code).toBe(1);
    expect(second.stdout).toBe(first.stdout);
    for (const [file] of EXPECTED_LEAKS) {
      expect(second.stderr).toContain(`Skipping file since it hasn't changed: ${path.join(ROOT, file)}`);
    }
  });
});

describe('the cache key follows the plugin meta', () => {
  const project = useTempProject('cache-meta', {});

  it('re-lints cached files when meta.version changes, and only then', async () => {
    const { ESLint } = requireFromRoot('eslint') as typeof import('eslint');
    const tsParser = requireFromRoot('@typescript-eslint/parser');
    writeFileSync(path.join(project.dir, 'users.ts'), LEAK_SOURCE);
    let linted = 0;
    // The built plugin with its own meta, its rules wrapped to count how often ESLint runs them.
    const withMeta = (meta: typeof plugin.meta) => ({
      meta,
      rules: Object.fromEntries(
        Object.entries(plugin.rules).map(([name, rule]) => {
          const original = rule as unknown as { create: (context: unknown) => unknown };
          return [name, { ...rule, create: (context: unknown) => (linted++, original.create(context)) }];
        }),
      ),
    });
    const lint = async (meta: typeof plugin.meta) => {
      const eslint = new ESLint({
        cwd: project.dir,
        cache: true,
        cacheLocation: path.join(project.dir, '.eslintcache'),
        overrideConfigFile: true,
        overrideConfig: [
          { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
          { files: ['**/*.ts'], plugins: { 'connection-leaks': withMeta(meta) as never }, rules: { [RULE_ID]: 'error' } },
        ],
      });
      const [result] = await eslint.lintFiles(['users.ts']);
      return result.messages.map(m => m.ruleId);
    };

    expect(await lint(plugin.meta)).toEqual([RULE_ID]);
    expect(linted).toBe(1);
    expect(await lint(plugin.meta)).toEqual([RULE_ID]); // from the cache
    expect(linted).toBe(1);
    expect(await lint({ ...plugin.meta, version: `${plugin.meta.version}-next` })).toEqual([RULE_ID]); // an upgrade
    expect(linted).toBe(2);
  });
});

describe('adopting on a legacy codebase with --suppress-rule (docs/ci.md)', () => {
  const project = useTempProject('suppress');

  it('suppresses the existing leaks, fails on a new one, and asks to prune fixed ones', async () => {
    const cli = (...args: string[]) => run(process.execPath, [ESLINT_BIN, '.', ...args], { cwd: project.dir });
    writeFileSync(
      path.join(project.dir, 'eslint.config.mjs'),
      [
        "import connectionLeaks from 'eslint-plugin-connection-leaks';",
        "import tsParser from '@typescript-eslint/parser';",
        'export default [',
        "  { files: ['**/*.ts'], languageOptions: { parser: tsParser } },",
        '  connectionLeaks.configs.recommended,',
        '];',
        '',
      ].join('\n'),
    );
    mkdirSync(path.join(project.dir, 'src'));
    writeFileSync(path.join(project.dir, 'src/users.ts'), LEAK_SOURCE);

    const baseline = await cli('--suppress-rule', RULE_ID);
    expect(baseline.code, baseline.stdout + baseline.stderr).toBe(0);
    const suppressions = JSON.parse(readFileSync(path.join(project.dir, 'eslint-suppressions.json'), 'utf8')) as Record<string, unknown>;
    expect(suppressions).toEqual({ 'src/users.ts': { [RULE_ID]: { count: 1 } } });
    expect((await cli()).code).toBe(0);

    // A new leak elsewhere still fails the run, and only it is reported.
    writeFileSync(path.join(project.dir, 'src/orders.ts'), LEAK_SOURCE);
    const newLeak = await cli('-f', 'json');
    expect(newLeak.code).toBe(1);
    expect(keysOf(JSON.parse(newLeak.stdout) as JsonResult[]).map(k => k.replace(/^.*\/src\//, 'src/'))).toEqual([`src/orders.ts:6:24 ${RULE_ID}`]);
    rmSync(path.join(project.dir, 'src/orders.ts'));

    // Fixing the old leak leaves a stale suppression: ESLint says to prune it.
    writeFileSync(path.join(project.dir, 'src/users.ts'), LEAK_FIXED);
    const stale = await cli();
    expect(stale.code).toBe(2);
    expect(stale.stderr).toContain('--prune-suppressions');
    expect((await cli('--prune-suppressions')).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(project.dir, 'eslint-suppressions.json'), 'utf8'))).toEqual({});
  }, 60_000);
});

describe('docs/ci.md', () => {
  it('shows examples/ci/github-actions.yml verbatim, with the commands tested above', () => {
    const workflow = readFileSync(path.join(ROOT, 'examples/ci/github-actions.yml'), 'utf8');
    const doc = readFileSync(path.join(ROOT, 'docs/ci.md'), 'utf8');
    expect(doc).toContain('```yaml\n' + workflow + '```');
    expect(workflow).toContain('run: npx eslint . --max-warnings 0');
    expect(workflow).toMatch(/run: npx eslint \. -f @microsoft\/eslint-formatter-sarif -o eslint\.sarif\n\s+continue-on-error: true/);
    expect(workflow).toContain('uses: github/codeql-action/upload-sarif@v4');
    expect(workflow).toContain('security-events: write');
    const sarifVersion = (requireFromRoot('@microsoft/eslint-formatter-sarif/package.json') as { version: string }).version;
    expect(workflow).toContain(`@microsoft/eslint-formatter-sarif@${sarifVersion}`);
    expect(doc).toContain(`npx eslint . --suppress-rule ${RULE_ID}`);
  });
});
