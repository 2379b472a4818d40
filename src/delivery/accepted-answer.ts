import type { DeliveryStatus } from './types';

/** One recipient in the answer to `POST /notifications` (design §4). */
export interface AcceptedDelivery {
  user_id: string;
  status: DeliveryStatus;
  reason?: string;
}

export interface AcceptAnswer {
  notification_id: string;
  deliveries: AcceptedDelivery[];
}

/**
 * What a notification row keeps of its first answer: either its parts (`recipients` and one skip
 * reason per recipient, null meaning queued), or, for rows accepted before those columns existed,
 * the whole body.
 */
export interface StoredAnswer {
  id: string;
  recipients: string[] | null;
  skip_reasons: Array<string | null> | null;
  accepted_response: AcceptAnswer | null;
}

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
