/**
 * Pool configuration, SQL dialect and transaction advice per driver id (data only, read by
 * `require-pool-timeouts`, `no-pool-over-budget`, `no-transaction-on-pool` and `no-session-state-on-pool`).
 */
import type { Dialect } from './session-statements';

/** Which constructions an options record applies to, and where their options are passed. */
export interface OptionsLocation {
  /** Object kinds (keys of `Driver.objects`) made by a creation that this applies to. */
  readonly kinds: readonly string[];
  /** Only creations whose factory path ends with one of these names (all when absent). */
  readonly factories?: readonly string[];
  /** Also objects made by calling another object (`pgp(cn)`), which have no factory record. */
  readonly calledObjects?: boolean;
  /** Index of the options argument, or `last` when it is the last argument and an object literal. */
  readonly argument: number | 'last';
  /**
   * The options may come from a connection string at this argument, which can set the key as a
   * query parameter (`mongodb://…?waitQueueTimeoutMS=5000`): checked when it is a static string,
   * otherwise the rule cannot see it and stays silent.
   */
  readonly urlArgument?: number;
}

/** Option keys that bound a wait in milliseconds (a connection, a statement). */
export interface TimeoutOptionConfig extends OptionsLocation {
  /**
   * Key paths that bound the wait (any one set to a finite value satisfies the rule); the first is
   * the one a suggestion writes.
   */
  readonly keys: readonly (readonly string[])[];
  /** The value a suggestion writes (source text). */
  readonly suggested: string;
  /** The driver's default for the first key: `null` when it waits forever (or queues without limit). */
  readonly defaultValue: number | null;
  /** Values that switch the timeout off besides 0, null and Infinity (slonik's `'DISABLE_TIMEOUT'`). */
  readonly disabledValues?: readonly string[];
}

/** Where a pool's options are passed and which keys bound the wait for a connection. */
export interface AcquireTimeoutConfig extends TimeoutOptionConfig {
  /** `timeout`: a wait in milliseconds; `queueLimit`: the number of callers allowed to queue (mysql2). */
  readonly measure: 'timeout' | 'queueLimit';
}

/**
 * Pool options that bound one statement or query (pg `statement_timeout`), read by
 * `require-pool-timeouts` with `queryTimeout: true` and compared with the acquire timeout.
 */
export type QueryTimeoutConfig = TimeoutOptionConfig;

