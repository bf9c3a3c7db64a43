import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Driver } from '../drivers/types';
import { objectOfKind, type DriverObject } from './driver-object';

/** The parts of the TypeScript API used here (typescript itself is an optional peer, loaded lazily). */
interface Checker {
  getTypeAtLocation(node: unknown): TsType;
  getFullyQualifiedName(symbol: unknown): string;
}
interface TsType {
  flags: number;
  types?: TsType[];
  getSymbol(): unknown;
  aliasSymbol?: unknown;
  isUnion(): boolean;
}

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
  private readonly cache = new WeakMap<object, DriverObject | null | undefined>();

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
    const ts = require('typescript') as { TypeFlags: TypeOracle['flags'] };
    this.flags = ts.TypeFlags;
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
      for (const symbol of [member.aliasSymbol, member.getSymbol()]) {
        if (!symbol) continue;
        const found = this.driverObject(this.checker.getFullyQualifiedName(symbol));
        if (found) return found;
      }
    }
    return sawKnown ? null : undefined;
  }

  private driverObject(qualified: string): DriverObject | null {
    const match = QUALIFIED.exec(qualified);
    if (!match) return null;
    const moduleName = (match[1] ?? match[2]).replace(/\\/g, '/');
    const typeName = match[3].split('.').pop()!;
    for (const driver of this.drivers) {
      const owns = driver.modules.some(m => m === moduleName || m.startsWith(`${moduleName}/`) || moduleName.startsWith(`${m}/`));
      const kind = owns ? driver.types?.[typeName] : undefined;
      if (kind) return objectOfKind(driver, kind);
    }
    return null;
  }
}
