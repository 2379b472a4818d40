import { signedHeaders } from '../../../src/internal-api/signature';
import { startTestApp, TEST_PLUSPLUS_SECRET, type TestApp } from '../../support/app';

const BASE = '/internal/v1/tenants/acme';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

describe('PUT /users/{id}', () => {
  it('stores the record with id set from the path and returns the user', async () => {
    const res = await t.call('PUT', `${BASE}/users/u1`, {
      id: 'someone-else',
      email: 'Ada@Example.com',
      name: 'Ada',
      is_admin: true,
      metadata: { employee_id: 'E-1' },
      extra: [1, 2],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      user_id: 'u1',
      record: {
        id: 'u1',
        email: 'Ada@Example.com',
        name: 'Ada',
        is_admin: true,
        metadata: { employee_id: 'E-1' },
        extra: [1, 2],
      },
      receive_slack_notifications: true,
      slack: null,
    });
  });

  it('replaces the record on a second PUT but keeps the preference', async () => {
    await t.call('PUT', `${BASE}/users/u2`, { email: 'b@example.com' });
    await t.call('PATCH', `${BASE}/users/u2/preferences`, { receive_slack_notifications: false });
    const res = await t.call('PUT', `${BASE}/users/u2`, { email: 'new@example.com' });
    expect(res.body.record).toEqual({ id: 'u2', email: 'new@example.com' });
    expect(res.body.receive_slack_notifications).toBe(false);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await t.call('PUT', `${BASE}/users/u3`, '{"email": ');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
    expect(res.body.message).toMatch(/not valid JSON/);
  });

  it('refuses an array instead of an object, with zod issues in details', async () => {
    const res = await t.call('PUT', `${BASE}/users/u3`, [{ email: 'a@example.com' }]);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
    expect(res.body.details[0].message).toMatch(/expected object/);
  });

  it('refuses wrong types of the fields the app reads', async () => {
    const res = await t.call('PUT', `${BASE}/users/u3`, { email: 42, is_admin: 'yes', metadata: [] });
    expect(res.status).toBe(400);
    const paths = res.body.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['email', 'is_admin', 'metadata']);
  });

  it('refuses a 65 KiB record with 413 and stores nothing', async () => {
    const res = await t.call('PUT', `${BASE}/users/big`, {
      email: 'a@example.com',
      blob: 'x'.repeat(65 * 1024),
    });
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('too_large');
    expect((await t.call('GET', `${BASE}/users/big`)).status).toBe(404);
  });

  it('accepts a record just under 64 KiB', async () => {
    const body = JSON.stringify({ email: 'a@example.com', blob: '' });
    const blob = 'x'.repeat(64 * 1024 - body.length);
    const res = await t.call('PUT', `${BASE}/users/almost`, { email: 'a@example.com', blob });
    expect(res.status).toBe(200);
  });

  it('refuses a body that is not JSON by content type', async () => {
    const raw = 'email=a@example.com';
    const res = await t.raw('PUT', `${BASE}/users/u3`, {
      body: raw,
      headers: {
        ...signedHeaders(TEST_PLUSPLUS_SECRET, 'PUT', `${t.internalUrl}${BASE}/users/u3`, raw),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
    });
    expect(res.status).toBe(415);
  });
});

describe('tenant and user ids in the path', () => {
  it('answers 404 for a tenant id with a slash (no such route)', async () => {
    const res = await t.call('GET', '/internal/v1/tenants/ac/me/users/u1');
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('not_found');
  });

  it('answers 400 for an encoded slash in the tenant id', async () => {
    const res = await t.call('GET', '/internal/v1/tenants/ac%2Fme/users/u1');
    expect(res.status).toBe(400);
    expect(res.body.details[0].path).toBe('tenant_id');
  });

  it('answers 400 for a 65-character tenant id and accepts 64', async () => {
    const long = await t.call('PUT', `/internal/v1/tenants/${'a'.repeat(65)}/users/u1`, {
      email: 'x@example.com',
    });
    expect(long.status).toBe(400);
    expect(long.body.details[0].path).toBe('tenant_id');
    const ok = await t.call('PUT', `/internal/v1/tenants/${'a'.repeat(64)}/users/u1`, {
      email: 'x@example.com',
    });
    expect(ok.status).toBe(200);
  });

  it('answers 404 for an unknown route and 405 for a wrong method', async () => {
    expect((await t.call('GET', `${BASE}/nothing-here`)).status).toBe(404);
    const wrong = await t.call('POST', `${BASE}/users/u1`, {});
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toContain('PUT');
  });
});

