import type { MemberLanguage } from '../../domain/locale';
/**
 * Notification delivery (issue 6, docs/delivery.md): `createDelivery` builds the accept side (the
 * NotificationService behind POST/GET /notifications) and the worker side (queue, processor,
 * worker loop) from the app's repositories and services. The composition root (src/compose.ts
 * `composeDelivery`) builds the queue and the notifications repository and hands them in.
 */

import type { AdaptOptions, PaceOptions } from '../../domain/pace';
import type { ChangeReply } from '../../domain/templates';
import type { DigestModel } from '../../domain/timing/digest';
import type { DeliveryQueue } from '../../persistence/queues/delivery-queue';
import type { DeliveryTiming } from '../../persistence/queues/delivery-timing';
import type { RevisionQueue } from '../../persistence/queues/revision-queue';
import type { NotificationRevisionsRepository } from '../../persistence/repositories/notification-revisions-repository';
import type { NotificationsRepository } from '../../persistence/repositories/notifications-repository';
import type { TenantsRepository } from '../../persistence/repositories/tenants-repository';
import type { UsersRepository } from '../../persistence/repositories/users-repository';
import type { Logger } from '../../platform/logger';
import type { BackoffOptions } from '../../slack/failures';
import type { WebClientFactory } from '../../slack/web-client';
import { ChangeService } from './changes';
import { NotificationService } from './notification-service';
import { type DeliveryConnections, DeliveryProcessor, type RecipientResolver } from './processor';
import { RevisionProcessor, RevisionWorker } from './revision-processor';
import { Timekeeper } from './timing';
import type { RenderedNotification } from './types';
import { type Clock, type Renderer, type SettleObserver, systemClock, type TypeEnabledCheck } from './types';
import { DeliveryWorker } from './worker';

export { DeliveryQueue } from '../../persistence/queues/delivery-queue';
export { ChangeService } from './changes';
export { NotificationService } from './notification-service';
export type { Clock, Renderer, SettleObserver, TypeEnabledCheck } from './types';
export { DeliveryWorker } from './worker';

/** Tunables of the worker side; every one has a default (docs/delivery.md "Configuration"). */
export interface DeliveryOptions {
  /** Posts in flight per process (default 8): the most a crash can send twice. */
  concurrency?: number;
  /**
   * Rows one worker holds at once (default 256): checked, waiting at most the horizon for their
   * send slot, or being sent. Enough for ~45 workspaces at the default pace and horizon.
   */
  prefetch?: number;
  /** Claim lease (default 60 s). */
  leaseMs?: number;
  /** Idle poll (default 250 ms). */
  pollMs?: number;
  pace?: Partial<PaceOptions>;
  maxAttempts?: number;
  backoff?: Partial<BackoffOptions>;
  horizonMs?: number;
  adapt?: Partial<AdaptOptions>;
  missingScopePauseMs?: number;
  contextTtlMs?: number;
  /** Posts in flight per tenant per process (default 2). */
  tenantInFlight?: number;
  /** chat.update per workspace per minute, for edits of sent DMs (default 45; Slack's Tier 3 is 50+). */
  updatesPerMinute?: number;
  /**
   * The clock send windows are judged by (issue 21; default the system's). Tests and benches move
   * it; the queue's due times stay the database's, so a held row comes due `at - now()` later.
   */
  now?: () => number;
}

