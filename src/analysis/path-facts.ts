/**
 * Layer 3, path facts: what one path knows about the conditions it has passed, for a walk that
 * follows correlated tests. A condition (an atom) is a release flag the function keeps (`released`,
 * handle-tests.ts) or a pure member read tested by a branch or an assertion method (`signal?.aborted`,
 * conditions.ts). A path knows some atoms to be true, some false, and some disjunctions to hold (the
 * arm of `if (a?.aborted || b?.aborted)`); a fact that contradicts them rules the path out.
 */

/** One side of a condition: `atom` is `value`. */
export interface Literal {
  readonly atom: unknown;
  readonly value: boolean;
}

/** A conjunction of disjunctions of literals: what a branch arm or an assertion tells. */
export type Clauses = readonly (readonly Literal[])[];

/** A disjunction over the walk's atoms, one bit each: some atom of `pos` is true or some of `neg` false. */
interface Clause {
  readonly pos: number;
  readonly neg: number;
}

/** Bits fit in a small integer: atoms beyond this many stay unknown (a walk keeps no fact of them). */
const MAX_ATOMS = 30;

/** The bits of one walk's atoms, given in the order they are met (release flags first). */
export class AtomBits {
  private readonly bits = new Map<unknown, number>();

  /** The atom's bit, or 0 when the walk cannot keep it (null atom, too many atoms). */
  of(atom: unknown): number {
    if (atom === null || atom === undefined) return 0;
    let bit = this.bits.get(atom);
    if (bit === undefined) {
      bit = this.bits.size < MAX_ATOMS ? 1 << this.bits.size : 0;
      this.bits.set(atom, bit);
    }
    return bit;
  }

  /** The bits of `clauses`; a disjunction with an atom the walk cannot keep tells nothing and is dropped. */
  clauses(clauses: Clauses): Clause[] {
    const out: Clause[] = [];
    for (const literals of clauses) {
      let pos = 0;
      let neg = 0;
      let kept = true;
      for (const { atom, value } of literals) {
        const bit = this.of(atom);
        if (bit === 0) kept = false;
        else if (value) pos |= bit;
        else neg |= bit;
      }
      if (kept && (pos | neg) !== 0) out.push({ pos, neg });
    }
    return out;
  }

  /** The bits of `atoms` together. */
  mask(atoms: readonly unknown[]): number {
    return atoms.reduce<number>((mask, atom) => mask | this.of(atom), 0);
  }
}

/** What a path knows: atoms known true, atoms known false, and the disjunctions still open. Immutable. */
export class PathFacts {
  static readonly NONE = new PathFacts(0, 0, []);

  private constructor(
    private readonly truths: number,
    private readonly falsehoods: number,
    private readonly open: readonly Clause[],
  ) {}

  /** The atom of `bit` as the path knows it: true, false, or undefined when unknown. */
  valueOf(bit: number): boolean | undefined {
    if (bit === 0) return undefined;
    if (this.truths & bit) return true;
    return this.falsehoods & bit ? false : undefined;
  }

  /** The atoms of `mask` written: what the path knew of them (alone or in a disjunction) is gone; then each is `value` (unknown when undefined). */
  assign(mask: number, value?: boolean): PathFacts {
    if (mask === 0) return this;
    const open = this.open.filter(clause => ((clause.pos | clause.neg) & mask) === 0);
    const truths = (this.truths & ~mask) | (value === true ? mask : 0);
    const falsehoods = (this.falsehoods & ~mask) | (value === false ? mask : 0);
    return new PathFacts(truths, falsehoods, open);
  }

  /** What the path knows of the atoms of `mask` alone (each true or false; no disjunction). */
  only(mask: number): PathFacts {
    return new PathFacts(this.truths & mask, this.falsehoods & mask, []);
  }

  /**
   * The path learns that every clause holds: the known atoms settle what they can (a disjunction with
   * one literal left is that literal). Null when the clauses contradict what the path knows.
   */
  learn(clauses: readonly Clause[]): PathFacts | null {
    if (clauses.length === 0) return this;
    let truths = this.truths;
    let falsehoods = this.falsehoods;
    let pending: Clause[] = [...this.open, ...clauses];
    for (let settled = true; settled; ) {
      settled = false;
      const still: Clause[] = [];
      for (const clause of pending) {
        if (clause.pos & truths || clause.neg & falsehoods) continue;
        const pos = clause.pos & ~falsehoods;
        const neg = clause.neg & ~truths;
        if ((pos | neg) === 0) return null;
        if (neg === 0 && (pos & (pos - 1)) === 0) truths |= pos;
        else if (pos === 0 && (neg & (neg - 1)) === 0) falsehoods |= neg;
        else {
          if (!still.some(other => other.pos === pos && other.neg === neg)) still.push({ pos, neg });
          continue;
        }
        settled = true;
      }
      pending = still;
    }
    return new PathFacts(truths, falsehoods, pending);
  }

  /** The path learns one literal. */
  learnThat(bit: number, value: boolean): PathFacts | null {
    return bit === 0 ? this : this.learn([value ? { pos: bit, neg: 0 } : { pos: 0, neg: bit }]);
  }

  /** Equal facts, equal keys: a walk visits a segment once per key. */
  key(): string {
    if (this.open.length === 0) return `${this.truths}/${this.falsehoods}`;
    const open = this.open.map(clause => `${clause.pos}.${clause.neg}`).sort();
    return `${this.truths}/${this.falsehoods}/${open.join(',')}`;
  }
}
