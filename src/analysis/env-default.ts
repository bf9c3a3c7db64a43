import { findVariable } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { ENVIRONMENT_GETTERS, ENVIRONMENT_OBJECTS } from '../drivers/serverless';
import { forEachChild, propertyName, skipTypeWrappers } from './ast';

/**
 * The value an expression has when every environment variable it reads is unset: the default the
 * code falls back to. `Number(process.env.X ?? 20)`, `parseInt(process.env.X || '20')`,
 * `+process.env.X || 20`, `process.env.X ? Number(process.env.X) : 20` and `Math.min(…, 20)` all
 * evaluate to 20, by JavaScript's own semantics applied to `undefined`, not by matching shapes.
 * Anything else the code does not show (a call of its own, an imported config, a `let`) is unknown.
 */

type SourceCode = Readonly<TSESLint.SourceCode>;
type Value = { readonly value: unknown };

/** Pure built-ins whose result follows from their arguments. */
const PURE_FUNCTIONS: Readonly<Record<string, (...args: never[]) => unknown>> = {
  Number,
  String,
  Boolean,
  parseInt,
  parseFloat,
  'Number.parseInt': Number.parseInt,
  'Number.parseFloat': Number.parseFloat,
  'Math.min': Math.min,
  'Math.max': Math.max,
  'Math.floor': Math.floor,
  'Math.ceil': Math.ceil,
  'Math.round': Math.round,
  'Math.trunc': Math.trunc,
  'Math.abs': Math.abs,
};

const GLOBAL_VALUES: Readonly<Record<string, unknown>> = { undefined, NaN, Infinity };

/** Deep enough for a constant defined from another constant; cycles stop here too. */
const MAX_DEPTH = 8;

/** `process.env.X` → ['process', 'env', 'X']; `import.meta.env.X` → ['import', 'meta', 'env', 'X']. */
function memberPath(node: TSESTree.Node): string[] | null {
  const current = skipTypeWrappers(node);
  if (current.type === AST_NODE_TYPES.Identifier) return [current.name];
  if (current.type === AST_NODE_TYPES.MetaProperty) return [current.meta.name, current.property.name];
  if (current.type !== AST_NODE_TYPES.MemberExpression) return null;
  const name = propertyName(current);
  const base = name === null ? null : memberPath(current.object);
  return base && name !== null ? [...base, name] : null;
}

function startsWith(path: readonly string[], prefix: readonly string[], extra: number): boolean {
  return path.length === prefix.length + extra && prefix.every((part, i) => path[i] === part);
}

/** The root identifier is not shadowed by a variable of the file (`const process = …`). */
function isGlobalName(sourceCode: SourceCode, node: TSESTree.Node, name: string): boolean {
  if (name === 'import') return true;
  const variable = findVariable(sourceCode.getScope(node) as never, name) as TSESLint.Scope.Variable | null;
  return !variable || variable.defs.length === 0;
}

/** `process.env.X`, `process.env['X']`: a read of one environment variable. */
function readsEnvironment(sourceCode: SourceCode, node: TSESTree.Node): boolean {
  const path = memberPath(node);
  return !!path && ENVIRONMENT_OBJECTS.some(prefix => startsWith(path, prefix, 1)) && isGlobalName(sourceCode, node, path[0]);
}

class Evaluator {
  private depth = 0;

  constructor(private readonly sourceCode: SourceCode) {}

  evaluate(node: TSESTree.Node): Value | null {
    if (this.depth >= MAX_DEPTH) return null;
    this.depth++;
    try {
      return this.evaluateNode(skipTypeWrappers(node));
    } finally {
      this.depth--;
    }
  }

  private evaluateNode(node: TSESTree.Node): Value | null {
    switch (node.type) {
      case AST_NODE_TYPES.Literal:
        // Regular expressions and BigInts (which throw when mixed with numbers) are not sizes.
        return ('regex' in node && node.regex) || typeof node.value === 'bigint' ? null : { value: node.value };
      case AST_NODE_TYPES.TemplateLiteral:
        return this.template(node);
      case AST_NODE_TYPES.Identifier:
        return this.identifier(node);
      case AST_NODE_TYPES.MemberExpression:
        return readsEnvironment(this.sourceCode, node) ? { value: undefined } : null;
      case AST_NODE_TYPES.ChainExpression:
        return this.evaluate(node.expression);
      case AST_NODE_TYPES.CallExpression:
        return this.call(node);
      case AST_NODE_TYPES.UnaryExpression:
        return this.unary(node);
      case AST_NODE_TYPES.LogicalExpression:
        return this.logical(node);
      case AST_NODE_TYPES.BinaryExpression:
        return this.binary(node);
      case AST_NODE_TYPES.ConditionalExpression: {
        const test = this.evaluate(node.test);
        return test ? this.evaluate(test.value ? node.consequent : node.alternate) : null;
      }
      default:
        return null;
    }
  }

  private template(node: TSESTree.TemplateLiteral): Value | null {
    let text = node.quasis[0].value.cooked ?? '';
    for (let i = 0; i < node.expressions.length; i++) {
      const part = this.evaluate(node.expressions[i]);
      if (!part) return null;
      text += String(part.value) + (node.quasis[i + 1].value.cooked ?? '');
    }
    return { value: text };
  }

