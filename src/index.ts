import type { ESLint } from 'eslint';
import { buildConfigs } from './configs';
import { PLUGIN_NAME, PLUGIN_VERSION, NAMESPACE } from './meta';
import type { ConnectionLeaksPlugin, PluginConfigs, RuleName } from './public-types';
import { rules } from './rules';

// Fails to compile when a rule is added or removed without updating RuleName.
const sameRuleNames: [RuleName, keyof typeof rules] extends [keyof typeof rules, RuleName] ? true : never = true;
void sameRuleNames;

const plugin: ConnectionLeaksPlugin = {
  meta: { name: PLUGIN_NAME, version: PLUGIN_VERSION, namespace: NAMESPACE },
  // typescript-eslint's rule types describe the same objects with TypeScript's node types.
  rules: rules as unknown as ConnectionLeaksPlugin['rules'],
  configs: {} as PluginConfigs,
};
plugin.configs = buildConfigs(plugin satisfies ESLint.Plugin, rules);

export = plugin;
