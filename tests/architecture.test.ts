import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

/** The layering of src/ the project keeps: small functions, small analysis modules, no import cycles. */
const SRC = path.resolve(__dirname, '../src');
const MAX_FUNCTION_LINES = 150;
const MAX_ANALYSIS_FILE_LINES = 500;

interface SourceFile {
  readonly file: string;
  readonly text: string;
  readonly ast: TSESTree.Program;
}

const sources: SourceFile[] = (fs.readdirSync(SRC, { recursive: true }) as string[])
  .filter(name => name.endsWith('.ts'))
  .sort()
  .map(name => {
    const file = path.join(SRC, name);
    const text = fs.readFileSync(file, 'utf8');
    return { file, text, ast: parse(text, { loc: true, range: true }) as TSESTree.Program };
  });

const relative = (file: string): string => path.relative(SRC, file).split(path.sep).join('/');

function forEachNode(node: TSESTree.Node, visit: (node: TSESTree.Node) => void): void {
  visit(node);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent') continue;
    const children = Array.isArray(value) ? value : [value];
    for (const child of children) if (child && typeof (child as { type?: unknown }).type === 'string') forEachNode(child as TSESTree.Node, visit);
  }
}

/** Every function over `limit` lines, as `file:line (n lines)`. */
function longFunctions(files: readonly SourceFile[], limit: number): string[] {
  const found: string[] = [];
  for (const { file, ast } of files) {
    forEachNode(ast, node => {
      if (!/Function/.test(node.type)) return;
      const lines = node.loc.end.line - node.loc.start.line + 1;
      if (lines > limit) found.push(`${relative(file)}:${node.loc.start.line} (${lines} lines)`);
    });
  }
  return found;
}

/** The src files each file imports or re-exports from, type-only imports included. */
function importGraph(files: readonly SourceFile[]): Map<string, string[]> {
  const known = new Set(files.map(f => f.file));
  const graph = new Map<string, string[]>();
  for (const { file, ast } of files) {
    const targets: string[] = [];
    for (const statement of ast.body) {
      const source =
        statement.type === AST.Import || statement.type === AST.ExportAll || statement.type === AST.ExportNamed ? statement.source?.value : undefined;
      if (typeof source !== 'string' || !source.startsWith('.')) continue;
      const base = path.resolve(path.dirname(file), source);
      const target = [`${base}.ts`, path.join(base, 'index.ts')].find(candidate => known.has(candidate));
      if (target) targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

const AST = { Import: 'ImportDeclaration', ExportAll: 'ExportAllDeclaration', ExportNamed: 'ExportNamedDeclaration' } as const;

/** Each import cycle once, as `a -> b -> a`. */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      if (state.get(target) === 'open') cycles.push([...stack.slice(stack.indexOf(target)), target].map(relative).join(' -> '));
      else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('architecture of src/', () => {
  it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
    expect(longFunctions(sources, MAX_FUNCTION_LINES)).toEqual([]);
  });

  it(`has no analysis module over ${MAX_ANALYSIS_FILE_LINES} lines`, () => {
    const long = sources
      .filter(s => relative(s.file).startsWith('analysis/') && s.text.split('\n').length > MAX_ANALYSIS_FILE_LINES)
      .map(s => `${relative(s.file)} (${s.text.split('\n').length} lines)`);
    expect(long).toEqual([]);
  });

  it('has no import cycle, type imports included', () => {
    expect(importCycles(importGraph(sources))).toEqual([]);
  });

  it('keeps the layers: util and drivers import no analysis, rule or fix', () => {
    const graph = importGraph(sources);
    const crossings = [...graph].flatMap(([file, targets]) =>
      /^(?:util|drivers)\//.test(relative(file))
        ? targets.filter(t => /^(?:analysis|rules|fixes)\//.test(relative(t))).map(t => `${relative(file)} -> ${relative(t)}`)
        : [],
    );
    expect(crossings).toEqual([]);
  });

  it('finds what it checks for (the checks can fail)', () => {
    const sample = (name: string, text: string): SourceFile => ({ file: path.join(SRC, name), text, ast: parse(text, { loc: true, range: true }) as TSESTree.Program });
    const long = sample('analysis/long.ts', `export function long() {\n${'  call();\n'.repeat(MAX_FUNCTION_LINES)}}\n`);
    expect(longFunctions([long], MAX_FUNCTION_LINES)).toEqual([`analysis/long.ts:1 (${MAX_FUNCTION_LINES + 2} lines)`]);
    const a = sample('analysis/a.ts', "import type { B } from './b';\nexport type A = B;\n");
    const b = sample('analysis/b.ts', "import { a } from './a';\nexport type B = typeof a;\n");
    expect(importCycles(importGraph([a, b]))).toEqual(['analysis/a.ts -> analysis/b.ts -> analysis/a.ts']);
  });
});
