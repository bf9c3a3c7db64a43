import tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { driverImports, fileHasClue, importsDriverModule, readSettings, type DriverImports, type GatedSource } from '../src/analysis/settings';

/** What `fileHasClue` said of the last file `ways` linted. */
const clues: boolean[] = [];

/** What the gate says of `code`, linted as ESLint lints it (scope analysis, declared globals). */
type GateOptions = { globals?: Record<string, 'readonly'>; sourceType?: 'module' | 'script'; noScope?: boolean; settings?: Record<string, unknown> };

function gate(code: string, options: GateOptions = {}): boolean {
  const imports = ways(code, options);
  return imports.esm || imports.cjs;
}

/** What `driverImports` says of `code`, and that `importsDriverModule` agrees. */
function ways(code: string, options: GateOptions = {}): DriverImports {
  const seen: DriverImports[] = [];
  const probe = {
    meta: { schema: [] },
    create(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>) {
      const source: GatedSource = options.noScope
        ? { text: context.sourceCode.text, ast: context.sourceCode.ast, scopeManager: null }
        : context.sourceCode;
      clues.push(fileHasClue(source, readSettings(context)));
      const imports = driverImports(source, readSettings(context));
      expect(importsDriverModule(source, readSettings(context))).toBe(imports.esm || imports.cjs);
      seen.push(imports);
      return {};
    },
  };
  const linter = new Linter();
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser, sourceType: options.sourceType ?? 'module', globals: options.globals ?? {} },
        plugins: { probe: { rules: { gate: probe as never } } },
        rules: { 'probe/gate': 'error' },
        ...(options.settings ? { settings: { 'connection-leaks': options.settings } } : {}),
      },
    ],
    'file.ts',
  );
  expect(messages).toEqual([]);
  expect(seen).toHaveLength(1);
  return seen[0];
}

describe('importsDriverModule', () => {
  it('reads imports and re-exports of a driver module', () => {
    expect(gate("import { Pool } from 'pg';")).toBe(true);
    expect(gate("import type { Pool } from 'pg';")).toBe(true);
    expect(gate("import 'mysql2/promise';")).toBe(true);
    expect(gate("export * from 'knex';")).toBe(true);
    expect(gate("export { DataSource } from 'typeorm';")).toBe(true);
    expect(gate("import { Pool } from 'pg-like'; export { x } from './pg';")).toBe(false);
  });

  it('reads calls of the global require, declared or not', () => {
    expect(gate("const { Pool } = require('pg');", { sourceType: 'script' })).toBe(true);
    expect(gate("const { Pool } = require('pg');", { sourceType: 'script', globals: { require: 'readonly' } })).toBe(true);
    expect(gate('const mysql = require(`mysql2`);', { sourceType: 'script' })).toBe(true);
    expect(gate("function f() { return require('oracledb'); }", { sourceType: 'script' })).toBe(true);
    expect(gate("const _ = require('lodash'); require.cache;", { sourceType: 'script' })).toBe(false);
  });

  it('reads a require spelled with an escape, and words that only end like it', () => {
    // The undeclared require's references are found only in a text that may spell it.
    expect(gate("const pg = requ\\u0069re('pg');", { sourceType: 'script' })).toBe(true);
    expect(gate("const pg = \\u0072equire('pg');", { sourceType: 'script' })).toBe(true);
    expect(gate("acquire('pg'); const inquire = 'pg';", { sourceType: 'script' })).toBe(false);
    expect(gate("const required = 'pg'; load(required);", { sourceType: 'script' })).toBe(false);
  });

  it('does not count a module named only in a comment, a string or a local require', () => {
    expect(gate("// uses 'pg' through the db module\nconst driver = 'pg';")).toBe(false);
    expect(gate("function f(require: (m: string) => unknown) { return require('pg'); }")).toBe(false);
  });

  it('lets the text decide where require is passed around or read through a global object', () => {
    expect(gate("const load = require; const pg = load('pg');", { sourceType: 'script' })).toBe(true);
    expect(gate("const pg = (require as (m: string) => any)('pg');")).toBe(true);
    expect(gate("const pg = globalThis.require('pg');", { globals: { globalThis: 'readonly' } })).toBe(true);
    expect(gate("const load = require; load('lodash');", { sourceType: 'script' })).toBe(false);
  });

  it('does not let the text decide where require is only read: a member, typeof, a comparison', () => {
    // The tracker follows require only to a call: these uses lead to none, whatever the text quotes.
    const script = { sourceType: 'script' as const };
    expect(ways("const where = require.resolve('pg');", script)).toEqual({ esm: false, cjs: false });
    expect(ways("if (typeof require === 'function') use('pg');", script)).toEqual({ esm: false, cjs: false });
    expect(ways("if (require.main === module) start('mysql2');", script)).toEqual({ esm: false, cjs: false });
    expect(ways("const loaded = require === undefined ? null : 'pg';", script)).toEqual({ esm: false, cjs: false });
    expect(ways("const load = cond ? require : null; load('pg');", script)).toEqual({ esm: false, cjs: true });
  });

  it('lets the text decide without scope information', () => {
    expect(gate("const pg = require('pg');", { noScope: true })).toBe(true);
    expect(gate("const driver = 'pg';", { noScope: true })).toBe(true);
    expect(gate("const driver = 'lodash';", { noScope: true })).toBe(false);
  });

  it('tells the tracker which way to follow: imports, requires, or both', () => {
    expect(ways("import { Pool } from 'pg'; const fs = require('fs');")).toEqual({ esm: true, cjs: false });
    expect(ways("const mysql = require('mysql2'); import fs from 'fs';")).toEqual({ esm: false, cjs: true });
    expect(ways("import { Pool } from 'pg'; const mysql = require('mysql2');")).toEqual({ esm: true, cjs: true });
  });

  it('reads global objects: a plain property cannot reach require, anything else lets the text decide', () => {
    const browser = { globals: { window: 'readonly' as const }, sourceType: 'script' as const };
    expect(ways("window.location.href = 'pg';", browser)).toEqual({ esm: false, cjs: false });
    expect(ways("const g = window; g.require('pg');", browser)).toEqual({ esm: false, cjs: true });
    expect(ways("window['require']('pg');", browser)).toEqual({ esm: false, cjs: true });
    expect(ways("const g = window; g.require('lodash');", browser)).toEqual({ esm: false, cjs: false });
  });
});

