import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import {
  CLOSING_METHODS,
  HOOK_REGISTRATION_METHODS,
  LISTENER_METHODS,
  ONCE_FUNCTION_NAME,
  PROCESS_EXIT_METHODS,
  PROCESS_OBJECT,
  PROMISE_CHAIN_METHODS,
  SHUTDOWN_EVENTS,
  SHUTDOWN_FUNCTION_NAME,
  SHUTDOWN_HOOK_NAMES,
  SHUTDOWN_LIFECYCLE_METHODS,
  TEARDOWN_HOOKS,
} from '../drivers/conventions';
import { calleeParts, enclosingFunction, forEachChild, isFunction, isThis, keyName, propertyName, skipTypeWrappers, valueParent, type FunctionNode } from './ast';
import { enclosingFunctions } from './construction-site';
import type { DriverObject } from './driver-object';
import { objectOfKind } from './driver-object';
import { objectTrackerFor, type ObjectTracker } from './objects';
import { classAround, endingMethodsOf, fieldWrites, type ClassNode } from './ownership';
import { RequestReach, functionName, functionOfVariable } from './request-reach';
import { RequestScopes } from './request-scope';
import { importsDriverModule, namesPool, readSettings, type PluginSettings } from './settings';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;

/**
 * `no-shared-pool-close`: an ending call (`pool.end()`, `client.close()`, `prisma.$disconnect()` …)
 * on a pool the surrounding code does not own: a module-level pool ended per request or per call,
 * or a pool a class received from its caller ended in one of its methods.
 */
export interface SharedClose {
  readonly kind: 'moduleInRequest' | 'moduleInCall' | 'injected';
  readonly call: TSESTree.CallExpression;
  readonly object: DriverObject;
  /** The request scope (moduleInRequest), the function run per call (moduleInCall) or the class (injected). */
  readonly where: string;
  /** The method that ends it (injected): `close`. */
  readonly member?: string;
}

const endingNamesCache = new WeakMap<object, ReadonlySet<string>>();

/** Every method name that ends some object of the settings' drivers (named pools too): the cheap first test on each call. */
function endingNames(settings: PluginSettings): ReadonlySet<string> {
  let names = endingNamesCache.get(settings);
  if (!names) {
    const all = new Set<string>(CLOSING_METHODS);
    for (const driver of [...settings.drivers, ...settings.namedPools.map(p => p.driver)]) {
      for (const kind of Object.keys(driver.objects)) {
        const object = objectOfKind(driver, kind);
        if (object) for (const name of endingMethodsOf(object)) all.add(name);
      }
    }
    names = all;
    endingNamesCache.set(settings, names);
  }
  return names;
}

export function createSharedCloseAnalysis(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  onFinding: (finding: SharedClose) => void,
): TSESLint.RuleListener {
  const sourceCode = context.sourceCode;
  const settings = readSettings(context);
  // A pool comes from a driver import, a declared type, or a name: pool-like, or matching the user's pattern.
  const mayHavePool = settings.typeAware || settings.customReceivers || importsDriverModule(sourceCode, settings) || namesPool(sourceCode, settings);
  if (!mayHavePool) return {};
  const names = endingNames(settings);
  const objects = objectTrackerFor(context, settings);
  const candidates: TSESTree.CallExpression[] = [];
  return {
    Program(program) {
      objects.init(program);
    },
    CallExpression(node) {
      // The method name is the cheapest test, and most calls of a file fail it.
      const callee = skipTypeWrappers(node.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && names.has(propertyName(callee) ?? '')) candidates.push(node);
    },
    'Program:exit'(program: TSESTree.Program) {
      // Most candidates are other objects' methods (`map.clear()`, `res.end()`) or a script's last line:
      // the file-wide facts are gathered only when a pool is ended inside a function.
      const ending = candidates.filter(call => enclosingFunction(call) && mayBeShared(objects, call) && endedObject(objects, call));
      if (ending.length === 0) return;
      const judge = new SharedCloseJudge(context, objects, program);
      for (const call of ending) {
        const finding = judge.judge(call);
        if (finding) onFinding(finding);
      }
    },
  } as TSESLint.RuleListener;
}

/** The pool or client `receiver.method()` ends, if the method is one of its ending forms. */
function endedObject(objects: ObjectTracker, call: TSESTree.CallExpression): DriverObject | null {
  const callee = skipTypeWrappers(call.callee) as TSESTree.MemberExpression;
  const method = propertyName(callee);
  const object = method ? objects.objectOf(callee.object) : null;
  return object && endingMethodsOf(object).has(method!) ? object : null;
}

