// Types for scripts/minimize.mjs.
export declare function minimize(
  code: string,
  stillFails: (code: string) => boolean,
  options?: { maxChecks?: number },
): { code: string; checks: number };
