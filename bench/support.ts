/**
 * Shared pieces of the benchmarks: a database for one bench, Node child processes (servers that
 * print a JSON "ready" line, scripts whose last stdout line is a JSON result), and the peak-RSS
 * records of bench/peak-rss.ts.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/persistence/embedded-postgres';
import type { PeakRssRecord } from './peak-rss';

/** The compiled preload (`--require` it to record a process's peak RSS). */
export const PEAK_RSS_PRELOAD = join(__dirname, 'peak-rss.js');

export interface BenchDatabase {
  url: string;
  /** `DATABASE_URL` (a schema of its own in it) or `embedded` (a temporary PostgreSQL). */
  kind: 'DATABASE_URL' | 'embedded';
  stop(): Promise<void>;
}

/**
 * A database for one bench: with DATABASE_URL a fresh schema in that database (the URL sets
 * `search_path`, as the tests do), dropped at the end; else an embedded PostgreSQL in a temporary
 * folder, deleted at the end.
 */
export async function benchDatabase(label: string): Promise<BenchDatabase> {
  const server = process.env.DATABASE_URL;
  if (server) {
    const schema = `bench_${label}_${randomBytes(4).toString('hex')}`;
    const admin = async (sql: string) => {
      const client = new Client({ connectionString: server });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    await admin(`CREATE SCHEMA "${schema}"`);
    const url = new URL(server);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return {
      url: url.toString(),
      kind: 'DATABASE_URL',
      stop: () => admin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`),
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), `pps-bench-${label}-`));
  const pg = await startEmbeddedPostgres({ dataDir, persistent: false });
  return {
    url: pg.url,
    kind: 'embedded',
    async stop() {
      await pg.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Where this bench's Node children append their peak RSS: the parent's file (bench/index.ts), or
 * one of our own, removed by `done()`.
 */
export function peakRssLog(): { file: string; done(): void } {
  const inherited = process.env.PEAK_RSS_LOG;
  if (inherited) return { file: inherited, done: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'pps-rss-'));
  return { file: join(dir, 'peak-rss.jsonl'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

export function readPeakRss(file: string): PeakRssRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as PeakRssRecord);
}

export interface NodeServer {
  child: ChildProcess;
  /** The first JSON line the process printed (its address). */
  ready: Record<string, unknown>;
  /** Every line it printed on stdout so far. */
  lines(): string[];
  /** SIGTERM, then the exit; SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a Node script as a process of its own (with the peak-RSS preload) and waits for the first
 * stdout line that is JSON and satisfies `isReady`. Its stdout is drained (pino writes to a pipe
 * synchronously on Linux: an undrained pipe would stall the server).
 */
export function startNodeServer(
  script: string,
  args: string[],
  options: {
    env?: NodeJS.ProcessEnv;
    /** Extra Node options before the script, e.g. `--cpu-prof`. */
    nodeArgs?: string[];
    isReady?: (line: Record<string, unknown>) => boolean;
    timeoutMs?: number;
  } = {},
): Promise<NodeServer> {
  const nodeArgs = [...(options.nodeArgs ?? []), '--require', PEAK_RSS_PRELOAD];
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<NodeServer>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} was not ready within ${options.timeoutMs ?? 60_000} ms\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    let done = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      partial += chunk.toString();
      const complete = partial.split('\n');
      partial = complete.pop()!;
      for (const line of complete) {
        lines.push(line);
        if (done || !line.startsWith('{')) continue;
        let parsed: Record<string, unknown>;
        try {
          parsed = JSON.parse(line) as Record<string, unknown>;
        } catch {
          continue;
        }
        if (options.isReady && !options.isReady(parsed)) continue;
        done = true;
        clearTimeout(timer);
        resolve({
          child,
          ready: parsed,
          lines: () => lines,
          async stop(graceMs = 15_000) {
            if (child.exitCode !== null || child.signalCode !== null) return;
            child.kill('SIGTERM');
            const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
            await exited;
            clearTimeout(killer);
          },
        });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', (code, signal) => {
      if (done) return;
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code ?? signal}) before it was ready\n${stderr}`));
    });
  });
}

/** Runs a Node script to its end (asynchronously: this process may be serving it) → its last JSON line. */
export async function runNodeJson<T>(
  script: string,
  args: string[],
  options: { timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<T> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--require', PEAK_RSS_PRELOAD, script, ...args],
    { encoding: 'utf8', timeout: options.timeoutMs, maxBuffer: 16 * 1024 * 1024, env: options.env },
  );
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (!line) throw new Error(`${script} printed no JSON result`);
  return JSON.parse(line) as T;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
