/** @type {import('eslint-doc-generator').GenerateOptions} */
module.exports = {
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
  ],
  ignoreConfig: ['all', 'legacy-recommended', 'legacy-strict', 'legacy-all'],
  ruleDocSectionInclude: ['Rule Details', 'When Not To Use It'],
  ruleDocTitleFormat: 'name',
};
