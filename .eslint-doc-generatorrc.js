/** @type {import('eslint-doc-generator').GenerateOptions} */
module.exports = {
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
  ],
  ignoreConfig: ['all', 'recommended-type-checked', 'legacy-recommended', 'legacy-recommended-type-checked', 'legacy-strict', 'legacy-all'],
  ruleDocSectionInclude: ['Rule Details', 'When Not To Use It'],
  ruleDocTitleFormat: 'name',
};
