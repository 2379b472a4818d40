import { monitorEventLoopDelay } from 'node:perf_hooks';
import fc from 'fast-check';
import { RETURN_URL, type SandboxEnv, startSandboxEnv } from '../../support/sandbox-env';

/**
 * Compute budgets under fuzz (issue 16): JMESPath expressions and templates built from their
 * grammars, with explosive compositions (`|[@,@]`, nested multi-selects and projections, nested
 * sections over lists) over-represented, are previewed, saved and used through the whole app,
 * which runs in this process. The event loop must stay responsive throughout: p99 delay under
 * 100 ms, and no answer of 500 or more. Seeded, bounded run counts (about 15 s in all).
 */
let env: SandboxEnv;
const T = '/internal/v1/tenants/fuzz-budget';

beforeAll(async () => {
  env = await startSandboxEnv();
  const ws = env.sb.createWorkspace({ name: 'Fuzz Budget', members: 60, seed: 23 });
  env.sb.setDefaultWorkspace(ws.id);
  const people = ws.members.filter(
    (m) => !m.deleted && !m.isBot && !m.isAppUser && m.email && m.id !== 'USLACKBOT',
  );
  const users = people.map((m, i) => ({
    id: `u${i}`,
    email: m.email,
    name: m.realName ?? `User ${i}`,
    tags: ['a', 'b', String(i)],
    profile: { level: i % 5, teams: [{ name: 'x', size: i }] },
  }));
  expect((await env.t.call('POST', `${T}/users`, { users })).status).toBe(200);
  const link = await env.t.call('POST', `${T}/slack/connect`, { return_url: RETURN_URL });
  await env.browser.visit(link.body.authorize_url);
  expect((await env.t.call('PATCH', `${T}/slack/settings`, { notifications_enabled: true })).status).toBe(
    200,
  );
  const end = Date.now() + 20_000;
  while (Date.now() < end) {
    const report = await env.t.call('GET', `${T}/matching/report`);
    if (report.status === 200 && report.body.directory.warm) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the directory never became warm');
}, 60_000);
afterAll(async () => {
  await env.stop();
});

// ---------------------------------------------------------------------------------------------
// JMESPath from its grammar (a practical subset: every node type the engine interprets).

const FIELDS = ['email', 'name', 'tags', 'profile', 'level', 'teams', 'size', 'real_name', 'a'];
const jmespath = fc
  .letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(...FIELDS),
      fc.constantFrom('@', '`"lit"`', '`[1, 2, 3]`', "'raw'"),
      fc.tuple(tie('expr'), fc.constantFrom(...FIELDS)).map(([e, f]) => `${e}.${f}`),
      fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `${a} | ${b}`),
      fc.array(tie('expr'), { minLength: 1, maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`),
      fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `{x: ${a}, y: ${b}}`),
      tie('expr').map((e) => `(${e})[*]`),
      tie('expr').map((e) => `(${e})[]`),
      tie('expr').map((e) => `(${e})[0]`),
      tie('expr').map((e) => `(${e})[::-1]`),
      fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([a, b, c]) => `(${a})[?${b} == ${c}]`),
      fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `${a} || ${b}`),
      tie('expr').map((e) => `!${e}`),
      tie('expr').map((e) => `to_string(${e})`),
      tie('expr').map((e) => `length(${e})`),
      tie('expr').map((e) => `not_null(${e}, email)`),
      tie('expr').map((e) => `sort_by(to_array(${e}), &to_string(@))`),
      tie('expr').map((e) => `map(&[@, @], to_array(${e}))`),
      // The explosive shape of the issue, k doublings of whatever came before.
      fc.tuple(tie('expr'), fc.integer({ min: 1, max: 30 })).map(([e, k]) => `${e}${'|[@,@]'.repeat(k)}`),
      fc.tuple(tie('expr'), fc.integer({ min: 1, max: 12 })).map(([e, k]) => `${e}${'.[@, @][]'.repeat(k)}`),
    ),
  }))
  .expr.filter((e) => e.length <= 1000);

// ---------------------------------------------------------------------------------------------
// Templates from the Mustache grammar: text, variables and sections, nested.

const NAMES = ['data.a', 'data.b', '.', 'x', 'content.title', 'data.a.0'];
const template = fc
  .letrec<{ body: string }>((tie) => ({
    body: fc
      .array(
        fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          fc.constantFrom('Hello ', '*bold* ', '\n', '<https://x.example|x> ', '& '),
          fc.constantFrom(...NAMES).map((n) => `{{${n}}}`),
          fc.constantFrom('{{! a comment }}', '{{content.title}}'),
          fc
            .tuple(fc.constantFrom('#', '^'), fc.constantFrom(...NAMES), tie('body'))
            .map(([kind, name, inner]) => `{{${kind}${name}}}${inner}{{/${name}}}`),
          fc
            .tuple(fc.integer({ min: 2, max: 6 }), tie('body'))
            .map(([depth, inner]) => `${'{{#data.a}}'.repeat(depth)}${inner}${'{{/data.a}}'.repeat(depth)}`),
        ),
        { maxLength: 5 },
      )
      .map((parts) => parts.join('') || 'x'),
  }))
  .body.filter((b) => b.length <= 10_000);

/**
 * Notification data inside the API's limits (16 KiB, lists of up to 100 items, 5 levels): the
 * longest lists it allows, which is what makes nested sections expensive.
 */
const hostileData = fc.record({
  a: fc.oneof(
    fc.constant(Array.from({ length: 100 }, () => new Array(30).fill(0))),
    fc.constant(Array.from({ length: 100 }, (_, i) => ({ x: 'y'.repeat(80), i }))),
    fc.array(fc.string({ maxLength: 20 }), { maxLength: 100 }),
  ),
  b: fc.oneof(fc.constant(Array.from({ length: 100 }, () => 'z'.repeat(20))), fc.boolean(), fc.string()),
});

// ---------------------------------------------------------------------------------------------

/** Every answer of this fuzz: anything ≥ 500 is a failure. */
const failures: string[] = [];
async function call(method: string, path: string, body?: unknown) {
  const res = await env.t.call(method, path, body);
  if (res.status >= 500)
    failures.push(`${method} ${path} ${JSON.stringify(body)} → ${res.status} ${res.text}`);
  return res;
}

describe('budgets under grammar-built input', () => {
  it('keeps the event loop responsive (p99 delay < 100 ms) and never answers 5xx', async () => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    let key = 0;
    try {
      await fc.assert(
        fc.asyncProperty(jmespath, async (expression) => {
          const preview = await call('POST', `${T}/matching/preview`, {
            plusplus_user_attribute: expression,
          });
          expect([200, 422]).toContain(preview.status);
          const saved = await call('PATCH', `${T}/slack/settings`, { plusplus_user_attribute: expression });
          if (saved.status === 200) {
            // Used: a report and a re-match with it, then back to the default.
            await call('GET', `${T}/matching/report?limit=5`);
            await call('POST', `${T}/matching/run`);
            await call('PATCH', `${T}/slack/settings`, { plusplus_user_attribute: 'email' });
          }
        }),
        { numRuns: 60, seed: 1616 },
      );
      await fc.assert(
        fc.asyncProperty(template, hostileData, async (body, data) => {
          const preview = await call('POST', `${T}/templates/reminder/preview`, { template: { body }, data });
          expect([200, 422]).toContain(preview.status);
          const saved = await call('PUT', `${T}/templates/reminder`, { template: { body } });
          if (saved.status === 200) {
            await call('POST', `${T}/templates/reminder/preview`, { data });
            const sent = await call('POST', `${T}/notifications`, {
              idempotency_key: `fuzz-${++key}`,
              type: 'reminder',
              recipient_user_ids: ['u0'],
              content: { id: 'evt-1', title: 'Data 101' },
              data,
            });
            expect(sent.status).toBe(202);
          }
        }),
        { numRuns: 60, seed: 1617 },
      );
    } finally {
      delay.disable();
    }
    expect(failures).toEqual([]);
    const p99 = delay.percentile(99) / 1e6;
    const max = delay.max / 1e6;
    process.stdout.write(
      `event-loop delay during the fuzz: p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms\n`,
    );
    expect(p99).toBeLessThan(100);
  }, 120_000);
});
