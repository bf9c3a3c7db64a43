// Legacy CommonJS code: pg's callback form pool.connect((err, client, done) => ...).
// `done` is the release; every path through the callback (and its nested callbacks) must call it.
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 5000 });

// MISTAKE: when the query fails, the error branch returns without calling done().
function loadSettings(userId, callback) {
  pool.connect((err, client, done) => {
    if (err) return callback(err);
    client.query('SELECT key, value FROM settings WHERE user_id = $1', [userId], (queryErr, result) => {
      if (queryErr) {
        return callback(queryErr);
      }
      done();
      callback(null, result.rows);
    });
  });
}

// CORRECT: done() is called on both the error and the success path (done(err) also
// destroys a client that may be in a bad state).
function saveSetting(userId, key, value, callback) {
  pool.connect((err, client, done) => {
    if (err) return callback(err);
    client.query(
      'INSERT INTO settings (user_id, key, value) VALUES ($1, $2, $3) ON CONFLICT (user_id, key) DO UPDATE SET value = $3',
      [userId, key, value],
      queryErr => {
        done(queryErr);
        callback(queryErr || null);
      },
    );
  });
}

module.exports = { loadSettings, saveSetting };
