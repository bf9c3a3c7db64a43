/**
 * Pool configuration, SQL dialect and transaction advice per driver id (data only, read by
 * `require-pool-timeouts`, `no-transaction-on-pool` and `no-session-state-on-pool`).
 */
import type { Dialect } from './session-statements';

/** Where a pool's options are passed and which keys bound the wait for a connection. */
export interface AcquireTimeoutConfig {
  /** Object kinds (keys of `Driver.objects`) made by a creation that this applies to. */
  readonly kinds: readonly string[];
  /** Only creations whose factory path ends with one of these names (all when absent). */
  readonly factories?: readonly string[];
  /** Also objects made by calling another object (`pgp(cn)`), which have no factory record. */
  readonly calledObjects?: boolean;
  /** Index of the options argument, or `last` when it is the last argument and an object literal. */
  readonly argument: number | 'last';
  /**
   * Key paths that bound the wait (any one set to a finite value satisfies the rule); the first is
   * the one a suggestion writes.
   */
  readonly keys: readonly (readonly string[])[];
  /** The value a suggestion writes (source text). */
  readonly suggested: string;
  /** The driver's default for the first key: `null` when it waits forever (or queues without limit). */
  readonly defaultValue: number | null;
  /** `timeout`: a wait in milliseconds; `queueLimit`: the number of callers allowed to queue (mysql2). */
  readonly measure: 'timeout' | 'queueLimit';
  /** Values that switch the timeout off besides 0, null and Infinity (slonik's `'DISABLE_TIMEOUT'`). */
  readonly disabledValues?: readonly string[];
  /**
   * The options may come from a connection string at this argument, which can set the key as a
   * query parameter (`mongodb://…?waitQueueTimeoutMS=5000`): checked when it is a static string,
   * otherwise the rule cannot see it and stays silent.
   */
  readonly urlArgument?: number;
}

/** A call on the driver's object that takes options with a bounded wait (Prisma's `$transaction`). */
export interface CallTimeoutConfig {
  /** Object kind whose method this is. */
  readonly kind: string;
  readonly method: string;
  /** The call is checked only when this argument is a function (interactive transactions). */
  readonly callbackArgument: number;
  /** Index of the options argument. */
  readonly argument: number;
  /** Keys that bound the call; any one of them set makes the call explicit. */
  readonly keys: readonly string[];
  /** Source text of the options object a suggestion adds. */
  readonly suggested: string;
  /** A constructor option of the object that sets defaults for every call (`transactionOptions`). */
  readonly clientDefaultsKey?: string;
}

export interface PoolConfig {
  readonly acquireTimeout?: AcquireTimeoutConfig;
  readonly callTimeout?: CallTimeoutConfig;
  /**
   * How to run a transaction with this driver, for messages; `{pool}` is replaced by the
   * receiver's text.
   */
  readonly transactionAdvice?: string;
  /**
   * A checkout that a suggestion may write to run a transaction opened on the pool on one
   * connection: `const client = await pool.connect()` … `client.release()`.
   */
  readonly transactionCheckout?: { readonly acquire: string; readonly handle: string; readonly release: string };
  /** The SQL dialect the driver speaks; absent when it depends on the configuration (knex, ORMs). */
  readonly dialect?: Dialect;
  /**
   * How to run session-scoped work (SET, LISTEN, advisory locks) on one connection, for messages,
   * when `transactionCheckout` does not say it; `{pool}` is replaced by the receiver's text.
   */
  readonly sessionAdvice?: string;
  /** Classes whose instances run queries on the pool given as first argument (`new sql.Request(pool)`). */
  readonly requestClasses?: readonly string[];
  /** Methods of a per-call request object made by the pool (`pool.request().query(…)`, `new sql.Request(pool).batch(…)`). */
  readonly requestMethods?: readonly string[];
}

const PG_TIMEOUT: AcquireTimeoutConfig = {
  kinds: ['pool'],
  argument: 0,
  keys: [['connectionTimeoutMillis']],
  suggested: '5000',
  defaultValue: null,
  measure: 'timeout',
};

const PG_ADVICE = 'check out one client with `{pool}.connect()`, run BEGIN … COMMIT on it and release it in `finally`';
const PG_CHECKOUT = { acquire: 'connect', handle: 'client', release: 'release' };
const PG = { dialect: 'postgres', transactionAdvice: PG_ADVICE, transactionCheckout: PG_CHECKOUT } as const;
const MYSQL_ADVICE =
  'check out one connection with `{pool}.getConnection()`, run `beginTransaction()` … `commit()` on it and release it in `finally`';
const MYSQL_CHECKOUT = { acquire: 'getConnection', handle: 'conn', release: 'release' };
const MYSQL = { dialect: 'mysql', transactionAdvice: MYSQL_ADVICE, transactionCheckout: MYSQL_CHECKOUT } as const;

const MYSQL_QUEUE_LIMIT: AcquireTimeoutConfig = {
  kinds: ['pool'],
  factories: ['createPool'],
  argument: 0,
  keys: [['queueLimit']],
  suggested: '100',
  defaultValue: null,
  measure: 'queueLimit',
};

