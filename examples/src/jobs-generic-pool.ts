// generic-pool: pool.acquire() ... pool.release(resource).
import { createPool } from 'generic-pool';
import { connect, type Socket } from 'node:net';

const workerPool = createPool<Socket>(
  {
    create: async () => connect({ host: process.env.WORKER_HOST, port: 7000 }),
    destroy: async socket => {
      socket.destroy();
    },
  },
  { max: 4, acquireTimeoutMillis: 10_000 },
);

function send(socket: Socket, payload: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.write(JSON.stringify(payload) + '\n', error => (error ? reject(error) : resolve()));
  });
}

// MISTAKE: no `finally`. A failed write leaves the worker checked out; with max: 4,
// four failures and every later job waits (here 10 s, by default forever).
export async function dispatchJob(job: { id: string; kind: string }): Promise<void> {
  const worker = await workerPool.acquire();
  await send(worker, job);
  await workerPool.release(worker);
}

// CORRECT: released in `finally`.
export async function dispatchBatch(jobs: { id: string; kind: string }[]): Promise<void> {
  const worker = await workerPool.acquire();
  try {
    for (const job of jobs) await send(worker, job);
  } finally {
    await workerPool.release(worker);
  }
}

// CORRECT: pool.use() acquires and releases (destroying the resource if fn rejects).
export async function pingWorker(): Promise<void> {
  await workerPool.use(worker => send(worker, { kind: 'ping' }));
}
