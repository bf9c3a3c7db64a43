import { ESLintUtils } from '@typescript-eslint/utils';
import { REPO_URL } from '../meta';

export interface PluginDocs {
  description: string;
  /** The strictest preset that turns the rule on. */
  recommended?: 'recommended' | 'strict';
  requiresTypeChecking?: boolean;
}

/** The one place rule documentation URLs are built. */
export const docsUrl = (name: string): string => `${REPO_URL}/blob/main/docs/rules/${name}.md`;

export const createRule = ESLintUtils.RuleCreator<PluginDocs>(docsUrl);
