import { monitorEventLoopDelay } from 'node:perf_hooks';
import { MAX_EXPRESSION_COST } from '../../../src/domain/jmespath/cost';
import { RETURN_URL, type SandboxEnv, startSandboxEnv } from '../../support/sandbox-env';

/**
 * JMESPath expressions whose cost explodes (issue 16): `email|[@,@]|[@,@]|…` doubles its work with
 * each `|[@,@]`; 22 doublings over 46 users held the event loop 5.4 s in POST /matching/preview,
 * and 18 saved in the settings stalled every Test Slack, delivery and re-match. Now they are
 * refused before any evaluation (422 invalid_expression, reason too_expensive), and the process
 * keeps answering.
 */
let env: SandboxEnv;
const T = '/internal/v1/tenants/cost';
const doublings = (n: number, base = 'email') => `${base}${'|[@,@]'.repeat(n)}`;

beforeAll(async () => {
  env = await startSandboxEnv();
  const ws = env.sb.createWorkspace({ name: 'Cost', members: 50, seed: 16 });
  env.sb.setDefaultWorkspace(ws.id);
  const link = await env.t.call('POST', `${T}/slack/connect`, { return_url: RETURN_URL });
  expect((await env.browser.visit(link.body.authorize_url)).location).toBe(`${RETURN_URL}?slack=connected`);
  const users = ws.members
    .filter((m) => !m.deleted && !m.isBot && !m.isAppUser && m.email && m.id !== 'USLACKBOT')
    .map((m, i) => ({ id: `u${i}`, email: m.email! }));
  expect(users.length).toBeGreaterThan(30);
  expect((await env.t.call('POST', `${T}/users`, { users })).status).toBe(200);
  const end = Date.now() + 20_000;
  while (Date.now() < end) {
    const report = await env.t.call('GET', `${T}/matching/report`);
    if (report.status === 200 && report.body.directory.warm) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the directory never became warm');
});
afterAll(async () => {
  await env.stop();
});

/** Runs `fn` while measuring the longest event-loop stall (the app runs in this process). */
async function worstStallMs<R>(fn: () => Promise<R>): Promise<{ result: R; maxMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  try {
    const result = await fn();
    return { result, maxMs: h.max / 1e6 };
  } finally {
    h.disable();
  }
}

describe('an expression whose cost explodes', () => {
  it('POST /matching/preview with 22 doublings: 422 too_expensive, at once', async () => {
    const { result: res, maxMs } = await worstStallMs(() =>
      env.t.call('POST', `${T}/matching/preview`, { plusplus_user_attribute: doublings(22) }),
    );
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      error: 'invalid_expression',
      field: 'plusplus_user_attribute',
      reason: 'too_expensive',
    });
    expect(res.body.message).toMatch(/too expensive.*multi-select/);
    expect(maxMs).toBeLessThan(500);
  });

  it('on the Slack side too', async () => {
    const res = await env.t.call('POST', `${T}/matching/preview`, {
      slack_user_attribute: doublings(16, 'profile.email'),
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ field: 'slack_user_attribute', reason: 'too_expensive' });
  });

  it('PATCH /slack/settings with 18 doublings: 422 too_expensive and nothing saved', async () => {
    const res = await env.t.call('PATCH', `${T}/slack/settings`, {
      plusplus_user_attribute: doublings(18),
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      error: 'invalid_expression',
      field: 'plusplus_user_attribute',
      reason: 'too_expensive',
    });
    const settings = await env.t.call('GET', `${T}/slack`);
    expect(JSON.stringify(settings.body)).not.toContain('[@,@]');
  });

  it('a syntax error keeps its shape (no reason)', async () => {
    const res = await env.t.call('PATCH', `${T}/slack/settings`, { plusplus_user_attribute: 'email[' });
    expect(res.status).toBe(422);
    expect(res.body.reason).toBeUndefined();
    expect(typeof res.body.position).toBe('number');
  });

  it(`below the limit (cost ≤ ${MAX_EXPRESSION_COST}) is previewed, within the run-time budget`, async () => {
    const { result: res, maxMs } = await worstStallMs(() =>
      env.t.call('POST', `${T}/matching/preview`, {
        plusplus_user_attribute: `${doublings(6)}|[0][0][0][0][0][0]`,
      }),
    );
    expect(res.status).toBe(200);
    // The same users match as with `email`: six doublings, then back to one copy.
    expect(res.body.difference).toMatchObject({ gained: 0, lost: 0, changed: 0 });
    expect(res.body.preview.plusplus_users.matched).toBe(res.body.current.plusplus_users.matched);
    expect(maxMs).toBeLessThan(500);
  });

  it('a record that is too big for the evaluation budget has no value; the others match', async () => {
    // 30,000 items (60 KB, within the 64 KiB record limit) under one user: three steps per item
    // is past the evaluation budget on this record only.
    const big = new Array(30_000).fill(0);
    expect((await env.t.call('PUT', `${T}/users/huge`, { email: 'huge@nowhere.example', big })).status).toBe(
      200,
    );
    const { result: res, maxMs } = await worstStallMs(() =>
      env.t.call('POST', `${T}/matching/preview`, {
        plusplus_user_attribute: 'not_null(big[*].[@, @] | [0], email)',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body.preview.plusplus_users.errors).toBe(1);
    expect(res.body.preview.plusplus_users.matched).toBe(res.body.current.plusplus_users.matched);
    expect(maxMs).toBeLessThan(500);
    expect((await env.t.call('DELETE', `${T}/users/huge`)).status).toBe(204);
  });
});
