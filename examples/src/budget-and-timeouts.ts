// An AWS Lambda function (it exports `handler`) with a pool sized for a long-running server.
// Two rules of the `strict` preset, turned on for this file in ../eslint.config.mjs.
import { Pool } from 'pg';

// MISTAKE (no-pool-over-budget): every warm instance keeps its own pool of up to 10 connections,
// and the platform runs hundreds of instances; a serverless pool should hold 1–2.
// MISTAKE (require-pool-timeouts): a request waits up to 30 s for a connection although no
// statement may run longer than 5 s: the acquire timeout should be the shorter one.
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: 10,
  connectionTimeoutMillis: 30000,
  statement_timeout: 5000,
});

// CORRECT: one query through the pool's own helper, which releases the connection.
export const handler = async (event: { orderId: string }) => {
  const { rows } = await pool.query('SELECT status FROM orders WHERE id = $1', [event.orderId]);
  return rows[0] ?? null;
};
