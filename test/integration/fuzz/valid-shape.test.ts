import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { CONTENT_LIMITS, TEMPLATE_SOURCE_LIMITS } from '../../../src/domain/templates/limits';
import { MAX_USER_RECORD_BYTES } from '../../../src/internal-api/users';
import type { CallResult } from '../../support/app';
import { RETURN_URL, type SandboxEnv, startSandboxEnv } from '../../support/sandbox-env';

/**
 * Mutation fuzz of the internal API's write routes: each run starts from a VALID body, replaces
 * exactly one leaf (a string, number, boolean or null anywhere in it, or an object key) with a
 * hostile value, sends it signed and expects an answer below 500; after a 2xx, the follow-up GETs
 * of what was written answer below 500 too, and after a 4xx, what the route writes is unchanged
 * ("loses nothing"). Unlike the random bodies of bad-input.test.ts, almost every request here gets
 * past the shape check, down to the handlers, the renderer and PostgreSQL. Seeded and bounded.
 */
let env: SandboxEnv;
const T = '/internal/v1/tenants/fuzz-shape';

// ---------------------------------------------------------------------------------------------
// JSON bodies, their leaves, and rendering a body with one leaf mutated (as raw JSON text, so -0,
// 1e309, 2**53+1, lone surrogates and "__proto__" keys reach the server exactly as written).

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Step = string | number;
/** A place to mutate: the value at `path`, or the key that names it. */
interface Site {
  kind: 'value' | 'key';
  path: Step[];
}

type Mutation =
  /** `raw` is JSON text; for a key, a JSON string literal. */
  | { op: 'replace'; raw: string }
  /** `fill` repeated to exactly `length` UTF-16 units (so '😀' at an odd length ends in a lone surrogate). */
  | { op: 'long'; fill: string; length: number }
  /** The original string (empty for a non-string) with `text` before or after it. */
  | { op: 'prefix' | 'suffix'; text: string };

function sites(value: Json, path: Step[] = []): Site[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => sites(v, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [
      { kind: 'key' as const, path: [...path, k] },
      ...sites(v, [...path, k]),
    ]);
  }
  return [{ kind: 'value', path }];
}

const samePath = (a: Step[], b: Step[]) => a.length === b.length && a.every((s, i) => s === b[i]);

function mutated(original: Json, m: Mutation): string {
  if (m.op === 'replace') return m.raw;
  if (m.op === 'long')
    return JSON.stringify(m.fill.repeat(Math.ceil(m.length / m.fill.length)).slice(0, m.length));
  const base = typeof original === 'string' ? original : '';
  return JSON.stringify(m.op === 'prefix' ? m.text + base : base + m.text);
}

function render(value: Json, site: Site, m: Mutation, path: Step[] = []): string {
  if (site.kind === 'value' && samePath(path, site.path)) return mutated(value, m);
  if (Array.isArray(value)) return `[${value.map((v, i) => render(v, site, m, [...path, i])).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => {
      const at = [...path, k];
      const key = site.kind === 'key' && samePath(at, site.path) ? mutated(k, m) : JSON.stringify(k);
      return `${key}:${render(v, site, m, at)}`;
    });
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// Hostile values.

const deep = (levels: number, open: string, close: string, leaf: string) =>
  open.repeat(levels) + leaf + close.repeat(levels);

/** Strings for values and keys alike. */
const HOSTILE_STRINGS = [
  '',
  ' ',
  ' \t\n\r ',
  '\u00a0\u3000\u2028',
  '\u200b',
  '\u200b\u200c\u200d\u2060',
  '\ufeff',
  '\u202e',
  '\u202eevil\u202c',
  '\u200f\u05e9\u05dc\u05d5\u05dd',
  'مرحبا بالعالم',
  '\u0000',
  'a\u0000b',
  '\u0000\u0000',
  '\uD800',
  '\uDC00',
  'a\uDBFFb',
  '\uDC00\uD800',
  '\uD800\u0000',
  '<!channel>',
  '<!here|here>',
  '<@U0123ABC>',
  '<#C0123ABC|general>',
  '&lt;',
  '&amp;lt;',
  '&lt;!channel&gt;',
  '<script>alert(1)</script>',
  '{{x}}',
  '{{{data}}}',
  '{{#a}}{{/b}}',
  '*_~`>',
  '\u0001\u001f\u007f\u0085',
  '😀',
  '👩‍👩‍👧‍👦',
  'e\u0301',
  '__proto__',
  'constructor',
  'true',
  'null',
  '-0',
  'NaN',
  "' OR 1=1 --",
  '%00',
  '\\u0000',
  '../../etc/passwd',
  'https://example.com/\u0000',
  'javascript:alert(1)',
];

