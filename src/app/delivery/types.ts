import type { MemberLanguage } from '../../domain/locale';
import type { NotificationContent, NotificationType, RenderContext } from '../../domain/templates/types';

export type { AcceptSkipReason, DeliveryStatus, SkipReason } from '../../domain/delivery-policy';
export type { ClaimedDelivery, SettleObserver } from '../../persistence/queues/delivery-queue';
export type { NotificationContent, NotificationType };

/** A rendered message, ready for chat.postMessage; `text` is the notification/fallback text. */
export interface RenderedNotification {
  text: string;
  blocks?: unknown[];
  /** The language and zone it was written in (the thread reply of an edit uses the same). */
  language?: MemberLanguage;
}

/**
 * The template renderer (`messageRenderer` in src/compose.ts: the template rendered by src/domain/templates, its blocks built by views/messages/notification.ts). It receives the
 * tenant so per-tenant templates and overrides can be looked up; it may be async.
 */
export type Renderer = (
  tenantId: string,
  ctx: RenderContext,
) => RenderedNotification | Promise<RenderedNotification>;

/** Whether a notification type is enabled for a tenant (templates can be switched off). */
export type TypeEnabledCheck = (tenantId: string, type: NotificationType) => boolean | Promise<boolean>;

export { type Clock, systemClock } from '../../jobs/clock';
