import { randomBytes } from 'node:crypto';
import { type DemoApp, startDemoApp } from './app-process';
import { dim, green, red, runSteps } from './runner';
import { scenario } from './scenario';

/**
 * `npm run demo`: starts the built app in sandbox mode as a child process (its own embedded
 * PostgreSQL in a temporary DATA_DIR, free ports) and walks through the product against it,
 * printing each step with its outcome. Exit code 0 when every step had its expected outcome.
 * The app is always stopped, on Ctrl-C too. docs/demo.md shows a run.
 *
 * DATABASE_URL, when set, is used instead of an embedded database; the tenants then get a suffix
 * so that runs on a shared database do not meet each other's data.
 */
async function main(): Promise<number> {
  const started = Date.now();
  const out = (text: string) => process.stdout.write(text);
  const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
  out(
    `PlusPlus for Slack: demo against the sandbox (fake Slack), ${databaseUrl ? 'database from DATABASE_URL' : 'embedded PostgreSQL'}\n\n`,
  );

  let app: DemoApp | undefined;
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupt.signal.aborted) return;
    interrupt.abort();
    process.stderr.write(`\n${signal}: stopping the app …\n`);
    // The steps notice and finish, then main stops the app; this is only the last resort.
    void app?.stop();
    setTimeout(() => process.exit(130), 30_000).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    app = await startDemoApp({ databaseUrl, signal: interrupt.signal }).catch((error: Error) => {
      // Free ports are picked before they are bound (here and by the embedded PostgreSQL); another
      // process on a busy machine may take one in between. One more try with fresh ports.
      if (interrupt.signal.aborted || !/EADDRINUSE|Address already in use/.test(error.message)) throw error;
      out(dim('(a port was taken by another process while the app started: starting again)\n'));
      return startDemoApp({ databaseUrl, signal: interrupt.signal });
    });
  } catch (error) {
    if (interrupt.signal.aborted) return 130;
    process.stderr.write(`${red('Could not start the app')}: ${(error as Error).message}\n`);
    return 1;
  }
  if (interrupt.signal.aborted) {
    await app.stop();
    return 130;
  }

  let failedLogs = '';
  let result: Awaited<ReturnType<typeof runSteps>>;
  try {
    const suffix = databaseUrl ? `-${randomBytes(3).toString('hex')}` : '';
    result = await runSteps(scenario(app, { tenantSuffix: suffix }), out, () => interrupt.signal.aborted);
    if (result.failed > 0 && !interrupt.signal.aborted) failedLogs = app.logTail(30);
  } finally {
    const stopped = await app.stop();
    if (stopped.code !== 0 && !interrupt.signal.aborted) {
      process.stderr.write(`the app exited with ${stopped.code ?? stopped.signal} when stopped\n`);
    }
  }
  if (interrupt.signal.aborted) {
    out(
      `\n${red('demo interrupted')}: ${result.ok} of ${result.total} steps ran; app stopped, temporary data removed\n`,
    );
    return 130;
  }
  if (failedLogs) process.stderr.write(`\nThe app's last log lines:\n${failedLogs}\n`);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const allOk = result.ok === result.total;
  out(
    `\n${allOk ? green('demo passed') : red('demo FAILED')}: ${result.ok} of ${result.total} steps ok` +
      `${result.failed ? `, ${result.failed} failed` : ''}${result.notRun ? `, ${result.notRun} not run` : ''}` +
      ` in ${secs} s ${dim('(app stopped, temporary data removed)')}\n`,
  );
  return allOk ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
