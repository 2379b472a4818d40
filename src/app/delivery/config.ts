import { z } from 'zod';
import type { DeliveryOptions } from './index';

/**
 * The delivery worker's tunables from the environment (all optional; docs/delivery.md lists them).
 * Parsed once with the rest of the configuration (src/config.ts), never by the modules.
 */
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max).optional();

const DeliveryEnv = z.object({
  DELIVERY_CONCURRENCY: int(1, 256),
  DELIVERY_PREFETCH: int(1, 10_000),
  DELIVERY_HORIZON_MS: int(50, 60_000),
  DELIVERY_LEASE_MS: int(1000, 3_600_000),
  DELIVERY_POLL_MS: int(10, 60_000),
  DELIVERY_WORKSPACE_PER_MINUTE: z.coerce.number().positive().max(1_000_000).optional(),
  DELIVERY_CHANNEL_INTERVAL_MS: int(0, 60_000),
  DELIVERY_MAX_ATTEMPTS: int(1, 100),
  DELIVERY_BACKOFF_BASE_MS: int(1, 3_600_000),
  DELIVERY_BACKOFF_MAX_MS: int(1, 86_400_000),
  DELIVERY_TENANT_IN_FLIGHT: int(1, 64),
  DELIVERY_UPDATES_PER_MINUTE: z.coerce.number().positive().max(1_000_000).optional(),
});

/** Throws a readable Error listing every bad variable. */
export function parseDeliveryEnv(env: Record<string, string | undefined>): DeliveryOptions {
  const parsed = DeliveryEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Delivery configuration problems:\n  - ${problems.join('\n  - ')}`);
  }
  const e = parsed.data;
  const pace: DeliveryOptions['pace'] = {};
  if (e.DELIVERY_WORKSPACE_PER_MINUTE !== undefined)
    pace.workspacePerMinute = e.DELIVERY_WORKSPACE_PER_MINUTE;
  if (e.DELIVERY_CHANNEL_INTERVAL_MS !== undefined) pace.channelIntervalMs = e.DELIVERY_CHANNEL_INTERVAL_MS;
  const backoff: DeliveryOptions['backoff'] = {};
  if (e.DELIVERY_BACKOFF_BASE_MS !== undefined) backoff.baseMs = e.DELIVERY_BACKOFF_BASE_MS;
  if (e.DELIVERY_BACKOFF_MAX_MS !== undefined) backoff.maxMs = e.DELIVERY_BACKOFF_MAX_MS;
  return {
    concurrency: e.DELIVERY_CONCURRENCY,
    prefetch: e.DELIVERY_PREFETCH,
    horizonMs: e.DELIVERY_HORIZON_MS,
    leaseMs: e.DELIVERY_LEASE_MS,
    pollMs: e.DELIVERY_POLL_MS,
    maxAttempts: e.DELIVERY_MAX_ATTEMPTS,
    tenantInFlight: e.DELIVERY_TENANT_IN_FLIGHT,
    updatesPerMinute: e.DELIVERY_UPDATES_PER_MINUTE,
    pace,
    backoff,
  };
}
