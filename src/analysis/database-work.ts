import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { type ClassNode, enclosingClass, forEachChild, isFunction, isThis, methodOf, propertyName, skipTypeWrappers, valueParent } from './ast';
import { builderCallSites, isDatabaseFunction, isPromiseCombinator, listPushedTo, MAPPERS, PROMISE_COMBINATORS } from './derived-values';
import { functionOfVariable, localCallee } from './local-calls';
import type { DriverObject } from './driver-object';
import type { ObjectTracker } from './objects';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;

/** Array methods whose result is an array of the receiver's own elements (JavaScript built-ins). */
const SAME_ELEMENTS = new Set(['filter', 'slice', 'concat', 'sort', 'reverse', 'toSorted', 'toReversed', 'flat', 'splice', 'with']);
/** Static built-ins that return an array in memory (`Object.values(map)`, `Array.from(set)`). */
const ARRAY_BUILDERS: Readonly<Record<string, ReadonlySet<string>>> = {
  Array: new Set(['from', 'of']),
  Object: new Set(['keys', 'values', 'entries']),
};

/** What a value built from the handle is stored in: variables, or a field of the enclosing class. */
type Holder = { variables: readonly Variable[] } | { cls: ClassNode; field: string };

/** What the caller knows beyond the tracker: each is off by default. */
export interface DatabaseWorkOptions {
  /** Other handles of the file: work on another connection is still database work (another rule's concern). */
  readonly isOtherHandle?: (variable: Variable) => boolean;
  /**
   * Generic resource pools (generic-pool, tarn) lend arbitrary objects: what an awaited call on
   * one returns (`await browser.newPage()`) is still part of that resource.
   */
  readonly followAwaits?: boolean;
  /** A call of a function of another module of the application that does no I/O (read from disk; see imported-functions.ts). */
  readonly importedNoIo?: (call: TSESTree.CallExpression) => boolean;
  /**
   * The held handle's own release methods (`release`, mariadb's `end`): called on any receiver, one
   * gives a connection back to its pool (`await other.release()`), which waits on nothing slow.
   */
  readonly releaseMethods?: ReadonlySet<string>;
}

/**
 * Decides whether an awaited expression is database work of a held handle: a call on the handle
 * or on a value derived from it, a call that receives the handle anywhere in its arguments, a
 * call on another known driver object, or `Promise.all` of such work.
 */
export class DatabaseWork {
  private readonly derived: Set<Variable>;
  /** Same-file functions judged as a whole (database work or no I/O), and builders followed to their calls. */
  private readonly functionWork = new Map<Node, boolean>();
  private readonly builders = new Set<Node>();
  /** Fields of a class that hold a value built from the handle (`this.db = wrap(conn)`), per class. */
  private readonly derivedFields = new Map<ClassNode, Set<string>>();
  /** Methods of a class that reach a derived field, directly or through `this.other()` (memoised). */
  private readonly fieldUsers = new Map<TSESTree.Node, boolean>();
  /** The kind of server the held handle talks to (`Driver.server`), once known. */
  private server: string | undefined | null = null;

