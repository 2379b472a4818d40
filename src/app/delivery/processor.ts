/**
 * Over ~350 lines on purpose: one claimed delivery from its re-checks to its stored outcome reads
 * top to bottom here, with the failure policy it applies; the edit lane is revision-processor.ts.
 */
import type { WebClient } from '@slack/web-api';
import { firstSkip } from '../../domain/delivery-policy';
import {
  type AdaptOptions,
  DEFAULT_ADAPT,
  DEFAULT_PACE,
  type PaceOptions,
  workspaceIntervalMs,
} from '../../domain/pace';
import type { UserRecord } from '../../domain/users';
import { AppError, ErrorCode } from '../../errors';
import { type DeliveryQueue, POST_MESSAGE } from '../../persistence/queues/delivery-queue';
import type { TenantsRepository } from '../../persistence/repositories/tenants-repository';
import type { UsersRepository } from '../../persistence/repositories/users-repository';
import type { Logger } from '../../platform/logger';
import {
  type BackoffOptions,
  backoffMs,
  classifySlackError,
  missingScopes,
  type SlackVerdict,
} from '../../slack/failures';
import type { WebClientFactory } from '../../slack/web-client';
import { ChannelPacer, KeyedSemaphore, Semaphore } from './pacing';
import type { Timekeeper, TimingSettings } from './timing';
import type { ClaimedDelivery, Clock, RenderedNotification, Renderer, TypeEnabledCheck } from './types';

/** What the processor needs of Connect (src/app/connect/connections.ts). */
export interface DeliveryConnections {
  botTokenForTenant(tenantId: string): Promise<{ token: string; installation: { teamId: string } } | null>;
  reportSlackError(teamId: string, error: unknown): Promise<boolean>;
  /** Records the scopes Slack says the token has, so GET /slack and App Home show what is missing. */
  observeScopes(teamId: string, scopes: string[] | undefined): Promise<void>;
}

/** What it needs of MatchingService: the fallback when a recipient has no stored Slack link. */
export interface RecipientResolver {
  resolve(
    tenantId: string,
    user: UserRecord,
  ): Promise<{
    outcome: { status: 'matched'; slackUserId: string; displayName: string | null } | { status: 'unmatched' };
  }>;
}

/** What the processor asks of NotificationRevisionsRepository: the notification's version now. */
export interface CurrentRevision {
  current(
    notificationId: string,
    claimed: number,
  ): Promise<{
    revision: number;
    cancelled: boolean;
    content: ClaimedDelivery['content'] | null;
    data: Record<string, unknown> | null;
  } | null>;
}

export interface ProcessorOptions {
  queue: DeliveryQueue;
  /** Changes and cancellations (issue 20): looked at just before a post leaves. */
  revisions?: CurrentRevision;
  users: UsersRepository;
  tenants: TenantsRepository;
  connect: DeliveryConnections;
  matching?: RecipientResolver;
  webClient: WebClientFactory;
  render: Renderer;
  isTypeEnabled?: TypeEnabledCheck;
  /** Send windows and digests (issue 21); absent: every delivery goes at once, alone. */
  timing?: Timekeeper;
  clock: Clock;
  logger: Logger;
  pace?: Partial<PaceOptions>;
  /** Attempts before `failed`/`retries_exhausted` (default 5). */
  maxAttempts?: number;
  backoff?: Partial<BackoffOptions>;
  /** A tenant paused by `missing_scope` stays paused this long before one delivery tries again (default 10 min). */
  missingScopePauseMs?: number;
  /**
   * See ClaimOptions.horizonMs: a row is only given a send slot within this window (default 1 s);
   * one whose slot is further away goes back to the queue without taking one.
   */
  horizonMs?: number;
  /** How the pace adapts to 429s (DEFAULT_ADAPT). */
  adapt?: Partial<AdaptOptions>;
  /**
   * chat.postMessage calls in flight at once in this process, over all tenants (default 8): the
   * most a crash can send twice. With Slack's latency L it caps one process at about
   * postConcurrency / L posts a second (docs/delivery.md "Capacity").
   */
  postConcurrency?: number;
  /** Tenant settings and token are reused this long between sends (default 1 s). */
  contextTtlMs?: number;
  /**
   * chat.postMessage calls in flight per tenant in this process (default 2). Posts of one
   * workspace leave a slot apart, so they only overlap when Slack's latency is above the workspace
   * interval: then two in flight keep the pace up to twice the interval (444 ms at the default
   * pace), at the price of at most one extra 429 when Slack says no.
   */
  tenantInFlight?: number;
}

