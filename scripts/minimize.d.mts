// Types for scripts/minimize.mjs.
export declare function minimize(
  code: string,
  stillFails: (code: string) => boolean,
  options?: { maxChecks?: number },
): { code: string; checks: number };
export declare function minimizeAsync(
  code: string,
  stillFails: (code: string) => boolean | Promise<boolean>,
  options?: { maxChecks?: number },
): Promise<{ code: string; checks: number }>;
