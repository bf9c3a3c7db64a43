import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { forEachChild, forEachChildByKeys, nodeAt } from '../src/analysis/ast';

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

/** Every node below `root` that a child walk reaches, each with its parent. */
function reached(root: TSESTree.Node, step: (node: TSESTree.Node, visit: (child: TSESTree.Node) => void) => void): TSESTree.Node[] {
  const found: TSESTree.Node[] = [];
  const visit = (node: TSESTree.Node): void => {
    found.push(node);
    step(node, visit);
  };
  step(root, visit);
  return found;
}

describe('child walks', () => {
  const code = [
    '// pool',
    'import { Pool } from "pg";',
    'const pool: Pool = new Pool();',
    'export async function f<T>(id: T): Promise<void> {',
    '  const c = await pool.connect(); /* held */',
    '  try { if (id) await c.query(`SELECT ${id}`); else throw new Error("x"); } finally { c.release(); }',
    '}',
    'class A { @dec() m(a = 1, ...rest: number[]) { return a ? rest : [] } }',
  ].join('\n');
  const { ast, visitorKeys } = parseForESLint(code, { range: true, loc: true, tokens: true, comment: true });
  const program = ast as unknown as TSESTree.Program;

  it('never takes a token or a comment of the program for a node', () => {
    const nodes = reached(program, forEachChild);
    expect(nodes.filter(node => node.type === 'Identifier' && node.name === 'pool')).toHaveLength(2);
    expect(nodes.some(node => (node.type as string) === 'Line' || (node.type as string) === 'Block' || (node.type as string) === 'Punctuator')).toBe(false);
  });

  it('reaches by visitor keys the same nodes as by the node\'s own fields', () => {
    const byFields = reached(program, forEachChild);
    const byKeys = reached(program, (node, visit) => forEachChildByKeys(node, visitorKeys, visit));
    expect(new Set(byKeys)).toEqual(new Set(byFields));
    expect(byKeys).toHaveLength(byFields.length);
  });
});
