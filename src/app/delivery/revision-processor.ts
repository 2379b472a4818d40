import type { WebClient } from '@slack/web-api';
import type { MemberLanguage } from '../../domain/locale';
import { type AdaptOptions, DEFAULT_ADAPT } from '../../domain/pace';
import { type ChangeReply, changedParts, changeReply, variantKind } from '../../domain/templates';
import type { ChangeContext } from '../../domain/templates/types';
import { backoffMs as jobBackoffMs } from '../../jobs/backoff';
import { JobLoop } from '../../jobs/loop';
import { type DeliveryQueue, POST_MESSAGE } from '../../persistence/queues/delivery-queue';
import {
  CHAT_UPDATE,
  type ClaimedRevision,
  type RevisionQueue,
} from '../../persistence/queues/revision-queue';
import type { Logger } from '../../platform/logger';
import { type BackoffOptions, backoffMs, classifySlackError, missingScopes } from '../../slack/failures';
import type { WebClientFactory } from '../../slack/web-client';
import { canonicalJson } from './canonical-json';
import type { DeliveryConnections } from './processor';
import type { Clock, Renderer } from './types';

/**
 * Edits a sent DM after its notification changed or was cancelled (issue 20, design §4, docs/delivery.md
 * "Changes and cancellations"): render the `<type>_updated` or `<type>_cancelled` version against
 * the version the DM shows, wait for the tenant's `chat.update` slot (and a `chat.postMessage` slot
 * for the thread reply with `notify`), edit, reply, record. Slack's answers are judged by the one
 * failure policy (src/slack/failures.ts), as for posts.
 */
export interface RevisionProcessorOptions {
  revisions: RevisionQueue;
  /** The post lane's queue: its pacing rows, blocks and the tenant stop are shared. */
  queue: DeliveryQueue;
  connect: DeliveryConnections;
  webClient: WebClientFactory;
  render: Renderer;
  /** The thread reply's text (views/messages/change-reply.ts, wired by src/compose.ts). */
  replyText: (reply: ChangeReply, language?: MemberLanguage) => string;
  clock: Clock;
  logger: Logger;
  /** chat.update per workspace per minute (default 45: Slack's Tier 3 is 50+). */
  updatesPerMinute?: number;
  /** The post lane's interval between two posts of one workspace (the thread replies are posts). */
  postIntervalMs: number;
  horizonMs?: number;
  maxAttempts?: number;
  backoff?: Partial<BackoffOptions>;
  adapt?: Partial<AdaptOptions>;
  missingScopePauseMs?: number;
}

type Step = 'edited' | 'settled';

export class RevisionProcessor {
  private readonly clients = new Map<string, WebClient>();
  private readonly backoff: BackoffOptions;
  private readonly adapt: AdaptOptions;
  readonly intervalMs: number;
  readonly horizonMs: number;

  constructor(private readonly o: RevisionProcessorOptions) {
    this.backoff = { baseMs: 2000, maxMs: 5 * 60_000, ...o.backoff };
    this.adapt = { ...DEFAULT_ADAPT, ...o.adapt };
    this.intervalMs = 60_000 / (o.updatesPerMinute ?? 45);
    this.horizonMs = o.horizonMs ?? 1000;
  }

