/**
 * Load generator for the ack-latency benchmark, run as a process of its own so it does not share
 * the server's event loop: autocannon POSTs `/plusplus` slash commands to `/slack/events`, each one
 * form-encoded with every key Slack sends, in Slack's order (as src/sandbox/driver.ts builds them,
 * after the recorded payloads in test/fixtures/slack-payloads), and signed with Slack's v0
 * scheme with the time of sending (`X-Slack-Request-Timestamp`, `X-Slack-Signature`).
 *
 *   node dist/bench/slack-command-load.js '<json LoadOptions>'
 *
 * One run: a short warm-up (not counted), then the measured seconds on the same connections.
 * Prints one JSON line (LoadResult).
 */
import { randomBytes } from 'node:crypto';
import { slackSignature } from '../src/sandbox/driver';

// biome-ignore lint/suspicious/noExplicitAny: autocannon ships no types
const autocannon: any = require('autocannon');

export interface LoadOptions {
  /** The app's `/slack/events` URL. */
  url: string;
  signingSecret: string;
  teamId: string;
  teamDomain: string;
  /** Slack users the commands come from, used in turn. */
  userIds: string[];
  /** The command's text, e.g. `status` or `help`. */
  text: string;
  /** `http://host:port/response/`: each command gets `<this><n>` as its response_url. */
  responseUrlBase: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** Requests per second across all connections (0: as fast as the server answers). */
  overallRate: number;
  /** What every ack must be: `empty` (`ack()`), `ephemeral` (`ack({response_type:'ephemeral',…})`), `any`. */
  expect: 'empty' | 'ephemeral' | 'any';
}

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  /** Answers by status code (measured run). */
  statusCodes: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** 2xx answers whose body was not the expected ack. */
  mismatches: number;
  /** 2xx latency of the requests written after the warm-up, ms (nearest rank, whole ms). */
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Requests sent after the warm-up, including any still in flight when it ended. */
  sent: number;
  /**
   * The warm-up (not measured; its commands reach the app too). `slowestMs`: its slowest answer,
   * which includes the wait of connections opened while the server was saturated.
   */
  warmup: { sent: number; ok: number; slowestMs: number; mismatches: number };
  /**
   * The measured seconds in quarters (by when each request was written): answers and the slowest
   * one in each, to see whether a p99 comes from one stall or from the whole run.
   */
  byQuarterSecond: Array<{ answers: number; slowestMs: number }>;
  /**
   * The 2xx latencies of the measured run by tenth of a millisecond (key: tenths, value: answers),
   * so that rounds can be pooled into one distribution (bench/ack-latency.ts).
   */
  latencyTenthsMs: Record<string, number>;
  /**
   * This load generator's own CPU per second of its run (ms/s; 1000 is one core). Near 1000 it is
   * saturated itself, and every latency includes its own waiting: a bigger or JSON answer to check
   * then costs latency whatever the server does.
   */
  loadCpuMsPerSecond: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as LoadOptions;
let sent = 0;

function commandBody(): string {
  const n = sent++;
  const userId = options.userIds[n % options.userIds.length]!;
  const form: Array<[string, string]> = [
    ['token', 'verification_token'],
    ['team_id', options.teamId],
    ['team_domain', options.teamDomain],
    ['channel_id', `D${userId.slice(1)}`],
    ['channel_name', 'directmessage'],
    ['user_id', userId],
    ['user_name', userId.toLowerCase()],
    ['command', '/plusplus'],
    ['text', options.text],
    ['api_app_id', 'A0PLUSPLUS'],
    ['is_enterprise_install', 'false'],
    ['response_url', `${options.responseUrlBase}${process.pid}-${n}`],
    [
      'trigger_id',
      `${Date.now()}${n}.${Math.floor(Math.random() * 1e12)}.${randomBytes(16).toString('hex')}`,
    ],
  ];
  return new URLSearchParams(form).toString();
}

function verifyBody(body: string): boolean {
  if (options.expect === 'empty') return body === '';
  if (options.expect === 'ephemeral') {
    try {
      const parsed = JSON.parse(body) as { response_type?: string; text?: string };
      return parsed.response_type === 'ephemeral' && typeof parsed.text === 'string' && parsed.text !== '';
    } catch {
      return false;
    }
  }
  return true;
}

/** One answer: when its request was written (ms since the run began), how long it took, its code. */
interface Sample {
  sentAt: number;
  latencyMs: number;
  status: number;
}

