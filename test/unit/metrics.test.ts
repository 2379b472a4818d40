import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { deliveryOutcomes } from '../../src/app/delivery/outcome-metrics';
import { registerStoreGauges } from '../../src/app/operations/metrics-gauges';
import type { OperationalStatsRepository } from '../../src/persistence/repositories/operational-stats';
import { BoundedLabel, createMetrics, slackCallRecorder } from '../../src/platform/metrics';
import { callOutcome, recordingFetch } from '../../src/slack/web-client';
import { payloadKind } from '../../src/slack-server/bolt-app';

/** Every label any metric of the app may carry: all bounded (docs/operations.md "Labels"). */
const ALLOWED_LABELS = new Set([
  'server',
  'route',
  'method',
  'status',
  'reason',
  'outcome',
  'kind',
  'source',
  'team',
  'tenant',
]);

/** What the scrape-time queries would answer (the SQL itself runs in the integration test). */
const stats = {
  deliveryQueue: async () => ({
    depth: { queued: 3, sending: 1 },
    oldestDueAgeSeconds: 12,
    oldestWaitingAgeSeconds: 40,
    blockedTenants: { ratelimited: 1 },
  }),
  trackChannels: async () => ({ byStatus: { active: 2 }, due: 1, oldestDueAgeSeconds: 5 }),
  directorySyncs: async () => [
    { teamId: 'T1', status: 'done', phase: 'list', pages: 3, members: 500, lastCompletedAt: 1_760_000_000 },
  ],
  workspaces: async () => ({
    connected: 1,
    reconnectRequired: [{ tenantId: 'acme', reason: 'missing_scope' as const }],
  }),
} as unknown as OperationalStatsRepository;

function everyMetric() {
  const metrics = createMetrics({ defaultMetrics: false });
  registerStoreGauges(metrics, stats);
  deliveryOutcomes(metrics)('failed', 'channel_not_found', 1);
  slackCallRecorder(metrics)('chat.postMessage', 'ratelimited', 3);
  metrics.ackDuration.observe({ kind: 'command' }, 0.01);
  return metrics;
}

describe('metrics', () => {
  it('no metric has a user, channel or message label; every label is one of the bounded ones', async () => {
    const metrics = everyMetric();
    // Every label a metric declares, used yet or not.
    const declared = metrics.registry.getMetricsAsArray() as unknown as Array<{
      name: string;
      type: string;
      labelNames: string[];
    }>;
    expect(declared.length).toBeGreaterThanOrEqual(20);
    for (const metric of declared) {
      expect(metric.name).toMatch(/^plusplus_slack_[a-z_]+$/);
      if (metric.type === 'counter') expect(metric.name).toMatch(/_total$/);
      for (const label of metric.labelNames) {
        expect({ metric: metric.name, label, allowed: ALLOWED_LABELS.has(label) }).toMatchObject({
          allowed: true,
        });
        expect(label).not.toMatch(/user|channel|email|message|error/i);
      }
    }
    const text = await metrics.registry.metrics();
    expect(text).toContain('plusplus_slack_delivery_queue_depth{status="queued"} 3');
    expect(text).toContain(
      'plusplus_slack_workspace_reconnect_required{tenant="acme",reason="missing_scope"} 1',
    );
  });

  it('a failing scrape-time query keeps the scrape answering and is counted', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const broken = { ...stats, deliveryQueue: async () => Promise.reject(new Error('db down')) };
    registerStoreGauges(metrics, broken as unknown as OperationalStatsRepository);
    const text = await metrics.registry.metrics();
    expect(text).toContain('plusplus_slack_metrics_collect_errors_total{source="delivery_queue"}');
    expect(text).toContain('plusplus_slack_track_channel_jobs_due 1');
  });

  it('counts a sent delivery with reason none, whatever reason is passed', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const observe = deliveryOutcomes(metrics);
    observe('sent', null, 1);
    observe('skipped', 'not_connected', 4);
    observe('skipped', 'not_connected', 0);
    const text = await metrics.registry.metrics();
    expect(text).toContain('plusplus_slack_deliveries_total{status="sent",reason="none"} 1');
    expect(text).toContain('plusplus_slack_deliveries_total{status="skipped",reason="not_connected"} 4');
  });
});

describe('BoundedLabel', () => {
  it('passes known values, a bounded number of new well-formed ones, and clamps the rest to other', () => {
    const label = new BoundedLabel(new Set(['ok']), 2);
    expect(label.value('ok')).toBe('ok');
    expect(label.value('new_code')).toBe('new_code');
    expect(label.value('another_code')).toBe('another_code');
    expect(label.value('third_code')).toBe('other');
    expect(label.value('new_code')).toBe('new_code');
    expect(label.value('U0123ABC has "quotes"')).toBe('other');
    expect(label.value(undefined)).toBe('other');
    expect(label.value('x'.repeat(100))).toBe('other');
  });
});

describe('callOutcome', () => {
  it('maps the errors @slack/web-api throws to bounded outcomes', () => {
    expect(callOutcome(new WebAPIRateLimitedError(7))).toEqual({
      outcome: 'ratelimited',
      retryAfterSeconds: 7,
    });
    expect(callOutcome(new WebAPIPlatformError({ ok: false, error: 'channel_not_found' }))).toEqual({
      outcome: 'channel_not_found',
    });
    expect(callOutcome(new WebAPIHTTPError(503, 'Service Unavailable', {}, ''))).toEqual({
      outcome: 'http_503',
    });
    expect(callOutcome(new WebAPIRequestError(new Error('ECONNRESET')))).toEqual({
      outcome: 'network_error',
    });
    expect(callOutcome(new Error('boom'))).toEqual({ outcome: 'other' });
    expect(callOutcome(undefined)).toEqual({ outcome: 'other' });
  });
});

describe('payloadKind', () => {
  it('names what Slack sent with a bounded label', () => {
    expect(payloadKind({ command: '/plusplus', user_id: 'U1' })).toBe('command');
    expect(payloadKind({ type: 'event_callback', event: {} })).toBe('event');
    expect(payloadKind({ type: 'block_actions' })).toBe('block_actions');
    expect(payloadKind({ type: 'view_submission' })).toBe('view_submission');
    expect(payloadKind({ type: 'U0123 made up' })).toBe('other');
    expect(payloadKind(undefined)).toBe('other');
  });
});

describe('recordingFetch', () => {
  it('records Web API answers by method and outcome, and leaves other URLs alone', async () => {
    const calls: unknown[][] = [];
    const answers: Record<string, Response> = {
      'https://slack.test/api/views.publish': Response.json({ ok: true }),
      'https://slack.test/api/views.open': Response.json({ ok: false, error: 'expired_trigger_id' }),
      'https://slack.test/api/chat.postMessage': new Response('{}', {
        status: 429,
        headers: { 'retry-after': '30' },
      }),
      'https://slack.test/api/users.info': new Response('bad gateway', { status: 502 }),
      'https://hooks.slack.test/commands/T1/123/secret': new Response('ok'),
    };
    const fetchFn = (async (input: string) => answers[input]!) as unknown as typeof fetch;
    const f = recordingFetch('https://slack.test/api/', (...args) => calls.push(args), fetchFn);
    for (const url of Object.keys(answers)) await f(url, { method: 'POST' });
    expect(calls).toEqual([
      ['views.publish', 'ok'],
      ['views.open', 'expired_trigger_id'],
      ['chat.postMessage', 'ratelimited', 30],
      ['users.info', 'http_502'],
    ]);
    // The body is still there for the client.
    expect(await answers['https://slack.test/api/views.publish']!.json()).toEqual({ ok: true });
  });
});
