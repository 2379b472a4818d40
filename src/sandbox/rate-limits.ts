/**
 * Per-method rate limits, counted per app per workspace, as token buckets.
 *
 * Numbers (Slack's method reference pages, "Rate limits" row; docs.slack.dev/reference/methods/*):
 *   Tier 2 (20+/min): users.list, conversations.list, conversations.create, conversations.archive,
 *                     conversations.rename, conversations.setTopic
 *   Tier 3 (50+/min): chat.update, chat.delete, users.lookupByEmail, team.info, conversations.invite, conversations.kick,
 *                     conversations.info, conversations.open, auth.revoke
 *   Tier 4 (100+/min): users.info, users.profile.get, chat.postEphemeral, views.publish,
 *                     views.open, views.update, views.push
 *   Special: chat.postMessage, "1 per second per channel, short bursts allowed" — the sandbox uses
 *            60/min per channel with a burst of 3, plus a workspace-wide cap per app
 *            (`chat.postMessage#workspace`, 300/min, burst 30: Slack publishes no number; this one
 *            is generous enough for the app's delivery queue and small enough to be hit in tests).
 *   auth.test and oauth.v2.access: documented as Special / Tier 4; the sandbox gives 600/min.
 * A bucket holds `burst` calls (default: the per-minute figure, i.e. a full minute's worth) and
 * refills at perMinute/60 per second. `timeScale` shrinks the time: 0.01 refills 100× faster.
 */

export interface RateLimit {
  perMinute: number;
  burst?: number;
}

const TIER2: RateLimit = { perMinute: 20 };
const TIER3: RateLimit = { perMinute: 50 };
const TIER4: RateLimit = { perMinute: 100 };
const GENEROUS: RateLimit = { perMinute: 600 };

export const DEFAULT_RATE_LIMITS: Record<string, RateLimit> = {
  'auth.test': GENEROUS,
  'auth.revoke': TIER3,
  'oauth.v2.access': GENEROUS,
  'team.info': TIER3,
  'users.list': TIER2,
  'users.info': TIER4,
  'users.lookupByEmail': TIER3,
  'users.profile.get': TIER4,
  'chat.postMessage': { perMinute: 60, burst: 3 },
  'chat.postMessage#workspace': { perMinute: 300, burst: 30 },
  'chat.postEphemeral': TIER4,
  'chat.update': TIER3,
  'chat.delete': TIER3,
  'conversations.open': TIER3,
  'conversations.create': TIER2,
  'conversations.invite': TIER3,
  'conversations.kick': TIER3,
  'conversations.archive': TIER2,
  'conversations.rename': TIER2,
  'conversations.setTopic': TIER2,
  'conversations.info': TIER3,
  'conversations.list': TIER2,
  'views.publish': TIER4,
  'views.open': TIER4,
  'views.update': TIER4,
  'views.push': TIER4,
};

interface Bucket {
  tokens: number;
  last: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Scaled milliseconds until one call is allowed again (0 when allowed). */
  retryAfterMs: number;
}

export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  private limits: Record<string, RateLimit>;

  constructor(
    overrides: Partial<Record<string, RateLimit>> = {},
    private readonly timeScale = 1,
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_RATE_LIMITS };
    this.setLimits(overrides);
  }

  setLimits(overrides: Partial<Record<string, RateLimit>>): void {
    for (const [k, v] of Object.entries(overrides)) if (v) this.limits[k] = v;
    this.buckets.clear();
  }

  limitFor(key: string): RateLimit {
    return this.limits[key] ?? TIER3;
  }

  /** Takes one call from the bucket `key` (limit named `limitKey`) if it has one. */
  take(limitKey: string, bucketKey: string): RateDecision {
    const limit = this.limitFor(limitKey);
    const capacity = Math.max(1, limit.burst ?? limit.perMinute);
    const perMs = limit.perMinute / (60_000 * this.timeScale);
    const t = this.now();
    const b = this.buckets.get(bucketKey) ?? { tokens: capacity, last: t };
    b.tokens = Math.min(capacity, b.tokens + (t - b.last) * perMs);
    b.last = t;
    this.buckets.set(bucketKey, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { allowed: true, retryAfterMs: 0 };
    }
    return { allowed: false, retryAfterMs: Math.ceil((1 - b.tokens) / perMs) };
  }

  reset(): void {
    this.buckets.clear();
  }
}

/**
 * The `Retry-After` header: whole seconds, at least 1 (Slack's own header, and @slack/web-api
 * parses it with parseInt). With a small timeScale the bucket refills sooner than the header says;
 * the exact scaled wait is in `X-Sandbox-Retry-After-Ms` for clients that want to be fast.
 */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}
