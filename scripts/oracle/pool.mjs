// The oracle's instrumented in-memory drivers: stand-ins for `pg` and `mysql2/promise` that
// record every checkout and release of one run, and make the k-th driver call fail.
//
// One `createDrivers(fault)` per run: `fault` is the number of the driver call that fails
// (1-based; 0 = none). Driver calls are the checkouts (`pool.connect()`, `pool.getConnection()`)
// and the queries (`client.query()`); a failing one rejects its promise, or calls its callback
// with an error (pg's callback forms). Releases never fail and never throw: a second release is
// recorded (the truth of `no-double-release`), not raised, so one run shows both verdicts.
// Callbacks are called from the microtask queue: one macrotask turn after a run settles, every
// callback it started has run.
//
// Every handle has an `owner`: the unit of the program that holds the obligation to release it
// (`ownerOfCheckout()` names it at the checkout: the function whose code called the pool), or
// 'caller' for the handle the caller lends. The runner moves the owner when a function returns
// the handle (scripts/oracle/run.mjs).

/** A call of a checkout of these drivers, in a program's text. */
export const CHECKOUT_CALL = /\.(connect|getConnection)\(/;

/** The state of one run: every handle handed out, and what happened to it. */
export function createDrivers(fault = 0, ownerOfCheckout = () => 'function') {
  const run = { calls: 0, handles: [], callbackErrors: [], byClient: new Map() };
  const failsNow = () => ++run.calls === fault;
  // Errors the oracle plans (a failing driver call) are marked, to tell them from a program's own bug.
  const failure = message => {
    // Thousands of runs fail on purpose: their stack traces are never read (and cost the most).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    const error = Object.assign(new Error(message), { planned: true });
    Error.stackTraceLimit = limit;
    return error;
  };
  const later = fn => {
    // A callback that throws ends its run abruptly: remember it instead of crashing the process.
    Promise.resolve().then(() => {
      try {
        fn();
      } catch (error) {
        run.callbackErrors.push(error);
      }
    });
  };

  function newHandle(kind) {
    const handle = { id: run.handles.length + 1, releases: 0, owner: ownerOfCheckout() };
    const release = () => {
      handle.releases++;
    };
    const client = {
      query(sql, ...rest) {
        const callback = typeof rest.at(-1) === 'function' ? rest.at(-1) : null;
        const failed = failsNow();
        const result = { rows: [{ sql }] };
        if (callback) {
          later(() => (failed ? callback(failure('query failed')) : callback(null, result)));
          return undefined;
        }
        return failed ? Promise.reject(failure('query failed')) : Promise.resolve(result);
      },
      release,
    };
    // mysql2's pooled connections are async-disposable (disposing releases); pg clients are not.
    if (kind === 'mysql2') client[Symbol.asyncDispose] = async () => release();
    handle.client = client;
    run.handles.push(handle);
    run.byClient.set(client, handle);
    return handle;
  }

  class PgPool {
    connect(callback) {
      const failed = failsNow();
      if (typeof callback === 'function') {
        if (failed) later(() => callback(failure('connect failed'), undefined, () => {}));
        else {
          const handle = newHandle('pg');
          later(() => callback(null, handle.client, () => handle.client.release()));
        }
        return undefined;
      }
      return failed ? Promise.reject(failure('connect failed')) : Promise.resolve(newHandle('pg').client);
    }
  }

  const mysqlPool = {
    getConnection() {
      return failsNow() ? Promise.reject(failure('getConnection failed')) : Promise.resolve(newHandle('mysql2').client);
    },
  };

  const modules = {
    pg: { Pool: PgPool, default: { Pool: PgPool } },
    'mysql2/promise': { createPool: () => mysqlPool, default: { createPool: () => mysqlPool } },
  };
  /** A handle the caller owns and lends to the function (`given ?? pool.connect()`). */
  const lend = () => {
    const handle = newHandle('pg');
    handle.owner = 'caller';
    return handle.client;
  };
  return { run, modules, lend };
}