interface TenantContext {
  at: number;
  enabled: boolean;
  connection: { token: string; teamId: string } | null;
  timing: TimingSettings;
}

/**
 * Sends one claimed delivery and records the outcome with one queue operation (design §7):
 * re-check the skips that may have changed since accept, resolve the Slack user (stored link, else
 * the matcher), render, wait for the tenant's send slot, post, and classify Slack's answer.
 */
export class DeliveryProcessor {
  private readonly pace: PaceOptions;
  private readonly channels: ChannelPacer;
  private readonly contexts = new Map<string, TenantContext>();
  /** When this process last recorded a 429 block per tenant (see RECHECK_BLOCK_AFTER_MS). */
  private readonly blockedAt = new Map<string, number>();
  private readonly clients = new Map<string, WebClient>();
  private readonly maxAttempts: number;
  private readonly posting: KeyedSemaphore;
  /** One window check and digest gathering per member at a time in this process (timing.ts). */
  private readonly members = new KeyedSemaphore(1);
  private readonly postSlots: Semaphore;
  private readonly backoff: BackoffOptions;
  private readonly adapt: AdaptOptions;
  readonly horizonMs: number;
  /** The configured interval between two posts of one workspace. */
  readonly intervalMs: number;
  private readonly tenantInFlight: number;
  /** How long a tenant's turn (the last checks and the post) took lately (moving average, ms). */
  private turnMs = 50;

  constructor(private readonly o: ProcessorOptions) {
    this.pace = { ...DEFAULT_PACE, ...o.pace };
    this.channels = new ChannelPacer(this.pace.channelIntervalMs, () => o.clock.now());
    this.maxAttempts = o.maxAttempts ?? 5;
    this.tenantInFlight = Math.max(1, o.tenantInFlight ?? 2);
    this.posting = new KeyedSemaphore(this.tenantInFlight);
    this.postSlots = new Semaphore(Math.max(1, o.postConcurrency ?? 8));
    this.backoff = { baseMs: 2000, maxMs: 5 * 60_000, ...o.backoff };
    this.adapt = { ...DEFAULT_ADAPT, ...o.adapt };
    this.horizonMs = o.horizonMs ?? 1000;
    this.intervalMs = workspaceIntervalMs(this.pace);
  }

  /**
   * Rows of one tenant worth claiming at once: what its turns (posts in flight) get through within
   * `windowMs` at Slack's recent speed. Pacing already bounds a tenant by its slots; this bounds it
   * when the pace is faster than Slack answers, so claimed rows never queue up past their lease.
   */
  perTenantClaim(windowMs: number): number {
    return Math.max(1, Math.floor((this.tenantInFlight * windowMs) / Math.max(1, this.turnMs)));
  }