describe('POST /users (bulk)', () => {
  it('upserts many users in one go', async () => {
    const users = Array.from({ length: 1000 }, (_, i) => ({
      id: `bulk-${i}`,
      email: `user${i}@example.com`,
    }));
    const res = await t.call('POST', `${BASE}/users`, { users });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ upserted: 1000 });
    const one = await t.call('GET', `${BASE}/users/bulk-999`);
    expect(one.body.record).toEqual({ id: 'bulk-999', email: 'user999@example.com' });
  });

  it('refuses 1001 users, a user without id, and duplicate ids, storing nothing', async () => {
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ id: `many-${i}` }));
    expect((await t.call('POST', `${BASE}/users`, { users: tooMany })).status).toBe(400);
    const noId = await t.call('POST', `${BASE}/users`, {
      users: [{ id: 'ok-1' }, { email: 'x@example.com' }],
    });
    expect(noId.status).toBe(400);
    expect(noId.body.details[0].path).toBe('users.1.id');
    const dup = await t.call('POST', `${BASE}/users`, { users: [{ id: 'dup' }, { id: 'dup' }] });
    expect(dup.status).toBe(400);
    expect((await t.call('GET', `${BASE}/users/ok-1`)).status).toBe(404);
    expect((await t.call('GET', `${BASE}/users/dup`)).status).toBe(404);
  });

  it('refuses one record over 64 KiB with its index', async () => {
    const res = await t.call('POST', `${BASE}/users`, {
      users: [{ id: 'small' }, { id: 'huge', blob: 'x'.repeat(65 * 1024) }],
    });
    expect(res.status).toBe(413);
    expect(res.body.details.index).toBe(1);
    expect((await t.call('GET', `${BASE}/users/small`)).status).toBe(404);
  });

  it('refuses a batch body over 8 MiB with 413 before reading it, storing nothing', async () => {
    // 140 records of 64 KB each: every record within its limit, the batch not (design: ≤ 1000 users).
    const users = Array.from({ length: 140 }, (_, i) => ({ id: `heavy-${i}`, blob: 'x'.repeat(64 * 1000) }));
    const res = await t.call('POST', `${BASE}/users`, { users });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: 'too_large', details: { limit_bytes: 8 * 1024 * 1024 } });
    expect((await t.call('GET', `${BASE}/users/heavy-0`)).status).toBe(404);
    // The same records in batches that fit are fine.
    expect((await t.call('POST', `${BASE}/users`, { users: users.slice(0, 65) })).status).toBe(200);
  });

  it('refuses a body without users', async () => {
    expect((await t.call('POST', `${BASE}/users`, { users: [] })).status).toBe(400);
    expect((await t.call('POST', `${BASE}/users`, { people: [] })).status).toBe(400);
  });
});

describe('GET, DELETE and preferences', () => {
  it('answers 404 for an unknown user', async () => {
    const res = await t.call('GET', `${BASE}/users/nobody`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not_found', message: expect.stringContaining('nobody') });
  });

  it('keeps tenants apart', async () => {
    await t.call('PUT', '/internal/v1/tenants/other/users/u1', { email: 'other@example.com' });
    const mine = await t.call('GET', `${BASE}/users/u1`);
    expect(mine.body.record.email).toBe('Ada@Example.com');
  });

  it('deletes a user, and deleting again is still 204', async () => {
    await t.call('PUT', `${BASE}/users/gone`, { email: 'gone@example.com' });
    const first = await t.call('DELETE', `${BASE}/users/gone`);
    expect(first.status).toBe(204);
    expect(first.text).toBe('');
    expect((await t.call('GET', `${BASE}/users/gone`)).status).toBe(404);
    expect((await t.call('DELETE', `${BASE}/users/gone`)).status).toBe(204);
  });

  it('switches Slack notifications off and on', async () => {
    await t.call('PUT', `${BASE}/users/pref`, { email: 'pref@example.com' });
    const off = await t.call('PATCH', `${BASE}/users/pref/preferences`, {
      receive_slack_notifications: false,
    });
    expect(off.status).toBe(200);
    expect(off.body.receive_slack_notifications).toBe(false);
    const on = await t.call('PATCH', `${BASE}/users/pref/preferences`, { receive_slack_notifications: true });
    expect(on.body.receive_slack_notifications).toBe(true);
  });

  it('refuses bad preferences and unknown users', async () => {
    expect(
      (await t.call('PATCH', `${BASE}/users/pref/preferences`, { receive_slack_notifications: 'no' })).status,
    ).toBe(400);
    expect((await t.call('PATCH', `${BASE}/users/pref/preferences`, { mute: true })).status).toBe(400);
    expect(
      (await t.call('PATCH', `${BASE}/users/nobody/preferences`, { receive_slack_notifications: false }))
        .status,
    ).toBe(404);
  });
});
