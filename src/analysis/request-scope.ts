import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeParts, isFunction, keyName, propertyName, skipTypeWrappers, valueParent, type FunctionNode } from './ast';

type Node = TSESTree.Node;

/** Why a function runs once per request, and on which kind of runtime. */
export interface RequestScope {
  /** Human label for messages: "an Express route handler", "the Next.js GET handler". */
  readonly label: string;
  /** Edge runtimes (Cloudflare Workers, `runtime = 'edge'`): I/O objects cannot outlive the request. */
  readonly edge: boolean;
}

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'head', 'use', 'any', 'on']);
const HTTP_EXPORTS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);
const PER_REQUEST_EXPORTS = new Map([
  ['handler', 'the Lambda handler'],
  ['loader', 'the route loader'],
  ['action', 'the route action'],
  ['getServerSideProps', 'getServerSideProps'],
  ['middleware', 'the middleware'],
  ['createContext', 'the per-request context factory'],
  ['createTRPCContext', 'the per-request context factory'],
]);
const NEST_DECORATORS = new Set([
  'Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Options', 'Head',
  'MessagePattern', 'EventPattern', 'Query', 'Mutation', 'Subscription', 'ResolveField', 'FieldResolver',
]);
const GRAPHQL_ROOTS = new Set(['Query', 'Mutation', 'Subscription']);
const TRPC_METHODS = new Set(['query', 'mutation', 'subscription']);
const EVENT_HANDLER_FACTORIES = new Set(['defineEventHandler', 'eventHandler', 'defineCachedEventHandler', 'onRequest', 'onCall', 'createServer']);
const ROUTE_OBJECT_KEYS = new Set(['handler', 'preHandler', 'onRequest', 'preValidation']);
/** Names that say "application / router / server" for route registration calls. */
const APP_NAME = /^(?:app|api|router|server|fastify|routes?|hono|[a-z][\w$]*(?:App|Router|Server|Routes))$/;

function isStringLike(node: Node | undefined): boolean {
  if (!node) return false;
  return (
    (node.type === AST_NODE_TYPES.Literal && (typeof node.value === 'string' || 'regex' in node)) ||
    node.type === AST_NODE_TYPES.TemplateLiteral ||
    node.type === AST_NODE_TYPES.ArrayExpression
  );
}

/** The root identifier name of a receiver chain (`app` in `app.route('/x').get`). */
function receiverRootName(node: Node): string | null {
  let current = skipTypeWrappers(node);
  for (;;) {
    if (current.type === AST_NODE_TYPES.Identifier) return current.name;
    if (current.type === AST_NODE_TYPES.MemberExpression) current = current.object;
    else if (current.type === AST_NODE_TYPES.CallExpression) current = current.callee;
    else if (current.type === AST_NODE_TYPES.ThisExpression) return 'this';
    else return null;
  }
}

/** `t.procedure.input(…).query(fn)`, `publicProcedure.mutation(fn)`. */
function isTrpcChain(receiver: Node): boolean {
  let current: Node = receiver;
  for (;;) {
    current = skipTypeWrappers(current);
    if (current.type === AST_NODE_TYPES.Identifier) return /procedure$/i.test(current.name);
    if (current.type === AST_NODE_TYPES.MemberExpression) {
      const name = propertyName(current);
      if (name && /procedure$/i.test(name)) return true;
      current = current.object;
    } else if (current.type === AST_NODE_TYPES.CallExpression) {
      current = current.callee;
    } else return false;
  }
}

/** Classifies functions of one file as per-request entry points. */
export class RequestScopes {
  private readonly cache = new Map<Node, RequestScope | null>();
  /** `export const runtime = 'edge'` / `export const config = { runtime: 'edge' }`. */
  private edgeFile = false;
  private workersHandlers = new Set<Node>();

  constructor(private readonly filename: string) {}

