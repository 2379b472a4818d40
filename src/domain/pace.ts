/** The pace rules of delivery: how fast one workspace may be sent to, and how that adapts to Slack. */

/** Pace settings of the delivery worker (all configurable; defaults a bit under Slack's limits). */
export interface PaceOptions {
  /**
   * chat.postMessage per minute for one workspace, shared by every worker process. Slack publishes
   * no number for bulk DMs; the sandbox caps at 300/min (docs/sandbox.md). Default 270.
   */
  workspacePerMinute: number;
  /** Minimum gap between two posts to one DM channel. Slack: ~1/s per channel. Default 1100 ms. */
  channelIntervalMs: number;
}

export const DEFAULT_PACE: PaceOptions = { workspacePerMinute: 270, channelIntervalMs: 1100 };

/**
 * How a workspace's pace adapts when Slack's real cap is below the configured one (its workspace
 * cap for bulk DMs is not published): each 429 block slows the workspace by `slowDownFactor` (once
 * per block), and while it sends without a 429 the learned interval relaxes by `relaxFactor` every
 * `relaxEveryMs` until it is back at the configured pace. Additive-increase/multiplicative-decrease
 * in spirit: few 429s, and the rate settles just under Slack's (docs/delivery.md "Pacing").
 */
export interface AdaptOptions {
  slowDownFactor: number;
  relaxFactor: number;
  relaxEveryMs: number;
  /** The slowest a workspace is ever paced at. */
  maxIntervalMs: number;
}

export const DEFAULT_ADAPT: AdaptOptions = {
  slowDownFactor: 1.5,
  relaxFactor: 0.95,
  relaxEveryMs: 10_000,
  maxIntervalMs: 60_000,
};

export function workspaceIntervalMs(pace: PaceOptions): number {
  return 60_000 / pace.workspacePerMinute;
}
