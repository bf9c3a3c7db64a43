// Test-case minimizer: shrinks a program while a predicate still holds (it still crashes a rule,
// or a fix of it is still invalid). Three greedy passes, repeated until nothing changes:
//   1. delete chunks of lines (halving the chunk size down to one line);
//   2. delete one syntax-tree node from a list (a statement, class member, property, argument,
//      array element, declarator, parameter), largest first;
//   3. unwrap a compound statement (if/loop/try/block/label → its inner statements).
// Candidates that do not parse simply fail the predicate (a parse error is not the same failure).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tsParser = require('@typescript-eslint/parser');

const STATEMENT_LISTS = {
  Program: ['body'],
  BlockStatement: ['body'],
  StaticBlock: ['body'],
  SwitchCase: ['consequent'],
  SwitchStatement: ['cases'],
  ClassBody: ['body'],
  TSModuleBlock: ['body'],
};
const SEPARATED_LISTS = {
  ArrayExpression: ['elements'],
  ArrayPattern: ['elements'],
  ObjectExpression: ['properties'],
  ObjectPattern: ['properties'],
  CallExpression: ['arguments'],
  NewExpression: ['arguments'],
  FunctionDeclaration: ['params'],
  FunctionExpression: ['params'],
  ArrowFunctionExpression: ['params'],
  VariableDeclaration: ['declarations'],
  SequenceExpression: ['expressions'],
  TemplateLiteral: [],
  ImportDeclaration: ['specifiers'],
  Decorator: [],
};

function parse(code) {
  for (const sourceType of ['module', 'script']) {
    try {
      return tsParser.parse(code, { range: true, loc: false, sourceType, ecmaVersion: 'latest', jsx: false });
    } catch {
      // try the other source type
    }
  }
  return null;
}

function children(node) {
  const out = [];
  for (const key of Object.keys(node)) {
    if (key === 'parent' || key === 'range' || key === 'loc' || key === 'tokens' || key === 'comments') continue;
    const v = node[key];
    if (Array.isArray(v)) {
      for (const x of v) if (x && typeof x.type === 'string') out.push(x);
    } else if (v && typeof v.type === 'string') {
      out.push(v);
    }
  }
  return out;
}

/** Text edits `{ range: [s, e], text }` that each remove or unwrap one node. */
function candidates(ast, code) {
  const edits = [];
  const visit = (node, parent) => {
    for (const key of STATEMENT_LISTS[node.type] ?? []) {
      for (const child of node[key] ?? []) if (child) edits.push({ range: child.range, text: '' });
    }
    for (const key of SEPARATED_LISTS[node.type] ?? []) {
      const list = (node[key] ?? []).filter(Boolean);
      list.forEach((child, i) => {
        if (i + 1 < list.length) edits.push({ range: [child.range[0], list[i + 1].range[0]], text: '' });
        else if (i > 0) edits.push({ range: [list[i - 1].range[1], child.range[1]], text: '' });
        else edits.push({ range: child.range, text: '' });
      });
    }
    const inner = unwrapTarget(node, parent);
    if (inner) edits.push({ range: node.range, text: inner.map(n => code.slice(n.range[0], n.range[1])).join('\n') });
    for (const c of children(node)) visit(c, node);
  };
  visit(ast, null);
  // Largest first: big deletions make the rest cheaper.
  return edits.sort((a, b) => b.range[1] - b.range[0] - (a.range[1] - a.range[0]));
}

function unwrapTarget(node, parent) {
  const body = n => (n?.type === 'BlockStatement' ? n.body : n ? [n] : []);
  switch (node.type) {
    case 'IfStatement':
      return body(node.consequent);
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'LabeledStatement':
      return body(node.body);
    case 'TryStatement':
      return [...body(node.block), ...(node.finalizer ? body(node.finalizer) : [])];
    case 'BlockStatement':
      return parent && STATEMENT_LISTS[parent.type] ? node.body : null;
    default:
      return null;
  }
}

/**
 * The reduction itself, as a generator: it yields each candidate and is sent back whether the
 * failure still holds, so one search serves a synchronous and an asynchronous predicate.
 * Returns the smallest program found.
 */
function* reduce(code) {
  let best = code;
  let changed = true;
  while (changed) {
    changed = false;
    // 1. Line chunks.
    let lines = best.split('\n');
    for (let chunk = Math.max(1, lines.length >> 1); chunk >= 1; chunk >>= 1) {
      for (let i = 0; i < lines.length; ) {
        const candidate = [...lines.slice(0, i), ...lines.slice(i + chunk)];
        if (candidate.length < lines.length && (yield candidate.join('\n'))) {
          lines = candidate;
          changed = true;
        } else i += chunk;
      }
    }
    best = lines.join('\n');
    // 2 + 3. Syntax-tree deletions and unwraps, restarted after each success.
    for (let progress = true; progress; ) {
      progress = false;
      const ast = parse(best);
      if (!ast) break;
      for (const edit of candidates(ast, best)) {
        const candidate = best.slice(0, edit.range[0]) + edit.text + best.slice(edit.range[1]);
        if (candidate.length < best.length && (yield candidate)) {
          best = candidate;
          progress = changed = true;
          break;
        }
      }
    }
  }
  // Cosmetic: drop blank lines when that keeps the failure.
  const compact = best.split('\n').filter(l => l.trim() !== '').join('\n');
  if (compact !== best && (yield compact)) best = compact;
  return best;
}

/** Steps through `reduce`; after `maxChecks` checks every further candidate counts as failing. */
function drive(code, maxChecks) {
  const search = reduce(code);
  let step = search.next();
  const run = {
    checks: 0,
    get done() {
      return step.done;
    },
    get candidate() {
      return step.value;
    },
    answer(holds) {
      step = search.next(holds);
    },
    tick() {
      if (run.checks >= maxChecks) return false;
      run.checks++;
      return true;
    },
  };
  return run;
}

/**
 * Smallest program found for which `stillFails(code)` is true (the input must satisfy it).
 * options: { maxChecks = 3000 }. Returns { code, checks }.
 */
export function minimize(code, stillFails, { maxChecks = 3000 } = {}) {
  const run = drive(code, maxChecks);
  while (!run.done) {
    let holds = false;
    if (run.tick()) {
      try {
        holds = !!stillFails(run.candidate);
      } catch {
        holds = false;
      }
    }
    run.answer(holds);
  }
  return { code: run.candidate, checks: run.checks };
}

/** `minimize` with an asynchronous predicate (e.g. one that runs the program). */
export async function minimizeAsync(code, stillFails, { maxChecks = 3000 } = {}) {
  const run = drive(code, maxChecks);
  while (!run.done) {
    let holds = false;
    if (run.tick()) {
      try {
        holds = !!(await stillFails(run.candidate));
      } catch {
        holds = false;
      }
    }
    run.answer(holds);
  }
  return { code: run.candidate, checks: run.checks };
}
