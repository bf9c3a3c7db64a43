import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { forEachChild, isFunction, skipTypeWrappers, valueParent } from './ast';
import type { ObjectTracker } from './objects';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;

const PROMISE_COMBINATORS = new Set(['all', 'allSettled', 'race', 'any']);

/**
 * Decides whether an awaited expression is database work of a held handle: a call on the handle
 * or on a value derived from it, a call that receives the handle anywhere in its arguments, a
 * call on another known driver object, or `Promise.all` of such work.
 */
export class DatabaseWork {
  private readonly derived: Set<Variable>;

  constructor(
    private readonly objects: ObjectTracker,
    handle: readonly Variable[],
    /** Other handles of the file: work on another connection is still database work (another rule's concern). */
    private readonly isOtherHandle: (variable: Variable) => boolean = () => false,
    /**
     * Generic resource pools (generic-pool, tarn) lend arbitrary objects: what an awaited call on
     * one returns (`await browser.newPage()`) is still part of that resource.
     */
    private readonly followAwaits = false,
  ) {
    this.derived = new Set(handle);
    // `const repo = runner.manager.getRepository(User)`, `const tx = trx`: values built from the handle.
    let grew = true;
    while (grew) {
      grew = false;
      for (const variable of [...this.derived]) {
        for (const reference of variable.references) {
          const declarator = this.declaratorHolding(reference.identifier as Node);
          if (!declarator) continue;
          for (const alias of declarator) {
            if (!this.derived.has(alias)) {
              this.derived.add(alias);
              grew = true;
            }
          }
        }
      }
    }
  }

