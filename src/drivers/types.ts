/**
 * The driver model: what each database library is, as data. Rules never name a driver;
 * they read these records through `src/analysis`. Adding a driver means adding a record.
 */

/** How a held handle is given back. */
export interface ReleaseForm {
  /** `handle.method()` */
  readonly method?: string;
  /** `pool.method(handle)`: a method of the pool (or of any receiver) taking the handle first. */
  readonly poolMethod?: string;
  /** Returns a promise: generated code awaits it inside async functions. */
  readonly async?: boolean;
  /** Written by a fix when the user has not written a release yet. */
  readonly preferred?: boolean;
}

/** A method of an object that checks a handle out of it. */
export interface AcquireForm {
  readonly method: string;
  /**
   * promise: returns (a promise of) the handle; callback: the handle arrives in a callback;
   * either: callback when a function argument is given, promise otherwise;
   * pending: returns an operation whose `.promise` resolves to the handle (tarn).
   */
  readonly style: 'promise' | 'callback' | 'either';
  /** The object kind (key of `Driver.objects`) of the handle. */
  readonly yields: string;
  /** Callback forms: index of the handle parameter. */
  readonly handleParam?: number;
  /** Callback forms: index of a parameter that releases when called (pg's `done`). */
  readonly releaseParam?: number;
  /** The method name is unique to this driver: recognised on any receiver. */
  readonly anyReceiver?: boolean;
  /**
   * The call returns an operation; the handle comes from a property of it (tarn's `.promise`) or
   * from calling a method of it (Kysely's `startTransaction().execute()`).
   */
  readonly settle?: { readonly property: string; readonly call?: boolean };
  /**
   * The handle takes its connection only at its first use (TypeORM's `createQueryRunner()`):
   * `connect` names the method that connects explicitly, whose own failure holds nothing.
   */
  readonly lazy?: { readonly connect: string };
}

/** What one kind of object made by a driver can do. */
export interface ObjectModel {
  /** Methods that check a handle out of this object. */
  readonly acquire?: readonly AcquireForm[];
  /** Calling this method on the object opens it: the object itself becomes a held handle. */
  readonly opens?: string;
  /** When this object is a held handle: the ways it is released (or destroyed). */
  readonly release?: readonly ReleaseForm[];
  /** `using` / `await using` releases the handle (Symbol.dispose / Symbol.asyncDispose). */
  readonly disposable?: boolean;
  /**
   * Members (properties or methods) of a held handle that say it is already released or finished:
   * `if (!h.<member>) h.release()` releases on every path and is never a second release.
   */
  readonly releasedState?: readonly string[];
  /** Methods that acquire and release by themselves (auto and scoped helpers). */
  readonly managed?: readonly string[];
  /**
   * Scoped helpers: the callback runs holding one connection (or transaction), released when its
   * promise settles (`knex.transaction(trx => …)`). `handleParam` is the callback parameter that is
   * the held handle; `receiver: true` when the receiver itself is what is held (`session.withTransaction`).
   */
  readonly scoped?: readonly {
    readonly method: string;
    readonly handleParam?: number;
    readonly receiver?: boolean;
    /** The callback's handle offers the same API as the outer object (`trx` for `knex`, `tx` for `prisma`). */
    readonly sameApi?: boolean;
  }[];
  /**
   * Methods and members that build a piece of SQL for a builder (`knex.raw(…)`, `knex.fn.now()`):
   * handed to a call or stored in a literal they run no query of their own.
   */
  readonly fragments?: readonly string[];
  /** Calling the object itself creates an object of this kind (pg-promise's `pgp(cn)`). */
  readonly callCreates?: string;
  /** Properties that hold another object of the driver (`knex.client`, `sequelize.connectionManager`). */
  readonly members?: Readonly<Record<string, string>>;
  /** Methods that return another object of the driver, not yet holding anything (mssql `pool.transaction()`). */
  readonly returns?: Readonly<Record<string, string>>;
  /** How messages name what one construction of this object opens (default: pool, or connection for a handle). */
  readonly noun?: 'pool' | 'connection' | 'client';
  /** A manual transaction: commit or rollback ends it (a fix rolls back in `catch` instead of releasing in `finally`). */
  readonly transaction?: boolean;
  /** What a second release does: pg throws, generic-pool rejects, mysql2 ignores it, postgres.js corrupts the pool. */
  readonly doubleRelease?: 'throws' | 'rejects' | 'silent' | 'unsafe';
  /** Methods that close this pool (or client) and every connection it lent (`pool.end()`, `knex.destroy()`, `prisma.$disconnect()`). */
  readonly ends?: readonly string[];
  /** A method that hands back this same object in its promise flavour (mysql2's `pool.promise()`). */
  readonly promiseFlavour?: string;
  /**
   * Methods that send the statement given as their first argument and are not `managed` helpers
   * (pg-promise's `db.none(sql)`, Prisma's `$executeRawUnsafe(sql)`, postgres.js `sql.unsafe(text)`).
   */
  readonly sends?: readonly string[];
  /** `query.<method>(object)`: a query object (`sql\`…\``) runs through this object when handed to it (Kysely's `.execute(db)`). */
  readonly runsQueryObjects?: string;
}

