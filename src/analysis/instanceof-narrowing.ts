/**
 * `x instanceof Pool ? await x.connect() : x`: code that tells a pool from a client by its class.
 * Inside the branch the test guards, `x` is what the driver's class constructs, whatever its name
 * or declared type says (`Pool | PoolClient`, an untyped parameter). The class is the driver's when
 * it is imported or required from the driver's module under the path of a `new` factory.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Driver, Factory } from '../drivers/types';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { importedPath, isFunction, isThis, propertyName, skipTypeWrappers } from './ast';
import { objectOfKind, type DriverObject } from './driver-object';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;

/** Two references to the same value: the same variable, or the same field of `this`. */
function sameReference(a: Node, b: Node, variableOf: (id: TSESTree.Identifier) => Variable | null): boolean {
  const left = skipTypeWrappers(a);
  const right = skipTypeWrappers(b);
  if (left.type === AST_NODE_TYPES.Identifier && right.type === AST_NODE_TYPES.Identifier) {
    return left.name === right.name && variableOf(left) === variableOf(right);
  }
  if (left.type === AST_NODE_TYPES.MemberExpression && right.type === AST_NODE_TYPES.MemberExpression) {
    return isThis(left.object) && isThis(right.object) && propertyName(left) !== null && propertyName(left) === propertyName(right);
  }
  return false;
}

/** The class of an `instanceof` test of `reference` (`reference instanceof C`), or null. */
function testedClass(test: Node, reference: Node, variableOf: (id: TSESTree.Identifier) => Variable | null): Node | null {
  const node = skipTypeWrappers(test);
  if (node.type === AST_NODE_TYPES.BinaryExpression && node.operator === 'instanceof' && sameReference(node.left, reference, variableOf)) return node.right;
  // `x instanceof Pool && other`: both hold in what the whole test guards.
  if (node.type === AST_NODE_TYPES.LogicalExpression && node.operator === '&&') {
    return testedClass(node.left, reference, variableOf) ?? testedClass(node.right, reference, variableOf);
  }
  return null;
}

/**
 * The class that an enclosing test proves `reference` an instance of, where it stands: the
 * consequent of an `if` or `?:`, the right of `&&`. Stops at the enclosing function (a callback may
 * run after the value changed).
 */
export function narrowingClass(reference: Node, variableOf: (id: TSESTree.Identifier) => Variable | null): Node | null {
  for (let child: Node = reference, parent = reference.parent; parent && !isFunction(child); child = parent, parent = parent.parent) {
    let test: Node | null = null;
    if ((parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) && parent.consequent === child) test = parent.test;
    else if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.operator === '&&' && parent.right === child) test = parent.left;
    const cls = test && testedClass(test, reference, variableOf);
    if (cls) return cls;
  }
  return null;
}

const samePath = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((part, i) => part === b[i]);

/** The driver and `new` factory whose class `cls` is (`Pool` imported from `pg`), or null. */
export function driverClass(cls: Node, drivers: readonly Driver[], variableOf: (id: TSESTree.Identifier) => Variable | null): { driver: Driver; factory: Factory } | null {
  const imported = importedPath(cls, variableOf);
  if (!imported) return null;
  for (const driver of drivers) {
    if (!driver.modules.includes(imported.module)) continue;
    // A default import of a CommonJS module is its `module.exports`: `import pg from 'pg'; pg.Pool`.
    const paths = imported.path[0] === 'default' ? [imported.path, imported.path.slice(1)] : [imported.path];
    const factory = driver.factories.find(f => f.kind === 'new' && paths.some(path => samePath(path, f.path)));
    if (factory) return { driver, factory };
  }
  return null;
}

const testsClasses = new WeakMap<object, boolean>();

/**
 * What `reference` (a name or `this.field`) is where an `instanceof` test of a driver's class guards
 * it (`x` in `x instanceof Pool ? x.connect() : x`). Looked for only in files whose text tests a class.
 */
export function narrowedObject(
  reference: Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
  drivers: readonly Driver[],
  variableOf: (id: TSESTree.Identifier) => Variable | null,
): DriverObject | null {
  if (reference.type !== AST_NODE_TYPES.Identifier && reference.type !== AST_NODE_TYPES.MemberExpression) return null;
  let tests = testsClasses.get(sourceCode.ast);
  if (tests === undefined) testsClasses.set(sourceCode.ast, (tests = sourceCode.text.includes('instanceof')));
  const cls = tests ? narrowingClass(reference, variableOf) : null;
  const found = cls && driverClass(cls, drivers, variableOf);
  return found ? objectOfKind(found.driver, found.factory.creates) : null;
}
