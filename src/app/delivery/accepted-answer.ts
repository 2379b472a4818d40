import type { AcceptAnswer } from '../../domain/delivery-policy';
import type { StoredAnswer } from '../../persistence/repositories/notifications-repository';

export type { AcceptAnswer, AcceptedDelivery } from '../../domain/delivery-policy';
export type { StoredAnswer } from '../../persistence/repositories/notifications-repository';

/**
 * The answer from its parts. The database decides the reasons and stores only them; the body is
 * built here, for the 202 and for every repeat of the key alike, so both are the same bytes.
 */
export function acceptAnswer(
  notificationId: string,
  recipients: readonly string[],
  reasons: ReadonlyArray<string | null>,
): AcceptAnswer {
  if (reasons.length !== recipients.length) {
    throw new Error(`accepted answer: ${reasons.length} reasons for ${recipients.length} recipients`);
  }
  return {
    notification_id: notificationId,
    deliveries: recipients.map((user_id, i) => {
      const reason = reasons[i];
      return reason == null ? { user_id, status: 'queued' } : { user_id, status: 'skipped', reason };
    }),
  };
}

/** The first answer of a stored notification, whichever way its row keeps it. */
export function storedAnswer(row: StoredAnswer): AcceptAnswer {
  if (row.accepted_response) return row.accepted_response;
  if (!row.recipients || !row.skip_reasons) {
    throw new Error(`notification ${row.id} keeps no answer`);
  }
  return acceptAnswer(row.id, row.recipients, row.skip_reasons);
}
