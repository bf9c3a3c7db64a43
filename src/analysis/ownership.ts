import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { CLOSING_METHODS } from '../drivers/conventions';
import type { DriverObject } from './driver-object';
import { forEachChild, isFunction, isThis, keyName, nodeAt, propertyName, skipTypeWrappers, valueParent } from './ast';
import { mayEscapeNames } from './class-field-writes';

/**
 * Who owns a pool held in a class field: the class that built it and ends it itself, or the
 * caller that handed it in. Read by `no-pool-per-request` (a class that owns its pool is a
 * long-lived owner) and `no-shared-pool-close` (a pool handed in is not the class's to end).
 */

type Node = TSESTree.Node;
export type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

const NONE: ReadonlySet<string> = new Set();

/** The kind is built by a factory of its driver (a pool, a client, a stand-alone connection), not checked out or handed out by another object. */
function isBuilt(object: DriverObject): boolean {
  const { driver, kind } = object;
  return (
    driver.factories.some(factory => factory.creates === kind && factory.builds !== false) ||
    Object.values(driver.objects).some(model => model.callCreates === kind)
  );
}

/**
 * The methods that end a pool, a client or a stand-alone connection: its driver's `ends`; for a built
 * connection its own release methods (`client.end()`); for a built client the driver describes no
 * further, the common closing names. None for a checked-out handle or a transaction.
 */
export function endingMethodsOf(object: DriverObject): ReadonlySet<string> {
  const { model } = object;
  if (model.ends) return new Set(model.ends);
  if (model.transaction || !(isBuilt(object) || object.byName)) return NONE;
  const released = (model.release ?? []).flatMap(form => (form.method ? [form.method] : []));
  if (released.length > 0) return new Set(released);
  return model.acquire ? NONE : CLOSING_METHODS;
}

/** The class whose body holds `node` (innermost). */
export function classAround(node: Node): ClassNode | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassBody) {
      const cls = current.parent;
      return cls.type === AST_NODE_TYPES.ClassDeclaration || cls.type === AST_NODE_TYPES.ClassExpression ? cls : null;
    }
  }
  return null;
}

/** The `this` field a value is stored in: `this.pool = <value>` or a field `pool = <value>`. */
export function storedField(holder: Node | undefined, child: Node): string | null {
  if (holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.right === child && holder.left.type === AST_NODE_TYPES.MemberExpression && isThis(holder.left.object)) {
    return propertyName(holder.left);
  }
  if (holder?.type === AST_NODE_TYPES.PropertyDefinition && holder.value === child && !holder.static) return keyName(holder.key, holder.computed);
  return null;
}

/** `this.<field>` (also `this.<field>?.`), for a member expression. */
export function thisFieldName(node: Node): string | null {
  const member = skipTypeWrappers(node);
  return member.type === AST_NODE_TYPES.MemberExpression && isThis(member.object) ? propertyName(member) : null;
}

/** A method of the class other than its constructor calls `this.<field>.<method>()` with one of `methods`. */
export function classEndsField(cls: ClassNode, field: string, methods: ReadonlySet<string>): boolean {
  let found = false;
  const visit = (node: Node): void => {
    if (found) return;
    if (node.type === AST_NODE_TYPES.MethodDefinition && node.kind === 'constructor') return;
    // A nested class has its own `this`.
    if ((node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) && node !== cls) return;
    if (node.type === AST_NODE_TYPES.MemberExpression && methods.has(propertyName(node) ?? '') && thisFieldName(node.object) === field) {
      const [call, callee] = valueParent(node);
      if (call?.type === AST_NODE_TYPES.CallExpression && call.callee === callee) found = true;
    }
    forEachChild(node, visit);
  };
  visit(cls.body);
  return found;
}

/** What a class writes to one of its fields. */
export interface FieldWrites {
  /** Field initialisers and assigned values, in source order. */
  readonly values: Node[];
  /** A constructor parameter property declares it. */
  parameterProperty: boolean;
}

const NO_WRITES: FieldWrites = Object.freeze({ values: Object.freeze([]) as unknown as Node[], parameterProperty: false });
const writesByClass = new WeakMap<ClassNode, Map<string, FieldWrites>>();
const textWritesByClass = new WeakMap<ClassNode, Map<string, FieldWrites>>();

/** Every value the class writes to `this.<field>` (field initialisers, assignments), and whether a constructor parameter property declares it. */
export function fieldWrites(sourceCode: Readonly<TSESLint.SourceCode>, cls: ClassNode, field: string): FieldWrites {
  const walked = writesByClass.get(cls);
  if (walked) return walked.get(field) ?? NO_WRITES;
  // A large class is a few searches for the name in its text, unless the text may spell a name with
  // escapes (or the name is empty, found everywhere).
  if (field !== '' && !mayEscapeNames(sourceCode.text, cls.range)) {
    let byText = textWritesByClass.get(cls);
    if (!byText) textWritesByClass.set(cls, (byText = new Map()));
    let writes = byText.get(field);
    if (!writes) byText.set(field, (writes = fieldWritesFromText(sourceCode, cls, field)));
    return writes;
  }
  const byField = classFieldWrites(cls);
  writesByClass.set(cls, byField);
  return byField.get(field) ?? NO_WRITES;
}