  /** A `const` with an initialiser, or a global constant (`undefined`, `NaN`). */
  private identifier(node: TSESTree.Identifier): Value | null {
    const variable = findVariable(this.sourceCode.getScope(node) as never, node) as TSESLint.Scope.Variable | null;
    if (!variable || variable.defs.length === 0) return Object.hasOwn(GLOBAL_VALUES, node.name) ? { value: GLOBAL_VALUES[node.name] } : null;
    if (variable.defs.length !== 1) return null;
    const def = variable.defs[0];
    if (def.type !== 'Variable' || def.parent?.type !== AST_NODE_TYPES.VariableDeclaration || def.parent.kind !== 'const') return null;
    const declarator = def.node as TSESTree.VariableDeclarator;
    return declarator.id.type === AST_NODE_TYPES.Identifier && declarator.init ? this.evaluate(declarator.init) : null;
  }

  private call(node: TSESTree.CallExpression): Value | null {
    if (node.optional) return null;
    const path = memberPath(node.callee);
    if (!path || !isGlobalName(this.sourceCode, node.callee, path[0])) return null;
    if (ENVIRONMENT_GETTERS.some(getter => startsWith(path, getter, 0))) return { value: undefined };
    const fn = Object.hasOwn(PURE_FUNCTIONS, path.join('.')) ? PURE_FUNCTIONS[path.join('.')] : undefined;
    if (!fn) return null;
    const args: unknown[] = [];
    for (const argument of node.arguments) {
      if (argument.type === AST_NODE_TYPES.SpreadElement) return null;
      const value = this.evaluate(argument);
      if (!value) return null;
      args.push(value.value);
    }
    // Only primitives reach a built-in: nothing of the linted code runs here.
    if (args.some(arg => arg !== null && typeof arg === 'object')) return null;
    return { value: (fn as (...values: unknown[]) => unknown)(...args) };
  }

  private unary(node: TSESTree.UnaryExpression): Value | null {
    const operand = this.evaluate(node.argument);
    if (!operand) return null;
    const v = operand.value;
    if (v !== null && typeof v === 'object') return null;
    switch (node.operator) {
      case '+':
        return { value: Number(v) };
      case '-':
        return { value: -Number(v) };
      case '!':
        return { value: !v };
      case 'void':
        return { value: undefined };
      default:
        return null;
    }
  }

  private logical(node: TSESTree.LogicalExpression): Value | null {
    const left = this.evaluate(node.left);
    if (!left) return null;
    const v = left.value;
    const takeLeft = node.operator === '??' ? v !== null && v !== undefined : node.operator === '||' ? !!v : !v;
    return takeLeft ? left : this.evaluate(node.right);
  }

  private binary(node: TSESTree.BinaryExpression): Value | null {
    if (node.left.type === AST_NODE_TYPES.PrivateIdentifier) return null;
    const left = this.evaluate(node.left);
    const right = left && this.evaluate(node.right);
    if (!left || !right) return null;
    const a = left.value as number;
    const b = right.value as number;
    if ((a !== null && typeof a === 'object') || (b !== null && typeof b === 'object')) return null;
    switch (node.operator) {
      case '+':
        return { value: a + b };
      case '-':
        return { value: a - b };
      case '*':
        return { value: a * b };
      case '/':
        return { value: a / b };
      case '%':
        return { value: a % b };
      case '===':
        return { value: a === b };
      case '!==':
        return { value: a !== b };
      case '==':
        return { value: a == b };
      case '!=':
        return { value: a != b };
      case '<':
        return { value: a < b };
      case '<=':
        return { value: a <= b };
      case '>':
        return { value: a > b };
      case '>=':
        return { value: a >= b };
      default:
        return null;
    }
  }
}

/** The value of `node` when the environment variables it reads are unset, or null when the code does not show it. */
export function valueWhenEnvironmentUnset(sourceCode: SourceCode, node: TSESTree.Node): Value | null {
  return new Evaluator(sourceCode).evaluate(node);
}

/** The name of the first environment variable the expression reads (`DB_POOL_MAX` of `Number(process.env.DB_POOL_MAX ?? 10)`). */
export function environmentVariableName(sourceCode: SourceCode, node: TSESTree.Node): string | null {
  let found: string | null = null;
  const visit = (current: TSESTree.Node): void => {
    if (found !== null) return;
    if (current.type === AST_NODE_TYPES.MemberExpression && readsEnvironment(sourceCode, current)) {
      found = propertyName(current);
      return;
    }
    if (current.type === AST_NODE_TYPES.CallExpression) {
      const path = memberPath(current.callee);
      const [first] = current.arguments;
      if (path && ENVIRONMENT_GETTERS.some(getter => startsWith(path, getter, 0)) && first?.type === AST_NODE_TYPES.Literal && typeof first.value === 'string') {
        found = first.value;
        return;
      }
    }
    forEachChild(current, visit);
  };
  visit(node);
  return found;
}
