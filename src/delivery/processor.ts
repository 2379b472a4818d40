import type { WebClient } from '@slack/web-api';
import type { UserRecord } from '../domain/users';
import { AppError, ErrorCode } from '../errors';
import type { Logger } from '../logger';
import type { TenantsRepository } from '../persistence/repositories/tenants-repository';
import type { UsersRepository } from '../persistence/repositories/users-repository';
import type { WebClientFactory } from '../slack/web-client';
import { type BackoffOptions, backoffMs, classifySlackError, type SlackVerdict } from './classify';
import { ChannelPacer, DEFAULT_PACE, KeyedSemaphore, type PaceOptions, workspaceIntervalMs } from './pacing';
import { type DeliveryQueue, POST_MESSAGE } from './queue';
import type { ClaimedDelivery, Clock, Renderer, TypeEnabledCheck } from './types';

/** What the processor needs of ConnectService (src/slack/connect-service.ts). */
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

export interface ProcessorOptions {
  queue: DeliveryQueue;
  users: UsersRepository;
  tenants: TenantsRepository;
  connect: DeliveryConnections;
  matching?: RecipientResolver;
  webClient: WebClientFactory;
  render: Renderer;
  isTypeEnabled?: TypeEnabledCheck;
  clock: Clock;
  logger: Logger;
  pace?: Partial<PaceOptions>;
  /** Attempts before `failed`/`retries_exhausted` (default 5). */
  maxAttempts?: number;
  backoff?: Partial<BackoffOptions>;
  /** A tenant paused by `missing_scope` stays paused this long before one delivery tries again (default 10 min). */
  missingScopePauseMs?: number;
  /** See ClaimOptions.horizonMs; a reserved slot further away than this is given back (default 1 s). */
  horizonMs?: number;
  /** Tenant settings and token are reused this long between sends (default 1 s). */
  contextTtlMs?: number;
  /**
   * chat.postMessage calls in flight per tenant in this process (default 1): with one, a 429 is
   * always seen before the next post of that workspace leaves. Raise it only when Slack's latency
   * is above the workspace interval (docs/delivery.md).
   */
  tenantInFlight?: number;
}

interface TenantContext {
  at: number;
  enabled: boolean;
  connection: { token: string; teamId: string } | null;
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
  private readonly clients = new Map<string, WebClient>();
  private readonly maxAttempts: number;
  private readonly posting: KeyedSemaphore;
  private readonly backoff: BackoffOptions;
  readonly horizonMs: number;

  constructor(private readonly o: ProcessorOptions) {
    this.pace = { ...DEFAULT_PACE, ...o.pace };
    this.channels = new ChannelPacer(this.pace.channelIntervalMs, () => o.clock.now());
    this.maxAttempts = o.maxAttempts ?? 5;
    this.posting = new KeyedSemaphore(Math.max(1, o.tenantInFlight ?? 1));
    this.backoff = { baseMs: 2000, maxMs: 5 * 60_000, ...o.backoff };
    this.horizonMs = o.horizonMs ?? 1000;
  }

