import { signV1 } from '../../../src/internal-api/signature';
import { startTestApp, TEST_PLUSPLUS_SECRET, type TestApp } from '../../support/app';

const PATH = '/internal/v1/tenants/acme/users/sig-user';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await t.call('PUT', PATH, { email: 'sig@example.com' });
});
afterAll(async () => {
  await t.stop();
});

const now = () => Math.floor(Date.now() / 1000);

/** A v1 signature of `method target` with `body` (target: the path with query as sent). */
const sign = (secret: string, ts: number | string, body: string, method = 'PUT', target = PATH) =>
  signV1(secret, ts, { method, target, rawBody: body });

function headers(timestamp: number | string, signature: string, json = true): Record<string, string> {
  const h: Record<string, string> = {
    'X-PlusPlus-Request-Timestamp': String(timestamp),
    'X-PlusPlus-Signature': signature,
  };
  if (json) h['Content-Type'] = 'application/json';
  return h;
}

async function expectRefused(res: { status: number; body: unknown }) {
  expect(res.status).toBe(401);
  expect(res.body).toEqual({ error: 'invalid_signature', message: expect.any(String) });
}

describe('internal API signature (design §4)', () => {
  const body = JSON.stringify({ email: 'changed@example.com' });

  it('accepts the right signature', async () => {
    const ts = now();
    const res = await t.raw('PUT', PATH, {
      body,
      headers: headers(ts, sign(TEST_PLUSPLUS_SECRET, ts, body)),
    });
    expect(res.status).toBe(200);
  });

  it('accepts a GET signed over an empty body', async () => {
    const ts = now();
    const res = await t.raw('GET', PATH, {
      headers: headers(ts, sign(TEST_PLUSPLUS_SECRET, ts, '', 'GET'), false),
    });
    expect(res.status).toBe(200);
  });

  it('refuses a signature made with the wrong secret', async () => {
    const ts = now();
    await expectRefused(
      await t.raw('PUT', PATH, { body, headers: headers(ts, sign('wrong-secret', ts, body)) }),
    );
  });

  it('refuses a tampered body and changes nothing', async () => {
    const ts = now();
    const tampered = JSON.stringify({ email: 'attacker@example.com' });
    await expectRefused(
      await t.raw('PUT', PATH, {
        body: tampered,
        headers: headers(ts, sign(TEST_PLUSPLUS_SECRET, ts, body)),
      }),
    );
    const stored = await t.call('GET', PATH);
    expect(stored.body.record.email).not.toBe('attacker@example.com');
  });

  // The exact 300 s edges are unit-tested with a fixed clock (test/unit/signature.test.ts); here the
  // real clock moves while a busy machine works, so the future case and the accepted one keep a margin.
  it('refuses a timestamp 301 s old and one 320 s in the future, accepts 290 s old', async () => {
    for (const offset of [-301, 320]) {
      const ts = now() + offset;
      await expectRefused(
        await t.raw('PUT', PATH, { body, headers: headers(ts, sign(TEST_PLUSPLUS_SECRET, ts, body)) }),
      );
    }
    const ts = now() - 290;
    const ok = await t.raw('PUT', PATH, { body, headers: headers(ts, sign(TEST_PLUSPLUS_SECRET, ts, body)) });
    expect(ok.status).toBe(200);
  });

  it('refuses missing headers, a malformed timestamp and a signature for another timestamp', async () => {
    const ts = now();
    const sig = sign(TEST_PLUSPLUS_SECRET, ts, body);
    await expectRefused(await t.raw('PUT', PATH, { body, headers: { 'Content-Type': 'application/json' } }));
    await expectRefused(
      await t.raw('PUT', PATH, {
        body,
        headers: { 'X-PlusPlus-Request-Timestamp': String(ts), 'Content-Type': 'application/json' },
      }),
    );
    await expectRefused(
      await t.raw('PUT', PATH, {
        body,
        headers: { 'X-PlusPlus-Signature': sig, 'Content-Type': 'application/json' },
      }),
    );
    await expectRefused(await t.raw('PUT', PATH, { body, headers: headers('12abc', sig) }));
    await expectRefused(await t.raw('PUT', PATH, { body, headers: headers(ts + 1, sig) }));
    await expectRefused(await t.raw('PUT', PATH, { body, headers: headers(ts, 'v0=') }));
  });

  it('refuses unsigned requests to unknown routes too (no route discovery)', async () => {
    await expectRefused(await t.raw('GET', '/internal/v1/tenants/acme/secret-route'));
  });

  it('serves the OpenAPI document and metrics without a signature', async () => {
    const doc = await t.raw('GET', '/internal/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(doc.body.info.description).toContain('"v1:" + timestamp + ":" + METHOD + ":" + path with query');
    const put = doc.body.paths['/internal/v1/tenants/{tenant_id}/users/{user_id}'].put;
    expect(put.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/UserRecord',
    });
    expect(doc.body.components.schemas.UserRecord.properties.is_admin).toEqual({ type: 'boolean' });
    expect(doc.body.components.schemas.Error.required).toEqual(['error', 'message']);
    expect(put.responses['401']).toBeDefined();
    const metrics = await t.raw('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(
      /plusplus_slack_http_requests_total\{server="internal",route="[^"]+",method="PUT",status="200"\} \d+/,
    );
  });
});

describe('logs', () => {
  it('carry no secret', async () => {
    await t.call('GET', PATH);
    const text = t.logText();
    expect(text).toContain('internal request');
    expect(text).not.toContain(TEST_PLUSPLUS_SECRET);
    expect(text).not.toContain('test-slack-signing-secret');
  });
});
