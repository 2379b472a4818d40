import { type SandboxEnv, startSandboxEnv } from '../../support/sandbox-env';

/**
 * Request bodies at the edges of JSON: U+0000, which JSON can carry (escaped) but PostgreSQL can
 * store in neither text nor jsonb, is refused with a 400 naming where it is, instead of failing in
 * the database; and no body at all is `{}` where every field of the route is optional.
 */
let env: SandboxEnv;
const T = '/internal/v1/tenants/bodies';

beforeAll(async () => {
  env = await startSandboxEnv();
});
afterAll(async () => {
  await env.stop();
});

describe('U+0000 in a JSON body', () => {
  it.each([
    ['a user record field', 'PUT', `${T}/users/u1`, { email: 'u1@example.com', note: 'a\u0000b' }, 'note'],
    ['a key of a user record', 'PUT', `${T}/users/u1`, { email: 'u1@example.com', 'x\u0000': 1 }, 'x\u0000'],
    [
      'a user in a bulk upsert',
      'POST',
      `${T}/users`,
      { users: [{ id: 'u2', name: '\u0000' }] },
      'users.0.name',
    ],
    [
      'a notification title',
      'POST',
      `${T}/notifications`,
      {
        idempotency_key: 'nul-1',
        type: 'invite',
        recipient_user_ids: ['u1'],
        content: { id: 'e1', title: 'Intro\u0000' },
      },
      'content.title',
    ],
    [
      'notification data',
      'POST',
      `${T}/notifications`,
      {
        idempotency_key: 'nul-2',
        type: 'invite',
        recipient_user_ids: ['u1'],
        content: { id: 'e1', title: 'Intro' },
        data: { deep: { list: ['ok', '\u0000'] } },
      },
      'data.deep.list.1',
    ],
  ])('in %s: 400 invalid_request naming the place, nothing stored', async (_what, method, path, body, at) => {
    const res = await env.t.call(method, path, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
    expect(res.body.details).toEqual([{ path: at, code: 'nul_character', message: 'contains \\u0000' }]);
  });

  it('stores nothing of a refused request, and takes the same text without the NUL', async () => {
    expect((await env.t.call('GET', `${T}/users/u2`)).status).toBe(404);
    const ok = await env.t.call('PUT', `${T}/users/u1`, { email: 'u1@example.com', note: 'a\\u0000b' });
    expect(ok.status).toBe(200);
    expect(ok.body.record.note).toBe('a\\u0000b');
  });
});

describe('half of a UTF-16 surrogate pair in a JSON body', () => {
  // Written as raw JSON text, so the escape reaches the server exactly as a client may send it.
  it.each([
    [
      'a user name',
      'PUT',
      `${T}/users/s1`,
      String.raw`{"email": "s1@example.com", "name": "Ada \ud800"}`,
      'name',
    ],
    ['a key', 'PUT', `${T}/users/s1`, String.raw`{"email": "s1@example.com", "\udc00": 1}`, '\udc00'],
    [
      'notification data',
      'POST',
      `${T}/notifications`,
      String.raw`{"idempotency_key": "sur-1", "type": "invite", "recipient_user_ids": ["u1"], "content": {"id": "e1", "title": "T"}, "data": {"l": ["ok", "\uDC00x"]}}`,
      'data.l.1',
    ],
  ])('in %s: 400 invalid_request naming the place', async (_what, method, path, raw, at) => {
    const res = await env.t.call(method, path, raw);
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      { path: at, code: 'lone_surrogate', message: 'contains half of a UTF-16 surrogate pair' },
    ]);
    expect((await env.t.call('GET', `${T}/users/s1`)).status).toBe(404);
  });

  it('takes a whole pair, escaped or not', async () => {
    // The same emoji twice: once as an escaped pair, once as the character itself.
    const raw = `{"email": "s2@example.com", "name": "\\ud83d\\ude00 \u{1F600}"}`;
    const res = await env.t.call('PUT', `${T}/users/s2`, raw);
    expect(res.status).toBe(200);
    expect(res.body.record.name).toBe('\u{1F600} \u{1F600}');
  });
});

describe('no body at all', () => {
  it('is the empty object where every field is optional (POST /slack/connect)', async () => {
    const res = await env.t.call('POST', `${T}/slack/connect`);
    expect(res.status).toBe(200);
    expect(res.body.authorize_url).toMatch(/\/slack\/install\?ticket=/);
  });

  it('is still refused where fields are required', async () => {
    const res = await env.t.call('POST', `${T}/notifications`);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('The request needs a JSON body.');
  });
});
