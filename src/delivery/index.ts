/**
 * Notification delivery (issue 6, docs/delivery.md): `createDelivery` builds the accept side (the
 * NotificationService behind POST/GET /notifications) and the worker side (queue, processor,
 * worker loop) from the app's repositories and services. main.ts and worker-main.ts both use it.
 */
import type { DataSource } from 'typeorm';
import { renderMessage } from '../domain/templates';
import type { Logger } from '../logger';
import type { TenantsRepository } from '../persistence/repositories/tenants-repository';
import type { UsersRepository } from '../persistence/repositories/users-repository';
import type { WebClientFactory } from '../slack/web-client';
import type { BackoffOptions } from './classify';
import { NotificationService } from './notification-service';
import type { PaceOptions } from './pacing';
import { type DeliveryConnections, DeliveryProcessor, type RecipientResolver } from './processor';
import { DeliveryQueue } from './queue';
import { type Clock, type Renderer, systemClock, type TypeEnabledCheck } from './types';
import { DeliveryWorker } from './worker';

export { NotificationService } from './notification-service';
export { DeliveryQueue } from './queue';
export type { Clock, Renderer, TypeEnabledCheck } from './types';
export { DeliveryWorker } from './worker';

/** Tunables of the worker side; every one has a default (docs/delivery.md "Configuration"). */
export interface DeliveryOptions {
  /** Sends in flight per process (default 8). */
  concurrency?: number;
  /** Claim lease (default 60 s). */
  leaseMs?: number;
  /** Idle poll (default 250 ms). */
  pollMs?: number;
  pace?: Partial<PaceOptions>;
  maxAttempts?: number;
  backoff?: Partial<BackoffOptions>;
  horizonMs?: number;
  missingScopePauseMs?: number;
  contextTtlMs?: number;
  /** Posts in flight per tenant per process (default 1). */
  tenantInFlight?: number;
}

export interface DeliveryDeps {
  dataSource: DataSource;
  users: UsersRepository;
  tenants: TenantsRepository;
  /** ConnectService. */
  connect: DeliveryConnections;
  /** MatchingService: resolves recipients without a stored link (optional: then `no_slack_account`). */
  matching?: RecipientResolver;
  webClient: WebClientFactory;
  logger: Logger;
  /** Default: the built-in templates (`renderMessage`). */
  render?: Renderer;
  /** Default: every type is enabled. */
  isTypeEnabled?: TypeEnabledCheck;
  clock?: Clock;
  onError?: (error: unknown, context: { op: 'claim' | 'process'; deliveryId?: string }) => void;
  options?: DeliveryOptions;
}

export interface Delivery {
  notifications: NotificationService;
  queue: DeliveryQueue;
  worker: DeliveryWorker;
}

export const defaultRenderer: Renderer = (_tenantId, ctx) => renderMessage(ctx);

export function createDelivery(deps: DeliveryDeps): Delivery {
  const clock = deps.clock ?? systemClock;
  const o = deps.options ?? {};
  const logger = deps.logger.child({ component: 'delivery' });
  const queue = new DeliveryQueue(deps.dataSource);
  const processor = new DeliveryProcessor({
    queue,
    users: deps.users,
    tenants: deps.tenants,
    connect: deps.connect,
    matching: deps.matching,
    webClient: deps.webClient,
    render: deps.render ?? defaultRenderer,
    isTypeEnabled: deps.isTypeEnabled,
    clock,
    logger,
    pace: o.pace,
    maxAttempts: o.maxAttempts,
    backoff: o.backoff,
    horizonMs: o.horizonMs,
    missingScopePauseMs: o.missingScopePauseMs,
    contextTtlMs: o.contextTtlMs,
    tenantInFlight: o.tenantInFlight,
  });
  const worker = new DeliveryWorker({
    queue,
    handler: processor,
    clock,
    logger,
    concurrency: o.concurrency,
    maxAttempts: o.maxAttempts,
    leaseMs: o.leaseMs,
    pollMs: o.pollMs,
    onError: deps.onError,
  });
  const notifications = new NotificationService({
    dataSource: deps.dataSource,
    tenants: deps.tenants,
    isTypeEnabled: deps.isTypeEnabled,
  });
  return { notifications, queue, worker };
}
