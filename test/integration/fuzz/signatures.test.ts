import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { signV1 } from '../../../src/internal-api/signature';
import {
  startTestApp,
  TEST_PLUSPLUS_SECRET,
  TEST_SLACK_SIGNING_SECRET,
  type TestApp,
} from '../../support/app';

/**
 * Forged, replayed and stale signatures on both servers (issue 10): the internal API
 * (X-PlusPlus-*) and the Slack-facing /slack/events (X-Slack-*, verified by Bolt). Every refused
 * request is 401 and changes nothing; a request replayed as it was, inside the window, is harmless
 * because the operations are idempotent (same answer, nothing new stored).
 */
let t: TestApp;
const USER = '/internal/v1/tenants/sig/users/sig-user';
const NOTIFY = '/internal/v1/tenants/sig/notifications';
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  t = await startTestApp();
  expect((await t.call('PUT', USER, { email: 'kept@example.com' })).status).toBe(200);
});
afterAll(async () => {
  await t.stop();
});

type Server = 'internal' | 'slack';

/** Sends `body` to the server with exactly the given timestamp and signature headers. */
async function send(server: Server, body: string, timestamp: string, signature: string) {
  if (server === 'internal') {
    return t.raw('PUT', USER, {
      body,
      headers: {
        'Content-Type': 'application/json',
        'X-PlusPlus-Request-Timestamp': timestamp,
        'X-PlusPlus-Signature': signature,
      },
    });
  }
  const res = await fetch(`${t.slackUrl}/slack/events`, {
    method: 'POST',
    body,
    headers: {
      'Content-Type': 'application/json',
      'X-Slack-Request-Timestamp': timestamp,
      'X-Slack-Signature': signature,
    },
  });
  await res.text();
  return { status: res.status };
}

function signFor(server: Server, ts: string | number, body: string, secret?: string): string {
  if (server === 'internal') {
    return signV1(secret ?? TEST_PLUSPLUS_SECRET, ts, { method: 'PUT', target: USER, rawBody: body });
  }
  const key = secret ?? TEST_SLACK_SIGNING_SECRET;
  return `v0=${createHmac('sha256', key).update(`v0:${ts}:${body}`).digest('hex')}`;
}

const bodyFor = (server: Server, email: string) =>
  server === 'internal'
    ? JSON.stringify({ email })
    : JSON.stringify({ token: 'x', type: 'url_verification', challenge: email });

const servers = fc.constantFrom<Server>('internal', 'slack');
const emails = fc.emailAddress().filter((e) => e.length < 200);

async function expectNothingChanged() {
  const stored = await t.call('GET', USER);
  expect(stored.body.record.email).toBe('kept@example.com');
}

describe('signatures on both servers', () => {
  it('refuses forged signatures: random, wrong secret, or for another body', async () => {
    const forged = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.stringMatching(/^v[01]=[0-9a-f]{64}$/),
      fc.constantFrom('v0=', 'v1='),
    );
    await fc.assert(
      fc.asyncProperty(servers, emails, forged, async (server, email, signature) => {
        const body = bodyFor(server, email);
        expect((await send(server, body, String(now()), signature)).status).toBe(401);
        const wrongSecret = signFor(server, now(), body, 'not-the-secret');
        expect((await send(server, body, String(now()), wrongSecret)).status).toBe(401);
        const otherBody = signFor(server, now(), bodyFor(server, 'kept@example.com'));
        expect((await send(server, body, String(now()), otherBody)).status).toBe(401);
      }),
      { numRuns: 25, seed: 10 },
    );
    await expectNothingChanged();
  }, 60_000);

  it('refuses stale and future timestamps even when correctly signed', async () => {
    // 30 s clear of the 300 s window on either side: the clock moves while a busy machine works.
    const offsets = fc.oneof(
      fc.integer({ min: 330, max: 10_000_000 }),
      fc.integer({ min: -10_000_000, max: -330 }),
    );
    await fc.assert(
      fc.asyncProperty(servers, emails, offsets, async (server, email, offset) => {
        const ts = now() - offset;
        const body = bodyFor(server, email);
        expect((await send(server, body, String(ts), signFor(server, ts, body))).status).toBe(401);
      }),
      { numRuns: 25, seed: 11 },
    );
    await expectNothingChanged();
  }, 60_000);

  it('refuses a captured request replayed with a fresh timestamp or a changed body', async () => {
    await fc.assert(
      fc.asyncProperty(servers, emails, fc.integer({ min: 1, max: 299 }), async (server, email, age) => {
        const captured = now() - age;
        const body = bodyFor(server, email);
        const signature = signFor(server, captured, body);
        // The old signature under a new timestamp, and under the right timestamp with a new body.
        expect((await send(server, body, String(now()), signature)).status).toBe(401);
        const changed = bodyFor(server, `x${email}`);
        expect((await send(server, changed, String(captured), signature)).status).toBe(401);
      }),
      { numRuns: 25, seed: 12 },
    );
    await expectNothingChanged();
  }, 60_000);

  it('refuses malformed timestamp headers', async () => {
    const malformed = fc.oneof(
      fc.string({ maxLength: 20 }).filter((s) => !/^\d{1,10}$/.test(s)),
      fc.constantFrom('', '-1', '1e9', ' 1700000000', '0x65', '99999999999999999999'),
    );
    await fc.assert(
      fc.asyncProperty(servers, malformed, async (server, ts) => {
        const body = bodyFor(server, 'malformed@example.com');
        const res = await send(server, body, ts, signFor(server, ts, body)).catch(() => ({ status: 401 }));
        expect(res.status).toBe(401);
      }),
      { numRuns: 25, seed: 13 },
    );
    await expectNothingChanged();
  }, 60_000);

  it('a request replayed as it was, inside the window, is idempotent: same answer, nothing new', async () => {
    const body = JSON.stringify({
      idempotency_key: 'replayed',
      type: 'invite',
      recipient_user_ids: ['sig-user'],
      content: { id: 'e1', title: 'Replay' },
    });
    const ts = String(now());
    const headers = {
      'Content-Type': 'application/json',
      'X-PlusPlus-Request-Timestamp': ts,
      'X-PlusPlus-Signature': signV1(TEST_PLUSPLUS_SECRET, ts, {
        method: 'POST',
        target: NOTIFY,
        rawBody: body,
      }),
    };
    const first = await t.raw('POST', NOTIFY, { body, headers });
    const replays = await Promise.all(
      Array.from({ length: 5 }, () => t.raw('POST', NOTIFY, { body, headers })),
    );
    expect(first.status).toBe(202);
    for (const r of replays) {
      expect(r.status).toBe(200);
      expect(r.body).toEqual(first.body);
    }
    const rows = await t.app.database.dataSource.query(
      `SELECT count(*)::int AS n FROM deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE n.tenant_id = 'sig' AND n.idempotency_key = 'replayed'`,
    );
    expect(rows[0].n).toBe(1);
  });
});
