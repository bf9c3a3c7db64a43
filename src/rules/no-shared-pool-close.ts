import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { gatedRule } from '../analysis/gated-rule';
import { skipTypeWrappers, valueParent } from '../analysis/ast';
import { createSharedCloseAnalysis, type SharedClose } from '../analysis/shared-close';
import { inStatementList, statementRemovalRange } from '../fixes/text';
import { shorten } from '../util/text';

export type Options = [];
export type MessageId = SharedClose['kind'] | 'removeCall';

/** The statement that is only the ending call (`await pool.end();`, `void pool.end();`), or null. */
function callStatement(call: TSESTree.CallExpression): TSESTree.ExpressionStatement | null {
  let [parent, child] = valueParent(call);
  while (parent?.type === AST_NODE_TYPES.AwaitExpression || (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void')) {
    [parent, child] = valueParent(parent);
  }
  return parent?.type === AST_NODE_TYPES.ExpressionStatement && parent.expression === child && inStatementList(parent) ? parent : null;
}

export default gatedRule<Options, MessageId>({
  name: 'no-shared-pool-close',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow closing a pool the code does not own: a module-level pool per request or per call, or a pool a class received',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      moduleInRequest: '`{{call}}` closes the shared {{what}} `{{name}}` in {{where}}: every later request finds it closed. Close it once, on shutdown.',
      moduleInCall: '`{{call}}` closes the shared {{what}} `{{name}}` in `{{where}}()`, which runs per call: later calls and other users find it closed.',
      injected: '`{{call}}` closes a {{what}} that `{{where}}` received from its caller{{member}}: everyone who shares it finds it closed. Let the code that built it close it.',
      removeCall: 'Remove the call: the code that built the {{what}} closes it on shutdown.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    return createSharedCloseAnalysis(context, finding => {
      const { call, object } = finding;
      const callee = skipTypeWrappers(call.callee) as TSESTree.MemberExpression;
      const what = object.model.noun === 'client' ? 'client' : 'pool';
      const data = {
        call: `${shorten(sourceCode.getText(callee))}()`,
        name: shorten(sourceCode.getText(callee.object)),
        what,
        where: finding.where,
        member: finding.member ? ` (in \`${finding.member}()\`)` : '',
      };
      const statement = callStatement(call);
      context.report({
        node: call,
        messageId: finding.kind,
        data,
        suggest: statement ? [{ messageId: 'removeCall', data, fix: fixer => fixer.removeRange(statementRemovalRange(sourceCode, statement)) }] : [],
      });
    });
  },
});
