import { MAX_JSON_DEPTH } from '../../../src/internal-api/json-depth';
import { type SandboxEnv, startSandboxEnv } from '../../support/sandbox-env';

/**
 * JSON nested deeper than MAX_JSON_DEPTH is refused with 400 before anything recursive sees it.
 * It used to be a 500: 5,000 levels fit in 64 KiB and overflowed the stack in JSON.stringify (on
 * the way to PostgreSQL) and in canonical JSON (the notification's idempotency hash).
 */
let env: SandboxEnv;
const T = '/internal/v1/tenants/depth';

/** `levels` nested arrays around `leaf`, as raw JSON text (built without recursion). */
const nestedArrays = (levels: number, leaf = '1') => `${'['.repeat(levels)}${leaf}${']'.repeat(levels)}`;
const nestedObjects = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

beforeAll(async () => {
  env = await startSandboxEnv();
});
afterAll(async () => {
  await env.stop();
});

const notification = (key: string, data: string) =>
  `{"idempotency_key": "${key}", "type": "invite", "recipient_user_ids": ["u1"], "content": {"id": "e1", "title": "T"}, "data": ${data}}`;

describe(`JSON deeper than ${MAX_JSON_DEPTH} levels`, () => {
  it.each([
    [
      'PUT /users/{id}, 5,000 nested arrays',
      'PUT',
      `${T}/users/deep1`,
      `{"email": "d@example.com", "x": ${nestedArrays(5000)}}`,
    ],
    [
      'PUT /users/{id}, 5,000 nested objects',
      'PUT',
      `${T}/users/deep2`,
      `{"email": "d@example.com", "x": ${nestedObjects(5000)}}`,
    ],
    ['a bulk POST /users', 'POST', `${T}/users`, `{"users": [{"id": "deep3", "x": ${nestedArrays(5000)}}]}`],
    ["a notification's data", 'POST', `${T}/notifications`, notification('deep-1', nestedObjects(5000))],
    ['a body that is only arrays (30,000 levels)', 'PUT', `${T}/users/deep4`, nestedArrays(30_000)],
  ])('%s: 400 invalid_request, nothing stored', async (_what, method, path, raw) => {
    const res = await env.t.call(method, path, raw);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: 'invalid_request',
      message: `The body nests deeper than ${MAX_JSON_DEPTH} levels of arrays and objects.`,
    });
    for (const id of ['deep1', 'deep2', 'deep3', 'deep4']) {
      expect((await env.t.call('GET', `${T}/users/${id}`)).status).toBe(404);
    }
  });

  it(`one level past the limit is refused; the limit itself is stored and read back`, async () => {
    // The body object is level 1, so the field holds MAX_JSON_DEPTH - 1 more levels.
    const over = await env.t.call('PUT', `${T}/users/edge`, `{"x": ${nestedArrays(MAX_JSON_DEPTH)}}`);
    expect(over.status).toBe(400);
    const at = await env.t.call('PUT', `${T}/users/edge`, `{"x": ${nestedArrays(MAX_JSON_DEPTH - 1)}}`);
    expect(at.status).toBe(200);
    const got = await env.t.call('GET', `${T}/users/edge`);
    expect(JSON.stringify(got.body.record.x)).toBe(nestedArrays(MAX_JSON_DEPTH - 1));
  });

  it('the server keeps answering afterwards', async () => {
    const res = await env.t.call('GET', `${T}/users/edge`);
    expect(res.status).toBe(200);
  });
});
