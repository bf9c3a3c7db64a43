/**
 * The package as users get it: `npm pack` of this repository, installed from the tarball with npm
 * into fresh projects next to ESLint 10, 9 and 8.57 (the versions of this repository's
 * devDependencies, so npm's cache usually has them), then linted with each ESLint's command line.
 * Also what the install costs a JavaScript-only project: no TypeScript, at most 5 MB over ESLint alone.
 *
 * Needs the npm registry (or npm's cache) for the installs. `npm test` builds dist/ first; the pack
 * here skips `prepack` so that it does not rebuild dist/ under the other test files.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAK_SOURCE, ROOT, RULE_ID, readmeBlock, run } from './helpers';

const INSTALL_TIMEOUT = 300_000;
const MAX_ADDED_BYTES = 5_000_000;

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; devDependencies: Record<string, string> };
/** `npm:eslint@8.57.1` → `eslint@8.57.1`; `10.15.0` (for `eslint`) → `eslint@10.15.0`. */
const spec = (devDependency: string, name = devDependency): string => {
  const range = pkg.devDependencies[devDependency];
  return range.startsWith('npm:') ? range.slice(4) : `${name}@${range}`;
};

/** The child npm must not inherit the `npm_*` variables of the `npm test` that runs vitest. */
const cleanEnv = (): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))),
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
});

async function npm(cwd: string, args: string[]): Promise<string> {
  const result = await run('npm', args, { cwd, env: cleanEnv(), timeoutMs: INSTALL_TIMEOUT });
  if (result.code !== 0) throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Bytes of every file under `dir` (sizes as `ls` shows them, not disk blocks). */
function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

/** Every installed package's name, at any depth of node_modules. */
function installedPackages(nodeModules: string, found = new Set<string>()): Set<string> {
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const names = entry.name.startsWith('@') ? readdirSync(path.join(nodeModules, entry.name)).map(n => `${entry.name}/${n}`) : [entry.name];
    for (const name of names) {
      found.add(name);
      const nested = path.join(nodeModules, name, 'node_modules');
      if (statSync(nested, { throwIfNoEntry: false })?.isDirectory()) installedPackages(nested, found);
    }
  }
  return found;
}

/** ESLint's `-f json` output, as `file ruleId` keys relative to the project. */
async function lintKeys(dir: string, args: string[]): Promise<string[]> {
  const result = await run(process.execPath, [path.join(dir, 'node_modules/eslint/bin/eslint.js'), ...args, '-f', 'json'], { cwd: dir, env: cleanEnv() });
  if (result.code === 2 || !result.stdout.startsWith('[')) throw new Error(`eslint failed:\n${result.stdout}\n${result.stderr}`);
  const results = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string | null; message: string }[] }[];
  return results.flatMap(r => r.messages.map(m => `${path.relative(dir, r.filePath)} ${m.ruleId ?? m.message}`)).sort();
}

const JS_LEAK = LEAK_SOURCE.replace(/: (number|string|Promise<void>)/g, '');
const FLAT_CONFIG = "import connectionLeaks from 'eslint-plugin-connection-leaks';\nexport default [connectionLeaks.configs.recommended];\n";

let root: string;
let tarball: string;
let packedFiles: string[];
const projects: Record<'baseline' | 'eslint10' | 'eslint9' | 'eslint8', string> = { baseline: '', eslint10: '', eslint9: '', eslint8: '' };

function newProject(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `probe-${name}`, version: '1.0.0', private: true, type: 'module' }));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'connection-leaks-packed-'));
  const [packed] = JSON.parse(await npm(ROOT, ['pack', '--ignore-scripts', '--json', '--pack-destination', root])) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(root, packed.filename);
  packedFiles = packed.files.map(f => f.path).sort();

  projects.baseline = newProject('baseline', {});
  projects.eslint10 = newProject('eslint10', { 'eslint.config.js': FLAT_CONFIG, 'src/users.js': JS_LEAK });
  projects.eslint9 = newProject('eslint9', { 'eslint.config.js': FLAT_CONFIG, 'src/users.js': JS_LEAK });
  projects.eslint8 = newProject('eslint8', { '.eslintrc.json': readmeBlock('"overrides": [{ "files": ["*.ts"'), 'src/users.ts': LEAK_SOURCE, 'lib/jobs.js': JS_LEAK });
  const install = (dir: string, specs: string[]) => npm(dir, ['install', '--prefer-offline', '--no-package-lock', ...specs]);
  // One at a time: parallel installs into one npm cache slow each other down more than they gain.
  await install(projects.baseline, [spec('eslint')]);
  await install(projects.eslint10, [spec('eslint'), tarball]);
  await install(projects.eslint9, [spec('eslint-v9', 'eslint'), tarball]);
  await install(projects.eslint8, [spec('eslint-v8', 'eslint'), spec('@typescript-eslint/parser'), spec('typescript'), tarball]);
}, 4 * INSTALL_TIMEOUT);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('ships the code, its types, the rule docs, README, LICENSE and CHANGELOG, and nothing else', () => {
    expect(packedFiles).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/index.js', 'dist/index.d.ts', 'docs/known-limitations.md']));
    const ruleDocs = readdirSync(path.join(ROOT, 'docs/rules')).map(f => `docs/rules/${f}`);
    expect(packedFiles).toEqual(expect.arrayContaining(ruleDocs));
    const unexpected = packedFiles.filter(
      f => !/^dist\/.+\.js$/.test(f) && !['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/index.d.ts', 'dist/public-types.d.ts', 'docs/known-limitations.md', 'docs/ci.md', ...ruleDocs].includes(f),
    );
    expect(unexpected).toEqual([]);
  });

  it('every relative link in a shipped Markdown file points at a shipped file', () => {
    const broken: string[] = [];
    for (const file of packedFiles.filter(f => f.endsWith('.md'))) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      for (const [, target] of text.matchAll(/\]\((?!https?:|#|mailto:)([^)#\s]+)/g)) {
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
        if (!packedFiles.includes(resolved)) broken.push(`${file} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('installed from the tarball', () => {
  it('a JavaScript project with ESLint 10: no TypeScript, at most 5 MB and a few packages more than ESLint alone', () => {
    const withPlugin = installedPackages(path.join(projects.eslint10, 'node_modules'));
    const eslintAlone = installedPackages(path.join(projects.baseline, 'node_modules'));
    expect(withPlugin.has('typescript')).toBe(false);
    const added = [...withPlugin].filter(name => !eslintAlone.has(name));
    expect(added).toContain(pkg.name);
    expect(added.length, `added packages: ${added.join(', ')}`).toBeLessThanOrEqual(4);
    const addedBytes = treeBytes(path.join(projects.eslint10, 'node_modules')) - treeBytes(path.join(projects.baseline, 'node_modules'));
    expect(addedBytes).toBeLessThanOrEqual(MAX_ADDED_BYTES);
  });

  it('ESLint 10, flat config: `eslint .` reports the leak in a .js file', async () => {
    expect(await lintKeys(projects.eslint10, ['.'])).toEqual([`src/users.js ${RULE_ID}`]);
  });

  it('ESLint 9, flat config: `eslint .` reports the leak in a .js file', async () => {
    expect(await lintKeys(projects.eslint9, ['.'])).toEqual([`src/users.js ${RULE_ID}`]);
  });

  it("ESLint 8.57, the README's .eslintrc.json with the parser for TypeScript files only: `eslint .` reports in .ts and .js files", async () => {
    expect(await lintKeys(projects.eslint8, ['.'])).toEqual([`lib/jobs.js ${RULE_ID}`, `src/users.ts ${RULE_ID}`]);
  });
});
