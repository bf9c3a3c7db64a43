// Types for scripts/fix-harness.mjs (imported by tests/fix-validity.test.ts).
import type { Linter } from 'eslint';

export declare const ROOT: string;
export declare const MAX_PASSES: number;

export interface Variant {
  rule: string;
  options: unknown[];
  label: string;
  forced?: boolean;
}

export interface Problem {
  kind: 'crash' | 'fix-parse' | 'suggestion-parse' | 'fix-persists' | 'suggestion-persists' | 'no-converge' | 'fix-reveals' | 'suggestion-reveals';
  rule: string;
  options: unknown[] | null;
  message: string;
  line?: number;
  column?: number;
  detail?: string;
  input: string;
  output?: string;
}

export interface CheckResult {
  parsed: boolean;
  parseError?: string;
  reports: number;
  fixes: number;
  suggestions: number;
  passes: number;
  problems: Problem[];
  notes: Problem[];
}

export interface PluginLike {
  meta?: { namespace?: string };
  rules: Record<string, { meta?: { schema?: unknown } }>;
}

export interface CheckOptions {
  filename?: string;
  languageOptions?: Linter.LanguageOptions;
  sourceType?: 'module' | 'script';
  settings?: Record<string, unknown>;
  plugin?: PluginLike;
  rules?: string[];
  variants?: { rule: string; options: unknown[] }[];
}

export declare function loadPlugin(): PluginLike;
export declare function fixOptionNames(rule: { meta?: { schema?: unknown } }): string[];
export declare function ruleVariants(plugin?: PluginLike): Variant[];
export declare function defaultLanguageOptions(filename: string, sourceType?: 'module' | 'script'): Linter.LanguageOptions;
export declare function configFor(
  rules: Record<string, unknown[]>,
  options: { languageOptions: Linter.LanguageOptions; settings?: Record<string, unknown>; plugin?: PluginLike },
): Linter.Config[];
export declare function checkFixes(code: string, options: CheckOptions): CheckResult;
export declare function formatProblem(problem: Problem, where?: string): string;
