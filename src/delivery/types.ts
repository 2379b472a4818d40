import type { NotificationContent, NotificationType, RenderContext } from '../domain/templates/types';

export type { NotificationContent, NotificationType };

/** Delivery status (design §4, contract). */
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'skipped' | 'failed';

/** Skips decided when the notification is accepted (nothing is sent, nothing is queued). */
export type AcceptSkipReason =
  | 'not_connected'
  | 'notifications_disabled'
  | 'type_disabled'
  | 'user_opted_out'
  | 'unknown_user';

/** Skips the worker decides at send time: the accept-time ones again, plus an unmatched user. */
export type SkipReason = AcceptSkipReason | 'no_slack_account';

/** A rendered message, ready for chat.postMessage; `text` is the notification/fallback text. */
export interface RenderedNotification {
  text: string;
  blocks?: unknown[];
}

/**
 * The template renderer (src/domain/templates `renderMessage`, wired by main.ts). It receives the
 * tenant so per-tenant templates and overrides can be looked up; it may be async.
 */
export type Renderer = (
  tenantId: string,
  ctx: RenderContext,
) => RenderedNotification | Promise<RenderedNotification>;

/** Whether a notification type is enabled for a tenant (templates can be switched off). */
export type TypeEnabledCheck = (tenantId: string, type: NotificationType) => boolean | Promise<boolean>;

/** A delivery as the worker holds it after a claim. */
export interface ClaimedDelivery {
  id: string;
  notificationId: string;
  tenantId: string;
  userId: string;
  /** Attempts including this one. */
  attempts: number;
  lease: string;
  type: NotificationType;
  content: NotificationContent;
  data: Record<string, unknown> | null;
}

/** Time, injected so the worker loop and the pacing can be tested without waiting. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted || ms <= 0) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};
