// Types for scripts/oracle/compare.mjs (imported by tests/oracle.test.ts).
import type { JudgedFunction, Kind } from './oracle.mjs';
export declare const KINDS: Kind[];
export declare function judgeProgram(code: string, only?: string | null): Promise<JudgedFunction[] | null>;
export declare function knownClass(kind: Kind, text: string, code?: string): { id: string; kinds: Kind[]; mechanism: string } | null;
export declare function minimizeDisagreement(code: string, name: string, kind: Kind, options?: { maxChecks?: number }): Promise<string>;
