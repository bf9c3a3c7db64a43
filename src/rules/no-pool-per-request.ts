import type { TSESTree } from '@typescript-eslint/utils';
import { createPerRequestAnalysis, type PerRequestFinding } from '../analysis/per-request';
import { valueParent } from '../analysis/ast';
import { constructorParameter, hasPerRequestLifecycle, hoistToModule, lazyModuleSingleton } from '../fixes/hoist';
import { gatedRule } from '../analysis/gated-rule';
import { shorten } from '../util/text';

export type Options = [{ autofix?: boolean; allowInConstructors?: boolean; handlers?: string[] }];
export type MessageId = PerRequestFinding['kind'] | 'hoistToModule' | 'lazyModuleSingleton' | 'constructorParameter';

function describe(node: TSESTree.CallExpression | TSESTree.NewExpression, text: string): string {
  return `${node.type === 'NewExpression' ? 'new ' : ''}${shorten(text)}()`;
}

export default gatedRule<Options, MessageId>({
  name: 'no-pool-per-request',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow building a pool or connection per request, per instance or per loop iteration',
      recommended: 'recommended',
    },
    fixable: 'code',
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          autofix: {
            type: 'boolean',
            description: 'Apply the hoist to module scope as an autofix when every value the construction reads is module-level.',
          },
          allowInConstructors: {
            type: 'boolean',
            description: 'Do not report pools built in class constructors and field initialisers.',
          },
          handlers: {
            type: 'array',
            items: { type: 'string' },
            description: 'Extra callees that register per-request callbacks (`myRouter.handle`, `/^register[A-Z]/`).',
          },
        },
      },
    ],
    defaultOptions: [{ autofix: false, allowInConstructors: false, handlers: [] }],
    messages: {
      perRequest: '`{{construct}}` runs on every request ({{scope}}{{via}}), opening its own {{what}} each time. Create it once at module scope and share it.',
      perIteration: '`{{construct}}` runs on every loop iteration in {{scope}}{{via}}: connections multiply. Create it once at module scope and share it.',
      perInstance: '`{{construct}}` runs for every instance of `{{className}}`{{scope}}, each opening its own {{what}}. Pass one shared pool in.',
      notEndedOnEdge: '`{{construct}}` is built per request on an edge runtime ({{scope}}) but never ended: call `ctx.waitUntil({{name}}.end())` or end it in `finally`.',
      hoistToModule: 'Create it once at module scope.',
      lazyModuleSingleton: 'Create it lazily once in a module-level variable (only if its options are the same for every request).',
      constructorParameter: 'Take the pool as a constructor parameter.',
    },
  },
  create(context, [{ autofix, allowInConstructors, handlers = [] }]) {
    const sourceCode = context.sourceCode;
    // Read only when a fix is built: most files report nothing.
    const isTypeScript = (): boolean => /\.[cm]?tsx?$/.test(context.filename);

    function report(finding: PerRequestFinding, hoistable: boolean): void {
      if (finding.kind === 'perInstance' && allowInConstructors) return;
      const node = finding.creation.node;
      const model = finding.creation.made.model;
      const data = {
        construct: describe(node, sourceCode.getText(node.callee)),
        scope: finding.kind === 'perInstance' ? (finding.scope ? `, which is built in ${finding.scope}` : '') : finding.scope,
        via: finding.via ? `, through \`${finding.via}()\`` : '',
        className: finding.className ?? '',
        name: finding.variable?.name ?? 'client',
        what: model.noun ?? (model.opens || model.release ? 'connection' : 'pool'),
      };
      if (finding.kind === 'notEndedOnEdge') {
        context.report({ node, messageId: finding.kind, data });
        return;
      }
      const [holder] = valueParent(node);
      // What a connection opens or ends per request cannot simply be shared: no edit offered.
      const lifecycle = !!(model.opens || model.release) || hasPerRequestLifecycle(finding.variable, node);
      if (finding.kind === 'perInstance') {
        const fix = lifecycle ? null : constructorParameter(sourceCode, node, holder, finding.fn, isTypeScript());
        context.report({ node, messageId: finding.kind, data, suggest: fix ? [{ messageId: 'constructorParameter', fix }] : [] });
        return;
      }
      const hoist = lifecycle || !hoistable ? null : hoistToModule(sourceCode, node, holder);
      if (hoist && autofix) {
        context.report({ node, messageId: finding.kind, data, fix: hoist });
        return;
      }
      const lazy = hoist || lifecycle ? null : lazyModuleSingleton(sourceCode, node, finding.variable?.name ?? 'pool', isTypeScript());
      context.report({
        node,
        messageId: finding.kind,
        data,
        suggest: hoist ? [{ messageId: 'hoistToModule', fix: hoist }] : lazy ? [{ messageId: 'lazyModuleSingleton', fix: lazy }] : [],
      });
    }

    return createPerRequestAnalysis(context, handlers, findings => {
      // Two handlers that both build `pool` would hoist two module-level `pool`s in one --fix pass.
      const names = new Map<string, number>();
      for (const finding of findings) {
        const name = finding.variable?.name;
        if (name) names.set(name, (names.get(name) ?? 0) + 1);
      }
      for (const finding of findings) report(finding, !finding.variable || names.get(finding.variable.name) === 1);
    });
  },
});
