#!/usr/bin/env node
// Chooses the rule-selected part of the corpus (corpus/packages.json) by the rule written in its
// `selection` section, and which files of each package are linted, so that the list can be made
// again. The rule is fixed before any lint run; this script never lints.
//
//   node scripts/corpus-select.mjs --index DOWNLOADS.tsv [--cache DIR] [--write]
//
// DOWNLOADS.tsv: one npm package a line, `name<TAB>version<TAB>downloads_a_month<TAB>summary`
// (header line first). Registry look-ups (`npm view NAME@VERSION ...`) are kept in
// corpus/selection-lookups.json and reused, so a second run asks the registry nothing new.
// Without --write the script prints what it would choose.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { DEFAULT_CACHE, ROOT, fetchPackage } from './corpus.mjs';

const require = createRequire(import.meta.url);
const run = promisify(execFile);
const LIST = path.join(ROOT, 'corpus', 'packages.json');
const LOOKUPS = path.join(ROOT, 'corpus', 'selection-lookups.json');

/** The rule in words, written into corpus/packages.json with the parameters below. */
const RULE = [
  'Ranking source: an index of every npm package with its monthly downloads; most downloaded first, ties by name; the version is the one in the index (pinned).',
  'Candidates: the first candidatePool packages whose name or summary contains a databaseWords word, plus for each supported driver the first perDriverPool packages whose name or summary contains one of its driverWords; never @types/* or a supported driver package itself.',
  'Drivers: for each supported driver (the plugin\'s driver data), the first perDriver candidates that declare one of its packages in dependencies or peerDependencies (npm view NAME@VERSION), excluding the driver\'s own packages (published from the same repository as a supported driver) and packages with no file passing the file rule (bundles, ES5 state machines, no driver code).',
  'Applications: the first apps packages, among the candidates and the first appPool packages whose summary contains an appWords word and a databaseWords word, that have a `bin` (a program users run) and ship a supported driver in dependencies, with the same exclusions.',
  'Files: every .js/.cjs/.mjs/.ts/.cts/.mts file of the packed package outside skipPaths, not .d.ts, not a bundle (a line over 2,000 characters other than an inline source map, or over 512 KB) and not an ES5 state machine (__generator / regeneratorRuntime), not Flow-typed (an @flow pragma), that imports or requires a supported driver module or makes a checkoutCall; the first maxFilesPerPackage by path.',
  'The hand-picked entries (no selectedBy) stay as they were; a hand-picked package the rule also picks is marked alsoSelectedBy and keeps its files.',
].join(' ');

export const SELECTION = {
  perDriver: 7,
  apps: 15,
  candidatePool: 320,
  perDriverPool: 15,
  appPool: 150,
  maxFilesPerPackage: 30,
  databaseWords: '\\b(pg|postgres|postgresql|mysql|mysql2|mariadb|sql|sqlite|database|databases|db|orm|oracle|oracledb|mssql|tedious|mongo|mongodb|mongoose|redis|ioredis|cassandra|spanner|knex|sequelize|typeorm|prisma|kysely|drizzle|pool|migrations?|neon)\\b',
  // Words naming each driver in a package's name or summary (its own candidate list).
  driverWords: {
    pg: 'pg|postgres|postgresql|node-postgres',
    'pg-pool': 'pg-pool|pg|postgres|postgresql',
    '@neondatabase/serverless': 'neon',
    '@vercel/postgres': 'vercel postgres|@vercel/postgres',
    postgres: 'postgres|postgres\\.js',
    'pg-promise': 'pg-promise',
    slonik: 'slonik',
    mysql2: 'mysql|mysql2',
    mysql: 'mysql',
    mariadb: 'mariadb',
    'generic-pool': 'generic-pool|pool|pooling',
    tarn: 'tarn|pool|pooling',
    typeorm: 'typeorm',
    knex: 'knex',
    sequelize: 'sequelize',
    '@prisma/client': 'prisma',
    kysely: 'kysely',
    'drizzle-orm': 'drizzle',
    oracledb: 'oracle|oracledb',
    mssql: 'mssql|sql server|tedious',
    mongodb: 'mongo|mongodb',
    mongoose: 'mongoose',
    ioredis: 'ioredis|redis',
    redis: 'redis|node-redis',
    'cassandra-driver': 'cassandra',
    '@google-cloud/spanner': 'spanner',
  },
  // Applications: a summary saying the package is a program users run, about a database.
  appWords: '\\b(server|servers|self-hosted|selfhosted|cms|dashboard|admin panel|backend|gui|studio|web ui|web interface|mcp)\\b',
  // Test, fixture and example trees are not the package's running code.
  skipPaths: '(^|/)(node_modules|tests?|__tests__|__mocks__|spec|fixtures?|examples?|benchmarks?|docs?)/|\\.(test|spec)\\.[cm]?[jt]s$|\\.min\\.[cm]?js$',
  checkoutCall: '\\.(connect|getConnection|acquire|createQueryRunner|getconn|reserve|transaction)\\s*\\(',
};

