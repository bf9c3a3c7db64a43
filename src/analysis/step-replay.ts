/**
 * The traversal of the shared analysis, delivered either by ESLint's listeners or by a replay of
 * the file's traversal steps. ESLint 9 and 10 compute every step of a file (each node entered and
 * left, each code path event) before the rules run and keep them on the SourceCode
 * (`sourceCode.traverse()`). Replaying them in one loop calls the analysis directly: the 100,000
 * and more listener calls a round of the bench corpus made through ESLint's dispatch become one,
 * and a function the analysis ignores is passed over in a few nanoseconds a step.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';

type Node = TSESTree.Node;
type Segment = TSESLint.CodePathSegment;
type CodePath = TSESLint.CodePath;

/** What the analysis does at each event of the traversal. */
export interface TraversalHandlers {
  /** Entering any node of `enterTypes` (the Program is entered first, by `program`). */
  readonly enterTypes: ReadonlySet<string>;
  /** Leaving any node of `exitTypes`. */
  readonly exitTypes: ReadonlySet<string>;
  program(node: TSESTree.Program): void;
  enter(node: Node): void;
  /** Entering the `finally` block of a `try` (after `enter`, as ESLint orders the more specific selector). */
  finalizer(node: Node): void;
  exit(node: Node): void;
  codePathStart(codePath: CodePath, node: Node): void;
  codePathEnd(codePath: CodePath, node: Node): void;
  segmentStart(segment: Segment, node: Node): void;
  segmentEnd(segment: Segment): void;
  /** A function whose code path starts here needs nothing from its steps: the replay passes over them to its end. */
  ignores(node: Node): boolean;
}

/** The two kinds of step ESLint's SourceCode#traverse() yields. */
interface VisitStep {
  readonly kind: 1;
  readonly target: Node;
  /** 1 entering, 2 leaving. */
  readonly phase: 1 | 2;
}
interface CallStep {
  readonly kind: 2;
  readonly target: string;
  readonly args: readonly unknown[];
}
type Step = VisitStep | CallStep;

interface SteppedSource {
  readonly ast: TSESTree.Program;
  readonly traverse?: () => readonly Step[];
}

/**
 * The file's steps, when the SourceCode has them and they are ESLint's (the code path of the
 * Program starts first); null under ESLint 8 and other hosts, which only dispatch to listeners.
 */
function stepsOf(sourceCode: SteppedSource): readonly Step[] | null {
  if (typeof sourceCode.traverse !== 'function') return null;
  const steps = sourceCode.traverse();
  const first = Array.isArray(steps) ? (steps[0] as Step | undefined) : undefined;
  return first?.kind === 2 && first.target === 'onCodePathStart' && first.args[1] === sourceCode.ast ? steps : null;
}

/** The listeners ESLint dispatches to, for the hosts without steps. */
function asListeners(handlers: TraversalHandlers): TSESLint.RuleListener {
  const listeners: Record<string, (...args: never[]) => void> = {
    Program: (node: TSESTree.Program) => handlers.program(node),
    onCodePathStart: (codePath: CodePath, node: Node) => handlers.codePathStart(codePath, node),
    onCodePathEnd: (codePath: CodePath, node: Node) => handlers.codePathEnd(codePath, node),
    onCodePathSegmentStart: (segment: Segment, node: Node) => handlers.segmentStart(segment, node),
    onCodePathSegmentEnd: (segment: Segment) => handlers.segmentEnd(segment),
    onUnreachableCodePathSegmentStart: (segment: Segment, node: Node) => handlers.segmentStart(segment, node),
    onUnreachableCodePathSegmentEnd: (segment: Segment) => handlers.segmentEnd(segment),
    [[...handlers.enterTypes].join(', ')]: (node: Node) => handlers.enter(node),
    'TryStatement > BlockStatement.finalizer': (node: Node) => handlers.finalizer(node),
    [`${[...handlers.exitTypes].join(', ')}:exit`]: (node: Node) => handlers.exit(node),
  };
  return listeners as TSESLint.RuleListener;
}

/** A block that is the `finally` of its `try`. */
function isFinalizer(block: Node): boolean {
  const parent = block.parent;
  return parent?.type === AST_NODE_TYPES.TryStatement && parent.finalizer === block;
}

/** Index of the step that ends the code path of `fn`, searched from `from`. */
function endOfCodePath(steps: readonly Step[], from: number, fn: Node): number {
  let i = from;
  while (i < steps.length) {
    const step = steps[i];
    if (step.kind === 2 && step.args[1] === fn && step.target === 'onCodePathEnd') return i;
    i++;
  }
  return i;
}

/** Every step in order, as ESLint would dispatch them to the listeners of `asListeners`. */
function replay(steps: readonly Step[], handlers: TraversalHandlers): void {
  const { enterTypes, exitTypes } = handlers;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (step.kind === 1) {
      const node = step.target;
      const type = node.type;
      if (step.phase !== 1) {
        if (exitTypes.has(type)) handlers.exit(node);
      } else if (type === AST_NODE_TYPES.Program) {
        handlers.program(node);
      } else {
        if (enterTypes.has(type)) handlers.enter(node);
        if (type === AST_NODE_TYPES.BlockStatement && isFinalizer(node)) handlers.finalizer(node);
      }
      continue;
    }
    // Code path events, most often a segment's start or end: (segment or code path, node).
    const args = step.args;
    const node = args[1] as Node;
    switch (step.target) {
      case 'onCodePathSegmentStart':
      case 'onUnreachableCodePathSegmentStart':
        handlers.segmentStart(args[0] as Segment, node);
        break;
      case 'onCodePathSegmentEnd':
      case 'onUnreachableCodePathSegmentEnd':
        handlers.segmentEnd(args[0] as Segment);
        break;
      case 'onCodePathStart':
        if (handlers.ignores(node)) i = endOfCodePath(steps, i + 1, node);
        else handlers.codePathStart(args[0] as CodePath, node);
        break;
      case 'onCodePathEnd':
        handlers.codePathEnd(args[0] as CodePath, node);
        break;
      default:
        break;
    }
  }
}

/**
 * The listeners that deliver the traversal to `handlers`: one `Program` listener that replays the
 * file's steps where ESLint has them (every rule of the file is created by then, so every
 * subscriber hears the findings), else a listener for each event.
 */
export function traversalListeners(sourceCode: SteppedSource, handlers: TraversalHandlers): TSESLint.RuleListener {
  const steps = stepsOf(sourceCode);
  if (!steps) return asListeners(handlers);
  return { Program: () => replay(steps, handlers) } as TSESLint.RuleListener;
}
