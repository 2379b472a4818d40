import { SKIP_ORDER } from '../../domain/delivery-policy';
import { BoundedLabel, type Metrics } from '../../platform/metrics';
import { INSTALLATION_CODES, PERMANENT_CODES, RECIPIENT_CODES } from '../../slack/failures';

/** Final delivery statuses, as the queue settles them. */
export type SettledStatus = 'sent' | 'failed' | 'skipped';

// The reasons a delivery can end with: the skip reasons and Slack's codes as the failure policy
// lists them (one list each, src/domain/delivery-policy.ts and src/slack/failures.ts).
const DELIVERY_REASONS = new Set([
  'none',
  ...SKIP_ORDER,
  'no_slack_account',
  'retries_exhausted',
  'missing_scope',
  ...INSTALLATION_CODES,
  ...RECIPIENT_CODES,
  ...PERMANENT_CODES,
]);

/** Counts settled deliveries: what the delivery queue and the acceptor call (see createDelivery). */
export function deliveryOutcomes(
  metrics: Metrics,
): (status: SettledStatus, reason: string | null, n?: number) => void {
  const reasons = new BoundedLabel(DELIVERY_REASONS);
  return (status, reason, n = 1) => {
    if (n <= 0) return;
    metrics.deliveries.inc({ status, reason: status === 'sent' ? 'none' : reasons.value(reason) }, n);
  };
}
