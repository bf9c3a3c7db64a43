/**
 * Other files of the application, parsed so that the summaries of their functions can be computed
 * at a call site in the file being linted (type-aware mode: the TypeScript program says where a
 * callee is declared). A nested ESLint `Linter` parses with `@typescript-eslint/parser` and runs no
 * rule: that gives the same tree (with parents) and scopes as the file being linted. Parsed once
 * per file text for the whole process.
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
let tools: { linter: NestedLinter; parser: unknown } | null | undefined;

function loadTools(): { linter: NestedLinter; parser: unknown } | null {
  if (tools === undefined) {
    try {
      // Loaded only in type-aware mode, where both are installed; any other host (Oxlint) goes without.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Linter } = require('eslint') as { Linter: new (options: object) => NestedLinter };
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const parser = require('@typescript-eslint/parser') as unknown;
      tools = { linter: new Linter({ configType: 'flat' }), parser };
    } catch {
      tools = null;
    }
  }
  return tools;
}

/** The parsed source of another file (null when it does not parse or no parser is at hand). */
export function otherFileSource(fileName: string, text: string): SourceCode | null {
  const known = parsed.get(fileName);
  if (known && known.text === text) return known.sourceCode;
  const at = loadTools();
  let sourceCode: SourceCode | null = null;
  if (at) {
    const extension = extname(fileName) || '.ts';
    // A relative name: flat configs match files under the working directory only.
    const virtualName = `other-file${extension}`;
    const config = [
      {
        files: [`**/*${extension}`],
        languageOptions: { parser: at.parser, sourceType: extension === '.cjs' || extension === '.cts' ? 'commonjs' : 'module', ecmaVersion: 'latest' },
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
