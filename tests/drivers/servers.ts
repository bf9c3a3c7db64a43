/**
 * Global setup of the driver-facts suite: the real servers the drivers talk to, started here and
 * stopped at the end, listening on 127.0.0.1 only.
 * - Postgres: PGlite (Postgres compiled to WASM) served over the wire protocol.
 * - MySQL/MariaDB: Debian's `mariadbd`, in a temporary data dir, when the binary is installed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgPort: number;
    /** 0 when no MariaDB binary is installed. */
    mariadbPort: number;
    mariadbMissing: string;
  }
}

const MARIADB_BINARIES = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'];
const INSTALL_DB = ['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, deadlineMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`mariadbd exited with ${child.exitCode}`);
    const open = await new Promise<boolean>(resolve => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error(`mariadbd did not listen on ${port} within ${deadlineMs} ms`);
}

async function startPostgres(): Promise<{ port: number; stop: () => Promise<void> }> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create();
  const port = await freePort();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 64 });
  await server.start();
  return {
    port,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

async function startMariadb(): Promise<{ port: number; stop: () => Promise<void> } | string> {
  if (process.env.DRIVER_FACTS_MARIADB === 'off') return 'DRIVER_FACTS_MARIADB=off: the MySQL-family tier is switched off';
  const binary = MARIADB_BINARIES.find(existsSync);
  const installDb = INSTALL_DB.find(existsSync);
  if (!binary || !installDb) {
    return 'no mariadbd binary: install Debian\'s `mariadb-server` (`apt-get install -y mariadb-server`; `.ci/run` does it when CI=true) to run the MySQL-family tier';
  }
  const dir = mkdtempSync(join(tmpdir(), 'driver-facts-mariadb-'));
  const dataDir = join(dir, 'data');
  const install = spawnSync(installDb, [`--datadir=${dataDir}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db'], {
    encoding: 'utf8',
  });
  if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr}`);
  const port = await freePort();
  const child = spawn(
    binary,
    [
      '--no-defaults',
      `--datadir=${dataDir}`,
      '--user=root',
      '--skip-networking=0',
      '--bind-address=127.0.0.1',
      `--port=${port}`,
      `--socket=${join(dir, 'mariadb.sock')}`,
      `--pid-file=${join(dir, 'mariadb.pid')}`,
      '--skip-grant-tables=0',
      '--innodb-buffer-pool-size=16M',
      '--skip-log-bin',
    ],
    { stdio: 'ignore' },
  );
  await waitForPort(port, 30_000, child);
  return {
    port,
    stop: async () => {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startPostgres();
  project.provide('pgPort', postgres.port);
  const mariadb = await startMariadb();
  project.provide('mariadbPort', typeof mariadb === 'string' ? 0 : mariadb.port);
  project.provide('mariadbMissing', typeof mariadb === 'string' ? mariadb : '');
  return async () => {
    if (typeof mariadb !== 'string') await mariadb.stop();
    await postgres.stop();
  };
}