/** The package a module specifier belongs to (`drizzle-orm/pg` -> `drizzle-orm`). */
const packageOf = spec => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

/** Supported drivers as { id, packages, modules } from the built plugin's driver data. */
function supportedDrivers() {
  const { drivers } = require(path.join(ROOT, 'dist', 'drivers', 'index.js'));
  return drivers
    .filter(d => d.modules.length > 0)
    .map(d => ({ id: d.id, modules: [...d.modules], packages: [...new Set(d.modules.map(packageOf))] }));
}

function readIndex(file) {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map(line => {
      const [name, version, downloads, ...summary] = line.split('\t');
      return { name, version, downloads: Number(downloads) || 0, summary: summary.join(' ') };
    });
}

/** Most downloaded first, ties by name. */
const byDownloads = (a, b) => b.downloads - a.downloads || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** `github.com/owner/name` of a repository field, lower case, or undefined. */
function repoKey(repository) {
  const url = typeof repository === 'string' ? repository : repository?.url;
  const m = /github\.com[/:]([^/]+)\/([^/#?]+?)(\.git)?([/#?].*)?$/i.exec(url ?? '') ?? /^(?:github:)?([\w.-]+)\/([\w.-]+)$/.exec(url ?? '');
  return m ? `github.com/${m[1]}/${m[2]}`.toLowerCase() : undefined;
}

async function lookUp(rows, cache) {
  const todo = rows.filter(r => !cache[`${r.name}@${r.version}`]);
  let next = 0;
  async function worker() {
    while (next < todo.length) {
      const r = todo[next++];
      try {
        const { stdout } = await run('npm', ['view', `${r.name}@${r.version}`, 'dependencies', 'peerDependencies', 'bin', 'repository', '--json'], { maxBuffer: 1 << 24 });
        const v = stdout.trim() ? JSON.parse(stdout) : {};
        cache[`${r.name}@${r.version}`] = {
          dependencies: Object.keys(v.dependencies ?? {}),
          peerDependencies: Object.keys(v.peerDependencies ?? {}),
          bin: Boolean(v.bin && (typeof v.bin === 'string' || Object.keys(v.bin).length > 0)),
          repository: repoKey(v.repository) ?? null,
        };
      } catch (e) {
        cache[`${r.name}@${r.version}`] = { error: String(e.message).split('\n')[0] };
      }
    }
  }
  await Promise.all(Array.from({ length: 6 }, worker));
  // Only the look-ups this rule makes: a changed rule does not leave stale ones behind.
  const used = Object.fromEntries(rows.map(r => [`${r.name}@${r.version}`, cache[`${r.name}@${r.version}`]]));
  fs.writeFileSync(LOOKUPS, `${JSON.stringify(sortKeys(used), null, 1)}\n`);
}

const sortKeys = o => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

/** Is the file a bundle or an ES5 state machine (not code a person wrote and the rules target)? */
function isGenerated(text) {
  if (text.length > 512 * 1024) return true;
  // An inline source map is one long comment line in code a person wrote.
  if (text.split('\n').some(line => line.length > 2000 && !line.startsWith('//# sourceMappingURL='))) return true;
  return /\b__generator\s*\(|regeneratorRuntime/.test(text);
}

/** Flow-typed sources are neither JavaScript nor TypeScript (no parser of the corpus reads them). */
const isFlow = text => /^\s*(\/\/\s*@flow\b|\/\*\s*@flow\b)/.test(text);

/** The files of an unpacked package the corpus lints, by the file rule of `SELECTION`. */
export function filesToLint(dir, modules) {
  const skip = new RegExp(SELECTION.skipPaths);
  const moduleNames = modules.map(m => m.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
  const importsDriver = new RegExp(`(require\\s*\\(\\s*|from\\s+|import\\s*\\(\\s*|import\\s+)['"](${moduleNames})['"]`);
  const checkout = new RegExp(SELECTION.checkoutCall);
  const all = fs.readdirSync(dir, { recursive: true }).map(f => f.split(path.sep).join('/'));
  return all
    .filter(f => /\.[cm]?[jt]s$/.test(f) && !/\.d\.[cm]?ts$/.test(f) && !skip.test(f))
    .filter(f => fs.statSync(path.join(dir, f)).isFile())
    .filter(f => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      return !isGenerated(text) && !isFlow(text) && (importsDriver.test(text) || checkout.test(text));
    })
    .sort()
    .slice(0, SELECTION.maxFilesPerPackage);
}

/** First `count` candidates that pass the file rule; unpacks each one it looks at. */
function pickPassing(candidates, count, modules, cacheDir, verdicts) {
  const chosen = [];
  for (const c of candidates) {
    if (chosen.length === count) break;
    const key = `${c.name}@${c.version}`;
    if (!verdicts.has(key)) {
      try {
        const dir = fetchPackage(c.name, c.version, cacheDir);
        verdicts.set(key, filesToLint(dir, modules));
      } catch (e) {
        console.error(`skip ${key}: ${String(e.message).split('\n')[0]}`);
        verdicts.set(key, []);
      }
    }
    if (verdicts.get(key).length > 0) chosen.push(c);
    else console.error(`excluded ${key}: no file passes the file rule (bundles, ES5 state machines, or no driver code)`);
  }
  return chosen;
}

function parseArgs(argv) {
  const o = { index: undefined, cache: DEFAULT_CACHE, write: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--index') o.index = path.resolve(argv[++i]);
    else if (argv[i] === '--cache') o.cache = path.resolve(argv[++i]);
    else if (argv[i] === '--write') o.write = true;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!o.index) throw new Error('--index DOWNLOADS.tsv is required');
  return o;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const drivers = supportedDrivers();
  const driverPackages = new Set(drivers.flatMap(d => d.packages));
  const allModules = [...new Set(drivers.flatMap(d => d.modules))];
  const rows = readIndex(o.index).sort(byDownloads);
  const dbWords = new RegExp(SELECTION.databaseWords, 'i');
  const appWords = new RegExp(SELECTION.appWords, 'i');
  const eligible = r => !r.name.startsWith('@types/') && !driverPackages.has(r.name);
  const general = rows.filter(r => eligible(r) && dbWords.test(`${r.name} ${r.summary}`)).slice(0, SELECTION.candidatePool);
  const perDriverPools = drivers.map(d => {
    const words = new RegExp(`\\b(${SELECTION.driverWords[d.id] ?? d.id})\\b`, 'i');
    return rows.filter(r => eligible(r) && words.test(`${r.name} ${r.summary}`)).slice(0, SELECTION.perDriverPool);
  });
  const pool = [...new Map([...general, ...perDriverPools.flat()].map(r => [r.name, r])).values()].sort(byDownloads);
  const inPool = new Set(pool.map(r => r.name));
  const appPool = rows
    .filter(r => eligible(r) && !inPool.has(r.name) && appWords.test(r.summary) && dbWords.test(`${r.name} ${r.summary}`))
    .slice(0, SELECTION.appPool);
  const driverRows = rows.filter(r => driverPackages.has(r.name));

  const cache = fs.existsSync(LOOKUPS) ? JSON.parse(fs.readFileSync(LOOKUPS, 'utf8')) : {};
  await lookUp([...driverRows, ...pool, ...appPool], cache);
  const info = r => cache[`${r.name}@${r.version}`] ?? {};
  // A driver's own packages: published from the same repository as one of the drivers.
  const driverRepos = new Set(driverRows.map(r => info(r).repository).filter(Boolean));
  const notOwn = r => !driverRepos.has(info(r).repository);

  const verdicts = new Map();
  const picked = new Map(); // name -> { row, selectedBy: [] }
  const pick = (r, why) => {
    const e = picked.get(r.name) ?? { row: r, selectedBy: [] };
    e.selectedBy.push(why);
    picked.set(r.name, e);
  };
  for (const d of drivers) {
    const declares = r => [...(info(r).dependencies ?? []), ...(info(r).peerDependencies ?? [])].some(p => d.packages.includes(p));
    const candidates = pool.filter(r => declares(r) && notOwn(r));
    for (const r of pickPassing(candidates, SELECTION.perDriver, allModules, o.cache, verdicts)) pick(r, `driver:${d.id}`);
  }
  const ships = r => (info(r).dependencies ?? []).some(p => driverPackages.has(p));
  const apps = [...pool, ...appPool].sort(byDownloads).filter(r => info(r).bin && ships(r) && notOwn(r));
  for (const r of pickPassing(apps, SELECTION.apps, allModules, o.cache, verdicts)) pick(r, 'app');

  const list = JSON.parse(fs.readFileSync(LIST, 'utf8'));
  for (const e of list.packages) delete e.alsoSelectedBy; // marked afresh below
  const byName = new Map(list.packages.map(e => [e.package, e]));
  for (const [name, { row, selectedBy }] of [...picked].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const old = byName.get(name);
    if (old && !old.selectedBy) {
      old.alsoSelectedBy = selectedBy; // hand-picked entry: keep its files and explanations
      continue;
    }
    const files = verdicts.get(`${row.name}@${row.version}`);
    byName.set(name, { package: name, version: row.version, selectedBy, files, ...(old?.explained ? { explained: old.explained } : {}), ...(old?.knownFalse ? { knownFalse: old.knownFalse } : {}) });
  }
  const hand = list.packages.filter(e => !e.selectedBy);
  const ruled = [...byName.values()].filter(e => e.selectedBy && picked.has(e.package));
  const out = { ...list, selection: { rule: RULE, ...SELECTION, drivers: drivers.map(d => d.id) }, packages: [...hand, ...ruled] };
  console.log(`hand-picked ${hand.length}, rule-selected ${ruled.length} (apps ${ruled.filter(e => e.selectedBy.includes('app')).length}, hand-picked also selected ${hand.filter(e => e.alsoSelectedBy).length}), total ${hand.length + ruled.length}`);
  for (const e of ruled) console.log(`  ${e.package}@${e.version} [${e.selectedBy.join(', ')}] ${e.files.length} files`);
  if (o.write) fs.writeFileSync(LIST, `${JSON.stringify(out, null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
