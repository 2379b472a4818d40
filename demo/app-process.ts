import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type LocalSecrets, readLocalSecrets } from '../src/platform/local-secrets';

/** The built app, next to this file once compiled (dist/demo/ → dist/src/main.js). */
export const MAIN_JS = resolve(__dirname, '../src/main.js');

/** The app as a child process in sandbox mode, and what the demo needs to talk to it. */
export interface DemoApp {
  pid: number;
  dataDir: string;
  /** Slack-facing server (OAuth install and redirect, /slack/events). */
  slackUrl: string;
  /** Internal API server (signed /internal/v1/…). */
  internalUrl: string;
  /** The fake Slack's base URL (Web API, OAuth page, /_sandbox control API). */
  sandboxUrl: string;
  /** The secrets sandbox mode generated into DATA_DIR (the signing CLI reads the same file). */
  secrets: LocalSecrets;
  /** How to reach the app's database for a read-only proof; null when unknown. */
  databaseUrl: string | null;
  startedInMs: number;
  /** The child's log lines (JSON), newest last. */
  logTail(lines?: number): string;
  /** SIGTERM, wait for a clean exit (SIGKILL the process group after `graceMs`), remove DATA_DIR. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** Variables the child must not inherit: they would take it out of sandbox mode or onto other ports. */
const INHERITED_CONFIG =
  /^(SLACK_|PLUSPLUS_|TOKEN_ENCRYPTION_KEY$|DATABASE_URL$|TEST_DATABASE_URL$|PORT$|INTERNAL_|SANDBOX_|DATA_DIR$|PUBLIC_URL$|DELIVERY_|LOG_LEVEL$|RETURN_URL_ORIGINS$)/;

type LogLine = Record<string, unknown>;

/**
 * Starts `node dist/src/main.js` exactly as `npm start` runs it without Slack credentials: sandbox
 * mode, an embedded PostgreSQL in a fresh temporary DATA_DIR (or `databaseUrl` when given), a free
 * Slack-facing port (it has to be known up front: it is in the OAuth redirect URI) and port 0 for
 * the internal server and the sandbox, whose real ports come from the log.
 */
export async function startDemoApp(
  o: { databaseUrl?: string; readyTimeoutMs?: number; signal?: AbortSignal } = {},
): Promise<DemoApp> {
  if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run \`npm run build\` first.`);
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'plusplus-demo-'));
  const port = await freePort();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !INHERITED_CONFIG.test(key)) env[key] = value;
  }
  Object.assign(env, {
    DATA_DIR: dataDir,
    PORT: String(port),
    INTERNAL_PORT: '0',
    SANDBOX_PORT: '0',
    LOG_LEVEL: 'info',
    // Each demo tenant returns to its own subdomain (demo/context.ts RETURN_URL).
    RETURN_URL_ORIGINS: 'https://*.plusplus.example',
    ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {}),
  });
  // Its own process group: a Ctrl-C in the terminal reaches only the demo, which then stops the
  // app once, with SIGTERM (a second signal would make the app exit without draining).
  const child: ChildProcess = spawn(process.execPath, [MAIN_JS], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  const parsed: LogLine[] = [];
  let partial = '';
  let stderr = '';
  const waiters: Array<{ msg: string; resolve: (line: LogLine) => void }> = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    const complete = partial.split('\n');
    partial = complete.pop() ?? '';
    for (const line of complete) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 2000) lines.shift();
      try {
        const entry = JSON.parse(line) as LogLine;
        parsed.push(entry);
        for (const w of waiters.filter((x) => x.msg === entry.msg)) w.resolve(entry);
      } catch {
        // not a JSON log line: kept as text for the tail
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.length > 100_000) stderr = stderr.slice(-50_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.on('exit', (code, signal) => res({ code, signal })),
  );
  let exitedAlready = false;
  void exited.then(() => {
    exitedAlready = true;
  });

  const logTail = (n = 40) =>
    [
      ...lines.slice(-n),
      ...(stderr.trim() ? ['--- stderr ---', ...stderr.trim().split('\n').slice(-n)] : []),
    ].join('\n');
  let stopping: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  /** Signals what is left of the app's process group (its embedded PostgreSQL); false when empty. */
  let groupGone = false;
  const signalGroup = (signal: NodeJS.Signals | 0): boolean => {
    if (groupGone) return false;
    try {
      process.kill(-child.pid!, signal);
      return true;
    } catch {
      return false;
    }
  };
  const stop = (graceMs = 20_000) => {
    stopping ??= (async () => {
      if (!exitedAlready) child.kill('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      // An app stopped before it set up its own signal handling (still starting) leaves its
      // PostgreSQL behind: a fast shutdown for it, then wait until the group is empty.
      if (signalGroup('SIGINT')) {
        for (let i = 0; i < 100 && signalGroup(0); i++) await new Promise((r) => setTimeout(r, 100));
        signalGroup('SIGKILL');
      }
      groupGone = true;
      rmSync(dataDir, { recursive: true, force: true });
      return result;
    })();
    return stopping;
  };
  // If the demo itself dies abruptly, do not leave the app running.
  process.once('exit', () => {
    signalGroup('SIGKILL');
  });

  const waitForLog = (msg: string, timeoutMs: number) =>
    new Promise<LogLine>((resolveLine, reject) => {
      const seen = parsed.find((l) => l.msg === msg);
      if (seen) return resolveLine(seen);
      const timer = setTimeout(
        () => reject(new Error(`the app did not log "${msg}" within ${timeoutMs} ms\n${logTail()}`)),
        timeoutMs,
      );
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`the app exited (${code ?? signal}) before "${msg}"\n${logTail()}`));
      });
      o.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new Error('interrupted while the app was starting'));
      });
      waiters.push({
        msg,
        resolve: (line) => {
          clearTimeout(timer);
          resolveLine(line);
        },
      });
    });

  try {
    const ready = await waitForLog('PlusPlus for Slack is running', o.readyTimeoutMs ?? 90_000);
    const sandbox = await waitForLog('sandbox mode', 1000);
    const internal = String(ready.internal);
    const embedded = parsed.find((l) => l.msg === 'embedded PostgreSQL started');
    const secrets = readLocalSecrets(dataDir);
    if (!secrets) throw new Error(`no sandbox secrets in ${dataDir}`);
    let databaseUrl: string | null = o.databaseUrl ?? null;
    if (!databaseUrl && embedded && existsSync(join(dataDir, 'pg-password'))) {
      const password = readFileSync(join(dataDir, 'pg-password'), 'utf8').trim();
      databaseUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${embedded.port}/plusplus_slack`;
    }
    return {
      pid: child.pid!,
      dataDir,
      slackUrl: `http://localhost:${ready.port}`,
      internalUrl: `http://${internal.startsWith('0.0.0.0') ? internal.replace('0.0.0.0', '127.0.0.1') : internal}`,
      sandboxUrl: String(sandbox.sandboxUrl),
      secrets,
      databaseUrl,
      startedInMs: Date.now() - started,
      logTail,
      stop,
    };
  } catch (error) {
    await stop(5000);
    throw error;
  }
}
