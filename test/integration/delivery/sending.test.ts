import { CLIENT_ID, content, type Harness, type Person, startHarness } from './harness';

/**
 * The worker against the sandbox: templates per type, escaping, the matcher fallback, and each
 * class of Slack answer (design §7): 5xx then success, permanent codes, 429 with Retry-After, a
 * token revoked mid-batch, a missing scope.
 */
let h: Harness;
let team: string;
let people: Person[];
const T = 'snd';

beforeAll(async () => {
  // One post per workspace in flight: the harness paces at 1 ms a post, far below Slack's latency,
  // where the default of two would let a second post leave before the first one's 429 is back
  // (at a real pace posts leave a slot apart and overlap only when Slack is slower than the slot).
  h = await startHarness({ delivery: { concurrency: 4, maxAttempts: 4, tenantInFlight: 1 } });
  ({ teamId: team, people } = await h.connectTenant(T, { members: 60, seed: 9 }));
  await h.addUsers(T, people.slice(0, 20));
});
afterAll(async () => {
  await h.stop();
});

async function send(
  tenant: string,
  key: string,
  recipients: string[],
  extra: Record<string, unknown> = {},
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers
): Promise<any> {
  const res = await h.notify(tenant, {
    idempotency_key: key,
    type: 'invite',
    recipient_user_ids: recipients,
    content: content(),
    ...extra,
  });
  expect(res.status).toBe(202);
  return h.waitDone(tenant, res.body.notification_id);
}

