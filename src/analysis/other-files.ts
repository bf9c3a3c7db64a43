/**
 * Other files of the application, parsed so that what they do can be judged from the file being
 * linted: the summaries of their functions at a call site (type-aware mode: the TypeScript program
 * says where a callee is declared), and the `new ClassName()` sites of the modules that import it. A
 * nested ESLint `Linter` parses with `@typescript-eslint/parser` (ESLint's own parser for JavaScript
 * when that is not installed) and runs no rule: that gives the same tree (with parents) and scopes
 * as the file being linted. Parsed once per file text for the whole process.
 */
import { extname } from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';

type SourceCode = TSESLint.SourceCode;

interface NestedLinter {
  verify(text: string, config: readonly object[], filename: string): readonly { fatal?: boolean }[];
  getSourceCode(): SourceCode | null;
}

/** Enough for a service's own modules; the oldest is dropped beyond it (a long-running editor session). */
const MAX_FILES = 1000;
const parsed = new Map<string, { text: string; sourceCode: SourceCode | null }>();
/** `parser` is null when `@typescript-eslint/parser` is not installed: JavaScript is then read with ESLint's own parser. */
let tools: { linter: NestedLinter; parser: unknown } | null | undefined;

function loadTools(): { linter: NestedLinter; parser: unknown } | null {
  if (tools === undefined) {
    try {
      // Loaded on first use only; a host without ESLint (Oxlint) goes without.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Linter } = require('eslint') as { Linter: new (options: object) => NestedLinter };
      tools = { linter: new Linter({ configType: 'flat' }), parser: optionalTypeScriptParser() };
    } catch {
      tools = null;
    }
  }
  return tools;
}

function optionalTypeScriptParser(): unknown {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@typescript-eslint/parser') as unknown;
  } catch {
    return null;
  }
}

const JAVASCRIPT = /^\.[cm]?jsx?$/;

/** The parsed source of another file (null when it does not parse or no parser is at hand). */
export function otherFileSource(fileName: string, text: string): SourceCode | null {
  const known = parsed.get(fileName);
  if (known && known.text === text) return known.sourceCode;
  const at = loadTools();
  let sourceCode: SourceCode | null = null;
  const extension = extname(fileName) || '.ts';
  if (at && (at.parser || JAVASCRIPT.test(extension))) {
    // A relative name: flat configs match files under the working directory only.
    const virtualName = `other-file${extension}`;
    const config = [
      {
        files: [`**/*${extension}`],
        languageOptions: { ...(at.parser ? { parser: at.parser } : {}), sourceType: extension === '.cjs' || extension === '.cts' ? 'commonjs' : 'module', ecmaVersion: 'latest' },
      },
    ];
    try {
      const messages = at.linter.verify(text, config, virtualName);
      if (!messages.some(message => message.fatal)) sourceCode = at.linter.getSourceCode();
    } catch {
      sourceCode = null;
    }
  }
  if (parsed.size >= MAX_FILES) parsed.delete(parsed.keys().next().value!);
  parsed.set(fileName, { text, sourceCode });
  return sourceCode;
}
