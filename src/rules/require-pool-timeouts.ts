import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { calleeName, calleeParts, isFunction, skipTypeWrappers } from '../analysis/ast';
import { objectTrackerFor, type Creation } from '../analysis/objects';
import {
  acquireTimeoutOf,
  addArgument,
  buildsPool,
  addProperty,
  boundOf,
  lookupKey,
  optionsObject,
  shortestStatementTimeout,
  writtenAcquireTimeout,
  type OptionsFix,
  type WrittenDuration,
} from '../analysis/pool-options';
import { appliesTo } from '../analysis/pool-size';
import { importsDriverModule, readSettings } from '../analysis/settings';
import { poolConfigOf, poolConfigs, type AcquireTimeoutConfig, type CallTimeoutConfig, type QueryTimeoutConfig } from '../drivers/pool-config';
import { gatedRule } from '../analysis/gated-rule';

export type Options = [{ ignoreFiniteDefaults?: boolean; queryTimeout?: boolean }];
export type MessageId =
  | 'missingTimeout'
  | 'defaultTimeout'
  | 'unboundedTimeout'
  | 'missingQueueLimit'
  | 'unboundedQueueLimit'
  | 'missingTransactionTimeout'
  | 'missingQueryTimeout'
  | 'defaultQueryTimeout'
  | 'unboundedQueryTimeout'
  | 'invertedTimeouts'
  | 'setOption'
  | 'addTransactionOptions';

