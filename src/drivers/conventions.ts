/**
 * Names several libraries share, read by the analysis as data: a library whose API follows one of
 * these conventions needs no entry of its own for it.
 */

/** Option keys that lend a held handle to one call (`Model.create(row, { transaction: t })`, `find({}, { session })`). */
export const LOAN_OPTION_KEYS: ReadonlySet<string> = new Set(['transaction', 'session', 'transacting']);

/** Pool helpers that a held connection offers with the same arguments (`pool.query(sql)` → `client.query(sql)`). */
export const SHARED_QUERY_METHODS: ReadonlySet<string> = new Set(['query', 'execute']);

/** Keys of a query config object that carry its SQL text (pg's `{ text }`, mysql's `{ sql }`). */
export const QUERY_TEXT_KEYS: ReadonlySet<string> = new Set(['text', 'sql']);

/** Builders that wrap raw SQL text for a query method (`sql.raw('BEGIN')`, postgres.js `sql.unsafe('BEGIN')`). */
export const RAW_SQL_BUILDERS: ReadonlySet<string> = new Set(['raw', 'unsafe']);

/** Methods several libraries name for sending the statement given as first argument (pg `query`, mysql2 `execute`, knex `raw`, mssql `batch`). */
export const STATEMENT_METHODS: readonly string[] = ['query', 'execute', 'exec', 'raw', 'batch'];

/**
 * Methods that open or initialise a built client, pool or data source before its first use
 * (`client.connect()`, TypeORM's `dataSource.initialize()`, Prisma's `$connect()`).
 */
export const OPENING_METHODS: ReadonlySet<string> = new Set(['connect', 'initialize', '$connect']);

/** Methods that hand back the same object in its promise flavour (mysql2's `pool.promise()`, Mongoose's `conn.asPromise()`). */
export const PROMISE_FLAVOUR_METHODS: ReadonlySet<string> = new Set(['promise', 'asPromise']);

/**
 * Methods that close a built client or pool (`end`, `close`, `destroy`; Redis `quit`/`disconnect`,
 * Cassandra `shutdown`, Prisma `$disconnect`).
 */
export const CLOSING_METHODS: ReadonlySet<string> = new Set(['end', 'close', 'quit', 'destroy', '$disconnect', 'disconnect', 'shutdown']);

/** Methods by which an object that owns a connection gives it back (a session's `close()`, NestJS `onModuleDestroy()`): preferred in suggestions. */
export const DISPOSING_METHODS: ReadonlySet<string> = new Set(['close', 'dispose', 'release', 'end', 'destroy', 'onModuleDestroy', '[Symbol.asyncDispose]', '[Symbol.dispose]']);

/** Methods that register a listener (Node's EventEmitter): the callback may run any number of times. */
export const LISTENER_METHODS: ReadonlySet<string> = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/**
 * Request handler types of web frameworks, by the module that declares them: a function typed as
 * one runs per request wherever it is registered (read only with type information).
 */
export const REQUEST_HANDLER_TYPES: readonly { label: string; modules: readonly string[]; types: readonly string[] }[] = [
  { label: 'an Express request handler', modules: ['express', 'express-serve-static-core'], types: ['RequestHandler', 'ErrorRequestHandler'] },
  { label: 'a Fastify route handler', modules: ['fastify'], types: ['RouteHandlerMethod', 'RouteHandler'] },
  { label: 'a Next.js API route handler', modules: ['next'], types: ['NextApiHandler'] },
  { label: 'a Koa middleware', modules: ['koa', 'koa-router', 'koa__router', '@koa/router'], types: ['Middleware', 'IMiddleware'] },
  { label: 'a Hono handler', modules: ['hono'], types: ['Handler', 'MiddlewareHandler'] },
  { label: 'an AWS Lambda handler', modules: ['aws-lambda'], types: ['Handler', 'APIGatewayProxyHandler', 'APIGatewayProxyHandlerV2', 'SQSHandler', 'ScheduledHandler'] },
];

/**
 * Shutdown paths, where ending a shared pool is the owner's job (`no-shared-pool-close`).
 * `process.on(event, fn)` with one of these events runs `fn` when the process is about to end.
 */
export const SHUTDOWN_EVENTS: ReadonlySet<string> = new Set(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR2', 'beforeExit', 'exit']);

/** The object whose listeners and exit calls mark a shutdown (`process.on('SIGTERM', fn)`, `process.exit()`). */
export const PROCESS_OBJECT = 'process';

/** Methods of the process object that end it: a function calling one is a shutdown path (an admin `/shutdown` route). */
export const PROCESS_EXIT_METHODS: ReadonlySet<string> = new Set(['exit', 'kill', 'abort']);

/** Lifecycle methods a framework calls once on shutdown (NestJS `onModuleDestroy`, `onApplicationShutdown`, `beforeApplicationShutdown`). */
export const SHUTDOWN_LIFECYCLE_METHODS: ReadonlySet<string> = new Set(['onModuleDestroy', 'onApplicationShutdown', 'beforeApplicationShutdown']);

/** Hook names whose callback runs on shutdown (Fastify `addHook('onClose', fn)` and `preClose`). */
export const SHUTDOWN_HOOK_NAMES: ReadonlySet<string> = new Set(['onClose', 'preClose']);

/** Methods that register a hook by name as their first argument (Fastify `addHook`). */
export const HOOK_REGISTRATION_METHODS: ReadonlySet<string> = new Set(['addHook']);

/** Test hooks that tear down after tests (Jest/Vitest `afterAll`/`afterEach`, Mocha `after`, TDD `teardown`, tap `t.teardown`). */
export const TEARDOWN_HOOKS: ReadonlySet<string> = new Set(['afterAll', 'afterEach', 'after', 'teardown', 'suiteTeardown', 'tearDown']);

/** Names of functions that close what a module holds (`close`, `shutdown`, `disconnectDb`, `stopServer`): called on shutdown, not per call. */
export const SHUTDOWN_FUNCTION_NAME = /^(?:close|end|shutdown|stop|disconnect|dispose|destroy|teardown|tearDown|cleanup|cleanUp|quit|terminate|exit|drain|finish|release|onClose|onShutdown|graceful|handleShutdown)(?:[A-Z_$\d]|$)/;

/** Names of functions that run once, at startup (`main`, `bootstrap`, `initDb`, `setup`, `startServer`): ending a pool there is a script's end, not per call. */
export const ONCE_FUNCTION_NAME = /^(?:main|bootstrap|init|setup|start)(?:[A-Z_$\d]|$)/;

/** Promise methods: a callback handed to them runs as part of the function that chains it. */
export const PROMISE_CHAIN_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

/**
 * Assertion methods, by the member whose truth makes them throw: `x.m()` is `if (x.<member>) throw …`,
 * and `x?.m()` is `if (x?.<member>) throw …` (an AbortSignal's `throwIfAborted()` throws its reason
 * exactly when `aborted`). Past such a call, a path knows the member is false.
 */
export const ASSERTION_METHODS: ReadonlyMap<string, string> = new Map([['throwIfAborted', 'aborted']]);
