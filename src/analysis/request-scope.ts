import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../util/ast-node-types';
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
/** Fastify hooks that run per request (not `onReady`, `onClose`, `onRoute`…). */
const REQUEST_HOOKS = new Set(['onRequest', 'preParsing', 'preValidation', 'preHandler', 'preSerialization', 'onSend', 'onResponse', 'onError', 'onTimeout', 'onRequestAbort']);
/** Calls and constructors that make an application or router. */
const APP_FACTORY = /^(?:express|express\.Router|Router|Koa|KoaRouter|Fastify|fastify|Hono|Elysia|Hapi\.server|Hapi\.Server|server|createApp|polka|restify\.createServer)$/;
const WORKERS_LABELS: Record<string, string> = {
  fetch: 'the Workers fetch handler',
  scheduled: 'the Workers scheduled handler',
  queue: 'the Workers queue handler',
};
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
  private workersHandlers = new Map<Node, string>();

  constructor(
    private readonly filename: string,
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly variableOf: (id: TSESTree.Identifier) => TSESLint.Scope.Variable | null,
    /** Extra registration callees from the settings and the rule options (`myRouter.handle`, `/^register/`). */
    private readonly extraHandlers: readonly RegExp[] = [],
    /** With type information: the label of a function typed as a framework's request handler. */
    private readonly handlerByType: (fn: FunctionNode) => string | null = () => null,
  ) {}

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
            if (name && WORKERS_LABELS[name] && isFunction(property.value)) this.workersHandlers.set(property.value, WORKERS_LABELS[name]);
          }
        }
      }
    }
  }

  /** Why `fn` runs per request, or null. */
  scopeOf(fn: FunctionNode): RequestScope | null {
    if (this.cache.has(fn)) return this.cache.get(fn) ?? null;
    const label = this.workersHandlers.get(fn) ?? this.classify(fn) ?? this.classifyByReference(fn) ?? this.handlerByType(fn);
    const scope = label ? { label, edge: this.edgeFile || this.workersHandlers.has(fn) } : null;
    this.cache.set(fn, scope);
    return scope;
  }

  /** `app.get('/x', listUsers)`: a named function handed to a registration call. */
  private classifyByReference(fn: FunctionNode): string | null {
    const [parent] = valueParent(fn);
    const declared =
      fn.type === AST_NODE_TYPES.FunctionDeclaration
        ? this.sourceCode.getDeclaredVariables(fn)
        : parent?.type === AST_NODE_TYPES.VariableDeclarator
          ? this.sourceCode.getDeclaredVariables(parent)
          : [];
    for (const variable of declared) {
      for (const reference of variable.references) {
        if (reference.init) continue;
        const [call, child] = valueParent(reference.identifier as Node);
        if ((call?.type === AST_NODE_TYPES.CallExpression || call?.type === AST_NODE_TYPES.NewExpression) && call.callee !== child) {
          const label = this.classifyRegistration(call);
          if (label) return label;
        }
      }
    }
    return null;
  }

  /** Is the root of a receiver chain an application or router (by name or by what made it)? */
  private isAppLike(receiver: Node): string | null {
    let root: Node = skipTypeWrappers(receiver);
    while (root.type === AST_NODE_TYPES.MemberExpression || root.type === AST_NODE_TYPES.CallExpression) {
      root = skipTypeWrappers(root.type === AST_NODE_TYPES.MemberExpression ? root.object : root.callee);
    }
    if (root.type !== AST_NODE_TYPES.Identifier) return null;
    if (APP_NAME.test(root.name)) return root.name;
    const def = this.variableOf(root)?.defs[0];
    if (def?.type === 'Variable' && def.node.init) {
      const init = skipTypeWrappers(def.node.init);
      if ((init.type === AST_NODE_TYPES.CallExpression || init.type === AST_NODE_TYPES.NewExpression) && APP_FACTORY.test(this.sourceCode.getText(init.callee))) {
        return root.name;
      }
    }
    return null;
  }

  /** Registration calls: app.get('/x', fn), router.use(fn), t.procedure.query(fn), createServer(fn)… */
  private classifyRegistration(call: TSESTree.CallExpression | TSESTree.NewExpression): string | null {
    const [method, receiver] = calleeParts(call);
    if (!method) return null;
    const calleeText = this.sourceCode.getText(call.callee);
    if (this.extraHandlers.some(pattern => pattern.test(calleeText))) return `a request handler (\`${calleeText}\`)`;
    if (receiver) {
      if (ROUTE_METHODS.has(method)) {
        const first = call.arguments[0];
        // `app.route('/x').get(fn)` carries its path in the chain.
        const routeLike = method === 'use' || method === 'all' || isStringLike(first) || skipTypeWrappers(receiver).type === AST_NODE_TYPES.CallExpression;
        if (method === 'on' && !(first?.type === AST_NODE_TYPES.Literal && first.value === 'request')) return null;
        const app = routeLike ? this.isAppLike(receiver) : null;
        if (app) return `a route handler (\`${app}.${method}\`)`;
      }
      if (TRPC_METHODS.has(method) && isTrpcChain(receiver)) return `a tRPC ${method} procedure`;
      const hook = call.arguments[0];
      if (method === 'addHook' && hook?.type === AST_NODE_TYPES.Literal && REQUEST_HOOKS.has(String(hook.value))) return 'a request hook';
      if ((method === 'middleware' || method === 'use') && isTrpcChain(receiver)) return 'a tRPC middleware';
    }
    if (EVENT_HANDLER_FACTORIES.has(method)) return `a request handler (\`${method}\`)`;
    return null;
  }

  private classify(fn: FunctionNode): string | null {
    const [parent, child] = valueParent(fn);
    if (!parent) return null;
    if ((parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) && parent.callee !== child) {
      return this.classifyRegistration(parent);
    }
    // Route objects: fastify.route({ handler }), server.route({ method, path, handler }).
    if (parent.type === AST_NODE_TYPES.Property || parent.type === AST_NODE_TYPES.MethodDefinition) {
      const name = keyName(parent.key, parent.computed);
      if (parent.type === AST_NODE_TYPES.MethodDefinition) return this.classifyMethod(parent);
      const object = parent.parent;
      if (object?.type !== AST_NODE_TYPES.ObjectExpression) return null;
      if (name && ROUTE_OBJECT_KEYS.has(name) && this.isRouteObject(object)) return 'a route handler';
      // Hapi: `{ method, path, options: { handler } }`
      const holder = object.parent;
      if (name === 'handler' && holder?.type === AST_NODE_TYPES.Property && keyName(holder.key, holder.computed) === 'options') {
        if (holder.parent.type === AST_NODE_TYPES.ObjectExpression && this.isRouteObject(holder.parent)) return 'a route handler';
      }
      if (name === 'context' && this.isServerOptions(object)) return 'the per-request GraphQL context';
      return this.graphqlResolver(object);
    }
    // Exports: Next.js route handlers, Lambda handlers, loaders…
    return this.classifyExport(fn, parent);
  }

  /**
   * Resolver maps: functions under `Query`/`Mutation`/`Subscription`, or under a type name in a map
   * that also has one of those (`User: { posts() {…} }`), up to `Subscription: { x: { subscribe } }`.
   */
  private graphqlResolver(object: TSESTree.ObjectExpression): string | null {
    let current: Node = object;
    for (let depth = 0; depth < 2; depth++) {
      const holder: Node | undefined = current.parent;
      if (holder?.type !== AST_NODE_TYPES.Property) return null;
      const key = keyName(holder.key, holder.computed);
      if (key && GRAPHQL_ROOTS.has(key)) return `a GraphQL ${key} resolver`;
      const map: Node = holder.parent;
      if (key && /^[A-Z]/.test(key) && map.type === AST_NODE_TYPES.ObjectExpression) {
        const roots = map.properties.some((p: TSESTree.ObjectLiteralElement) => p.type === AST_NODE_TYPES.Property && GRAPHQL_ROOTS.has(keyName(p.key, p.computed) ?? ''));
        if (roots) return `a GraphQL ${key} resolver`;
      }
      if (map.type !== AST_NODE_TYPES.ObjectExpression) return null;
      current = map;
    }
    return null;
  }

  /** `(req, res)` or `(req: NextApiRequest, res: NextApiResponse)`: a Pages API handler wherever the file lives. */
  private looksLikeReqRes(fn: FunctionNode): boolean {
    const [first, second] = fn.params;
    const name = (param: TSESTree.Parameter | undefined): string => (param?.type === AST_NODE_TYPES.Identifier ? param.name : '');
    const typed = (param: TSESTree.Parameter | undefined): string =>
      param?.type === AST_NODE_TYPES.Identifier && param.typeAnnotation ? this.sourceCode.getText(param.typeAnnotation) : '';
    if (/NextApiRequest|IncomingMessage/.test(typed(first)) && /NextApiResponse|ServerResponse/.test(typed(second))) return true;
    return /^(?:req|request)$/.test(name(first)) && /^(?:res|response)$/.test(name(second));
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
    if (isDefault && fn.params.length >= 2 && (/(?:^|[\\/])(?:pages[\\/])?api[\\/]/.test(this.filename) || this.looksLikeReqRes(fn))) {
      return 'the API route handler';
    }
    if (!exported && name && (name === 'createContext' || name === 'createTRPCContext')) return PER_REQUEST_EXPORTS.get(name) ?? null;
    return null;
  }
}
