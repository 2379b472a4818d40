import { DEFAULT_RATE_LIMITS } from '../../../src/sandbox/rate-limits';
import {
  connectThroughTheApp,
  type SandboxEnv,
  startSandboxEnv,
  TEST_CLIENT_ID,
  until,
} from '../../support/sandbox-env';

/**
 * "Are DMs going out?" answered from GET /metrics alone (docs/operations.md): the whole app
 * delivers through the sandbox, and an unsigned scrape, as Prometheus makes it, shows the sent
 * delivery, Slack's ok answer, a 429 with its Retry-After, a failure by its reason, and the queue
 * empty again — with no user or channel id anywhere in it.
 */
let env: SandboxEnv;
let teamId: string;
let people: Array<{ id: string; email: string }>;
const T = '/internal/v1/tenants/metrics';

/** One sample of the exposition text: the value of `name` with exactly these labels, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      found[l[1]!] = l[2]!;
    const want = Object.entries(labels);
    if (want.length === Object.keys(found).length && want.every(([k, v]) => found[k] === v)) {
      return Number(m[3]);
    }
  }
  return undefined;
}

async function scrape(): Promise<string> {
  // No signature: Prometheus cannot sign, and /metrics is open on the internal server (design §4).
  const res = await env.t.raw('GET', '/metrics');
  expect(res.status).toBe(200);
  return res.text;
}

async function notify(key: string, recipients: string[]): Promise<string> {
  const res = await env.t.call('POST', `${T}/notifications`, {
    idempotency_key: key,
    type: 'invite',
    recipient_user_ids: recipients,
    content: {
      id: 'evt-1',
      title: 'Data 101',
      url: 'https://plusplus.example/e/1',
      starts_at: '2026-12-01T15:00:00Z',
    },
  });
  expect(res.status).toBe(202);
  return res.body.notification_id;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON answers
async function waitDone(id: string): Promise<any> {
  return until(async () => {
    const res = await env.t.call('GET', `${T}/notifications/${id}`);
    return res.body.done ? res.body : undefined;
  }, `notification ${id}`);
}

beforeAll(async () => {
  env = await startSandboxEnv();
  ({ teamId, people } = await connectThroughTheApp(env, T, {
    name: 'Metrics',
    members: 20,
    seed: 31,
    people: 5,
  }));
});
afterAll(async () => {
  await env.stop();
});

it('counts a sent DM, a skip, Slack ok answers, and a finished directory sync', async () => {
  const done = await waitDone(await notify('sent', ['u0', 'unmatched']));
  expect(done.deliveries.map((d: { status: string }) => d.status)).toEqual(['sent', 'skipped']);
  const text = await scrape();
  expect(sample(text, 'plusplus_slack_deliveries_total', { status: 'sent', reason: 'none' })).toBe(1);
  expect(
    sample(text, 'plusplus_slack_deliveries_total', { status: 'skipped', reason: 'no_slack_account' }),
  ).toBe(1);
  expect(
    sample(text, 'plusplus_slack_web_api_calls_total', { method: 'chat.postMessage', outcome: 'ok' }),
  ).toBeGreaterThanOrEqual(1);
  expect(
    sample(text, 'plusplus_slack_web_api_calls_total', { method: 'users.list', outcome: 'ok' }),
  ).toBeGreaterThanOrEqual(1);
  expect(sample(text, 'plusplus_slack_directory_sync_status', { team: teamId, status: 'done' })).toBe(1);
  const lastSync = sample(text, 'plusplus_slack_directory_sync_last_success_timestamp_seconds', {
    team: teamId,
  });
  expect(Math.abs(lastSync! - Date.now() / 1000)).toBeLessThan(120);
  expect(sample(text, 'plusplus_slack_workspaces_connected')).toBe(1);
});

it('counts a 429 with its Retry-After, and the DM still goes out', async () => {
  // One post per 600 ms for the workspace (time-scaled): the app's pace (222 ms) meets a 429.
  env.sb.setRateLimits({ 'chat.postMessage#workspace': { perMinute: 1, burst: 1 } });
  try {
    const id = await notify('limited', ['u1', 'u2', 'u3']);
    // While the workspace waits out its Retry-After, the queue is not empty.
    await until(
      async () => {
        const t = await scrape();
        const waiting =
          (sample(t, 'plusplus_slack_delivery_queue_depth', { status: 'queued' }) ?? 0) +
          (sample(t, 'plusplus_slack_delivery_queue_depth', { status: 'sending' }) ?? 0);
        return waiting > 0 ? true : undefined;
      },
      'a non-empty queue in /metrics',
      5000,
    );
    const done = await waitDone(id);
    expect(done.deliveries.map((d: { status: string }) => d.status)).toEqual(['sent', 'sent', 'sent']);
  } finally {
    env.sb.setRateLimits({ 'chat.postMessage#workspace': DEFAULT_RATE_LIMITS['chat.postMessage#workspace'] });
  }
  const sandbox429s = env.sb.calls({ method: 'chat.postMessage', teamId }).filter((c) => c.status === 429);
  expect(sandbox429s.length).toBeGreaterThanOrEqual(1);
  const text = await scrape();
  expect(
    sample(text, 'plusplus_slack_web_api_calls_total', {
      method: 'chat.postMessage',
      outcome: 'ratelimited',
    }),
  ).toBe(sandbox429s.length);
  const retries = sample(text, 'plusplus_slack_web_api_retry_after_seconds_count', {
    method: 'chat.postMessage',
  });
  expect(retries).toBe(sandbox429s.length);
  // The sandbox's Retry-After is whole seconds, at least 1.
  expect(
    sample(text, 'plusplus_slack_web_api_retry_after_seconds_sum', { method: 'chat.postMessage' }),
  ).toBeGreaterThanOrEqual(sandbox429s.length);
  expect(sample(text, 'plusplus_slack_deliveries_total', { status: 'sent', reason: 'none' })).toBe(4);
});

it('counts a failed delivery by Slack reason, and the queue is empty again', async () => {
  env.sb.injectFault({ method: 'chat.postMessage', teamId, count: 1, fault: { error: 'channel_not_found' } });
  const done = await waitDone(await notify('failed', ['u4']));
  expect(done.deliveries[0]).toMatchObject({ status: 'failed', reason: 'channel_not_found' });
  const text = await until(async () => {
    const t = await scrape();
    const empty =
      sample(t, 'plusplus_slack_delivery_queue_depth', { status: 'queued' }) === 0 &&
      sample(t, 'plusplus_slack_delivery_queue_depth', { status: 'sending' }) === 0;
    return empty ? t : undefined;
  }, 'an empty queue in /metrics');
  expect(
    sample(text, 'plusplus_slack_deliveries_total', { status: 'failed', reason: 'channel_not_found' }),
  ).toBe(1);
  expect(
    sample(text, 'plusplus_slack_web_api_calls_total', {
      method: 'chat.postMessage',
      outcome: 'channel_not_found',
    }),
  ).toBe(1);
  expect(sample(text, 'plusplus_slack_delivery_queue_oldest_due_age_seconds')).toBe(0);
  expect(
    sample(text, 'plusplus_slack_metrics_collect_errors_total', { source: 'delivery_queue' }),
  ).toBeUndefined();
  // No recipient's id, Slack id or address is a label anywhere.
  for (const p of people) {
    expect(text).not.toContain(p.id);
    expect(text).not.toContain(p.email);
  }
  expect(text).not.toMatch(/user(_id)?="/);
  expect(text).not.toMatch(/channel(_id)?="/);
});

it('times the acks of Slack requests by kind', async () => {
  const res = await env.driver.slashCommand({
    team_id: teamId,
    user_id: people[0]!.id,
    command: '/plusplus',
    text: 'help',
  });
  expect(res.status).toBe(200);
  const text = await scrape();
  expect(
    sample(text, 'plusplus_slack_ack_duration_seconds_count', { kind: 'command' }),
  ).toBeGreaterThanOrEqual(1);
});

it("counts the listeners' own Web API calls (Bolt's client) too", async () => {
  const user = people[0]!.id;
  const res = await env.driver.event(teamId, {
    type: 'app_home_opened',
    user,
    channel: `D${user.slice(1)}`,
    tab: 'home',
  });
  expect(res.status).toBe(200);
  await until(
    async () => (env.sb.calls({ method: 'views.publish', teamId }).some((c) => c.ok) ? true : undefined),
    'App Home published',
  );
  const text = await until(async () => {
    const t = await scrape();
    return sample(t, 'plusplus_slack_web_api_calls_total', { method: 'views.publish', outcome: 'ok' })
      ? t
      : undefined;
  }, 'views.publish in /metrics');
  expect(sample(text, 'plusplus_slack_ack_duration_seconds_count', { kind: 'event' })).toBeGreaterThanOrEqual(
    1,
  );
});

it('counts track channels by status and their due jobs', async () => {
  const put = await env.t.call('PUT', `${T}/tracks/trk-1/channel`, {
    name: 'Data 101',
    member_user_ids: ['u0'],
  });
  expect(put.status).toBe(202);
  await until(async () => {
    const res = await env.t.call('GET', `${T}/tracks/trk-1/channel`);
    return res.body.status === 'active' ? true : undefined;
  }, 'the track channel');
  const text = await until(async () => {
    const t = await scrape();
    return sample(t, 'plusplus_slack_track_channels', { status: 'active' }) === 1 ? t : undefined;
  }, 'an active track channel in /metrics');
  expect(sample(text, 'plusplus_slack_track_channels', { status: 'failed' })).toBe(0);
  expect(
    sample(text, 'plusplus_slack_web_api_calls_total', { method: 'conversations.create', outcome: 'ok' }),
  ).toBe(1);
});

it('shows a workspace that must reconnect, and counts what is skipped at accept time', async () => {
  // Uninstalled in Slack: the next post meets a dead token and the installation is marked revoked.
  env.sb.uninstallApp(teamId, TEST_CLIENT_ID);
  const first = await waitDone(await notify('after-uninstall', ['u0']));
  expect(first.deliveries[0].status).toBe('failed');
  const code = first.deliveries[0].reason;
  // Accepted while disconnected: skipped at once, by the web process, never queued.
  const res = await env.t.call('POST', `${T}/notifications`, {
    idempotency_key: 'while-disconnected',
    type: 'invite',
    recipient_user_ids: ['u1'],
    content: {
      id: 'evt-2',
      title: 'Data 102',
      url: 'https://plusplus.example/e/2',
      starts_at: '2026-12-01T15:00:00Z',
    },
  });
  expect(res.body.deliveries[0]).toMatchObject({ status: 'skipped', reason: 'not_connected' });
  const text = await until(async () => {
    const t = await scrape();
    return sample(t, 'plusplus_slack_workspaces_connected') === 0 ? t : undefined;
  }, 'the workspace disconnected in /metrics');
  expect(
    sample(text, 'plusplus_slack_workspace_reconnect_required', { tenant: 'metrics', reason: 'revoked' }),
  ).toBe(1);
  expect(sample(text, 'plusplus_slack_deliveries_total', { status: 'failed', reason: code })).toBe(1);
  expect(
    sample(text, 'plusplus_slack_deliveries_total', { status: 'skipped', reason: 'not_connected' }),
  ).toBe(1);
  expect(
    sample(text, 'plusplus_slack_web_api_calls_total', { method: 'chat.postMessage', outcome: code }),
  ).toBe(1);
});
