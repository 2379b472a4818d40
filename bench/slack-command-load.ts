/**
 * Load generator for the ack-latency benchmark, run as a process of its own so it does not share
 * the server's event loop: autocannon POSTs `/plusplus` slash commands to `/slack/events`, each one
 * form-encoded with every key Slack sends, in Slack's order (as src/sandbox/driver.ts builds them,
 * after the recorded payloads in ../shared/fixtures/slack-payloads), and signed with Slack's v0
 * scheme with the time of sending (`X-Slack-Request-Timestamp`, `X-Slack-Signature`).
 *
 *   node dist/bench/slack-command-load.js '<json LoadOptions>'
 *
 * Runs a short warm-up (not counted), then the measured run. Prints one JSON line (LoadResult).
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
  /** 2xx latency, ms (autocannon's HdrHistogram, 1 ms resolution). */
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Requests sent (measured run), including any still in flight when it ended. */
  sent: number;
  /** The warm-up (not measured; its commands reach the app too). */
  warmup: { sent: number; ok: number };
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

function run(seconds: number): Promise<Record<string, unknown>> {
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
        verifyBody,
        requests: [
          {
            method: 'POST',
            setupRequest: (req: Record<string, unknown>) => {
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
  });
}

async function main(): Promise<void> {
  const warmup = { sent: 0, ok: 0 };
  if (options.warmupSeconds > 0) {
    const warm = await run(options.warmupSeconds);
    warmup.sent = (warm.requests as { sent: number }).sent;
    warmup.ok = warm['2xx'] as number;
  }
  const r = await run(options.seconds);
  const latency = r.latency as Record<string, number>;
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(r.statusCodeStats as Record<string, { count: number }>)) {
    statusCodes[code] = stats.count;
  }
  const requests = (r.requests as { total: number }).total;
  const seconds = r.duration as number;
  const result: LoadResult = {
    requests,
    seconds,
    perSecond: Math.round(requests / seconds),
    statusCodes,
    non2xx: r.non2xx as number,
    errors: r.errors as number,
    timeouts: r.timeouts as number,
    mismatches: r.mismatches as number,
    latencyMs: {
      p50: latency.p50!,
      p90: latency.p90!,
      p99: latency.p99!,
      max: latency.max!,
      mean: Number(latency.mean!.toFixed(1)),
    },
    sent: (r.requests as { sent: number }).sent,
    warmup,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
