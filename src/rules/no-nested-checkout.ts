import { handleAnalysis } from '../analysis/leaks';
import { gatedRule } from '../analysis/gated-rule';

export type Options = [];
export type MessageId = 'nestedAcquire' | 'poolQueryWhileHeld' | 'outerInTransaction' | 'useHeldHandle';

export default gatedRule<Options, MessageId>({
  name: 'no-nested-checkout',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow asking a pool for a second connection while one of its connections is held',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      nestedAcquire: '`{{pool}}` is asked for a second connection while `{{handle}}` from it is held: under load the pool deadlocks. Reuse `{{handle}}`.',
      poolQueryWhileHeld: '`{{pool}}` checks out a second connection while `{{handle}}` from it is held: it can deadlock and runs outside `{{handle}}`. Use `{{handle}}`.',
      outerInTransaction: '`{{pool}}` is used inside its own transaction callback: the query runs outside the transaction and can deadlock the pool. Use {{inner}}.',
      useHeldHandle: 'Use `{{handle}}` instead.',
    },
  },
  create(context) {
    return handleAnalysis(context, {
      nestedCheckout(nested) {
        const data = {
          pool: nested.poolText,
          handle: nested.handleName,
          inner: nested.handleName ? `the callback's \`${nested.handleName}\`` : 'the callback parameter',
        };
        const messageId = nested.kind === 'acquire' ? 'nestedAcquire' : nested.kind === 'poolQuery' ? 'poolQueryWhileHeld' : 'outerInTransaction';
        const replace = nested.replace;
        context.report({
          node: nested.node,
          messageId,
          data,
          suggest: replace ? [{ messageId: 'useHeldHandle', data, fix: fixer => fixer.replaceText(replace, nested.handleName) }] : [],
        });
      },
    });
  },
});
