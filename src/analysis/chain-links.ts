/**
 * The links of a promise chain, in the order they run (`.then` on success, `.catch` on rejection,
 * `.finally` on both), and what a link's handler may do to the chain's outcome.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
import { forEachChild, isFunction, propertyName, skipTypeWrappers, valueParent } from './ast';
import { CHAIN_METHODS, type Handle, type Node } from './handle';

/** The last link of the promise chain `link` belongs to. */
export function chainTop(link: Node): Node {
  let top = link;
  for (;;) {
    const [member, object] = valueParent(top);
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== object || !CHAIN_METHODS.has(propertyName(member) ?? '')) return top;
    const [call, callee] = valueParent(member);
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== callee) return top;
    top = call;
  }
}

/** The links of the chain that ends at `top`, in the order they run (none when `top` is no link). */
export function chainLinks(top: Node): TSESTree.CallExpression[] {
  const links: TSESTree.CallExpression[] = [];
  for (let call = skipTypeWrappers(top); call.type === AST_NODE_TYPES.CallExpression; ) {
    const callee = skipTypeWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || !CHAIN_METHODS.has(propertyName(callee) ?? '')) break;
    links.unshift(call);
    call = skipTypeWrappers(callee.object);
  }
  return links;
}

/** The handler of `link` that runs on the given outcome, or undefined when the outcome passes through. */
export function linkHandler(link: TSESTree.CallExpression, rejected: boolean): Node | undefined {
  const method = propertyName(link.callee as TSESTree.MemberExpression);
  const handler = method === 'finally' ? link.arguments[0] : method === 'catch' ? (rejected ? link.arguments[0] : undefined) : link.arguments[rejected ? 1 : 0];
  if (!handler) return undefined;
  const node = skipTypeWrappers(handler);
  return node.type === AST_NODE_TYPES.Literal || (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined') ? undefined : node;
}

/** The outcome after a handler of `link` ran: `.finally` keeps the one it was entered with, unless it throws. */
export function outcomeAfter(link: TSESTree.CallExpression, enteredRejected: boolean, handlerRejects: boolean): boolean {
  return propertyName(link.callee as TSESTree.MemberExpression) === 'finally' ? enteredRejected || handlerRejects : handlerRejects;
}

/** A value that may be a rejected promise: a call (not the handle's release) or an await of one. */
export function mayRejectValue(handle: Handle, value: Node): boolean {
  const node = skipTypeWrappers(value);
  if (node.type === AST_NODE_TYPES.AwaitExpression) return mayRejectValue(handle, node.argument);
  return (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.TaggedTemplateExpression) && !handle.releaseCalls.has(node);
}

/** Can a handler reject: a `throw`, an `await`, a returned call? Anything not a function may. */
export function mayReject(handle: Handle, handler: Node): boolean {
  if (!isFunction(handler)) return true;
  if (handler.body.type !== AST_NODE_TYPES.BlockStatement) return mayRejectValue(handle, handler.body);
  let found = false;
  const visit = (node: Node): void => {
    if (found || (isFunction(node) && node !== handler)) return;
    if (node.type === AST_NODE_TYPES.ThrowStatement || node.type === AST_NODE_TYPES.AwaitExpression) found = true;
    else if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument && mayRejectValue(handle, node.argument)) found = true;
    else forEachChild(node, visit);
  };
  visit(handler.body);
  return found;
}

/** Does a handler always end by a `throw` (its body's last statement)? */
function alwaysThrows(handler: Node): boolean {
  return isFunction(handler) && handler.body.type === AST_NODE_TYPES.BlockStatement && handler.body.body.at(-1)?.type === AST_NODE_TYPES.ThrowStatement;
}

/**
 * `await chain` where every way the chain rejects runs a link that releases the handle on all its
 * paths (`.catch(e => { client.release(); throw e; })`): the exception of the await holds nothing.
 */
export function releasedWhenRejected(handle: Handle, awaited: Node): boolean {
  if (awaited.type !== AST_NODE_TYPES.AwaitExpression) return false;
  const links = chainLinks(awaited.argument);
  if (links.length === 0) return false;
  let states = [
    { rejected: false, released: false },
    { rejected: true, released: false },
  ];
  for (const link of links) {
    const next: typeof states = [];
    const add = (rejected: boolean, released: boolean): void => {
      if (!next.some(s => s.rejected === rejected && s.released === released)) next.push({ rejected, released });
    };
    for (const state of states) {
      const handler = linkHandler(link, state.rejected);
      if (!handler) {
        add(state.rejected, state.released);
        continue;
      }
      // Only a handler that releases on each of its paths surely releases.
      const released = state.released || (handle.delegates.has(handler) && handle.verdicts.get(handler) === null);
      if (!alwaysThrows(handler)) add(outcomeAfter(link, state.rejected, false), released);
      if (mayReject(handle, handler)) add(true, released);
    }
    states = next;
  }
  return !states.some(s => s.rejected && !s.released);
}
