import type { TSESLint } from '@typescript-eslint/utils';
import { REPO_URL } from '../meta';

export interface PluginDocs {
  description: string;
  /** The strictest preset that turns the rule on. */
  recommended?: 'recommended' | 'strict';
  /** Options the `strict` and `all` presets pass (stricter than the defaults, which `recommended` keeps). */
  strictOptions?: readonly unknown[];
  requiresTypeChecking?: boolean;
}

/** The one place rule documentation URLs are built. */
export const docsUrl = (name: string): string => `${REPO_URL}/blob/main/docs/rules/${name}.md`;

/** What a rule module in src/rules declares: its name, its metadata without the docs URL, and `create` with merged options. */
export interface RuleDefinition<Options extends readonly unknown[], MessageIds extends string> {
  readonly name: string;
  readonly meta: Omit<TSESLint.RuleMetaData<MessageIds, PluginDocs, Options>, 'docs'> & { docs: PluginDocs };
  readonly create: (context: Readonly<TSESLint.RuleContext<MessageIds, Options>>, options: Options) => TSESLint.RuleListener;
  /**
   * Asked first for every file: a file it turns away gets no listeners, and its options are
   * neither read nor merged.
   */
  readonly gate?: (context: Readonly<TSESLint.RuleContext<MessageIds, Options>>) => boolean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Defaults under the user's values: objects merge key by key, anything else (arrays too) replaces. */
function mergeOption(defaults: unknown, user: unknown): unknown {
  if (user === undefined) return defaults;
  if (!isPlainObject(defaults) || !isPlainObject(user)) return user;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(user)) merged[key] = mergeOption(defaults[key], value);
  return merged;
}

/** Equal as JSON values: what ESLint hands each file are fresh copies of the same configured options. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], other[i])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  for (const key of keys) if (!Object.hasOwn(right, key) || !sameValue(left[key], right[key])) return false;
  return true;
}

/** Every key the defaults have is present in `user` (objects checked key by key, recursively). */
function holdsDefaults(defaults: unknown, user: unknown): boolean {
  if (!isPlainObject(defaults)) return user !== undefined;
  if (!isPlainObject(user)) return false;
  for (const key in defaults) if (!(key in user) || !holdsDefaults(defaults[key], user[key])) return false;
  return true;
}

/**
 * A rule module with its docs URL and the defaults merged under the user's options. The defaults
 * are merged once per distinct set of options rather than deep-cloned for every file:
 * `structuredClone` in every `create` cost more than some of the rules themselves (see
 * docs/performance.md). The merged options are shared between files, so rules read them and never
 * write to them. Written here rather than taken from `@typescript-eslint/utils`, whose TypeScript
 * peer dependency would be installed into every JavaScript project that uses the plugin.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  definition: RuleDefinition<Options, MessageIds>,
): TSESLint.RuleModule<MessageIds, Options, PluginDocs> {
  const defaults = (definition.meta.defaultOptions ?? []) as readonly unknown[];
  const gate = definition.gate;
  let lastUser: readonly unknown[] | null = null;
  let lastMerged = defaults as Options;
  const optionsFor = (user: readonly unknown[]): Options => {
    // ESLint 9.15+ already applied `meta.defaultOptions`: use its options as they are.
    if (user.length >= defaults.length && defaults.every((value, i) => holdsDefaults(value, user[i]))) return user as unknown as Options;
    if (lastUser === null || !sameValue(lastUser, user)) {
      const length = Math.max(defaults.length, user.length);
      lastMerged = Array.from({ length }, (_, i) => mergeOption(defaults[i], user[i])) as unknown as Options;
      lastUser = user;
    }
    return lastMerged;
  };
  return {
    name: definition.name,
    meta: { ...definition.meta, docs: { ...definition.meta.docs, url: docsUrl(definition.name) } },
    create: context => (!gate || gate(context) ? definition.create(context, optionsFor(context.options)) : {}),
  };
}