  async process(r: ClaimedRevision, signal?: AbortSignal): Promise<void> {
    const { revisions } = this.o;
    const connection = await this.o.connect.botTokenForTenant(r.tenantId);
    if (!connection) return void (await revisions.failed(r, 'not_connected'));
    const change: ChangeContext = r.cancelled
      ? { cancelled: true, ...(r.cancelReason ? { reason: r.cancelReason } : {}) }
      : {
          parts: changedParts(
            r.shownContent ?? r.content,
            r.content,
            canonicalJson(r.shownData ?? null) !== canonicalJson(r.data ?? null),
          ),
          ...(r.shownContent ? { previous: r.shownContent } : {}),
        };
    // A change that changed nothing the DM shows (the same content again): nothing to edit.
    if (!r.cancelled && change.parts?.length === 0) return void (await revisions.updated(r));
    const message = await this.o.render(r.tenantId, {
      type: variantKind(r.type, r.cancelled ? 'cancelled' : 'updated'),
      content: r.content,
      data: r.data ?? undefined,
      recipient: { name: r.recipientName, ...(r.slackUserId ? { slackUserId: r.slackUserId } : {}) },
      change,
    });
    // The thread reply in the language and zone the edited DM was written in.
    const reply =
      r.notify && r.recipientReceives
        ? this.o.replyText(
            changeReply(r.content, change, message.language?.timeZone, message.language?.locale),
            message.language,
          )
        : null;

    // Pace: the tenant's chat.update slot, and a post slot for the reply (both shared by every
    // process through delivery_pacing). Nothing is held for a row that cannot go within the horizon.
    const pace = { horizonMs: this.horizonMs, adapt: this.adapt };
    const edit = await this.o.queue.reserveSlot(r.tenantId, CHAT_UPDATE, {
      ...pace,
      intervalMs: this.intervalMs,
    });
    if (edit.blockedMs > 0) return void (await revisions.reschedule(r, edit.blockedMs, false));
    if (!edit.reserved)
      return void (await revisions.reschedule(r, Math.max(0, edit.waitMs - this.horizonMs), false));
    let wait = edit.waitMs;
    if (reply || r.digest) {
      const post = await this.o.queue.reserveSlot(r.tenantId, POST_MESSAGE, {
        ...pace,
        intervalMs: this.o.postIntervalMs,
      });
      if (post.blockedMs > 0) return void (await revisions.reschedule(r, post.blockedMs, false));
      if (!post.reserved)
        return void (await revisions.reschedule(r, Math.max(0, post.waitMs - this.horizonMs), false));
      wait = Math.max(wait, post.waitMs);
    }
    await this.o.clock.sleep(wait, signal);
    if (signal?.aborted) return void (await revisions.reschedule(r, 0, false));

    const client = this.client(connection.token);
    const teamId = connection.installation.teamId;
    try {
      // A digest (issue 21) lists other notifications too: the new version goes into its thread.
      await (r.digest ? client.chat.postMessage : client.chat.update)({
        channel: r.channel,
        ...(r.digest ? { thread_ts: r.ts } : { ts: r.ts }),
        text: message.text,
        // biome-ignore lint/suspicious/noExplicitAny: blocks come from the renderer, already Block Kit
        ...(message.blocks ? { blocks: message.blocks as any } : {}),
      } as never);
    } catch (error) {
      return void (await this.onSlackError(
        r,
        error,
        r.digest ? POST_MESSAGE : CHAT_UPDATE,
        teamId,
        'settled',
      ));
    }
    if (reply && !r.digest) {
      try {
        await client.chat.postMessage({ channel: r.channel, thread_ts: r.ts, text: reply });
      } catch (error) {
        return void (await this.onSlackError(r, error, POST_MESSAGE, teamId, 'edited'));
      }
    }
    const stored = await revisions.updated(r);
    if (!stored) this.o.logger.warn({ deliveryId: r.id }, 'delivery edited after its lease ran out');
  }