describe('delivery', () => {
  it('sends one DM of each type, storing the channel and ts', async () => {
    for (const [i, type] of ['invite', 'enrollment', 'assignment', 'reminder'].entries()) {
      const done = await send(T, `type-${type}`, [`u${i}`], { type, data: { note: 'hi' } });
      expect(done.deliveries[0]).toMatchObject({
        status: 'sent',
        slack_user_id: people[i]!.id,
        channel: expect.stringMatching(/^D/),
      });
      const stored = h.sb.messages({ teamId: team, channel: done.deliveries[0].channel });
      expect(stored.map((m) => m.ts)).toContain(done.deliveries[0].ts);
      const message = stored.find((m) => m.ts === done.deliveries[0].ts)!;
      expect(message.text.length).toBeGreaterThan(0);
      expect(message.blocks?.length).toBeGreaterThan(0);
    }
  });

  it('escapes what users wrote: <!channel> in a title never pings', async () => {
    const done = await send(T, 'inject', ['u4'], { content: content('<!channel> & <@U123|boss> party') });
    const message = h.sb.messages({ teamId: team, channel: done.deliveries[0].channel }).at(-1)!;
    const everything = JSON.stringify([message.text, message.blocks]);
    expect(everything).not.toContain('<!channel>');
    expect(everything).toContain('&lt;!channel&gt;');
    expect(everything).not.toContain('<@U123');
  });

  it('resolves a recipient without a link through the matcher, and skips one with no Slack account', async () => {
    await h.users.upsertMany(T, [
      { id: 'nolink', email: people[30]!.email.toUpperCase() },
      { id: 'stranger', email: 'nobody@nowhere.example' },
    ]);
    const done = await send(T, 'matcher', ['nolink', 'stranger']);
    expect(done.deliveries[0]).toMatchObject({ status: 'sent', slack_user_id: people[30]!.id });
    expect(done.deliveries[1]).toMatchObject({ status: 'skipped', reason: 'no_slack_account' });
    expect((await h.users.get(T, 'nolink'))?.slack?.userId).toBe(people[30]!.id);
  });

  it('retries a burst of 500s and then sends once', async () => {
    h.sb.injectFault({ method: 'chat.postMessage', teamId: team, count: 3, fault: { status: 500 } });
    const done = await send(T, 'five-hundreds', ['u5']);
    expect(done.deliveries[0]).toMatchObject({ status: 'sent', attempts: 4 });
    expect(h.sb.messages({ teamId: team, channel: done.deliveries[0].channel })).toHaveLength(1);
  });

  it('gives up after the attempts bound: failed/retries_exhausted', async () => {
    h.sb.injectFault({
      method: 'chat.postMessage',
      teamId: team,
      count: 4,
      fault: { error: 'service_unavailable' },
    });
    const done = await send(T, 'exhausted', ['u6']);
    expect(done.deliveries[0]).toMatchObject({ status: 'failed', reason: 'retries_exhausted', attempts: 4 });
  });

  it('fails a permanent error at once with Slack code', async () => {
    h.sb.injectFault({
      method: 'chat.postMessage',
      teamId: team,
      count: 1,
      fault: { error: 'channel_not_found' },
    });
    const done = await send(T, 'permanent', ['u7']);
    expect(done.deliveries[0]).toMatchObject({ status: 'failed', reason: 'channel_not_found', attempts: 1 });
    h.sb.setMessagesTab(team, CLIENT_ID, false);
    const tab = await send(T, 'tab-off', ['u8']);
    h.sb.setMessagesTab(team, CLIENT_ID, true);
    expect(tab.deliveries[0]).toMatchObject({ status: 'failed', reason: 'messages_tab_disabled' });
  });

  it('waits exactly Retry-After on a 429, and the limit of one workspace does not stall another', async () => {
    const A = 'rl-a';
    const B = 'rl-b';
    const a = await h.connectTenant(A, { members: 30, seed: 21 });
    const b = await h.connectTenant(B, { members: 10, seed: 22 });
    await h.addUsers(A, a.people.slice(0, 3));
    await h.addUsers(B, b.people.slice(0, 1));
    // 1 post, then one more every 100 ms (time-scaled 6/min); the app paces far faster than that.
    h.sb.setRateLimits({ 'chat.postMessage#workspace': { perMinute: 6, burst: 1 } });
    try {
      const since = Date.now();
      const resA = await h.notify(A, {
        idempotency_key: 'rl',
        type: 'invite',
        recipient_user_ids: ['u0', 'u1', 'u2'],
        content: content(),
      });
      // While A waits out its Retry-After, B's notification goes straight through.
      // Usually within a few hundred ms; the bound is generous because a loaded machine (one run
      // with other suites beside it) once took longer than 5 s to get the second post out.
      let first429: number | undefined;
      while (first429 === undefined && Date.now() - since < 15_000) {
        first429 = h.sb
          .calls({ method: 'chat.postMessage', teamId: a.teamId, since })
          .find((c) => c.status === 429)?.at;
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(first429).toBeDefined();
      const resB = await h.notify(B, {
        idempotency_key: 'rl',
        type: 'invite',
        recipient_user_ids: ['u0'],
        content: content(),
      });
      const doneB = await h.waitDone(B, resB.body.notification_id);
      expect(doneB.deliveries[0].status).toBe('sent');
      const bSent = h.sb.calls({ method: 'chat.postMessage', teamId: b.teamId, since }).find((c) => c.ok)!.at;
      expect(bSent).toBeLessThan(first429! + 1000);

      const doneA = await h.waitDone(A, resA.body.notification_id);
      expect(doneA.counts.sent).toBe(3);
      const callsA = h.sb.calls({ method: 'chat.postMessage', teamId: a.teamId, since });
      // Every 429 answered "Retry-After: 1": no call of this workspace came sooner than 1 s after it.
      for (const limited of callsA.filter((c) => c.status === 429)) {
        const early = callsA.filter((c) => c.seq > limited.seq && c.at < limited.at + 1000);
        expect(early).toEqual([]);
      }
    } finally {
      h.sb.setRateLimits({ 'chat.postMessage#workspace': { perMinute: 300, burst: 30 } });
    }
  });

  it('stops a tenant whose token is revoked mid-batch: the rest are skipped/not_connected', async () => {
    const R = 'revoke';
    const r = await h.connectTenant(R, { members: 60, seed: 31 });
    const ids = await h.addUsers(R, r.people.slice(0, 30));
    // Slow answers, so the batch is still running when the token goes.
    h.sb.injectFault({ method: 'chat.postMessage', teamId: r.teamId, count: 30, fault: { delayMs: 60 } });
    const res = await h.notify(R, {
      idempotency_key: 'rv',
      type: 'assignment',
      recipient_user_ids: ids,
      content: content(),
    });
    while (h.sb.messages({ teamId: r.teamId }).length < 5) await new Promise((x) => setTimeout(x, 5));
    h.sb.revokeToken(r.token);
    const done = await h.waitDone(R, res.body.notification_id);
    h.sb.clearFaults();
    const by = (status: string) => done.deliveries.filter((d: { status: string }) => d.status === status);
    expect(by('sent').length).toBeGreaterThanOrEqual(5);
    // Only sends already in flight can meet the revoked token itself.
    expect(by('failed').length).toBeGreaterThanOrEqual(1);
    expect(by('failed').length).toBeLessThanOrEqual(4);
    for (const f of by('failed')) expect(f.reason).toBe('token_revoked');
    expect(by('skipped').length).toBeGreaterThan(0);
    for (const s of by('skipped')) expect(s.reason).toBe('not_connected');
    expect(by('sent').length + by('failed').length + by('skipped').length).toBe(30);
    expect(await h.connect.tokens.botTokenForTenant(R)).toBeNull();
  });

  it('fails on missing_scope, records the scopes the token has, and pauses the tenant', async () => {
    const M = 'noscope';
    const m = await h.connectTenant(M, { members: 20, seed: 41, scopes: ['users:read', 'users:read.email'] });
    await h.addUsers(M, m.people.slice(0, 2));
    // What the app believed: chat:write granted (the token says otherwise).
    await h.ds.query(
      `UPDATE slack_installations SET granted_scopes = '["chat:write", "users:read", "users:read.email"]'
        WHERE tenant_id = $1`,
      [M],
    );
    const first = await send(M, 'ms-1', ['u0']);
    expect(first.deliveries[0]).toMatchObject({ status: 'failed', reason: 'missing_scope' });
    const [row] = await h.ds.query('SELECT granted_scopes FROM slack_installations WHERE tenant_id = $1', [
      M,
    ]);
    expect(row.granted_scopes).toEqual(['users:read', 'users:read.email']);
    const res = await h.notify(M, {
      idempotency_key: 'ms-2',
      type: 'invite',
      recipient_user_ids: ['u1'],
      content: content(),
    });
    await new Promise((x) => setTimeout(x, 300));
    const later = await h.call('GET', `/internal/v1/tenants/${M}/notifications/${res.body.notification_id}`);
    expect(later.body.deliveries[0].status).toBe('queued');
  });
});