/** The receiver is a `this` field or rooted at a module-level variable: the only pools the rule judges (locals and parameters go first). */
function mayBeShared(objects: ObjectTracker, call: TSESTree.CallExpression): boolean {
  const receiver = (skipTypeWrappers(call.callee) as TSESTree.MemberExpression).object;
  if (rootThisField(receiver)) return true;
  const root = rootIdentifier(receiver);
  const variable = root ? objects.variableOf(root) : null;
  return !!variable && isModuleLevel(variable);
}

/** A variable declared at the top of the module (ES module, script or CommonJS wrapper), or imported. */
function isModuleLevel(variable: Variable): boolean {
  const scope = variable.scope;
  return scope.type === 'module' || scope.type === 'global' || (scope.type === 'function' && scope.block.type === AST_NODE_TYPES.Program);
}

/** The root identifier of `a.b.c` (non-computed members only). */
function rootIdentifier(node: Node): TSESTree.Identifier | null {
  let current = skipTypeWrappers(node);
  while (current.type === AST_NODE_TYPES.MemberExpression && !current.computed) current = skipTypeWrappers(current.object);
  return current.type === AST_NODE_TYPES.Identifier ? current : null;
}

/** The `this.<field>` at the root of `this.db.$pool`, or null. */
function rootThisField(node: Node): string | null {
  let current = skipTypeWrappers(node);
  while (current.type === AST_NODE_TYPES.MemberExpression && !current.computed) {
    if (isThis(current.object)) return propertyName(current);
    current = skipTypeWrappers(current.object);
  }
  return null;
}

/** The class member (method or function-valued field) whose `this` the call sees, through arrow functions only. */
function memberAround(chain: readonly FunctionNode[]): { fn: FunctionNode; name: string | null; kind: 'constructor' | 'method' } | null {
  for (const fn of chain) {
    const [parent] = valueParent(fn);
    if (parent?.type === AST_NODE_TYPES.MethodDefinition) {
      if (parent.static) return null;
      return { fn, name: functionName(fn), kind: parent.kind === 'constructor' ? 'constructor' : 'method' };
    }
    if (parent?.type === AST_NODE_TYPES.PropertyDefinition) return parent.static ? null : { fn, name: keyName(parent.key, parent.computed), kind: 'method' };
    if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression) return null;
  }
  return null;
}

class SharedCloseJudge {
  private readonly scopes: RequestScopes;
  private readonly reach: RequestReach;
  /** `new ClassName(…)` sites, by class name. */
  private readonly instantiations = new Map<string, TSESTree.NewExpression[]>();
  private readonly shutdownFunctions = new Set<Node>();
  private readonly shutdownPaths = new Map<FunctionNode, boolean>();

  constructor(
    private readonly context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
    private readonly objects: ObjectTracker,
    private readonly program: TSESTree.Program,
  ) {
    this.scopes = new RequestScopes(context.filename, context.sourceCode, id => objects.variableOf(id), []);
    this.reach = new RequestReach(objects, this.scopes);
  }

  private gathered = false;

  /** The file-wide facts, gathered once the first call needs them. */
  private gather(): void {
    if (this.gathered) return;
    this.gathered = true;
    this.scopes.init(this.program);
    this.walk(this.program, null);
  }

  /** One pass over the file: local calls (for request reach), instantiations, functions registered as shutdown hooks by name. */
  private walk(node: Node, fn: FunctionNode | null): void {
    if (node.type === AST_NODE_TYPES.CallExpression) {
      this.reach.recordCall(fn, node);
      if (this.isShutdownRegistration(node)) {
        for (const argument of node.arguments) {
          const target = argument.type === AST_NODE_TYPES.Identifier ? functionOfVariable(this.objects.variableOf(argument)) : null;
          if (target) this.shutdownFunctions.add(target);
        }
      }
    } else if (node.type === AST_NODE_TYPES.NewExpression && node.callee.type === AST_NODE_TYPES.Identifier) {
      const list = this.instantiations.get(node.callee.name);
      if (list) list.push(node);
      else this.instantiations.set(node.callee.name, [node]);
    }
    const inner = isFunction(node) ? node : fn;
    forEachChild(node, child => this.walk(child, inner));
  }

  /** `process.on('SIGTERM', fn)`, `server.close(fn)`, `fastify.addHook('onClose', fn)`, `afterAll(fn)`. */
  private isShutdownRegistration(call: TSESTree.CallExpression): boolean {
    const [method, receiver] = calleeParts(call);
    if (!method) return false;
    const first = call.arguments[0];
    const literal = first?.type === AST_NODE_TYPES.Literal && typeof first.value === 'string' ? first.value : null;
    if (LISTENER_METHODS.has(method)) {
      const root = receiver ? skipTypeWrappers(receiver) : null;
      return root?.type === AST_NODE_TYPES.Identifier && root.name === PROCESS_OBJECT && !!literal && SHUTDOWN_EVENTS.has(literal);
    }
    if (HOOK_REGISTRATION_METHODS.has(method)) return !!literal && SHUTDOWN_HOOK_NAMES.has(literal);
    return (!!receiver && CLOSING_METHODS.has(method)) || TEARDOWN_HOOKS.has(method);
  }

