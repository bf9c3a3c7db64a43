// Under ESLint 9 and 10 the shared analysis replays the file's traversal steps and passes over the
// functions that can hold no connection; under hosts without the steps it takes ESLint's listeners
// and walks every function. Both must say the same, message for message, on generated programs of
// every driver and shape, random programs and the bundled examples.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { eslumpProgram, generateProgram } from '../scripts/domain-gen.mjs';
import plugin from '../src/index';

type Rule = TSESLint.RuleModule<string, readonly unknown[]>;

/** The SourceCode as a host without traversal steps shows it (its methods still work). */
function withoutSteps(sourceCode: object): object {
  return new Proxy(sourceCode, {
    get(target, key) {
      if (key === 'traverse') return undefined;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The plugin's rules, each seeing the SourceCode without steps. */
const listenedPlugin = {
  ...plugin,
  rules: Object.fromEntries(
    Object.entries(plugin.rules as unknown as Record<string, Rule>).map(([name, rule]) => [
      name,
      {
        ...rule,
        create: (context: TSESLint.RuleContext<string, readonly unknown[]>) =>
          rule.create(new Proxy(context, { get: (target, key) => (key === 'sourceCode' ? withoutSteps(target.sourceCode) : Reflect.get(target, key, target)) })),
      },
    ]),
  ),
};

const rules = Object.fromEntries(Object.keys(plugin.rules).map(name => [`connection-leaks/${name}`, 'error' as const]));

function messages(withPlugin: object, code: string, filename: string, sourceType: 'module' | 'script', settings?: Record<string, unknown>): string[] | null {
  const linter = new Linter({ configType: 'flat' });
  const config = {
    files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
    // TypeScript files with its parser, JavaScript with ESLint's own (random programs are JavaScript only).
    languageOptions: { sourceType, ecmaVersion: 'latest' as const, ...(/\.[cm]?tsx?$/.test(filename) ? { parser: tsParser } : {}) },
    plugins: { 'connection-leaks': withPlugin as never },
    rules,
    ...(settings ? { settings } : {}),
  };
  const found = linter.verify(code, [config], filename);
  // A program that does not parse (some random ones) is not linted: nothing to compare.
  if (found.some(m => m.fatal)) return null;
  // Every other message is the plugin's: a configuration that matched no file would make the comparison empty.
  expect(found.filter(m => !m.ruleId?.startsWith('connection-leaks/'))).toEqual([]);
  return found.map(m => `${m.line}:${m.column} ${m.ruleId} ${m.message}`);
}

/** The number of messages both gave, or -1 for a program that does not parse. */
function expectSame(code: string, filename: string, sourceType: 'module' | 'script', settings?: Record<string, unknown>): number {
  const replayed = messages(plugin, code, filename, sourceType, settings);
  expect(replayed).toEqual(messages(listenedPlugin, code, filename, sourceType, settings));
  return replayed?.length ?? -1;
}

describe('the replayed traversal and the listened one give the same messages', () => {
  it('on generated programs of every driver and shape', () => {
    let reported = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const program = generateProgram(seed);
      reported += expectSame(program.code, program.filename, program.sourceType, program.settings);
    }
    // The programs check out, release and leak: the comparison is not of empty lists.
    expect(reported).toBeGreaterThan(100);
  });

  it('on random programs', () => {
    let linted = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const program = eslumpProgram(seed);
      if (expectSame(program.code, program.filename, program.sourceType) >= 0) linted++;
    }
    expect(linted).toBeGreaterThan(100);
  });

  it('on the bundled examples', () => {
    const dir = path.join(__dirname, '..', 'examples', 'src');
    let reported = 0;
    for (const file of fs.readdirSync(dir)) {
      reported += expectSame(fs.readFileSync(path.join(dir, file), 'utf8'), file, 'module');
    }
    expect(reported).toBeGreaterThan(5);
  });

  it('where a handle reaches a function written before or after its owner, or nested in one that checks out nothing', () => {
    const code = `import pg from 'pg';
const pool = new pg.Pool();
function releaseEarly(c) { c.release(); }
export async function owner(flag) {
  const c = await pool.connect();
  if (flag) return releaseEarly(c);
  await finish(c);
}
async function finish(c) { await c.query('x'); c.release(); }
export function idle(items) {
  return items.map(item => item + 1);
}
export function registers(app) {
  app.get('/', async (req, res) => {
    const c = await pool.connect();
    res.send(await c.query('SELECT 1'));
  });
}
class Store { conn = pool.connect(); use() { return this.conn; } }
export const store = new Store();`;
    expect(expectSame(code, 'file.ts', 'module')).toBeGreaterThan(0);
  });
});
