// Types for scripts/oracle/*.mjs (imported by tests/oracle.test.ts).
export interface Witness {
  /** The entry whose run shows it (for a helper, the function under test that called it). */
  entry: string;
  input: string;
  given: boolean;
  fault: number;
}
export interface Truth {
  leak: boolean;
  double: boolean;
  runs: number;
  pending: number;
  unplanned: boolean;
  leakWitness: Witness | null;
  doubleWitness: Witness | null;
}
export interface Verdict {
  leak: boolean;
  double: boolean;
  undeclared: boolean;
  messages: string[];
}
export type Kind = 'false-leak' | 'missed-leak' | 'false-double' | 'missed-double';
export interface JudgedFunction {
  name: string;
  truth: Truth;
  verdict: Verdict;
  disagreements: Kind[];
}
export interface Disagreement {
  seed: number;
  code: string;
  text: string;
  fn: JudgedFunction;
  kind: Kind;
}
export interface Totals {
  helpers: boolean;
  programs: number;
  functions: number;
  entries: number;
  helperUnits: number;
  unparsed: number;
  excluded: number;
  leakAgree: number;
  falseLeak: number;
  missedLeak: number;
  doubleAgree: number;
  falseDouble: number;
  missedDouble: number;
  leaks: number;
  doubles: number;
}
export declare function runOracle(options: { seed: number; count: number; helpers?: boolean }): Promise<{ totals: Totals; disagreements: Disagreement[] }>;
export declare function summaryLine(totals: Totals): string;
