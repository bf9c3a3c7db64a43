import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { handleAnalysis, type Leak, type LeakKind } from '../analysis/leaks';
import { moveIntoTry } from '../fixes/move-into-try';
import { wrapInFinally } from '../fixes/wrap-in-finally';
import { memberAccess } from '../analysis/ast';
import { gatedRule } from '../analysis/gated-rule';
import { handleOwnerOf } from '../analysis/owning-classes';
import { shorten } from '../util/text';

export type Options = [{ autofix?: boolean }];
/** A checkout made through a same-file helper is named with the hop (`conn` comes from `this._getConnection()`). */
const HELPER_MESSAGES = {
  neverReleased: 'helperNeverReleased',
  releasedOnlyOnSuccess: 'helperThrows',
  handedOnOnlyOnSuccess: 'helperThrows',
  earlyReturn: 'helperEarlyReturn',
  endWithoutRelease: 'helperEndWithoutRelease',
} as const satisfies Partial<Record<LeakKind, string>>;

export type MessageId = LeakKind | (typeof HELPER_MESSAGES)[keyof typeof HELPER_MESSAGES] | 'fieldNeverReleased' | 'ownerNotDisposable' | 'wrapInFinally' | 'rollbackInCatch' | 'moveIntoTry' | 'callRelease';

/** Where the helper behind a checkout is declared: `line 131`, or `db.ts, line 12` in another file. */
const helperAt = (via: { line: number; file?: string } | undefined): string => (via ? `${via.file ? `${via.file}, ` : ''}line ${via.line}` : '');

/** The line a message names: where a statement starts, where a callback ends. */
const line = (node: TSESTree.Node | undefined): string => {
  if (!node) return '?';
  const isFunction = node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration';
  return String(isFunction ? node.loc.end.line : node.loc.start.line);
};

function describeCall(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node | undefined): string {
  if (!node) return 'a call';
  switch (node.type) {
    case 'ThrowStatement':
      return 'the `throw`';
    case 'AwaitExpression':
      return describeCall(sourceCode, node.argument);
    case 'TaggedTemplateExpression':
      return `the \`${shorten(sourceCode.getText(node.tag))}\` query`;
    case 'CallExpression':
      return `\`${shorten(sourceCode.getText(node.callee))}()\``;
    case 'NewExpression':
      return `\`new ${shorten(sourceCode.getText(node.callee))}()\``;
    default:
      return `\`${shorten(sourceCode.getText(node))}\``;
  }
}

/** `release` in `const { query, release } = await pool.connect()`: the local name of a destructured method. */
function destructuredMethod(call: TSESTree.Node, method: string): string | null {
  const holder = call.parent?.type === 'AwaitExpression' ? call.parent : call;
  const declarator = holder.parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.id.type !== 'ObjectPattern') return null;
  for (const property of declarator.id.properties) {
    if (property.type !== 'Property' || property.computed || property.value.type !== 'Identifier') continue;
    const key = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : null;
    if (key === method) return property.value.name;
  }
  return null;
}

/**
 * What the user must call to give the handle back, quoted: the release parameter of a checkout
 * callback (pg's `done()`), else the driver's preferred release (`client.release()`,
 * `pool.putconn(conn)`), called through its destructured name when the handle was destructured.
 */
function releaseCall(sourceCode: Readonly<TSESLint.SourceCode>, leak: Leak): string {
  const { acquisition } = leak;
  const releaseParam = acquisition.releaseParam === undefined ? undefined : acquisition.callback?.params[acquisition.releaseParam];
  if (releaseParam?.type === 'Identifier') return `\`${releaseParam.name}()\``;
  const forms = acquisition.handle.release ?? [];
  const form = forms.find(f => f.preferred) ?? forms[0];
  // A handle named by its acquire call (`db.connect()`) has no variable to call the release on.
  const named = !leak.handleName.endsWith(')');
  // The helper the code gives such handles back through (`this._releaseConnection(conn)`).
  const helper = acquisition.via?.release;
  if (helper && named) return `\`${helper.callee}(${leak.handleName})\``;
  // An object that owns the handle (`new Session(await pool.connect())`) gives it back through its own method.
  const owner = handleOwnerOf(leak.handle?.variable);
  if (owner && named) return `\`${leak.handleName}${owner.release ? memberAccess(owner.release.method) : `.${owner.field}.${form?.method ?? 'release'}`}()\``;
  if (form?.method) {
    if (named) return `\`${leak.handleName}.${form.method}()\``;
    const local = destructuredMethod(acquisition.call, form.method);
    if (local) return `\`${local}()\``;
  }
  if (form?.poolMethod && acquisition.receiver && named) return `\`${shorten(sourceCode.getText(acquisition.receiver))}.${form.poolMethod}(${leak.handleName})\``;
  return 'its release';
}

