// Types for scripts/fix-sources.mjs (imported by tests/fix-validity.test.ts).
import type { CheckOptions } from './fix-harness.mjs';

export interface FixInput extends CheckOptions {
  name: string;
  code: string;
  filename: string;
}

export declare function exampleInputs(): FixInput[];
export declare function docInputs(): FixInput[];
export declare function ruleCaseInputs(options?: { invalidOnly?: boolean }): FixInput[];
