/**
 * Does a text contain any of some names? `String#includes` finds a short piece that starts with a
 * rare character about ten times faster than a regular expression with an alternation of the
 * names (V8 skips to each occurrence of the first character): each name is first looked for by
 * its piece around its rarest character, and in full only where the piece occurs.
 */

/** Characters from rare to common in source code (upper case before lower case); others rank mid-way. */
const RARE_TO_COMMON = 'QZXJKqzjxVWYUGBHFOIMNLDPRSTEACkvbywgpfmucdlhrsnioate';
const PROBE_LENGTH = 6;

function rank(char: string): number {
  const at = RARE_TO_COMMON.indexOf(char);
  return at === -1 ? RARE_TO_COMMON.indexOf('g') : at;
}

/** The piece of `name` (up to six characters) that holds its rarest character. */
export function probeOf(name: string): string {
  let rarest = 0;
  for (let i = 1; i < name.length; i++) if (rank(name[i]) < rank(name[rarest])) rarest = i;
  const start = Math.min(rarest, Math.max(0, name.length - PROBE_LENGTH));
  return name.slice(start, start + PROBE_LENGTH);
}

export interface NameProbes {
  readonly names: readonly { readonly probe: string; readonly name: string }[];
}

export function nameProbes(names: readonly string[]): NameProbes {
  return { names: names.filter(name => name.length > 0).map(name => ({ probe: probeOf(name), name })) };
}

/** The text contains one of the names. */
export function containsAnyName(text: string, probes: NameProbes): boolean {
  for (const { probe, name } of probes.names) if (text.includes(probe) && (probe === name || text.includes(name))) return true;
  return false;
}
