/**
 * The ids of the timing settings (issue 21) in App Home and their modal. Kept apart from ids.ts so
 * the timing and language work merge without touching the same lines; the same rule holds: a
 * changed id is a breaking change for views already published.
 */
export const TimingAction = {
  /** Admin: opens the send window and digest modal. */
  Edit: 'home.edit_timing',
  /** Every input element of the modal (one per block, so one action id serves all). */
  Input: 'value',
} as const;

export const TimingModalCallback = 'modal.timing';

/** Input blocks of the timing modal; inline errors are keyed by these. */
export const TimingBlock = {
  WindowOn: 'timing.window_on',
  Start: 'timing.start',
  End: 'timing.end',
  Days: 'timing.days',
  Types: 'timing.types',
  TimeZone: 'timing.time_zone',
  DigestOn: 'timing.digest_on',
  MaxItems: 'timing.max_items',
} as const;
