import { content, type Harness, type Person, startHarness } from './harness';

/**
 * Changes and cancellations (issue 20, design §4) through the internal API's real routes, the
 * worker and the sandbox: each route's good and bad input, a sent DM edited in place with a thread
 * reply, cancellation before and after the send, a change racing a post in flight, concurrent
 * changes, three in a row, Slack's errors on the edit, and the content routes.
 */
let h: Harness;
let team: string;
let token: string;
let people: Person[];
const T = 'chg';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers
type Json = any;

beforeAll(async () => {
  h = await startHarness({
    delivery: { concurrency: 4, maxAttempts: 3, tenantInFlight: 1, updatesPerMinute: 60_000 },
  });
  ({ teamId: team, people, token } = await h.connectTenant(T, { members: 40, seed: 5 }));
  await h.addUsers(T, people.slice(0, 20));
});
afterAll(async () => {
  await h.stop();
});

const base = `/internal/v1/tenants/${T}`;
const get = async (id: string): Promise<Json> => (await h.call('GET', `${base}/notifications/${id}`)).body;
const patch = (id: string, body: unknown) => h.call('PATCH', `${base}/notifications/${id}`, body);
const cancel = (id: string, body: unknown) => h.call('POST', `${base}/notifications/${id}/cancel`, body);

async function until<T>(
  what: string,
  f: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Sends and waits until every delivery is done. */
async function sent(key: string, recipients: string[], c = content()): Promise<Json> {
  const res = await h.notify(T, {
    idempotency_key: key,
    type: 'invite',
    recipient_user_ids: recipients,
    content: c,
  });
  expect(res.status).toBe(202);
  return h.waitDone(T, res.body.notification_id);
}

/** Waits until no delivery of the notification has an edit pending. */
const edited = (id: string) =>
  until(`edits of ${id}`, async () => {
    const n = await get(id);
    return n.done && n.deliveries.every((d: Json) => d.revision_status !== 'pending') && n;
  });

const message = (channel: string, ts: string) =>
  h.sb.messages({ teamId: team, channel }).find((m) => m.ts === ts && !m.threadTs);
const replies = (channel: string, ts: string) =>
  h.sb.messages({ teamId: team, channel }).filter((m) => m.threadTs === ts);
const shown = (m: { text: string; blocks: unknown } | undefined) => JSON.stringify([m?.text, m?.blocks]);

const moved = (title = 'Data 101') => ({
  ...content(title),
  starts_at: '2026-12-03T15:00:00Z',
  location: 'Room <b> & Zoom',
});

describe('changes: input', () => {
  let id: string;
  beforeAll(async () => {
    id = (await sent('input-1', ['u0'])).notification_id;
  });

  it.each([
    ['no change_key', { content: content() }],
    ['an empty change_key', { change_key: '', content: content() }],
    ['no content', { change_key: 'k' }],
    ['content without a title', { change_key: 'k', content: { id: 'evt-4711' } }],
    ['a bad date', { change_key: 'k', content: { ...content(), starts_at: 'tomorrow' } }],
    ['a javascript: url', { change_key: 'k', content: { ...content(), url: 'javascript:alert(1)' } }],
    ['an unknown field', { change_key: 'k', content: content(), extra: 1 }],
    ['notify not a boolean', { change_key: 'k', content: content(), notify: 'yes' }],
    [
      'data too deep',
      { change_key: 'k', content: content(), data: { a: { b: { c: { d: { e: { f: 1 } } } } } } },
    ],
  ])('PATCH with %s is 400 and changes nothing', async (_what, body) => {
    const res = await patch(id, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
    expect((await get(id)).revision).toBe(0);
  });

  it('refuses a change of content.id (400), a bad cancel body (400), and unknown ids (404)', async () => {
    const other = await patch(id, { change_key: 'k', content: { ...content(), id: 'evt-other' } });
    expect(other.status).toBe(400);
    expect((await cancel(id, { change_key: 'k', reason: 'x'.repeat(501) })).status).toBe(400);
    expect((await cancel(id, { reason: 'no key' })).status).toBe(400);
    expect((await get(id)).revision).toBe(0);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await patch(unknown, { change_key: 'k', content: content() })).status).toBe(404);
    expect((await cancel(unknown, { change_key: 'k' })).status).toBe(404);
    expect((await patch('not-a-uuid', { change_key: 'k', content: content() })).status).toBe(400);
    const noContent = await h.call('PATCH', `${base}/content/evt-nothing`, {
      change_key: 'k',
      content: { ...content(), id: 'evt-nothing' },
    });
    expect(noContent.status).toBe(404);
    expect((await h.call('POST', `${base}/content/evt-nothing/cancel`, { change_key: 'k' })).status).toBe(
      404,
    );
    // content.id must be the path's content_id
    const elsewhere = { change_key: 'k', content: { ...content(), id: 'evt-other' } };
    expect((await h.call('PATCH', `${base}/content/evt-4711`, elsewhere)).status).toBe(400);
    expect((await get(id)).revision).toBe(0);
  });

  it('is in the OpenAPI document the API serves', async () => {
    const doc: Json = await fetch(`${h.internalUrl}/internal/v1/openapi.json`).then((r) => r.json());
    const paths = Object.keys(doc.paths);
    expect(paths.some((p) => /notifications\/\{notification_id\}\/cancel$/.test(p))).toBe(true);
    expect(paths.some((p) => /content\/\{content_id\}$/.test(p))).toBe(true);
    expect(paths.some((p) => /content\/\{content_id\}\/cancel$/.test(p))).toBe(true);
    const one = Object.entries(doc.paths).find(([p]) =>
      /notifications\/\{notification_id\}$/.test(p),
    )?.[1] as Json;
    expect(Object.keys(one)).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(Object.keys(one.patch.responses)).toEqual(expect.arrayContaining(['200', '202', '404', '409']));
  });
});