  init(program: TSESTree.Program): void {
    for (const statement of program.body) {
      if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
        for (const declarator of statement.declaration.declarations) {
          if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) continue;
          const init = skipTypeWrappers(declarator.init);
          if (declarator.id.name === 'runtime' && init.type === AST_NODE_TYPES.Literal && init.value === 'edge') this.edgeFile = true;
          if (declarator.id.name === 'config' && init.type === AST_NODE_TYPES.ObjectExpression) {
            for (const property of init.properties) {
              if (property.type === AST_NODE_TYPES.Property && keyName(property.key, property.computed) === 'runtime') {
                const value = property.value;
                if (value.type === AST_NODE_TYPES.Literal && value.value === 'edge') this.edgeFile = true;
              }
            }
          }
        }
      }
      // Cloudflare Workers: `export default { async fetch(request, env, ctx) {…} }`.
      if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
        let exported: Node = statement.declaration;
        if (exported.type === AST_NODE_TYPES.TSSatisfiesExpression || exported.type === AST_NODE_TYPES.TSAsExpression) exported = exported.expression;
        if (exported.type === AST_NODE_TYPES.ObjectExpression) {
          for (const property of exported.properties) {
            if (property.type !== AST_NODE_TYPES.Property) continue;
            const name = keyName(property.key, property.computed);
            if ((name === 'fetch' || name === 'scheduled' || name === 'queue') && isFunction(property.value)) this.workersHandlers.add(property.value);
          }
        }
      }
    }
  }

  /** Why `fn` runs per request, or null. */
  scopeOf(fn: FunctionNode): RequestScope | null {
    if (this.cache.has(fn)) return this.cache.get(fn) ?? null;
    const label = this.workersHandlers.has(fn) ? 'the Workers fetch handler' : this.classify(fn);
    const scope = label ? { label, edge: this.edgeFile || this.workersHandlers.has(fn) } : null;
    this.cache.set(fn, scope);
    return scope;
  }

  private classify(fn: FunctionNode): string | null {
    const [parent, child] = valueParent(fn);
    if (!parent) return null;
    // Registration calls: app.get('/x', fn), router.use(fn), t.procedure.query(fn), createServer(fn)…
    if ((parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) && parent.callee !== child) {
      const [method, receiver] = calleeParts(parent);
      if (!method) return null;
      if (receiver) {
        if (ROUTE_METHODS.has(method)) {
          const root = receiverRootName(receiver);
          const first = parent.arguments[0];
          const routeLike = method === 'use' || method === 'all' || isStringLike(first);
          if (method === 'on' && !(first?.type === AST_NODE_TYPES.Literal && first.value === 'request')) return null;
          if (root && APP_NAME.test(root) && routeLike) return `a route handler (\`${root}.${method}\`)`;
        }
        if (TRPC_METHODS.has(method) && isTrpcChain(receiver)) return `a tRPC ${method} procedure`;
        if (method === 'addHook' && isStringLike(parent.arguments[0])) return 'a request hook';
        if (method === 'middleware' && isTrpcChain(receiver)) return 'a tRPC middleware';
      }
      if (EVENT_HANDLER_FACTORIES.has(method)) return `a request handler (\`${method}\`)`;
      return null;
    }
    // Route objects: fastify.route({ handler }), server.route({ method, path, handler }).
    if (parent.type === AST_NODE_TYPES.Property || parent.type === AST_NODE_TYPES.MethodDefinition) {
      const name = keyName(parent.key, parent.computed);
      if (parent.type === AST_NODE_TYPES.MethodDefinition) return this.classifyMethod(parent);
      const object = parent.parent;
      if (object?.type !== AST_NODE_TYPES.ObjectExpression) return null;
      if (name && ROUTE_OBJECT_KEYS.has(name) && this.isRouteObject(object)) return 'a route handler';
      if (name === 'context' && this.isServerOptions(object)) return 'the per-request GraphQL context';
      const holder = object.parent;
      if (holder?.type === AST_NODE_TYPES.Property) {
        const root = keyName(holder.key, holder.computed);
        if (root && GRAPHQL_ROOTS.has(root)) return `a GraphQL ${root} resolver`;
      }
      return null;
    }
    // Exports: Next.js route handlers, Lambda handlers, loaders…
    return this.classifyExport(fn, parent);
  }

  private classifyMethod(method: TSESTree.MethodDefinition): string | null {
    for (const decorator of method.decorators ?? []) {
      const expression = decorator.expression;
      const name =
        expression.type === AST_NODE_TYPES.CallExpression && expression.callee.type === AST_NODE_TYPES.Identifier
          ? expression.callee.name
          : expression.type === AST_NODE_TYPES.Identifier
            ? expression.name
            : null;
      if (name && NEST_DECORATORS.has(name)) return `a NestJS @${name} handler`;
    }
    return null;
  }

  private isRouteObject(object: TSESTree.ObjectExpression): boolean {
    const keys = new Set(object.properties.flatMap(p => (p.type === AST_NODE_TYPES.Property ? [keyName(p.key, p.computed)] : [])));
    if (keys.has('method') && (keys.has('path') || keys.has('url'))) return true;
    let holder: Node | undefined = object.parent;
    if (holder?.type === AST_NODE_TYPES.ArrayExpression) holder = holder.parent;
    if (holder?.type !== AST_NODE_TYPES.CallExpression) return false;
    const [method] = calleeParts(holder);
    return method === 'route';
  }

  private isServerOptions(object: TSESTree.ObjectExpression): boolean {
    const holder = object.parent;
    if (holder?.type !== AST_NODE_TYPES.NewExpression && holder?.type !== AST_NODE_TYPES.CallExpression) return false;
    const [name] = calleeParts(holder);
    return !!name && /ApolloServer|startStandaloneServer|expressMiddleware|createYoga|createHandler|mercurius/.test(name);
  }

  private classifyExport(fn: FunctionNode, parent: Node): string | null {
    let name: string | null = null;
    let exported = false;
    let isDefault = false;
    if (fn.type === AST_NODE_TYPES.FunctionDeclaration) {
      name = fn.id?.name ?? null;
      exported = parent.type === AST_NODE_TYPES.ExportNamedDeclaration;
      isDefault = parent.type === AST_NODE_TYPES.ExportDefaultDeclaration;
    } else if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
      name = parent.id.name;
      exported = parent.parent?.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration;
    } else if (parent.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      isDefault = true;
    } else if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left.type === AST_NODE_TYPES.MemberExpression) {
      // exports.handler = …, module.exports.handler = …
      const left = parent.left;
      const root = receiverRootName(left.object);
      if (root === 'exports' || root === 'module') {
        name = propertyName(left);
        exported = true;
      }
    }
    if (exported && name) {
      if (HTTP_EXPORTS.has(name)) return `the exported ${name} route handler`;
      const label = PER_REQUEST_EXPORTS.get(name);
      if (label) return label;
    }
    if (isDefault && fn.params.length >= 2 && /(?:^|[\\/])(?:pages[\\/])?api[\\/]/.test(this.filename)) return 'the API route handler';
    if (!exported && name && (name === 'createContext' || name === 'createTRPCContext')) return PER_REQUEST_EXPORTS.get(name) ?? null;
    return null;
  }
}
