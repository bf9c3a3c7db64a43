import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { buildsSomething, valueHolder } from '../analysis/construction-site';
import { environmentVariableName } from '../analysis/env-default';
import { gatedRule } from '../analysis/gated-rule';
import { objectTrackerFor, type Creation } from '../analysis/objects';
import { appliesTo, isBuiltOncePerProcess, poolSizeOf, type PoolSize } from '../analysis/pool-size';
import { serverlessKind } from '../analysis/serverless';
import { importsDriverModule, readSettings, type BudgetSettings } from '../analysis/settings';
import { poolConfigOf } from '../drivers/pool-config';

export type Options = [];
export type MessageId = 'overBudget' | 'serverlessPool' | 'sizeFromEnvironment';

/** The environment variable a suggestion reads when the code names none. */
const DEFAULT_VARIABLE = 'DB_POOL_MAX';

interface SizedPool {
  readonly creation: Creation;
  readonly size: PoolSize;
  /** Pools of one server share its `max_connections` (a MongoDB client does not take a Postgres slot). */
  readonly server: string;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `3 pools × max 10 × 12 instances = 360 > 100 − 20`, or `pools of max (10 + 25) × 1 instance = 35 > 30`. */
function arithmetic(pools: readonly SizedPool[], budget: BudgetSettings, available: number): string {
  const maxima = pools.map(pool => pool.size.max);
  const total = maxima.reduce((sum, max) => sum + max, 0);
  const sizes = maxima.every(max => max === maxima[0]) ? `${plural(maxima.length, 'pool')} × max ${maxima[0]}` : `pools of max (${maxima.join(' + ')})`;
  const limit = budget.reserved > 0 ? `${budget.maxConnections} − ${budget.reserved}` : String(available);
  return `${sizes} × ${plural(budget.instances, 'instance')} = ${total * budget.instances} > ${limit}`;
}

/** `readPool` → `READ_POOL_MAX`, `db` → `DB_POOL_MAX`: the name of the variable the pool is stored in. */
function variableFor(creation: Creation): string {
  const [holder] = valueHolder(creation.node);
  const target =
    holder?.type === AST_NODE_TYPES.VariableDeclarator ? holder.id : holder?.type === AST_NODE_TYPES.AssignmentExpression ? holder.left : null;
  const name = target?.type === AST_NODE_TYPES.Identifier ? target.name : target?.type === AST_NODE_TYPES.MemberExpression && !target.computed && target.property.type === AST_NODE_TYPES.Identifier ? target.property.name : null;
  if (!name || !/^[A-Za-z_$][\w$]*$/.test(name)) return DEFAULT_VARIABLE;
  const snake = name.replace(/^[_$]+/, '').replace(/([a-z\d])([A-Z])/g, '$1_$2').replace(/\$/g, '').toUpperCase();
  if (!snake) return DEFAULT_VARIABLE;
  return /(?:^|_)POOL$/.test(snake) ? `${snake}_MAX` : `${snake}_POOL_MAX`;
}

export default gatedRule<Options, MessageId>({
  name: 'no-pool-over-budget',
  meta: {
    type: 'problem',
    docs: {
      description: "Disallow pools whose maximum sizes, times the instances that run the module, exceed the database's connection budget",
      recommended: 'strict',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      overBudget: "This module's pools can open more connections than the budget allows: {{arithmetic}}. Make the pools smaller.",
      serverlessPool: '`{{construct}}` may open {{max}} connections in {{kind}}, and every instance keeps its own pool: keep it at {{serverlessMax}} or fewer.',
      sizeFromEnvironment: 'Read the size from `{{variable}}`, defaulting to {{value}}.',
    },
  },
  create(context) {
    const settings = readSettings(context);
    if (!importsDriverModule(context.sourceCode, settings)) return {};
    // Silent unless a budget is configured, except in serverless modules.
    const serverless = serverlessKind(context.sourceCode.ast, context.filename, context.cwd);
    if (settings.budget.maxConnections === null && serverless === null) return {};
    return budgetListeners(context, settings.budget, serverless);
  },
});

function budgetListeners(context: Readonly<TSESLint.RuleContext<MessageId, Options>>, budget: BudgetSettings, serverless: string | null): TSESLint.RuleListener {
  const sourceCode = context.sourceCode;
  const objects = objectTrackerFor(context, readSettings(context));

  function describe(node: TSESTree.CallExpression | TSESTree.NewExpression): string {
    const callee = sourceCode.getText(node.callee).replace(/\s+/g, ' ');
    return `${node.type === AST_NODE_TYPES.NewExpression ? 'new ' : ''}${callee.length > 40 ? `${callee.slice(0, 37)}...` : callee}()`;
  }

  /** The pools the module builds once per process whose maximum the code shows, in source order. */
  function sizedPools(): SizedPool[] {
    const pools: SizedPool[] = [];
    for (const creation of objects.creations()) {
      const config = poolConfigOf(creation.made.driver.id)?.poolSize;
      if (!config || !appliesTo(creation, config) || !buildsSomething(sourceCode, creation) || !isBuiltOncePerProcess(objects, creation)) continue;
      const size = poolSizeOf(sourceCode, creation, config);
      if (size) pools.push({ creation, size, server: creation.made.driver.server ?? creation.made.driver.id });
    }
    return pools;
  }

  /** A suggestion that reads the size from an environment variable defaulting to `value` (when one fits at all). */
  function suggestSize(pool: SizedPool, value: number): TSESLint.SuggestionReportDescriptor<MessageId>[] {
    const write = pool.size.write;
    if (value < 1 || !write) return [];
    const variable = (pool.size.value && environmentVariableName(sourceCode, pool.size.value)) ?? variableFor(pool.creation);
    const fix = write(`Number(process.env.${variable} ?? ${value})`);
    return [{ messageId: 'sizeFromEnvironment', data: { variable: `process.env.${variable}`, value: String(value) }, fix }];
  }

  function loc(node: TSESTree.CallExpression | TSESTree.NewExpression): TSESTree.SourceLocation {
    return { start: node.loc.start, end: node.callee.loc.end };
  }

  return {
    Program(program) {
      objects.init(program);
      const pools = sizedPools();
      const available = budget.maxConnections === null ? null : budget.maxConnections - budget.reserved;
      /** The largest size each pool may keep: its share of the budget next to the others, and the serverless cap. */
      const fitting = (pool: SizedPool, group: readonly SizedPool[]): number => {
        const others = group.reduce((sum, other) => sum + (other === pool ? 0 : other.size.max), 0);
        const share = available === null ? Infinity : Math.floor(available / budget.instances) - others;
        return Math.min(share, serverless === null ? Infinity : budget.serverlessMax);
      };
      const groups = new Map<string, SizedPool[]>();
      for (const pool of pools) groups.set(pool.server, [...(groups.get(pool.server) ?? []), pool]);
      for (const group of groups.values()) {
        if (serverless !== null) {
          for (const pool of group) {
            if (pool.size.max <= budget.serverlessMax) continue;
            context.report({
              loc: loc(pool.creation.node),
              messageId: 'serverlessPool',
              data: { construct: describe(pool.creation.node), max: String(pool.size.max), kind: serverless, serverlessMax: String(budget.serverlessMax) },
              suggest: suggestSize(pool, fitting(pool, group)),
            });
          }
        }
        if (available === null) continue;
        // Reported once, on the pool whose connections take the module over the budget.
        let running = 0;
        const crossing = group.find(pool => (running += pool.size.max) * budget.instances > available);
        if (!crossing) continue;
        context.report({
          loc: loc(crossing.creation.node),
          messageId: 'overBudget',
          data: { arithmetic: arithmetic(group, budget, available) },
          suggest: suggestSize(crossing, fitting(crossing, group)),
        });
      }
    },
  };
}
