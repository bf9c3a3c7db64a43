/**
 * Where some names are called in a file's text, found before the traversal. A regular expression
 * with an alternation of a few dozen method names costs V8 about 3 ns per character; jumping from
 * one `(` to the next and reading the name backwards costs about a third of that.
 */
export interface CalledNames {
  /** Names that count wherever they are called: `connect(`, `db.getConnection(`. */
  readonly anywhere: ReadonlySet<string>;
  /** Names that count only as methods of a receiver whose name ends in pool or Pool: `this.readPool.acquire(`. */
  readonly onPool: ReadonlySet<string>;
}

interface CompiledNames extends CalledNames {
  readonly shortest: number;
  readonly longest: number;
  /** By character code below 128: 1 where some name starts (`firstChars`) or ends (`lastChars`) with it. */
  readonly firstChars: Uint8Array;
  readonly lastChars: Uint8Array;
  /** Names that start or end with a character from 128 up (a table lookup cannot answer for them). */
  readonly wideChars: boolean;
}

/** A table of the ASCII character codes of `codes`. */
function asciiTable(codes: readonly number[]): Uint8Array {
  const table = new Uint8Array(128);
  for (const code of codes) if (code < 128) table[code] = 1;
  return table;
}

const compiled = new WeakMap<CalledNames, CompiledNames>();

function compile(names: CalledNames): CompiledNames {
  let result = compiled.get(names);
  if (!result) {
    const all = [...names.anywhere, ...names.onPool];
    result = {
      ...names,
      shortest: Math.min(...all.map(name => name.length)),
      longest: Math.max(...all.map(name => name.length)),
      firstChars: asciiTable(all.map(name => name.charCodeAt(0))),
      lastChars: asciiTable(all.map(name => name.charCodeAt(name.length - 1))),
      wideChars: all.some(name => name.charCodeAt(0) >= 128 || name.charCodeAt(name.length - 1) >= 128),
    };
    compiled.set(names, result);
  }
  return result;
}

/** `\s` of a regular expression. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** A character of an identifier (`\u` escapes aside; non-ASCII letters count, so `éconnect` is not `connect`). */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 36 || c === 95 || (c > 127 && !isSpace(c));
}

function skipSpaceBackwards(text: string, at: number): number {
  let i = at;
  while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
  return i;
}

/** `pool.`, `readPool?.` (spaces allowed around the dot) ends just before `start`. */
function followsPoolReceiver(text: string, start: number): boolean {
  let i = skipSpaceBackwards(text, start - 1);
  if (text.charCodeAt(i) !== 46 /* . */) return false;
  i--;
  if (text.charCodeAt(i) === 63 /* ? */) i--;
  i = skipSpaceBackwards(text, i);
  const p = text.charCodeAt(i - 3);
  return (p === 112 || p === 80) && text.startsWith('ool', i - 2);
}

/**
 * Offsets of every name of `names` written as a call: the name, then optionally type arguments
 * without a nested `>`, a `!` and a `?.`, then `(`, with spaces between (not comments).
 */
export function calledNamePositions(text: string, names: CalledNames): number[] {
  const { anywhere, onPool, shortest, longest, firstChars, lastChars, wideChars } = compile(names);
  // A character code from 128 up passes the tables' test only where some name has such a character.
  const may = (table: Uint8Array, code: number): boolean => (code < 128 ? table[code] === 1 : wideChars);
  const positions: number[] = [];
  for (let paren = text.indexOf('('); paren !== -1; paren = text.indexOf('(', paren + 1)) {
    let i = skipSpaceBackwards(text, paren - 1);
    if (text.charCodeAt(i) === 46 /* . */ && text.charCodeAt(i - 1) === 63 /* ? */) i = skipSpaceBackwards(text, i - 2);
    if (text.charCodeAt(i) === 33 /* ! */) i = skipSpaceBackwards(text, i - 1);
    if (text.charCodeAt(i) === 62 /* > */) {
      let open = i - 1;
      while (open >= 0 && text.charCodeAt(open) !== 60 /* < */ && text.charCodeAt(open) !== 62) open--;
      if (open < 0 || text.charCodeAt(open) !== 60) continue;
      i = skipSpaceBackwards(text, open - 1);
    }
    // Most calls end in another letter than every name does: skip them before reading the name.
    if (!may(lastChars, text.charCodeAt(i))) continue;
    const end = i + 1;
    while (i >= 0 && isNameChar(text.charCodeAt(i))) i--;
    const start = i + 1;
    const length = end - start;
    if (length < shortest || length > longest || !may(firstChars, text.charCodeAt(start))) continue;
    const name = text.slice(start, end);
    if (anywhere.has(name) || (onPool.has(name) && followsPoolReceiver(text, start))) positions.push(start);
  }
  return positions;
}
