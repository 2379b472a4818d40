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
