#!/usr/bin/env node
// Writes the parts of the docs that restate the driver data of src/drivers, between
// `<!-- begin generated KEY -->` and `<!-- end generated KEY -->` markers, so they cannot drift:
//   - `drivers`: the libraries the plugin knows (README.md, docs/rules/no-leaked-connection.md);
//   - `timeout-defaults`: each driver's acquire-timeout keys and defaults (docs/rules/require-pool-timeouts.md);
//   - `query-timeout-defaults`: each driver's statement-timeout keys and defaults (same page);
//   - `pool-size-defaults`: each driver's pool-size keys and default maxima (docs/rules/no-pool-over-budget.md).
// Reads the build (dist/): run `npm run build` first.
//
//   node scripts/driver-docs.mjs           rewrite the files
//   node scripts/driver-docs.mjs --check   exit 1 when a file is out of date (npm test)
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { drivers } = require(path.join(ROOT, 'dist/drivers/index.js'));
const { poolConfigOf } = require(path.join(ROOT, 'dist/drivers/pool-config.js'));

const code = text => `\`${text}\``;

/** The libraries by package name, wrapped at 100 columns (their other entry modules are details). */
function driverList() {
  const names = drivers.map(d => code(d.id));
  const lines = [''];
  for (const [i, name] of names.entries()) {
    const word = `${name}${i === names.length - 1 ? '.' : ','}`;
    const current = lines.at(-1);
    if (current && current.length + 1 + word.length > 100) lines.push(word);
    else lines[lines.length - 1] = current ? `${current} ${word}` : word;
  }
  return lines.join('\n');
}

const ORDINAL = ['first', 'second', 'third', 'fourth'];
const argumentText = argument => (argument === 'last' ? 'last argument' : `${ORDINAL[argument] ?? `#${argument + 1}`} argument`);

/** The constructions a timeout applies to, from the driver's factories (`new Pool(…)`, `createPool(…)`). */
function constructions(driver, timeout) {
  const made = driver.factories.filter(
    f => f.kind !== 'read' && timeout.kinds.includes(f.creates) && (!timeout.factories || timeout.factories.includes(f.path.at(-1))),
  );
  const shown = [
    ...new Set(
      made.map(f => {
        const name = f.path.at(-1);
        // An export without a path is the module itself (`require('pg-pool')`, `knex`).
        if (name === undefined && !/^[A-Za-z_$][\w$]*$/.test(driver.modules[0])) return `${f.kind === 'new' ? '`new` of' : 'a call of'} the module's export`;
        return code(`${f.kind === 'new' ? 'new ' : ''}${name ?? driver.modules[0]}(…)`);
      }),
    ),
  ];
  if (timeout.calledObjects) shown.push('a call of the initialised library');
  return shown.length > 0 ? shown.join(', ') : '—';
}

function defaultText(timeout) {
  if (timeout.defaultValue === null) return timeout.measure === 'queueLimit' ? '`0` (no limit)' : 'none (waits forever)';
  return timeout.measure === 'queueLimit' ? `${timeout.defaultValue} callers` : `${timeout.defaultValue} ms`;
}

function timeoutDefaultsTable() {
  const rows = ['| driver | construction | options | key | default |', '| :-- | :-- | :-- | :-- | :-- |'];
  for (const driver of drivers) {
    const config = poolConfigOf(driver.id);
    const timeout = config?.acquireTimeout;
    if (timeout) {
      const keys = timeout.keys.map(k => code(k.join('.'))).join(' or ');
      const measure = timeout.measure === 'queueLimit' ? ' (a queue limit: no acquire timeout exists)' : '';
      const url = timeout.urlArgument === undefined ? '' : `; also as a URL parameter of the ${argumentText(timeout.urlArgument)}`;
      rows.push(`| ${code(driver.id)} | ${constructions(driver, timeout)} | ${argumentText(timeout.argument)} | ${keys}${measure}${url} | ${defaultText(timeout)} |`);
    }
    const call = config?.callTimeout;
    if (call) {
      const keys = call.keys.map(code).join(' / ');
      const clientDefaults = call.clientDefaultsKey ? ` (or the client's ${code(call.clientDefaultsKey)})` : '';
      rows.push(`| ${code(driver.id)} | ${code(`${call.method}(callback, { … })`)} | ${argumentText(call.argument)} | ${keys}${clientDefaults} | the driver's |`);
    }
  }
  return rows.join('\n');
}

/** One row per driver whose record `pick` finds: where its options go, which keys, and `describeDefault(record)`. */
function optionsTable(pick, defaultHeader, describeDefault) {
  const rows = [`| driver | construction | options | key | ${defaultHeader} |`, '| :-- | :-- | :-- | :-- | :-- |'];
  for (const driver of drivers) {
    const record = pick(poolConfigOf(driver.id));
    if (!record) continue;
    const keys = record.keys.map(k => code(k.join('.'))).join(' or ');
    const url = record.urlArgument === undefined ? '' : `; also as a URL parameter of the ${argumentText(record.urlArgument)}`;
    rows.push(`| ${code(driver.id)} | ${constructions(driver, record)} | ${argumentText(record.argument)} | ${keys}${url} | ${describeDefault(record)} |`);
  }
  return rows.join('\n');
}

const queryTimeoutTable = () =>
  optionsTable(config => config?.queryTimeout, 'default', timeout => (timeout.defaultValue === null ? 'none (runs forever)' : `${timeout.defaultValue} ms`));

function sizeDefault(size) {
  if (size.defaultMax === null) return 'none (not counted unless written)';
  const by = size.defaultBy;
  return by ? `${size.defaultMax}; ${Object.entries(by.values).map(([value, max]) => `${max} with ${code(`${by.key.join('.')}: '${value}'`)}`).join(', ')}` : String(size.defaultMax);
}

const poolSizeTable = () => optionsTable(config => config?.poolSize, 'default maximum', sizeDefault);

const SECTIONS = {
  drivers: driverList,
  'timeout-defaults': timeoutDefaultsTable,
  'query-timeout-defaults': queryTimeoutTable,
  'pool-size-defaults': poolSizeTable,
};

const FILES = {
  'README.md': ['drivers'],
  'docs/rules/no-leaked-connection.md': ['drivers'],
  'docs/rules/require-pool-timeouts.md': ['timeout-defaults', 'query-timeout-defaults'],
  'docs/rules/no-pool-over-budget.md': ['pool-size-defaults'],
};

function render(text, file, key) {
  const begin = `<!-- begin generated ${key} (scripts/driver-docs.mjs) -->`;
  const end = `<!-- end generated ${key} -->`;
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file}: markers for "${key}" are missing:\n${begin}\n${end}`);
  return `${text.slice(0, from + begin.length)}\n${SECTIONS[key]()}\n${text.slice(to)}`;
}

const check = process.argv.includes('--check');
const stale = [];
for (const [file, keys] of Object.entries(FILES)) {
  const full = path.join(ROOT, file);
  const before = readFileSync(full, 'utf8');
  const after = keys.reduce((text, key) => render(text, file, key), before);
  if (after === before) continue;
  if (check) stale.push(file);
  else writeFileSync(full, after);
}
if (stale.length > 0) {
  console.error(`Out of date with src/drivers: ${stale.join(', ')}. Run \`npm run docs\`.`);
  process.exit(1);
}
