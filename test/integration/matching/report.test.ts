import { MatchingSchemas } from '../../../src/internal-api/matching';
import { RETURN_URL, type SandboxEnv, startSandboxEnv } from '../../support/sandbox-env';

/**
 * Match report, preview and bulk re-match over a synced directory: the first sync starts by itself
 * after the install.
 */
let env: SandboxEnv;
let teamId: string;
let people: Array<{ id: string; email: string; employeeId: string | undefined }>;
let fieldId: string;
const T = '/internal/v1/tenants/rep';

/** Every object key anywhere in a JSON answer that is not snake_case (design §4). */
function camelKeys(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => camelKeys(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(/^[a-z0-9_]+$/.test(k) ? [] : [`${path}.${k}`]),
    ...camelKeys(v, `${path}.${k}`),
  ]);
}

async function waitForWarm(): Promise<void> {
  const end = Date.now() + 20_000;
  while (Date.now() < end) {
    const report = await env.t.call('GET', `${T}/matching/report`);
    if (report.status === 200 && report.body.directory.warm) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `the directory never became warm: ${env.t
      .logText()
      .split('\n')
      .filter((l) => l.includes('director'))
      .join('\n')}`,
  );
}

beforeAll(async () => {
  env = await startSandboxEnv();
  const ws = env.sb.createWorkspace({ name: 'Report', members: 60, seed: 5 });
  teamId = ws.id;
  fieldId = ws.fields[0]!.id;
  env.sb.setDefaultWorkspace(ws.id);
  const link = await env.t.call('POST', `${T}/slack/connect`, { return_url: RETURN_URL });
  expect((await env.browser.visit(link.body.authorize_url)).location).toBe(`${RETURN_URL}?slack=connected`);
  people = ws.members
    .filter((m) => !m.deleted && !m.isBot && !m.isAppUser && m.email && m.id !== 'USLACKBOT')
    .map((m) => ({ id: m.id, email: m.email!, employeeId: m.fields[fieldId]?.value }));
  const users = people.slice(0, 10).map((p, i) => ({
    id: `p${i}`,
    email: i % 2 ? p.email.toUpperCase() : p.email,
    metadata: { employee_id: p.employeeId ?? null },
  }));
  users.push({ id: 'ghost', email: 'ghost@nowhere.example', metadata: { employee_id: null } });
  users.push({ id: 'twin-a', email: 'twin@nowhere.example', metadata: { employee_id: null } });
  const former = ws.members.find((m) => m.deleted && m.email)!;
  users.push({ id: 'former', email: former.email!, metadata: { employee_id: null } });
  await env.t.call('POST', `${T}/users`, { users: [...users, { id: 'noemail', name: 'No Email' }] });
  await waitForWarm();
});
afterAll(async () => {
  await env.stop();
});