  async process(d: ClaimedDelivery, signal?: AbortSignal): Promise<void> {
    const { queue } = this.o;
    const ctx = await this.context(d.tenantId);
    const user = d.recipient !== undefined ? d.recipient : await this.o.users.get(d.tenantId, d.userId);
    // The skips that may have changed since accept, asked in the one order (delivery-policy.ts).
    const skip = await firstSkip({
      not_connected: () => !ctx.connection,
      notifications_disabled: () => !ctx.enabled,
      type_disabled: async () => !(await (this.o.isTypeEnabled?.(d.tenantId, d.type) ?? true)),
      unknown_user: () => !user,
      user_opted_out: () => !user?.receiveSlackNotifications,
    });
    // (`!user` was asked as unknown_user; testing it again tells TypeScript the user is there.)
    if (skip || !user) return void (await queue.skip(d, skip ?? 'unknown_user'));

    let slackUserId = user.slack?.userId ?? null;
    if (!slackUserId) {
      const resolved = await this.resolve(d, user.record, ctx);
      if (resolved.kind === 'done') return;
      slackUserId = resolved.slackUserId;
    }

    // Send windows and digests (issue 21): held until the member's window opens, or sent with
    // the member's other deliveries that came due together as one digest DM.
    const timing = this.o.timing;
    let group: ClaimedDelivery[] | null = null;
    let zone: Promise<string> | undefined;
    const memberZone = () => {
      zone ??= timing!.zone(ctx.timing, ctx.connection?.teamId, slackUserId);
      return zone;
    };
    if (timing && (ctx.timing.window || ctx.timing.digest.enabled)) {
      const releaseMember = await this.members.acquire(`${d.tenantId}:${d.userId}`);
      try {
        if (await timing.hold(d, ctx.timing, memberZone)) return;
        if (ctx.timing.digest.enabled) {
          const items = await timing.gather(d, ctx.timing, memberZone, (item, reason) =>
            queue.skip(item, reason),
          );
          if (items === 'taken') return;
          if (items.length > 1) group = items;
        }
      } finally {
        releaseMember();
      }
    }

    const name = typeof user.record.name === 'string' ? user.record.name : null;
    const renderOne = (one: ClaimedDelivery) =>
      this.o.render(d.tenantId, {
        type: one.type,
        content: one.content,
        data: one.data ?? undefined,
        recipient: { name, slackUserId },
      });
    let message = group
      ? await timing!.message(group, ctx.timing, await memberZone(), slackUserId)
      : await renderOne(d);

    // Pace: the workspace slot is shared by every process (PostgreSQL); the DM channel's is ours.
    // Nothing is reserved for a row that cannot leave within the horizon: it goes back to the
    // queue, due when its tenant's next slot comes within reach, so no slot is ever wasted. A
    // blocked tenant (429, paused) gives its row back rather than hold it while it waits: other
    // tenants' deliveries keep flowing meanwhile.
    const channel = `${d.tenantId}:${slackUserId}`;
    const channelWait = this.channels.peek(channel);
    if (channelWait > this.horizonMs) {
      return void (await this.rescheduleAll(group ?? [d], channelWait - this.horizonMs, 'paced', false));
    }
    // Taken before the reservation asks: any 429 block stored after this moment may postdate it.
    const reservedAt = this.o.clock.now();
    const slot = await queue.reserveSlot(d.tenantId, POST_MESSAGE, {
      intervalMs: this.intervalMs,
      horizonMs: this.horizonMs,
      adapt: this.adapt,
    });
    if (slot.blockedMs > 0)
      return void (await this.rescheduleAll(group ?? [d], slot.blockedMs, 'ratelimited', false));
    if (!slot.reserved) {
      return void (await this.rescheduleAll(
        group ?? [d],
        Math.max(0, slot.waitMs - this.horizonMs),
        'paced',
        false,
      ));
    }
    const wait = Math.max(slot.waitMs, this.channels.reserve(channel));
    await this.o.clock.sleep(wait, signal);
    if (signal?.aborted) return void (await this.rescheduleAll(group ?? [d], 0, 'worker_stopped', false));
    // The notification may have changed since the claim read it (issue 20): looked at in the
    // tenant's turn, right before the post, so the latest version is posted, or nothing if it was
    // cancelled. A change after this look is caught by `complete`, which queues an edit.
    const latest = async (): Promise<RenderedNotification | 'cancelled'> => {
      if (group) {
        group = await this.latestOfDigest(group);
        if (group.length === 0) return 'cancelled';
        message =
          group.length === 1
            ? await renderOne(group[0]!)
            : await timing!.message(group, ctx.timing, await memberZone(), slackUserId);
        return message;
      }
      const now = await this.o.revisions?.current(d.notificationId, d.revision ?? 0);
      if (now?.cancelled) return 'cancelled';
      if (!now?.content) return message;
      d.content = now.content;
      d.data = now.data;
      d.revision = now.revision;
      message = await this.o.render(d.tenantId, {
        type: d.type,
        content: d.content,
        data: d.data ?? undefined,
        recipient: { name, slackUserId },
      });
      return message;
    };
    // The tenant's turn ends with Slack's answer; the process-wide bound holds until the outcome
    // is stored, since that is the window in which a crash sends twice.
    const tenantTurn = await this.posting.acquire(d.tenantId);
    const started = this.o.clock.now();
    const releaseTenant = () => {
      tenantTurn();
      this.turnMs = 0.9 * this.turnMs + 0.1 * (this.o.clock.now() - started);
    };
    const release = await this.postSlots.acquire();
    let turnEnded = false;
    try {
      await this.post(
        d,
        () => group,
        ctx,
        slackUserId,
        latest,
        reservedAt,
        () => {
          turnEnded = true;
          releaseTenant();
        },
      );
    } finally {
      if (!turnEnded) releaseTenant();
      release();
    }
  }

