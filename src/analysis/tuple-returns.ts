/**
 * Helpers that return a checkout inside a tuple (`return [null, await pool.connect()]`, and
 * `return [e, null]` when it failed): which element holds the handle, and which element, when set,
 * says that no handle came back (`const [err, c] = await tryOpen(); if (err) return;`).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { skipTypeWrappers } from './ast';
import { isNullish } from './handle';

type Node = TSESTree.Node;

export interface TupleShape {
  /** The element that holds the fresh checkout (or nothing). */
  readonly element: number;
  /** The element that is set exactly when the handle's element is not. */
  readonly error: number | null;
}

/**
 * The tuple every one of `values` (the returned expressions of a function) is: an array literal
 * whose element `element` is a fresh checkout (`fresh` says so) in some and nullish in the others,
 * never anything else; null when they are not such tuples.
 */
export function tupleShape(values: readonly Node[], fresh: (node: Node) => boolean): TupleShape | null {
  const tuples: (TSESTree.Expression | TSESTree.SpreadElement | null)[][] = [];
  for (const value of values) {
    const node = skipTypeWrappers(value);
    if (node.type !== AST_NODE_TYPES.ArrayExpression || node.elements.some(e => e?.type === AST_NODE_TYPES.SpreadElement)) return null;
    tuples.push(node.elements);
  }
  const width = Math.min(...tuples.map(t => t.length));
  for (let element = 0; element < width; element++) {
    const freshIn = tuples.map(t => fresh(t[element]!));
    if (!freshIn.some(Boolean) || tuples.some((t, k) => !freshIn[k] && !isNullish(t[element]!))) continue;
    // The error element: nullish beside the handle, set (not nullish) where the handle is not.
    const unset = (t: (typeof tuples)[number], j: number): boolean => !t[j] || isNullish(t[j]!);
    let error: number | null = null;
    for (let j = 0; j < width && error === null; j++) {
      if (j !== element && tuples.every((t, k) => (freshIn[k] ? unset(t, j) : !unset(t, j) && !isLiteralFalse(t[j]!)))) error = j;
    }
    return { element, error };
  }
  return null;
}

/** `false`, `0`, `''`: a set element that still tests false. */
function isLiteralFalse(node: Node): boolean {
  return node.type === AST_NODE_TYPES.Literal && !node.value;
}
