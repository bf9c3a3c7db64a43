// An Express API over node-postgres with the per-request and hold-time mistakes the other rules catch.
import express from 'express';
import { Pool } from 'pg';

declare function chargeCard(orderId: number, cents: number): Promise<void>;

const app = express();
const pool = new Pool({ max: 10, connectionTimeoutMillis: 5000 });

// MISTAKE (no-pool-per-request): a new pool on every request; connections multiply with traffic.
app.get('/health', async (_req, res) => {
  const perRequest = new Pool();
  res.json((await perRequest.query('SELECT 1')).rows);
});

// MISTAKE (no-await-while-checked-out): the client stays checked out during the payment call.
app.post('/orders/:id/pay', async (req, res) => {
  const id = Number(req.params.id);
  const client = await pool.connect();
  try {
    const { rows } = await client.query('SELECT total FROM orders WHERE id = $1', [id]);
    await chargeCard(id, rows[0].total);
    await client.query('UPDATE orders SET paid = true WHERE id = $1', [id]);
  } finally {
    client.release();
  }
  res.sendStatus(204);
});

// MISTAKE (no-transaction-on-pool): BEGIN and COMMIT through pool.query may run on different connections.
app.post('/orders/:id/archive', async (req, res) => {
  await pool.query('BEGIN');
  await pool.query('INSERT INTO archive SELECT * FROM orders WHERE id = $1', [req.params.id]);
  await pool.query('COMMIT');
  res.sendStatus(204);
});

// MISTAKES (no-nested-checkout, no-double-release): a second connection while one is held, and two releases.
app.delete('/orders/:id', async (req, res) => {
  const client = await pool.connect();
  try {
    await client.query('DELETE FROM order_lines WHERE order_id = $1', [req.params.id]);
    await pool.query('DELETE FROM orders WHERE id = $1', [req.params.id]);
    client.release();
  } finally {
    client.release();
  }
  res.sendStatus(204);
});

// CORRECT: pay after the checkout is released; one transaction on one client.
app.post('/orders/:id/settle', async (req, res) => {
  const id = Number(req.params.id);
  const { rows } = await pool.query('SELECT total FROM orders WHERE id = $1', [id]);
  await chargeCard(id, rows[0].total);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE orders SET paid = true WHERE id = $1', [id]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  res.sendStatus(204);
});

export default app;
