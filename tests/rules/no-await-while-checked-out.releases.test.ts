/**
 * no-await-while-checked-out: giving a connection back is no slow work. An awaited call of one of the
 * held handle's own release methods, on any receiver (another connection of a helper the analysis
 * cannot follow, a field, a member chain), returns a connection to its pool and waits on nothing
 * slow. Only the held handle's driver's release methods count: another name on an unknown receiver
 * is still reported.
 */
import rule from '../../src/rules/no-await-while-checked-out';
import { ruleTester } from '../rule-tester';

ruleTester.run('no-await-while-checked-out (releasing another connection)', rule, {
  valid: [
    {
      name: 'pg: another connection from a helper is released while a pending checkout is held',
      code: `import { Pool } from 'pg';
import { checkOutMany } from './helpers';
const pool = new Pool();
export async function f() {
  const [first, second] = await checkOutMany(pool, 2);
  const pending = pool.connect();
  await first.release();
  const third = await pending;
  try {
    await third.query('SELECT 1');
  } finally {
    third.release();
    second.release();
  }
}`,
    },
    {
      name: 'mysql2: a connection kept in a field of another object is released',
      code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
export async function f(job: { lease: { release(): Promise<void> } }) {
  const conn = await pool.getConnection();
  try {
    await job.lease.release();
    await conn.query('SELECT 1');
  } finally {
    conn.release();
  }
}`,
    },
    {
      name: "mariadb: a pooled connection's end() is its release, also on another connection",
      code: `import mariadb from 'mariadb';
const pool = mariadb.createPool({});
export async function f(previous: { end(): Promise<void> }) {
  const conn = await pool.getConnection();
  try {
    await previous.end();
    await conn.query('SELECT 1');
  } finally {
    await conn.end();
  }
}`,
    },
    {
      name: "oracledb: close() of another connection, through an optional chain and a type assertion",
      code: `import oracledb from 'oracledb';
export async function f(pool: oracledb.Pool, stale: unknown) {
  const conn = await pool.getConnection();
  try {
    await (stale as oracledb.Connection | undefined)?.close();
    await conn.execute('SELECT 1 FROM dual');
  } finally {
    await conn.close();
  }
}`,
    },
  ],
  invalid: [
    {
      name: "pg: close() is not a release of pg's pooled client, so an unknown receiver's close() is reported",
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f(browser: { close(): Promise<void> }) {
  const client = await pool.connect();
  try {
    await browser.close();
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'heldAwait',
          line: 6,
          data: { handle: 'client', work: '`browser.close()`', kind: '' },
          suggestions: [
            {
              messageId: 'moveBeforeAcquire',
              data: { work: '`browser.close()`', handle: 'client' },
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function f(browser: { close(): Promise<void> }) {
  await browser.close();
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a release call does not make the rest of the expression database work',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function f(other: { release(): void }, url: string) {
  const client = await pool.connect();
  try {
    await Promise.all([other.release(), fetch(url)]);
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'heldAwait',
          line: 6,
          data: { handle: 'client', work: '`Promise.all()`', kind: '' },
          suggestions: [
            {
              messageId: 'moveBeforeAcquire',
              data: { work: '`Promise.all()`', handle: 'client' },
              output: `import { Pool } from 'pg';
const pool = new Pool();
export async function f(other: { release(): void }, url: string) {
  await Promise.all([other.release(), fetch(url)]);
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