/** What `node` writes to a field of its class: an initialiser, an assignment to `this.<field>`, a parameter property (no value). */
function fieldWriteAt(node: Node): { field: string; value: Node | null } | null {
  if (node.type === AST_NODE_TYPES.PropertyDefinition && !node.static && node.value) {
    const field = keyName(node.key, node.computed);
    return field === null ? null : { field, value: node.value };
  }
  if (node.type === AST_NODE_TYPES.TSParameterProperty) {
    const parameter = node.parameter.type === AST_NODE_TYPES.AssignmentPattern ? node.parameter.left : node.parameter;
    return parameter.type === AST_NODE_TYPES.Identifier ? { field: parameter.name, value: null } : null;
  }
  if (node.type === AST_NODE_TYPES.AssignmentExpression) {
    const field = thisFieldName(node.left);
    return field === null ? null : { field, value: node.operator === '=' ? node.right : node };
  }
  return null;
}

function addWrite(writes: FieldWrites, value: Node | null): void {
  if (value) writes.values.push(value);
  else writes.parameterProperty = true;
}

/** The writes of every field of the class, by name: one walk answers for each field asked about. */
function classFieldWrites(cls: ClassNode): Map<string, FieldWrites> {
  const byField = new Map<string, FieldWrites>();
  const visit = (node: Node): void => {
    if ((node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) && node !== cls) return;
    const write = fieldWriteAt(node);
    if (write) {
      let writes = byField.get(write.field);
      if (!writes) byField.set(write.field, (writes = { values: [], parameterProperty: false }));
      addWrite(writes, write.value);
    }
    forEachChild(node, visit);
  };
  visit(cls);
  return byField;
}

/** The nodes between a field's name and the write that names it (`(this.pool as Pool) = …`, `private pool = x` as a parameter). */
const NAME_PATH_TYPES: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.Identifier,
  AST_NODE_TYPES.PrivateIdentifier,
  AST_NODE_TYPES.Literal,
  AST_NODE_TYPES.MemberExpression,
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSNonNullExpression,
  AST_NODE_TYPES.TSSatisfiesExpression,
  AST_NODE_TYPES.TSTypeAssertion,
  AST_NODE_TYPES.AssignmentPattern,
]);

/**
 * The writes of one field found where the class's text says its name: the same writes, in the same
 * (source) order, as the walk of classFieldWrites, for a class whose text spells no name with escapes.
 */
function fieldWritesFromText(sourceCode: Readonly<TSESLint.SourceCode>, cls: ClassNode, field: string): FieldWrites {
  const { text, ast, visitorKeys } = sourceCode;
  const [start, end] = cls.range;
  const found = new Set<Node>();
  for (let at = text.indexOf(field, start); at !== -1 && at + field.length <= end; at = text.indexOf(field, at + 1)) {
    // Up from the name through the nodes that can stand between it and its write, the write included.
    for (let write = nodeAt(ast, at, visitorKeys).parent; write; write = write.parent) {
      if (fieldWriteAt(write)?.field === field && ownClassOf(write) === cls) found.add(write);
      if (!NAME_PATH_TYPES.has(write.type)) break;
    }
  }
  if (found.size === 0) return NO_WRITES;
  const writes: FieldWrites = { values: [], parameterProperty: false };
  for (const write of [...found].sort((a, b) => a.range[0] - b.range[0])) addWrite(writes, fieldWriteAt(write)!.value);
  return writes;
}

/** The innermost class around a node. */
function ownClassOf(node: Node): Node | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassDeclaration || current.type === AST_NODE_TYPES.ClassExpression) return current;
  }
  return null;
}

/** The function (constructor or method) whose parameter `node` reads: `pool`, `options.pool`, `{ pool }` destructured. */
export function parameterRead(node: Node, isParameter: (id: TSESTree.Identifier) => boolean): boolean {
  let current = skipTypeWrappers(node);
  while (current.type === AST_NODE_TYPES.MemberExpression && !current.computed) current = skipTypeWrappers(current.object);
  return current.type === AST_NODE_TYPES.Identifier && isParameter(current);
}

/** The function is a method of a class (or a function-valued field), not nested in another function first. */
export function isClassMember(fn: Node): boolean {
  if (!isFunction(fn)) return false;
  const [parent] = valueParent(fn);
  return parent?.type === AST_NODE_TYPES.MethodDefinition || (parent?.type === AST_NODE_TYPES.PropertyDefinition && !parent.static);
}
