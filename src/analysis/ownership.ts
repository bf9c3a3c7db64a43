import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { CLOSING_METHODS } from '../drivers/conventions';
import type { DriverObject } from './driver-object';
import { forEachChild, forEachNodeSaying, isFunction, isThis, keyName, propertyName, skipTypeWrappers, valueParent } from './ast';
import { mayHideName } from './class-field-writes';

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

/**
 * Every value the class writes to `this.<field>` (field initialisers, assignments), and whether a
 * constructor parameter property declares it. Found from where the class's text says the name, a
 * few searches in a large class; by a walk of the whole class where an escape may hide the name.
 */
export function fieldWrites(sourceCode: Readonly<TSESLint.SourceCode>, cls: ClassNode, field: string): FieldWrites {
  if (mayHideName(sourceCode, classSourceRange(cls), field)) {
    let byField = writesByClass.get(cls);
    if (!byField) writesByClass.set(cls, (byField = classFieldWrites(cls)));
    return byField.get(field) ?? NO_WRITES;
  }
  let byField = textWritesByClass.get(cls);
  if (!byField) textWritesByClass.set(cls, (byField = new Map()));
  let writes = byField.get(field);
  if (!writes) byField.set(field, (writes = fieldWritesFromText(sourceCode, cls, field)));
  return writes;
}

/** The class's source with its decorators, which may stand before `export`. */
function classSourceRange(cls: ClassNode): TSESTree.Range {
  let start = cls.range[0];
  for (const decorator of cls.decorators ?? []) start = Math.min(start, decorator.range[0]);
  return [start, cls.range[1]];
}

/** The field a node of the class writes: a field initialiser, a parameter property, `this.<field> = …`. */
function writtenField(node: Node): string | null {
  if (node.type === AST_NODE_TYPES.PropertyDefinition) return !node.static && node.value ? keyName(node.key, node.computed) : null;
  if (node.type === AST_NODE_TYPES.TSParameterProperty) {
    const parameter = node.parameter.type === AST_NODE_TYPES.AssignmentPattern ? node.parameter.left : node.parameter;
    return parameter.type === AST_NODE_TYPES.Identifier ? parameter.name : null;
  }
  return node.type === AST_NODE_TYPES.AssignmentExpression ? thisFieldName(node.left) : null;
}

const isClassNode = (node: Node): boolean => node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression;

/**
 * The writes classFieldWrites finds for `field`, read from each place the text says the name: a
 * write holds the name it writes, so it lies on the way from there up to the class, and belongs to
 * the class unless another class stands between them.
 */
function fieldWritesFromText(sourceCode: Readonly<TSESLint.SourceCode>, cls: ClassNode, field: string): FieldWrites {
  const found = new Set<Node>();
  forEachNodeSaying(sourceCode, field, classSourceRange(cls), at => {
    let pending: Node[] = [];
    let node: Node | undefined = at;
    for (; node && node !== cls; node = node.parent) {
      if (isClassNode(node)) pending = [];
      else if (writtenField(node) === field) pending.push(node);
    }
    if (node === cls) for (const write of pending) found.add(write);
  });
  if (found.size === 0) return NO_WRITES;
  const writes: FieldWrites = { values: [], parameterProperty: false };
  for (const node of [...found].sort((a, b) => a.range[0] - b.range[0])) {
    if (node.type === AST_NODE_TYPES.TSParameterProperty) writes.parameterProperty = true;
    else if (node.type === AST_NODE_TYPES.PropertyDefinition) writes.values.push(node.value!);
    else if (node.type === AST_NODE_TYPES.AssignmentExpression) writes.values.push(node.operator === '=' ? node.right : node);
  }
  return writes;
}

/** The writes of every field of the class, by name: one walk answers for each field asked about. */
function classFieldWrites(cls: ClassNode): Map<string, FieldWrites> {
  const byField = new Map<string, FieldWrites>();
  const writesOf = (field: string): FieldWrites => {
    let writes = byField.get(field);
    if (!writes) byField.set(field, (writes = { values: [], parameterProperty: false }));
    return writes;
  };
  const visit = (node: Node): void => {
    if ((node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) && node !== cls) return;
    if (node.type === AST_NODE_TYPES.PropertyDefinition && !node.static && node.value) {
      const field = keyName(node.key, node.computed);
      if (field !== null) writesOf(field).values.push(node.value);
    }
    if (node.type === AST_NODE_TYPES.TSParameterProperty) {
      const parameter = node.parameter.type === AST_NODE_TYPES.AssignmentPattern ? node.parameter.left : node.parameter;
      if (parameter.type === AST_NODE_TYPES.Identifier) writesOf(parameter.name).parameterProperty = true;
    }
    if (node.type === AST_NODE_TYPES.AssignmentExpression) {
      const field = thisFieldName(node.left);
      if (field !== null) writesOf(field).values.push(node.operator === '=' ? node.right : node);
    }
    forEachChild(node, visit);
  };
  visit(cls);
  return byField;
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
