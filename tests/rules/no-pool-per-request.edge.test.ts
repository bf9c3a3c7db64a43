/**
 * no-pool-per-request on edge runtimes (Cloudflare Workers `export default { fetch }`, files with
 * `export const runtime = 'edge'` or `config = { runtime: 'edge' }`): I/O objects cannot outlive a
 * request there, so a per-request client is required and the rule checks instead that it is ended
 * (`ctx.waitUntil(client.end())` or `end()` in `finally`) — messageId `notEndedOnEdge`.
 */
import rule from '../../src/rules/no-pool-per-request';
import { ruleTester } from '../rule-tester';

ruleTester.run('no-pool-per-request (edge runtimes)', rule, {
  valid: [
    {
      name: 'Workers: client ended with ctx.waitUntil(client.end())',
      code: `import { Client } from '@neondatabase/serverless';

export default {
  async fetch(request: Request, env: { DATABASE_URL: string }, ctx: ExecutionContext) {
    const client = new Client(env.DATABASE_URL);
    await client.connect();
    const { rows } = await client.query('SELECT * FROM users');
    ctx.waitUntil(client.end());
    return Response.json(rows);
  },
};`,
    },
    {
      name: 'Workers: pool ended in finally, satisfies ExportedHandler',
      code: `import { Pool } from '@neondatabase/serverless';

export default {
  async fetch(request, env, ctx) {
    const pool = new Pool({ connectionString: env.DATABASE_URL });
    try {
      return Response.json((await pool.query('SELECT * FROM users')).rows);
    } finally {
      await pool.end();
    }
  },
} satisfies ExportedHandler<{ DATABASE_URL: string }>;`,
    },
    {
      name: 'Workers: fetch as an arrow-function property, ended with waitUntil',
      code: `import { Client } from '@neondatabase/serverless';

export default {
  fetch: async (request: Request, env: { DATABASE_URL: string }, ctx: ExecutionContext) => {
    const client = new Client(env.DATABASE_URL);
    await client.connect();
    const { rows } = await client.query('SELECT 1');
    ctx.waitUntil(client.end());
    return Response.json(rows);
  },
};`,
    },
    {
      name: 'Workers: ctx.waitUntil(client.end()) inside finally with early returns',
      code: `import { Client } from '@neondatabase/serverless';

export default {
  async fetch(request, env, ctx) {
    const client = new Client(env.DATABASE_URL);
    await client.connect();
    try {
      if (request.method !== 'GET') return new Response(null, { status: 405 });
      return Response.json((await client.query('SELECT 1')).rows);
    } finally {
      ctx.waitUntil(client.end());
    }
  },
};`,
    },
    {
      name: 'Workers: destructured waitUntil(pool.end())',
      code: `import { Pool } from '@neondatabase/serverless';

export default {
  async fetch(request, env, { waitUntil }) {
    const pool = new Pool({ connectionString: env.DATABASE_URL });
    const { rows } = await pool.query('SELECT 1');
    waitUntil(pool.end());
    return Response.json(rows);
  },
};`,
    },
    {
      name: "Workers: pg's Client (node-compat) ended in finally",
      code: `import pg from 'pg';

export default {
  async fetch(request, env) {
    const client = new pg.Client(env.DATABASE_URL);
    await client.connect();
    try {
      return Response.json((await client.query('SELECT 1')).rows);
    } finally {
      await client.end();
    }
  },
};`,
    },
    {
      name: 'Workers: scheduled handler ends its pool',
      code: `import { Pool } from '@neondatabase/serverless';

export default {
  async scheduled(event, env, ctx) {
    const pool = new Pool({ connectionString: env.DATABASE_URL });
    try {
      await pool.query('DELETE FROM sessions WHERE expires < now()');
    } finally {
      await pool.end();
    }
  },
};`,
    },
    {
      name: "runtime = 'edge': GET ends its pool in finally",
      filename: 'app/api/users/route.ts',
      code: `import { Pool } from '@neondatabase/serverless';

export const runtime = 'edge';

export async function GET() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  try {
    return Response.json((await pool.query('SELECT 1')).rows);
  } finally {
    await pool.end();
  }
}`,
    },
    {
      name: "runtime = 'edge': POST arrow ends its client in finally",
      filename: 'app/api/users/route.ts',
      code: `import { Client } from '@neondatabase/serverless';

export const runtime = 'edge';

export const POST = async (request: Request) => {
  const client = new Client(process.env.DATABASE_URL);
  await client.connect();
  try {
    return Response.json((await client.query('INSERT INTO users DEFAULT VALUES RETURNING id')).rows);
  } finally {
    await client.end();
  }
};`,
    },
    {
      name: "config = { runtime: 'edge' }: Pages API handler ends its pool",
      filename: 'pages/api/users.ts',
      code: `import { Pool } from '@neondatabase/serverless';

export const config = { runtime: 'edge' };

export default async function handler(request: Request, context: unknown) {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  try {
    return Response.json((await pool.query('SELECT 1')).rows);
  } finally {
    await pool.end();
  }
}`,
    },
    {
      name: "runtime = 'edge': a factory that returns the client is not a handler",
      filename: 'app/api/users/route.ts',
      code: `import { Pool } from '@neondatabase/serverless';

export const runtime = 'edge';

export function createPool() {
  return new Pool({ connectionString: process.env.DATABASE_URL });
}`,
    },
    {
      name: 'Workers: neon(url) HTTP queries need no end()',
      code: `import { neon } from '@neondatabase/serverless';

export default {
  async fetch(request, env) {
    const sql = neon(env.DATABASE_URL);
    return Response.json(await sql\`SELECT 1\`);
  },
};`,
    },
  ],
  invalid: [
    {
      name: 'Workers: pool never ended',
      code: `import { Pool } from '@neondatabase/serverless';

export default {
  async fetch(request, env, ctx) {
    const pool = new Pool({ connectionString: env.DATABASE_URL });
    return Response.json((await pool.query('SELECT * FROM users')).rows);
  },
};`,
      errors: [
        {
          messageId: 'notEndedOnEdge',
          line: 5,
          column: 18,
          data: { construct: 'new Pool()', scope: 'the Workers fetch handler', name: 'pool' },
        },
      ],
    },
    {
      name: 'Workers: client ended on the success path only (not in finally)',
      code: `import { Client } from '@neondatabase/serverless';

export default {
  async fetch(request, env, ctx) {
    const client = new Client(env.DATABASE_URL);
    await client.connect();
    const { rows } = await client.query('SELECT 1');
    await client.end();
    return Response.json(rows);
  },
};`,
      errors: [
        {
          messageId: 'notEndedOnEdge',
          line: 5,
          column: 20,
          data: { construct: 'new Client()', scope: 'the Workers fetch handler', name: 'client' },
        },
      ],
    },
    {
      name: 'Workers: fetch arrow property, client never ended',
      code: `import { Client } from '@neondatabase/serverless';

export default {
  fetch: async (request: Request, env: { DATABASE_URL: string }) => {
    const client = new Client(env.DATABASE_URL);
    await client.connect();
    return Response.json((await client.query('SELECT 1')).rows);
  },
};`,
      errors: [
        {
          messageId: 'notEndedOnEdge',
          line: 5,
          column: 20,
          data: { construct: 'new Client()', scope: 'the Workers fetch handler', name: 'client' },
        },
      ],
    },
    {
      name: "Workers: pg's Client never ended",
      code: `import pg from 'pg';

export default {
  async fetch(request, env) {
    const client = new pg.Client(env.DATABASE_URL);
    await client.connect();
    return Response.json((await client.query('SELECT 1')).rows);
  },
};`,
      errors: [
        {
          messageId: 'notEndedOnEdge',
          line: 5,
          column: 20,
          data: { construct: 'new pg.Client()', scope: 'the Workers fetch handler', name: 'client' },
        },
      ],
    },
    {
      name: 'Workers: end() deferred with setTimeout does not count',
      code: `import { Client } from '@neondatabase/serverless';

export default {
  async fetch(request, env) {
    const client = new Client(env.DATABASE_URL);
    await client.connect();
    const { rows } = await client.query('SELECT 1');
    setTimeout(() => client.end(), 0);
    return Response.json(rows);
  },
};`,
      errors: [
        {
          messageId: 'notEndedOnEdge',
          line: 5,
          column: 20,
          data: { construct: 'new Client()', scope: 'the Workers fetch handler', name: 'client' },
        },
      ],
    },
    {
      name: 'Workers: inline new Pool().query() is never ended',
      code: `import { Pool } from '@neondatabase/serverless';

export default {
  async fetch(request, env) {
    return Response.json((await new Pool({ connectionString: env.DATABASE_URL }).query('SELECT 1')).rows);
  },
};`,
      errors: [
        {
          messageId: 'notEndedOnEdge',
          line: 5,
          column: 33,
          data: { construct: 'new Pool()', scope: 'the Workers fetch handler', name: 'client' },
        },
      ],
    },
    {
      name: 'Workers: scheduled handler never ends its pool',
      code: `import { Pool } from '@neondatabase/serverless';

export default {
  async scheduled(event, env) {
    const pool = new Pool({ connectionString: env.DATABASE_URL });
    await pool.query('DELETE FROM sessions WHERE expires < now()');
  },
};`,
      errors: [
        {
          messageId: 'notEndedOnEdge',
          line: 5,
          column: 18,
          data: { construct: 'new Pool()', scope: 'the Workers scheduled handler', name: 'pool' },
        },
      ],
    },
    {
      name: 'Workers: queue handler never ends its pool',
      code: `import { Pool } from '@neondatabase/serverless';

export default {
  async queue(batch, env) {
    const pool = new Pool({ connectionString: env.DATABASE_URL });
    await pool.query('INSERT INTO jobs (n) VALUES ($1)', [batch.messages.length]);
  },
};`,
      errors: [
        {
          messageId: 'notEndedOnEdge',
          line: 5,
          column: 18,
          data: { construct: 'new Pool()', scope: 'the Workers queue handler', name: 'pool' },
        },
      ],
    },
    {
      name: 'Workers: helper called by fetch never ends its pool',
      code: `import { Pool } from '@neondatabase/serverless';

async function listUsers(url: string) {
  const pool = new Pool({ connectionString: url });
  return (await pool.query('SELECT * FROM users')).rows;
}

export default {
  async fetch(request, env) {
    return Response.json(await listUsers(env.DATABASE_URL));
  },
};`,
      errors: [
        {
          messageId: 'notEndedOnEdge',
          line: 4,
          column: 16,
          data: { construct: 'new Pool()', scope: 'the Workers fetch handler', name: 'pool' },
        },
      ],
    },
    {
      name: "runtime = 'edge': GET never ends its pool",
      filename: 'app/api/users/route.ts',
      code: `import { Pool } from '@neondatabase/serverless';

export const runtime = 'edge';

export async function GET() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  return Response.json((await pool.query('SELECT 1')).rows);
}`,
      errors: [
        {
          messageId: 'notEndedOnEdge',
          line: 6,
          column: 16,
          data: { construct: 'new Pool()', scope: 'the exported GET route handler', name: 'pool' },
        },
      ],
    },
    {
      name: "config = { runtime: 'edge' }: Pages API handler never ends its pool",
      filename: 'pages/api/users.ts',
      code: `import { Pool } from '@neondatabase/serverless';

export const config = { runtime: 'edge' };

export default async function handler(request: Request, context: unknown) {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  return Response.json((await pool.query('SELECT 1')).rows);
}`,
      errors: [
        {
          messageId: 'notEndedOnEdge',
          line: 6,
          column: 16,
          data: { construct: 'new Pool()', scope: 'the API route handler', name: 'pool' },
        },
      ],
    },
    {
      name: "runtime = 'nodejs' is not edge: the per-request pool is reported as such",
      filename: 'app/api/users/route.ts',
      code: `import { Pool } from '@neondatabase/serverless';

export const runtime = 'nodejs';

export async function GET() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  try {
    return Response.json((await pool.query('SELECT 1')).rows);
  } finally {
    await pool.end();
  }
}`,
      errors: [
        {
          messageId: 'perRequest',
          line: 6,
          column: 16,
          data: { construct: 'new Pool()', scope: 'the exported GET route handler', via: '', what: 'pool' },
          suggestions: [],
        },
      ],
    },
  ],
});
