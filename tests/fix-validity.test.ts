// Fix validity: every fix and every suggestion of every rule (with default options and with the
// rule's autofix options on) applied to the rule tests' cases, the examples app, the code blocks of
// the docs, seeded domain programs and seeded eslump programs must parse with the same parser,
// converge under ESLint's multi-pass fixing, and no longer trigger the rule where it was reported.
// Runs through the BUILT plugin (dist/); `npm test` builds first. The long version is
// `npm run stress` (scripts/stress.mjs), which uses the same harness (scripts/fix-harness.mjs).
import { describe, expect, it } from 'vitest';
import type { CheckOptions, CheckResult, PluginLike } from '../scripts/fix-harness.mjs';

// Dynamic imports: this test file is CommonJS for TypeScript, the scripts are ESM (types in .d.mts).
const harness = () => import('../scripts/fix-harness.mjs');
const sources = () => import('../scripts/fix-sources.mjs');
const generators = () => import('../scripts/domain-gen.mjs');

const DOMAIN_PROGRAMS = 200;
const ESLUMP_PROGRAMS = 200;
const SEED = 1;

interface Totals {
  inputs: number;
  parsed: number;
  reports: number;
  fixes: number;
  suggestions: number;
  problems: string[];
}

async function checkAll(inputs: ({ name: string; code: string } & CheckOptions)[]): Promise<Totals> {
  const { checkFixes, formatProblem } = await harness();
  const totals: Totals = { inputs: inputs.length, parsed: 0, reports: 0, fixes: 0, suggestions: 0, problems: [] };
  for (const input of inputs) {
    const result: CheckResult = checkFixes(input.code, input);
    if (!result.parsed) continue;
    totals.parsed++;
    totals.reports += result.reports;
    totals.fixes += result.fixes;
    totals.suggestions += result.suggestions;
    for (const p of result.problems) totals.problems.push(`${input.name}\n${formatProblem(p)}`);
  }
  return totals;
}

describe('fix-validity harness', () => {
  it('finds the autofix options of the plugin in the rules’ schemas', async () => {
    const { loadPlugin, ruleVariants } = await harness();
    const variants = ruleVariants(loadPlugin());
    expect(variants).toContainEqual(expect.objectContaining({ rule: 'no-leaked-connection', options: [{ autofix: true }] }));
    // Every rule is run at least once with its defaults.
    for (const name of Object.keys(loadPlugin().rules)) expect(variants).toContainEqual(expect.objectContaining({ rule: name, options: [] }));
  });

  it('applies a real fix: parses, converges in one pass, removes the report', async () => {
    const { checkFixes } = await harness();
    const code = [
      "import pg from 'pg';",
      'const pool = new pg.Pool();',
      'export async function f() {',
      '  const client = await pool.connect();',
      "  await client.query('SELECT 1');",
      '  client.release();',
      '}',
    ].join('\n');
    const result = checkFixes(code, { filename: 'leak.ts' });
    expect(result.parsed).toBe(true);
    expect(result.reports).toBeGreaterThanOrEqual(1);
    expect(result.fixes).toBeGreaterThanOrEqual(1); // the { autofix: true } variant
    expect(result.suggestions).toBeGreaterThanOrEqual(1);
    expect(result.passes).toBe(1);
    expect(result.problems).toEqual([]);
  });

  it('catches fixes that do not parse, do not converge, or leave the report in place', async () => {
    const { checkFixes } = await harness();
    type Fixer = { insertTextAfter(n: unknown, t: string): unknown; replaceText(n: unknown, t: string): unknown };
    type Node = { arguments: { value: unknown }[] };
    type Context = { report(d: unknown): void; sourceCode: { getText(n: unknown): string } };
    const rule = (make: (context: Context, node: Node) => Record<string, unknown>, hasSuggestions = false) => ({
      meta: { type: 'problem', fixable: 'code', hasSuggestions, schema: [], messages: { m: 'leak', s: 'fix it' } },
      create: (context: Context) => ({ 'CallExpression[callee.name="leak"]': (node: Node) => context.report({ node, messageId: 'm', ...make(context, node) }) }),
    });
    const fake: PluginLike = {
      meta: { namespace: 'fake' },
      rules: {
        // Output does not parse.
        'unparsable-fix': rule((_c, node) => ({ fix: (f: Fixer) => f.insertTextAfter(node, ' )(') })),
        // leak(1) -> leak(2) -> leak(1) ...: never converges.
        'circular-fix': rule((_c, node) => ({ fix: (f: Fixer) => f.replaceText(node, node.arguments[0]?.value === 1 ? 'leak(2)' : 'leak(1)') })),
        // A valid edit that does not remove the problem.
        'useless-suggestion': rule((_c, node) => ({ suggest: [{ messageId: 's', fix: (f: Fixer) => f.insertTextAfter(node, ' /* ok */') }] }), true),
        // A correct fix: the call goes away.
        'good-fix': rule((c, node) => ({ fix: (f: Fixer) => f.replaceText(node, `void ${JSON.stringify(c.sourceCode.getText(node))}`) })),
      },
    };
    const result = checkFixes('leak(1);\n', { filename: 'x.js', plugin: fake });
    const kinds = result.problems.map(p => `${p.rule} ${p.kind}`).sort();
    expect(kinds).toEqual([
      'circular-fix no-converge',
      'unparsable-fix fix-parse', // the fix applied alone
      'unparsable-fix fix-parse', // ESLint's multi-pass fixing
      'useless-suggestion suggestion-persists',
    ]);
    expect(result.problems.find(p => p.kind === 'no-converge')?.message).toMatch(/circular/);
  });
});

