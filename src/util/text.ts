/** Message text for code: whitespace folded, at most 40 characters. */
export function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 37)}...` : flat;
}

/** A user's callee pattern: `/regex/flags`, or a dotted name with `*` wildcards (`logger.*`). Null when invalid. */
export function calleePattern(text: string): RegExp | null {
  try {
    const end = text.lastIndexOf('/');
    if (text.startsWith('/') && end > 0) return new RegExp(text.slice(1, end), text.slice(end + 1));
    return new RegExp(`^${text.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  } catch {
    return null; // an invalid user pattern must not crash the lint run
  }
}