  constructor(
    private readonly objects: ObjectTracker,
    private readonly handle: readonly Variable[],
    private readonly options: DatabaseWorkOptions = {},
  ) {
    this.derived = new Set(handle);
    // `const repo = runner.manager.getRepository(User)`, `const tx = trx`, `this.db = wrap(conn)`,
    // `query.transacting(trx)`: values built from, or bound to, the handle.
    let grew = true;
    while (grew) {
      grew = false;
      for (const variable of [...this.derived]) {
        for (const reference of variable.references) {
          const holder = this.holderOf(reference.identifier as Node);
          if (holder && 'field' in holder) {
            let fields = this.derivedFields.get(holder.cls);
            if (!fields) this.derivedFields.set(holder.cls, (fields = new Set()));
            fields.add(holder.field);
          }
          const bound = this.boundReceiver(reference.identifier as Node);
          for (const alias of [...(holder && 'variables' in holder ? holder.variables : []), ...(bound ? [bound] : [])]) {
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
   * `const x = <chain rooted at the reference>` (or `x = …`, `this.x = …`): where a value built from
   * the handle without awaiting it is kept (`runner.manager.getRepository(User)`, `client.query(q)`
   * as a promise or a stream, `wrap(conn)`, `list.push(x)`, the calls of a same-file builder that returns
   * it). An awaited result is data (`await notify(result.rows[0])`), except what a builder returned.
   */
  private holderOf(node: Node, settled = false): Holder | null {
    let current = node;
    for (;;) {
      const [parent, child] = valueParent(current);
      if (!parent) return null;
      const list = listPushedTo(this.objects, parent, child);
      if (list) return { variables: [list] };
      const returned = (parent.type === AST_NODE_TYPES.ReturnStatement && parent.argument === child) || (isFunction(parent) && parent.body === child);
      if (returned && !this.mappingCall(parent)) return this.builderCallHolders(child);
      if (settled && (parent.type === AST_NODE_TYPES.AwaitExpression || isPromiseCombinator(this.objects, parent, child))) {
        current = parent;
        continue;
      }
      if (
        (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === child) ||
        (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === child) ||
        // `wrap(conn)`: a call given the handle itself returns something built around it (not one
        // given a property of it: `buildUrl(conn.database)` is a string).
        (parent.type === AST_NODE_TYPES.CallExpression && current === node && parent.arguments.includes(child as TSESTree.CallExpressionArgument) && this.isDeclaredCallee(parent.callee)) ||
        // `new PostgresConnection(client)`: a wrapper built around the handle is the handle.
        (parent.type === AST_NODE_TYPES.NewExpression && parent.arguments.includes(child as TSESTree.CallExpressionArgument)) ||
        parent.type === AST_NODE_TYPES.ChainExpression ||
        // `[new Executor(client, g)]`: an array holding a value built around the handle.
        (parent.type === AST_NODE_TYPES.ArrayExpression && current !== node) ||
        (parent.type === AST_NODE_TYPES.AwaitExpression && this.options.followAwaits)
      ) {
        current = parent;
        continue;
      }
      // `groups.map(g => new Executor(runner, g))`: an array of values built around the handle.
      const mapped = isFunction(parent) && parent.body === child ? this.mappingCall(parent) : null;
      if (mapped) {
        current = mapped;
        continue;
      }
      // `for (const executor of executors)`: each element of a derived array is derived.
      if (parent.type === AST_NODE_TYPES.ForOfStatement && parent.right === child) {
        const declaration = parent.left.type === AST_NODE_TYPES.VariableDeclaration ? parent.left.declarations[0] : undefined;
        return declaration ? { variables: this.objects.variablesDeclaredBy(declaration) } : null;
      }
      if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === child) {
        return parent.id.type === AST_NODE_TYPES.Identifier ? { variables: this.objects.variablesDeclaredBy(parent) } : null;
      }
      if (parent.type !== AST_NODE_TYPES.AssignmentExpression || parent.right !== child) return null;
      const target = parent.left;
      if (target.type === AST_NODE_TYPES.Identifier) {
        const variable = this.objects.variableOf(target);
        return variable ? { variables: [variable] } : null;
      }
      const field = target.type === AST_NODE_TYPES.MemberExpression && isThis(target.object) ? propertyName(target) : null;
      const cls = field ? enclosingClass(parent) : null;
      return field && cls ? { cls, field } : null;
    }
  }

  /** Where a same-file builder that returns a value built from the handle is called: the settled results are built from it too. */
  private builderCallHolders(inside: Node): Holder | null {
    const variables = builderCallSites(this.objects, inside, this.builders, fn => this.mappingCall(fn)).flatMap(site => {
      const holder = this.holderOf(site, true);
      return holder && 'variables' in holder ? holder.variables : [];
    });
    return variables.length > 0 ? { variables } : null;
  }

  /** The `.map(fn)`/`.flatMap(fn)` call that `fn` is the mapper of. */
  private mappingCall(fn: Node): Node | null {
    const [call, child] = valueParent(fn);
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== child) return null;
    const callee = skipTypeWrappers(call.callee);
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : null;
    return method === 'map' || method === 'flatMap' ? call : null;
  }

  /** A callee the code declares or imports (`wrap`, `db.wrap`), not a built-in conversion (`String(x)`, `JSON.stringify(x)`). */
  private isDeclaredCallee(callee: Node): boolean {
    let root = skipTypeWrappers(callee);
    while (root.type === AST_NODE_TYPES.MemberExpression) root = skipTypeWrappers(root.object);
    if (root.type === AST_NODE_TYPES.ThisExpression) return true;
    if (root.type !== AST_NODE_TYPES.Identifier) return false;
    return (this.objects.variableOf(root)?.defs.length ?? 0) > 0;
  }

  /**
   * `query.connection(conn)`, `builder.transacting(trx)`: a method call on a local value that hands
   * it the handle binds that value to the connection (query builders run where they are told).
   */
  private boundReceiver(node: Node): Variable | null {
    const [call, child] = valueParent(node);
    if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(child as TSESTree.CallExpressionArgument)) return null;
    const callee = skipTypeWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    const receiver = skipTypeWrappers(callee.object);
    if (receiver.type !== AST_NODE_TYPES.Identifier) return null;
    const variable = this.objects.variableOf(receiver);
    const def = variable?.defs[0];
    // Only a value built here (a local `const q = builder(…)`), not a module-level logger or a parameter.
    if (!variable || def?.type !== 'Variable' || !def.node.init || variable.scope.type === 'module' || variable.scope.type === 'global') return null;
    return variable;
  }

  /** `this.db` where the class stored a value built from the handle in `db`. */
  private isDerivedField(member: TSESTree.MemberExpression): boolean {
    if (!isThis(member.object)) return false;
    const name = propertyName(member);
    const cls = name ? enclosingClass(member) : null;
    return !!cls && !!this.derivedFields.get(cls)?.has(name!);
  }

  /** `this.load()` where `load` (or a method it calls on `this`) uses a field holding the handle. */
  private isFieldUser(member: TSESTree.MemberExpression): boolean {
    if (!isThis(member.object) || this.derivedFields.size === 0) return false;
    const name = propertyName(member);
    const cls = name ? enclosingClass(member) : null;
    const fields = cls ? this.derivedFields.get(cls) : undefined;
    if (!cls || !fields) return false;
    const visit = (method: TSESTree.Node): boolean => {
      const known = this.fieldUsers.get(method);
      if (known !== undefined) return known;
      this.fieldUsers.set(method, false); // recursion guard
      let found = false;
      const walk = (node: Node): void => {
        if (found) return;
        if (node.type === AST_NODE_TYPES.MemberExpression && isThis(node.object)) {
          const used = propertyName(node);
          const callee = used ? methodOf(cls, used) : null;
          if ((used && fields.has(used)) || (callee && visit(callee))) found = true;
        }
        forEachChild(node, walk);
      };
      walk(method);
      this.fieldUsers.set(method, found);
      return found;
    };
    const method = methodOf(cls, name!);
    return !!method && visit(method);
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
    const loop = expression.parent;
    if (loop?.type === AST_NODE_TYPES.ForOfStatement && loop.await && loop.right === expression) return this.isDatabaseIteration(expression);
    return this.judge(expression);
  }

  private judge(expression: Node | null | undefined): boolean {
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
        if (def?.type === 'Variable' && def.node.init && variable!.defs.length === 1) return this.judge(def.node.init);
        return true; // unknown promise: stay quiet
      }
      case AST_NODE_TYPES.ChainExpression:
        return this.judge(node.expression);
      case AST_NODE_TYPES.ConditionalExpression:
        return this.judge(node.consequent) && this.judge(node.alternate);
      case AST_NODE_TYPES.LogicalExpression:
        return this.judge(node.left) && this.judge(node.right);
      case AST_NODE_TYPES.AwaitExpression:
        return this.judge(node.argument);
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

  /**
   * `for await (const x of iterable)`: over an array in memory the loop awaits only its elements
   * (values, or promises already started); over anything else it awaits the iterable's own work
   * (a stream of the handle's query, an HTTP body, a queue consumer).
   */
  isDatabaseIteration(iterable: Node): boolean {
    return this.arrayElementsAreDatabaseWork(iterable) ?? this.judge(skipTypeWrappers(iterable));
  }

  /** Whether every element of an array in memory is database work (or plain data); null when `node` is not known to be an array. */
  private arrayElementsAreDatabaseWork(expression: Node, seen = new Set<Variable>()): boolean | null {
    const node = skipTypeWrappers(expression);
    if (node.type === AST_NODE_TYPES.ArrayExpression) {
      return node.elements.every(element => {
        if (!element) return true;
        if (element.type !== AST_NODE_TYPES.SpreadElement) return this.judge(element);
        return this.arrayElementsAreDatabaseWork(element.argument, seen) ?? true;
      });
    }
    if (node.type === AST_NODE_TYPES.Identifier) {
      const variable = this.objects.variableOf(node);
      const def = variable?.defs[0];
      if (!variable || seen.has(variable) || variable.defs.length !== 1 || def?.type !== 'Variable' || !def.node.init) return null;
      seen.add(variable);
      const init = skipTypeWrappers(def.node.init);
      // `const work = []; work.push(p)`: the elements are what was pushed.
      if (init.type === AST_NODE_TYPES.ArrayExpression && init.elements.length === 0) return this.isDatabaseList(node) || !this.isPushedTo(variable);
      return this.arrayElementsAreDatabaseWork(init, seen);
    }
    if (node.type !== AST_NODE_TYPES.CallExpression) return null;
    const callee = skipTypeWrappers(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    const method = propertyName(callee);
    const owner = skipTypeWrappers(callee.object);
    if (!method) return null;
    if (owner.type === AST_NODE_TYPES.Identifier && ARRAY_BUILDERS[owner.name]?.has(method) && !this.objects.variableOf(owner)?.defs.length) {
      const mapper = method === 'from' ? node.arguments[1] : undefined;
      return mapper && isFunction(mapper) ? this.isDatabaseList(node) : true;
    }
    const callback = node.arguments[0];
    if ((method === 'map' || method === 'flatMap') && callback && isFunction(callback)) return this.isDatabaseList(node);
    // `ids.filter(f)`: an array of the receiver's elements, whatever they are.
    if (SAME_ELEMENTS.has(method) && (method !== 'filter' || (callback && isFunction(callback)))) return this.arrayElementsAreDatabaseWork(owner, seen) ?? true;
    return null;
  }

  private isPushedTo(variable: Variable): boolean {
    return variable.references.some(reference => {
      const [member] = valueParent(reference.identifier as Node);
      return member?.type === AST_NODE_TYPES.MemberExpression && member.parent?.type === AST_NODE_TYPES.CallExpression;
    });
  }

  /** `[client.query(a), client.query(b)]`, `ids.map(id => client.query(q, [id]))`, spreads of those. */
  private isDatabaseList(list: Node | undefined): boolean {
    if (!list) return false;
    const node = skipTypeWrappers(list);
    if (node.type === AST_NODE_TYPES.ArrayExpression) {
      return node.elements.every(
        element => !element || (element.type === AST_NODE_TYPES.SpreadElement ? this.isDatabaseList(element.argument) : this.judge(element)),
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
      return pushes.length > 0 && pushes.every(call => call.arguments.every(argument => argument.type !== AST_NODE_TYPES.SpreadElement && this.judge(argument)));
    }
    if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
      const method = node.callee.property.type === AST_NODE_TYPES.Identifier ? node.callee.property.name : '';
      // `Array.from(ids, id => …)` maps with its second argument.
      const mapper = method === 'from' ? node.arguments[1] : node.arguments[0];
      // `chunks.map(build)`: a same-file function whose own awaits are database work.
      const local = mapper?.type === AST_NODE_TYPES.Identifier && MAPPERS.has(method) ? functionOfVariable(this.objects.variableOf(mapper)) : null;
      if (local) return isDatabaseFunction(local, this.functionWork, expression => this.judge(expression));
      // `ids.map(async id => { await client.query(…); return client.query(…); })`: its awaits and returns are database work.
      if (MAPPERS.has(method) && mapper && isFunction(mapper)) return isDatabaseFunction(mapper, this.functionWork, expression => this.judge(expression));
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
    // `await other.release()`: a connection given back, whatever the analysis knows of the receiver.
    const releases = this.options.releaseMethods;
    if (releases && node.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTypeWrappers(node.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && releases.has(propertyName(callee) ?? '')) return true;
    }
    // `await build(items)`, `await this.load()`: a same-file function that does database work or no I/O at all.
    const local = node.type === AST_NODE_TYPES.CallExpression ? localCallee(node, id => this.objects.variableOf(id)) : null;
    if (local && isDatabaseFunction(local, this.functionWork, expression => this.judge(expression))) return true;
    if (!local && node.type === AST_NODE_TYPES.CallExpression && this.options.importedNoIo?.(node)) return true;
    // Walk the chain to its root; any link that is the handle, receives it, or is a driver object counts.
    let current: Node = node;
    for (;;) {
      current = skipTypeWrappers(current);
      switch (current.type) {
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression:
          // The handle, a value built from it, or a callback that uses it (`await cb(sql => run(client, sql))`).
          if (current.arguments.some(argument => this.mentionsHandle(argument) || (isFunction(argument) && this.usesHandleInside(argument.body)))) return true;
          current = current.callee;
          continue;
        case AST_NODE_TYPES.TaggedTemplateExpression:
          if (current.quasi.expressions.some(expression => this.mentionsHandle(expression))) return true;
          current = current.tag;
          continue;
        case AST_NODE_TYPES.MemberExpression: {
          if (this.isDerivedField(current) || this.isFieldUser(current)) return true;
          const object = this.objects.objectOf(current);
          if (object && !object.byName) return !this.isOtherServer(object);
          current = current.object;
          continue;
        }
        case AST_NODE_TYPES.ChainExpression:
          current = current.expression;
          continue;
        case AST_NODE_TYPES.Identifier: {
          if (this.isHandleReference(current)) return true;
          const object = this.objects.objectOf(current);
          if (object) return !this.isOtherServer(object);
          const variable = this.objects.variableOf(current);
          return !!variable && !!this.options.isOtherHandle?.(variable);
        }
        case AST_NODE_TYPES.ThisExpression:
        default:
          return false;
      }
    }
  }

  /**
   * Work on an object of a driver that talks to another kind of server than the held handle
   * (a Redis client while a SQL connection is held) does not use that connection: it is slow work
   * like any other network call. Unknown kinds on either side stay database work.
   */
  private isOtherServer(object: DriverObject): boolean {
    const server = object.driver.server;
    if (!server) return false;
    this.server ??= this.heldServer();
    return !!this.server && this.server !== server;
  }

  /** The server kind of the held handle: from what the tracker knows of it, or of the object it was checked out of. */
  private heldServer(): string | undefined {
    for (const variable of this.handle) {
      const id = variable.identifiers[0] as Node | undefined;
      const known = id ? this.objects.objectOf(id) : null;
      if (known && !known.byName && known.driver.server) return known.driver.server;
      const def = variable.defs[0];
      // `const c = await pool.connect()`, `pool.connect((err, c) => …)`, `knex.transaction(trx => …)`
      let call: Node | undefined;
      if (def?.type === 'Variable' && def.node.init) {
        call = skipTypeWrappers(def.node.init);
        while (call.type === AST_NODE_TYPES.AwaitExpression || call.type === AST_NODE_TYPES.ChainExpression) {
          call = skipTypeWrappers(call.type === AST_NODE_TYPES.AwaitExpression ? call.argument : call.expression);
        }
      } else if (def?.type === 'Parameter') {
        call = valueParent(def.node as Node)[0];
      }
      const callee = call?.type === AST_NODE_TYPES.CallExpression ? skipTypeWrappers(call.callee) : null;
      const owner = callee?.type === AST_NODE_TYPES.MemberExpression ? this.objects.objectOf(callee.object) : null;
      if (owner?.driver.server) return owner.driver.server;
    }
    return undefined;
  }
}
