// Fix-validity harness: applies every fix and every suggestion our rules produce on a source text
// and checks that
//   1. the output parses with the same parser (same languageOptions);
//   2. ESLint's multi-pass fixing (Linter#verifyAndFix) converges: after it, a fresh lint pass has
//      no fix left (so no fix is re-applied at the same place, no A→B→A circle, ≤ 10 passes);
//   3. the edited code no longer triggers the rule that made the edit at that location.
// Every rule of the plugin is run with its default options and, for rules whose `meta.schema` has
// boolean options named like `autofix`/`fix`, with those options on (suggestions become fixes).
//
// Used by scripts/stress.mjs and tests/fix-validity.test.ts (types in fix-harness.d.mts). Lints
// through the BUILT plugin (dist/index.js): run `npm run build` first.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { Linter } = require('eslint');
const tsParser = require('@typescript-eslint/parser');

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MAX_PASSES = 10;

let pluginCache;
export function loadPlugin() {
  pluginCache ??= require(path.join(ROOT, 'dist', 'index.js'));
  return pluginCache;
}
const namespaceOf = plugin => plugin.meta?.namespace ?? 'connection-leaks';

/** Boolean options whose name says they turn suggestions into fixes (`autofix`, `fix…`). */
export function fixOptionNames(rule) {
  const schema = rule.meta?.schema;
  const first = Array.isArray(schema) ? schema[0] : schema && typeof schema === 'object' ? schema : undefined;
  const props = first?.properties ?? {};
  return Object.keys(props).filter(k => props[k]?.type === 'boolean' && /fix/i.test(k));
}

/**
 * Option sets each rule is run with: `[]` (its defaults) and, when the schema has fix options,
 * one set per fix option plus one with all of them on.
 */
export function ruleVariants(plugin = loadPlugin()) {
  const out = [];
  for (const [name, rule] of Object.entries(plugin.rules)) {
    out.push({ rule: name, options: [], label: name });
    const fixOpts = fixOptionNames(rule);
    const sets = fixOpts.map(k => ({ [k]: true }));
    if (fixOpts.length > 1) sets.push(Object.fromEntries(fixOpts.map(k => [k, true])));
    for (const set of sets) out.push({ rule: name, options: [set], label: `${name} ${JSON.stringify(set)}` });
  }
  return out;
}

const TS_EXT = /\.[cm]?tsx?$/;

/** The parser setup for a file name: typescript-eslint's parser for .ts, espree otherwise. */
export function defaultLanguageOptions(filename, sourceType = 'module') {
  return {
    ecmaVersion: 'latest',
    sourceType,
    ...(TS_EXT.test(filename) ? { parser: tsParser } : {}),
    parserOptions: sourceType === 'script' ? { ecmaFeatures: { globalReturn: true } } : {},
  };
}