/**
 * One autocannon run of warm-up + measured seconds. The connections are opened once, at the start,
 * and the warm-up is the first `warmupSeconds`: only requests written after it count. Opening 200
 * connections at once to a saturated server leaves some of them waiting to be accepted, at
 * whatever rate the server's event loop gets to its listening socket (seen with a bare `node:http`
 * server that spends 300 µs per request: ~120 first requests answered 0.5-5 s late, one every
 * ~50 ms); that is connection setup, which a separate warm-up run would have put back inside the
 * measured seconds.
 */
function run(
  seconds: number,
  on: { sample(s: Sample): void; written(at: number): void; mismatch(at: number): void },
): Promise<Record<string, unknown>> {
  const began = performance.now();
  const since = () => performance.now() - began;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: 'POST',
        connections: options.connections,
        duration: seconds,
        overallRate: options.overallRate || undefined,
        // autocannon's correction assumes its rate is per millisecond; we pace per second.
        ignoreCoordinatedOmission: options.overallRate > 0,
        timeout: 10,
        verifyBody: (body: string) => {
          const ok = verifyBody(body);
          if (!ok) on.mismatch(since());
          return ok;
        },
        requests: [
          {
            method: 'POST',
            setupRequest: (req: Record<string, unknown>) => {
              on.written(since());
              const body = commandBody();
              const timestamp = Math.floor(Date.now() / 1000);
              return {
                ...req,
                body,
                headers: {
                  'content-type': 'application/x-www-form-urlencoded',
                  'x-slack-request-timestamp': String(timestamp),
                  'x-slack-signature': slackSignature(options.signingSecret, timestamp, body),
                },
              };
            },
          },
        ],
      },
      (error: Error | null, result: Record<string, unknown>) => (error ? reject(error) : resolve(result)),
    );
    instance.on('error', () => undefined);
    instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      const now = since();
      on.sample({ sentAt: now - responseTime, latencyMs: responseTime, status });
    });
  });
}

function quarterSeconds(measured: Sample[], from: number): LoadResult['byQuarterSecond'] {
  const quarters = Array.from({ length: Math.ceil(options.seconds * 4) }, () => ({
    answers: 0,
    slowestMs: 0,
  }));
  for (const s of measured) {
    const q = quarters[Math.floor((s.sentAt - from) / 250)];
    if (!q) continue;
    q.answers += 1;
    q.slowestMs = Math.max(q.slowestMs, Math.round(s.latencyMs));
  }
  return quarters;
}

function histogram(latencies: number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const ms of latencies) {
    const key = String(Math.round(ms * 10));
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** The value at percentile p of sorted values (nearest rank), in whole ms like autocannon's. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
}

async function main(): Promise<void> {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const measuredFrom = options.warmupSeconds * 1000;
  const samples: Sample[] = [];
  let written = 0;
  let writtenBefore = 0;
  let mismatches = 0;
  let warmupMismatches = 0;
  const r = await run(options.warmupSeconds + options.seconds, {
    sample: (s) => samples.push(s),
    written: (at) => {
      written += 1;
      if (at < measuredFrom) writtenBefore += 1;
    },
    // Counted by when the answer came: the body is all autocannon shows here.
    mismatch: (at) => {
      if (at >= measuredFrom) mismatches += 1;
      else warmupMismatches += 1;
    },
  });
  const cpu = process.cpuUsage(cpuBefore);
  const measured = samples.filter((s) => s.sentAt >= measuredFrom);
  const ok = (s: Sample) => s.status >= 200 && s.status < 300;
  const statusCodes: Record<string, number> = {};
  for (const s of measured) statusCodes[s.status] = (statusCodes[s.status] ?? 0) + 1;
  const latencies = measured
    .filter(ok)
    .map((s) => s.latencyMs)
    .sort((a, b) => a - b);
  const warm = samples.filter((s) => s.sentAt < measuredFrom);
  const result: LoadResult = {
    requests: measured.length,
    seconds: options.seconds,
    perSecond: Math.round(measured.length / options.seconds),
    statusCodes,
    non2xx: measured.filter((s) => !ok(s)).length,
    errors: r.errors as number,
    timeouts: r.timeouts as number,
    mismatches,
    latencyMs: {
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p99: percentile(latencies, 99),
      max: percentile(latencies, 100),
      mean: Number((latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)).toFixed(1)),
    },
    sent: written - writtenBefore,
    byQuarterSecond: quarterSeconds(measured.filter(ok), measuredFrom),
    latencyTenthsMs: histogram(latencies),
    loadCpuMsPerSecond: Math.round(
      ((cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore)) * 1000,
    ),
    warmup: {
      sent: writtenBefore,
      ok: warm.filter(ok).length,
      mismatches: warmupMismatches,
      slowestMs: percentile(
        warm.map((s) => s.latencyMs).sort((a, b) => a - b),
        100,
      ),
    },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
