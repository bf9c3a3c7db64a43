import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { gatedRule } from '../analysis/gated-rule';
import { poolStatementListeners, resolvedSqlWithHoles, type Through } from '../analysis/pool-statements';
import { dialectOf, isFollowUpOf, readSession, type SessionReading, type SessionStatement } from '../analysis/session-sql';
import { poolConfigOf } from '../drivers/pool-config';
import { SESSION_FAMILY_STATE, SESSION_FOLLOWING_TEXT, SESSION_LEAVING_TEXT, type Dialect } from '../drivers/session-statements';
import { transactionCheckoutFix, type SpanKind } from '../fixes/transaction-checkout';
import { shorten } from '../util/text';

export type Options = [];
export type MessageId = 'sessionStateOnPool' | 'followUpOnPool' | 'checkOutConnection';

const GENERIC_ADVICE = 'run the session work on one connection checked out from `{pool}` and reset what it set before releasing it';

/** A statement sent through a pool that acts on the session of the connection that runs it. */
interface Found {
  readonly node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression;
  readonly through: Through;
  readonly reading: SessionReading;
  readonly dialect: Dialect | null;
}

/** A string or template token's source text says a session statement, or one that uses or clears session state. */
const saysSessionWord = (text: string): boolean => SESSION_LEAVING_TEXT.token.test(text) || SESSION_FOLLOWING_TEXT.token.test(text);

export default gatedRule<Options, MessageId>({
  name: 'no-session-state-on-pool',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow session state (`SET`, `LISTEN`, advisory locks, temp tables) through a pool, where it lands on an arbitrary connection',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      sessionStateOnPool:
        '`{{statement}}` through `{{pool}}` {{what}} on any free connection: later statements may run elsewhere, the next borrower inherits it. Instead, {{advice}}.',
      followUpOnPool: '`{{statement}}` through `{{pool}}` may run on another connection than `{{earlier}}` (line {{line}}): {{state}}.',
      checkOutConnection:
        'Check out one connection (`const {{handle}} = await {{pool}}.{{acquire}}()`) up to the statement clearing the state; `{{handle}}.{{release}}()` in `finally`.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    const found: Found[] = [];
    const listeners = poolStatementListeners(context, saysSessionWord, (node, through) => {
      if (!through) return;
      const dialect = dialectOf(through.pool.driver);
      if (dialect === undefined) return;
      const text = resolvedSqlWithHoles(sourceCode, through.sql);
      if (text === null) return;
      const reading = readSession(text, dialect);
      if (reading.leaves.length > 0 || reading.follows.length > 0) found.push({ node, through, reading, dialect });
    });
    if (!listeners) return {};
    return {
      ...listeners,
      'Program:exit'() {
        const leaves = found.flatMap(f => f.reading.leaves.map(statement => ({ statement, at: f })));
        for (const f of found) {
          const [leave] = f.reading.leaves;
          if (leave) {
            reportLeave(context, f, leave);
            continue;
          }
          // A use or clear through the pool pairs with state left through a pool elsewhere in the file.
          for (const follow of f.reading.follows) {
            const earlier = leaves.find(l => isFollowUpOf(follow, l.statement));
            if (!earlier) continue;
            context.report({
              node: f.node,
              messageId: 'followUpOnPool',
              data: {
                statement: shorten(follow.text),
                pool: shorten(sourceCode.getText(f.through.poolNode)),
                earlier: shorten(earlier.statement.text),
                line: String(earlier.at.node.loc.start.line),
                state: SESSION_FAMILY_STATE[earlier.statement.kind.family] ?? 'the state stays on the connection that got it',
              },
            });
            break;
          }
        }
      },
    };
  },
});

/** Reports a statement that leaves session state on a pooled connection, with the driver's advice and, where it can, a rewrite. */
function reportLeave(context: Readonly<TSESLint.RuleContext<MessageId, Options>>, f: Found, leave: SessionStatement): void {
  const sourceCode = context.sourceCode;
  const pool = shorten(sourceCode.getText(f.through.poolNode));
  const config = poolConfigOf(f.through.pool.driver.id);
  const checkout = config?.transactionCheckout;
  const base = config?.sessionAdvice ?? (checkout ? `check out one connection with \`{pool}.${checkout.acquire}()\`, run the session work on it and reset what it set before \`${checkout.release}()\`` : GENERIC_ADVICE);
  const scoped = f.dialect ? leave.kind.scoped?.[f.dialect] : undefined;
  const advice = (scoped ? `${base}, or ${scoped}` : base).replace(/\{pool\}/g, pool);
  const rewrite = f.node.type === AST_NODE_TYPES.CallExpression && checkout ? transactionCheckoutFix(sourceCode, f.node, f.through, checkout, sessionSpan(leave, f.dialect)) : null;
  context.report({
    node: f.node,
    messageId: 'sessionStateOnPool',
    data: { statement: shorten(leave.text), pool, what: leave.kind.what, advice },
    suggest:
      rewrite && checkout
        ? [{ messageId: 'checkOutConnection', data: { pool, handle: rewrite.handle, acquire: checkout.acquire, release: checkout.release }, fix: rewrite.fix }]
        : [],
  });
}

/** From the statement that leaves state to the first that clears it (its unlock, RESET, UNLISTEN), in the same block. */
function sessionSpan(leave: SessionStatement, dialect: Dialect | null): SpanKind {
  return {
    opens: sql => readSession(sql, dialect).leaves.some(l => l.kind.family === leave.kind.family),
    ends: sql => readSession(sql, dialect).follows.some(f => f.effect === 'clears' && isFollowUpOf(f, leave)),
    endsInFinally: true,
    rollback: false,
  };
}
