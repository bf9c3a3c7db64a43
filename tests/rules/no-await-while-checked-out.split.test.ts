/** no-await-while-checked-out: the split-checkout suggestion, when the await cannot move before the checkout. */
import rule from '../../src/rules/no-await-while-checked-out';
import { ruleTester } from '../rule-tester';

const head = `import { Pool } from 'pg';
const pool = new Pool();
declare function chargeCard(order: { id: number; paid: boolean }): Promise<void>;
`;

const split = `${head}export async function pay(order: { id: number; paid: boolean }) {
  let client = await pool.connect();
  try {
    await client.query('UPDATE a SET b = 1 WHERE id = $1', [order.id]);
    order.paid = true;
  } finally {
    client.release();
  }
  await chargeCard(order);
  client = await pool.connect();
  try {
    await client.query('UPDATE c SET d = 1 WHERE id = $1', [order.id]);
  } finally {
    client.release();
  }
}`;

ruleTester.run('no-await-while-checked-out split', rule, {
  valid: [{ name: 'applied split: the slow call runs with no connection held', code: split }],
  invalid: [
    {
      name: 'the await reads a value changed after the checkout: split the checkout around it',
      code: `${head}export async function pay(order: { id: number; paid: boolean }) {
  const client = await pool.connect();
  try {
    await client.query('UPDATE a SET b = 1 WHERE id = $1', [order.id]);
    order.paid = true;
    await chargeCard(order);
    await client.query('UPDATE c SET d = 1 WHERE id = $1', [order.id]);
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 9, suggestions: [{ messageId: 'splitCheckout', output: split }] }],
    },
    {
      name: 'inside a transaction the checkout cannot be split: no suggestion',
      code: `${head}export async function pay(order: { id: number; paid: boolean }) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    order.paid = true;
    await chargeCard(order);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`,
      errors: [{ messageId: 'heldAwait', line: 9, suggestions: [] }],
    },
  ],
});
