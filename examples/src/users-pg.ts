// pg (node-postgres): a Pool and its checked-out PoolClients.
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 5_000 });

export interface User {
  id: number;
  email: string;
  name: string;
}

// MISTAKE: released only on the success path. If the UPDATE fails (constraint violation,
// statement timeout, lost connection) the client is never returned to the pool.
export async function renameUser(id: number, name: string): Promise<void> {
  const client = await pool.connect();
  await client.query('UPDATE users SET name = $1 WHERE id = $2', [name, id]);
  client.release();
}

// MISTAKE: the early return for an unknown user skips the release.
export async function findUserByEmail(email: string): Promise<User | null> {
  const client = await pool.connect();
  const { rows } = await client.query<User>('SELECT id, email, name FROM users WHERE email = $1', [email]);
  if (rows.length === 0) {
    return null;
  }
  client.release();
  return rows[0];
}

// CORRECT: one client for the whole transaction, released in `finally` on every path;
// ROLLBACK on failure before the client goes back to the pool.
export async function transferCredits(fromId: number, toId: number, amount: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET credits = credits - $1 WHERE user_id = $2', [amount, fromId]);
    await client.query('UPDATE accounts SET credits = credits + $1 WHERE user_id = $2', [amount, toId]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

// CORRECT: a single statement needs no checkout at all; pool.query acquires and releases itself.
export async function countUsers(): Promise<number> {
  const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM users');
  return Number(rows[0].n);
}
