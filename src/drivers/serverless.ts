/**
 * How a module says it runs as a serverless function (data, read by `src/analysis/serverless.ts`):
 * each instance of such a function keeps its own pool, and platforms start hundreds of instances,
 * so the pool of one instance should hold one or two connections.
 */

export interface ServerlessConvention {
  /** For messages: "an AWS Lambda handler". */
  readonly label: string;
  /** Names exported by the module (`export const handler`, `exports.handler`, `export async function GET`). */
  readonly namedExports?: readonly string[];
  /** A default export that is a function (`export default function handler(req, res)`). */
  readonly defaultFunction?: boolean;
  /** The module's path relative to the working directory (with `/` separators) must match, when given. */
  readonly path?: RegExp;
  /** `export const <name> = '<value>'`, also as a key of `export const config = { … }`. */
  readonly exportedSetting?: { readonly name: string; readonly values: readonly string[] };
}

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

export const SERVERLESS_CONVENTIONS: readonly ServerlessConvention[] = [
  { label: 'an edge runtime module', exportedSetting: { name: 'runtime', values: ['edge', 'experimental-edge'] } },
  // Netlify's classic functions use Lambda's signature: the path tells them apart.
  { label: 'a Netlify function', namedExports: ['handler'], path: /(?:^|\/)netlify\/functions\// },
  { label: 'an AWS Lambda handler', namedExports: ['handler'] },
  { label: 'a Next.js route handler', namedExports: HTTP_METHODS, path: /(?:^|\/)app\/(?:.*\/)?route\.[cm]?[jt]sx?$/ },
  // Vercel runs the project's root `api/` directory and Next.js's `pages/api/`; `src/api/` of a server is neither.
  { label: 'a Vercel function', defaultFunction: true, path: /^(?:api\/|(?:.*\/)?pages\/api\/)/ },
  { label: 'a Netlify function', defaultFunction: true, path: /(?:^|\/)netlify\/(?:edge-)?functions\// },
];

/** Objects whose properties are environment variables (`process.env.DB_POOL_MAX`, `import.meta.env.X`, `Bun.env.X`). */
export const ENVIRONMENT_OBJECTS: readonly (readonly string[])[] = [
  ['process', 'env'],
  ['import', 'meta', 'env'],
  ['Bun', 'env'],
];

/** Calls that read one environment variable (`Deno.env.get('X')`). */
export const ENVIRONMENT_GETTERS: readonly (readonly string[])[] = [['Deno', 'env', 'get']];
