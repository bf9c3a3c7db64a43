import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { REQUEST_HANDLER_TYPES } from '../drivers/conventions';
import type { Driver } from '../drivers/types';
import { objectOfKind, type DriverObject } from './driver-object';

/** The parts of the TypeScript API used here (typescript itself is an optional peer, loaded lazily). */
interface Checker {
  getTypeAtLocation(node: unknown): TsType;
  getSymbolAtLocation(node: unknown): TsSymbol | undefined;
  getAliasedSymbol(symbol: TsSymbol): TsSymbol;
  getContextualType(node: unknown): TsType | undefined;
  getFullyQualifiedName(symbol: unknown): string;
}
interface TsSourceFile {
  text: string;
  fileName: string;
  isDeclarationFile: boolean;
}
interface TsDeclaration {
  name?: { getStart(file?: TsSourceFile): number };
  getSourceFile(): TsSourceFile;
}
interface TsSymbol {
  flags: number;
  declarations?: TsDeclaration[];
  valueDeclaration?: TsDeclaration;
}

/** A function of the application declared in another file: where its name starts there. */
export interface ForeignFunction {
  readonly fileName: string;
  readonly text: string;
  readonly nameStart: number;
}
interface TsType {
  flags: number;
  types?: TsType[];
  /** The generic declaration of an instantiated class or interface (`Pool<T>` → `Pool`). */
  target?: TsType;
  getSymbol(): TsSymbol | undefined;
  aliasSymbol?: TsSymbol;
  isUnion(): boolean;
  isIntersection(): boolean;
  isClassOrInterface(): boolean;
  getBaseTypes(): TsType[] | undefined;
}

/** How deep base classes and interfaces are walked (`class AppPool extends BasePool extends Pool`). */
const MAX_BASE_DEPTH = 8;

/** `"pg".Pool` (ambient module) or `"/app/node_modules/@types/pg/index".Pool` (file module). */
const QUALIFIED = /^"(?:(?:.*[\\/])?node_modules[\\/](?:@types[\\/])?((?:@[^\\/]+[\\/])?[^\\/"]+)[^"]*|([^"]+))"\.(.+)$/;

/**
 * Decides what a receiver is by its declared type (opt-in `settings['connection-leaks'].typeAware`):
 * a driver's type from the driver's module, another known type (a look-alike), or unknown.
 */
export class TypeOracle {
  private readonly checker: Checker;
  private readonly nodeMap: { get(node: TSESTree.Node): unknown };
  private readonly flags: { Any: number; Unknown: number; Null: number; Undefined: number; Never: number };
  private readonly aliasFlag: number;
  private readonly currentFile: unknown;
  private readonly cache = new WeakMap<object, DriverObject | null | undefined>();
  /** Per declaration file, per driver: is it a client generated for that driver. */
  private readonly generatedFiles = new WeakMap<object, Map<string, boolean>>();

  constructor(
    sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly drivers: readonly Driver[],
  ) {
    const services = sourceCode.parserServices as { program?: { getTypeChecker(): Checker } | null; esTreeNodeToTSNodeMap?: TypeOracle['nodeMap'] } | undefined;
    if (!services?.program || !services.esTreeNodeToTSNodeMap) {
      throw new Error(
        "connection-leaks: settings['connection-leaks'].typeAware (the recommended-type-checked preset) needs type information: " +
          'set languageOptions.parserOptions.projectService (or project) for @typescript-eslint/parser.',
      );
    }
    this.checker = services.program.getTypeChecker();
    this.nodeMap = services.esTreeNodeToTSNodeMap;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require('typescript') as { TypeFlags: TypeOracle['flags']; SymbolFlags: { Alias: number } };
    this.flags = ts.TypeFlags;
    this.aliasFlag = ts.SymbolFlags.Alias;
    this.currentFile = this.nodeMap.get(sourceCode.ast);
  }

  /** A driver object, null for a known non-driver type, undefined when the type says nothing (any, unknown). */
  objectOf(node: TSESTree.Node): DriverObject | null | undefined {
    if (this.cache.has(node)) return this.cache.get(node);
    const result = this.resolve(node);
    this.cache.set(node, result);
    return result;
  }

  private resolve(node: TSESTree.Node): DriverObject | null | undefined {
    const tsNode = this.nodeMap.get(node);
    if (!tsNode) return undefined;
    const type = this.checker.getTypeAtLocation(tsNode);
    const members = type.isUnion() ? (type.types ?? []) : [type];
    let sawKnown = false;
    for (const member of members) {
      if (member.flags & (this.flags.Null | this.flags.Undefined | this.flags.Never)) continue;
      if (member.flags & (this.flags.Any | this.flags.Unknown)) return undefined;
      sawKnown = true;
      const found = this.driverObjectOfType(member, 0);
      if (found) return found;
    }
    return sawKnown ? null : undefined;
  }