describe('changes: a sent DM', () => {
  it('is edited in place with an Updated line, a thread reply, and the record', async () => {
    const done = await sent('after-1', ['u1', 'u2']);
    const [d] = done.deliveries;
    const before = shown(message(d.channel, d.ts));
    const res = await patch(done.notification_id, { change_key: 'move-1', content: moved() });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ notification_id: done.notification_id, revision: 1 });
    expect(res.body.deliveries[0]).toMatchObject({
      user_id: 'u1',
      status: 'sent',
      revision_status: 'pending',
    });

    const after = await edited(done.notification_id);
    expect(after.revision).toBe(1);
    expect(after.deliveries[0]).toMatchObject({ status: 'sent', revision: 1, revision_status: 'updated' });
    expect(after.deliveries[0].revision_at).toEqual(expect.any(String));
    const m = message(d.channel, d.ts)!;
    expect(shown(m)).not.toBe(before);
    expect(m.edits).toHaveLength(1);
    expect(shown(m)).toContain('Updated:');
    expect(shown(m)).toContain('time and place changed');
    expect(shown(m)).toContain('Room &lt;b&gt; &amp; Zoom');
    expect(shown(m)).not.toContain('<b>');
    const thread = replies(d.channel, d.ts);
    expect(thread).toHaveLength(1);
    expect(thread[0]!.text).toContain('time and place');

    // The same change_key again: the first answer (200), nothing new edited or sent.
    const again = await patch(done.notification_id, { change_key: 'move-1', content: moved() });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(res.body);
    const conflict = await patch(done.notification_id, { change_key: 'move-1', content: moved('Other') });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toBe('conflict');
    await new Promise((r) => setTimeout(r, 200));
    expect((await get(done.notification_id)).revision).toBe(1);
    expect(message(d.channel, d.ts)!.edits).toHaveLength(1);
    expect(replies(d.channel, d.ts)).toHaveLength(1);
  });

  it('without notify: edited, no thread reply', async () => {
    const done = await sent('after-quiet', ['u3']);
    const [d] = done.deliveries;
    expect(
      (await patch(done.notification_id, { change_key: 'q', content: moved('Data 102'), notify: false }))
        .status,
    ).toBe(202);
    await edited(done.notification_id);
    expect(shown(message(d.channel, d.ts))).toContain('Data 102');
    expect(replies(d.channel, d.ts)).toHaveLength(0);
  });

  it('cancelled: edited to the cancelled version with the reason; later changes are 409', async () => {
    const done = await sent('after-cancel', ['u4']);
    const [d] = done.deliveries;
    const res = await cancel(done.notification_id, { change_key: 'c1', reason: 'Speaker ill <!channel>' });
    expect(res.status).toBe(202);
    expect(res.body.deliveries[0]).toMatchObject({ status: 'sent', revision_status: 'pending' });
    const after = await edited(done.notification_id);
    expect(after).toMatchObject({ cancelled: true, revision: 1 });
    expect(after.deliveries[0].revision_status).toBe('updated');
    const m = shown(message(d.channel, d.ts));
    expect(m).toContain('Cancelled');
    expect(m).toContain('Speaker ill &lt;!channel&gt;');
    expect(m).not.toContain('<!channel>');
    expect(replies(d.channel, d.ts)[0]!.text).toContain('cancelled');
    expect((await patch(done.notification_id, { change_key: 'c2', content: moved() })).status).toBe(409);
    expect((await cancel(done.notification_id, { change_key: 'c3' })).status).toBe(409);
    expect(
      (await cancel(done.notification_id, { change_key: 'c1', reason: 'Speaker ill <!channel>' })).status,
    ).toBe(200);
  });

  it('three changes in a row end at the latest, edits in order', async () => {
    const done = await sent('row-1', ['u5']);
    const [d] = done.deliveries;
    for (const [i, title] of ['Row A', 'Row B', 'Row C'].entries()) {
      const res = await patch(done.notification_id, { change_key: `row-${i}`, content: content(title) });
      expect(res.body.revision).toBe(i + 1);
    }
    const after = await edited(done.notification_id);
    expect(after.deliveries[0]).toMatchObject({ revision: 3, revision_status: 'updated' });
    const m = message(d.channel, d.ts)!;
    expect(shown(m)).toContain('Row C');
    // Each edit showed a later version than the one before it (none went backwards).
    const order = [...(m.edits ?? []).map((e) => shown(e)), shown(m)].map((s) =>
      ['Data 101', 'Row A', 'Row B', 'Row C'].findIndex((t) => s.includes(`*${t}*`)),
    );
    expect(order[0]).toBe(0);
    expect([...order].sort()).toEqual(order);
  });

  it('concurrent changes: each gets its own revision, none is lost, the DM ends at the last', async () => {
    const done = await sent('conc-1', ['u6']);
    const [d] = done.deliveries;
    const answers = await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        patch(done.notification_id, { change_key: `conc-${i}`, content: content(`Conc ${i}`) }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    expect(answers.map((a) => a.body.revision).sort()).toEqual([1, 2, 3, 4, 5]);
    const last = answers.findIndex((a) => a.body.revision === 5);
    const after = await edited(done.notification_id);
    expect(after.revision).toBe(5);
    expect(after.deliveries[0]).toMatchObject({ revision: 5, revision_status: 'updated' });
    expect(shown(message(d.channel, d.ts))).toContain(`Conc ${last}`);
    // The same key twice at once: one applies it, the other answers its result.
    const twice = await Promise.all(
      [0, 1].map(() => patch(done.notification_id, { change_key: 'dup', content: content('Dup') })),
    );
    expect(twice.map((a) => a.status).sort()).toEqual([200, 202]);
    expect(twice[0]!.body).toEqual(twice[1]!.body);
    expect((await get(done.notification_id)).revision).toBe(6);
  });

  it('a 429 on chat.update blocks the workspace’s edits for Retry-After, then every DM is edited', async () => {
    const done = await sent('limited-1', ['u19', 'u0', 'u1']);
    // One edit a second (0.6/min at the harness sandbox's time scale of 0.01), no burst: the second
    // edit of the three meets a 429 with Retry-After 1.
    h.sb.setRateLimits({ 'chat.update': { perMinute: 0.6, burst: 1 } });
    try {
      const started = Date.now();
      await patch(done.notification_id, { change_key: 'l', content: moved('Limited'), notify: false });
      const after = await edited(done.notification_id);
      expect(after.deliveries.map((d: Json) => d.revision_status)).toEqual(['updated', 'updated', 'updated']);
      for (const d of after.deliveries) expect(shown(message(d.channel, d.ts))).toContain('Limited');
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect((await h.delivery.queue.pacing(T, 'chat.update'))?.intervalMs).toBeGreaterThan(1);
    } finally {
      h.sb.setRateLimits({ 'chat.update': { perMinute: 50 } });
    }
  });

  it('message_not_found: the edit fails with Slack’s code in the record', async () => {
    const done = await sent('gone-1', ['u7']);
    const [d] = done.deliveries;
    // The message was deleted in Slack (the sandbox's chat.delete, as a person or admin might).
    const del = await fetch(`${h.sb.apiUrl}chat.delete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: d.channel, ts: d.ts }),
    }).then((r) => r.json());
    expect(del).toMatchObject({ ok: true, ts: d.ts });
    await patch(done.notification_id, { change_key: 'g', content: moved() });
    const after = await edited(done.notification_id);
    expect(after.deliveries[0]).toMatchObject({
      status: 'sent',
      revision_status: 'failed',
      reason: 'message_not_found',
    });
    expect(replies(d.channel, d.ts)).toHaveLength(0);
  });

  it('a transient error on chat.update is retried; cant_update_message fails at once', async () => {
    const done = await sent('retry-1', ['u8', 'u9']);
    h.sb.injectFault({ method: 'chat.update', teamId: team, count: 1, fault: { status: 503 } });
    await patch(done.notification_id, { change_key: 'r', content: moved('Retried'), notify: false });
    const after = await edited(done.notification_id);
    expect(after.deliveries.map((d: Json) => d.revision_status)).toEqual(['updated', 'updated']);
    for (const d of after.deliveries) expect(shown(message(d.channel, d.ts))).toContain('Retried');

    h.sb.injectFault({
      method: 'chat.update',
      teamId: team,
      count: 2,
      fault: { error: 'cant_update_message' },
    });
    await patch(done.notification_id, { change_key: 'r2', content: moved('Refused'), notify: false });
    const refused = await edited(done.notification_id);
    expect(refused.deliveries.map((d: Json) => [d.revision_status, d.reason])).toEqual([
      ['failed', 'cant_update_message'],
      ['failed', 'cant_update_message'],
    ]);
  });
});

describe('changes: not yet sent', () => {
  it('a queued delivery sends only the new content; a cancelled one is skipped', async () => {
    await h.delivery.worker.stop();
    try {
      const a = await h.notify(T, {
        idempotency_key: 'before-1',
        type: 'invite',
        recipient_user_ids: ['u10'],
        content: content('Old title'),
      });
      const b = await h.notify(T, {
        idempotency_key: 'before-2',
        type: 'invite',
        recipient_user_ids: ['u11'],
        content: content('Doomed'),
      });
      const res = await patch(a.body.notification_id, { change_key: 'b1', content: content('New title') });
      expect(res.status).toBe(202);
      expect(res.body.deliveries[0]).toEqual({ user_id: 'u10', status: 'queued' });
      const c = await cancel(b.body.notification_id, { change_key: 'b2' });
      expect(c.body.deliveries[0]).toEqual({ user_id: 'u11', status: 'skipped', reason: 'cancelled' });
    } finally {
      h.delivery.worker.start();
    }
    const dms = (i: number) => h.sb.messages({ teamId: team, user: people[i]!.id });
    await until('the new content', async () => dms(10).length > 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(dms(10)).toHaveLength(1);
    expect(shown(dms(10)[0])).toContain('New title');
    expect(shown(dms(10)[0])).not.toContain('Old title');
    expect(dms(11)).toHaveLength(0);
  });

  it('a change racing a post in flight ends as an edit to the new content, never a stale DM', async () => {
    // Slack answers this post 1.5 s late: the change lands while it is in flight.
    h.sb.injectFault({ method: 'chat.postMessage', teamId: team, count: 1, fault: { delayMs: 1500 } });
    const res = await h.notify(T, {
      idempotency_key: 'race-1',
      type: 'invite',
      recipient_user_ids: ['u12'],
      content: content('Race old'),
    });
    const id = res.body.notification_id;
    await until('the post in flight', async () => (await get(id)).deliveries[0].status === 'sending');
    await new Promise((r) => setTimeout(r, 300));
    const change = await patch(id, { change_key: 'race', content: content('Race new') });
    expect(change.status).toBe(202);
    const after = await edited(id);
    const [d] = after.deliveries;
    expect(d).toMatchObject({ status: 'sent', revision: 1 });
    const m = message(d.channel, d.ts)!;
    expect(shown(m)).toContain('Race new');
    expect(shown(m)).not.toContain('Race old');
    // It was posted with the old content and edited (not posted twice).
    expect(d.revision_status).toBe('updated');
    expect(m.edits).toHaveLength(1);
    expect(h.sb.messages({ teamId: team, user: people[12]!.id }).filter((x) => !x.threadTs)).toHaveLength(1);
  });

  it('deliveries held for their turn while another post is in flight send the latest, or nothing', async () => {
    // One post per workspace in flight (tenantInFlight 1): u16's post holds the turn for 1.5 s while
    // u17's and u18's deliveries, already claimed and rendered, wait for it.
    h.sb.injectFault({ method: 'chat.postMessage', teamId: team, count: 1, fault: { delayMs: 1500 } });
    const send = (key: string, user: string, title: string) =>
      h.notify(T, {
        idempotency_key: key,
        type: 'invite',
        recipient_user_ids: [user],
        content: content(title),
      });
    const first = (await send('turn-0', 'u16', 'Turn first')).body.notification_id;
    await until(
      'the first post in flight',
      async () => (await get(first)).deliveries[0].status === 'sending',
    );
    const second = (await send('turn-1', 'u17', 'Turn old')).body.notification_id;
    const third = (await send('turn-2', 'u18', 'Turn doomed')).body.notification_id;
    await until('both claimed', async () => {
      const [a, b] = await Promise.all([get(second), get(third)]);
      return a.deliveries[0].status === 'sending' && b.deliveries[0].status === 'sending';
    });
    expect((await patch(second, { change_key: 't1', content: content('Turn new') })).status).toBe(202);
    expect((await cancel(third, { change_key: 't2' })).status).toBe(202);
    const [a, b] = [await edited(second), await edited(third)];
    expect(a.deliveries[0]).toMatchObject({ status: 'sent', revision: 1 });
    expect(a.deliveries[0].revision_status).toBeUndefined();
    const m = message(a.deliveries[0].channel, a.deliveries[0].ts)!;
    expect(shown(m)).toContain('Turn new');
    expect(m.edits).toBeUndefined();
    expect(b.deliveries[0]).toMatchObject({ status: 'skipped', reason: 'cancelled' });
    expect(h.sb.messages({ teamId: team, user: people[18]!.id })).toHaveLength(0);
  });

  it('a cancel racing a post in flight ends as the cancelled version', async () => {
    h.sb.injectFault({ method: 'chat.postMessage', teamId: team, count: 1, fault: { delayMs: 1500 } });
    const res = await h.notify(T, {
      idempotency_key: 'race-2',
      type: 'invite',
      recipient_user_ids: ['u13'],
      content: content('Race cancel'),
    });
    const id = res.body.notification_id;
    await until('the post in flight', async () => (await get(id)).deliveries[0].status === 'sending');
    await new Promise((r) => setTimeout(r, 300));
    expect((await cancel(id, { change_key: 'rc' })).status).toBe(202);
    const after = await edited(id);
    const [d] = after.deliveries;
    expect(d).toMatchObject({ status: 'sent', revision_status: 'updated' });
    expect(shown(message(d.channel, d.ts))).toContain('Cancelled');
  });
});

describe('changes: by content', () => {
  it('PATCH and cancel /content/{id} change every notification about it', async () => {
    const c = { ...content('Shared'), id: 'evt-shared' };
    const one = await sent('content-1', ['u14'], c);
    const two = await sent('content-2', ['u15'], c);
    const res = await h.call('PATCH', `${base}/content/evt-shared`, {
      change_key: 'cc1',
      content: { ...c, title: 'Shared moved' },
    });
    expect(res.status).toBe(202);
    expect(res.body.notifications.map((n: Json) => n.notification_id).sort()).toEqual(
      [one.notification_id, two.notification_id].sort(),
    );
    for (const n of [one, two]) {
      const after = await edited(n.notification_id);
      const [d] = after.deliveries;
      expect(shown(message(d.channel, d.ts))).toContain('Shared moved');
    }
    const again = await h.call('PATCH', `${base}/content/evt-shared`, {
      change_key: 'cc1',
      content: { ...c, title: 'Shared moved' },
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(res.body);
    const cancelled = await h.call('POST', `${base}/content/evt-shared/cancel`, {
      change_key: 'cc2',
      reason: 'Off',
    });
    expect(cancelled.status).toBe(202);
    expect(cancelled.body.notifications).toHaveLength(2);
    expect((await h.call('POST', `${base}/content/evt-shared/cancel`, { change_key: 'cc3' })).status).toBe(
      409,
    );
  });
});

describe('changes: the installation is gone', () => {
  it('a token revoked between the send and the change fails the edit with the code', async () => {
    const T2 = 'chg-revoked';
    const t = await h.connectTenant(T2, { members: 10, seed: 6 });
    await h.addUsers(T2, t.people.slice(0, 2));
    const res = await h.notify(T2, {
      idempotency_key: 'rv',
      type: 'invite',
      recipient_user_ids: ['u0'],
      content: content(),
    });
    const done = await h.waitDone(T2, res.body.notification_id);
    expect(done.deliveries[0].status).toBe('sent');
    h.sb.revokeToken(t.token);
    await h.call('PATCH', `/internal/v1/tenants/${T2}/notifications/${done.notification_id}`, {
      change_key: 'rv1',
      content: moved(),
    });
    const after = await until('the failed edit', async () => {
      const n = (await h.call('GET', `/internal/v1/tenants/${T2}/notifications/${done.notification_id}`))
        .body;
      return n.deliveries[0].revision_status === 'failed' && n;
    });
    expect(['token_revoked', 'invalid_auth', 'not_connected']).toContain(after.deliveries[0].reason);
  });
});