describe('fixes and suggestions are valid', () => {
  it('on the rule tests’ cases', { timeout: 120_000 }, async () => {
    const { ruleCaseInputs } = await sources();
    const totals = await checkAll(ruleCaseInputs());
    expect(totals.problems).toEqual([]);
    expect(totals.inputs).toBeGreaterThan(100);
    expect(totals.parsed).toBe(totals.inputs);
    expect(totals.fixes + totals.suggestions).toBeGreaterThan(50);
  });

  it('on the examples app and the documentation’s code blocks', { timeout: 60_000 }, async () => {
    const { exampleInputs, docInputs } = await sources();
    const totals = await checkAll([...exampleInputs(), ...docInputs()]);
    expect(totals.problems).toEqual([]);
    expect(totals.reports).toBeGreaterThan(0);
    expect(totals.fixes + totals.suggestions).toBeGreaterThan(0);
  });

  it(`on ${DOMAIN_PROGRAMS} generated domain programs (seed ${SEED})`, { timeout: 120_000 }, async () => {
    const { generateProgram } = await generators();
    const inputs = Array.from({ length: DOMAIN_PROGRAMS }, (_, i) => {
      const g = generateProgram(SEED + i);
      return { name: `domain seed ${g.seed}`, code: g.code, filename: g.filename, sourceType: g.sourceType, settings: g.settings };
    });
    const totals = await checkAll(inputs);
    expect(totals.problems).toEqual([]);
    // The generator writes code that parses and that the rules have something to say about.
    expect(totals.parsed).toBeGreaterThanOrEqual(DOMAIN_PROGRAMS * 0.95);
    expect(totals.reports).toBeGreaterThan(DOMAIN_PROGRAMS / 2);
    expect(totals.fixes).toBeGreaterThan(20);
  });

  it(`on ${ESLUMP_PROGRAMS} eslump programs (seed ${SEED}): no crash`, { timeout: 60_000 }, async () => {
    const { eslumpProgram } = await generators();
    const { defaultLanguageOptions } = await harness();
    const inputs = Array.from({ length: ESLUMP_PROGRAMS }, (_, i) => {
      const g = eslumpProgram(SEED + i);
      return { name: `eslump seed ${g.seed}`, code: g.code, filename: g.filename, languageOptions: defaultLanguageOptions(g.filename, g.sourceType) };
    });
    const totals = await checkAll(inputs);
    expect(totals.problems).toEqual([]);
    expect(totals.parsed).toBeGreaterThan(ESLUMP_PROGRAMS / 2);
  });

  it('generators are deterministic', async () => {
    const { generateProgram, eslumpProgram } = await generators();
    expect(generateProgram(42).code).toBe(generateProgram(42).code);
    expect(generateProgram(42).code).not.toBe(generateProgram(43).code);
    expect(eslumpProgram(42).code).toBe(eslumpProgram(42).code);
  });
});
