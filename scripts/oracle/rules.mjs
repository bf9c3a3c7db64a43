// The oracle's rules: the conventions under which "truth from execution" and the analysis mean
// the same thing, and the disagreement classes known on main (each with why it is known and which
// analysis mechanism is wrong). `npm test` (tests/oracle.test.ts) fails on any other disagreement.

/** Conventions: how the generator and the runner model what the analysis assumes. */
export const CONVENTIONS = [];

/** Known disagreement classes: { id, kind, matches(text), mechanism, reason }. */
export const KNOWN = [];