  /**
   * `const x = <chain rooted at the reference>` (or `x = …`): the variables bound to a value built
   * from the handle without awaiting it (`runner.manager.getRepository(User)`, `client.query(q)` as a
   * promise). An awaited result is data, not the connection: `await notify(result.rows[0])` is not
   * database work.
   */
  private declaratorHolding(node: Node): Variable[] | null {
    let current = node;
    for (;;) {
      const [parent, child] = valueParent(current);
      if (!parent) return null;
      if (
        (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === child) ||
        (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === child) ||
        // `new PostgresConnection(client)`: a wrapper built around the handle is the handle.
        (parent.type === AST_NODE_TYPES.NewExpression && parent.arguments.includes(child as TSESTree.CallExpressionArgument)) ||
        parent.type === AST_NODE_TYPES.ChainExpression ||
        (parent.type === AST_NODE_TYPES.AwaitExpression && this.followAwaits)
      ) {
        current = parent;
        continue;
      }
      if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === child) {
        return parent.id.type === AST_NODE_TYPES.Identifier ? [...this.objects.variablesDeclaredBy(parent)] : null;
      }
      if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === child && parent.left.type === AST_NODE_TYPES.Identifier) {
        const variable = this.objects.variableOf(parent.left);
        return variable ? [variable] : null;
      }
      return null;
    }
  }

  private isHandleReference(node: Node): boolean {
    if (node.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = this.objects.variableOf(node);
    return !!variable && this.derived.has(variable);
  }

  /** Any reference to the handle (or a derived value) inside `node`, outside nested functions. */
  private mentionsHandle(node: Node): boolean {
    if (this.isHandleReference(node)) return true;
    if (isFunction(node)) return false;
    let found = false;
    forEachChild(node, child => {
      found ||= this.mentionsHandle(child);
    });
    return found;
  }

  /** A reference to the handle anywhere inside `node`, nested functions included. */
  private usesHandleInside(node: Node): boolean {
    if (this.isHandleReference(node)) return true;
    let found = false;
    forEachChild(node, child => {
      found ||= this.usesHandleInside(child);
    });
    return found;
  }

  /** Is awaiting `expression` database work? */
  isDatabaseWork(expression: Node | null | undefined): boolean {
    if (!expression) return true;
    const node = skipTypeWrappers(expression);
    switch (node.type) {
      case AST_NODE_TYPES.Literal:
      case AST_NODE_TYPES.TemplateLiteral:
        return true;
      case AST_NODE_TYPES.Identifier: {
        if (this.isHandleReference(node)) return true;
        // `const p = client.query(…); … await p`: judge what the variable holds.
        const variable = this.objects.variableOf(node);
        const def = variable?.defs[0];
        if (def?.type === 'Variable' && def.node.init && variable!.defs.length === 1) return this.isDatabaseWork(def.node.init);
        return true; // unknown promise: stay quiet
      }
      case AST_NODE_TYPES.ChainExpression:
        return this.isDatabaseWork(node.expression);
      case AST_NODE_TYPES.ConditionalExpression:
        return this.isDatabaseWork(node.consequent) && this.isDatabaseWork(node.alternate);
      case AST_NODE_TYPES.LogicalExpression:
        return this.isDatabaseWork(node.left) && this.isDatabaseWork(node.right);
      case AST_NODE_TYPES.AwaitExpression:
        return this.isDatabaseWork(node.argument);
      case AST_NODE_TYPES.NewExpression:
        // `new Promise((resolve, reject) => conn.query(sql, cb))`: a promisified call on the handle.
        if (node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'Promise') {
          const executor = node.arguments[0];
          return !!executor && isFunction(executor) && this.usesHandleInside(executor.body);
        }
        return this.isDatabaseCall(node);
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.TaggedTemplateExpression:
      case AST_NODE_TYPES.MemberExpression:
        return this.isDatabaseCall(node);
      default:
        return true;
    }
  }

  /** `[client.query(a), client.query(b)]`, `ids.map(id => client.query(q, [id]))`, spreads of those. */
  private isDatabaseList(list: Node | undefined): boolean {
    if (!list) return false;
    const node = skipTypeWrappers(list);
    if (node.type === AST_NODE_TYPES.ArrayExpression) {
      return node.elements.every(
        element => !element || (element.type === AST_NODE_TYPES.SpreadElement ? this.isDatabaseList(element.argument) : this.isDatabaseWork(element)),
      );
    }
    // `const work = []; work.push(client.query(a)); await Promise.all(work)`
    if (node.type === AST_NODE_TYPES.Identifier) {
      const variable = this.objects.variableOf(node);
      const def = variable?.defs[0];
      if (def?.type !== 'Variable' || def.node.init?.type !== AST_NODE_TYPES.ArrayExpression || def.node.init.elements.length > 0) return false;
      const pushes = variable!.references.flatMap(ref => {
        const [member] = valueParent(ref.identifier as Node);
        const [call] = member ? valueParent(member) : [undefined];
        return member?.type === AST_NODE_TYPES.MemberExpression && call?.type === AST_NODE_TYPES.CallExpression && call.callee === member ? [call] : [];
      });
      return pushes.length > 0 && pushes.every(call => call.arguments.every(argument => argument.type !== AST_NODE_TYPES.SpreadElement && this.isDatabaseWork(argument)));
    }
    if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
      const mapper = node.arguments[0];
      const method = node.callee.property.type === AST_NODE_TYPES.Identifier ? node.callee.property.name : '';
      if ((method === 'map' || method === 'flatMap') && mapper && isFunction(mapper)) {
        if (mapper.body.type !== AST_NODE_TYPES.BlockStatement) return this.isDatabaseWork(mapper.body);
        // `async id => { await client.query(…); return client.query(…); }`: every statement is database work.
        return mapper.body.body.every(statement =>
          statement.type === AST_NODE_TYPES.ReturnStatement
            ? this.isDatabaseWork(statement.argument)
            : statement.type === AST_NODE_TYPES.ExpressionStatement && this.isDatabaseWork(statement.expression),
        );
      }
    }
    return false;
  }

  private isDatabaseCall(node: Node): boolean {
    // Promise.all([client.query(a), client.query(b)])
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTypeWrappers(node.callee);
      if (
        callee.type === AST_NODE_TYPES.MemberExpression &&
        callee.object.type === AST_NODE_TYPES.Identifier &&
        callee.object.name === 'Promise' &&
        callee.property.type === AST_NODE_TYPES.Identifier &&
        PROMISE_COMBINATORS.has(callee.property.name)
      ) {
        return this.isDatabaseList(node.arguments[0]);
      }
    }
    // Walk the chain to its root; any link that is the handle, receives it, or is a driver object counts.
    let current: Node = node;
    for (;;) {
      current = skipTypeWrappers(current);
      switch (current.type) {
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression:
          if (current.arguments.some(argument => this.mentionsHandle(argument))) return true;
          current = current.callee;
          continue;
        case AST_NODE_TYPES.TaggedTemplateExpression:
          if (current.quasi.expressions.some(expression => this.mentionsHandle(expression))) return true;
          current = current.tag;
          continue;
        case AST_NODE_TYPES.MemberExpression:
          if (this.objects.objectOf(current) && !this.objects.objectOf(current)!.byName) return true;
          current = current.object;
          continue;
        case AST_NODE_TYPES.ChainExpression:
          current = current.expression;
          continue;
        case AST_NODE_TYPES.Identifier: {
          if (this.isHandleReference(current) || this.objects.objectOf(current) !== null) return true;
          const variable = this.objects.variableOf(current);
          return !!variable && this.isOtherHandle(variable);
        }
        case AST_NODE_TYPES.ThisExpression:
        default:
          return false;
      }
    }
  }
}
