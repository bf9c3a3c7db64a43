/**
 * Names several libraries share, read by the analysis as data: a library whose API follows one of
 * these conventions needs no entry of its own for it.
 */

/** Option keys that lend a held handle to one call (`Model.create(row, { transaction: t })`, `find({}, { session })`). */
export const LOAN_OPTION_KEYS: ReadonlySet<string> = new Set(['transaction', 'session', 'transacting']);

/** Pool helpers that a held connection offers with the same arguments (`pool.query(sql)` → `client.query(sql)`). */
export const SHARED_QUERY_METHODS: ReadonlySet<string> = new Set(['query', 'execute']);
