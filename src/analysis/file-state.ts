/** How a file brings in a driver module: the two ways the object tracker follows. */
export interface DriverImports {
  /** An import or re-export of a driver module among the top-level statements. */
  readonly esm: boolean;
  /** A call of the global `require` with a driver module (or a use of `require` only the text can judge). */
  readonly cjs: boolean;
}

/**
 * What the rules share about the file being linted. ESLint creates every rule of a file and
 * traverses it before it starts on the next one (worker threads load their own copy of this
 * module), so one slot replaces per-file WeakMaps, whose inserts for every file cost more than
 * some of the scans they cached. The slot is keyed by the file's AST: Oxlint hands every file the
 * same SourceCode object, but each file its own AST.
 */
export class FileState {
  /** How the file imports or requires a driver module. */
  driverImports?: DriverImports;
  /** A name in the file is a pool's by the name heuristic. */
  poolName?: boolean;
  /** The text quotes a driver module's name. */
  quotesDriver?: boolean;
  /** The file imports a driver, says pool or names a method that checks out on any receiver. */
  clue?: boolean;
  /** The rules created for this lint of the file, by id (a dozen at most: a list is cheaper than a set). */
  readonly createdRules: string[] = [];
  private sharedByModule: Map<object, unknown> | null = null;

  /** Anything a module keeps per file (the object tracker, the shared handle analysis); made when first asked, as most files never are. */
  get shared(): Map<object, unknown> {
    return (this.sharedByModule ??= new Map());
  }
}

let currentAst: object | null = null;
let currentSettings: object | null = null;
let current: FileState = new FileState();

/** The state of the file being linted, fresh for every new file (or new settings). */
export function fileState(sourceCode: { readonly ast: object }, settings: object): FileState {
  const ast = sourceCode.ast;
  if (ast !== currentAst || settings !== currentSettings) {
    currentAst = ast;
    currentSettings = settings;
    current = new FileState();
  }
  return current;
}

/**
 * A rule of the plugin is being created for the file. ESLint creates each rule once per lint of a
 * file, so a rule created again for the same tree is a new lint of it (`linter.verify(sourceCode)`,
 * a parser that caches trees): the state of the last lint must not carry over, or the rules that
 * share one analysis would subscribe to the listeners of a traversal that is over.
 */
export function noteRuleCreated(sourceCode: { readonly ast: object }, settings: object, ruleId: string | undefined): void {
  const state = fileState(sourceCode, settings);
  if (typeof ruleId !== 'string') return;
  if (state.createdRules.includes(ruleId)) current = new FileState();
  current.createdRules.push(ruleId);
}

/**
 * Runs `work` on another file (a callee's module read for its summaries) without losing the state
 * of the file being linted: the one slot is saved and put back.
 */
export function withOtherFileState<T>(work: () => T): T {
  const saved = { ast: currentAst, settings: currentSettings, state: current };
  try {
    return work();
  } finally {
    currentAst = saved.ast;
    currentSettings = saved.settings;
    current = saved.state;
  }
}
