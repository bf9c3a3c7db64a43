// Types for scripts/oracle/run.mjs (imported by tests/oracle.test.ts).
import type { Truth } from './oracle.mjs';
export declare const MAX_INPUTS: number;
export declare const MAX_FAULTS: number;
export declare function truthOf(code: string, only?: string | null): Promise<Map<string, Truth>>;
export interface Unit {
  name: string;
  kind: 'entry' | 'helper';
  group: string;
  range: [number, number];
  lines: [number, number];
}
export declare function listUnits(code: string): Unit[];
