import { CALL, CONSTRUCT, READ, ReferenceTracker, findVariable, type TraceMap } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import type { Driver, Factory } from '../drivers/types';
import { objectOfKind, type DriverObject } from './driver-object';
import { forEachChild, isThis, keyName, propertyName, skipTypeWrappers, valueParent } from './ast';
import { classFieldWrites, fieldWritesFromText, mayHideName, type FieldWrites } from './class-field-writes';
import { fileState } from './file-state';
import { narrowedObject } from './instanceof-narrowing';
import { driverImports, driverOfModule, type PluginSettings } from './settings';
import { TypeOracle } from './types';

type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;

interface FactoryInfo {
  readonly driver: Driver;
  readonly factory: Factory;
}

/** A call or `new` that makes a driver object (`new Pool()`, `mysql.createConnection()`, `pgp(cn)`). */
export interface Creation {
  readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly made: DriverObject;
  /** The factory record, or null for objects made by calling another object (`pgp(cn)`). */
  readonly factory: Factory | null;
}

/** Builds a ReferenceTracker trace map from the driver data. */
function traceMapOf(drivers: readonly Driver[]): TraceMap<FactoryInfo> {
  const map: Record<string, Record<string | symbol, unknown>> = {};
  for (const driver of drivers) {
    for (const moduleName of driver.modules) {
      let root = map[moduleName];
      if (!root) root = map[moduleName] = {};
      for (const factory of driver.factories) {
        let node: Record<string | symbol, unknown> = root;
        for (const key of factory.path) {
          node = (node[key] ??= {}) as Record<string | symbol, unknown>;
        }
        const symbol = factory.kind === 'new' ? CONSTRUCT : factory.kind === 'call' ? CALL : READ;
        node[symbol] ??= { driver, factory } satisfies FactoryInfo;
      }
    }
  }
  return map as TraceMap<FactoryInfo>;
}

/**
 * ReferenceTracker follows `require` only when it is a declared global. Files linted without
 * Node globals still call it, so an undeclared, never-assigned `require` counts as Node's.
 */
function withImplicitRequire(globalScope: Scope): Scope {
  const declared = globalScope.set;
  if (declared.has('require')) return globalScope;
  const references = globalScope.through.filter(r => r.identifier.name === 'require');
  if (references.length === 0 || references.some(r => r.isWrite())) return globalScope;
  const implicit = { name: 'require', defs: [], references, identifiers: [] };
  // The tracker only reads the global set by name: no copy of every global for this one.
  const set = { get: (name: string): unknown => (name === 'require' ? implicit : declared.get(name)), has: (name: string): boolean => name === 'require' || declared.has(name) };
  return Object.assign(Object.create(globalScope) as Scope, { set });
}

const traceMaps = new WeakMap<readonly Driver[], TraceMap<FactoryInfo>>();

/** The one tracker of a file, shared by every rule that lints it (built once, initialised once). */
export function objectTrackerFor(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, settings: PluginSettings): ObjectTracker {
  const shared = fileState(context.sourceCode, settings).shared;
  let tracker = shared.get(ObjectTracker) as ObjectTracker | undefined;
  if (!tracker) {
    tracker = new ObjectTracker(context.sourceCode, settings);
    shared.set(ObjectTracker, tracker);
  }
  return tracker;
}

/**
 * Which expressions of one file are pools, clients and handles of a known driver:
 * tracked imports and requires, the variables and `this` fields they initialise,
 * parameters and fields typed with a driver's type, and (configurable) pool-like names.
 */
export class ObjectTracker {
  private readonly byNode = new Map<TSESTree.Node, DriverObject>();
  private readonly byVariable = new Map<Variable, DriverObject | null>();
  private readonly byField = new Map<string, DriverObject>();
  private readonly resolving = new Set<Variable>();
  private readonly made: Creation[] = [];
  private readonly resolved = new Map<TSESTree.Node, DriverObject | null>();
  /** Class fields (by class and name) that only ever hold values plainly not a pool. */
  private readonly otherFields = new Map<string, boolean>();
  /** What each class stores in its fields, by name: read in one walk of the class. */
  private readonly fieldWritesByClass = new Map<TSESTree.Node, Map<string, FieldWrites>>();
  private initialized = false;

