/** The app's one backoff: Slack retries (src/slack/failures.ts) and the job loop's failed claims. */
export interface BackoffOptions {
  /** Delay before the first retry; doubles each attempt. */
  baseMs: number;
  /** Ceiling. */
  maxMs: number;
  /**
   * Spread around the delay as a fraction (default 0.2: ±20 %), so a burst of failures does not
   * come back in lockstep. 0 for an exact doubling.
   */
  jitter?: number;
}

/** Exponential backoff: attempt 1 waits `baseMs`, attempt n `baseMs × 2ⁿ⁻¹`, at most `maxMs`, ± jitter. */
export function backoffMs(attempt: number, o: BackoffOptions, random: () => number = Math.random): number {
  const exp = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, attempt - 1));
  const jitter = o.jitter ?? 0.2;
  return Math.round(exp * (1 - jitter + 2 * jitter * random()));
}
