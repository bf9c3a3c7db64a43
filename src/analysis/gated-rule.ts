import type { TSESLint } from '@typescript-eslint/utils';
import { createRule, type PluginDocs, type RuleDefinition } from '../util/create-rule';
import { fileState, noteRuleCreated } from './file-state';
import { everyFileHasClue, fileHasClue, readSettings } from './settings';

function hasClue(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): boolean {
  const settings = readSettings(context);
  const sourceCode = context.sourceCode;
  // A file already found without a clue keeps no state a new lint of it could inherit: the other
  // rules skip the bookkeeping (most files, each rule).
  if (fileState(sourceCode, settings).clue === false && !everyFileHasClue(settings)) return false;
  noteRuleCreated(sourceCode, settings, context.id);
  return fileHasClue(sourceCode, settings);
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
