/**
 * Which language and time zone the app uses for one Slack member (issue 22, design §4
 * "Language"): the member's Slack `locale` and `tz` from the cached directory (the sync asks
 * users.list with `include_locale=true`), else one `users.info` with `include_locale=true`,
 * stored in the directory like any other member; then the tenant's `default_locale`, then en-US.
 * The zone: the member's Slack `tz`, else the tenant's `default_time_zone` (issue 21), else UTC.
 * Answers are kept a minute in memory (a changed default is forgotten at once in the process that
 * saved it): every DM, home and command asks, and a member's language rarely changes. A member's
 * answer is kept between half the TTL and all of it, at random: members first met together (a
 * bulk send, a busy morning of commands) are not all read again in the same moment, which under
 * the ack bench put hundreds of directory reads into one second of acks (issue 15). Never
 * throws: a failed look-up speaks the tenant's default.
 *
 * users.info is Tier 4 (100+ a minute per workspace) and shared with matching: at most
 * USERS_INFO_PER_MINUTE look-ups a minute per workspace are made here, none while Slack's
 * Retry-After runs; beyond that a member speaks the tenant's default until a later look-up (a
 * bulk send right after an upgrade, before the directory sync has brought everyone's locale,
 * must not turn into a burst of users.info calls).
 */

import { BoundedCache } from '../../domain/bounded-cache';
import {
  canonicalLocale,
  DEFAULT_LANGUAGE,
  type MemberLanguage,
  memberLocale,
  memberTimeZone,
  pickLocale,
} from '../../domain/locale';
import type { SlackMember } from '../../domain/matching/slack-members';
import type { Logger } from '../../platform/logger';
import type { WebClientFactory } from '../../slack/web-client';
import type { Connections } from '../connect/connections';
import type { BotConnection } from '../connect/token-keeper';

export interface MemberLocalesOptions {
  directory: {
    member(teamId: string, userId: string): Promise<SlackMember | null>;
    upsertMember(teamId: string, member: SlackMember): Promise<void>;
  };
  tenants: {
    settings(tenantId: string): Promise<{ defaultLocale?: string | null; defaultTimeZone?: string | null }>;
  };
  installations: { findActiveByTeam(teamId: string): Promise<{ tenantId: string } | null> };
  connect: Pick<Connections, 'botTokenForTenant'>;
  webClient: WebClientFactory;
  logger: Logger;
  /** Milliseconds an answer is reused (default 60 s). */
  ttlMs?: number;
  now?: () => number;
  /** A number in [0, 1): how much of half the TTL a member's answer is kept less (default random). */
  spread?: () => number;
}

/**
 * Background refreshes `known` runs at once; a stale member met while this many run is refreshed
 * on a later command instead. After a quiet spell every member who writes is stale at once, and
 * the ack path must not turn into hundreds of directory reads (issue 15: a 300 ms stall of the
 * acks at the start of a busy minute in the ack bench).
 */
export const BACKGROUND_REFRESHES_AT_ONCE = 4;

/** users.info look-ups a minute per workspace (Tier 4 allows 100+, matching uses it too). */
export const USERS_INFO_PER_MINUTE = 40;

/** The tenant's defaults: `default_locale` and `default_time_zone`. */
interface TenantDefaults {
  locale: string | null;
  timeZone: string | null;
}

/** What the member object says: the raw Slack locale (maybe one we have no catalogue for) and zone. */
interface MemberFacts {
  locale: string | null;
  timeZone: string | null;
}

