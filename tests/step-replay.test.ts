// The replay of ESLint's traversal steps must deliver exactly what ESLint's own dispatch to the
// listeners delivers, in the same order; a function it is told to ignore is passed over whole.
import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { traversalListeners, type TraversalHandlers } from '../src/analysis/step-replay';

const ENTER = new Set(['BlockStatement', 'CallExpression', 'ReturnStatement', 'BreakStatement', 'ArrowFunctionExpression', 'AwaitExpression']);
const EXIT = new Set(['CallExpression', 'VariableDeclarator', 'AwaitExpression']);

const at = (node: TSESTree.Node): string => `${node.type}@${node.range.join('-')}`;

function loggingHandlers(log: string[], ignores: (node: TSESTree.Node) => boolean): TraversalHandlers {
  return {
    enterTypes: ENTER,
    exitTypes: EXIT,
    program: node => log.push(`program ${at(node)}`),
    enter: node => log.push(`enter ${at(node)}`),
    finalizer: node => log.push(`finally ${at(node)}`),
    exit: node => log.push(`exit ${at(node)}`),
    codePathStart: (codePath, node) => log.push(`start ${codePath.id} ${at(node)}`),
    codePathEnd: (codePath, node) => log.push(`end ${codePath.id} ${at(node)}`),
    segmentStart: (segment, node) => log.push(`segment ${segment.id} ${segment.reachable} ${at(node)}`),
    segmentEnd: segment => log.push(`segment end ${segment.id}`),
    ignores,
  };
}

/** The events each way delivers for `code`: ESLint's dispatch (a host without steps) and the replay. */
function logs(code: string, ignores: (node: TSESTree.Node) => boolean = () => false): { listened: string[]; replayed: string[] } {
  const listened: string[] = [];
  const replayed: string[] = [];
  const rule = (log: string[], withSteps: boolean): TSESLint.RuleModule<string> => ({
    meta: { type: 'problem', schema: [], messages: {} },
    defaultOptions: [],
    create: context => traversalListeners(withSteps ? context.sourceCode : { ast: context.sourceCode.ast }, loggingHandlers(log, ignores)),
  });
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(code, [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser },
      plugins: { log: { rules: { listened: rule(listened, false), replayed: rule(replayed, true) } } as never },
      rules: { 'log/listened': 'error', 'log/replayed': 'error' },
    },
  ], 'file.ts');
  expect(messages).toEqual([]);
  return { listened, replayed };
}

const SHAPES: Record<string, string> = {
  'try, catch and finally with jumps in a loop': `
    async function f(pool) {
      for (const x of [1, 2]) {
        const c = await pool.connect();
        try { if (x) break; if (!x) continue; await c.query(x); return c; }
        catch (e) { throw e; }
        finally { c.release(); }
      }
    }`,
  'nested functions, callbacks and class members': `
    class A { field = pool.connect(); static { init(); } method() { return [1].map(x => x + 1); } }
    const g = async () => { await Promise.all([1].map(async y => { await h(y); })); };
    function* gen() { yield 1; }`,
  'code after a return (unreachable segments)': `
    function f() { return 1; call(); { nested(); } }`,
  'nested finally blocks': `
    async function f() { try { try { await a(); } finally { await b(); } } finally { c(); } }`,
};

describe('the replay of the traversal steps', () => {
  for (const [shape, code] of Object.entries(SHAPES)) {
    it(`delivers what ESLint's dispatch delivers: ${shape}`, () => {
      const { listened, replayed } = logs(code);
      expect(listened.length).toBeGreaterThan(10);
      expect(replayed).toEqual(listened);
    });
  }

  it('passes over an ignored function whole, nested functions included, and nothing else', () => {
    const code = `
      function kept() { a(); }
      function skipped() { b(); const inner = () => { c(); }; try { d(); } finally { e(); } }
      function alsoKept() { f(); }`;
    const isSkipped = (node: TSESTree.Node): boolean => node.type === 'FunctionDeclaration' && node.id?.name === 'skipped';
    const { listened, replayed } = logs(code, isSkipped);
    // What the dispatch delivers, less the span from the code path start of `skipped` to its end.
    const first = listened.findIndex(line => line.startsWith('start') && line.includes('FunctionDeclaration@') && line.includes(code.indexOf('function skipped').toString()));
    const endPrefix = `end ${listened[first].split(' ')[1]} `;
    const last = listened.findIndex((line, i) => i > first && line.startsWith(endPrefix));
    expect(first).toBeGreaterThan(0);
    expect(last).toBeGreaterThan(first);
    expect(replayed).toEqual([...listened.slice(0, first), ...listened.slice(last + 1)]);
    expect(replayed.some(line => line.includes('CallExpression') && line.includes(`@${code.indexOf('f()')}`))).toBe(true);
  });
});