  /** `process.exit()` inside the function: it ends the process itself (an admin shutdown route). */
  private exitsProcess(fn: FunctionNode): boolean {
    let found = false;
    const visit = (node: Node): void => {
      if (found) return;
      if (node.type === AST_NODE_TYPES.CallExpression) {
        const [method, receiver] = calleeParts(node);
        const root = receiver ? skipTypeWrappers(receiver) : null;
        if (method && PROCESS_EXIT_METHODS.has(method) && root?.type === AST_NODE_TYPES.Identifier && root.name === PROCESS_OBJECT) found = true;
      }
      forEachChild(node, visit);
    };
    visit(fn.body);
    return found;
  }

  /** The function runs on shutdown: registered as a hook, a framework shutdown method, or it exits the process. */
  private isShutdownPath(fn: FunctionNode): boolean {
    let known = this.shutdownPaths.get(fn);
    if (known === undefined) {
      known = this.judgeShutdownPath(fn);
      this.shutdownPaths.set(fn, known);
    }
    return known;
  }

  private judgeShutdownPath(fn: FunctionNode): boolean {
    if (this.shutdownFunctions.has(fn)) return true;
    const [parent, child] = valueParent(fn);
    if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee !== child && this.isShutdownRegistration(parent)) return true;
    if (parent?.type === AST_NODE_TYPES.MethodDefinition && SHUTDOWN_LIFECYCLE_METHODS.has(functionName(fn) ?? '')) return true;
    return this.exitsProcess(fn);
  }

  judge(call: TSESTree.CallExpression): SharedClose | null {
    const receiver = (skipTypeWrappers(call.callee) as TSESTree.MemberExpression).object;
    const object = endedObject(this.objects, call);
    if (!object) return null;
    const chain = enclosingFunctions(call);
    const field = rootThisField(receiver);
    const root = field ? null : rootIdentifier(receiver);
    const variable = root ? this.objects.variableOf(root) : null;
    // Neither a field nor a module-level pool: one the function built or was handed (the cheap answer, first).
    if (!field && !(variable && isModuleLevel(variable))) return null;
    return field ? this.judgeInjected(call, object, field, chain) : this.judgeModulePool(call, object, variable!, chain);
  }

  /** Runs on a shutdown path: some function around the call is a hook (the file-wide facts are gathered here, after the cheap tests). */
  private onShutdownPath(chain: readonly FunctionNode[]): boolean {
    this.gather();
    return chain.some(fn => this.isShutdownPath(fn));
  }

  /** A pool the class received (constructor or method parameter, stored on `this`) ended in one of its instance methods. */
  private judgeInjected(call: TSESTree.CallExpression, object: DriverObject, field: string, chain: readonly FunctionNode[]): SharedClose | null {
    const member = memberAround(chain);
    const cls = classAround(call);
    if (!member || member.kind === 'constructor' || !cls) return null;
    if (!this.isInjected(cls, field) || this.onShutdownPath(chain)) return null;
    const name = cls.id?.name ?? null;
    // Every `new C(…)` of the file hands it a pool built for it: the instance is that pool's only user.
    const sites = name ? (this.instantiations.get(name) ?? []) : [];
    if (sites.length > 0 && sites.every(site => site.arguments.some(argument => this.buildsInline(argument)))) return null;
    return { kind: 'injected', call, object, where: name ?? 'this class', member: member.name ?? undefined };
  }

  /** Every value the class stores in the field comes from a parameter (`this.pool = pool`, `options.pool`, a parameter property). */
  private isInjected(cls: ClassNode, field: string): boolean {
    const { values, parameterProperty } = fieldWrites(this.context.sourceCode, cls, field);
    if (!parameterProperty && values.length === 0) return false;
    return values.every(value => {
      const root = rootIdentifier(value);
      const def = root ? this.objects.variableOf(root)?.defs[0] : undefined;
      return def?.type === 'Parameter';
    });
  }

  /** `new Pool()` given directly, or as a property of an options object. */
  private buildsInline(argument: Node): boolean {
    const value = skipTypeWrappers(argument);
    if (this.objects.isCreation(value)) return true;
    return (
      value.type === AST_NODE_TYPES.ObjectExpression &&
      value.properties.some(p => p.type === AST_NODE_TYPES.Property && this.objects.isCreation(skipTypeWrappers(p.value)))
    );
  }

  /** A module-level pool ended in a request scope, a helper it calls, or an exported function or method run per call. */
  private judgeModulePool(call: TSESTree.CallExpression, object: DriverObject, variable: Variable, chain: readonly FunctionNode[]): SharedClose | null {
    // Reassigned inside a function (`pool = null`, `pool ??= new Pool()`): that code manages the pool's lifecycle itself.
    if (variable.references.some(ref => ref.isWrite() && !ref.init && enclosingFunctions(ref.identifier as Node).length > 0)) return null;
    const named = chain.find(fn => functionName(fn) !== null);
    // At module scope a script ends what it built when it is done.
    if (chain.length === 0 || (named && SHUTDOWN_FUNCTION_NAME.test(functionName(named)!)) || this.onShutdownPath(chain)) return null;
    for (const fn of chain) {
      const scope = this.scopes.scopeOf(fn);
      if (scope) return { kind: 'moduleInRequest', call, object, where: scope.label };
    }
    const helper = this.reach.calledFromRequest(chain[0]);
    if (helper) return { kind: 'moduleInRequest', call, object, where: helper.label };
    const perCall = this.functionRunPerCall(chain);
    if (!perCall) return null;
    // Every instance of a class shares a module-level pool; an exported function shares it only when other code uses it too.
    if (valueParent(perCall)[0]?.type !== AST_NODE_TYPES.MethodDefinition && !this.isShared(variable, perCall)) return null;
    return { kind: 'moduleInCall', call, object, where: functionName(perCall)! };
  }

  /**
   * The named function around the call when it runs per call: an exported function or a class
   * method, not a setup function (main, init …) nor one the module calls at load. A callback handed
   * to another call (other than a promise's then/catch/finally) runs when that call decides: unknown.
   */
  private functionRunPerCall(chain: readonly FunctionNode[]): FunctionNode | null {
    for (const fn of chain) {
      const name = functionName(fn);
      if (!name) {
        const [parent, child] = valueParent(fn);
        const chained = parent?.type === AST_NODE_TYPES.CallExpression && parent.callee !== child && PROMISE_CHAIN_METHODS.has(calleeParts(parent)[0] ?? '');
        if (chained) continue;
        return null;
      }
      if (ONCE_FUNCTION_NAME.test(name) || this.reach.calledAtModuleScope(fn)) return null;
      const [parent] = valueParent(fn);
      return parent?.type === AST_NODE_TYPES.MethodDefinition || this.isExported(fn) ? fn : null;
    }
    return null;
  }

  /** `export function f`, `export const f = …`, `exports.f = …`, `module.exports = { f }`, `export { f }`. */
  private isExported(fn: FunctionNode): boolean {
    const [parent] = valueParent(fn);
    if (parent?.type === AST_NODE_TYPES.ExportNamedDeclaration || parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
    if (parent?.type === AST_NODE_TYPES.AssignmentExpression) return this.isExportTarget(parent.left);
    let variables: readonly Variable[] = [];
    if (fn.type === AST_NODE_TYPES.FunctionDeclaration) variables = this.context.sourceCode.getDeclaredVariables(fn);
    else if (parent?.type === AST_NODE_TYPES.VariableDeclarator) {
      if (parent.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return true;
      variables = this.context.sourceCode.getDeclaredVariables(parent);
    }
    return variables.some(variable =>
      variable.references.some(ref => {
        const [holder] = valueParent(ref.identifier as Node);
        if (holder?.type === AST_NODE_TYPES.ExportSpecifier) return true;
        if (holder?.type === AST_NODE_TYPES.AssignmentExpression) return this.isExportTarget(holder.left);
        const object = holder?.type === AST_NODE_TYPES.Property ? holder.parent : null;
        const assignment = object?.parent;
        return assignment?.type === AST_NODE_TYPES.AssignmentExpression && assignment.right === object && this.isExportTarget(assignment.left);
      }),
    );
  }

  private isExportTarget(target: Node): boolean {
    const root = rootIdentifier(target);
    return !!root && (root.name === 'exports' || root.name === 'module') && !this.objects.variableOf(root)?.defs.length;
  }

  /** Other code uses the pool: it is imported (or required), exported, or read outside the function that ends it. */
  private isShared(variable: Variable, fn: FunctionNode): boolean {
    const def = variable.defs[0];
    if (def?.type === 'ImportBinding') return true;
    if (def?.type === 'Variable') {
      if (def.parent?.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return true;
      const init = def.node.init ? skipTypeWrappers(def.node.init) : null;
      const required = init?.type === AST_NODE_TYPES.CallExpression ? init : init?.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(init.object) : null;
      if (required?.type === AST_NODE_TYPES.CallExpression && required.callee.type === AST_NODE_TYPES.Identifier && required.callee.name === 'require') return true;
    }
    return variable.references.some(ref => {
      const id = ref.identifier as Node;
      return !ref.init && !(id.range[0] >= fn.range[0] && id.range[1] <= fn.range[1]);
    });
  }
}
