// TypeORM: a QueryRunner holds one connection from connect() until release().
import { DataSource } from 'typeorm';

export const dataSource = new DataSource({
  type: 'postgres',
  url: process.env.DATABASE_URL,
  poolSize: 10,
});

// MISTAKE: connect() and startTransaction() run before the `try`. If either throws
// (BEGIN fails, the connection drops), the runner may already hold a connection and the
// `finally` that releases it is never reached.
export async function archiveReports(before: Date): Promise<void> {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    await queryRunner.query('INSERT INTO reports_archive SELECT * FROM reports WHERE created_at < $1', [before]);
    await queryRunner.query('DELETE FROM reports WHERE created_at < $1', [before]);
    await queryRunner.commitTransaction();
  } catch (error) {
    await queryRunner.rollbackTransaction();
    throw error;
  } finally {
    await queryRunner.release();
  }
}

// CORRECT: everything after createQueryRunner() is inside the try, released in finally.
export async function rebuildDailyTotals(day: string): Promise<void> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.connect();
    await queryRunner.startTransaction();
    await queryRunner.query('DELETE FROM daily_totals WHERE day = $1', [day]);
    await queryRunner.query(
      'INSERT INTO daily_totals (day, total) SELECT $1, SUM(amount) FROM payments WHERE paid_at::date = $1',
      [day],
    );
    await queryRunner.commitTransaction();
  } catch (error) {
    await queryRunner.rollbackTransaction();
    throw error;
  } finally {
    await queryRunner.release();
  }
}

// CORRECT: the managed helper creates, commits/rolls back and releases the runner itself.
export async function deleteReport(id: number): Promise<void> {
  await dataSource.transaction(async manager => {
    await manager.query('DELETE FROM report_rows WHERE report_id = $1', [id]);
    await manager.query('DELETE FROM reports WHERE id = $1', [id]);
  });
}
