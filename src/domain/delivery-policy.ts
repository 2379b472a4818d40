/**
 * The skip policy of a delivery (design §4), written once: which reasons keep a notification from
 * being sent, and in which order they are asked. The accept statement
 * (src/persistence/repositories/notifications-repository.ts) builds its SQL `CASE` from this list
 * and the worker (src/app/delivery/processor.ts) runs its checks in this order, so a delivery to
 * which two reasons apply gets the same one at accept and at send.
 *
 * The order: the tenant's reasons first, broadest first, then the recipient's (docs/delivery.md,
 * "The skip order").
 */
export const SKIP_ORDER = [
  /** The tenant has no usable installation: nobody of the tenant gets anything. */
  'not_connected',
  /** The tenant switched notifications off. */
  'notifications_disabled',
  /** The tenant switched this notification type off. */
  'type_disabled',
  /** The recipient is not a PlusPlus user of the tenant. */
  'unknown_user',
  /** The recipient muted Slack notifications. */
  'user_opted_out',
] as const;

/** Skips decided from stored facts, at accept and again at send. */
export type AcceptSkipReason = (typeof SKIP_ORDER)[number];

/**
 * Skips the worker decides at send time: the accept-time ones again, plus a recipient no Slack
 * account matches (only known after the checks above pass, when the matcher has been asked).
 */
export type SkipReason = AcceptSkipReason | 'no_slack_account';

/** One check per reason; true means the reason applies. */
export type SkipChecks = { readonly [R in AcceptSkipReason]: () => boolean | Promise<boolean> };

/**
 * The first reason, in SKIP_ORDER, whose check says it applies; null if none does. Later checks
 * are not run once one applies (they may cost a query).
 */
export async function firstSkip(checks: SkipChecks): Promise<AcceptSkipReason | null> {
  for (const reason of SKIP_ORDER) {
    if (await checks[reason]()) return reason;
  }
  return null;
}

/** The same for facts known up front. */
export function firstSkipOf(facts: { readonly [R in AcceptSkipReason]: boolean }): AcceptSkipReason | null {
  return SKIP_ORDER.find((reason) => facts[reason]) ?? null;
}

/** The reasons about the recipient; they exclude each other (a user who does not exist has no mute). */
const RECIPIENT_REASONS: ReadonlySet<AcceptSkipReason> = new Set(['unknown_user', 'user_opted_out']);

/** The reasons about the tenant: the same for every recipient of a notification. */
export type TenantSkipReason = Exclude<AcceptSkipReason, 'unknown_user' | 'user_opted_out'>;

// skipCaseSql asks the recipient once, after the tenant: the order must keep them last.
if (SKIP_ORDER.findIndex((r) => RECIPIENT_REASONS.has(r)) !== SKIP_ORDER.length - RECIPIENT_REASONS.size) {
  throw new Error('SKIP_ORDER: the recipient reasons must come after the tenant reasons (see skipCaseSql)');
}

/**
 * The SQL `CASE … END` that picks the first applying reason (NULL: none) in SKIP_ORDER. `tenant`
 * gives each tenant reason's condition (a boolean SQL expression); `wants` is one expression for
 * the recipient: NULL when there is no such user, else whether they want Slack notifications. It
 * is evaluated once (a simple CASE) and only for a tenant none of whose reasons applies: it is
 * the statement's per-recipient primary-key probe.
 */
export function skipCaseSql(tenant: { readonly [R in TenantSkipReason]: string }, wants: string): string {
  const arms = SKIP_ORDER.filter((r): r is TenantSkipReason => !RECIPIENT_REASONS.has(r)).map(
    (reason) => `WHEN ${tenant[reason]} THEN '${reason}'`,
  );
  const recipient = `CASE ${wants} WHEN true THEN NULL WHEN false THEN 'user_opted_out' ELSE 'unknown_user' END`;
  return `CASE ${arms.join(' ')} ELSE ${recipient} END`;
}

/** Delivery status (design §4, contract). */
export type DeliveryStatus = 'queued' | 'scheduled' | 'sending' | 'sent' | 'skipped' | 'failed';

/** One recipient in the answer to `POST /notifications` (design §4). */
export interface AcceptedDelivery {
  user_id: string;
  status: DeliveryStatus;
  reason?: string;
}

/** The answer to `POST /notifications` (design §4), built by src/app/delivery/accepted-answer.ts. */
export interface AcceptAnswer {
  notification_id: string;
  deliveries: AcceptedDelivery[];
}
