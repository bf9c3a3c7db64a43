import type { TSESLint } from '@typescript-eslint/utils';
import { createRule, type PluginDocs, type RuleDefinition } from '../util/create-rule';
import { fileHasClue, readSettings } from './settings';

/**
 * A rule of this plugin: every rule needs a clue in the file (see fileHasClue). Most files get no
 * listeners and cost each rule one cached answer rather than its options and helpers.
 */
export function gatedRule<Options extends readonly unknown[], MessageIds extends string>(
  definition: Omit<RuleDefinition<Options, MessageIds>, 'gate'>,
): TSESLint.RuleModule<MessageIds, Options, PluginDocs> {
  return createRule({ ...definition, gate: hasClue });
}

// Every rule of a file asks in turn: the last answer, kept by the file's AST and settings object,
// spares the others the settings lookup and the file state.
let lastAst: object | null = null;
let lastSettings: object | undefined;
let lastAnswer = false;

function hasClue(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): boolean {
  const sourceCode = context.sourceCode;
  const ast = sourceCode.ast;
  const settings = context.settings as object | undefined;
  if (ast !== lastAst || settings !== lastSettings) {
    lastAnswer = fileHasClue(sourceCode, readSettings(context));
    lastAst = ast;
    lastSettings = settings;
  }
  return lastAnswer;
}
