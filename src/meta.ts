// Read at run time so that `tsc` does not copy package.json into dist.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require('../package.json') as { name: string; version: string };

export const PLUGIN_NAME: string = pkg.name;
export const PLUGIN_VERSION: string = pkg.version;
export const NAMESPACE = 'connection-leaks';
export const REPO_URL = 'https://github.com/eslint-plugin-connection-leaks/eslint-plugin-connection-leaks';
