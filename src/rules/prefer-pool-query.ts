import { handleAnalysis } from '../analysis/leaks';
import { usePoolHelper } from '../fixes/use-pool-helper';
import { gatedRule } from '../analysis/gated-rule';
import { sendsSessionStatement } from '../analysis/session-sql';

export type Options = [];
export type MessageId = 'preferPoolQuery';

export default gatedRule<Options, MessageId>({
  name: 'prefer-pool-query',
  meta: {
    type: 'suggestion',
    docs: {
      description: "Enforce the pool's own query helper for a checkout used for a single query",
      recommended: 'strict',
    },
    fixable: 'code',
    schema: [],
    messages: {
      preferPoolQuery:
        '`{{handle}}` is checked out for a single `{{method}}()`: `{{pool}}.{{method}}()` checks out and releases by itself, with no lifecycle to get wrong.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    return handleAnalysis(context, {
      singleQuery(single) {
        // SET, LISTEN, an advisory lock…: on the pool it would act on an arbitrary connection.
        if (sendsSessionStatement(sourceCode, single.query, single.acquisition.driver)) return;
        const callee = single.query.callee;
        const method = callee.type === 'MemberExpression' && callee.property.type === 'Identifier' ? callee.property.name : 'query';
        const fix = usePoolHelper(sourceCode, single);
        context.report({
          node: single.acquisition.call,
          messageId: 'preferPoolQuery',
          data: { handle: single.handleName, method, pool: sourceCode.getText(single.pool) },
          fix,
        });
      },
    });
  },
});
