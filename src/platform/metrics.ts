import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { PreboundCounter, PreboundHistogram } from './prebound-metrics';

/**
 * One Prometheus registry per process, created in the composition root and handed to whoever
 * counts something; `GET /metrics` on the internal server exposes it. What each metric means and
 * the alerts to set on them: docs/operations.md.
 *
 * Labels are bounded on purpose (a label value is a time series forever): never a user, channel or
 * message; Slack error codes and Web API methods go through {@link BoundedLabel}.
 */
export interface Metrics {
  registry: Registry;
  /** Recorded on every request (the ack path among them): prebound, see prebound-metrics.ts. */
  httpRequests: PreboundCounter<'server' | 'route' | 'method' | 'status'>;
  httpDuration: PreboundHistogram<'server' | 'route' | 'method'>;
  /** Deliveries that reached a final status (sent, failed, skipped), by status and reason. */
  deliveries: Counter<'status' | 'reason'>;
  /** Slack Web API calls by method and outcome (`ok`, `ratelimited`, Slack's error code …). */
  slackCalls: Counter<'method' | 'outcome'>;
  /** The Retry-After of every 429, in seconds. */
  slackRetryAfter: Histogram<'method'>;
  /** Time from a Slack request's arrival to its acknowledgement, by payload kind. */
  ackDuration: PreboundHistogram<'kind'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true)
    collectDefaultMetrics({ register: registry, prefix: 'plusplus_slack_' });
  const registers = [registry];
  return {
    registry,
    httpRequests: new PreboundCounter({
      name: 'plusplus_slack_http_requests_total',
      help: 'HTTP requests answered, by server, route template, method and status',
      labelNames: ['server', 'route', 'method', 'status'],
      registers,
    }),
    httpDuration: new PreboundHistogram({
      name: 'plusplus_slack_http_request_duration_seconds',
      help: 'Time to answer an HTTP request',
      labelNames: ['server', 'route', 'method'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    deliveries: new Counter({
      name: 'plusplus_slack_deliveries_total',
      help: 'Deliveries (one DM to one recipient) that reached a final status, by status (sent, failed, skipped) and reason (none when sent)',
      labelNames: ['status', 'reason'],
      registers,
    }),
    slackCalls: new Counter({
      name: 'plusplus_slack_web_api_calls_total',
      help: 'Slack Web API calls made by the app, by method and outcome (ok, ratelimited, a Slack error code, http_<status>, network_error, other)',
      labelNames: ['method', 'outcome'],
      registers,
    }),
    slackRetryAfter: new Histogram({
      name: 'plusplus_slack_web_api_retry_after_seconds',
      help: 'Retry-After of the HTTP 429 answers Slack gave, by method (_sum: total seconds Slack asked the app to wait)',
      labelNames: ['method'],
      buckets: [1, 2, 5, 10, 30, 60, 120, 300, 900],
      registers,
    }),
    ackDuration: new PreboundHistogram({
      name: 'plusplus_slack_ack_duration_seconds',
      help: 'Time from the arrival of a Slack request (command, interaction, event) to its acknowledgement; Slack gives up at 3 s',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
      registers,
    }),
  };
}

/**
 * A label whose values come from outside (Slack's error codes, method names): known values pass,
 * up to `maxOthers` further well-formed values pass too (a code Slack added since), and anything
 * beyond that or malformed becomes `other`. The series count stays bounded whatever Slack says.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(
    private readonly known: ReadonlySet<string>,
    private readonly maxOthers = 50,
  ) {}

  value(raw: string | null | undefined): string {
    if (!raw) return 'other';
    if (this.known.has(raw) || this.seen.has(raw)) return raw;
    if (!/^[a-z][a-z0-9_.]{0,63}$/i.test(raw) || this.seen.size >= this.maxOthers) return 'other';
    this.seen.add(raw);
    return raw;
  }
}

/** Counts Slack Web API calls (src/slack/web-client.ts calls it for every call it makes). */
export function slackCallRecorder(metrics: Metrics): SlackCallRecorder {
  // One per registry, so the label bounds hold for the process, however many clients record.
  let recorder = recorders.get(metrics);
  if (!recorder) {
    recorder = newSlackCallRecorder(metrics);
    recorders.set(metrics, recorder);
  }
  return recorder;
}

const recorders = new WeakMap<Metrics, SlackCallRecorder>();

function newSlackCallRecorder(metrics: Metrics): SlackCallRecorder {
  const methods = new BoundedLabel(new Set(), 100);
  const outcomes = new BoundedLabel(new Set(['ok', 'ratelimited', 'network_error', 'other']), 100);
  return (method, outcome, retryAfterSeconds) => {
    const m = methods.value(method);
    metrics.slackCalls.inc({ method: m, outcome: outcomes.value(outcome) });
    if (retryAfterSeconds !== undefined) metrics.slackRetryAfter.observe({ method: m }, retryAfterSeconds);
  };
}

/** Called once per Web API call with its method, outcome and, for a 429, Retry-After seconds. */
export type SlackCallRecorder = (method: string, outcome: string, retryAfterSeconds?: number) => void;