// A pattern such as '**/*' would not make ESLint lint a .ts file: name the extensions.
const FILES = ['**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs', '**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
const LINTER_OPTIONS = { noInlineConfig: true, reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' };

/** Flat config with the given rules (`{ name: options[] }`) of the plugin at 'error'. */
export function configFor(rules, { languageOptions, settings, plugin = loadPlugin() }) {
  const ns = namespaceOf(plugin);
  return [
    {
      files: FILES,
      languageOptions,
      linterOptions: LINTER_OPTIONS,
      plugins: { [ns]: plugin },
      settings: settings ?? {},
      rules: Object.fromEntries(Object.entries(rules).map(([name, options]) => [`${ns}/${name}`, ['error', ...options]])),
    },
  ];
}

let linterCache;
function getLinter() {
  linterCache ??= new Linter({ configType: 'flat', cwd: ROOT });
  return linterCache;
}

function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}
function offsetOf(starts, line, column) {
  if (line == null) return -1;
  return (starts[line - 1] ?? 0) + (column ?? 1) - 1;
}

const applyEdit = (text, edit) => text.slice(0, edit.range[0]) + edit.text + text.slice(edit.range[1]);

function snippet(text, line, around = 3) {
  const lines = text.split('\n');
  const from = Math.max(0, line - 1 - around);
  return lines
    .slice(from, Math.min(lines.length, line + around))
    .map((l, i) => `${String(from + i + 1).padStart(4)}| ${l}`)
    .join('\n');
}

/**
 * Checks every fix and suggestion of our rules on `code`.
 * options: { filename, languageOptions?, sourceType?, settings?, plugin?, rules?: names to check,
 *   variants?: extra [{ rule, options }] to check besides the defaults and the fix options }
 * Returns { parsed, parseError?, reports, fixes, suggestions, passes, problems[], notes[] }; a problem is
 * { kind, rule, options, message, line, column, detail, input, output }.
 * problem kinds: 'crash' | 'fix-parse' | 'suggestion-parse' | 'fix-persists' | 'suggestion-persists' | 'no-converge'.
 * note kinds (not failures): 'fix-reveals' | 'suggestion-reveals': the edit removed the report it was
 * made for, and the rule now reports another problem (another messageId) at the same place.
 */
export function checkFixes(code, options) {
  const plugin = options.plugin ?? loadPlugin();
  const ns = namespaceOf(plugin);
  const filename = options.filename ?? 'file.ts';
  const languageOptions = options.languageOptions ?? defaultLanguageOptions(filename, options.sourceType);
  const settings = options.settings;
  const linter = getLinter();
  const text = code.charCodeAt(0) === 0xfeff ? code.slice(1) : code;
  const result = { parsed: true, reports: 0, fixes: 0, suggestions: 0, passes: 0, problems: [], notes: [] };
  const only = options.rules ? new Set(options.rules) : null;
  const variants = ruleVariants(plugin).filter(v => !only || only.has(v.rule));
  // Extra option sets (e.g. a test case's own options) are always checked in detail.
  for (const v of options.variants ?? []) {
    if (!plugin.rules[v.rule]) continue;
    const label = `${v.rule} ${JSON.stringify(v.options)}`;
    if (!variants.some(x => x.label === label)) variants.push({ rule: v.rule, options: v.options, label, forced: true });
  }
  const verify = (src, config) => linter.verify(src, config, { filename });
  const problem = (p) => result.problems.push({ input: text, ...p });

  // Survey: every rule with its default options, in one lint. Only rules that report something get
  // the detailed checks; their default-option reports are taken from this lint.
  const ruleNames = [...new Set(variants.map(v => v.rule))];
  let surveyed;
  try {
    surveyed = verify(text, configFor(Object.fromEntries(ruleNames.map(n => [n, []])), { languageOptions, settings, plugin }));
  } catch (err) {
    problem({ kind: 'crash', rule: err?.ruleId ?? '?', options: null, message: String(err?.message ?? err), detail: String(err?.stack ?? '') });
    return result;
  }
  const unmatched = surveyed.find(m => !m.ruleId && !m.fatal && /No matching configuration|ignored/i.test(m.message));
  if (unmatched) throw new Error(`${filename} was not linted: ${unmatched.message}`);
  const fatal = surveyed.find(m => m.fatal);
  if (fatal) {
    result.parsed = false;
    result.parseError = `${fatal.line}:${fatal.column} ${fatal.message}`;
    return result;
  }
  const reporting = new Set();
  for (const m of surveyed) if (m.ruleId?.startsWith(`${ns}/`)) reporting.add(m.ruleId.slice(ns.length + 1));
  if (reporting.size === 0 && !variants.some(v => v.forced)) return result;
  const starts = lineStarts(text);

  const checkedEdits = new Set();
  for (const variant of variants) {
    if (!reporting.has(variant.rule) && !variant.forced) continue;
    const ruleId = `${ns}/${variant.rule}`;
    const config = configFor({ [variant.rule]: variant.options }, { languageOptions, settings, plugin });
    const base = { rule: variant.rule, options: variant.options };
    let messages;
    try {
      // Rules do not interact: the default options' reports are the survey's.
      messages = (variant.options.length === 0 ? surveyed : verify(text, config)).filter(m => m.ruleId === ruleId);
    } catch (err) {
      problem({ ...base, kind: 'crash', message: String(err?.message ?? err), detail: String(err?.stack ?? '') });
      continue;
    }
    if (variant.options.length === 0) result.reports += messages.length;

    /** The same rule must not report again where `m` was, after the edit. */
    const checkEdit = (m, edit, kind) => {
      // The autofix variant's fix is usually the default variant's suggestion: check each edit once.
      const key = `${ruleId}|${edit.range}|${edit.text}|${m.line}:${m.column}`;
      if (checkedEdits.has(key)) return;
      checkedEdits.add(key);
      const output = applyEdit(text, edit);
      let after;
      try {
        after = verify(output, config);
      } catch (err) {
        problem({ ...base, kind: 'crash', message: String(err?.message ?? err), line: m.line, column: m.column, output, detail: String(err?.stack ?? '') });
        return;
      }
      const fatal = after.find(x => x.fatal);
      if (fatal) {
        problem({
          ...base,
          kind: `${kind}-parse`,
          message: m.message,
          line: m.line,
          column: m.column,
          output,
          detail: `parse error at ${fatal.line}:${fatal.column}: ${fatal.message}\n${snippet(output, fatal.line)}`,
        });
        return;
      }
      const outStarts = lineStarts(output);
      const [s0, e0] = edit.range;
      const delta = edit.text.length - (e0 - s0);
      const span = (st, src, x) => {
        const a = offsetOf(st, x.line, x.column);
        const b = x.endLine != null ? offsetOf(st, x.endLine, x.endColumn) : a;
        return { at: a, text: src.slice(a, Math.max(a, b)) };
      };
      const where = span(starts, text, m);
      const ours = after.filter(x => x.ruleId === ruleId);
      let beforeSame;
      let afterSame;
      let afterOther = [];
      if (where.at < s0 || where.at >= e0) {
        // Outside the edited text: the location moves by a known amount.
        const mapped = where.at < s0 ? where.at : where.at + delta;
        beforeSame = messages.filter(x => x.messageId === m.messageId && offsetOf(starts, x.line, x.column) === where.at).length;
        const there = ours.filter(x => offsetOf(outStarts, x.line, x.column) === mapped);
        afterSame = there.filter(x => x.messageId === m.messageId);
        afterOther = there.filter(x => x.messageId !== m.messageId);
      } else {
        // Inside the edited text (fixes may move code): compare how many reports of this kind sit on
        // the same source text within the edited region before and after.
        const sameSpot = (st, src, lo, hi) => x => {
          const sp = span(st, src, x);
          return x.messageId === m.messageId && sp.at >= lo && sp.at < hi && sp.text === where.text;
        };
        beforeSame = messages.filter(sameSpot(starts, text, s0, e0)).length;
        afterSame = ours.filter(sameSpot(outStarts, output, s0, s0 + edit.text.length));
      }
      if (afterSame.length >= beforeSame && afterSame.length > 0) {
        const again = afterSame[0];
        problem({
          ...base,
          kind: `${kind}-persists`,
          message: m.message,
          line: m.line,
          column: m.column,
          output,
          detail: `after the ${kind} the rule still reports at ${again.line}:${again.column}: ${again.message}\n${snippet(output, again.line)}`,
        });
      } else if (afterOther.length > 0) {
        // The edit did what its message says, and the rule now names another problem of the same
        // handle (e.g. \`release\` → \`release()\` reveals a conditional release). Not a failure.
        result.notes.push({
          ...base,
          kind: `${kind}-reveals`,
          message: m.message,
          line: m.line,
          column: m.column,
          input: text,
          output,
          detail: `then: ${afterOther[0].message}`,
        });
      }
    };

    let anyFix = false;
    for (const m of messages) {
      if (m.fix) {
        anyFix = true;
        result.fixes++;
        checkEdit(m, m.fix, 'fix');
      }
      for (const s of m.suggestions ?? []) {
        result.suggestions++;
        checkEdit(m, s.fix, 'suggestion');
      }
    }
    if (!anyFix) continue;

    // ESLint's own multi-pass fixing, then one more pass: it must find nothing left to fix.
    let fixed;
    try {
      fixed = linter.verifyAndFix(text, config, { filename, stats: true });
    } catch (err) {
      problem({ ...base, kind: 'crash', message: String(err?.message ?? err), detail: String(err?.stack ?? '') });
      continue;
    }
    const fatal = fixed.messages.find(x => x.fatal);
    if (fatal) {
      problem({
        ...base,
        kind: 'fix-parse',
        message: 'multi-pass fixing produced code that does not parse',
        output: fixed.output,
        detail: `parse error at ${fatal.line}:${fatal.column}: ${fatal.message}\n${snippet(fixed.output, fatal.line)}`,
      });
      continue;
    }
    result.passes = Math.max(result.passes, linter.getFixPassCount());
    let leftover;
    try {
      leftover = verify(fixed.output, config).filter(x => x.ruleId === ruleId && x.fix);
    } catch (err) {
      problem({ ...base, kind: 'crash', message: String(err?.message ?? err), output: fixed.output, detail: String(err?.stack ?? '') });
      continue;
    }
    if (leftover.length > 0) {
      // Replay pass by pass to say why: a circle (A→B→A) or more than MAX_PASSES passes.
      const { passes, history } = fixLoop(text, config, filename, ruleId);
      const lastText = history[history.length - 1];
      const circular = history.indexOf(lastText) < history.length - 1;
      const l = leftover[0];
      problem({
        ...base,
        kind: 'no-converge',
        message: circular ? `circular fixes after ${passes} passes (the text came back to an earlier state)` : `still fixable after ${passes} passes`,
        line: l.line,
        column: l.column,
        output: fixed.output,
        detail: `left to fix at ${l.line}:${l.column}: ${l.message}\n${snippet(fixed.output, l.line)}`,
      });
    }
  }
  return result;
}

/**
 * Pass-by-pass replay of ESLint's fixing (non-overlapping fixes sorted by range, as
 * SourceCodeFixer does), up to MAX_PASSES + 1 passes, stopping early on a repeated text.
 */
function fixLoop(text, config, filename, ruleId) {
  const linter = getLinter();
  const history = [text];
  let current = text;
  let passes = 0;
  let leftover = [];
  for (;;) {
    const messages = linter.verify(current, config, { filename });
    const fixes = messages.filter(m => m.ruleId === ruleId && m.fix).sort((a, b) => a.fix.range[0] - b.fix.range[0] || a.fix.range[1] - b.fix.range[1]);
    if (fixes.length === 0 || messages.some(m => m.fatal)) {
      leftover = [];
      break;
    }
    if (passes >= MAX_PASSES || history.slice(0, -1).includes(current)) {
      leftover = fixes;
      break;
    }
    let out = '';
    let last = Number.NEGATIVE_INFINITY;
    for (const m of fixes) {
      const [s, e] = m.fix.range;
      if (last >= s || s > e) continue;
      out += current.slice(Math.max(0, last), Math.max(0, s)) + m.fix.text;
      last = e;
    }
    current = out + current.slice(Math.max(0, last));
    passes++;
    history.push(current);
  }
  return { passes, history, leftover };
}

/** One-line-per-problem text for logs. */
export function formatProblem(p, where = '') {
  const opts = p.options && p.options.length ? ` ${JSON.stringify(p.options[0])}` : '';
  const loc = p.line ? `:${p.line}:${p.column}` : '';
  return `${p.kind} ${where}${loc} [${p.rule}${opts}] ${p.message.split('\n')[0]}${p.detail ? `\n    ${p.detail.split('\n').join('\n    ')}` : ''}`;
}
