// Inputs for the fix-validity harness besides generated programs: the code of the rule tests'
// cases (tests/rules/*.test.ts, read statically), the examples app (examples/**) and the code
// blocks of the documentation (docs/**/*.md, README.md). Each input is
// { name, code, filename, languageOptions, settings?, variants? } for checkFixes().
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, defaultLanguageOptions } from './fix-harness.mjs';

const require = createRequire(import.meta.url);
const tsParser = require('@typescript-eslint/parser');
const { getStaticValue } = require('@eslint-community/eslint-utils');

const SOURCE = /\.(c|m)?[jt]sx?$/;

function walk(dir, accept) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map(f => path.join(dir, String(f)))
    .filter(f => !f.split(path.sep).includes('node_modules') && accept(f) && fs.statSync(f).isFile())
    .sort();
}
const rel = f => path.relative(ROOT, f).split(path.sep).join('/');

/** Source files of the examples app. */
export function exampleInputs() {
  return walk(path.join(ROOT, 'examples'), f => SOURCE.test(f) && !/\.d\.[cm]?ts$/.test(f) && !/eslint\.config\./.test(f)).map(f => ({
    name: rel(f),
    code: fs.readFileSync(f, 'utf8'),
    filename: rel(f),
    languageOptions: defaultLanguageOptions(f, /\.cjs$/.test(f) ? 'script' : 'module'),
  }));
}

const FENCE = /^(`{3,}|~{3,})[ \t]*([\w-]*)[^\n]*\n([\s\S]*?)^\1[ \t]*$/gm;
const LANGS = { js: '.js', javascript: '.js', mjs: '.mjs', cjs: '.cjs', ts: '.ts', typescript: '.ts', mts: '.mts', cts: '.cts' };

/** JavaScript/TypeScript code blocks of the documentation. */
export function docInputs() {
  const files = [...walk(path.join(ROOT, 'docs'), f => f.endsWith('.md')), path.join(ROOT, 'README.md')].filter(f => fs.existsSync(f));
  const out = [];
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(FENCE)) {
      const ext = LANGS[m[2].toLowerCase()];
      if (!ext) continue;
      const line = text.slice(0, m.index).split('\n').length;
      const filename = `${rel(f).replace(/\.md$/, '')}-${line}${ext}`;
      const sourceType = ext === '.cjs' || /\brequire\(/.test(m[3]) && !/^\s*(import|export)\b/m.test(m[3]) ? 'script' : 'module';
      out.push({ name: `${rel(f)}:${line}`, code: m[3], filename, languageOptions: defaultLanguageOptions(filename, sourceType) });
    }
  }
  return out;
}

function property(obj, key) {
  return obj.properties.find(p => p.type === 'Property' && !p.computed && (p.key.name === key || p.key.value === key));
}
function staticOf(node) {
  if (!node) return undefined;
  const v = getStaticValue(node);
  return v ? v.value : undefined;
}

/**
 * The cases of every `tester.run(name, rule, { valid, invalid })` in tests/rules/*.test.ts whose
 * code is a literal. Cases built at run time or with their own parser object are skipped.
 * Parsed as the tests parse them: typescript-eslint's parser; `jsRuleTester` means script code.
 */
export function ruleCaseInputs({ invalidOnly = false } = {}) {
  const out = [];
  for (const file of walk(path.join(ROOT, 'tests', 'rules'), f => f.endsWith('.test.ts'))) {
    const source = fs.readFileSync(file, 'utf8');
    let ast;
    try {
      ast = tsParser.parse(source, { loc: true, range: true, sourceType: 'module', ecmaVersion: 'latest' });
    } catch {
      continue;
    }
    const visit = node => {
      if (!node || typeof node.type !== 'string') return;
      if (
        node.type === 'CallExpression' &&
        node.callee.type === 'MemberExpression' &&
        node.callee.property.name === 'run' &&
        node.arguments.length === 3 &&
        node.arguments[2].type === 'ObjectExpression'
      ) {
        const rule = staticOf(node.arguments[0]);
        const script = node.callee.object.type === 'Identifier' && /^js/i.test(node.callee.object.name);
        for (const group of invalidOnly ? ['invalid'] : ['valid', 'invalid']) {
          const list = property(node.arguments[2], group)?.value;
          if (list?.type !== 'ArrayExpression') continue;
          for (const element of list.elements) {
            const input = caseInput(element, { rule, script, file, group });
            if (input) out.push(input);
          }
        }
      }
      for (const key of Object.keys(node)) {
        if (key === 'parent') continue;
        const v = node[key];
        if (Array.isArray(v)) v.forEach(visit);
        else if (v && typeof v.type === 'string') visit(v);
      }
    };
    visit(ast);
  }
  return out;
}

function caseInput(element, { rule, script, file, group }) {
  if (!element) return null;
  let code;
  let options;
  let settings;
  let filename;
  let sourceType = script ? 'script' : 'module';
  if (element.type === 'ObjectExpression') {
    code = staticOf(property(element, 'code')?.value);
    options = staticOf(property(element, 'options')?.value);
    settings = staticOf(property(element, 'settings')?.value);
    filename = staticOf(property(element, 'filename')?.value);
    const lo = property(element, 'languageOptions')?.value;
    if (lo) {
      const value = staticOf(lo);
      if (!value || value.parser) return null; // a parser object: not reproducible statically
      sourceType = value.sourceType ?? value.parserOptions?.sourceType ?? sourceType;
    }
  } else {
    code = staticOf(element);
  }
  if (typeof code !== 'string') return null;
  return {
    name: `${rel(file)}:${element.loc.start.line} (${group})`,
    code,
    filename: typeof filename === 'string' ? filename : 'file.ts',
    // The rule tester parses every case with typescript-eslint's parser, whatever the file name.
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType,
      parser: tsParser,
      parserOptions: sourceType === 'script' ? { ecmaFeatures: { globalReturn: true } } : {},
    },
    settings: settings && typeof settings === 'object' ? settings : undefined,
    variants: Array.isArray(options) && options.length ? [{ rule, options }] : undefined,
  };
}
