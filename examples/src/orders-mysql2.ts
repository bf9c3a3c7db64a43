// mysql2/promise: pool.getConnection() ... connection.release().
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ uri: process.env.MYSQL_URL, connectionLimit: 10 });

export interface OrderLine {
  sku: string;
  quantity: number;
}

// MISTAKE: the connection is released only in `catch`. Every order that is placed
// successfully keeps its connection checked out; after `connectionLimit` orders the pool is empty.
export async function placeOrder(customerId: number, lines: OrderLine[]): Promise<number> {
  const connection = await pool.getConnection();
  try {
    await connection.beginTransaction();
    const [result] = await connection.execute<mysql.ResultSetHeader>(
      'INSERT INTO orders (customer_id) VALUES (?)',
      [customerId],
    );
    for (const line of lines) {
      await connection.execute('INSERT INTO order_lines (order_id, sku, quantity) VALUES (?, ?, ?)', [
        result.insertId,
        line.sku,
        line.quantity,
      ]);
    }
    await connection.commit();
    return result.insertId;
  } catch (error) {
    await connection.rollback();
    connection.release();
    throw error;
  }
}

// CORRECT: release in `finally`.
export async function cancelOrder(orderId: number): Promise<void> {
  const connection = await pool.getConnection();
  try {
    await connection.beginTransaction();
    await connection.execute('UPDATE orders SET status = ? WHERE id = ?', ['cancelled', orderId]);
    await connection.execute('DELETE FROM reservations WHERE order_id = ?', [orderId]);
    await connection.commit();
  } catch (error) {
    await connection.rollback();
    throw error;
  } finally {
    connection.release();
  }
}

// CORRECT: mysql2 pool connections are disposable (Symbol.asyncDispose releases them),
// so `await using` returns the connection on every path.
export async function orderTotal(orderId: number): Promise<number> {
  await using connection = await pool.getConnection();
  const [rows] = await connection.query<mysql.RowDataPacket[]>(
    'SELECT SUM(price * quantity) AS total FROM order_lines WHERE order_id = ?',
    [orderId],
  );
  return Number(rows[0]?.total ?? 0);
}
