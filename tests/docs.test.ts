import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index';

const DOCS_DIR = join(__dirname, '..', 'docs', 'rules');
const NAMESPACE = plugin.meta.namespace;
const REQUIRED_SECTIONS = ['Rule Details', 'When Not To Use It'];

interface Example {
  readonly kind: 'wrong' | 'right';
  readonly lang: 'ts' | 'js';
  readonly code: string;
  /** 1-based line of the opening fence in the markdown file. */
  readonly line: number;
  /** `settings['connection-leaks']` the example is linted with: `<!-- wrong settings={"budget": {…}} -->`. */
  readonly settings?: unknown;
}

/** `<!-- wrong -->`, `<!-- right -->`, optionally with the plugin settings as JSON: `<!-- wrong settings={…} -->`. */
const MARKER = /^\s*<!--\s*(wrong|right)(?:\s+settings=(\{.*\}))?\s*-->\s*$/;

/** Every fenced ```ts / ```js block whose fence is directly preceded by a marker. */
function extractExamples(markdown: string): Example[] {
  const lines = markdown.split(/\r?\n/);
  const examples: Example[] = [];
  for (let i = 1; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i - 1]);
    const fence = /^(\s*)(`{3,}|~{3,})\s*(ts|js)\s*$/.exec(lines[i]);
    if (!marker || !fence) continue;
    const close = fence[2];
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && lines[j].trim() !== close) body.push(lines[j++]);
    if (j >= lines.length) throw new Error(`unterminated code block at line ${i + 1}`);
    const settings: unknown = marker[2] === undefined ? undefined : JSON.parse(marker[2]);
    examples.push({ kind: marker[1] as Example['kind'], lang: fence[3] as Example['lang'], code: body.join('\n') + '\n', line: i + 1, settings });
    i = j;
  }
  return examples;
}

/** Markers that are malformed or not directly followed by a ts/js fence are mistakes in the page. */
function strayMarkers(markdown: string): number[] {
  const lines = markdown.split(/\r?\n/);
  const stray: number[] = [];
  lines.forEach((text, i) => {
    const fenced = /^\s*(`{3,}|~{3,})\s*(ts|js)\s*$/.test(lines[i + 1] ?? '');
    if (/^\s*<!--\s*(wrong|right)\b/.test(text) && (!MARKER.test(text) || !fenced)) stray.push(i + 1);
  });
  return stray;
}

function h2Sections(markdown: string): string[] {
  const sections: string[] = [];
  let inFence = false;
  for (const text of markdown.split(/\r?\n/)) {
    if (/^\s*(`{3,}|~{3,})/.test(text)) inFence = !inFence;
    const heading = /^## (.+?)\s*$/.exec(text);
    if (!inFence && heading) sections.push(heading[1]);
  }
  return sections;
}

function lint(ruleName: string, example: Example): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  const isCommonJs = example.lang === 'js' && /\brequire\s*\(/.test(example.code) && !/^\s*(import|export)\b/m.test(example.code);
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts', '**/*.js'],
      languageOptions:
        example.lang === 'ts'
          ? { parser: tsParser as Linter.Parser, ecmaVersion: 'latest', sourceType: 'module' }
          : { ecmaVersion: 'latest', sourceType: isCommonJs ? 'commonjs' : 'module' },
      plugins: { [NAMESPACE]: plugin },
      ...(example.settings === undefined ? {} : { settings: { [NAMESPACE]: example.settings } }),
      rules: { [`${NAMESPACE}/${ruleName}`]: 'error' },
    },
  ];
  return linter.verify(example.code, config, { filename: `example.${example.lang}` });
}

const ruleNames = Object.keys(plugin.rules);
const docFiles = readdirSync(DOCS_DIR).filter(file => file.endsWith('.md'));

describe('rule documentation', () => {
  it.each(ruleNames)('%s has a page with the required sections and examples', ruleName => {
    expect(docFiles).toContain(`${ruleName}.md`);
    const markdown = readFileSync(join(DOCS_DIR, `${ruleName}.md`), 'utf8');
    const sections = h2Sections(markdown);
    for (const section of REQUIRED_SECTIONS) expect(sections, `## ${section}`).toContain(section);
    // An Options section exactly when the rule has options (eslint-doc-generator's convention).
    const schema = (plugin.rules as Record<string, { meta: { schema?: unknown } }>)[ruleName].meta.schema;
    const hasOptions = Array.isArray(schema) && schema.length > 0;
    expect(sections.includes('Options'), '## Options when the rule has options').toBe(hasOptions);
    const examples = extractExamples(markdown);
    expect(examples.some(e => e.kind === 'wrong'), 'at least one <!-- wrong --> example').toBe(true);
    expect(examples.some(e => e.kind === 'right'), 'at least one <!-- right --> example').toBe(true);
  });

  it.each(docFiles)('%s documents an existing rule and has no stray example markers', file => {
    expect(ruleNames).toContain(file.replace(/\.md$/, ''));
    expect(strayMarkers(readFileSync(join(DOCS_DIR, file), 'utf8')), 'markers not followed by a ```ts / ```js fence').toEqual([]);
  });

  for (const file of docFiles) {
    const ruleName = file.replace(/\.md$/, '');
    const examples = extractExamples(readFileSync(join(DOCS_DIR, file), 'utf8'));
    if (examples.length === 0) continue;
    describe(file, () => {
      it.each(examples.map(e => [`${e.kind} example at line ${e.line} (${e.lang})`, e] as const))('%s', (_title, example) => {
        const messages = lint(ruleName, example);
        const fatal = messages.filter(m => m.fatal);
        expect(fatal.map(m => `${m.line}:${m.column} ${m.message}`), 'parse errors').toEqual([]);
        const reports = messages.filter(m => m.ruleId === `${NAMESPACE}/${ruleName}`);
        if (example.kind === 'wrong') {
          expect(reports.length, `expected a ${ruleName} report for:\n${example.code}`).toBeGreaterThan(0);
        } else {
          expect(reports.map(m => `${m.line}:${m.column} ${m.message}`), `expected no ${ruleName} report`).toEqual([]);
        }
      });
    });
  }
});
