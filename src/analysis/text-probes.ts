/**
 * Does a text contain any of some names? V8's `String#includes` jumps from one occurrence of the
 * piece's first character to the next, so a short piece that starts with, or near, a rare
 * character is found several times faster than a regular expression with an alternation of the
 * names (over the corpus text: 0.6 to 3 ms a piece, against 10 ms for `getconn` alone in a
 * pattern). Each name is first looked for by the piece around its rarest character, and in full
 * only where the piece occurs.
 */

/**
 * Characters from rare to common in JavaScript source: a rough order of letter frequency in code
 * (rare capitals and the rarest small letters first); a wrong order only costs speed, never an answer.
 */
const RARE_TO_COMMON = 'QZXJKqzjxVWYUGBHFOIMNLDPRSTEACkvbywgpfmucdlhrsnioate';
const PROBE_LENGTH = 6;

/** Characters outside the list rank mid-way. */
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

/** Each name with its probe. */
export type NameProbes = readonly { readonly probe: string; readonly name: string }[];

export function nameProbes(names: readonly string[]): NameProbes {
  return names.filter(name => name.length > 0).map(name => ({ probe: probeOf(name), name }));
}

/** The text contains one of the names. */
export function containsAnyName(text: string, probes: NameProbes): boolean {
  for (const { probe, name } of probes) if (text.includes(probe) && (probe === name || text.includes(name))) return true;
  return false;
}