/** Methods with a call-level timeout in some driver's data (`$transaction`). */
const CALL_METHODS = new Set(
  Object.values(poolConfigs).flatMap(config => (config.callTimeout ? [config.callTimeout.method] : [])),
);

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 37)}...` : flat;
}

export default gatedRule<Options, MessageId>({
  name: 'require-pool-timeouts',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require a finite acquire timeout (or queue limit) on connection pools, so an exhausted pool fails fast instead of hanging',
      recommended: 'strict',
      strictOptions: [{ queryTimeout: true }],
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          ignoreFiniteDefaults: {
            type: 'boolean',
            description:
              "Report a missing key only when the driver's default waits forever (pg, generic-pool, mysql2, mongodb); accept the finite defaults of tarn, knex, mariadb, oracledb, mssql and Sequelize.",
          },
          queryTimeout: {
            type: 'boolean',
            description:
              'Also require a statement or query timeout on the pool where the driver has a pool option for one (pg `statement_timeout`/`query_timeout`, mariadb `queryTimeout`, mssql `requestTimeout`, MongoDB `socketTimeoutMS`/`timeoutMS`, slonik `statementTimeout`, postgres.js `connection.statement_timeout`).',
          },
        },
      },
    ],
    defaultOptions: [{ ignoreFiniteDefaults: false, queryTimeout: false }],
    messages: {
      missingTimeout: '`{{construct}}` sets no `{{key}}` ({{driver}} waits forever by default): requests hang when the pool is exhausted. Set a finite `{{key}}`.',
      defaultTimeout: '`{{construct}}` relies on the {{driver}} default `{{key}}` of {{default}} ms: set the acquire timeout explicitly.',
      unboundedTimeout: '`{{key}}: {{value}}` turns off the acquire timeout of `{{construct}}`: requests hang when the pool is exhausted. Set a finite `{{key}}`.',
      missingQueueLimit: '`{{construct}}` sets no `queueLimit` ({{driver}} has no acquire timeout): callers queue without limit. Set a finite `queueLimit`.',
      unboundedQueueLimit: '`queueLimit: {{value}}` lets callers of `{{construct}}` queue without limit ({{driver}} has no acquire timeout). Set a finite `queueLimit`.',
      missingTransactionTimeout: '`{{construct}}` starts an interactive transaction without `maxWait`/`timeout`: set them on the call or `{{clientKey}}` on the client.',
      setOption: 'Set `{{key}}: {{value}}`.',
      addTransactionOptions: 'Pass `{{options}}`.',
      missingQueryTimeout: '`{{construct}}` sets no `{{key}}` ({{driver}} lets a statement run forever by default): a slow query holds its connection. Set `{{key}}`.',
      defaultQueryTimeout: '`{{construct}}` relies on the {{driver}} default `{{key}}` of {{default}} ms: set the statement timeout explicitly.',
      unboundedQueryTimeout: '`{{key}}: {{value}}` turns off the statement timeout of `{{construct}}`: a slow query holds its connection. Set a finite `{{key}}`.',
      invertedTimeouts: '`{{acquireKey}}: {{acquire}}` waits longer for a connection than `{{queryKey}}: {{query}}` lets a statement run: make the acquire timeout shorter.',
    },
  },
  create(context, [{ ignoreFiniteDefaults, queryTimeout }]) {
    const sourceCode = context.sourceCode;
    // Pools are found through their driver's module: a file that names none constructs none.
    if (!importsDriverModule(sourceCode, readSettings(context))) return {};
    // The checks live in their own function: their helpers are created only for files that need them.
    return timeoutListeners(context, ignoreFiniteDefaults === true, queryTimeout === true);
  },
});

function timeoutListeners(
  context: Readonly<TSESLint.RuleContext<MessageId, Options>>,
  ignoreFiniteDefaults: boolean,
  requireQueryTimeout: boolean,
): TSESLint.RuleListener {
  const sourceCode = context.sourceCode;
  const objects = objectTrackerFor(context, readSettings(context));
  /** Prisma clients whose constructor sets (or may set) transaction defaults. */
  let clientDefaults = new Set<string>();

  function describe(node: TSESTree.CallExpression | TSESTree.NewExpression): string {
    return `${node.type === AST_NODE_TYPES.NewExpression ? 'new ' : ''}${shorten(sourceCode.getText(node.callee))}()`;
  }

  function reportCreation(creation: Creation, acquireConfig: AcquireTimeoutConfig, queryMs: number | null): void {
    // A suggested acquire timeout shorter than the statement timeout written beside it keeps the two in order.
    const suggested = acquireConfig.measure === 'timeout' && queryMs !== null && queryMs <= Number(acquireConfig.suggested) ? String(Math.floor(queryMs / 2)) : acquireConfig.suggested;
    const config = { ...acquireConfig, suggested };
    const verdict = acquireTimeoutOf(sourceCode, creation.node, config);
    if (verdict.kind === 'bounded' || verdict.kind === 'unknown') return;
    const node = creation.node;
    const key = config.keys[0].join('.');
    const data = {
      construct: describe(node),
      driver: creation.made.driver.id,
      key,
      value: config.suggested,
      default: String(config.defaultValue ?? ''),
    };
    const loc = { start: node.loc.start, end: node.callee.loc.end };
    const queue = config.measure === 'queueLimit';
    if (verdict.kind === 'unbounded') {
      const value = verdict.value;
      context.report({
        loc,
        messageId: queue ? 'unboundedQueueLimit' : 'unboundedTimeout',
        data: { ...data, key: verdict.key, value: sourceCode.getText(value) },
        suggest: [
          {
            messageId: 'setOption',
            data: { key: verdict.key, value: config.suggested },
            fix: fixer => fixer.replaceText(value, config.suggested),
          },
        ],
      });
      return;
    }
    if (config.defaultValue !== null && ignoreFiniteDefaults) return;
    const fix = verdict.fix;
    context.report({
      loc,
      messageId: queue ? 'missingQueueLimit' : config.defaultValue === null ? 'missingTimeout' : 'defaultTimeout',
      data,
      suggest: fix ? [{ messageId: 'setOption', data: { key, value: config.suggested }, fix }] : [],
    });
  }

  /** `prisma.$transaction(async tx => …)` without `maxWait`/`timeout`. */
  function checkCall(node: TSESTree.CallExpression, config: CallTimeoutConfig, driverId: string): void {
    const callback = node.arguments[config.callbackArgument];
    if (!callback || !isFunction(skipTypeWrappers(callback))) return;
    if (node.arguments.some(a => a.type === AST_NODE_TYPES.SpreadElement)) return;
    if (config.clientDefaultsKey && clientDefaults.has(driverId)) return;
    const options = node.arguments[config.argument];
    let fix: OptionsFix | null = null;
    if (!options) {
      fix = fixer => addArgument(sourceCode, fixer, node, config.argument, config.suggested);
    } else {
      const object = optionsObject(sourceCode, options);
      if (!object) return;
      // Any of the keys written (even to a value computed at run time) makes the call explicit.
      for (const key of config.keys) {
        const found = lookupKey(sourceCode, object, [key]);
        if (found.kind === 'unknown') return;
        if (found.kind === 'found' && boundOf(sourceCode, found.value) !== 'default') return;
      }
      const inner = config.suggested.replace(/^\{\s*|\s*\}$/g, '');
      fix = fixer => addProperty(sourceCode, fixer, object, inner);
    }
    context.report({
      loc: { start: node.loc.start, end: node.callee.loc.end },
      messageId: 'missingTransactionTimeout',
      data: { construct: `${shorten(sourceCode.getText(node.callee))}()`, clientKey: config.clientDefaultsKey ?? '' },
      suggest: [{ messageId: 'addTransactionOptions', data: { options: config.suggested }, fix }],
    });
  }

  // Only a call of one of these methods can miss its own timeout: a file that never names one
  // needs no listener on every call.
  const namesCallMethod = [...CALL_METHODS].some(method => sourceCode.text.includes(method));
  const listeners: TSESLint.RuleListener = {
    Program(program) {
      objects.init(program);
      clientDefaults = new Set();
      for (const creation of objects.creations()) {
        const driverConfig = poolConfigOf(creation.made.driver.id);
        const callConfig = driverConfig?.callTimeout;
        if (callConfig?.clientDefaultsKey && creation.made.kind === callConfig.kind) {
          // A constructor that sets (or may set, through a spread or a variable) call defaults.
          const [first] = creation.node.arguments;
          const options = first ? optionsObject(sourceCode, first) : null;
          if (first && (!options || lookupKey(sourceCode, options, [callConfig.clientDefaultsKey]).kind !== 'missing')) {
            clientDefaults.add(creation.made.driver.id);
          }
        }
        if (!buildsPool(sourceCode, creation)) continue;
        const config = driverConfig?.acquireTimeout;
        const queryConfig = driverConfig?.queryTimeout;
        const acquire = config && appliesTo(creation, config) ? writtenAcquireTimeout(sourceCode, creation.node, config) : null;
        const statement = queryConfig && appliesTo(creation, queryConfig) ? shortestStatementTimeout(sourceCode, creation.node, queryConfig, acquire) : null;
        if (config && appliesTo(creation, config)) reportCreation(creation, config, statement?.ms ?? null);
        if (!queryConfig) continue;
        if (acquire && statement && acquire.ms >= statement.ms) reportInvertedTimeouts(context, acquire, statement);
        if (requireQueryTimeout && appliesTo(creation, queryConfig)) {
          reportQueryTimeout(context, creation, queryConfig, { acquireMs: acquire?.ms ?? null, ignoreFiniteDefaults, construct: describe(creation.node) });
        }
      }
    },
  };
  if (namesCallMethod) {
    listeners.CallExpression = node => {
      const name = calleeName(node);
      if (name === null || !CALL_METHODS.has(name)) return;
      const [method, receiver] = calleeParts(node);
      if (!method || !receiver) return;
      const made = objects.objectOf(receiver);
      if (!made) return;
      const config = poolConfigOf(made.driver.id)?.callTimeout;
      if (!config || config.kind !== made.kind || config.method !== method) return;
      checkCall(node, config, made.driver.id);
    };
  }
  return listeners;
}

/** A pool without a finite statement timeout (with `queryTimeout: true`). */
function reportQueryTimeout(
  context: Readonly<TSESLint.RuleContext<MessageId, Options>>,
  creation: Creation,
  config: QueryTimeoutConfig,
  { acquireMs, ignoreFiniteDefaults, construct }: { acquireMs: number | null; ignoreFiniteDefaults: boolean; construct: string },
): void {
  const sourceCode = context.sourceCode;
  // A suggested statement timeout longer than the acquire timeout written beside it keeps the two in order.
  const suggested = String(Math.max(Number(config.suggested), acquireMs === null ? 0 : acquireMs * 2));
  const verdict = acquireTimeoutOf(sourceCode, creation.node, { ...config, suggested });
  if (verdict.kind === 'bounded' || verdict.kind === 'unknown') return;
  const node = creation.node;
  const key = config.keys[0].join('.');
  const data = { construct, driver: creation.made.driver.id, key, value: suggested, default: String(config.defaultValue ?? '') };
  const loc = { start: node.loc.start, end: node.callee.loc.end };
  if (verdict.kind === 'unbounded') {
    const value = verdict.value;
    context.report({
      loc,
      messageId: 'unboundedQueryTimeout',
      data: { ...data, key: verdict.key, value: sourceCode.getText(value) },
      suggest: [{ messageId: 'setOption', data: { key: verdict.key, value: suggested }, fix: fixer => fixer.replaceText(value, suggested) }],
    });
    return;
  }
  if (config.defaultValue !== null && ignoreFiniteDefaults) return;
  const fix = verdict.fix;
  context.report({
    loc,
    messageId: config.defaultValue === null ? 'missingQueryTimeout' : 'defaultQueryTimeout',
    data,
    suggest: fix ? [{ messageId: 'setOption', data: { key, value: suggested }, fix }] : [],
  });
}

/** The acquire timeout and a statement timeout written on one pool, the acquire one not shorter. */
function reportInvertedTimeouts(context: Readonly<TSESLint.RuleContext<MessageId, Options>>, acquire: WrittenDuration, statement: WrittenDuration): void {
  const sourceCode = context.sourceCode;
  context.report({
    node: acquire.node,
    messageId: 'invertedTimeouts',
    data: { acquireKey: acquire.key, acquire: sourceCode.getText(acquire.node), queryKey: statement.key, query: sourceCode.getText(statement.node) },
  });
}
