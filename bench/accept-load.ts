/**
 * Load generator for the accept benchmark, run as its own process so it does not share the
 * server's event loop: autocannon POSTs signed, uniquely keyed one-recipient notifications.
 *
 *   node dist/bench/accept-load.js <url> <secret> <requests> <connections>
 * Prints one JSON line: {"requests","seconds","perSecond","non2xx","errors","p50Ms","p99Ms"}.
 */
import { signedHeaders } from '../src/internal-api/signature';

// biome-ignore lint/suspicious/noExplicitAny: autocannon ships no types
const autocannon: any = require('autocannon');

const [url, secret, requests = '4000', connections = '16'] = process.argv.slice(2);
if (!url || !secret) {
  process.stderr.write('usage: accept-load <url> <secret> [requests] [connections]\n');
  process.exit(2);
}
let n = 0;
// autocannon ends a run on its one-second tick, so its own duration (and anything timed around
// the run) is rounded up to whole seconds: time from the start to the last response instead.
const started = performance.now();
let lastResponse = started;
const instance = autocannon(
  {
    url,
    amount: Number(requests),
    connections: Number(connections),
    timeout: 10,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: Record<string, unknown>) => {
          const i = n++;
          const body = JSON.stringify({
            idempotency_key: `load-${process.pid}-${i}`,
            type: 'invite',
            recipient_user_ids: ['u0'],
            content: { id: `e${i}`, title: 'Bench' },
          });
          return {
            ...req,
            body,
            headers: { ...signedHeaders(secret, 'POST', url, body), 'content-type': 'application/json' },
          };
        },
      },
    ],
  },
  (
    error: Error | null,
    result: Record<string, number> & { requests: { total: number }; latency: { p50: number; p99: number } },
  ) => {
    if (error) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    const seconds = (lastResponse - started) / 1000;
    process.stdout.write(
      `${JSON.stringify({
        requests: result.requests.total,
        seconds,
        perSecond: result.requests.total / seconds,
        non2xx: result.non2xx,
        errors: result.errors,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
      })}\n`,
    );
  },
);
instance.on('error', () => undefined);
instance.on('response', () => {
  lastResponse = performance.now();
});
