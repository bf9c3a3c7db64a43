/**
 * Calls on a module-level instance of a same-file class (`const db = new Db()`, ES classes and ES5
 * constructors) run that class's methods: `db.open()` checks out where it is called when the method
 * returns a fresh checkout, `db.finish(c)` releases when the method releases its parameter. And a
 * helper's checkout is not "one query" for prefer-pool-query: the helper may prepare the connection.
 */
import leaked from '../../src/rules/no-leaked-connection';
import preferPoolQuery from '../../src/rules/prefer-pool-query';
import { jsRuleTester, ruleTester } from '../rule-tester';

const pg = `import pg from 'pg';\nconst pool = new pg.Pool();\n`;
const es5 = `${pg}function Db() {}
Db.prototype.open = function () {
  return pool.connect();
};
Db.prototype.finish = function (c) {
  c.release();
};
const db = new Db();
`;
const es6 = `${pg}class Store {
  async get() {
    const c = await pool.connect();
    return c;
  }
  put(c: pg.PoolClient) {
    c.release();
  }
}
const store = new Store();
`;

const es5Leak = `${es5}export async function f() {
  const c = await db.open();
  await c.query('SELECT 1');
  db.finish(c);
}`;
const es5Released = `${es5}export async function f() {
  const c = await db.open();
  try {
    await c.query('SELECT 1');
  } finally {
    db.finish(c);
  }
}`;
const es6Released = `${es6}export async function f() {
  const c = await store.get();
  try {
    await c.query('SELECT 1');
  } finally {
    store.put(c);
  }
}`;
const es6Never = `${es6}export async function f() {
  const c = await store.get();
  await c.query('SELECT 1');
}`;

jsRuleTester.run('no-leaked-connection: methods of an ES5 constructor through its instance', leaked, {
  valid: [{ name: 'released through the instance in finally', code: es5Released }],
  invalid: [
    {
      name: 'checked out through the instance, released only when the query succeeds',
      code: es5Leak,
      errors: [
        {
          messageId: 'helperThrows',
          line: 12,
          data: { handle: 'c', helper: '`db.open()`', helperAt: 'line 4', call: '`c.query()`', line: '13' },
          suggestions: [{ messageId: 'wrapInFinally', output: es5Released }],
        },
      ],
    },
  ],
});

ruleTester.run('no-leaked-connection: methods of a class through its instance', leaked, {
  valid: [
    { name: 'released through the instance in finally', code: es6Released },
    {
      name: 'an instance made per call is not resolved (only a module-level const is)',
      code: es6Never.replace('const c = await store.get();', 'const c = await new Store().get();'),
    },
  ],
  invalid: [
    {
      name: 'checked out through the instance, never released',
      code: es6Never,
      errors: [
        {
          messageId: 'helperNeverReleased',
          line: 14,
          suggestions: [{ messageId: 'wrapInFinally', output: es6Released }],
        },
      ],
    },
  ],
});

ruleTester.run('prefer-pool-query: a checkout through a helper is not one query', preferPoolQuery, {
  valid: [
    { name: 'an instance method that checks out', code: es6Released },
    {
      name: 'a same-file function that checks out',
      code: `${pg}async function open() {\n  return pool.connect();\n}\nexport async function f() {\n  const c = await open();\n  try {\n    await c.query('SELECT 1');\n  } finally {\n    c.release();\n  }\n}`,
    },
  ],
  invalid: [],
});
