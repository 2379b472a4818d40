/**
 * The sandbox (fake Slack) as a process of its own, so that a benchmark's own process holds only
 * the code under test (its timings and its peak RSS are the app's, not the fake Slack's).
 *
 *   node dist/bench/sandbox-process.js [timeScale]
 *
 * Prints `{"url","apiUrl","authorizeUrl"}` when listening; driven through its control API
 * (`{url}/_sandbox/…`, docs/sandbox.md); exits on SIGTERM.
 */
import { startSandbox } from '../src/sandbox';

async function main(): Promise<void> {
  const timeScale = Number(process.argv[2] ?? '1');
  if (!(timeScale > 0)) throw new Error('timeScale must be a positive number');
  const sb = await startSandbox({ timeScale });
  process.on('SIGTERM', () => {
    sb.stop().then(() => process.exit(0));
  });
  process.stdout.write(
    `${JSON.stringify({ url: sb.url, apiUrl: sb.apiUrl, authorizeUrl: sb.authorizeUrl })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