export default gatedRule<Options, MessageId>({
  name: 'no-leaked-connection',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every connection checked out of a pool (or opened stand-alone) to be released on every path',
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
            description: 'Apply the try/finally wrap as an autofix (for bulk migration with `eslint --fix`) instead of only suggesting it.',
          },
        },
      },
    ],
    defaultOptions: [{ autofix: false }],
    messages: {
      neverReleased: '`{{handle}}` is never released: every call leaves one more connection in use. Call {{releaseCall}} on every path (in `finally`).',
      releasedOnlyOnSuccess:
        '`{{handle}}` is released only when nothing throws: if {{call}} (line {{line}}) throws, the connection is never released.',
      handedOnOnlyOnSuccess:
        '`{{handle}}` is handed on only when nothing throws: if {{call}} (line {{line}}) throws first, it is never released.',
      earlyReturn: '{{releaseCall}} is not called when the function returns at line {{line}}: `{{handle}}` stays checked out.',
      endWithoutRelease: '{{releaseCall}} is not called on every path: one reaches the end of the function with `{{handle}}` still checked out.',
      releasedOnlyInCatch: '{{releaseCall}} is called only in `catch`: when nothing fails, `{{handle}}` is never released.',
      callbackPath: '{{releaseCall}} is not called on the callback path that ends at line {{line}}: `{{handle}}` stays checked out.',
      promiseChain:
        '`{{handle}}` is released only when the promise chain at line {{line}} succeeds; a rejection skips the release. Release it in `.finally()`.',
      discarded: 'The connection from `{{handle}}` is discarded: nothing can release it, so it stays in use.',
      releaseNotCalled: '`{{handle}}` is never released: the release at line {{line}} is not called (missing `()`).',
      loop: '`{{handle}}` is acquired again on the next loop iteration before it is released.',
      overwritten: '`{{handle}}` is assigned again at line {{line}} while it holds a connection: that connection is never released.',
      conditionalRelease:
        '`{{handle}}` is released in `finally` only under the condition at line {{line}}; on other paths the connection stays in use.',
      notDisposable: '`{{handle}}` is not disposable ({{driver}} handles have no `Symbol.dispose`): `using` throws a TypeError. Release it in a `finally` block.',
      ownerNotDisposable: '`using` does not release `{{handle}}`: `{{ownerClass}}` has no `[Symbol.asyncDispose]()` that releases it. Release it in `finally`.',
      helperNeverReleased:
        '`{{handle}}` comes from {{helper}} ({{helperAt}}), which checks out a connection; it is never released. Call {{releaseCall}} in `finally`.',
      helperThrows: '`{{handle}}` comes from {{helper}} ({{helperAt}}), which checks out a connection; it is not released if {{call}} (line {{line}}) throws.',
      helperEarlyReturn:
        '`{{handle}}` comes from {{helper}} ({{helperAt}}), which checks out a connection; it stays checked out when the function returns at line {{line}}.',
      helperEndWithoutRelease:
        '`{{handle}}` comes from {{helper}} ({{helperAt}}), which checks out a connection; {{releaseCall}} is not called on every path.',
      fieldNeverReleased: '`{{handle}}` holds a connection that no method of the class releases or hands out: add one (`close()`) that calls {{releaseCall}}.',
      wrapInFinally: 'Release `{{handle}}` in a `finally` block.',
      rollbackInCatch: 'Roll back `{{handle}}` in a `catch` block (and commit at the end of the `try`).',
      moveIntoTry: 'Move the statements before the `try` into it, so its `finally` releases `{{handle}}` on their paths too.',
      callRelease: 'Call the release: `{{release}}()`.',
    },
  },
  create(context, [{ autofix }]) {
    const sourceCode = context.sourceCode;

    function report(leak: Leak): void {
      const { call } = leak.acquisition;
      const data = {
        handle: leak.handleName,
        line: line(leak.at),
        call: describeCall(sourceCode, leak.at),
        driver: leak.acquisition.driver.id,
        release: leak.at ? sourceCode.getText(leak.at) : '',
        releaseCall: releaseCall(sourceCode, leak),
        helper: leak.acquisition.via ? `\`${leak.acquisition.via.callee}()\`` : '',
        helperAt: helperAt(leak.acquisition.via),
        ownerClass: leak.ownerClass ?? '',
      };
      const via = leak.acquisition.via ? HELPER_MESSAGES[leak.kind as keyof typeof HELPER_MESSAGES] : undefined;
      // A field filled by a method (`this.conn = await pool.connect()`) is given back by another method, not in `finally`.
      const field = leak.kind === 'neverReleased' && leak.handleName.startsWith('this.');
      const messageId = via ?? (field ? 'fieldNeverReleased' : leak.ownerClass ? 'ownerNotDisposable' : leak.kind);
      // Keep the squiggle on the acquire itself, not on a whole callback body.
      const loc = call.loc.start.line === call.loc.end.line ? call.loc : { start: call.loc.start, end: call.callee.loc.end };
      if (leak.kind === 'releaseNotCalled' && leak.at) {
        const member = leak.at;
        context.report({
          loc,
          messageId: leak.kind,
          data,
          suggest: [{ messageId: 'callRelease', data, fix: fixer => fixer.insertTextAfter(member, '()') }],
        });
        return;
      }
      const moved = leak.kind === 'releasedOnlyOnSuccess' || leak.kind === 'earlyReturn' ? moveIntoTry(sourceCode, leak) : null;
      const fix =
        moved ??
        (leak.kind === 'neverReleased' ||
        leak.kind === 'releasedOnlyOnSuccess' ||
        leak.kind === 'earlyReturn' ||
        leak.kind === 'endWithoutRelease' ||
        leak.kind === 'releasedOnlyInCatch'
          ? wrapInFinally(sourceCode, leak)
          : null);
      if (fix && autofix) {
        context.report({ loc, messageId, data, fix });
        return;
      }
      const transactional = leak.handle?.model.transaction === true;
      const suggestion = moved ? 'moveIntoTry' : transactional ? 'rollbackInCatch' : 'wrapInFinally';
      context.report({ loc, messageId, data, suggest: fix ? [{ messageId: suggestion, data, fix }] : [] });
    }

    return handleAnalysis(context, { leak: report });
  },
});
