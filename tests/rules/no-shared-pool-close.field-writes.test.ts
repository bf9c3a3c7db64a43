/**
 * no-shared-pool-close reads what a class writes to a field from the places its text says the
 * field's name. These cases pin the spellings a plain text search would miss (escapes) and the
 * writes that belong to another class, so that the reading agrees with a walk of the class.
 */
import rule from '../../src/rules/no-shared-pool-close';
import { ruleTester } from '../rule-tester';

/** A client class that received `pool`, and `extra` written somewhere in its body. */
const clientClass = (extra: string): string => `import { Pool } from 'pg';

export class UserClient {
  constructor(pool: Pool, fresh: boolean) {
    this.pool = pool;
${extra}
  }

  async close() {
    await this.pool.end();
  }
}`;

/** The report on `this.pool.end()` at `line`, with the suggestion that removes the call. */
const endsInjected = (code: string, line: number) => [
  { messageId: 'injected' as const, line, suggestions: [{ messageId: 'removeCall' as const, output: code.replace('    await this.pool.end();\n', '') }] },
];

ruleTester.run('no-shared-pool-close (field writes)', rule, {
  valid: [
    {
      name: 'an identity escape in a string key spells the same field: the class may build the pool',
      code: clientClass("    if (fresh) this['p\\ool'] = new Pool();"),
    },
    {
      name: 'a unicode escape in the property name spells the same field',
      code: clientClass('    if (fresh) this.p\\u006fol = new Pool();'),
    },
    {
      name: 'a hex escape in a computed key spells the same field',
      code: clientClass("    if (fresh) this['\\x70ool'] = new Pool();"),
    },
  ],
  invalid: [
    {
      name: 'a nested class writes its own `this.pool`: the outer class still only received one',
      code: clientClass('    this.helper = class { constructor() { this.pool = new Pool(); } };'),
      errors: endsInjected(clientClass('    this.helper = class { constructor() { this.pool = new Pool(); } };'), 10),
    },
    {
      name: 'backslashes in regular expressions and other strings leave the reading unchanged',
      code: clientClass("    this.pattern = /\\d+\\.\\d+/;\n    this.label = 'a\\tb';"),
      errors: endsInjected(clientClass("    this.pattern = /\\d+\\.\\d+/;\n    this.label = 'a\\tb';"), 11),
    },
    {
      name: 'the name inside a longer name is no write of the field',
      code: clientClass("    this.poolSize = 'p\\ool';\n    this.mypool = new Pool();"),
      errors: endsInjected(clientClass("    this.poolSize = 'p\\ool';\n    this.mypool = new Pool();"), 11),
    },
  ],
});
