import type { TSESLint } from '@typescript-eslint/utils';
import { createRule, type PluginDocs, type RuleDefinition } from '../util/create-rule';
import { noteRuleCreated } from './file-state';
import { fileHasClue, readSettings } from './settings';

function hasClue(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): boolean {
  const settings = readSettings(context);
  noteRuleCreated(context.sourceCode, settings, context.id);
  return fileHasClue(context.sourceCode, settings);
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
