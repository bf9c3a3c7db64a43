// Types for scripts/domain-gen.mjs (imported by tests/fix-validity.test.ts).
export interface Random {
  next(): number;
  int(n: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export interface GeneratedProgram {
  code: string;
  filename: string;
  sourceType: 'module' | 'script';
  settings?: Record<string, unknown>;
  seed: number;
  drivers: string[];
  scenarios: string[];
}

export declare const DRIVER_IDS: string[];
export declare function createRandom(seed: number): Random;
export declare function generateProgram(
  seed: number,
  options?: { typescript?: boolean; cjs?: boolean; functions?: number },
): GeneratedProgram;
export declare function eslumpProgram(seed: number): { code: string; sourceType: 'module' | 'script'; filename: string; seed: number };