  async process(d: ClaimedDelivery, signal?: AbortSignal): Promise<void> {
    const { queue } = this.o;
    const ctx = await this.context(d.tenantId);
    const user = await this.o.users.get(d.tenantId, d.userId);
    if (!user) return void (await queue.skip(d, 'unknown_user'));
    if (!ctx.connection) return void (await queue.skip(d, 'not_connected'));
    if (!ctx.enabled) return void (await queue.skip(d, 'notifications_disabled'));
    if (!(await (this.o.isTypeEnabled?.(d.tenantId, d.type) ?? true))) {
      return void (await queue.skip(d, 'type_disabled'));
    }
    if (!user.receiveSlackNotifications) return void (await queue.skip(d, 'user_opted_out'));

    let slackUserId = user.slack?.userId ?? null;
    if (!slackUserId) {
      const resolved = await this.resolve(d, user.record, ctx);
      if (resolved.kind === 'done') return;
      slackUserId = resolved.slackUserId;
    }

    const name = typeof user.record.name === 'string' ? user.record.name : null;
    const message = await this.o.render(d.tenantId, {
      type: d.type,
      content: d.content,
      data: d.data ?? undefined,
      recipient: { name },
    });

    // Pace: the workspace slot is shared by every process (PostgreSQL); the DM channel's is ours.
    // A blocked tenant (429, paused) gives its row back rather than hold a worker slot while it
    // waits: other tenants' deliveries keep flowing meanwhile.
    const slot = await queue.reserveSlot(d.tenantId, POST_MESSAGE, workspaceIntervalMs(this.pace));
    if (slot.blockedMs > 0) return void (await queue.reschedule(d, slot.blockedMs, 'ratelimited', false));
    const wait = Math.max(slot.waitMs, this.channels.reserve(`${d.tenantId}:${slackUserId}`));
    if (wait > this.horizonMs) return void (await queue.reschedule(d, wait, 'paced', false));
    await this.o.clock.sleep(wait, signal);
    if (signal?.aborted) return void (await queue.reschedule(d, 0, 'worker_stopped', false));
    const release = await this.posting.acquire(d.tenantId);
    let answer: { channel?: string; ts?: string };
    try {
      // Slack may have refused the tenant's token while we waited for the slot (another delivery
      // saw token_revoked and dropped the cached context): look again, don't spend a call on it.
      const current = this.contexts.get(d.tenantId) === ctx ? ctx : await this.context(d.tenantId);
      if (!current.connection) return void (await queue.skip(d, 'not_connected'));
      // A 429 seen by any worker while we waited holds everyone until its Retry-After has passed.
      const blocked = await queue.blockedFor(d.tenantId, POST_MESSAGE);
      if (blocked > 0) return void (await queue.reschedule(d, blocked, 'ratelimited', false));
      try {
        answer = await this.client(ctx.connection.token).chat.postMessage({
          channel: slackUserId,
          text: message.text,
          // biome-ignore lint/suspicious/noExplicitAny: blocks come from the renderer, already Block Kit
          ...(message.blocks ? { blocks: message.blocks as any } : {}),
        });
      } catch (error) {
        // Recorded (a 429's block included) before the next post of this tenant may leave.
        return await this.onSlackError(d, error, POST_MESSAGE, ctx.connection.teamId, slackUserId);
      }
    } finally {
      release();
    }
    const stored = await queue.complete(d, {
      slackUserId,
      channel: answer.channel ?? slackUserId,
      ts: answer.ts ?? '',
    });
    if (!stored) this.o.logger.warn({ deliveryId: d.id }, 'delivery sent after its lease ran out');
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
        await queue.block(d.tenantId, method, verdict.retryAfterMs, 'ratelimited');
        await queue.reschedule(d, verdict.retryAfterMs, 'ratelimited', false);
        logger.info({ ...log, retryAfterMs: verdict.retryAfterMs }, 'slack rate limit: waiting Retry-After');
        return;
      case 'transient':
        logger.warn({ ...log, code: verdict.code }, 'slack send failed; will retry');
        return this.retryOrFail(d, verdict.code);
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
        // ConnectService only revokes for dead tokens: a missing scope keeps the installation, so
        // record what the token really has (GET /slack then says reconnect_required, App Home
        // shows what is missing) and pause the tenant.
        if (teamId) await this.o.connect.observeScopes(teamId, providedScopes(error));
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

/** The scopes a `missing_scope` answer says the token has (`provided`, comma-separated). */
function providedScopes(error: unknown): string[] | undefined {
  const provided = (error as { data?: { provided?: unknown } }).data?.provided;
  if (typeof provided !== 'string') return undefined;
  const scopes = provided
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return scopes.length > 0 ? scopes : undefined;
}
