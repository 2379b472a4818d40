import { signV0, signV1 } from '../../../src/internal-api/signature';
import { startTestApp, TEST_PLUSPLUS_SECRET, type TestApp } from '../../support/app';

/**
 * Issue 16: a `v1` signature is bound to the method, the path with its query and the body, so a
 * captured request cannot be replayed on another route, another tenant or another query within
 * the 300 s window; the body-only `v0` form is refused unless PLUSPLUS_ACCEPT_V0_SIGNATURES=true.
 */
const ACME = '/internal/v1/tenants/acme';
const VICTIM = `${ACME}/users/victim-user`;
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  expect((await t.call('PUT', VICTIM, { email: 'victim@example.com' })).status).toBe(200);
});
afterAll(async () => {
  await t.stop();
});

const now = () => String(Math.floor(Date.now() / 1000));

function signed(ts: string, signature: string, json = false): Record<string, string> {
  return {
    'X-PlusPlus-Request-Timestamp': ts,
    'X-PlusPlus-Signature': signature,
    ...(json ? { 'Content-Type': 'application/json' } : {}),
  };
}

/** The headers of a correctly signed `method target` request, as an eavesdropper would capture them. */
function capture(method: string, target: string, body = ''): Record<string, string> {
  const ts = now();
  return signed(ts, signV1(TEST_PLUSPLUS_SECRET, ts, { method, target, rawBody: body }), body !== '');
}

async function expectRefused(res: { status: number; body: unknown }) {
  expect(res.status).toBe(401);
  expect(res.body).toEqual({ error: 'invalid_signature', message: expect.any(String) });
}

describe('v1 signatures are bound to the request', () => {
  it('a signature captured from GET /tenants/demo/slack authorises nothing else', async () => {
    const captured = capture('GET', '/internal/v1/tenants/demo/slack');
    expect((await t.raw('GET', '/internal/v1/tenants/demo/slack', { headers: captured })).status).toBe(200);

    await expectRefused(await t.raw('POST', `${ACME}/slack/connect`, { headers: captured }));
    await expectRefused(await t.raw('GET', '/internal/v1/tenants/acme/slack', { headers: captured }));
    await expectRefused(await t.raw('GET', VICTIM, { headers: captured }));
    await expectRefused(await t.raw('DELETE', VICTIM, { headers: captured }));
    await expectRefused(await t.raw('DELETE', '/internal/v1/tenants/demo/slack', { headers: captured }));
    expect((await t.call('GET', VICTIM)).status).toBe(200);
  });

  it('a signed notification body is refused for another tenant, and nothing is queued there', async () => {
    const body = JSON.stringify({
      idempotency_key: 'bound-1',
      type: 'invite',
      recipient_user_ids: ['victim-user'],
      content: { id: 'e1', title: 'Data 101' },
    });
    const headers = capture('POST', `${ACME}/notifications`, body);
    await expectRefused(await t.raw('POST', '/internal/v1/tenants/other/notifications', { body, headers }));
    const rows = await t.app.database.dataSource.query(
      `SELECT count(*)::int AS n FROM notifications WHERE tenant_id = 'other'`,
    );
    expect(rows[0].n).toBe(0);
    // The same request where it was signed for is fine.
    expect((await t.raw('POST', `${ACME}/notifications`, { body, headers })).status).toBe(202);
  });

  it('signs the query string: another query, or none, is refused', async () => {
    const headers = capture('GET', `${VICTIM}?view=full`);
    await expectRefused(await t.raw('GET', `${VICTIM}?view=other`, { headers }));
    await expectRefused(await t.raw('GET', VICTIM, { headers }));
    await expectRefused(await t.raw('GET', `${VICTIM}?view=full&x=1`, { headers }));
    expect((await t.raw('GET', `${VICTIM}?view=full`, { headers })).status).toBe(200);
  });

  it('refuses a correct v0 signature by default', async () => {
    const ts = now();
    const body = JSON.stringify({ email: 'v0@example.com' });
    await expectRefused(
      await t.raw('PUT', VICTIM, { body, headers: signed(ts, signV0(TEST_PLUSPLUS_SECRET, ts, body), true) }),
    );
    expect((await t.call('GET', VICTIM)).body.record.email).toBe('victim@example.com');
  });
});

describe('PLUSPLUS_ACCEPT_V0_SIGNATURES=true', () => {
  let legacy: TestApp;
  beforeAll(async () => {
    legacy = await startTestApp({ PLUSPLUS_ACCEPT_V0_SIGNATURES: 'true' });
  });
  afterAll(async () => {
    await legacy.stop();
  });

  it('accepts v0 as well as v1, and says so at start', async () => {
    const ts = now();
    const body = JSON.stringify({ email: 'v0@example.com' });
    const put = await legacy.raw('PUT', VICTIM, {
      body,
      headers: signed(ts, signV0(TEST_PLUSPLUS_SECRET, ts, body), true),
    });
    expect(put.status).toBe(200);
    expect((await legacy.call('GET', VICTIM)).body.record.email).toBe('v0@example.com');
    // A wrong v0 is still refused.
    await expectRefused(
      await legacy.raw('PUT', VICTIM, { body, headers: signed(ts, signV0('wrong-secret', ts, body), true) }),
    );
    const warning = legacy.logs.find((l) => String(l.msg).includes('PLUSPLUS_ACCEPT_V0_SIGNATURES'));
    expect(warning?.level).toBe(40);
  });
});