  /** One post in the tenant's turn, and its outcome stored. */
  private async post(
    d: ClaimedDelivery,
    /** The digest's items as `latest` left them (null: `d` alone). */
    digestOf: () => ClaimedDelivery[] | null,
    ctx: TenantContext,
    slackUserId: string,
    latest: () => Promise<RenderedNotification | 'cancelled'>,
    reservedAt: number,
    releaseTenant: () => void,
  ): Promise<void> {
    const { queue } = this.o;
    if (!ctx.connection) return void (await this.skipAll(digestOf() ?? [d], 'not_connected'));
    let answer: { channel?: string; ts?: string };
    try {
      // Slack may have refused the tenant's token while we waited for the slot (another delivery
      // saw token_revoked and dropped the cached context): look again, don't spend a call on it.
      const current = this.contexts.get(d.tenantId) === ctx ? ctx : await this.context(d.tenantId);
      if (!current.connection) return void (await this.skipAll(digestOf() ?? [d], 'not_connected'));
      // A 429 seen by any worker while we waited holds everyone until its Retry-After has passed.
      const blockedHere = (this.blockedAt.get(d.tenantId) ?? Number.NEGATIVE_INFINITY) >= reservedAt;
      const blocked =
        blockedHere || this.o.clock.now() - reservedAt > RECHECK_BLOCK_AFTER_MS
          ? await queue.blockedFor(d.tenantId, POST_MESSAGE)
          : 0;
      if (blocked > 0)
        return void (await this.rescheduleAll(digestOf() ?? [d], blocked, 'ratelimited', false));
      // Held so long that the lease may soon run out (Slack slower than the pace): give it back.
      if (d.postBy !== undefined && this.o.clock.now() > d.postBy) {
        return void (await this.rescheduleAll(digestOf() ?? [d], 0, 'paced', false));
      }
      const message = await latest();
      // A digest's cancelled items were skipped one by one in `latest`.
      if (message === 'cancelled') return void (digestOf() ? undefined : await queue.skip(d, 'cancelled'));
      try {
        answer = await this.client(ctx.connection.token).chat.postMessage({
          channel: slackUserId,
          text: message.text,
          // biome-ignore lint/suspicious/noExplicitAny: blocks come from the renderer, already Block Kit
          ...(message.blocks ? { blocks: message.blocks as any } : {}),
        });
      } catch (error) {
        // Recorded (a 429's block included) before the next post of this tenant may leave. A
        // digest's items share its fate.
        for (const item of digestOf() ?? [d]) {
          await this.onSlackError(item, error, POST_MESSAGE, ctx.connection.teamId, slackUserId);
        }
        return;
      }
    } finally {
      releaseTenant();
    }
    const sent = { slackUserId, channel: answer.channel ?? slackUserId, ts: answer.ts ?? '' };
    const items = digestOf();
    if (items && items.length > 1 && this.o.timing) {
      const stored = await this.o.timing.completeDigest(items, sent);
      if (stored < items.length)
        this.o.logger.warn({ deliveryId: d.id }, 'digest sent after its lease ran out');
      return;
    }
    const stored = await queue.complete(items?.[0] ?? d, sent);
    if (!stored) this.o.logger.warn({ deliveryId: d.id }, 'delivery sent after its lease ran out');
  }

