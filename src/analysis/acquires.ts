import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import type { AcquireForm, Driver, ObjectModel } from '../drivers/types';
import { calleeParts, isFunction, type FunctionNode } from './ast';
import { objectOfKind, type DriverObject } from './driver-object';
import type { ObjectTracker } from './objects';
import type { PluginSettings } from './settings';

/** One call that checks out (or opens) a connection. */
export interface Acquisition {
  readonly call: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly driver: Driver;
  /** The model of the handle (its release forms, disposability). */
  readonly handle: ObjectModel;
  /**
   * promise: the call's (awaited) value is the handle; callback: a callback parameter is;
   * open: the receiver itself becomes held.
   */
  readonly style: 'promise' | 'callback' | 'open';
  /** The handle comes from a property (`.promise`) or method call (`.execute()`) of the call's value. */
  readonly settle?: AcquireForm['settle'];
  readonly callback?: FunctionNode;
  readonly handleParam?: number;
  readonly releaseParam?: number;
  /** The pool expression the handle came from (`pool` in `pool.connect()`). */
  readonly receiver: TSESTree.Expression | null;
  /** The driver is known only from a receiver name. */
  readonly byName: boolean;
  /** The handle takes its connection at its first use, not at the acquire. */
  readonly lazy?: AcquireForm['lazy'];
  /** A call of a same-file helper that checks out (`this._getConnection()`): the hop a message names. */
  readonly via?: HelperCheckout;
  /** `helper(given)` where the helper returns `given ?? pool.connect()`: owned only when this is nullish. */
  readonly unlessGiven?: TSESTree.Node;
}

/** The same-file helper behind a checkout, and the helper that gives its handle back, if there is one. */
export interface HelperCheckout {
  readonly helper: FunctionNode;
  /** How the call site writes the helper (`this._getConnection`). */
  readonly callee: string;
  readonly line: number;
  /** The helper's file, when it is another one (type-aware mode). */
  readonly file?: string;
  /** `this._releaseConnection`: a sibling that releases its first argument on every path. */
  readonly release: { readonly callee: string; readonly async: boolean } | null;
}

const candidateIndex = new WeakMap<readonly Driver[], Set<string>>();

/** Every method name that may acquire or open, so that most calls are dismissed by one Set lookup. */
export function acquireMethodNames(settings: PluginSettings): Set<string> {
  let names = candidateIndex.get(settings.drivers);
  if (!names) {
    names = new Set();
    const all = [...settings.drivers, ...settings.namedPools.map(p => p.driver)];
    for (const driver of all) {
      for (const model of Object.values(driver.objects)) {
        for (const form of model.acquire ?? []) names.add(form.method);
        if (model.opens) names.add(model.opens);
      }
    }
    candidateIndex.set(settings.drivers, names);
  }
  return names;
}

const anyReceiverIndex = new WeakMap<readonly Driver[], Map<string, { driver: Driver; form: AcquireForm }>>();

function anyReceiverForms(drivers: readonly Driver[]): Map<string, { driver: Driver; form: AcquireForm }> {
  let index = anyReceiverIndex.get(drivers);
  if (!index) {
    index = new Map();
    for (const driver of drivers) {
      for (const model of Object.values(driver.objects)) {
        for (const form of model.acquire ?? []) if (form.anyReceiver) index.set(form.method, { driver, form });
      }
    }
    anyReceiverIndex.set(drivers, index);
  }
  return index;
}

const withNamedPools = new WeakMap<PluginSettings, readonly Driver[]>();

/** The drivers plus the pools known by name (their unique method names count on any receiver too). */
function driversWithNamedPools(settings: PluginSettings): readonly Driver[] {
  let all = withNamedPools.get(settings);
  if (!all) withNamedPools.set(settings, (all = [...settings.drivers, ...new Set(settings.namedPools.map(p => p.driver))]));
  return all;
}

function lastFunctionArgument(call: TSESTree.CallExpression | TSESTree.NewExpression): FunctionNode | undefined {
  const last = call.arguments.at(-1);
  return last && isFunction(last) ? last : undefined;
}

function fromForm(
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  owner: DriverObject,
  form: AcquireForm,
  receiver: TSESTree.Expression | null,
): Acquisition | null {
  const handle = owner.driver.objects[form.yields];
  if (!handle) return null;
  const callback = lastFunctionArgument(call);
  const base = { call, driver: owner.driver, handle, receiver, byName: owner.byName };
  if (form.style === 'callback' || (form.style === 'either' && callback)) {
    if (!callback) return null;
    const handleParam = form.handleParam ?? 1;
    // An unknown pool's `connect(async (connection) => …)` is a scoped helper (slonik), not an err-first callback.
    if (callback.params.length <= handleParam) return null;
    return { ...base, style: 'callback', callback, handleParam, releaseParam: form.releaseParam };
  }
  if (callback) return null;
  return { ...base, style: 'promise', settle: form.settle, lazy: form.lazy };
}

/** Classifies a call as an acquire of a known (or pool-named) object, or null. */
export function matchAcquire(
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  objects: ObjectTracker,
  settings: PluginSettings,
): Acquisition | null {
  const created = objects.isCreation(call) ? objects.objectOf(call) : null;
  if (created?.model.release && !created.model.opens && call.parent?.type !== AST_NODE_TYPES.MemberExpression) {
    // A factory that makes a held connection by itself (`mysql.createConnection()`, `oracledb.getConnection()`).
    return { call, driver: created.driver, handle: created.model, style: 'promise', receiver: null, byName: false };
  }
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  const [method, receiver] = calleeParts(call);
  if (!method || !receiver) return null;
  const owner = objects.objectOf(receiver);
  if (owner) {
    if (owner.model.opens === method && receiver.type === AST_NODE_TYPES.Identifier) {
      return { call, driver: owner.driver, handle: owner.model, style: 'open', receiver, byName: owner.byName };
    }
    const form = owner.model.acquire?.find(f => f.method === method);
    if (form) return fromForm(call, owner, form, receiver);
    if (!owner.byName) return null;
  }
  const unique = anyReceiverForms(driversWithNamedPools(settings)).get(method);
  // A name unique to one driver still needs that driver's call shape: no arguments or literal options
  // (`createQueryRunner('master')`), not a library's own `this.acquireConnection(connection, cb)`.
  if (unique && call.arguments.every(a => a.type === AST_NODE_TYPES.Literal)) {
    const pool = Object.entries(unique.driver.objects).find(([, model]) => model.acquire?.includes(unique.form));
    const poolObject = pool && objectOfKind(unique.driver, pool[0]);
    if (poolObject) return fromForm(call, poolObject, unique.form, receiver);
  }
  return null;
}
