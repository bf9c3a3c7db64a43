/**
 * The application's other modules, read from disk without type information: which files import the
 * one being linted through a relative specifier. Asked only on the way to a report that depends on
 * them, so a file that needs none reads nothing. Texts are read once per modification for the whole
 * process; the listing of a project is kept a few seconds (an editor session adds files). Any
 * file-system error reads as "not known", never as a crash.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** Compiled output names its sources by the output extension (`import './db.js'` from `db.ts`). */
const SOURCE_FOR_OUTPUT: Readonly<Record<string, readonly string[]>> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };
/** A project larger than this is not scanned: the answer would cost more than the lint of the file. */
const MAX_PROJECT_FILES = 5000;
const MAX_FILE_BYTES = 1_000_000;
const LISTING_LIFETIME_MS = 10_000;
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'bower_components', 'coverage']);
const RELATIVE_SPECIFIER = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)(['"])(\.\.?(?:\/[^'"\n]*)?)\1/g;

/**
 * Where a specifier resolves is trusted this long without asking the disk again: one lint run asks
 * the same for many files; an editor session sees a new file after this delay.
 */
const FRESH_MS = 2000;
const MAX_RESOLVED = 10_000;
const resolved = new Map<string, { readonly at: number; readonly file: string | null }>();

/** Texts of modules read for their contents (the few that import a file in question), the oldest dropped beyond the cap. */
const MAX_TEXTS = 1000;
const texts = new Map<string, { readonly mtimeMs: number; readonly text: string | null }>();
/** The relative specifiers of every scanned module: small, so a long editor session can keep them all. */
const specifiersByFile = new Map<string, { readonly mtimeMs: number; readonly specifiers: readonly string[] }>();
const listings = new Map<string, { readonly at: number; readonly files: readonly string[] | null }>();

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function readSource(file: string): { mtimeMs: number; text: string | null } | null {
  try {
    const stat = fs.statSync(file);
    return { mtimeMs: stat.mtimeMs, text: stat.isFile() && stat.size <= MAX_FILE_BYTES ? fs.readFileSync(file, 'utf8') : null };
  } catch {
    return null;
  }
}

function modifiedAt(file: string): number | null {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

/** The text of a source file, or null when it cannot be read or is too large to be a module of the application. */
export function moduleText(file: string): string | null {
  const known = texts.get(file);
  if (known && known.mtimeMs === modifiedAt(file)) return known.text;
  const read = readSource(file);
  if (!read) return null;
  if (texts.size >= MAX_TEXTS) texts.delete(texts.keys().next().value!);
  texts.set(file, read);
  return read.text;
}

/** The relative specifiers a module imports or requires, read once per modification. */
function specifiersOf(file: string): readonly string[] {
  const known = specifiersByFile.get(file);
  if (known && known.mtimeMs === modifiedAt(file)) return known.specifiers;
  const read = readSource(file);
  const specifiers = read?.text ? relativeSpecifiers(read.text) : [];
  if (read) specifiersByFile.set(file, { mtimeMs: read.mtimeMs, specifiers });
  return specifiers;
}

/**
 * The paths a relative specifier resolves to when it names `file`: itself, without its extension,
 * by the compiled extension of a TypeScript source (`./db.js` for db.ts), or its directory for an index.
 */
function namesOf(file: string): Set<string> {
  const extension = path.extname(file);
  const stem = file.slice(0, file.length - extension.length);
  const names = new Set([file, stem]);
  for (const [output, sources] of Object.entries(SOURCE_FOR_OUTPUT)) if (sources.includes(extension)) names.add(stem + output);
  if (path.basename(stem) === 'index') names.add(path.dirname(file));
  return names;
}

/** The directory of the nearest `package.json` above the file, or null. */
export function projectRoot(file: string): string | null {
  let dir = path.dirname(file);
  for (let depth = 0; depth < 30; depth++) {
    if (isFile(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
  return null;
}

/** The source files of the project under `root` (null when it is too large to scan). */
function projectFiles(root: string): readonly string[] | null {
  const known = listings.get(root);
  if (known && Date.now() - known.at < LISTING_LIFETIME_MS) return known.files;
  const files: string[] = [];
  const pending = [root];
  let tooLarge = false;
  while (pending.length > 0 && !tooLarge) {
    const dir = pending.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) pending.push(full);
      } else if (entry.isFile() && SOURCE_EXTENSIONS.includes(path.extname(entry.name)) && !entry.name.endsWith('.d.ts')) {
        files.push(full);
        if (files.length > MAX_PROJECT_FILES) tooLarge = true;
      }
    }
  }
  const listed = tooLarge ? null : files;
  listings.set(root, { at: Date.now(), files: listed });
  return listed;
}

/** The file a relative specifier of `fromFile` names (`./db`, `../db.js`, `./lib` for `lib/index.ts`), or null. */
export function resolveRelative(fromFile: string, specifier: string): string | null {
  if (specifier !== '.' && specifier !== '..' && !specifier.startsWith('./') && !specifier.startsWith('../')) return null;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const known = resolved.get(base);
  if (known && Date.now() - known.at < FRESH_MS) return known.file;
  const file = resolveOnDisk(base);
  if (resolved.size >= MAX_RESOLVED) resolved.clear();
  resolved.set(base, { at: Date.now(), file });
  return file;
}

function resolveOnDisk(base: string): string | null {
  const extension = path.extname(base);
  const stem = base.slice(0, base.length - extension.length);
  const candidates = [
    base,
    ...(SOURCE_FOR_OUTPUT[extension] ?? []).map(source => stem + source),
    ...SOURCE_EXTENSIONS.map(source => base + source),
    ...SOURCE_EXTENSIONS.map(source => path.join(base, `index${source}`)),
  ];
  return candidates.find(isFile) ?? null;
}

/** The relative specifiers a module's text imports or requires. */
function relativeSpecifiers(text: string): string[] {
  return [...text.matchAll(RELATIVE_SPECIFIER)].map(match => match[2]);
}

/**
 * The modules of the project that import `file` by a relative specifier and whose text contains
 * `mentioning` (a name they must use). Empty when the file is not on disk (an editor buffer, a
 * test's virtual file) or the project is too large to scan.
 */
export function importersOf(file: string, mentioning: string): string[] {
  if (!path.isAbsolute(file) || !isFile(file)) return [];
  const root = projectRoot(file);
  const files = root ? projectFiles(root) : null;
  if (!files) return [];
  const target = path.resolve(file);
  const names = namesOf(target);
  return files.filter(other => {
    if (other === target) return false;
    const dir = path.dirname(other);
    if (!specifiersOf(other).some(specifier => names.has(path.resolve(dir, specifier)))) return false;
    return moduleText(other)?.includes(mentioning) === true;
  });
}
