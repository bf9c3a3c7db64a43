// Who closes the pool: only the code that built it, once, on shutdown.
import { Pool } from 'pg';

// MISTAKE: `InvoiceClient` receives the pool, so it does not own it. The nightly export calls
// `client.close()` when it is done, and every other user of the same pool (the API, the other
// clients) gets "Cannot use a pool after calling end on the pool" until the process restarts.
export class InvoiceClient {
  constructor(private readonly pool: Pool) {}

  async unpaid(): Promise<{ id: string; total: number }[]> {
    const { rows } = await this.pool.query('SELECT id, total FROM invoices WHERE paid_at IS NULL');
    return rows;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

// CORRECT: a class that builds its own pool owns it; its `close()` may end it.
export class AuditLog {
  private readonly pool = new Pool({ connectionString: process.env.AUDIT_DATABASE_URL, max: 2, connectionTimeoutMillis: 5_000 });

  async record(event: string): Promise<void> {
    await this.pool.query('INSERT INTO audit_log (event) VALUES ($1)', [event]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

// CORRECT: the module that built the shared pool ends it on shutdown.
export const pool = new Pool({ max: 10, connectionTimeoutMillis: 5_000 });
export const invoices = new InvoiceClient(pool);

process.on('SIGTERM', async () => {
  await pool.end();
});
