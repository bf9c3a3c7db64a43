/**
 * no-pool-per-request, per instance: when the class's own file makes no instance, the modules of
 * the application that import it (read from disk, tests/fixtures/importers/<case>/) say how often
 * instances are made. Each case directory is its own project (a package.json bounds the scan).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/no-pool-per-request';
import { jsRuleTester, ruleTester } from '../rule-tester';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'importers');
/** The suggestion for every case here: the class takes the shared pool as a parameter. */
const takesPool = [
  {
    messageId: 'constructorParameter' as const,
    output: `import { Pool } from "pg";

export class UserStore {
  private readonly pool: Pool;
  constructor(pool: Pool) {
    this.pool = pool;
  }
  all() {
    return this.pool.query("SELECT * FROM users");
  }
}
`,
  },
];
const fixture = (name: string): { filename: string; code: string } => {
  const filename = path.join(FIXTURES, name);
  return { filename, code: fs.readFileSync(filename, 'utf8') };
};

ruleTester.run('no-pool-per-request (instances made in other modules)', rule, {
  valid: [
    { name: 'the importer builds one instance at module scope', ...fixture('once/store.ts') },
  ],
  invalid: [
    {
      name: 'a route handler of another module builds an instance per request (namespace import, `./store.js` naming store.ts)',
      ...fixture('per-request/store.ts'),
      errors: [
        {
          messageId: 'perInstance',
          data: { construct: 'new Pool()', className: 'UserStore', scope: ', which is built in a route handler (`router.get`) in routes.ts', what: 'pool' },
          suggestions: takesPool,
        },
      ],
    },
    {
      name: 'a function of another module builds one per call (renamed import)',
      ...fixture('per-call/store.ts'),
      errors: [{ messageId: 'perInstance', data: { construct: 'new Pool()', className: 'UserStore', scope: ', which is built in `countUsers()` in report.ts', what: 'pool' }, suggestions: takesPool }],
    },
    {
      name: 'no module imports the class: how often instances are made is not known, and the class never ends its pool',
      ...fixture('none/store.ts'),
      errors: [{ messageId: 'perInstance', data: { construct: 'new Pool()', className: 'UserStore', scope: '', what: 'pool' }, suggestions: takesPool }],
    },
    {
      name: 'the importer makes it in another class (as often as that class is made, not followed further): as when no module is seen',
      ...fixture('nested/store.ts'),
      errors: [{ messageId: 'perInstance', data: { construct: 'new Pool()', className: 'UserStore', scope: '', what: 'pool' }, suggestions: takesPool }],
    },
  ],
});

jsRuleTester.run('no-pool-per-request (instances made in other CommonJS modules)', rule, {
  valid: [{ name: 'a barrel re-exports the class; the CLI that requires the barrel builds one in a function called at module scope', ...fixture('barrel/store.js') }],
  invalid: [],
});

describe('instances made in other modules: read from disk as they are now', () => {
  const config = [{ files: ['**/*.js'], plugins: { cl: { rules: { 'no-pool-per-request': rule } } }, rules: { 'cl/no-pool-per-request': 'error' } }] as unknown as Linter.Config[];
  const store = `const { Pool } = require('pg');
class Store {
  constructor() { this.pool = new Pool(); }
  all() { return this.pool.query('SELECT 1'); }
}
module.exports = { Store };
`;

  it('follows an importer that changes between two runs, and reads nothing for a file not on disk', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'importers-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true }');
      const storeFile = path.join(dir, 'store.js');
      fs.writeFileSync(storeFile, store);
      const importer = path.join(dir, 'main.js');
      fs.writeFileSync(importer, `const { Store } = require('./store');\nconst store = new Store();\nmodule.exports = store;\n`);
      const linter = new Linter({ configType: 'flat', cwd: dir });
      const lint = (): string[] => linter.verify(store, config, storeFile).map(m => m.message);
      expect(lint()).toEqual([]);
      // Per call now: a different text (and modification time) is read again.
      fs.writeFileSync(importer, `const { Store } = require('./store');\nasync function count() {\n  const store = new Store();\n  return (await store.all()).rowCount;\n}\nmodule.exports = { count };\n`);
      fs.utimesSync(importer, new Date(), new Date(Date.now() + 5000));
      expect(lint()).toEqual(['`new Pool()` runs for every instance of `Store`, which is built in `count()` in main.js, each opening its own pool. Pass one shared pool in.']);
      // The same text under a name that is not on disk: no module is read, the class's own file decides.
      expect(linter.verify(store, config, path.join(dir, 'unsaved.js')).map(m => m.message)).toEqual([
        '`new Pool()` runs for every instance of `Store`, each opening its own pool. Pass one shared pool in.',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
