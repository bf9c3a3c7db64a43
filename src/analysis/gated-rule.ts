import type { TSESLint } from '@typescript-eslint/utils';
import { createRule, type PluginDocs, type RuleDefinition } from '../util/create-rule';
import { fileHasClue, readSettings } from './settings';

// The answer for the file being linted: ESLint creates every rule of a file before the next file,
// so one slot spares the other rules the settings and file-state lookups (keyed by the AST, which
// Oxlint makes per file while it may reuse the SourceCode object).
let answeredAst: object | null = null;
let answeredSettings: unknown = null;
let answer = false;

function hasClue(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): boolean {
  const sourceCode = context.sourceCode;
  const settings = context.settings;
  if (sourceCode.ast !== answeredAst || settings !== answeredSettings) {
    answer = fileHasClue(sourceCode, readSettings(context));
    answeredAst = sourceCode.ast;
    answeredSettings = settings;
  }
  return answer;
}

/**
 * A rule of this plugin: every rule needs a clue in the file (see fileHasClue). Most files get no
 * listeners and cost each rule one cached answer rather than its options and helpers.
 */
export function gatedRule<Options extends readonly unknown[], MessageIds extends string>(
  definition: Omit<RuleDefinition<Options, MessageIds>, 'gate'>,
): TSESLint.RuleModule<MessageIds, Options, PluginDocs> {
  return createRule({ ...definition, gate: hasClue });
}
