import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { propertyName, skipTypeWrappers } from '../analysis/ast';
import { gatedRule } from '../analysis/gated-rule';
import { objectTrackerFor } from '../analysis/objects';
import { PoolStatements, openingWordPositions, resolvedSql, type Through } from '../analysis/pool-statements';
import { importsDriverModule, mentionsPoolWord, readSettings } from '../analysis/settings';
import { firstStatement, opensTransaction } from '../analysis/sql-text';
import { poolConfigOf } from '../drivers/pool-config';
import { transactionCheckoutFix } from '../fixes/transaction-checkout';

export type Options = [];
export type MessageId = 'transactionOnPool' | 'checkOutConnection';

const GENERIC_ADVICE = 'check out one connection from `{pool}`, run the whole transaction on it and release it in `finally`';

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 37)}...` : flat;
}

export default gatedRule<Options, MessageId>({
  name: 'no-transaction-on-pool',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow opening a transaction (`BEGIN`, `START TRANSACTION`) through a pool, where each statement may run on another connection',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      transactionOnPool: '`{{statement}}` through `{{pool}}` opens a transaction on whichever connection is free; the next statements may run on others. Instead, {{advice}}.',
      checkOutConnection: 'Check out one connection (`const {{handle}} = await {{pool}}.{{acquire}}()`), ROLLBACK on error, `{{handle}}.{{release}}()` in `finally`.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    const settings = readSettings(context);
    // A pool comes from a driver import, a declared type, or a name: pool-like, or matching the user's pattern.
    const mayHavePool =
      settings.typeAware || settings.customReceivers || importsDriverModule(sourceCode, settings) || mentionsPoolWord(sourceCode, settings);
    if (!mayHavePool) return {};
    const openingWords = openingWordPositions(sourceCode);
    if (openingWords.length === 0) return {};
    const objects = objectTrackerFor(context, settings);
    const statements = new PoolStatements(objects, settings, openingWords);
    return {
      Program(program) {
        objects.init(program);
      },
      CallExpression(node) {
        // The method name is the cheapest test, and most calls of a file fail it.
        const callee = skipTypeWrappers(node.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression || !statements.maySend(propertyName(callee))) return;
        if (!statements.mayCarryWord(node)) return;
        report(context, node, statements.callThrough(node));
      },
      TaggedTemplateExpression(node) {
        if (!statements.saysWord(node.quasi.range)) return;
        // `pool.query(sql.unsafe\`BEGIN\`)` is reported at the call.
        const parent = node.parent;
        if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(node) && statements.callThrough(parent)) return;
        report(context, node, statements.taggedThrough(node));
      },
    };
  },
});

/** Reports a statement sent through a pool that opens a transaction, with the driver's advice and, where it can, a rewrite. */
function report(
  context: Readonly<TSESLint.RuleContext<MessageId, Options>>,
  node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression,
  through: Through | null,
): void {
  if (!through) return;
  const sourceCode = context.sourceCode;
  const text = resolvedSql(sourceCode, through.sql);
  if (text === null || !opensTransaction(text)) return;
  const pool = shorten(sourceCode.getText(through.poolNode));
  const config = poolConfigOf(through.pool.driver.id);
  const advice = (config?.transactionAdvice ?? GENERIC_ADVICE).replace(/\{pool\}/g, pool);
  const checkout = config?.transactionCheckout;
  const rewrite = node.type === AST_NODE_TYPES.CallExpression && checkout ? transactionCheckoutFix(sourceCode, node, through, checkout) : null;
  context.report({
    node,
    messageId: 'transactionOnPool',
    data: { statement: firstStatement(text), pool, advice },
    suggest:
      rewrite && checkout
        ? [
            {
              messageId: 'checkOutConnection',
              data: { pool, handle: rewrite.handle, acquire: checkout.acquire, release: checkout.release },
              fix: rewrite.fix,
            },
          ]
        : [],
  });
}