describe('matching report, preview and re-match', () => {
  it('counts Slack members and PlusPlus users and lists the unmatched with a reason', async () => {
    const res = await env.t.call('GET', `${T}/matching/report?limit=50`);
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.slack_members.total).toBe(env.sb.workspace(teamId).members.length); // 60 and our bot
    expect(r.slack_members.matchable).toBe(people.length);
    expect(r.slack_members.total).toBe(
      r.slack_members.deleted +
        r.slack_members.bots +
        r.slack_members.without_email +
        r.slack_members.matchable,
    );
    expect(r.plusplus_users).toMatchObject({ total: 14, matched: 10 });
    const reasons = Object.fromEntries(
      r.unmatched.map((u: { user_id: string; reason: string }) => [u.user_id, u.reason]),
    );
    expect(reasons).toEqual({
      ghost: 'not_found',
      'twin-a': 'not_found',
      noemail: 'no_value',
      former: 'slack_member_deactivated',
    });
    expect(r.unmatched_total).toBe(4);
    expect(camelKeys(r)).toEqual([]);
    expect(MatchingSchemas.MatchingReport.safeParse(r).error).toBeUndefined();
    const page = await env.t.call('GET', `${T}/matching/report?limit=1&offset=1`);
    expect(page.body.unmatched).toHaveLength(1);
    expect((await env.t.call('GET', `${T}/matching/report?limit=0`)).status).toBe(400);
  });

  it('re-matches in the background and stores the links', async () => {
    expect((await env.t.call('POST', `${T}/matching/run`)).status).toBe(202);
    const end = Date.now() + 10_000;
    let user: { slack: { user_id: string } | null } = { slack: null };
    while (Date.now() < end && !user.slack) {
      user = (await env.t.call('GET', `${T}/users/p1`)).body;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(user.slack?.user_id).toBe(people[1]!.id);
    expect((await env.t.call('GET', `${T}/users/ghost`)).body.slack).toBeNull();
  });

  it('previews a custom-field mapping without saving it', async () => {
    const res = await env.t.call('POST', `${T}/matching/preview`, {
      plusplus_user_attribute: 'metadata.employee_id',
      slack_user_attribute: `profile.fields.${fieldId}.value`,
    });
    expect(res.status).toBe(200);
    const withIds = people.slice(0, 10).filter((p) => p.employeeId).length;
    expect(res.body.preview.plusplus_users.matched).toBe(withIds);
    expect(res.body.current.plusplus_users.matched).toBe(10);
    expect(res.body.difference.matched).toBe(withIds - 10);
    expect(res.body.difference.lost).toBe(10 - withIds);
    // The examples speak the API's snake_case: {user_id, from, reason} for a user who would lose
    // their link (the domain's {userId, from} stays inside the app).
    expect(camelKeys(res.body)).toEqual([]);
    expect(MatchingSchemas.MatchingPreview.safeParse(res.body).error).toBeUndefined();
    const lostIds = people
      .slice(0, 10)
      .map((p, i) => ({ p, id: `p${i}` }))
      .filter(({ p }) => !p.employeeId);
    expect(res.body.difference.examples.lost).toEqual(
      lostIds.map(({ p, id }) => ({ user_id: id, from: p.id, reason: 'no_value' })),
    );
    // {user_id, to} for a gain, {user_id, from, to} for a change.
    const [other, spare] = [people[20]!, people[21]!];
    const shifted = await env.t.call('POST', `${T}/matching/preview`, {
      plusplus_user_attribute: `id == 'p0' && '${other.email}' || id == 'noemail' && '${spare.email}' || email`,
    });
    expect(shifted.status).toBe(200);
    expect(camelKeys(shifted.body)).toEqual([]);
    expect(shifted.body.difference.examples).toEqual({
      gained: [{ user_id: 'noemail', to: spare.id }],
      lost: [],
      changed: [{ user_id: 'p0', from: people[0]!.id, to: other.id }],
    });
    const settings = (await env.t.call('GET', `${T}/slack`)).body.settings;
    expect(settings.slack_user_attribute).toBe('profile.email');
  });

  it('refuses a preview with a bad expression, naming the field', async () => {
    const res = await env.t.call('POST', `${T}/matching/preview`, { slack_user_attribute: 'profile.[' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: 'invalid_expression', field: 'slack_user_attribute' });
  });

  it('resolves Test Slack from the warm directory without any users.* call', async () => {
    const before = env.sb.calls({ teamId }).length;
    const res = await env.t.call('POST', `${T}/users/p3/test-slack`, { actor_user_id: 'p3' });
    expect(res.body).toMatchObject({
      outcome: 'matched',
      slack: { user_id: people[3]!.id },
      test_message: { sent: true },
    });
    const methods = env.sb
      .calls({ teamId })
      .slice(before)
      .map((c) => c.method);
    expect(methods.filter((m) => m.startsWith('users.'))).toEqual([]);
    expect(methods).toEqual(['chat.postMessage']);
  });

  it('answers 409 for a tenant that is not connected', async () => {
    expect((await env.t.call('GET', '/internal/v1/tenants/nowhere/matching/report')).status).toBe(409);
  });
});
