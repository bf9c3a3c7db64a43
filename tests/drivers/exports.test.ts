/**
 * Every factory the data names exists in the installed library with the kind the data gives it
 * (a class for `new`, a function for `call`, an object for `read`), and every exported class or
 * factory function whose name the data maps to an object kind (`types`) is itself a factory, so a
 * pool built through it is seen. No server needed.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { drivers } from '../../src/drivers';
import { provenOf } from '../../src/drivers/provenance';

const require = createRequire(import.meta.url);

/** The driver modules installed as devDependencies (the others are documented only). */
const installed = ['pg', 'pg-pool', '@vercel/postgres', 'postgres', 'pg-promise', 'slonik', 'mysql2', 'mysql', 'mariadb', 'generic-pool', 'tarn', 'typeorm', 'knex', 'sequelize', 'kysely', 'drizzle-orm'];

/**
 * Exported classes whose constructors take the library's internal arguments (mysql2's `Pool` wants a
 * `PoolConfig`, generic-pool's `Pool` an evictor and queues) or build nothing (TypeORM's
 * `EntityManager` wraps a data source): applications do not construct them.
 */
const internalClasses: Readonly<Record<string, readonly string[]>> = {
  mysql2: ['Pool', 'PoolConnection', 'Connection', 'PoolCluster'],
  'generic-pool': ['Pool'],
  typeorm: ['EntityManager'],
};

function exportAt(module: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], module);
}

describe('driver exports match the data', () => {
  for (const driver of drivers.filter(candidate => installed.includes(candidate.id))) {
    const moduleName = driver.modules.find(name => !name.includes('/')) ?? driver.modules[0]!;
    it(`${driver.id}: every exported class named in \`types\` is a factory of the data`, () => {
      const module = require(moduleName) as Record<string, unknown>;
      const factoryNames = new Set(driver.factories.map(factory => factory.path.at(-1)));
      const missing = Object.keys(driver.types ?? {}).filter(
        name => typeof module[name] === 'function' && /^class\b/.test(Function.prototype.toString.call(module[name])) && !factoryNames.has(name) && !internalClasses[driver.id]?.includes(name),
      );
      expect(missing, `${driver.id} exports classes the data cannot see being constructed`).toEqual([]);
    });
    for (const factory of driver.factories) {
      const key = `factory ${factory.kind} ${factory.path.join('.') || '(module)'}`;
      // Optional native bindings (pg-native) are not installed: their getters return null.
      if (factory.path.includes('native') || !provenOf(driver.id).includes(key)) continue;
      it(`${driver.id} › ${key}`, () => {
        const module = require(driver.modules.find(name => name === moduleName) ?? moduleName) as unknown;
        const value = exportAt(module, factory.path);
        expect(typeof value).toBe(factory.kind === 'read' ? 'object' : 'function');
      });
    }
  }
});
