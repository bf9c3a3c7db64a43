/**
 * The built package under every ESLint a user may have, through the public `ESLint` class:
 * ESLint 10 and 9 with a flat config (`recommended`), ESLint 8.57 with a legacy `.eslintrc.json`
 * (`legacy-recommended`). The two older versions are npm aliases (`eslint-v9`, `eslint-v8`).
 *
 * Each lints a real file with a leak in a temporary project that has the plugin installed under
 * its package name and the config from the README, checks the exact report, then checks `--fix` (fix: true + outputFixes):
 * it leaves the code alone by default (the try/finally wrap is a suggestion) and applies it
 * when the rule is configured with `{ autofix: true }`.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEAK_FIXED, LEAK_REPORT, LEAK_SOURCE, LEAK_SUGGESTION, ROOT, RULE_ID, loadBuiltPlugin, readmeBlock, requireFromRoot, useTempProject, writeDocExamples } from './helpers';

/** What the tests use of the `ESLint` class; the same surface in 8.57, 9 and 10. */
interface LintMessage {
  ruleId: string | null;
  messageId?: string;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity: number;
  suggestions?: { desc: string }[];
}
interface LintResult {
  filePath: string;
  messages: LintMessage[];
  output?: string;
}
interface ESLintInstance {
  lintFiles(patterns: string[]): Promise<LintResult[]>;
}
interface ESLintClass {
  new (options: Record<string, unknown>): ESLintInstance;
  version: string;
  outputFixes(results: LintResult[]): Promise<void>;
}

const AUTOFIX_RULES = { [RULE_ID]: ['error', { autofix: true }] };

function expectLeakReport(results: LintResult[]): void {
  expect(results).toHaveLength(1);
  const [message, ...others] = results[0].messages;
  expect(others).toEqual([]);
  expect(message).toMatchObject({ ...LEAK_REPORT, severity: 2 });
  expect(message.suggestions?.map(s => s.desc)).toEqual([LEAK_SUGGESTION]);
}

/**
 * Lints the file, checks the report, then the two fix behaviours. `patterns` are what is linted: the
 * file by default, or e.g. `['.']` for `eslint .` on a project whose only source is the file.
 */
async function checkLintAndFix(ESLint: ESLintClass, options: Record<string, unknown>, file: string, legacy: boolean, patterns?: string[]): Promise<void> {
  const relative = patterns ?? [path.relative(String(options.cwd), file)];
  writeFileSync(file, LEAK_SOURCE);

  expectLeakReport(await new ESLint(options).lintFiles(relative));

  // `--fix` without the option: the leak fix changes behaviour, so it stays a suggestion.
  const unfixed = await new ESLint({ ...options, fix: true }).lintFiles(relative);
  expect(unfixed[0].output).toBeUndefined();
  expectLeakReport(unfixed);

  // `--fix` with `{ autofix: true }`: the wrap is applied and written back.
  const overrideConfig = legacy ? { rules: AUTOFIX_RULES } : [{ rules: AUTOFIX_RULES }];
  const fixed = await new ESLint({ ...options, fix: true, overrideConfig }).lintFiles(relative);
  expect(fixed[0].messages).toEqual([]);
  expect(fixed[0].output).toBe(LEAK_FIXED);
  await ESLint.outputFixes(fixed);
  expect(readFileSync(file, 'utf8')).toBe(LEAK_FIXED);

  // The fixed file is clean.
  const after = await new ESLint(options).lintFiles(relative);
  expect(after[0].messages).toEqual([]);
}

// The configs users copy from the README.
const FLAT_CONFIG_MJS = readmeBlock('// eslint.config.mjs');
const FLAT_CONFIG_CJS = readmeBlock('// eslint.config.cjs');
// The README's first .eslintrc.json (the parser for every file); packed.test.ts runs its second.
const LEGACY_CONFIG = readmeBlock('"parser": "@typescript-eslint/parser",');

it.skipIf(process.platform === 'win32')('`npx eslint` in this repository is ESLint 10, not one of the aliases', () => {
  // npm links every package's `eslint` bin to node_modules/.bin/eslint; adding an alias to an existing
  // node_modules can leave the link on the alias (then `npm run lint` runs ESLint 8). `npm rebuild eslint` repairs it.
  const bin = realpathSync(path.join(ROOT, 'node_modules/.bin/eslint'));
  expect(bin, 'node_modules/.bin/eslint points at an alias: run `npm rebuild eslint`').toBe(realpathSync(path.join(ROOT, 'node_modules/eslint/bin/eslint.js')));
});

describe.each([
  { label: 'ESLint 10', module: 'eslint', major: '10.' },
  { label: 'ESLint 9', module: 'eslint-v9', major: '9.39.' },
])('$label, flat config, recommended preset', ({ module, major }) => {
  const esm = useTempProject(`flat-mjs-${module}`);
  const cjs = useTempProject(`flat-cjs-${module}`);
  const load = () => (requireFromRoot(module) as { ESLint: ESLintClass }).ESLint;

  it('is the ESLint version the alias names', () => {
    expect(load().version.startsWith(major)).toBe(true);
  });

  it("with the README's eslint.config.mjs: reports the leak and applies the opt-in autofix", async () => {
    writeFileSync(path.join(esm.dir, 'eslint.config.mjs'), FLAT_CONFIG_MJS);
    mkdirSync(path.join(esm.dir, 'src'));
    await checkLintAndFix(load(), { cwd: esm.dir }, path.join(esm.dir, 'src/users.ts'), false);
  });

  it("with the README's eslint.config.cjs (CommonJS): reports the leak", async () => {
    writeFileSync(path.join(cjs.dir, 'eslint.config.cjs'), FLAT_CONFIG_CJS);
    writeFileSync(path.join(cjs.dir, 'users.ts'), LEAK_SOURCE);
    const ESLint = load();
    expectLeakReport(await new ESLint({ cwd: cjs.dir }).lintFiles(['users.ts']));
  });

  it('with the plugin object passed in directly (overrideConfigFile: true): reports the leak', async () => {
    const ESLint = load();
    const plugin = loadBuiltPlugin();
    const tsParser = requireFromRoot('@typescript-eslint/parser');
    writeFileSync(path.join(cjs.dir, 'direct.ts'), LEAK_SOURCE);
    const eslint = new ESLint({
      cwd: cjs.dir,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, plugin.configs.recommended],
    });
    expectLeakReport(await eslint.lintFiles(['direct.ts']));
  });
});

