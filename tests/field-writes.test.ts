// The writes of a class's field, found from the text where the class spells no name with escapes and
// by a walk of the class where it may: both ways must give the same writes in the same order.
import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { fieldWrites } from '../src/analysis/ownership';

const FIELDS = ['pool', 'db', '#conn', 'client', 'missing', ''];

/** For the first class of `code`: each field's written values (as text) and parameter property flag. */
function writesOf(code: string): Record<string, { values: string[]; parameterProperty: boolean }> {
  let result: Record<string, { values: string[]; parameterProperty: boolean }> = {};
  const probe = {
    meta: { schema: [] },
    create(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>) {
      let done = false;
      const read = (cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression): void => {
        if (done) return;
        done = true;
        result = Object.fromEntries(
          FIELDS.map(field => {
            const writes = fieldWrites(context.sourceCode, cls, field);
            return [field, { values: writes.values.map(v => context.sourceCode.getText(v)), parameterProperty: writes.parameterProperty }];
          }),
        );
      };
      return { ClassDeclaration: read, ClassExpression: read };
    },
  };
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { t: { rules: { probe } } as never }, rules: { 't/probe': 'error' } }], 'f.ts');
  expect(messages.filter(m => m.fatal)).toEqual([]);
  return result;
}

/** The same class with an escape in a string: the walk answers instead of the text search. */
const withEscape = (code: string): string => code.replace('/*ESCAPE*/', "const e = '\\u0041';");

const classes: Record<string, string> = {
  'initialisers, assignments and parameter properties': `
class A {
  pool = makePool();
  static db = other();
  #conn = open();
  constructor(private readonly client: Client, db = x) { this.db = db; (this as any).pool ||= fallback; /*ESCAPE*/ }
  reset() { (this.pool as Pool) = next(); this['db'] = null; this.poolSize = 3; const pool = 1; this[''] = q(); }
}`,
  'nested classes keep their own writes': `
class Outer {
  pool = a();
  make() { return class Inner { pool = b(); set() { this.pool = c(); } }; }
  set() { /*ESCAPE*/ this.pool = d(); }
}`,
  'a parameter property with a default, and names inside longer names': `
class B {
  constructor(public pool: Pool = create(), dbName = 'x') { this.dbx = 1; this.db = dbName; /*ESCAPE*/ }
}`,
  'a class expression': `
const C = class {
  client = connect();
  run() { this.client = this.client ?? again(); /*ESCAPE*/ }
};`,
};

describe('fieldWrites', () => {
  for (const [name, code] of Object.entries(classes)) {
    it(`reads the same writes from the text as from a walk: ${name}`, () => {
      const byText = writesOf(code.replace('/*ESCAPE*/', ''));
      const byWalk = writesOf(withEscape(code));
      expect(byText).toEqual(byWalk);
      expect(Object.values(byText).some(w => w.values.length > 0 || w.parameterProperty)).toBe(true);
    });
  }
  it('finds each kind of write', () => {
    const writes = writesOf(classes['initialisers, assignments and parameter properties'].replace('/*ESCAPE*/', ''));
    expect(writes.pool.values).toEqual(['makePool()', '(this as any).pool ||= fallback', 'next()']);
    expect(writes.db.values).toEqual(['db', 'null']);
    expect(writes['#conn'].values).toEqual(['open()']);
    expect(writes.client).toEqual({ values: [], parameterProperty: true });
    expect(writes.missing).toEqual({ values: [], parameterProperty: false });
    expect(writes[''].values).toEqual(['q()']);
  });
});
