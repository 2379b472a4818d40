import {
  BACKGROUND_REFRESHES_AT_ONCE,
  MemberLocales,
  USERS_INFO_PER_MINUTE,
} from '../../../src/app/directory-sync/member-locales';
import type { SlackMember } from '../../../src/domain/matching/slack-members';
import { createLogger } from '../../../src/platform/logger';
import type { WebClientFactory } from '../../../src/slack/web-client';

/**
 * MemberLocales with its collaborators faked at their interfaces (the directory, settings, the
 * token and users.info): the zone's fallback, what `known` answers without waiting, and the
 * users.info budget per workspace.
 */
function setup(
  o: { members?: Record<string, SlackMember>; defaultTimeZone?: string | null; spread?: () => number } = {},
) {
  let clock = Date.UTC(2026, 11, 7, 9, 0, 0);
  const directory = new Map<string, SlackMember>(Object.entries(o.members ?? {}));
  const infoCalls: string[] = [];
  let rateLimitedFor: number | null = null;
  let installationReads = 0;
  let settingsReads = 0;
  const webClient = (() => ({
    users: {
      info: async ({ user }: { user: string }) => {
        infoCalls.push(user);
        if (rateLimitedFor !== null) {
          throw Object.assign(new Error('rate limited'), { retryAfter: rateLimitedFor });
        }
        return { ok: true, user: { id: user, locale: 'de-DE', tz: 'Europe/Berlin' } };
      },
    },
  })) as unknown as WebClientFactory;
  const locales = new MemberLocales({
    directory: {
      member: async (_team, id) => directory.get(id) ?? null,
      upsertMember: async (_team, m) => void directory.set(String(m.id), m),
    },
    tenants: {
      settings: async () => {
        settingsReads += 1;
        return { defaultLocale: 'fr-FR', defaultTimeZone: o.defaultTimeZone ?? null };
      },
    },
    installations: {
      findActiveByTeam: async () => {
        installationReads += 1;
        return { tenantId: 'acme' };
      },
    },
    connect: {
      botTokenForTenant: async () => ({ token: 'xoxb-test', installation: { teamId: 'T1' } }) as never,
    },
    webClient,
    logger: createLogger({ level: 'silent' }),
    now: () => clock,
    spread: o.spread ?? (() => 0),
  });
  return {
    locales,
    infoCalls,
    installationReads: () => installationReads,
    settingsReads: () => settingsReads,
    advance: (ms: number) => {
      clock += ms;
    },
    rateLimit: (seconds: number | null) => {
      rateLimitedFor = seconds;
    },
  };
}

describe('MemberLocales', () => {
  it("speaks the tenant's default_time_zone to a member whose Slack tz is unknown", async () => {
    const { locales } = setup({
      members: { U1: { id: 'U1', locale: 'ja-JP' } as SlackMember },
      defaultTimeZone: 'Asia/Kolkata',
    });
    expect(await locales.forMember('acme', 'U1')).toMatchObject({
      locale: 'ja-JP',
      timeZone: 'Asia/Kolkata',
    });
  });

  it('knows a member at once once it has looked them up, and refreshes a stale answer in the background', async () => {
    const { locales, advance, infoCalls } = setup();
    expect(locales.known('T1', 'U9')).toBeUndefined();
    await locales.forSlackUser('T1', 'U9');
    expect(locales.known('T1', 'U9')).toMatchObject({ locale: 'de-DE', timeZone: 'Europe/Berlin' });
    expect(infoCalls).toEqual(['U9']);
    advance(61_000);
    // Stale: still answered at once; one refresh starts (the member is cached with a locale now).
    expect(locales.known('T1', 'U9')).toMatchObject({ locale: 'de-DE' });
    expect(locales.known('T1', 'U9')).toMatchObject({ locale: 'de-DE' });
    await new Promise((r) => setImmediate(r));
    expect(infoCalls).toEqual(['U9']);
  });

  it('reads a stale workspace once, however many of its members write meanwhile', async () => {
    const members = Object.fromEntries(
      ['U1', 'U2', 'U3', 'U4'].map((id) => [id, { id, locale: 'de-DE' } as SlackMember]),
    );
    const { locales, advance, installationReads } = setup({ members });
    for (const id of Object.keys(members)) await locales.forSlackUser('T1', id);
    expect(installationReads()).toBe(1);
    advance(61_000);
    for (const id of Object.keys(members)) expect(locales.known('T1', id)).toMatchObject({ locale: 'de-DE' });
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(installationReads()).toBe(2);
  });

  it('refreshes at most BACKGROUND_REFRESHES_AT_ONCE stale members at a time, reading the defaults once', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `U${i + 1}`);
    const members = Object.fromEntries(ids.map((id) => [id, { id, locale: 'de-DE' } as SlackMember]));
    const { locales, advance, settingsReads } = setup({ members });
    await Promise.all(ids.map((id) => locales.forSlackUser('T1', id)));
    expect(settingsReads()).toBe(1);
    advance(61_000);
    const refreshing = (locales as unknown as { refreshing: Set<string> }).refreshing;
    for (const id of ids) locales.known('T1', id);
    expect(refreshing.size).toBe(BACKGROUND_REFRESHES_AT_ONCE);
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    expect(refreshing.size).toBe(0);
    expect(settingsReads()).toBe(2);
  });

  it('keeps a member between half the TTL and all of it, so members met together go stale apart', async () => {
    const spreads = [0, 0.99];
    const { locales, advance } = setup({
      members: {
        U1: { id: 'U1', locale: 'ja-JP' } as SlackMember,
        U2: { id: 'U2', locale: 'es-ES' } as SlackMember,
      },
      spread: () => spreads.shift() ?? 0,
    });
    await locales.forSlackUser('T1', 'U1');
    await locales.forSlackUser('T1', 'U2');
    const reads = (locales as unknown as { refreshing: Set<string> }).refreshing;
    advance(31_000);
    // U2 was stored 29.7 s "early": stale after 30.3 s; U1 is good for the whole minute.
    locales.known('T1', 'U1');
    locales.known('T1', 'U2');
    expect([...reads].map((k) => k.split('|')[2])).toEqual(['U2']);
  });

  it('makes at most USERS_INFO_PER_MINUTE look-ups a minute per workspace; the rest speak the default', async () => {
    const { locales, infoCalls, advance } = setup();
    const answers = [];
    for (let i = 0; i < USERS_INFO_PER_MINUTE + 5; i++)
      answers.push(await locales.forMember('acme', `U${i}`));
    expect(infoCalls).toHaveLength(USERS_INFO_PER_MINUTE);
    expect(answers[0]).toMatchObject({ locale: 'de-DE' });
    expect(answers.at(-1)).toMatchObject({ locale: 'fr-FR' }); // the tenant's default_locale
    advance(61_000);
    await locales.forMember('acme', 'U-next-minute');
    expect(infoCalls).toHaveLength(USERS_INFO_PER_MINUTE + 1);
  });

  it("makes no look-up while Slack's Retry-After runs", async () => {
    const { locales, infoCalls, advance, rateLimit } = setup();
    rateLimit(30);
    expect(await locales.forMember('acme', 'U1')).toMatchObject({ locale: 'fr-FR' });
    rateLimit(null);
    await locales.forMember('acme', 'U2');
    expect(infoCalls).toEqual(['U1']);
    advance(31_000);
    await locales.forMember('acme', 'U3');
    expect(infoCalls).toEqual(['U1', 'U3']);
  });
});