  /**
   * Slack refused the edit or the reply. `edited`: the DM already shows the new version, so a
   * refused reply (permanent) still ends `updated`; a reply to retry retries both (an edit to the
   * same text is harmless).
   */
  private async onSlackError(r: ClaimedRevision, error: unknown, method: string, teamId: string, step: Step) {
    const { revisions, queue, logger } = this.o;
    const verdict = classifySlackError(error);
    const log = { deliveryId: r.id, tenantId: r.tenantId, teamId, method, attempt: r.attempts };
    switch (verdict.kind) {
      case 'rate_limited':
        await queue.block(r.tenantId, method, verdict.retryAfterMs, 'ratelimited', {
          intervalMs: method === CHAT_UPDATE ? this.intervalMs : this.o.postIntervalMs,
          adapt: this.adapt,
        });
        await revisions.reschedule(r, verdict.retryAfterMs, false);
        logger.info(
          { ...log, retryAfterMs: verdict.retryAfterMs },
          'slack rate limit on an edit: waiting Retry-After',
        );
        return;
      case 'transient':
        logger.warn({ ...log, code: verdict.code }, 'slack edit failed; will retry');
        if (r.attempts >= (this.o.maxAttempts ?? 5)) await revisions.failed(r, 'retries_exhausted');
        else await revisions.reschedule(r, backoffMs(r.attempts, this.backoff), true);
        return;
      case 'recipient':
      case 'permanent':
        logger.info({ ...log, code: verdict.code }, 'slack refused the edit or its reply');
        if (step === 'edited') await revisions.updated(r);
        else await revisions.failed(r, verdict.code);
        return;
      case 'installation': {
        await this.o.connect.reportSlackError(teamId, error);
        await revisions.failed(r, verdict.code);
        const edits = await revisions.failWaiting(r.tenantId, 'not_connected');
        const posts = await queue.skipWaiting(r.tenantId, 'not_connected');
        logger.warn(
          { ...log, code: verdict.code, edits, posts },
          'installation refused by slack: tenant queue stopped',
        );
        return;
      }
      case 'missing_scope':
        if (teamId) await this.o.connect.observeScopes(teamId, missingScopes(error).provided);
        await revisions.failed(r, 'missing_scope');
        await queue.block(r.tenantId, method, this.o.missingScopePauseMs ?? 10 * 60_000, 'missing_scope');
        logger.warn(log, 'missing scope: tenant edits paused');
        return;
    }
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

/** The edit lane's worker: the app's one job loop over RevisionQueue. */
export class RevisionWorker {
  private readonly loop: JobLoop<ClaimedRevision>;

  constructor(o: {
    revisions: RevisionQueue;
    processor: RevisionProcessor;
    clock: Clock;
    logger: Logger;
    /** Rows held at once (default 16). */
    concurrency?: number;
    pollMs?: number;
    leaseMs?: number;
    maxAttempts?: number;
    onError?: (error: unknown, context: { op: 'claim' | 'process'; deliveryId?: string }) => void;
  }) {
    const leaseMs = o.leaseMs ?? 60_000;
    const maxAttempts = o.maxAttempts ?? 5;
    const report = (error: unknown, context: { op: 'claim' | 'process'; deliveryId?: string }) => {
      if (o.onError) o.onError(error, context);
      else o.logger.error({ err: error, ...context }, 'revision worker error');
    };
    this.loop = new JobLoop<ClaimedRevision>({
      limit: o.concurrency ?? 16,
      pollMs: o.pollMs ?? 250,
      clock: o.clock,
      claimBackoffMs: (failures) => jobBackoffMs(failures, { baseMs: 400, maxMs: 10_000, jitter: 0 }),
      // A tenant's edits worth claiming at once: its chat.update slots within the horizon.
      claim: (limit) =>
        o.revisions.claim(limit, leaseMs, Math.floor(o.processor.horizonMs / o.processor.intervalMs) + 1),
      process: async (r, signal) => {
        try {
          // Attempts past the bound: earlier ones never finished (the process died on this row).
          if (r.attempts > maxAttempts) await o.revisions.failed(r, 'retries_exhausted');
          else await o.processor.process(r, signal);
        } catch (error) {
          report(error, { op: 'process', deliveryId: r.id });
          const settle =
            r.attempts >= maxAttempts
              ? o.revisions.failed(r, 'retries_exhausted')
              : o.revisions.reschedule(r, 5000, true);
          await settle.catch(() => {
            // the lease runs out and the row comes due again
          });
        }
      },
      onError: (error, context) =>
        report(
          error,
          context.op === 'claim' ? { op: 'claim' } : { op: 'process', deliveryId: context.job.id },
        ),
    });
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }
}