  /** Every row of a digest (or `d` alone) back to the queue, as `reschedule` does for one. */
  private async rescheduleAll(items: ClaimedDelivery[], delayMs: number, why: string, count: boolean) {
    for (const item of items) await this.o.queue.reschedule(item, delayMs, why, count);
  }

  private async skipAll(items: ClaimedDelivery[], reason: string) {
    for (const item of items) await this.o.queue.skip(item, reason);
  }

  /**
   * A digest's items as they are now (issue 20 per item): cancelled ones are skipped and dropped,
   * changed ones carry their latest content.
   */
  private async latestOfDigest(items: ClaimedDelivery[]): Promise<ClaimedDelivery[]> {
    const alive: ClaimedDelivery[] = [];
    for (const item of items) {
      const now = await this.o.revisions?.current(item.notificationId, item.revision ?? 0);
      if (now?.cancelled) {
        await this.o.queue.skip(item, 'cancelled');
        continue;
      }
      if (now?.content) {
        item.content = now.content;
        item.data = now.data;
        item.revision = now.revision;
      }
      alive.push(item);
    }
    return alive;
  }

  /** The recipient's Slack id from the matcher; stores the link on a match. */
  private async resolve(
    d: ClaimedDelivery,
    record: UserRecord,
    ctx: TenantContext,
  ): Promise<{ kind: 'done' } | { kind: 'matched'; slackUserId: string }> {
    if (!this.o.matching) {
      await this.o.queue.skip(d, 'no_slack_account');
      return { kind: 'done' };
    }
    try {
      const { outcome } = await this.o.matching.resolve(d.tenantId, record);
      if (outcome.status !== 'matched') {
        await this.o.queue.skip(d, 'no_slack_account');
        return { kind: 'done' };
      }
      await this.o.users.setSlackIdentity(d.tenantId, d.userId, {
        userId: outcome.slackUserId,
        displayName: outcome.displayName,
      });
      return { kind: 'matched', slackUserId: outcome.slackUserId };
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.NotConnected) {
        await this.o.queue.skip(d, 'not_connected');
      } else if (error instanceof AppError) {
        // The directory is not ready (Unavailable) or the mapping is broken: retry later, bounded.
        await this.retryOrFail(d, error.code);
      } else {
        await this.onSlackError(d, error, 'users.lookupByEmail', ctx.connection?.teamId ?? '', null);
      }
      return { kind: 'done' };
    }
  }

  private async onSlackError(
    d: ClaimedDelivery,
    error: unknown,
    method: string,
    teamId: string,
    slackUserId: string | null,
  ): Promise<void> {
    const { queue, logger } = this.o;
    const verdict: SlackVerdict = classifySlackError(error);
    const log = { deliveryId: d.id, tenantId: d.tenantId, teamId, method, attempt: d.attempts };
    switch (verdict.kind) {
      case 'rate_limited':
        // Exactly Retry-After, for every worker of this tenant and method; other tenants go on.
        await queue.block(d.tenantId, method, verdict.retryAfterMs, 'ratelimited', {
          intervalMs: this.intervalMs,
          adapt: this.adapt,
        });
        // Noted once the block is stored: a slot reserved before this moment may predate the block
        // and is checked again; one reserved after it saw the block in the reservation itself.
        this.blockedAt.set(d.tenantId, this.o.clock.now());
        if (this.blockedAt.size > 10_000) this.blockedAt.delete(this.blockedAt.keys().next().value!);
        await queue.reschedule(d, verdict.retryAfterMs, 'ratelimited', false);
        logger.info({ ...log, retryAfterMs: verdict.retryAfterMs }, 'slack rate limit: waiting Retry-After');
        return;
      case 'transient':
        logger.warn({ ...log, code: verdict.code }, 'slack send failed; will retry');
        return this.retryOrFail(d, verdict.code);
      case 'recipient':
      case 'permanent':
        logger.info({ ...log, code: verdict.code }, 'delivery failed: slack refused it');
        await queue.fail(d, verdict.code, slackUserId);
        return;
      case 'installation': {
        await this.o.connect.reportSlackError(teamId, error);
        this.contexts.delete(d.tenantId);
        await queue.fail(d, verdict.code, slackUserId);
        const skipped = await queue.skipWaiting(d.tenantId, 'not_connected');
        logger.warn(
          { ...log, code: verdict.code, skipped },
          'installation refused by slack: tenant queue stopped',
        );
        return;
      }
      case 'missing_scope':
        // Connect only revokes for dead tokens: a missing scope keeps the installation, so
        // record what the token really has (GET /slack then says reconnect_required, App Home
        // shows what is missing) and pause the tenant.
        if (teamId) await this.o.connect.observeScopes(teamId, missingScopes(error).provided);
        await queue.fail(d, 'missing_scope', slackUserId);
        await queue.block(
          d.tenantId,
          POST_MESSAGE,
          this.o.missingScopePauseMs ?? 10 * 60_000,
          'missing_scope',
        );
        logger.warn(log, 'missing scope: tenant deliveries paused');
        return;
    }
  }

  private async retryOrFail(d: ClaimedDelivery, code: string): Promise<void> {
    if (d.attempts >= this.maxAttempts) {
      await this.o.queue.fail(d, 'retries_exhausted');
      return;
    }
    await this.o.queue.reschedule(d, backoffMs(d.attempts, this.backoff), code, true);
  }

  /** Settings and token, reused for a second: thousands of sends do not each decrypt the token. */
  private async context(tenantId: string): Promise<TenantContext> {
    const now = this.o.clock.now();
    const cached = this.contexts.get(tenantId);
    if (cached && now - cached.at < (this.o.contextTtlMs ?? 1000)) return cached;
    const [settings, connection] = await Promise.all([
      this.o.tenants.settings(tenantId),
      this.o.connect.botTokenForTenant(tenantId),
    ]);
    const ctx: TenantContext = {
      at: now,
      enabled: settings.notificationsEnabled,
      timing: {
        window: settings.sendWindow ?? null,
        digest: { enabled: settings.digestEnabled ?? false, maxItems: settings.digestMaxItems ?? 5 },
        defaultTimeZone: settings.defaultTimeZone ?? null,
      },
      connection: connection ? { token: connection.token, teamId: connection.installation.teamId } : null,
    };
    this.contexts.set(tenantId, ctx);
    return ctx;
  }

  private client(token: string): WebClient {
    let client = this.clients.get(token);
    if (!client) {
      if (this.clients.size >= 100) this.clients.delete(this.clients.keys().next().value!);
      client = this.o.webClient(token);
      this.clients.set(token, client);
    }
    return client;
  }
}

/**
 * A slot's reservation also checked the tenant's 429 block; a post that leaves within this long of
 * it does not ask again (one statement less per DM). One that waited longer (its slot, its turn)
 * checks again, so a 429 another worker saw meanwhile holds it too; and so does one whose tenant
 * met a 429 in this process since its reservation, however soon (at a fast pace the next post's
 * slot is reserved before the previous post's 429 is back).
 */
const RECHECK_BLOCK_AFTER_MS = 20;
