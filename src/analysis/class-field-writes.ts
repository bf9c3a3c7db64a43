/**
 * What a class stores in its fields (initialisers, `this.name = …`, parameter properties): the
 * object tracker asks whether a field named like a pool only ever holds something else.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { forEachChild, forEachNodeSaying, isThis, keyName, nodeAt, propertyName } from './ast';

/** The values a class stores in one of its fields, and whether a constructor parameter property injects it. */
export interface FieldWrites {
  readonly written: TSESTree.Node[];
  injected: boolean;
}

/** What `node` writes to field `name` of its class, if it is an initialiser, an assignment to `this.name` or a parameter property. */
function fieldWrite(node: TSESTree.Node, name: string | null): { name: string; value: TSESTree.Node | null } | null {
  if (node.type === AST_NODE_TYPES.PropertyDefinition && node.value) {
    const key = keyName(node.key, node.computed);
    return key !== null && (name === null || key === name) ? { name: key, value: node.value } : null;
  }
  if (node.type === AST_NODE_TYPES.TSParameterProperty && node.parameter.type === AST_NODE_TYPES.Identifier) {
    return name === null || node.parameter.name === name ? { name: node.parameter.name, value: null } : null;
  }
  if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.MemberExpression && isThis(node.left.object)) {
    const field = propertyName(node.left);
    return field !== null && (name === null || field === name) ? { name: field, value: node.operator === '=' ? node.right : node } : null;
  }
  return null;
}

/**
 * Every field the class (nested code included) writes, by name, in source order: initialisers,
 * `this.name = …` and parameter properties. One walk serves every field name asked about.
 */
export function classFieldWrites(cls: TSESTree.Node): Map<string, FieldWrites> {
  const byName = new Map<string, FieldWrites>();
  const visit = (node: TSESTree.Node): void => {
    const write = fieldWrite(node, null);
    if (write) {
      let fields = byName.get(write.name);
      if (!fields) byName.set(write.name, (fields = { written: [], injected: false }));
      if (write.value) fields.written.push(write.value);
      else fields.injected = true;
    }
    forEachChild(node, visit);
  };
  visit(cls);
  return byName;
}

/** What a name-bearing node spells once its escapes are read: an identifier's or a string's value. */
function spelledName(node: TSESTree.Node): string | null {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.PrivateIdentifier) return `#${node.name}`;
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  return null;
}

/**
 * Can the source between `start` and `end` spell `name` where a search of the text for it fails?
 * Only with escapes (`\u0070ool`, `'p\x6fol'`, an identity escape such as `'p\ool'`, a line
 * continuation), so each backslash is read in the identifier or string around it; and a name that
 * is no plain spelling at all (a numeric key, `[Symbol.asyncDispose]`) is always read by a walk.
 * A class whose backslashes are in regular expressions or other strings keeps the text search.
 */
export function mayHideName(sourceCode: Readonly<TSESLint.SourceCode>, [start, end]: TSESTree.Range, name: string): boolean {
  if (name === '' || /^[\d[]/.test(name)) return true;
  const { text, ast, visitorKeys } = sourceCode;
  for (let at = text.indexOf('\\', start); at !== -1 && at < end; ) {
    const node = nodeAt(ast, at, visitorKeys);
    const spelled = spelledName(node);
    if (spelled === name) return true;
    // The rest of a string or a regular expression holds no other name: go on after it.
    const next = spelled !== null || node.type === AST_NODE_TYPES.Literal ? Math.max(node.range[1], at + 1) : at + 1;
    at = text.indexOf('\\', next);
  }
  return false;
}

/**
 * The writes of field `name` in the class, found from where its text says the name (a key, a
 * parameter, the property of `this.name`) rather than by a walk of the whole class: a large class
 * is a few text searches. Same writes, same order as classFieldWrites when no name is escaped.
 */
export function fieldWritesFromText(sourceCode: Readonly<TSESLint.SourceCode>, cls: TSESTree.Node, name: string): FieldWrites | undefined {
  const [start, end] = cls.range;
  const writes = new Set<TSESTree.Node>();
  forEachNodeSaying(sourceCode, name, cls.range, at => {
    // The name's node (key, parameter, property) is the child or grandchild of the write.
    let candidate: TSESTree.Node | undefined = at.parent;
    for (let depth = 0; candidate && depth < 3; depth++, candidate = candidate.parent) {
      if (candidate.range[0] >= start && candidate.range[1] <= end && fieldWrite(candidate, name)) writes.add(candidate);
    }
  });
  if (writes.size === 0) return undefined;
  const fields: FieldWrites = { written: [], injected: false };
  for (const node of [...writes].sort((a, b) => a.range[0] - b.range[0])) {
    const value = fieldWrite(node, name)!.value;
    if (value) fields.written.push(value);
    else fields.injected = true;
  }
  return fields;
}