describe("ESLint 8.57, the README's legacy .eslintrc.json (legacy-recommended preset)", () => {
  const project = useTempProject('legacy-eslint-v8');
  let ESLint: ESLintClass;

  beforeAll(() => {
    ({ ESLint } = requireFromRoot('eslint-v8') as { ESLint: ESLintClass });
    writeFileSync(path.join(project.dir, '.eslintrc.json'), LEGACY_CONFIG);
    mkdirSync(path.join(project.dir, 'src'));
  });

  it('is ESLint 8.57', () => {
    expect(ESLint.version).toMatch(/^8\.57\./);
  });

  it('`eslint .` lints the .ts file, reports the leak and applies the opt-in autofix', async () => {
    // Plugins in an eslintrc resolve from `cwd` (resolvePluginsRelativeTo), the parser from the
    // config file: both find the project's node_modules. ESLint 8 lints only `.js` for `eslint .`
    // unless an `overrides` entry names other files: the preset's does.
    await checkLintAndFix(ESLint, { cwd: project.dir, useEslintrc: true }, path.join(project.dir, 'src/users.ts'), true, ['.']);
  });

  it('`eslint .` lints every TypeScript extension and .js', async () => {
    const dir = path.join(project.dir, 'every-extension');
    mkdirSync(dir);
    const extensions = ['ts', 'tsx', 'mts', 'cts', 'js'];
    for (const ext of extensions) writeFileSync(path.join(dir, `users.${ext}`), ext === 'js' ? LEAK_SOURCE.replace(/: (number|string|Promise<void>)/g, '') : LEAK_SOURCE);
    const results = await new ESLint({ cwd: dir, useEslintrc: true }).lintFiles(['.']);
    const reported = results.filter(r => r.messages.some(m => m.ruleId === RULE_ID)).map(r => path.basename(r.filePath));
    expect(reported.sort()).toEqual(extensions.map(ext => `users.${ext}`).sort());
  });
});

describe('every rule gives the same reports on ESLint 9 and 8.57 as on ESLint 10 (examples/ and every docs example)', () => {
  const project = useTempProject('parity');
  const plugin = loadBuiltPlugin();
  const allRules = Object.fromEntries(Object.keys(plugin.rules).map(name => [`${plugin.meta.namespace}/${name}`, 'error']));
  const files: string[] = [];
  let reference: string[];

  type Instance = { lintFiles(patterns: string[]): Promise<LintResult[]> };
  async function reportsOf(eslint: Instance): Promise<string[]> {
    const results = await eslint.lintFiles(files);
    return results
      .flatMap(r => r.messages.map(m => `${path.relative(project.dir, r.filePath)}:${m.line}:${m.column} ${m.ruleId} ${m.severity} ${m.message}`))
      .sort();
  }
  function flat(ESLint: ESLintClass): Instance {
    return new ESLint({
      cwd: project.dir,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.ts'], languageOptions: { parser: requireFromRoot('@typescript-eslint/parser') } },
        { files: ['**/*.{js,cjs,ts}'], plugins: { [plugin.meta.namespace]: plugin }, rules: allRules },
      ],
    });
  }

  beforeAll(async () => {
    mkdirSync(path.join(project.dir, 'examples'));
    for (const name of readdirSync(path.join(ROOT, 'examples/src'))) {
      // The example app's CommonJS file as .cjs, so every version parses it as CommonJS.
      const target = path.join('examples', name.replace(/\.js$/, '.cjs'));
      copyFileSync(path.join(ROOT, 'examples/src', name), path.join(project.dir, target));
      files.push(target);
    }
    files.push(...writeDocExamples(path.join(project.dir, 'docs')).map(name => path.join('docs', name)));
    reference = await reportsOf(flat((requireFromRoot('eslint') as { ESLint: ESLintClass }).ESLint));
    // Every rule reports somewhere, so each one is compared.
    for (const id of Object.keys(allRules)) expect(reference.some(r => r.includes(` ${id} `)), id).toBe(true);
  }, 60_000);

  it('ESLint 9 (flat config)', async () => {
    expect(await reportsOf(flat((requireFromRoot('eslint-v9') as { ESLint: ESLintClass }).ESLint))).toEqual(reference);
  });

  it('ESLint 8.57 (eslintrc, the plugin resolved by name)', async () => {
    const { ESLint } = requireFromRoot('eslint-v8') as { ESLint: ESLintClass };
    const eslint = new ESLint({
      cwd: project.dir,
      useEslintrc: false,
      overrideConfig: {
        parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
        plugins: [plugin.meta.namespace],
        rules: allRules,
        overrides: [
          { files: ['*.ts'], parser: '@typescript-eslint/parser' },
          { files: ['*.cjs'], parserOptions: { sourceType: 'script', ecmaFeatures: { globalReturn: true } } },
        ],
      },
    });
    expect(await reportsOf(eslint)).toEqual(reference);
  });
});