/** JSON text other than strings: numbers, booleans, null, containers, nesting 50 deep. */
const HOSTILE_RAW = [
  '1e308',
  '-1e308',
  '1e309',
  '-0',
  '9007199254740993',
  '-9007199254740993',
  '1e-400',
  '0',
  '-1',
  '1.5',
  '4294967296',
  '123456789012345678901234567890',
  'true',
  'false',
  'null',
  '[]',
  '{}',
  '[""]',
  '["\\u0000"]',
  '{"\\u0000":1}',
  '{"a\\u0000b":"c"}',
  '["\\ud800"]',
  '{"\\udc00":"\\ud800"}',
  '{"__proto__":{"is_admin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  deep(50, '[', ']', '1'),
  deep(50, '{"a":', '}', '"x"'),
  deep(50, '[', ']', '"\\u0000"'),
];

const AFFIXES = ['\u0000', '\uD800', '\uDC00', ' ', '\n', '\u200b', '\u202e', '<!channel>', '&lt;', '😀'];
const FILLS = ['a', 'é', ' ', '😀', 'x\u200b'];

/** Lengths just under, at and just over each limit. */
const around = (limits: number[]) => [...new Set(limits.flatMap((l) => [l - 1, l, l + 1]))];

function valueMutations(limits: number[]): fc.Arbitrary<Mutation> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS).map((s) => replaceWith(s)) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(...HOSTILE_RAW).map((raw): Mutation => ({ op: 'replace', raw })),
    },
    { weight: 2, arbitrary: longMutations(limits) },
    { weight: 2, arbitrary: affixMutations() },
  );
}

function keyMutations(limits: number[]): fc.Arbitrary<Mutation> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS).map((s) => replaceWith(s)) },
    { weight: 1, arbitrary: longMutations(limits) },
    { weight: 2, arbitrary: affixMutations() },
  );
}

const replaceWith = (s: string): Mutation => ({ op: 'replace', raw: JSON.stringify(s) });
const longMutations = (limits: number[]) =>
  fc.record({
    op: fc.constant('long' as const),
    fill: fc.constantFrom(...FILLS),
    length: fc.constantFrom(...around(limits)),
  });
const affixMutations = () =>
  fc.record({ op: fc.constantFrom('prefix' as const, 'suffix' as const), text: fc.constantFrom(...AFFIXES) });

// ---------------------------------------------------------------------------------------------
// The write routes, each with a valid body.

interface RouteSpec {
  name: string;
  method: string;
  path: (n: number) => string;
  /** A valid body; `n` is unique per request (idempotency keys, track ids). Same shape for every n. */
  body: (n: number) => Json;
  /** Length limits of this route's fields and body (long strings go just under and over them). */
  limits: number[];
  /** GETs of what a 2xx wrote. */
  followUps?: (n: number, res: CallResult) => string[];
  /** What the route writes, read back: a 4xx must leave it as it was. */
  snapshot?: (n: number) => Promise<unknown>;
  /** Puts shared state back after the route's runs (settings, templates). */
  restore?: () => Promise<void>;
}

const get = async (path: string) => (await env.t.call('GET', path)).body;
const userState = async (id: string) => {
  const user = await get(`${T}/users/${id}`);
  return { record: user?.record, receive: user?.receive_slack_notifications };
};

const CONTENT = {
  id: 'course-42',
  title: 'Data Science 101',
  url: 'https://plusplus.example/content/42?x=1&y=2',
  starts_at: '2030-05-01T09:00:00Z',
  ends_at: '2030-05-01T10:30:00+02:00',
  location: 'Room 4 / Zoom',
  description: 'An *introduction* to data.',
};
const DATA = {
  cohort: 'Spring',
  seats: 12,
  waitlisted: false,
  coach: null,
  tags: ['beginner', 'python'],
  extra: { room: { floor: 3, wing: 'B' } },
};
const TEMPLATE = {
  header: 'Something new 🎉',
  body: 'Hello {{recipient.name}}, {{actor.name}} picked *{{content.title}}* ({{data.cohort}}).\n{{#when}}*When:* {{when}}{{/when}}',
  button_label: 'Open it',
  context: 'Because {{tenant.name}} uses PlusPlus',
};
const PREVIEW = {
  template: TEMPLATE,
  content: CONTENT,
  data: DATA,
  recipient_name: 'Una',
  actor_name: 'Ada',
  tenant_name: 'Fuzz Academy',
  time_zone: 'Europe/Berlin',
};
const SOURCE_LIMITS = Object.values(TEMPLATE_SOURCE_LIMITS);
const TEMPLATE_BODY_BYTES = 128 * 1024;
const SETTINGS = {
  notifications_enabled: true,
  plusplus_user_attribute: 'email',
  slack_user_attribute: 'profile.email',
};