describe('fileHasClue', () => {
  const clue = (code: string, options: GateOptions = {}): boolean => {
    ways(code, options);
    return clues.at(-1)!;
  };

  it('finds a clue in a pool word, a method that checks out on any receiver, or a driver import', () => {
    expect(clue('const readPool = make(); readPool.go();')).toBe(true);
    expect(clue('const runner = dataSource.createQueryRunner();')).toBe(true);
    expect(clue("import { Client } from 'pg'; new Client();")).toBe(true);
    expect(clue("const mysql = require('mysql2'); mysql.createConnection({});", { sourceType: 'script' })).toBe(true);
  });

  it('finds a pool by any name the name heuristic accepts: a variable, a field, a private field, a string key, a parameter', () => {
    expect(clue('export function f(pool) { return pool.connect(); }')).toBe(true);
    expect(clue('class S { go() { return this.replicaPool.acquire(); } }')).toBe(true);
    expect(clue('class S { #pool = make(); go() { return this.#pool.acquire(); } }')).toBe(true);
    expect(clue("export const go = (db: any) => db['pool'].acquire();")).toBe(true);
    expect(clue('export const go = (db: any) => db[`_pool`].acquire();')).toBe(true);
  });

  it('finds none where pool is said only in comments, prose or names the heuristic turns away', () => {
    expect(clue('// a pool of workers\nexport const size = 4;')).toBe(false);
    expect(clue("/** Pool size. */\nexport const message = 'the pool is full';")).toBe(false);
    expect(clue('export class WorkerPool {}\nexport const poolSize = 4; const threadpool = new WorkerPool(); go(threadpool);')).toBe(false);
    expect(clue('import { Pool } from "./local-pool"; export const p: Pool = create();')).toBe(false);
  });

  it('finds no pool by name where the user turned the name heuristic off', () => {
    expect(clue('export function f(pool) { return pool.connect(); }', { settings: { nameHeuristics: false } })).toBe(false);
    expect(clue('export function f(pool) { return pool.connect(); }', { noScope: true })).toBe(true);
  });

  it('finds none where the text names none of them, or names a driver only where no import is', () => {
    expect(clue("import { readFile } from 'node:fs'; readFile('x', () => {});")).toBe(false);
    expect(clue("// talks to 'pg' through the db module\nexport const driver = 'pg';")).toBe(false);
  });
});