  /** The type's own name, then the parts of an intersection, then its base classes and interfaces. */
  private driverObjectOfType(type: TsType, depth: number): DriverObject | null {
    for (const symbol of [type.aliasSymbol, type.getSymbol()]) {
      const found = symbol ? this.driverObjectOfSymbol(symbol) : null;
      if (found) return found;
    }
    if (depth >= MAX_BASE_DEPTH) return null;
    const parts = type.isIntersection() ? (type.types ?? []) : [];
    const declared = type.target ?? type;
    const bases = declared.isClassOrInterface() ? (declared.getBaseTypes() ?? []) : [];
    for (const next of [...parts, ...bases]) {
      const found = this.driverObjectOfType(next, depth + 1);
      if (found) return found;
    }
    return null;
  }

  private driverObjectOfSymbol(symbol: TsSymbol): DriverObject | null {
    const match = QUALIFIED.exec(this.checker.getFullyQualifiedName(symbol));
    if (!match) return null;
    const moduleName = (match[1] ?? match[2]).replace(/\\/g, '/');
    const typeName = match[3].split('.').pop()!;
    for (const driver of this.drivers) {
      const kind = driver.types?.[typeName];
      if (!kind) continue;
      const owns = driver.modules.some(m => m === moduleName || m.startsWith(`${moduleName}/`) || moduleName.startsWith(`${m}/`));
      if (owns || this.generatedBy(driver, symbol)) return objectOfKind(driver, kind);
    }
    return null;
  }

  /**
   * A client generated into the application (Prisma's `output = "../src/generated"`): its
   * declarations live in a file of the user's, which imports the driver's runtime module.
   */
  private generatedBy(driver: Driver, symbol: TsSymbol): boolean {
    const runtimes = driver.generatedClientRuntimes;
    if (!runtimes) return false;
    const file = symbol.declarations?.[0]?.getSourceFile();
    if (!file) return false;
    let verdicts = this.generatedFiles.get(file);
    if (!verdicts) this.generatedFiles.set(file, (verdicts = new Map()));
    let verdict = verdicts.get(driver.id);
    if (verdict === undefined) {
      verdict = runtimes.some(runtime => file.text.includes(`'${runtime}`) || file.text.includes(`"${runtime}`));
      verdicts.set(driver.id, verdict);
    }
    return verdict;
  }

  /**
   * The framework's label when a function's declared or contextual type is a request handler type
   * (`const list: RequestHandler = async (req, res) => …`), wherever it is registered.
   */
  requestHandlerLabel(fn: TSESTree.Node): string | null {
    const tsNode = this.nodeMap.get(fn);
    if (!tsNode) return null;
    const type = this.checker.getContextualType(tsNode);
    if (!type) return null;
    const members = type.isUnion() || type.isIntersection() ? [type, ...(type.types ?? [])] : [type];
    for (const member of members) {
      for (const symbol of [member.aliasSymbol, member.getSymbol()]) {
        const match = symbol ? QUALIFIED.exec(this.checker.getFullyQualifiedName(symbol)) : null;
        if (!match) continue;
        const moduleName = (match[1] ?? match[2]).replace(/\\/g, '/');
        const typeName = match[3].split('.').pop()!;
        const framework = REQUEST_HANDLER_TYPES.find(entry => entry.modules.includes(moduleName) && entry.types.includes(typeName));
        if (framework) return `${framework.label}, by its type \`${typeName}\``;
      }
    }
    return null;
  }

  /**
   * The function a call goes to when the program declares it in another file of the application
   * (not a declaration file, not a dependency): where its summary can be computed.
   */
  foreignFunction(callee: TSESTree.Node): ForeignFunction | null {
    const named = callee.type === 'MemberExpression' ? callee.property : callee;
    const tsNode = this.nodeMap.get(named);
    let symbol = tsNode ? this.checker.getSymbolAtLocation(tsNode) : undefined;
    if (symbol && symbol.flags & this.aliasFlag) symbol = this.checker.getAliasedSymbol(symbol);
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    const file = declaration?.getSourceFile();
    if (!declaration?.name || !file || file === this.currentFile || file.isDeclarationFile) return null;
    if (/[\\/]node_modules[\\/]/.test(file.fileName)) return null;
    return { fileName: file.fileName, text: file.text, nameStart: declaration.name.getStart(file) };
  }
}