export class MemberLocales {
  private readonly members = new BoundedCache<string, { at: number; language: MemberLanguage }>(10_000);
  private readonly defaults = new BoundedCache<string, { at: number; defaults: TenantDefaults }>(10_000);
  /** users.info budget per workspace: look-ups in the current minute, and Slack's Retry-After. */
  private readonly lookups = new BoundedCache<string, { minute: number; used: number; blockedUntil: number }>(
    10_000,
  );
  /** Look-ups under way, by member key. */
  private readonly inflight = new Map<string, Promise<MemberLanguage>>();
  /** Background refreshes under way (the ack path's `known`), so one stale answer asks once. */
  private readonly refreshing = new Set<string>();
  private readonly tenantOfTeam = new BoundedCache<string, { at: number; tenantId: string | null }>(10_000);
  /** Tenant default reads under way, by tenant. */
  private readonly defaultsReads = new Map<string, Promise<TenantDefaults>>();
  /** Workspace-to-tenant reads under way, by team. */
  private readonly tenantReads = new Map<string, Promise<string | null>>();
  /** Bumped by `forgetTenant`: members remembered under an older epoch are asked again. */
  private readonly epochs = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly o: MemberLocalesOptions) {
    this.now = o.now ?? Date.now;
  }

  /** The language of `slackUserId` in the tenant's workspace (a DM's recipient). */
  async forMember(tenantId: string, slackUserId: string, teamIdHint?: string): Promise<MemberLanguage> {
    const key = `${tenantId}|${this.epochs.get(tenantId) ?? 0}|${slackUserId}`;
    const hit = this.members.get(key);
    if (hit && this.fresh(hit.at)) return hit.language;
    // One look-up per member at a time: concurrent requests of one member share it.
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.lookUp(tenantId, slackUserId, teamIdHint).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    const found = await pending;
    // Stored as if read up to half a TTL earlier: it goes stale sooner, at its own moment.
    const spread = (this.o.spread ?? Math.random)() * (this.ttlMs / 2);
    this.members.set(key, { at: this.now() - spread, language: found });
    return found;
  }

  /** The language of the member behind an interaction (App Home, a command, a modal). */
  async forSlackUser(teamId: string, slackUserId: string): Promise<MemberLanguage> {
    const tenantId = await this.tenantOf(teamId);
    return tenantId ? this.forMember(tenantId, slackUserId, teamId) : DEFAULT_LANGUAGE;
  }

  /**
   * The directory first; the bot token (an installation read and a decryption) only when Slack
   * must be asked. `teamIdHint`: the workspace, when the caller knows it (an interaction).
   */
  private async lookUp(tenantId: string, slackUserId: string, teamIdHint?: string): Promise<MemberLanguage> {
    const defaults = await this.tenantDefaults(tenantId);
    let connection: Promise<BotConnection | null> | undefined;
    const connect = () => {
      connection ??= this.o.connect.botTokenForTenant(tenantId).catch(() => null);
      return connection;
    };
    const teamId = teamIdHint ?? (await connect())?.installation.teamId;
    if (!teamId) return language(null, defaults);
    const facts = await this.facts(teamId, slackUserId, async () => (await connect())?.token ?? null);
    return language(facts, defaults);
  }

  /**
   * The member's language if this process has looked it up before (however long ago), without
   * waiting: for answers that must go out at once (the ack of `/plusplus help`). A stale answer is
   * refreshed in the background for next time, BACKGROUND_REFRESHES_AT_ONCE at most at a time.
   * Undefined: not known here yet.
   */
  known(teamId: string, slackUserId: string): MemberLanguage | undefined {
    const tenant = this.tenantOfTeam.get(teamId);
    if (!tenant?.tenantId) return undefined;
    // A stale workspace is read again once, not once per member who writes meanwhile: every
    // member's refresh used to re-read it, hundreds of installation reads in one second of acks.
    if (!this.fresh(tenant.at)) void this.tenantOf(teamId);
    const key = `${tenant.tenantId}|${this.epochs.get(tenant.tenantId) ?? 0}|${slackUserId}`;
    const hit = this.members.get(key);
    if (
      hit &&
      !this.fresh(hit.at) &&
      !this.refreshing.has(key) &&
      this.refreshing.size < BACKGROUND_REFRESHES_AT_ONCE
    ) {
      this.refreshing.add(key);
      void this.forSlackUser(teamId, slackUserId)
        .catch(() => undefined)
        .finally(() => this.refreshing.delete(key));
    }
    return hit?.language;
  }

  /** The tenant of a workspace, read at most once per TTL and once at a time. Never rejects. */
  private tenantOf(teamId: string): Promise<string | null> {
    const cached = this.tenantOfTeam.get(teamId);
    if (cached && this.fresh(cached.at)) return Promise.resolve(cached.tenantId);
    let pending = this.tenantReads.get(teamId);
    if (!pending) {
      pending = this.o.installations
        .findActiveByTeam(teamId)
        .catch(() => null)
        .then((installation) => {
          const tenantId = installation?.tenantId ?? null;
          this.tenantOfTeam.set(teamId, { at: this.now(), tenantId });
          return tenantId;
        })
        .finally(() => this.tenantReads.delete(teamId));
      this.tenantReads.set(teamId, pending);
    }
    return pending;
  }

  /** A tenant's language when no member is addressed (a channel message): its defaults. */
  async forTenant(tenantId: string): Promise<MemberLanguage> {
    return language(null, await this.tenantDefaults(tenantId));
  }

  /**
   * The tenant's `default_locale` or `default_time_zone` changed (PATCH /slack/settings in this
   * process): its answers are asked again. Other processes see the change within the TTL.
   */
  forgetTenant(tenantId: string): void {
    this.defaults.delete(tenantId);
    this.epochs.set(tenantId, (this.epochs.get(tenantId) ?? 0) + 1);
  }

  private get ttlMs(): number {
    return this.o.ttlMs ?? 60_000;
  }

  private fresh(at: number): boolean {
    return this.now() - at < this.ttlMs;
  }

  /** Read once per tenant and TTL: every DM asks, and reading settings also ensures the tenant row. */
  private tenantDefaults(tenantId: string): Promise<TenantDefaults> {
    const hit = this.defaults.get(tenantId);
    if (hit && this.fresh(hit.at)) return Promise.resolve(hit.defaults);
    // One read at a time per tenant, shared by every look-up that finds the answer stale.
    let pending = this.defaultsReads.get(tenantId);
    if (!pending) {
      pending = this.readTenantDefaults(tenantId).finally(() => this.defaultsReads.delete(tenantId));
      this.defaultsReads.set(tenantId, pending);
    }
    return pending;
  }

  private async readTenantDefaults(tenantId: string): Promise<TenantDefaults> {
    let defaults: TenantDefaults;
    try {
      const settings = await this.o.tenants.settings(tenantId);
      defaults = { locale: settings.defaultLocale ?? null, timeZone: settings.defaultTimeZone ?? null };
    } catch {
      return { locale: null, timeZone: null };
    }
    this.defaults.set(tenantId, { at: this.now(), defaults });
    return defaults;
  }

  /** Takes one users.info look-up from the workspace's budget; false when none is left. */
  private takeLookup(teamId: string): boolean {
    const now = this.now();
    const minute = Math.floor(now / 60_000);
    let budget = this.lookups.get(teamId);
    if (!budget || budget.minute !== minute) {
      budget = { minute, used: 0, blockedUntil: budget?.blockedUntil ?? 0 };
      this.lookups.set(teamId, budget);
    }
    if (now < budget.blockedUntil || budget.used >= USERS_INFO_PER_MINUTE) return false;
    budget.used += 1;
    return true;
  }

  /** Slack said 429: no look-up for this workspace until its Retry-After has passed. */
  private rateLimited(teamId: string, retryAfterSeconds: number): void {
    const budget = this.lookups.get(teamId);
    const until = this.now() + Math.max(1, retryAfterSeconds) * 1000;
    if (budget) budget.blockedUntil = until;
    else this.lookups.set(teamId, { minute: Math.floor(this.now() / 60_000), used: 0, blockedUntil: until });
  }

  /**
   * The cached member's locale and zone. A member not cached, or cached without `locale` (stored
   * before the sync asked for it, or first seen in an event or through users.lookupByEmail, which
   * never carry it), is read once with users.info and stored with it: later look-ups find it.
   */
  private async facts(
    teamId: string,
    slackUserId: string,
    token: () => Promise<string | null>,
  ): Promise<MemberFacts> {
    let member = await this.o.directory.member(teamId, slackUserId).catch(() => null);
    if ((!member || memberLocale(member) === null) && this.takeLookup(teamId)) {
      try {
        const bot = await token();
        if (!bot) return { locale: memberLocale(member), timeZone: memberTimeZone(member) };
        const answer = await this.o.webClient(bot).users.info({ user: slackUserId, include_locale: true });
        const fetched = answer.user as SlackMember | undefined;
        if (fetched) {
          member = fetched;
          await this.o.directory.upsertMember(teamId, fetched);
        }
      } catch (error) {
        // Best effort: the tenant's default is a fine answer; the delivery itself reports Slack's errors.
        const retryAfter = (error as { retryAfter?: unknown }).retryAfter;
        if (typeof retryAfter === 'number') this.rateLimited(teamId, retryAfter);
        this.o.logger.debug({ teamId, slackUserId, err: String(error) }, 'member locale: users.info failed');
      }
    }
    return { locale: memberLocale(member), timeZone: memberTimeZone(member) };
  }
}

function language(facts: MemberFacts | null, defaults: TenantDefaults): MemberLanguage {
  const candidates = [canonicalLocale(facts?.locale), canonicalLocale(defaults.locale)].filter(
    (t): t is string => t !== null,
  );
  return {
    locale: pickLocale(facts?.locale, defaults.locale),
    timeZone: facts?.timeZone ?? defaults.timeZone ?? DEFAULT_LANGUAGE.timeZone,
    candidates: [...new Set(candidates)],
  };
}