/** By driver id (`Driver.id`). */
export const poolConfigs: Readonly<Record<string, PoolConfig>> = {
  pg: { acquireTimeout: PG_TIMEOUT, ...PG },
  'pg-pool': { acquireTimeout: PG_TIMEOUT, ...PG },
  '@neondatabase/serverless': { acquireTimeout: PG_TIMEOUT, ...PG },
  '@vercel/postgres': { acquireTimeout: { ...PG_TIMEOUT, factories: ['createPool'] }, ...PG },
  'pg-promise': {
    // `pgp(cn)` forwards the pool keys of `cn` to pg-pool.
    acquireTimeout: { ...PG_TIMEOUT, kinds: ['db'], calledObjects: true },
    transactionAdvice: 'use `{pool}.tx(async t => …)`, which runs the whole callback on one connection',
    dialect: 'postgres',
    sessionAdvice: 'run the work in `{pool}.task(async t => …)`, which holds one connection for the callback, and reset what it set before it ends',
  },
  postgres: {
    // postgres.js has `connect_timeout` (establishing a connection) but no bound on the wait for a busy pool.
    transactionAdvice: 'use `{pool}.begin(async sql => …)`, which runs the whole callback on one reserved connection',
    dialect: 'postgres',
    sessionAdvice: 'reserve one connection with `{pool}.reserve()`, run the work on it, reset what it set and `release()` it in `finally`',
  },
  slonik: {
    // slonik's own pool (46+) queues callers without a bound: `connectionTimeout` bounds only opening
    // a connection (proven in tests/drivers), so there is no key to ask for.
    transactionAdvice: 'use `{pool}.transaction(async tx => …)`',
    dialect: 'postgres',
    sessionAdvice: 'run the work in `{pool}.connect(async connection => …)`, which holds one connection for the callback, and reset what it set before it ends',
  },
  mysql2: { acquireTimeout: MYSQL_QUEUE_LIMIT, ...MYSQL },
  mysql: { acquireTimeout: MYSQL_QUEUE_LIMIT, dialect: 'mysql', transactionAdvice: MYSQL_ADVICE },
  mariadb: {
    acquireTimeout: {
      kinds: ['pool'],
      factories: ['createPool'],
      argument: 0,
      keys: [['acquireTimeout']],
      suggested: '5000',
      defaultValue: 10000,
      measure: 'timeout',
    },
    ...MYSQL,
  },
  'generic-pool': {
    acquireTimeout: {
      kinds: ['pool'],
      argument: 1,
      keys: [['acquireTimeoutMillis']],
      suggested: '5000',
      defaultValue: null,
      measure: 'timeout',
    },
  },
  tarn: {
    acquireTimeout: {
      kinds: ['pool'],
      argument: 0,
      keys: [['acquireTimeoutMillis']],
      suggested: '5000',
      defaultValue: 30000,
      measure: 'timeout',
    },
  },
  knex: {
    acquireTimeout: {
      kinds: ['knex'],
      argument: 0,
      keys: [['pool', 'acquireTimeoutMillis'], ['acquireConnectionTimeout']],
      suggested: '5000',
      defaultValue: 60000,
      measure: 'timeout',
    },
    transactionAdvice: 'use `{pool}.transaction(async trx => …)` and run every statement through `trx`',
  },
  sequelize: {
    acquireTimeout: {
      kinds: ['sequelize'],
      argument: 'last',
      keys: [['pool', 'acquire']],
      suggested: '5000',
      defaultValue: 60000,
      measure: 'timeout',
    },
    transactionAdvice: 'use `{pool}.transaction(async t => …)` and pass `{ transaction: t }` to every query',
  },
  typeorm: { transactionAdvice: 'use `{pool}.transaction(async manager => …)` and run every statement through `manager`' },
  '@prisma/client': {
    callTimeout: {
      kind: 'client',
      method: '$transaction',
      callbackArgument: 0,
      argument: 1,
      keys: ['maxWait', 'timeout'],
      suggested: '{ maxWait: 2000, timeout: 5000 }',
      clientDefaultsKey: 'transactionOptions',
    },
    transactionAdvice: 'use `{pool}.$transaction(async tx => …)` and run every statement through `tx`',
  },
  kysely: { transactionAdvice: 'use `{pool}.transaction().execute(async trx => …)` and run every statement through `trx`' },
  'drizzle-orm': { transactionAdvice: 'use `{pool}.transaction(async tx => …)` and run every statement through `tx`' },
  oracledb: {
    acquireTimeout: {
      kinds: ['pool'],
      factories: ['createPool'],
      argument: 0,
      keys: [['queueTimeout']],
      suggested: '5000',
      defaultValue: 60000,
      measure: 'timeout',
    },
  },
  mssql: {
    acquireTimeout: {
      kinds: ['pool'],
      argument: 0,
      keys: [['pool', 'acquireTimeoutMillis']],
      suggested: '5000',
      defaultValue: 30000,
      measure: 'timeout',
    },
    transactionAdvice:
      'use a `Transaction`: `const tx = {pool}.transaction()`, `await tx.begin()`, run every statement with `tx.request()`, then `tx.commit()`',
    dialect: 'tsql',
    requestClasses: ['Request'],
    requestMethods: ['query', 'execute', 'batch'],
  },
  mongodb: {
    acquireTimeout: {
      kinds: ['client'],
      argument: 1,
      keys: [['waitQueueTimeoutMS'], ['timeoutMS']],
      suggested: '5000',
      defaultValue: null,
      measure: 'timeout',
      urlArgument: 0,
    },
  },
  /** Pools known only by name: the library is unknown, so is its transaction API. */
  pool: {
    transactionAdvice:
      'check out one connection from `{pool}` (`connect()` / `getConnection()`), run the whole transaction on it and release it in `finally`',
  },
};

/** The configuration record of a driver, if any. */
export function poolConfigOf(driverId: string): PoolConfig | undefined {
  return Object.prototype.hasOwnProperty.call(poolConfigs, driverId) ? poolConfigs[driverId] : undefined;
}