export interface DeliveryDeps {
  /** Claims and settles deliveries (the worker side); told of settled rows by its own observer. */
  queue: DeliveryQueue;
  /** Notifications and their deliveries: the accept statement and `GET /notifications/{id}`. */
  notificationsRepository: NotificationsRepository;
  /** Changes and cancellations (issue 20): their transaction, and the edit lane of the queue. */
  revisionsRepository: NotificationRevisionsRepository;
  revisions: RevisionQueue;
  /** The thread reply under an edited DM (views/messages/change-reply.ts). */
  replyText: (reply: ChangeReply, language?: MemberLanguage) => string;
  users: UsersRepository;
  tenants: TenantsRepository;
  /** Connect's token keeper and revocation (src/app/connect/connections.ts). */
  connect: DeliveryConnections;
  /** MatchingService: resolves recipients without a stored link. */
  matching: RecipientResolver;
  webClient: WebClientFactory;
  logger: Logger;
  /** TemplatesService.render: the tenant's templates. */
  render: Renderer;
  /** TemplatesService.isTypeEnabled: the tenant's switches per type. */
  isTypeEnabled: TypeEnabledCheck;
  clock?: Clock;
  /** Send windows and digests (issue 21): their queue operations and the digest's Block Kit. */
  timing?: {
    store: DeliveryTiming;
    renderDigest: (model: DigestModel, language: MemberLanguage) => RenderedNotification;
    /** The recipient's language for a digest (MemberLocales.forMember). */
    languageOf?: (tenantId: string, slackUserId: string) => Promise<MemberLanguage>;
  };
  onError?: (error: unknown, context: { op: 'claim' | 'process'; deliveryId?: string }) => void;
  /**
   * Told of the recipients skipped at accept time (metrics: `deliveryOutcomes`); give the queue
   * the same observer for the deliveries it settles.
   */
  onSettled?: SettleObserver;
  options?: DeliveryOptions;
}

export interface Delivery {
  notifications: NotificationService;
  /** Changes and cancellations (issue 20): the routes' service. */
  changes: ChangeService;
  queue: DeliveryQueue;
  /** The post lane's worker and the edit lane's; start and stop both. */
  worker: DeliveryWorker;
  revisionWorker: RevisionWorker;
}

export function createDelivery(deps: DeliveryDeps): Delivery {
  const clock = deps.clock ?? systemClock;
  const o = deps.options ?? {};
  const logger = deps.logger.child({ component: 'delivery' });
  const queue = deps.queue;
  const processor = new DeliveryProcessor({
    queue,
    revisions: deps.revisionsRepository,
    users: deps.users,
    tenants: deps.tenants,
    connect: deps.connect,
    matching: deps.matching,
    webClient: deps.webClient,
    render: deps.render,
    isTypeEnabled: deps.isTypeEnabled,
    timing:
      deps.timing &&
      new Timekeeper({
        store: deps.timing.store,
        renderDigest: deps.timing.renderDigest,
        ...(deps.timing.languageOf ? { languageOf: deps.timing.languageOf } : {}),
        now: o.now ?? (() => clock.now()),
        isTypeEnabled: deps.isTypeEnabled,
        logger,
        leaseMs: o.leaseMs ?? 60_000,
      }),
    clock,
    logger,
    pace: o.pace,
    maxAttempts: o.maxAttempts,
    backoff: o.backoff,
    horizonMs: o.horizonMs,
    adapt: o.adapt,
    postConcurrency: o.concurrency,
    missingScopePauseMs: o.missingScopePauseMs,
    contextTtlMs: o.contextTtlMs,
    tenantInFlight: o.tenantInFlight,
  });
  const worker = new DeliveryWorker({
    queue,
    handler: processor,
    clock,
    logger,
    concurrency: o.prefetch ?? 256,
    maxAttempts: o.maxAttempts,
    leaseMs: o.leaseMs,
    pollMs: o.pollMs,
    onError: deps.onError,
  });
  const notifications = new NotificationService({
    repository: deps.notificationsRepository,
    tenants: deps.tenants,
    isTypeEnabled: deps.isTypeEnabled,
    onSettled: deps.onSettled,
  });
  const revisions = deps.revisions;
  const revisionWorker = new RevisionWorker({
    revisions,
    processor: new RevisionProcessor({
      revisions,
      queue,
      connect: deps.connect,
      webClient: deps.webClient,
      render: deps.render,
      replyText: deps.replyText,
      clock,
      logger,
      updatesPerMinute: o.updatesPerMinute,
      postIntervalMs: processor.intervalMs,
      horizonMs: o.horizonMs,
      maxAttempts: o.maxAttempts,
      backoff: o.backoff,
      adapt: o.adapt,
      missingScopePauseMs: o.missingScopePauseMs,
    }),
    clock,
    logger,
    pollMs: o.pollMs,
    leaseMs: o.leaseMs,
    maxAttempts: o.maxAttempts,
    onError: deps.onError,
  });
  const changes = new ChangeService({ revisions: deps.revisionsRepository, onSettled: deps.onSettled });
  return { notifications, changes, queue, worker, revisionWorker };
}
