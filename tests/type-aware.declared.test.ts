/**
 * What declared types reveal beyond a driver's own names (`typeAware`): a class that extends a
 * driver's pool, a client generated into the application, and a function typed as a framework's
 * request handler wherever it is registered. Each also runs without types, where it is silent.
 */
import { join } from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import noLeakedConnection from '../src/rules/no-leaked-connection';
import noPoolPerRequest from '../src/rules/no-pool-per-request';

const fixtures = join(__dirname, 'fixtures', 'typed');
const filename = join(fixtures, 'file.ts');
const typed = new RuleTester({
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: fixtures } },
  settings: { 'connection-leaks': { typeAware: true } },
});
const syntactic = new RuleTester({ languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } } });

/** A class of the application's own that extends pg's pool, two levels down. */
const subclassedPool = `import { Pool } from 'pg';
class BasePool extends Pool {}
class AppDatabase extends BasePool {
  label = 'app';
}
const database = new AppDatabase();
export async function f() {
  const c = await database.connect();
  await c.query('SELECT 1');
}`;

/** An interface extending pg's pool, behind a neutral name. */
const interfacePool = `import type { Pool } from 'pg';
interface Tenant extends Pool {
  tenantId: string;
}
declare function tenant(): Tenant;
export async function f() {
  const db = tenant();
  const c = await db.connect();
  await c.query('SELECT 1');
}`;

/** An intersection that includes pg's pool. */
const intersectionPool = `import type { Pool } from 'pg';
declare function tenant(): Pool & { tenantId: string };
export async function f() {
  const db = tenant();
  const c = await db.connect();
  await c.query('SELECT 1');
}`;

/** Prisma's client generated into the application, made per request. */
const generatedPrisma = `import { PrismaClient } from './generated/prisma';
import type { RequestHandler } from 'express';
export const list: RequestHandler = async (req, res) => {
  const prisma = new PrismaClient();
  res.json(await prisma.$queryRaw\`SELECT 1\`);
};`;

/** A pg pool made inside a function typed as Express's handler, registered in another file. */
const typedHandler = `import { Pool } from 'pg';
import type { RequestHandler } from 'express';
export const show: RequestHandler = async (req, res) => {
  const pool = new Pool();
  res.json(await pool.query('SELECT 1'));
};`;

/** The same body typed as something that is not a handler. */
const untypedHelper = typedHandler.replace("import type { RequestHandler } from 'express';\n", 'type Job = (a: unknown, b: { json(v: unknown): void }) => unknown;\n').replace(': RequestHandler', ': Job');

/** The wrap-in-finally suggestion's output for the one-query bodies above. */
const wrapped = (code: string): string =>
  code.replace("  await c.query('SELECT 1');\n", "  try {\n    await c.query('SELECT 1');\n  } finally {\n    c.release();\n  }\n");
const leak = (code: string, line: number) => ({
  code,
  filename,
  errors: [{ messageId: 'neverReleased' as const, line, suggestions: [{ messageId: 'wrapInFinally' as const, output: wrapped(code) }] }],
});

typed.run('no-leaked-connection: pools by base and intersection types', noLeakedConnection, {
  valid: [
    { name: 'a released checkout from a subclassed pool', code: wrapped(subclassedPool), filename },
  ],
  invalid: [
    { name: 'a class extending a class extending pg.Pool', ...leak(subclassedPool, 8) },
    { name: 'an interface extending pg.Pool', ...leak(interfacePool, 8) },
    { name: 'an intersection with pg.Pool', ...leak(intersectionPool, 5) },
  ],
});

/** The hoist suggestion: the construction moves above the handler, to module scope. */
function hoisted(code: string, name: string): string {
  const lines = code.split('\n');
  const construction = lines.findIndex(line => line.includes(`const ${name} = new`));
  const [moved] = lines.splice(construction, 1);
  const handler = lines.findIndex(line => line.startsWith('export const'));
  lines.splice(handler, 0, moved.trim());
  return lines.join('\n');
}

typed.run('no-pool-per-request: generated clients and typed handlers', noPoolPerRequest, {
  valid: [
    { name: 'a function typed as something else is not a request handler', code: untypedHelper, filename },
    { name: 'a generated client made once at module scope', code: hoisted(generatedPrisma, 'prisma'), filename },
    {
      name: 'a class of the application that only shares the name of a generated client (no runtime import)',
      code: generatedPrisma.replace("import { PrismaClient } from './generated/prisma';", 'class PrismaClient {\n  $queryRaw(q: TemplateStringsArray) {\n    return q;\n  }\n}'),
      filename,
    },
  ],
  invalid: [
    {
      name: 'a generated Prisma client made inside a typed handler',
      code: generatedPrisma,
      filename,
      errors: [{ messageId: 'perRequest', line: 4, suggestions: [{ messageId: 'hoistToModule', output: hoisted(generatedPrisma, 'prisma') }] }],
    },
    {
      name: 'a pg pool made inside a function typed as an Express handler',
      code: typedHandler,
      filename,
      errors: [{ messageId: 'perRequest', line: 4, suggestions: [{ messageId: 'hoistToModule', output: hoisted(typedHandler, 'pool') }] }],
    },
  ],
});

syntactic.run('without types the same code says nothing', noPoolPerRequest, {
  valid: [
    { name: 'a generated client is not known by its module', code: generatedPrisma },
    { name: 'an unregistered handler is not known by its type', code: typedHandler },
  ],
  invalid: [],
});
