import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const MAIN_JS = resolve(__dirname, '../../dist/src/main.js');

export interface AppProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first JSON log line whose msg matches. */
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /**
   * Resolves with all of stderr once it contains `text`. stdout and stderr are two pipes, read in
   * whatever order the parent's event loop sees them: a JSON log line on stdout can arrive before
   * the banner the app wrote to stderr earlier, so read the banner through this, not stderr().
   */
  waitForStderr(text: string, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs the built app (`npm run build` first; `npm test` does) as a real process; `script` runs
 * another built entry point instead (e.g. dist/src/worker-main.js).
 */
export function spawnApp(env: Record<string, string>, script = MAIN_JS): AppProcess {
  if (!existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first.`);
  const clean = { ...process.env };
  for (const key of Object.keys(clean)) {
    if (
      /^(SLACK_|PLUSPLUS_|TOKEN_|DATABASE_URL|TEST_DATABASE_URL|PORT|INTERNAL_|SANDBOX_|DATA_DIR)/.test(key)
    ) {
      delete clean[key];
    }
  }
  const child = spawn(process.execPath, [script], {
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: { msg: string; resolve: (line: Record<string, unknown>) => void }[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const line of out.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        for (const w of waiters.filter((x) => x.msg === parsed.msg)) w.resolve(parsed);
      } catch {
        // a partial line; it completes with the next chunk
      }
    }
  });
  const errWaiters: { text: string; resolve: (all: string) => void }[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    for (const w of errWaiters.filter((x) => err.includes(x.text))) w.resolve(err);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.on('exit', (code, signal) => res({ code, signal })),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForStderr(text, timeoutMs = 10_000) {
      if (err.includes(text)) return Promise.resolve(err);
      return new Promise((resolveAll, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`stderr has no "${text}" within ${timeoutMs} ms\nstdout:\n${out}\nstderr:\n${err}`),
            ),
          timeoutMs,
        );
        exited.then(({ code }) =>
          reject(new Error(`app exited (${code}) before "${text}" on stderr\n${out}\n${err}`)),
        );
        errWaiters.push({
          text,
          resolve: (all) => {
            clearTimeout(timer);
            resolveAll(all);
          },
        });
      });
    },
    waitForLog(msg, timeoutMs = 30_000) {
      return new Promise((resolveLine, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no log "${msg}" within ${timeoutMs} ms\nstdout:\n${out}\nstderr:\n${err}`)),
          timeoutMs,
        );
        exited.then(({ code }) => reject(new Error(`app exited (${code}) before "${msg}"\n${out}\n${err}`)));
        waiters.push({
          msg,
          resolve: (line) => {
            clearTimeout(timer);
            resolveLine(line);
          },
        });
      });
    },
  };
}
