// The functions of an oracle program and who calls whom, read from its text alone (so that the
// minimizer can hand the oracle any candidate).
//
// A unit is a piece of code the oracle gives a verdict and a truth to: a top-level function
// declaration (`open`), a class method (`Session.close`; the constructor is `Session`), a method
// of a top-level object literal (`db.open`) and an ES5 prototype or static method
// (`Session.prototype.close = function …` is `Session.close`). Nested functions (callbacks, arrow
// functions, `.then` links) belong to the unit around them.
//
// An entry is a top-level function declaration that nothing else in the file names: the file's
// API, which the runner calls as `f(input, given, store, cb)`. Every other unit is a helper; it runs
// only when an entry calls it (directly or through other helpers).
import * as espree from 'espree';

const PARSE_OPTIONS = { ecmaVersion: 'latest', sourceType: 'module', range: true, loc: true };

export function parseProgram(code) {
  return espree.parse(code, PARSE_OPTIONS);
}

const isFunctionNode = n => n && /^(FunctionExpression|ArrowFunctionExpression)$/.test(n.type);
const keyName = key => (key?.type === 'Identifier' ? key.name : key?.type === 'Literal' ? String(key.value) : null);

/** `X.prototype.m = function …` → ['X', 'm']; `X.m = function …` → ['X', 'm']; else null. */
function memberAssignment(statement) {
  const e = statement.type === 'ExpressionStatement' ? statement.expression : null;
  if (e?.type !== 'AssignmentExpression' || e.left.type !== 'MemberExpression' || !isFunctionNode(e.right)) return null;
  const left = e.left;
  const method = keyName(left.property);
  const object = left.object;
  if (object.type === 'Identifier') return [object.name, method, e.right];
  if (object.type === 'MemberExpression' && object.object.type === 'Identifier' && keyName(object.property) === 'prototype') return [object.object.name, method, e.right];
  return null;
}

/**
 * The program's structure: `units` (name, kind 'entry' | 'helper', node range, first and last
 * line, group), `groups` (top-level name → the text of everything that defines it), how to wrap
 * helpers at run time (`wraps`: callables and members whose calls the runner watches), and the
 * top-level `statements` with the names each defines (text range, names).
 */
export function programStructure(code, ast = parseProgram(code)) {
  const units = [];
  const groups = new Map();
  const wraps = { callables: [], members: [], roots: [] };
  const statements = [];
  const addText = (group, node, statement = node) => {
    groups.set(group, `${groups.get(group) ?? ''}\n${code.slice(node.range[0], node.range[1])}`);
    statements.push({ range: statement.range, names: group ? [group] : [] });
  };
  const unit = (name, node, group, declaration = false) => units.push({ name, group, range: node.range, lines: [node.loc.start.line, node.loc.end.line], declaration });
  for (const statement of ast.body) {
    const s = statement.type === 'ExportNamedDeclaration' && statement.declaration ? statement.declaration : statement;
    if (s.type === 'FunctionDeclaration' && s.id) {
      addText(s.id.name, s, statement);
      unit(s.id.name, s, s.id.name, true);
    } else if (s.type === 'ClassDeclaration' && s.id) {
      addText(s.id.name, s, statement);
      classUnits(s.id.name, s.body, unit, wraps);
      wraps.callables.push(s.id.name);
    } else if (s.type === 'VariableDeclaration') {
      statements.push({ range: statement.range, names: [] });
      for (const d of s.declarations) {
        if (d.id.type !== 'Identifier') continue;
        const name = d.id.name;
        groups.set(name, `${groups.get(name) ?? ''}\n${code.slice(d.range[0], d.range[1])}`);
        statements.at(-1).names.push(name);
        wraps.roots.push(name);
        if (d.init?.type === 'ObjectExpression') {
          for (const p of d.init.properties) {
            if (p.type !== 'Property' || !isFunctionNode(p.value) || p.kind !== 'init') continue;
            unit(`${name}.${keyName(p.key)}`, p.value, name);
            wraps.members.push({ object: name, key: keyName(p.key), name: `${name}.${keyName(p.key)}` });
          }
        } else if (d.init?.type === 'ClassExpression') classUnits(name, d.init.body, unit, wraps);
      }
    } else {
      const member = memberAssignment(s);
      if (member) {
        const [owner, method, fn] = member;
        addText(owner, s);
        unit(`${owner}.${method}`, fn, owner);
        const onPrototype = s.expression.left.object.type === 'MemberExpression';
        wraps.members.push({ object: onPrototype ? `${owner}.prototype` : owner, key: method, name: `${owner}.${method}` });
      } else if (s.type === 'ExpressionStatement') addText('', s);
    }
  }
  const referencedBy = name => [...groups].some(([other, text]) => other !== name && mentions(text, name));
  for (const u of units) u.kind = u.declaration && !referencedBy(u.name) ? 'entry' : 'helper';
  for (const u of units) if (u.declaration && u.kind === 'helper') wraps.callables.push(u.name);
  return { units, groups, wraps, statements };
}

function classUnits(className, body, unit, wraps) {
  for (const m of body.body) {
    if (m.type !== 'MethodDefinition' || m.kind === 'get' || m.kind === 'set') continue;
    const method = keyName(m.key);
    const name = m.kind === 'constructor' ? className : `${className}.${method}`;
    unit(name, m.value, className);
    if (m.kind !== 'constructor') wraps.members.push({ object: m.static ? className : `${className}.prototype`, key: method, name });
  }
}

/** Whether `text` names the top-level `name` (not a property of that name: `db.open` is not `open`). */
const mentions = (text, name) => new RegExp(`(?<![.\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(text);

/** The top-level names whose code `name`'s group can run: itself and what it names, transitively. */
export function closureOf(groups, name) {
  const seen = new Set([name]);
  const queue = [name];
  while (queue.length) {
    const text = groups.get(queue.pop()) ?? '';
    for (const other of groups.keys()) {
      if (other && !seen.has(other) && mentions(text, other)) {
        seen.add(other);
        queue.push(other);
      }
    }
  }
  return seen;
}

/** The input indices read in `text`: `input[3]`, and `input[3 + i0]` in a loop (3 and 4). */
export function inputsRead(text) {
  const reads = [...text.matchAll(/\binput\[(\d+)( \+ \w+)?\]/g)].flatMap(m => (m[2] ? [Number(m[1]), Number(m[1]) + 1] : [Number(m[1])]));
  return [...new Set(reads)].sort((a, b) => a - b);
}

/** The innermost unit whose node holds `offset` (nested: a method inside a class, a callback inside a function). */
export function unitAt(units, offset) {
  let best = null;
  for (const u of units) if (u.range[0] <= offset && offset < u.range[1] && (!best || u.range[0] >= best.range[0])) best = u;
  return best;
}
