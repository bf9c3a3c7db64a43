const path = require('node:path');

const FIX_CLI = '[`--fix` CLI option](https://eslint.org/docs/latest/user-guide/command-line-interface#--fix)';
const SUGGESTIONS = '[editor suggestions](https://eslint.org/docs/latest/use/core-concepts#rule-suggestions)';

/** Rules whose fix changes behaviour: a suggestion unless configured with `{ autofix: true }` (read from their schema). */
function optInAutofixRules() {
  const { rules } = require('./dist/index.js');
  return Object.keys(rules).filter(name => rules[name].meta.schema?.[0]?.properties?.autofix);
}

/**
 * The generator calls a rule with `meta.fixable` "automatically fixable by --fix"; for the rules
 * whose fix is opt-in, say what really happens.
 */
function honestFixNotices(content, file) {
  const optIn = optInAutofixRules();
  if (path.basename(path.dirname(file)) === 'rules' && optIn.includes(path.basename(file, '.md'))) {
    return content.replace(
      /^🔧💡 This rule is automatically fixable by the .*$/m,
      `💡🔧 This rule's fix is offered as one of the ${SUGGESTIONS} by default, and applied by the ${FIX_CLI} only when the rule is configured with \`{ autofix: true }\` (the fix changes what the code does).`,
    );
  }
  if (path.basename(file) === 'README.md') {
    return content.replace(
      /^(🔧 Automatically fixable by the .*?)\.\\$/m,
      `$1 (${optIn.map(name => `\`${name}\``).join(', ')}: only with \`{ autofix: true }\`, otherwise an editor suggestion).\\`,
    );
  }
  return content;
}

/** @type {import('eslint-doc-generator').GenerateOptions} */
module.exports = {
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
  ],
  ignoreConfig: ['all', 'recommended-type-checked', 'legacy-recommended', 'legacy-recommended-type-checked', 'legacy-strict', 'legacy-all'],
  postprocess: honestFixNotices,
  ruleDocSectionInclude: ['Rule Details', 'When Not To Use It'],
  ruleDocTitleFormat: 'name',
};
