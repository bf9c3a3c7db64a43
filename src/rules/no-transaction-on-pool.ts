import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { gatedRule } from '../analysis/gated-rule';
import { poolStatementListeners, saysOpeningWord, resolvedSql, type Through } from '../analysis/pool-statements';
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
    return poolStatementListeners(context, saysOpeningWord, (node, through) => report(context, node, through)) ?? {};
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