  /** Declared types decide, when the user opted in (`typeAware`). */
  private readonly types: TypeOracle | null;

  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly settings: PluginSettings,
  ) {
    this.types = settings.typeAware ? new TypeOracle(sourceCode, settings.drivers) : null;
  }

  /** The type oracle, when the user has type information on. */
  get typeOracle(): TypeOracle | null {
    return this.types;
  }

  /** With type information: why `fn` runs per request by its declared type (a framework's handler type). */
  requestHandlerLabel(fn: TSESTree.Node): string | null {
    return this.types?.requestHandlerLabel(fn) ?? null;
  }

  /**
   * With type information: the type's verdict; without: the name heuristic, unless what the code
   * stores under that name is plainly something else (`notByName`).
   */
  private byTypeOrName(node: TSESTree.Node, name: string, notByName?: () => boolean): DriverObject | null {
    if (this.types) {
      const typed = this.types.objectOf(node);
      if (typed !== undefined) return typed;
    }
    const named = this.byName(name);
    return named && notByName?.() ? null : named;
  }

  /**
   * A value that is plainly not a driver's pool: a construction the tracker does not know as a
   * driver's (`new PagePool()` of a local class, `new Set()`, `new Piscina()` from another library),
   * a literal, a function or a class. Calls stay open: `createPool()` of the app's own module may
   * well be one.
   */
  private isPlainlyOther(value: TSESTree.Node): boolean {
    const node = skipTypeWrappers(value);
    switch (node.type) {
      case AST_NODE_TYPES.NewExpression:
        return !this.objectOf(node) && this.isKnownConstructor(node.callee);
      case AST_NODE_TYPES.ObjectExpression:
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.Literal:
      case AST_NODE_TYPES.TemplateLiteral:
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.ClassExpression:
        return true;
      default:
        return false;
    }
  }

  /**
   * The code shows where the constructed class comes from: declared or imported in this file, or a
   * standard global of the runtime. An undeclared name (a script's global `Pool`) may be a driver's.
   */
  private isKnownConstructor(callee: TSESTree.Node): boolean {
    let root = skipTypeWrappers(callee);
    while (root.type === AST_NODE_TYPES.MemberExpression) root = skipTypeWrappers(root.object);
    if (root.type !== AST_NODE_TYPES.Identifier) return true;
    const defs = this.variableOf(root)?.defs ?? [];
    // `declare const Pool: …` states a type, not where the value comes from.
    if (defs.length > 0) return !defs.every(def => def.parent?.type === AST_NODE_TYPES.VariableDeclaration && def.parent.declare);
    return typeof (globalThis as Record<string, unknown>)[root.name] === 'function';
  }

  /** Every value written to the variable is plainly not a pool (and there is at least one). */
  private holdsOtherValues(variable: Variable): boolean {
    const written = variable.references.flatMap(reference => (reference.writeExpr ? [reference.writeExpr as TSESTree.Node] : []));
    return written.length > 0 && written.length === variable.references.filter(reference => reference.isWrite()).length && written.every(value => this.isPlainlyOther(value));
  }

  /** Every value the class stores in field `name` (initialiser, `this.name = …`) is plainly not a pool. */
  private fieldHoldsOtherValues(member: TSESTree.MemberExpression, name: string): boolean {
    let cls: TSESTree.Node | undefined = member.parent;
    while (cls && cls.type !== AST_NODE_TYPES.ClassBody) cls = cls.parent;
    if (!cls) return false;
    const key = `${cls.range[0]}:${name}`;
    const known = this.otherFields.get(key);
    if (known !== undefined) return known;
    let fields: FieldWrites | undefined;
    if (mayHideName(this.sourceCode, cls.range, name)) {
      let byName = this.fieldWritesByClass.get(cls);
      if (!byName) this.fieldWritesByClass.set(cls, (byName = classFieldWrites(cls)));
      fields = byName.get(name);
    } else {
      fields = fieldWritesFromText(this.sourceCode, cls, name);
    }
    const other = !!fields && !fields.injected && fields.written.length > 0 && fields.written.every(value => this.isPlainlyOther(value));
    this.otherFields.set(key, other);
    return other;
  }

  /** Runs once per file, at `Program`: every import and require of a driver is resolved here. */
  init(program: TSESTree.Program): void {
    if (this.initialized) return;
    this.initialized = true;
    // Everything below starts from an import or require of a driver module; each way is followed
    // only where the file uses it (the walks are not free).
    const imports = driverImports(this.sourceCode, this.settings);
    if (!imports.esm && !imports.cjs) return;
    const globalScope = this.sourceCode.getScope(program);
    let traceMap = traceMaps.get(this.settings.drivers);
    if (!traceMap) {
      traceMap = traceMapOf(this.settings.drivers);
      traceMaps.set(this.settings.drivers, traceMap);
    }
    // legacy: named imports of CommonJS modules (`import { Pool } from 'pg'`) are tracked too.
    const tracker = new ReferenceTracker((imports.cjs ? withImplicitRequire(globalScope) : globalScope) as never, { mode: 'legacy' });
    const found = [...(imports.esm ? tracker.iterateEsmReferences(traceMap) : []), ...(imports.cjs ? tracker.iterateCjsReferences(traceMap) : [])];
    for (const { node, info } of found) {
      const made = objectOfKind(info.driver, info.factory.creates);
      if (!made) continue;
      const target = node as TSESTree.Node;
      // An export that already is the object: `import { sql } from …`, `const { sql } = require(…)`.
      const local =
        target.type === AST_NODE_TYPES.ImportSpecifier
          ? target.local
          : target.type === AST_NODE_TYPES.Property && target.value.type === AST_NODE_TYPES.Identifier
            ? target.value
            : null;
      if (info.factory.kind === 'read' && local) {
        const variable = this.variableOf(local);
        if (variable) this.byVariable.set(variable, made);
        continue;
      }
      this.byNode.set(target, made);
      if (target.type === AST_NODE_TYPES.CallExpression || target.type === AST_NODE_TYPES.NewExpression) {
        this.made.push({ node: target, made, factory: info.factory });
      }
      this.bind(target, made);
    }
    // `const pgp = pgPromise(); const db = pgp(cn)`: calling a made object makes another.
    for (const [variable, maker] of [...this.byVariable]) {
      const kind = maker?.model.callCreates;
      if (!maker || !kind) continue;
      const made = objectOfKind(maker.driver, kind);
      if (!made) continue;
      for (const reference of variable.references) {
        const [call, callee] = valueParent(reference.identifier as TSESTree.Node);
        if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== callee) continue;
        this.byNode.set(call, made);
        this.made.push({ node: call, made, factory: null });
        this.bind(call, made);
      }
    }
    this.trackTypes(program, globalScope);
  }

  /**
   * With type information: a `new` of a class the imports do not reveal (a subclass of a driver's
   * pool, a client generated into the application) is a creation when its type is a driver object
   * that the driver's own factories construct.
   */
  noteConstruction(node: TSESTree.NewExpression): void {
    if (!this.types || this.byNode.has(node)) return;
    const made = this.types.objectOf(node);
    const factory = made?.driver.factories.find(f => f.kind === 'new' && f.creates === made.kind);
    if (!made || !factory) return;
    this.byNode.set(node, made);
    this.made.push({ node, made, factory });
  }

  /** Every tracked call or `new` that makes a driver object, in source order. */
  creations(): readonly Creation[] {
    return this.made.sort((a, b) => a.node.range[0] - b.node.range[0]);
  }

  /** The driver object an expression evaluates to, if known. */
  objectOf(expression: TSESTree.Node): DriverObject | null {
    const node = skipTypeWrappers(expression);
    const direct = this.byNode.get(node);
    if (direct) return direct;
    // Memoised: long call chains would otherwise be resolved again at every link.
    if (this.resolved.has(node)) return this.resolved.get(node) ?? null;
    const found = this.resolve(node);
    this.resolved.set(node, found);
    return found;
  }

  private resolve(node: TSESTree.Node): DriverObject | null {
    // Where `x instanceof Pool` guards it, `x` is a pool, whatever its declared type (`Pool | PoolClient`) says.
    const narrowed = narrowedObject(node, this.sourceCode, this.settings.drivers, id => this.variableOf(id));
    if (narrowed) return narrowed;
    switch (node.type) {
      case AST_NODE_TYPES.AwaitExpression:
        return this.objectOf(node.argument);
      case AST_NODE_TYPES.ChainExpression:
        return this.objectOf(node.expression);
      case AST_NODE_TYPES.Identifier:
        return this.objectOfIdentifier(node);
      case AST_NODE_TYPES.MemberExpression: {
        const name = propertyName(node);
        if (name === null) return null;
        if (isThis(node.object)) {
          // A field the class fills with something else (`this.pool = new PagePool()`) is not a pool by its name.
          return this.byField.get(name) ?? this.byTypeOrName(node, name.replace(/^#/, ''), () => this.fieldHoldsOtherValues(node, name));
        }
        const base = this.objectOf(node.object);
        const member = base?.model.members?.[name];
        if (base && member) return objectOfKind(base.driver, member);
        return this.byTypeOrName(node, name.replace(/^#/, ''));
      }
      case AST_NODE_TYPES.CallExpression: {
        // `pool.promise()` (mysql2) converts a callback pool into the promise flavour of the same kind.
        const callee = skipTypeWrappers(node.callee);
        if (callee.type === AST_NODE_TYPES.MemberExpression && node.arguments.length === 0) {
          const flavour = this.promiseFlavourOf(callee);
          if (flavour) return flavour;
        }
        const maker = this.objectOf(callee);
        if (maker?.model.callCreates) return objectOfKind(maker.driver, maker.model.callCreates);
        // mssql `pool.transaction()`, MongoDB `client.startSession()`: methods that hand out another object.
        if (callee.type === AST_NODE_TYPES.MemberExpression) {
          const method = propertyName(callee);
          const base = method ? this.objectOf(callee.object) : null;
          const kind = method ? (base?.model.returns?.[method] ?? base?.model.acquire?.find(f => f.method === method && !f.settle)?.yields) : undefined;
          if (base && kind && !base.byName) return objectOfKind(base.driver, kind);
        }
        return null;
      }
      default:
        return null;
    }
  }

  /** `object.promise()`: the same object, when its driver data names that method its promise flavour. */
  private promiseFlavourOf(callee: TSESTree.MemberExpression): DriverObject | null {
    const method = propertyName(callee);
    if (!method) return null;
    const base = this.objectOf(callee.object);
    return base?.model.promiseFlavour === method ? base : null;
  }

  /** The variable an identifier refers to. */
  variableOf(identifier: TSESTree.Identifier): Variable | null {
    // By name up the scope chain: passing the node would make eslint-utils search every child scope.
    return findVariable(this.sourceCode.getScope(identifier) as never, identifier.name) as Variable | null;
  }

  /** The variables a declarator binds. */
  variablesDeclaredBy(node: TSESTree.Node): readonly Variable[] {
    return this.sourceCode.getDeclaredVariables(node);
  }

  /** The node is a tracked creation (`new Pool()`, `mysql.createConnection()`). */
  isCreation(node: TSESTree.Node): boolean {
    return this.byNode.has(node);
  }

  private objectOfIdentifier(identifier: TSESTree.Identifier): DriverObject | null {
    const variable = this.variableOf(identifier);
    if (variable) {
      const known = this.objectOfVariable(variable);
      if (known) return known;
    }
    return this.byTypeOrName(identifier, identifier.name, () => !!variable && this.holdsOtherValues(variable));
  }

  private objectOfVariable(variable: Variable): DriverObject | null {
    if (this.byVariable.has(variable)) return this.byVariable.get(variable) ?? null;
    if (this.resolving.has(variable)) return null;
    this.resolving.add(variable);
    let found: DriverObject | null = null;
    // `const db = this.pool`, `const pool = otherPool`: an alias of a known object.
    const def = variable.defs[0] as TSESLint.Scope.Definition | undefined;
    if (def?.type === 'Variable' && variable.defs.length === 1) {
      const declarator = def.node as TSESTree.VariableDeclarator;
      if (declarator.init && declarator.id.type === AST_NODE_TYPES.Identifier) found = this.objectOf(declarator.init);
    }
    this.resolving.delete(variable);
    this.byVariable.set(variable, found);
    return found;
  }

  private byName(name: string): DriverObject | null {
    for (const { pattern, driver } of this.settings.namedPools) {
      if (pattern.test(name)) return objectOfKind(driver, 'pool', true);
    }
    return null;
  }

  /** Records where a creation's value goes: a variable, a `this` field. */
  private bind(creation: TSESTree.Node, made: DriverObject): void {
    let [parent, child] = valueParent(creation);
    while (
      parent &&
      (parent.type === AST_NODE_TYPES.AwaitExpression ||
        parent.type === AST_NODE_TYPES.LogicalExpression ||
        (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test !== child))
    ) {
      [parent, child] = valueParent(parent);
    }
    if (!parent) return;
    if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === child) {
      for (const variable of this.sourceCode.getDeclaredVariables(parent)) this.byVariable.set(variable, made);
    } else if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === child) {
      this.bindTarget(parent.left, made);
    } else if (parent.type === AST_NODE_TYPES.PropertyDefinition && parent.value === child) {
      const name = keyName(parent.key, parent.computed);
      if (name) this.byField.set(name, made);
    }
  }

  private bindTarget(target: TSESTree.Node, made: DriverObject): void {
    if (target.type === AST_NODE_TYPES.Identifier) {
      const variable = this.variableOf(target);
      if (variable) this.byVariable.set(variable, made);
    } else if (target.type === AST_NODE_TYPES.MemberExpression && isThis(target.object)) {
      const name = propertyName(target);
      if (name) this.byField.set(name, made);
    }
  }

  /** Parameters, variables and fields annotated with a driver's exported type (`ds: DataSource`). */
  private trackTypes(program: TSESTree.Program, globalScope: Scope): void {
    for (const statement of program.body) {
      if (statement.type !== AST_NODE_TYPES.ImportDeclaration) continue;
      const moduleName = statement.source.value;
      const driver = driverOfModule(this.settings, moduleName);
      if (!driver?.types) continue;
      for (const specifier of statement.specifiers) {
        const variable = findVariable(globalScope as never, specifier.local as never) as Variable | null;
        if (!variable) continue;
        if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
          const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : String(specifier.imported.value);
          const kind = driver.types[imported];
          const made = kind ? objectOfKind(driver, kind) : null;
          if (!made) continue;
          for (const reference of variable.references) this.bindAnnotation(reference.identifier as TSESTree.Identifier, made);
        } else {
          // `pg.Pool`, `mysql.Pool` through a default or namespace import.
          for (const reference of variable.references) {
            const id = reference.identifier as TSESTree.Node;
            const qualified = id.parent;
            if (qualified?.type !== AST_NODE_TYPES.TSQualifiedName || qualified.left !== id) continue;
            const kind = driver.types[qualified.right.name];
            const made = kind ? objectOfKind(driver, kind) : null;
            if (made) this.bindAnnotation(qualified, made);
          }
        }
      }
    }
  }

  private bindAnnotation(typeName: TSESTree.Node, made: DriverObject): void {
    let node: TSESTree.Node | undefined = typeName.parent;
    if (node?.type !== AST_NODE_TYPES.TSTypeReference) return;
    node = node.parent;
    while (node?.type === AST_NODE_TYPES.TSUnionType) node = node.parent;
    if (node?.type !== AST_NODE_TYPES.TSTypeAnnotation) return;
    const annotated = node.parent;
    if (!annotated) return;
    if (annotated.type === AST_NODE_TYPES.PropertyDefinition) {
      const name = keyName(annotated.key, annotated.computed);
      if (name) this.byField.set(name, made);
      return;
    }
    if (annotated.type !== AST_NODE_TYPES.Identifier) return;
    if (annotated.parent?.type === AST_NODE_TYPES.TSParameterProperty) this.byField.set(annotated.name, made);
    const variable = findVariable(this.sourceCode.getScope(annotated) as never, annotated as never) as Variable | null;
    if (variable && !this.byVariable.get(variable)) this.byVariable.set(variable, made);
  }
}

