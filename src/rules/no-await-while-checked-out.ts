import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { handleAnalysis, type HeldAwait } from '../analysis/leaks';
import { moveBeforeAcquire } from '../fixes/move-before-acquire';
import { splitCheckout } from '../fixes/split-checkout';
import { gatedRule } from '../analysis/gated-rule';
import { calleePattern } from '../util/text';

export type Options = [{ allow?: string[]; knownSlow?: string[] }];
export type MessageId = 'heldAwait' | 'heldYield' | 'heldInScope' | 'moveBeforeAcquire' | 'splitCheckout';

/** Built-in labels for well-known slow work, matched against the callee text. */
const SLOW_WORK: [RegExp, string][] = [
  [/(?:^|\.)(?:fetch|axios|got|request|ky|undici|superagent)\b|\bhttps?\b|\.(?:get|post|put|patch)Json\b/i, 'an HTTP request'],
  [/\b(?:sleep|delay|wait|setTimeout|setImmediate|timers)\b/i, 'a timer'],
  [/\b(?:fs|fsp|readFile|writeFile|appendFile|readdir|stat)\b/i, 'file I/O'],
  [/\b(?:sqs|sns|kafka|producer|channel|queue|publish|enqueue|sendMessage)\b/i, 'a queue operation'],
  [/openai|anthropic|\bllm|completions?\b|embeddings?\b/i, 'an LLM call'],
  [/stripe|payment|charge|paypal/i, 'a payment call'],
];

function calleeText(sourceCode: Readonly<TSESLint.SourceCode>, awaited: TSESTree.Node | null): string | null {
  let node = awaited;
  while (node && (node.type === 'TSAsExpression' || node.type === 'TSNonNullExpression' || node.type === 'ChainExpression')) node = node.expression;
  if (!node) return null;
  if (node.type === 'CallExpression' || node.type === 'NewExpression') return sourceCode.getText(node.callee).replace(/\s+/g, '');
  if (node.type === 'TaggedTemplateExpression') return sourceCode.getText(node.tag);
  if (node.type === 'Identifier' || node.type === 'MemberExpression') return sourceCode.getText(node).replace(/\s+/g, '');
  return null;
}

export default gatedRule<Options, MessageId>({
  name: 'no-await-while-checked-out',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow awaiting slow non-database work while a connection is checked out of the pool',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allow: {
            type: 'array',
            items: { type: 'string' },
            description: 'Callees considered harmless while holding a connection (`logger.*`, `/^metrics\\./`).',
          },
          knownSlow: {
            type: 'array',
            items: { type: 'string' },
            description: 'Extra callee patterns named as known slow work in the message.',
          },
        },
      },
    ],
    defaultOptions: [{ allow: [], knownSlow: [] }],
    messages: {
      heldAwait:
        '`{{handle}}` stays checked out while {{work}} runs{{kind}}; other requests wait for the pool. Await it before the checkout, or release first.',
      heldYield:
        '`{{handle}}` stays checked out while this async generator yields: the consumer decides how long the connection is held. Collect the rows and release first.',
      heldInScope:
        'The connection of `{{scope}}` stays held while {{work}} runs{{kind}}; other requests wait for the pool. Do it before or after the transaction.',
      moveBeforeAcquire: 'Await {{work}} before checking out `{{handle}}`.',
      splitCheckout: 'Release `{{handle}}` before {{work}} and check out again after it (never inside a transaction).',
    },
  },
  create(context, [{ allow = [], knownSlow = [] }]) {
    const sourceCode = context.sourceCode;
    const allowed = allow.map(calleePattern).filter((p): p is RegExp => p !== null);
    const slow = knownSlow.map(calleePattern).filter((p): p is RegExp => p !== null);

    function report(held: HeldAwait): void {
      const awaited = held.node.type === 'AwaitExpression' ? held.node.argument : held.node.type === 'ForOfStatement' ? held.node.right : null;
      const callee = calleeText(sourceCode, awaited);
      if (callee && allowed.some(pattern => pattern.test(callee))) return;
      const work = callee ? `\`${callee.length > 40 ? `${callee.slice(0, 37)}...` : callee}${held.node.type === 'AwaitExpression' && awaited?.type === 'Identifier' ? '' : '()'}\`` : 'this await';
      const label = callee ? (slow.some(p => p.test(callee)) ? 'known slow work' : SLOW_WORK.find(([p]) => p.test(callee))?.[1]) : undefined;
      const data = { handle: held.handleName, work, kind: label ? ` (${label})` : '', scope: held.scopedCall ? sourceCode.getText(held.scopedCall.callee) : '' };
      const loc = held.node.type === 'ForOfStatement' ? { start: held.node.loc.start, end: held.node.right.loc.end } : held.node.loc;
      if (held.node.type === 'YieldExpression') {
        context.report({ loc, messageId: 'heldYield', data });
        return;
      }
      if (held.scopedCall) {
        context.report({ loc, messageId: 'heldInScope', data });
        return;
      }
      const move = moveBeforeAcquire(sourceCode, held);
      const split = move ? null : splitCheckout(sourceCode, held);
      context.report({
        loc,
        messageId: 'heldAwait',
        data,
        suggest: move ? [{ messageId: 'moveBeforeAcquire', data, fix: move }] : split ? [{ messageId: 'splitCheckout', data, fix: split }] : [],
      });
    }

    return handleAnalysis(context, { heldAwait: report });
  },
});