/** An export of a driver module that makes an object. */
export interface Factory {
  /** Property path from the module's export (`['Pool']`, `['default', 'createPool']`, `[]` for the module itself). */
  readonly path: readonly string[];
  /** new: `new X()`; call: `X()`; read: the export already is the object (`@vercel/postgres`'s `sql`). */
  readonly kind: 'new' | 'call' | 'read';
  /** Object kind made (key of `Driver.objects`). */
  readonly creates: string;
  /**
   * What the call builds, for `no-pool-per-request`: a pool or a stand-alone connection (the default
   * for `new`/`call`), or nothing to hoist (`false`: a session, a checkout, a cached global pool).
   */
  readonly builds?: false;
  /**
   * On edge runtimes (Cloudflare Workers, `runtime = 'edge'`) this object cannot outlive a request:
   * it must be built per request and ended (Neon's WebSocket `Pool`/`Client`).
   */
  readonly edgePerRequest?: boolean;
  /**
   * Builds a pool only when given a connection (a URL string, `process.env.X`, or `{ connection }`),
   * not when given an existing client or pool (`drizzle(url)` vs `drizzle(pool)`).
   */
  readonly buildsFromConnectionOnly?: boolean;
  /** With `buildsFromConnectionOnly`: the option key that carries the connection (`{ connection }`). */
  readonly connectionOption?: string;
  /**
   * With `buildsFromConnectionOnly`: an argument whose value the code does not show (a config from
   * another module) is taken to be options that build (`knex(config)`), not an existing client or
   * pool (`drizzle(pool)`, the default).
   */
  readonly opaqueArgumentBuilds?: boolean;
}

export interface Driver {
  /** Stable id used in messages and settings. */
  readonly id: string;
  /** Module specifiers (`require`/`import`) that export this driver. */
  readonly modules: readonly string[];
  /**
   * The kind of server the driver talks to (`sql`, `redis`, `mongodb` …), when one: work on an object
   * of another kind (a Redis call while a SQL connection is held) does not use a held connection.
   */
  readonly server?: string;
  /** The modules are real ES modules (their `default` export is not `module.exports`). */
  readonly esm?: boolean;
  readonly factories: readonly Factory[];
  /** Type names exported by the modules, mapped to the object kind they denote. */
  readonly types?: Readonly<Record<string, string>>;
  /**
   * Modules a client generated into the application imports its runtime from (Prisma's generated
   * `PrismaClient`): a type of `types` declared in a file that imports one is this driver's.
   */
  readonly generatedClientRuntimes?: readonly string[];
  readonly objects: Readonly<Record<string, ObjectModel>>;
  /** A pool of arbitrary resources, not of database connections (any await on a held resource may be the work). */
  readonly lendsResources?: boolean;
}
