import type { TSESLint } from '@typescript-eslint/utils';
import { buildConfigs } from './configs';
import { PLUGIN_NAME, PLUGIN_VERSION, NAMESPACE } from './meta';
import { rules } from './rules';

const plugin = {
  meta: { name: PLUGIN_NAME, version: PLUGIN_VERSION, namespace: NAMESPACE },
  rules,
  configs: {} as ReturnType<typeof buildConfigs>,
};
plugin.configs = buildConfigs(plugin as unknown as TSESLint.FlatConfig.Plugin, rules);

export = plugin;