const ROUTES: RouteSpec[] = [
  {
    name: 'PUT users/:id',
    method: 'PUT',
    path: () => `${T}/users/fz-put`,
    body: () => ({
      email: 'fz.put@example.com',
      name: 'Fuzz Put',
      is_admin: false,
      metadata: { department: 'R&D', level: 3, remote: true, manager: null, langs: ['de', 'en'] },
      employee_no: 'E-1',
    }),
    limits: [320, 1000, MAX_USER_RECORD_BYTES],
    followUps: () => [`${T}/users/fz-put`],
    snapshot: () => userState('fz-put'),
  },
  {
    name: 'POST users',
    method: 'POST',
    path: () => `${T}/users`,
    body: () => ({
      users: <Json[]>[
        { id: 'fz-b1', email: 'fz.b1@example.com', name: 'B One', is_admin: true, metadata: { team: 'x' } },
        { id: 'fz-b2', email: null, name: 'B Two', tags: ['a', 1, false, null] },
      ],
    }),
    limits: [128, 320, 1000, MAX_USER_RECORD_BYTES],
    followUps: () => [`${T}/users/fz-b1`, `${T}/users/fz-b2`],
    snapshot: async () => [await userState('fz-b1'), await userState('fz-b2')],
  },
  {
    name: 'PATCH users/:id/preferences',
    method: 'PATCH',
    path: () => `${T}/users/u3/preferences`,
    body: () => ({ receive_slack_notifications: true }),
    limits: [128],
    followUps: () => [`${T}/users/u3`],
    snapshot: () => userState('u3'),
  },
  {
    name: 'POST users/:id/test-slack',
    method: 'POST',
    path: () => `${T}/users/u1/test-slack`,
    body: () => ({ actor_user_id: 'u1' }),
    limits: [128],
    followUps: () => [`${T}/users/u1`],
  },
  {
    name: 'POST slack/connect',
    method: 'POST',
    path: () => `${T}/slack/connect`,
    body: () => ({ return_url: RETURN_URL }),
    limits: [2000],
    followUps: () => [`${T}/slack`],
  },
  {
    name: 'POST matching/preview',
    method: 'POST',
    path: () => `${T}/matching/preview`,
    body: () => ({ plusplus_user_attribute: 'email', slack_user_attribute: 'profile.email' }),
    limits: [1000],
    followUps: () => [`${T}/matching/report`],
  },
  {
    name: 'POST notifications',
    method: 'POST',
    path: () => `${T}/notifications`,
    body: (n) => ({
      idempotency_key: `fz-note-${n}`,
      type: 'invite',
      recipient_user_ids: ['u1', 'u2', 'nobody'],
      content: CONTENT,
      data: DATA,
    }),
    limits: [
      ...Object.values(CONTENT_LIMITS).filter((l) => l < 10_000),
      128,
      CONTENT_LIMITS.data_bytes,
      512 * 1024,
    ],
    followUps: (_n, res) =>
      typeof res.body?.notification_id === 'string'
        ? [`${T}/notifications/${encodeURIComponent(res.body.notification_id)}`]
        : [],
  },
  {
    name: 'PUT tracks/:id/channel',
    method: 'PUT',
    path: (n) => `${T}/tracks/fz-trk-${n}/channel`,
    body: () => ({
      name: 'Data Science 101 — Spring',
      is_private: false,
      member_user_ids: ['u1', 'u2', 'nobody'],
      topic: 'Weekly sessions',
      url: 'https://plusplus.example/tracks/1',
      starts_at: '2030-05-01T09:00:00Z',
      ends_at: '2030-06-01T09:00:00Z',
      description: 'Six weeks of *data*.',
    }),
    limits: [128, 250, 500, 3000, 64],
    followUps: (n) => [`${T}/tracks/fz-trk-${n}/channel`],
  },
  {
    name: 'PUT templates/:kind',
    method: 'PUT',
    path: () => `${T}/templates/invite`,
    body: () => ({ enabled: true, template: TEMPLATE }),
    limits: [...SOURCE_LIMITS, TEMPLATE_BODY_BYTES],
    followUps: () => [`${T}/templates/invite`, `${T}/templates`],
    snapshot: () => get(`${T}/templates/invite`),
    restore: async () => {
      await env.t.call('DELETE', `${T}/templates/invite`);
      await env.t.call('PUT', `${T}/templates/invite`, { enabled: true });
    },
  },
  {
    name: 'PUT templates/:kind/overrides/:content_id',
    method: 'PUT',
    path: (n) => `${T}/templates/enrollment/overrides/fz-content-${n % 4}`,
    body: () => TEMPLATE,
    limits: [...SOURCE_LIMITS, TEMPLATE_BODY_BYTES],
    followUps: () => [`${T}/templates/enrollment`, `${T}/templates`],
    snapshot: () => get(`${T}/templates/enrollment`),
  },
  {
    name: 'POST templates/:kind/preview',
    method: 'POST',
    path: () => `${T}/templates/assignment/preview`,
    body: () => PREVIEW,
    limits: [
      ...Object.values(CONTENT_LIMITS).filter((l) => l < 10_000),
      ...SOURCE_LIMITS,
      TEMPLATE_BODY_BYTES,
    ],
    followUps: () => [`${T}/templates/assignment`],
  },
  {
    name: 'POST templates/:kind/preview/send',
    method: 'POST',
    path: () => `${T}/templates/reminder/preview/send`,
    body: () => ({ actor_user_id: 'u1', ...PREVIEW }),
    limits: [128, ...Object.values(CONTENT_LIMITS).filter((l) => l < 10_000), ...SOURCE_LIMITS],
    followUps: () => [`${T}/templates/reminder`],
  },
  // Settings last but for the restore: a saved odd expression re-matches every user.
  {
    name: 'PATCH slack/settings',
    method: 'PATCH',
    path: () => `${T}/slack/settings`,
    body: () => SETTINGS,
    limits: [1000],
    followUps: () => [`${T}/slack`, `${T}/matching/report`],
    snapshot: async () => (await get(`${T}/slack`)).settings,
    restore: async () => {
      await env.t.call('PATCH', `${T}/slack/settings`, SETTINGS);
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Sending one mutated request and checking the answers.

let sequence = 0;

const shorten = (text: string, max = 400) =>
  text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;

/** The app's error log lines of one request, each as "type: message (detail) at the first src/ frame". */
function appErrors(res: CallResult): string {
  const id = res.headers.get('x-request-id');
  if (!id) return '(no request id)';
  const lines = env.t
    .logText()
    .split('\n')
    .filter((l) => l.includes(id) && /"level":(50|60)/.test(l))
    .map((l) => {
      const { err } = JSON.parse(l) as {
        err?: { type?: string; message?: string; detail?: string; stack?: string };
      };
      // The first frame in this repository's own code (TypeORM's source maps point into /src/ too).
      const frame = err?.stack
        ?.split('\n')
        .find((f) => existsSync(/(\/[^:()\s]+\/src\/[^:()\s]+):\d+/.exec(f)?.[1] ?? ''));
      return `${err?.type}: ${err?.message}${err?.detail ? ` (${err.detail})` : ''}${frame ? ` ${frame.trim()}` : ''}`;
    });
  return lines.join('; ') || '(nothing logged)';
}

const describeMutation = (site: Site, m: Mutation) =>
  `${site.kind} ${site.path.join('.') || '(root)'} <- ${
    m.op === 'replace'
      ? m.raw.slice(0, 80)
      : m.op === 'long'
        ? `${JSON.stringify(m.fill)} x ${m.length}`
        : `${m.op} ${JSON.stringify(m.text)}`
  }`;

/**
 * Sends `route`'s valid body with `m` at `site`. Throws, with the request, the answer and the app's
 * error, on a 5xx, on a 5xx of a follow-up GET after a 2xx, and when a 4xx changed what it writes.
 */
async function probe(route: RouteSpec, site: Site, m: Mutation): Promise<void> {
  const n = ++sequence;
  const path = route.path(n);
  const text = render(route.body(n), site, m);
  const before = route.snapshot && (await route.snapshot(n));
  const res = await env.t.call(route.method, path, text);
  const what = (problem: string) =>
    `${problem} [${describeMutation(site, m)}]\n${route.method} ${path}\nbody: ${shorten(text)}\nanswer: ${res.status} ${shorten(res.text, 200)}\napp: ${appErrors(res)}`;
  if (res.status >= 500) throw new Error(what(`${res.status} for a valid body with one hostile leaf`));
  if (res.status < 300) {
    for (const follow of route.followUps?.(n, res) ?? []) {
      const after = await env.t.call('GET', follow);
      if (after.status >= 500) {
        throw new Error(
          `${what(`${after.status} on GET ${follow} after a ${res.status}`)}\nGET answer: ${shorten(after.text, 200)}\napp: ${appErrors(after)}`,
        );
      }
    }
  } else if (route.snapshot) {
    const after = await route.snapshot(n);
    if (JSON.stringify(after) !== JSON.stringify(before))
      throw new Error(what(`a ${res.status} changed what the route writes`));
  }
}

beforeAll(async () => {
  env = await startSandboxEnv();
  const ws = env.sb.createWorkspace({ name: 'Fuzz Shape', members: 12, seed: 17 });
  env.sb.setDefaultWorkspace(ws.id);
  const people = ws.members.filter(
    (m) => !m.deleted && !m.isBot && !m.isAppUser && m.email && m.id !== 'USLACKBOT',
  );
  const users = await env.t.call('POST', `${T}/users`, {
    users: [
      { id: 'u1', email: people[0]!.email, name: 'Una', is_admin: true },
      { id: 'u2', email: people[1]!.email, name: 'Udo' },
      { id: 'u3', email: people[2]!.email, name: 'Ute' },
    ],
  });
  expect(users.status).toBe(200);
  const link = await env.t.call('POST', `${T}/slack/connect`, { return_url: RETURN_URL });
  await env.browser.visit(link.body.authorize_url);
  expect((await env.t.call('PATCH', `${T}/slack/settings`, SETTINGS)).status).toBe(200);
  const end = Date.now() + 20_000;
  while (Date.now() < end && !(await get(`${T}/users/u1`)).slack) await new Promise((r) => setTimeout(r, 50));
  expect((await get(`${T}/users/u1`)).slack).not.toBeNull();
}, 60_000);
afterAll(async () => {
  await env.stop();
});

const TABLE = ROUTES.map((r) => [r.name, r] as const);

describe('the valid bodies', () => {
  it.each(TABLE)('%s: the unmutated body is accepted', async (_name, route) => {
    const n = ++sequence;
    const res = await env.t.call(route.method, route.path(n), route.body(n));
    await route.restore?.();
    if (res.status >= 300) throw new Error(`${res.status} ${res.text}`);
  });
});

describe('U+0000 and lone surrogates at every leaf and key of a valid body', () => {
  const SWEEP: Mutation[] = [
    replaceWith('\u0000'),
    { op: 'suffix', text: '\u0000' },
    { op: 'suffix', text: '\uD800' },
    replaceWith('\uDC00'),
  ];
  it.each(TABLE)('%s never answers 5xx', async (_name, route) => {
    const failures: string[] = [];
    try {
      for (const site of sites(route.body(0))) {
        for (const m of SWEEP) {
          try {
            await probe(route, site, m);
          } catch (error) {
            failures.push((error as Error).message);
          }
        }
      }
    } finally {
      await route.restore?.();
    }
    expect(failures).toEqual([]);
  });
});

describe('one hostile leaf in a valid body (seeded fast-check)', () => {
  it.each(TABLE)('%s never answers 5xx', async (_name, route) => {
    const all = sites(route.body(0));
    const mutation = fc
      .constantFrom(...all)
      .chain((site) =>
        (site.kind === 'key' ? keyMutations(route.limits) : valueMutations(route.limits)).map(
          (m) => [site, m] as const,
        ),
      );
    try {
      await fc.assert(
        fc.asyncProperty(mutation, ([site, m]) => probe(route, site, m)),
        { numRuns: 60, seed: 20_240_601, endOnFailure: true },
      );
    } finally {
      await route.restore?.();
    }
  });
});

/*
 * Found by this fuzz (fixed since, src/internal-api/unstorable-text.ts): a lone UTF-16 surrogate,
 * which JSON may carry escaped ("\ud800", "\udc00"), in any string or key the app stored in a jsonb
 * column answered 500 internal_error: PostgreSQL refuses it (22P02 "Unicode low surrogate must
 * follow a high surrogate"), and text columns silently stored U+FFFD instead. The body parser now
 * refuses it with 400 invalid_request / lone_surrogate. One case per route that wrote jsonb.
 */
describe('lone surrogates in strings once stored as jsonb (found here, fixed)', () => {
  it.each([
    [
      'a user record field (plusplus_users.record)',
      'PUT',
      `${T}/users/fz-found`,
      '{"email":"fz.found@example.com","name":"Fuzz \\ud800"}',
      `${T}/users/fz-found`,
    ],
    [
      'a key of a user record',
      'PUT',
      `${T}/users/fz-found`,
      '{"email":"fz.found@example.com","\\udc00":1}',
      `${T}/users/fz-found`,
    ],
    [
      'a user of a bulk upsert',
      'POST',
      `${T}/users`,
      '{"users":[{"id":"fz-found-b","metadata":{"team":"\\udc00"}}]}',
      `${T}/users/fz-found-b`,
    ],
    [
      'a notification title (notifications.content)',
      'POST',
      `${T}/notifications`,
      '{"idempotency_key":"found-1","type":"invite","recipient_user_ids":["u1"],"content":{"id":"e1","title":"Intro \\ud800"}}',
      null,
    ],
    [
      'notification data (notifications.data)',
      'POST',
      `${T}/notifications`,
      '{"idempotency_key":"found-2","type":"invite","recipient_user_ids":["u1"],"content":{"id":"e1","title":"Intro"},"data":{"list":["ok","\\ud800"]}}',
      null,
    ],
    [
      'a track channel description (track_channels.content)',
      'PUT',
      `${T}/tracks/fz-found/channel`,
      '{"name":"Found","member_user_ids":["u1"],"description":"\\udc00"}',
      `${T}/tracks/fz-found/channel`,
    ],
    [
      'a template field (template_settings.template)',
      'PUT',
      `${T}/templates/track_welcome`,
      '{"template":{"header":"Welcome \\ud800"}}',
      `${T}/templates/track_welcome`,
    ],
    [
      'a per-content override (template_overrides.template)',
      'PUT',
      `${T}/templates/invite/overrides/fz-found`,
      '{"body":"Hi {{recipient.name}}","button_label":"\\ud800"}',
      `${T}/templates/invite`,
    ],
  ])('in %s: never a 5xx; a 4xx stores nothing', async (_what, method, path, body, readBack) => {
    const before = readBack && (await env.t.call('GET', readBack)).text;
    const res = await env.t.call(method, path, body);
    expect({
      status: res.status < 500 ? 'below 500' : res.status,
      app: res.status < 500 ? '' : appErrors(res),
    }).toEqual({
      status: 'below 500',
      app: '',
    });
    if (readBack) {
      const after = await env.t.call('GET', readBack);
      expect(after.status).toBeLessThan(500);
      if (res.status >= 400) expect(after.text).toBe(before);
    }
  });
});

it('a notification that PostgreSQL refuses does not fail the valid ones accepted in the same batch', async () => {
  const valid = (k: number) =>
    env.t.call('POST', `${T}/notifications`, {
      idempotency_key: `burst-${k}`,
      type: 'enrollment',
      recipient_user_ids: ['u1'],
      content: { id: 'e1', title: `Burst ${k}` },
    });
  const bad = env.t.call(
    'POST',
    `${T}/notifications`,
    '{"idempotency_key":"burst-bad","type":"enrollment","recipient_user_ids":["u1"],"content":{"id":"e1","title":"\\ud800"}}',
  );
  const answers = await Promise.all([...Array.from({ length: 8 }, (_, k) => valid(k)), bad]);
  expect(answers.slice(0, 8).map((a) => a.status)).toEqual(Array(8).fill(202));
  for (const a of answers.slice(0, 8)) {
    expect((await env.t.call('GET', `${T}/notifications/${a.body.notification_id}`)).status).toBe(200);
  }
});

it('no request of this file failed inside the app', () => {
  const failed = env.t
    .logText()
    .split('\n')
    .filter((l) => l.includes('internal API request failed'));
  expect(failed.map((l) => shorten(l, 1000))).toEqual([]);
});
