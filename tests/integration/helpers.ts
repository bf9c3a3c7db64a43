/**
 * Shared by the integration tests: where things are, how to run a program, a throw-away project
 * that uses the built plugin by its package name, and one leak with its expected report and fix.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const requireFromRoot = createRequire(path.join(ROOT, 'package.json'));

export const RULE = 'no-leaked-connection';
export const RULE_ID = `connection-leaks/${RULE}`;

interface BuiltRule {
  meta: { docs?: { url?: string; recommended?: string }; messages: Record<string, string> };
}
export interface BuiltPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: Record<string, BuiltRule>;
  configs: Record<string, { rules?: Record<string, unknown>; [key: string]: unknown }>;
}

/** The built package, exactly what `require('eslint-plugin-connection-leaks')` gives a user. */
export function loadBuiltPlugin(): BuiltPlugin {
  const entry = path.join(ROOT, 'dist/index.js');
  if (!existsSync(entry)) throw new Error('dist/index.js is missing: run `npm run build` first (npm test does).');
  return requireFromRoot(entry) as BuiltPlugin;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion (never through a shell) and collects its output. */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', error => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', code => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The repo's own ESLint 10 CLI, as `npx eslint` runs it. */
export const ESLINT_BIN = path.join(ROOT, 'node_modules/eslint/bin/eslint.js');

/**
 * A temporary project under os.tmpdir() whose node_modules links to the packages a user would
 * install: `eslint-plugin-connection-leaks` is this repository (so its `main`, `exports` and
 * built `dist/` are what gets loaded), the others are the repository's own copies.
 */
export function makeTempProject(
  prefix: string,
  links: Record<string, string> = {
    'eslint-plugin-connection-leaks': ROOT,
    '@typescript-eslint/parser': path.join(ROOT, 'node_modules/@typescript-eslint/parser'),
  },
): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `connection-leaks-${prefix}-`));
  for (const [name, target] of Object.entries(links)) {
    const link = path.join(dir, 'node_modules', name);
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(target, link, 'dir');
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A fenced code block of README.md, found by a line it contains (e.g. `// eslint.config.mjs`), so the
 * tests run exactly what users copy.
 */
export function readmeBlock(marker: string): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^```[\w-]*\n([\s\S]*?)^```$/gm)].map(m => m[1]);
  const found = blocks.filter(block => block.includes(marker));
  if (found.length !== 1) throw new Error(`README.md has ${found.length} code blocks containing ${JSON.stringify(marker)}, expected 1`);
  return found[0];
}

/**
 * makeTempProject for a describe block: created in beforeAll, removed in afterAll, so nothing is
 * created for a block whose tests are all skipped (e.g. by `vitest -t`). Read `dir` inside tests.
 */
export function useTempProject(prefix: string, links?: Record<string, string>): { readonly dir: string } {
  let project: { dir: string; cleanup: () => void } | undefined;
  beforeAll(() => {
    project = makeTempProject(prefix, links);
  });
  afterAll(() => project?.cleanup());
  return {
    get dir() {
      if (!project) throw new Error('the temporary project exists only while the tests of its block run');
      return project.dir;
    },
  };
}

/**
 * Writes every ```ts / ```js block marked <!-- wrong --> or <!-- right --> in docs/rules/*.md to
 * `dir` as `<rule>-line-<n>.<ext>` (CommonJS examples as .cjs, which every linter parses as
 * CommonJS), and returns the file names. `skipInlineConfig` leaves out examples that configure a
 * rule with a `/* eslint rule: ... *\/` comment.
 */
export function writeDocExamples(dir: string, { skipInlineConfig = false } = {}): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const page of readdirSync(path.join(ROOT, 'docs/rules')).filter(f => f.endsWith('.md'))) {
    const lines = readFileSync(path.join(ROOT, 'docs/rules', page), 'utf8').split(/\r?\n/);
    for (let i = 1; i < lines.length; i++) {
      const fence = /^\s*(`{3,}|~{3,})\s*(ts|js)\s*$/.exec(lines[i]);
      if (!fence || !/^\s*<!--\s*(wrong|right)\s*-->\s*$/.test(lines[i - 1])) continue;
      const end = lines.findIndex((line, j) => j > i && line.trim() === fence[1]);
      if (end < 0) throw new Error(`${page}: unterminated code block at line ${i + 1}`);
      const code = lines.slice(i + 1, end).join('\n') + '\n';
      const fenceLine = i + 1;
      i = end;
      if (skipInlineConfig && /\/\*\s*eslint\s+[\w@/-]+\s*:/.test(code)) continue;
      const commonJs = fence[2] === 'js' && /\brequire\s*\(/.test(code) && !/^\s*(import|export)\b/m.test(code);
      const name = `${page.replace(/\.md$/, '')}-line-${fenceLine}.${commonJs ? 'cjs' : fence[2]}`;
      writeFileSync(path.join(dir, name), code);
      written.push(name);
    }
  }
  return written;
}

/** Sorted `file:line:column ruleId` keys, for comparing runs of different hosts and modes. */
export function reportKeys(reports: { file: string; line: number; column?: number; ruleId: string | null }[]): string[] {
  return reports
    .map(r => `${r.file}:${r.line}${r.column === undefined ? '' : `:${r.column}`} ${r.ruleId}`)
    .sort();
}

/** Matches a message against the rule's `meta.messages` template (placeholders match any text). */
export function messageTemplate(template: string): RegExp {
  const escaped = template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\\\{\s*\w+\s*\\\}\\\}/g, '.+');
  return new RegExp(`^${escaped}$`);
}

// ---------------------------------------------------------------------------------------------
// One real leak, its report, and its fix: `client.release()` only after the query succeeded.

export const LEAK_SOURCE = `import { Pool } from 'pg';

const pool = new Pool({ connectionTimeoutMillis: 5000 });

export async function renameUser(id: number, name: string): Promise<void> {
  const client = await pool.connect();
  await client.query('UPDATE users SET name = $1 WHERE id = $2', [name, id]);
  client.release();
}
`;

/** The report on LEAK_SOURCE (1-based line and columns, as ESLint gives them). */
export const LEAK_REPORT = {
  ruleId: RULE_ID,
  messageId: 'releasedOnlyOnSuccess',
  message: '`client` is released only when nothing throws: if `client.query()` (line 7) throws, the connection is never released.',
  line: 6,
  column: 24,
  endLine: 6,
  endColumn: 38,
};

/** The suggestion's title, shown by editors as the quick fix. */
export const LEAK_SUGGESTION = 'Release `client` in a `finally` block.';

/** LEAK_SOURCE after the fix (the suggestion, or the autofix with `{ autofix: true }`). */
export const LEAK_FIXED = `import { Pool } from 'pg';

const pool = new Pool({ connectionTimeoutMillis: 5000 });

export async function renameUser(id: number, name: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('UPDATE users SET name = $1 WHERE id = $2', [name, id]);
  } finally {
    client.release();
  }
}
`;
