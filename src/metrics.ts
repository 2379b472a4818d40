import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * One Prometheus registry per process, created in the composition root and handed to whoever
 * counts something; `GET /metrics` on the internal server exposes it.
 */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'server' | 'route' | 'method' | 'status'>;
  httpDuration: Histogram<'server' | 'route' | 'method'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true)
    collectDefaultMetrics({ register: registry, prefix: 'plusplus_slack_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'plusplus_slack_http_requests_total',
      help: 'HTTP requests answered, by server, route template, method and status',
      labelNames: ['server', 'route', 'method', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'plusplus_slack_http_request_duration_seconds',
      help: 'Time to answer an HTTP request',
      labelNames: ['server', 'route', 'method'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
}
