import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { nodeAt } from '../src/analysis/ast';

/** The node `nodeAt` finds at the first character of `needle` in `code`. */
function at(code: string, needle: string): TSESTree.Node {
  const { ast, visitorKeys } = parseForESLint(code, { range: true, loc: true });
  return nodeAt(ast as unknown as TSESTree.Program, code.indexOf(needle), visitorKeys);
}

describe('nodeAt', () => {
  it('finds the identifier at an offset, through statements, calls and members', () => {
    const code = 'const a = 1;\nasync function f() {\n  const c = await pool.connect();\n}';
    expect(at(code, 'connect')).toMatchObject({ type: 'Identifier', name: 'connect', range: [code.indexOf('connect'), code.indexOf('connect') + 7] });
    expect(at(code, 'pool')).toMatchObject({ type: 'Identifier', name: 'pool' });
  });

  it('reads sibling lists with holes and long statement lists', () => {
    const body = Array.from({ length: 200 }, (_, i) => `const v${i} = ${i};`).join('\n');
    expect(at(`${body}\nconst list = [, , pool.acquire(), ,];`, 'acquire')).toMatchObject({ type: 'Identifier', name: 'acquire' });
    expect(at(`${body}\nf(a, b, pool.getconn());`, 'getconn')).toMatchObject({ type: 'Identifier', name: 'getconn' });
  });

  it('stops at the innermost node holding the offset', () => {
    expect(at('const s = "pool.connect()";', 'connect')).toMatchObject({ type: 'Literal' });
    expect(at('f(  );', ' )')).toMatchObject({ type: 'CallExpression' });
  });
});
