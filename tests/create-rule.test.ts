import type { TSESLint } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { gatedRule } from '../src/analysis/gated-rule';
import { rules } from '../src/rules';
import { createRule } from '../src/util/create-rule';

type Options = [{ autofix?: boolean; handlers?: string[]; nested?: { depth?: number; name?: string } }];

/** A rule whose `create` hands back the options it was given (gated as the plugin's rules are, or with its own gate). */
function echoRule(seen: unknown[], make: typeof createRule = gatedRule, gate?: () => boolean) {
  return make<Options, 'm'>({
    ...(gate ? { gate } : {}),
    name: 'echo',
    meta: {
      type: 'problem',
      docs: { description: 'echo' },
      schema: [{ type: 'object' }],
      defaultOptions: [{ autofix: false, handlers: ['a'], nested: { depth: 1, name: 'x' } }],
      messages: { m: 'm' },
    },
    create(_context, options) {
      seen.push(options);
      return {};
    },
  });
}

/** A context for a file whose text is `text` (by default one that names a pool, so the rules look at it). */
const contextWith = (options: unknown[], text = 'const pool = makePool();', settings: Record<string, unknown> = {}) =>
  ({ options, settings, sourceCode: { text, ast: { type: 'Program', body: [] }, scopeManager: null } }) as unknown as Readonly<
    TSESLint.RuleContext<'m', Options>
  >;

describe('createRule', () => {
  it('fills in the defaults ESLint 8 does not apply', () => {
    const seen: unknown[] = [];
    echoRule(seen).create(contextWith([]));
    expect(seen[0]).toEqual([{ autofix: false, handlers: ['a'], nested: { depth: 1, name: 'x' } }]);
  });

  it('puts the user values over the defaults, key by key in objects, whole arrays replaced', () => {
    const seen: unknown[] = [];
    echoRule(seen).create(contextWith([{ handlers: ['b', 'c'], nested: { depth: 3 } }]));
    expect(seen[0]).toEqual([{ autofix: false, handlers: ['b', 'c'], nested: { depth: 3, name: 'x' } }]);
  });

  it('hands over options that already hold every default, as ESLint 9.15+ passes them', () => {
    const seen: unknown[] = [];
    const complete = [{ autofix: true, handlers: [], nested: { depth: 2, name: 'y' } }];
    echoRule(seen).create(contextWith(complete));
    expect(seen[0]).toBe(complete);
  });

  it('gives a file without any clue no listeners, without reading its options', () => {
    const seen: unknown[] = [];
    const rule = echoRule(seen);
    expect(rule.create(contextWith([{ autofix: true }], 'export const add = (a, b) => a + b;'))).toEqual({});
    expect(seen).toEqual([]);
    // The same text with a driver import, or with a user receiver pattern that lets a pool have any name, is looked at.
    rule.create(contextWith([{ autofix: true }], "import pg from 'pg';\nexport const add = (a, b) => a + b;"));
    rule.create(
      contextWith([{ autofix: true }], 'export const add = (a, b) => a + b;', {
        'connection-leaks': { pools: [{ receiver: '^db$', acquire: ['getconn'], release: [{ pool: 'putconn' }] }] },
      }),
    );
    expect(seen).toHaveLength(2);
  });

  it("asks the definition's own gate before it reads the options", () => {
    const seen: unknown[] = [];
    let open = false;
    const rule = echoRule(seen, createRule, () => open);
    expect(rule.create(contextWith([{ autofix: true }]))).toEqual({});
    expect(seen).toEqual([]);
    open = true;
    rule.create(contextWith([{ autofix: true }]));
    expect(seen).toHaveLength(1);
    // Without a gate every file is looked at, even one without a clue.
    echoRule(seen, createRule).create(contextWith([], 'export const add = (a, b) => a + b;'));
    expect(seen).toHaveLength(2);
  });

  it('gives a file without a clue no listeners from any rule of the plugin, which never read its options', () => {
    for (const [name, rule] of Object.entries(rules) as [string, TSESLint.RuleModule<string, readonly unknown[]>][]) {
      let read = false;
      const context = {
        settings: {},
        sourceCode: { text: 'export const add = (a, b) => a + b;', ast: { type: 'Program', body: [] }, scopeManager: null },
        get options() {
          read = true;
          return [];
        },
      } as unknown as Parameters<typeof rule.create>[0];
      expect(rule.create(context), name).toEqual({});
      expect(read, name).toBe(false);
    }
  });

  it('merges once for equal options and again when a file has other options', () => {
    const seen: unknown[] = [];
    const rule = echoRule(seen);
    rule.create(contextWith([{ autofix: true }]));
    rule.create(contextWith([{ autofix: true }]));
    rule.create(contextWith([{ autofix: false, handlers: [] }]));
    rule.create(contextWith([{ autofix: true }]));
    expect(seen[0]).toBe(seen[1]);
    expect(seen[2]).toEqual([{ autofix: false, handlers: [], nested: { depth: 1, name: 'x' } }]);
    expect(seen[3]).toEqual([{ autofix: true, handlers: ['a'], nested: { depth: 1, name: 'x' } }]);
  });
});
