// A nightly job runner over node-postgres: one instance at a time per job, through an advisory lock.
import { Pool } from 'pg';

declare function runJob(name: string): Promise<void>;

const pool = new Pool({ max: 10, connectionTimeoutMillis: 5000 });

// MISTAKE (no-session-state-on-pool): the lock is taken on whichever connection is free and the
// unlock may run on another one, so the lock stays held by an idle pooled connection.
export async function runExclusive(name: string, jobId: number): Promise<boolean> {
  const { rows } = await pool.query('SELECT pg_try_advisory_lock($1) AS locked', [jobId]);
  if (!rows[0].locked) return false;
  try {
    await runJob(name);
  } finally {
    await pool.query('SELECT pg_advisory_unlock($1)', [jobId]);
  }
  return true;
}

// CORRECT: the lock is held for one transaction of one checked-out client.
export async function runExclusiveInTransaction(name: string, jobId: number): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [jobId]);
    if (rows[0].locked) await client.query('UPDATE jobs SET started_at = now() WHERE name = $1', [name]);
    await client.query('COMMIT');
    return rows[0].locked;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
