import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Metrics } from '../platform/metrics';

type Route = '/slack/events' | '/healthz' | '/readyz' | 'other';

/** Records one answered request: route, method, status, duration, and the ack's kind. */
export type SlackRequestRecorder = (
  path: string,
  req: IncomingMessage & { body?: unknown },
  res: ServerResponse,
  startedAt: bigint,
) => void;

/**
 * The Slack server's request metrics (requests, duration, ack duration) as one middleware. The
 * series are looked up once per label combination and kept: a look-up builds a label object and a
 * key (src/platform/prebound-metrics.ts), three times per request on the ack path otherwise
 * (issue 15). The combinations are few (routes, methods node's parser accepts, statuses, kinds).
 */
export function slackRequestMetrics(
  metrics: Metrics,
  routes: readonly Route[],
  payloadKind: (body: unknown) => string,
): RequestHandler {
  const record = slackRequestRecorder(metrics, routes, payloadKind);
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => record(req.path, req, res, started));
    next();
  };
}

/** What slackRequestMetrics records, for a caller that listens for the end of the response itself. */
export function slackRequestRecorder(
  metrics: Metrics,
  routes: readonly Route[],
  payloadKind: (body: unknown) => string,
): SlackRequestRecorder {
  const known = new Set<string>(routes);
  const counted = new Map<string, { inc(): void }>();
  const timed = new Map<string, { observe(seconds: number): void }>();
  const acks = new Map<string, { observe(seconds: number): void }>();
  const child = <T>(cache: Map<string, T>, key: string, make: () => T): T => {
    let found = cache.get(key);
    if (!found) {
      found = make();
      cache.set(key, found);
    }
    return found;
  };
  return (path, req, res, started) => {
    const route = known.has(path) ? path : 'other';
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const status = res.statusCode;
    const method = req.method ?? 'GET';
    child(counted, `${route} ${method} ${status}`, () =>
      metrics.httpRequests.labels({ server: 'slack', route, method, status }),
    ).inc();
    child(timed, `${route} ${method}`, () =>
      metrics.httpDuration.labels({ server: 'slack', route, method }),
    ).observe(seconds);
    // Answered Slack payloads only (Bolt acks before the listener's work): refusals are not acks.
    if (route === '/slack/events' && method === 'POST' && status < 400) {
      const kind = payloadKind(req.body);
      child(acks, kind, () => metrics.ackDuration.labels({ kind })).observe(seconds);
    }
  };
}