/** How many connections one construction of a pool may open at most. */
export interface PoolSizeConfig extends OptionsLocation {
  /** Key paths of the maximum (the first one set wins); the first is the one a suggestion writes. */
  readonly keys: readonly (readonly string[])[];
  /** The documented maximum when no key is set; `null` when the driver has none (required, or depends on the server). */
  readonly defaultMax: number | null;
  /**
   * The default depends on another option (knex's `client`): its static string value picks the
   * default from `values`; any other value keeps `defaultMax`, a value the code does not show
   * leaves the default unknown.
   */
  readonly defaultBy?: { readonly key: readonly string[]; readonly values: Readonly<Record<string, number>> };
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
  /** Pool options that bound each statement (absent where the driver bounds queries only per call). */
  readonly queryTimeout?: QueryTimeoutConfig;
  /** The pool's maximum size, for `no-pool-over-budget`. */
  readonly poolSize?: PoolSizeConfig;
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

/** pg-pool: `max` (alias `poolSize`) defaults to 10. */
const PG_SIZE: PoolSizeConfig = { kinds: ['pool'], argument: 0, keys: [['max'], ['poolSize']], defaultMax: 10 };

/** Passed on to every client: `statement_timeout` (server side) and `query_timeout` (client side), none by default. */
const PG_QUERY_TIMEOUT: QueryTimeoutConfig = {
  kinds: ['pool'],
  argument: 0,
  keys: [['statement_timeout'], ['query_timeout']],
  suggested: '30000',
  defaultValue: null,
};

const PG_ADVICE = 'check out one client with `{pool}.connect()`, run BEGIN … COMMIT on it and release it in `finally`';
const PG_CHECKOUT = { acquire: 'connect', handle: 'client', release: 'release' };
const PG = { dialect: 'postgres', transactionAdvice: PG_ADVICE, transactionCheckout: PG_CHECKOUT } as const;
const MYSQL_ADVICE =
  'check out one connection with `{pool}.getConnection()`, run `beginTransaction()` … `commit()` on it and release it in `finally`';
const MYSQL_CHECKOUT = { acquire: 'getConnection', handle: 'conn', release: 'release' };
const MYSQL = { dialect: 'mysql', transactionAdvice: MYSQL_ADVICE, transactionCheckout: MYSQL_CHECKOUT } as const;

/** `connectionLimit` (10 by default), also as a parameter of a connection URL given instead of options. */
const MYSQL_SIZE: PoolSizeConfig = { kinds: ['pool'], factories: ['createPool'], argument: 0, urlArgument: 0, keys: [['connectionLimit']], defaultMax: 10 };

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
  pg: { acquireTimeout: PG_TIMEOUT, queryTimeout: PG_QUERY_TIMEOUT, poolSize: PG_SIZE, ...PG },
  'pg-pool': { acquireTimeout: PG_TIMEOUT, queryTimeout: PG_QUERY_TIMEOUT, poolSize: PG_SIZE, ...PG },
  '@neondatabase/serverless': { acquireTimeout: PG_TIMEOUT, queryTimeout: PG_QUERY_TIMEOUT, poolSize: PG_SIZE, ...PG },
  '@vercel/postgres': {
    // No `poolSize`: `createPool` accepts only a pooled (PgBouncer) connection string, so its
    // connections do not count against the database's `max_connections`.
    acquireTimeout: { ...PG_TIMEOUT, factories: ['createPool'] },
    queryTimeout: { ...PG_QUERY_TIMEOUT, factories: ['createPool'] },
    ...PG,
  },
  'pg-promise': {
    // `pgp(cn)` forwards the pool keys of `cn` to pg-pool.
    acquireTimeout: { ...PG_TIMEOUT, kinds: ['db'], calledObjects: true },
    queryTimeout: { ...PG_QUERY_TIMEOUT, kinds: ['db'], calledObjects: true },
    poolSize: { ...PG_SIZE, kinds: ['db'], calledObjects: true },
    transactionAdvice: 'use `{pool}.tx(async t => …)`, which runs the whole callback on one connection',
    dialect: 'postgres',
    sessionAdvice: 'run the work in `{pool}.task(async t => …)`, which holds one connection for the callback, and reset what it set before it ends',
  },
  postgres: {
    // postgres.js has `connect_timeout` (establishing a connection) but no bound on the wait for a busy pool.
    // `postgres(url?, options?)`: `max` is 10 (3 on Cloudflare Workers); `connection` holds server parameters.
    poolSize: { kinds: ['sql'], argument: 'last', keys: [['max']], defaultMax: 10 },
    queryTimeout: { kinds: ['sql'], argument: 'last', keys: [['connection', 'statement_timeout']], suggested: '30000', defaultValue: null },
    transactionAdvice: 'use `{pool}.begin(async sql => …)`, which runs the whole callback on one reserved connection',
    dialect: 'postgres',
    sessionAdvice: 'reserve one connection with `{pool}.reserve()`, run the work on it, reset what it set and `release()` it in `finally`',
  },
  slonik: {
    // slonik's own pool (46+) queues callers without a bound: `connectionTimeout` bounds only opening
    // a connection (proven in tests/drivers), so there is no key to ask for.
    // `createPool(uri, config)`: `maximumPoolSize` (10; `maxPoolSize` from slonik 48), `statementTimeout` (60000).
    poolSize: { kinds: ['pool'], argument: 1, keys: [['maximumPoolSize'], ['maxPoolSize']], defaultMax: 10 },
    queryTimeout: {
      kinds: ['pool'],
      argument: 1,
      keys: [['statementTimeout']],
      suggested: '30000',
      defaultValue: 60000,
      disabledValues: ['DISABLE_TIMEOUT'],
    },
    transactionAdvice: 'use `{pool}.transaction(async tx => …)`',
    dialect: 'postgres',
    sessionAdvice: 'run the work in `{pool}.connect(async connection => …)`, which holds one connection for the callback, and reset what it set before it ends',
  },
  // mysql2 and mysql bound a query only per call (`{ sql, timeout }`): no pool option to ask for.
  mysql2: { acquireTimeout: MYSQL_QUEUE_LIMIT, poolSize: MYSQL_SIZE, ...MYSQL },
  mysql: { acquireTimeout: MYSQL_QUEUE_LIMIT, poolSize: MYSQL_SIZE, dialect: 'mysql', transactionAdvice: MYSQL_ADVICE },
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
    // `queryTimeout` is a connection option the pool passes to each connection (0: none).
    queryTimeout: { kinds: ['pool'], factories: ['createPool'], argument: 0, keys: [['queryTimeout']], suggested: '30000', defaultValue: null },
    poolSize: MYSQL_SIZE,
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
    // `max` is 1 when unset.
    poolSize: { kinds: ['pool'], argument: 1, keys: [['max']], defaultMax: 1 },
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
    // `max` is required.
    poolSize: { kinds: ['pool'], argument: 0, keys: [['max']], defaultMax: null },
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
    // A query is bounded per call (`.timeout(ms)`), not by a pool option: no `queryTimeout`.
    // `pool.max` is 10, 1 for the SQLite clients.
    poolSize: {
      kinds: ['knex'],
      argument: 0,
      keys: [['pool', 'max']],
      defaultMax: 10,
      defaultBy: { key: ['client'], values: { sqlite3: 1, sqlite: 1, 'better-sqlite3': 1 } },
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
    // `new Sequelize(url)` or `new Sequelize(db, user, password, options)`: `pool.max` is 5.
    poolSize: { kinds: ['sequelize'], argument: 'last', keys: [['pool', 'max']], defaultMax: 5 },
    transactionAdvice: 'use `{pool}.transaction(async t => …)` and pass `{ transaction: t }` to every query',
  },
  typeorm: {
    // The size goes to the driver's pool, whose own default applies when unset.
    poolSize: {
      kinds: ['dataSource'],
      factories: ['DataSource', 'createConnection'],
      argument: 0,
      keys: [['poolSize'], ['extra', 'max'], ['extra', 'connectionLimit']],
      defaultMax: null,
    },
    transactionAdvice: 'use `{pool}.transaction(async manager => …)` and run every statement through `manager`' },
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
    // A call is bounded per connection (`connection.callTimeout`), not by a pool option.
    poolSize: { kinds: ['pool'], factories: ['createPool'], argument: 0, keys: [['poolMax']], defaultMax: 4 },
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
    queryTimeout: { kinds: ['pool'], argument: 0, keys: [['requestTimeout']], suggested: '30000', defaultValue: 15000 },
    // `sql.connect(config)` builds the global pool once; only `new ConnectionPool()` is counted.
    poolSize: { kinds: ['pool'], factories: ['ConnectionPool'], argument: 0, keys: [['pool', 'max']], defaultMax: 10 },
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
    // `socketTimeoutMS` bounds each read; `timeoutMS` (CSOT) the whole operation. `maxTimeMS` is per operation.
    queryTimeout: { kinds: ['client'], argument: 1, keys: [['socketTimeoutMS'], ['timeoutMS']], suggested: '30000', defaultValue: null, urlArgument: 0 },
    poolSize: { kinds: ['client'], argument: 1, urlArgument: 0, keys: [['maxPoolSize']], defaultMax: 100 },
  },
  // Mongoose passes the MongoDB driver's options on.
  mongoose: { poolSize: { kinds: ['connection'], factories: ['createConnection'], argument: 1, urlArgument: 0, keys: [['maxPoolSize']], defaultMax: 100 } },
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
