// What the benches that compare two builds share: their arguments and the two plugins.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `--base <dir>` (another checkout, built) and `--rounds N`; then this checkout's build and the base's. */
export function twoBuilds(argv, defaultRounds) {
  const options = { base: null, rounds: defaultRounds };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--base') options.base = path.resolve(argv[++i]);
    else if (argv[i] === '--rounds') options.rounds = Number(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!options.base) throw new Error('--base <directory of another checkout, built> is required');
  const builds = { base: require(path.join(options.base, 'dist', 'index.js')), new: require(path.join(ROOT, 'dist', 'index.js')) };
  return { ...options, builds };
}