/**
 * Whether the pool at `receiver` offers `method` as a helper that checks out and releases by itself:
 * its driver's data lists it, and the pool's library is known. A pool known only by its name (or a
 * user pool from settings) may have no such method; it counts only when the code itself calls
 * `method` on the same pool elsewhere (`pool.query(…)` next to a `pool.connect()`).
 */
export function offersManagedHelper(objects: ObjectTracker, receiver: TSESTree.Node, method: string): boolean {
  const pool = objects.objectOf(receiver);
  if (!pool?.model.managed?.includes(method) || pool.model.scoped?.some(form => form.method === method)) return false;
  if (!pool.byName) return true;
  const calls = (object: TSESTree.Node): boolean => {
    const [member, child] = valueParent(object);
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== child || propertyName(member) !== method) return false;
    const [call, callee] = valueParent(member);
    return call?.type === AST_NODE_TYPES.CallExpression && call.callee === callee;
  };
  const node = skipTypeWrappers(receiver);
  if (node.type === AST_NODE_TYPES.Identifier) {
    const variable = objects.variableOf(node);
    return !!variable?.references.some(reference => calls(reference.identifier as TSESTree.Node));
  }
  const field = node.type === AST_NODE_TYPES.MemberExpression && isThis(node.object) ? propertyName(node) : null;
  let body: TSESTree.Node | undefined = node.parent;
  while (body && body.type !== AST_NODE_TYPES.ClassBody) body = body.parent;
  if (!field || !body) return false;
  let found = false;
  const visit = (current: TSESTree.Node): void => {
    if (found) return;
    if (current.type === AST_NODE_TYPES.MemberExpression && isThis(current.object) && propertyName(current) === field && calls(current)) found = true;
    forEachChild(current, visit);
  };
  visit(body);
  return found;
}
