// Types for scripts/lint-node-modules.mjs (imported by tests/crash-sample.test.ts).
import type { Linter } from 'eslint';

export declare const ROOT: string;
export declare const NODE_MODULES: string;

export interface Crash {
  file: string;
  message: string;
  stack: string;
  error: unknown;
}

export interface Report {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  message: string;
}

export interface LintFilesResult {
  /** Files given. */
  files: number;
  /** Files that parsed and were linted. */
  linted: number;
  /** Lines in the linted files. */
  lines: number;
  parseErrors: number;
  skippedLarge: number;
  skippedMinified: number;
  crashes: Crash[];
  reports: number;
  reportList: Report[];
  parseErrorList: { file: string; message: string }[];
  /** Files the config did not apply to (a harness problem). */
  notLinted: { file: string; message: string }[];
  slowest: { file: string; ms: number }[];
  seconds: number;
}

export interface LintFilesOptions {
  collectReports?: boolean;
  onReport?: (report: Report) => void;
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

export declare class NotLintedError extends Error {}

export declare function collectFiles(dir?: string): string[];
export declare function sampleFiles(files: readonly string[], limit: number | undefined, seed?: number): string[];
export declare function guessSourceType(file: string, code: string): 'module' | 'script';
export declare function buildConfig(file: string, sourceType: 'module' | 'script'): Linter.Config[];
export declare function lintText(
  code: string,
  file: string,
): { messages: Linter.LintMessage[]; sourceType: 'module' | 'script'; parseError: string | undefined };
export declare function lintFiles(files: readonly string[], options?: LintFilesOptions): LintFilesResult;
