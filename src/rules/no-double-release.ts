import { handleAnalysis, type DoubleRelease } from '../analysis/leaks';
import { inStatementList, statementRemovalRange } from '../fixes/text';
import { gatedRule } from '../analysis/gated-rule';

export type Options = [];
export type MessageId = 'doubleRelease' | 'releasedInLoop' | 'releasedBeforeDisposal' | 'removeRelease';

const CONSEQUENCE: Record<NonNullable<DoubleRelease['behaviour']> | 'unknown', string> = {
  throws: 'the driver throws on the second release',
  rejects: 'the second release returns a rejected promise (an unhandled rejection when not awaited)',
  silent: 'the driver ignores it, which hides a lifecycle bug (the handle may be used after its release)',
  unsafe: 'the driver does not guard it and may hand the same connection to two callers',
  unknown: 'a second release can corrupt the pool',
};

export default gatedRule<Options, MessageId>({
  name: 'no-double-release',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow releasing the same connection twice on one path',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      doubleRelease: '`{{handle}}` is already released at line {{line}} on this path: {{consequence}}.',
      releasedInLoop: '`{{handle}}` is released again on the next turn of the loop: {{consequence}}.',
      releasedBeforeDisposal: '`{{handle}}` is released here and again by the disposal of its `using` declaration (line {{line}}) at the end of the block: {{consequence}}.',
      removeRelease: 'Remove this release.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    return handleAnalysis(context, {
      doubleRelease(double) {
        const data = {
          handle: double.handleName,
          line: String(double.first.loc.start.line),
          consequence: CONSEQUENCE[double.behaviour ?? 'unknown'],
        };
        const node = double.node;
        if (double.again) {
          // Removing the release would leak instead: the fix is to move it out of the loop, a human decision.
          context.report({ node, messageId: 'releasedInLoop', data });
          return;
        }
        const removable = node.type === 'ExpressionStatement' || node.type === 'IfStatement';
        context.report({
          node,
          messageId: double.disposal ? 'releasedBeforeDisposal' : 'doubleRelease',
          data,
          suggest: removable
            ? [
                {
                  messageId: 'removeRelease',
                  fix: fixer =>
                    inStatementList(node) ? fixer.removeRange(statementRemovalRange(sourceCode, node)) : fixer.replaceText(node, '{}'),
                },
              ]
            : [],
        });
      },
    });
  },
});
