/**
 * no-await-while-checked-out and same-file builders: a local function that returns an object built
 * around the held handle (`new Executor(runner, …)`) gives such objects wherever it is called; kept
 * in a list (`push`, `Promise.all(list.map(build))`) and awaited later, their work is database work.
 */
import awaits from '../../src/rules/no-await-while-checked-out';
import { ruleTester } from '../rule-tester';

const typeorm = `import { DataSource } from 'typeorm';
const ds = new DataSource({ type: 'postgres' });
declare class Executor { constructor(runner: unknown, items: unknown[]); execute(): Promise<void>; ready: boolean }
`;
const fn = (body: string): string => `${typeorm}export async function save(chunks: unknown[][]) {
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
${body}
  } finally {
    await runner.release();
  }
}`;

ruleTester.run('no-await-while-checked-out: same-file builders', awaits, {
  valid: [
    {
      name: 'executors built by a local builder, collected with Promise.all over map, then executed',
      code: fn(`    const build = async (items: unknown[]) => {
      await runner.query('SELECT 1');
      return new Executor(runner, items);
    };
    const executors = await Promise.all(chunks.map(build));
    for (const executor of executors.filter(e => e.ready)) await executor.execute();`),
    },
    {
      name: 'executors built by a local function declaration, pushed one by one, then executed',
      code: fn(`    async function build(items: unknown[]) {
      return new Executor(runner, items);
    }
    const executors: Executor[] = [];
    for (const items of chunks) executors.push(await build(items));
    for (const executor of executors) await executor.execute();`),
    },
    {
      name: 'executors built by an inline async mapper, collected with Promise.all, then executed',
      code: fn(`    const executors = await Promise.all(chunks.map(async items => {
      const subjects = items.filter(Boolean);
      await runner.query('SELECT 1');
      return new Executor(runner, subjects);
    }));
    for (const executor of executors.filter(e => e.ready)) await executor.execute();`),
    },
  ],
  invalid: [
    {
      name: 'guard: a local function that returns plain data does not make later awaits database work',
      code: fn(`    const count = (items: unknown[]) => items.length;
    const sizes = chunks.map(count);
    await runner.query('SELECT 1');
    await fetch('https://example.com/' + sizes.join(','));`),
      errors: [{ messageId: 'heldAwait', line: 11 }],
    },
  ],
});
