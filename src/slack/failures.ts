/**
 * The one Slack failure policy (design §7): what an answer of Slack's means, whoever made the call.
 * Delivery (src/app/delivery/processor.ts), track channels (src/app/track-channels/channel-sync.ts), directory sync
 * (src/app/directory-sync/directory-sync.ts) and Connect (src/app/connect) all judge Slack's answers here and only decide
 * what to *do* with the verdict. Pure. Error shapes are those of @slack/web-api 7.x/8.x with
 * retries off and `rejectRateLimitedCalls` on (src/slack/web-client.ts).
 *
 * One list of codes for every caller. Before this file the callers had lists of their own; where
 * they differed the union was taken, and these codes moved category for a caller:
 * - `token_expired` (a rotating token that expired between our refresh check and the call) is
 *   transient for everyone. It was already for delivery; track channels used to fail the channel
 *   with it and directory sync used to stop the run with it; both now retry (their next attempt
 *   asks the token keeper for the token again, which refreshes it).
 * - `ratelimited` / `rate_limited` as an `ok:false` body (not an HTTP 429) are transient for
 *   everyone. They were for delivery; directory sync used to stop the run with them; track
 *   channels waited 1 s uncounted (as for a 429 without `Retry-After`) and now back off counted.
 * An HTTP 429 is `rate_limited` for everyone, as before.
 */

export type SlackVerdict =
  /** HTTP 429: wait exactly `Retry-After`; not counted as an attempt. */
  | { kind: 'rate_limited'; retryAfterMs: number }
  /** 5xx, network, timeouts, Slack's transient codes, and anything that is not Slack's answer. */
  | { kind: 'transient'; code: string }
  /** The token is gone: mark the installation revoked and stop using it. */
  | { kind: 'installation'; code: string }
  /** The install lacks a scope: the installation stays, a reconnect with the scope fixes it. */
  | { kind: 'missing_scope'; code: 'missing_scope' }
  /** This recipient (user or channel) cannot be reached: give up on this one, not on the tenant. */
  | { kind: 'recipient'; code: string }
  /** Slack refused the call on purpose (the message, the arguments, a policy): retrying repeats it. */
  | { kind: 'permanent'; code: string };

export type SlackVerdictKind = SlackVerdict['kind'];

/** Slack's codes that mean "try again later" (`ok:false` bodies, not HTTP errors). */
export const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
  'rate_limited',
  // A rotating token that expired between our refresh check and the call: the next attempt refreshes.
  'token_expired',
]);

/** Codes that mean the installation itself is unusable: mark it revoked (src/app/connect/revocation.ts). */
export const INSTALLATION_CODES: ReadonlySet<string> = new Set([
  'invalid_auth',
  'token_revoked',
  'account_inactive',
  'not_authed',
]);

/** Codes about the one recipient (a user or a channel), not about the message or the tenant. */
export const RECIPIENT_CODES: ReadonlySet<string> = new Set([
  'channel_not_found',
  'user_not_found',
  'messages_tab_disabled',
  'cannot_dm_bot',
  'user_disabled',
  'is_archived',
  'not_in_channel',
]);

/**
 * Permanent codes we expect (chat.postMessage, conversations.*). Listed for the docs and tests: any
 * other `ok:false` code is permanent too, since retrying an answer Slack gave on purpose only
 * repeats it.
 */
export const PERMANENT_CODES: ReadonlySet<string> = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'no_text',
  'restricted_action',
  'too_many_attachments',
]);

interface WebApiErrorShape {
  code?: string;
  data?: { error?: string; needed?: unknown; provided?: unknown };
  retryAfter?: number;
  statusCode?: number;
}

/** Whether the error came from the Web API client (an answer, an HTTP error or no answer at all). */
export function isWebApiError(error: unknown): boolean {
  const code = (error as WebApiErrorShape | null)?.code;
  return typeof code === 'string' && code.startsWith('slack_webapi_');
}

/** Slack's error code from a Web API client error (`ok:false` answers; `ratelimited` for a 429), if any. */
export function slackErrorCode(error: unknown): string | undefined {
  const e = error as WebApiErrorShape | null;
  if (e?.code === 'slack_webapi_platform_error') return e.data?.error;
  if (e?.code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  return undefined;
}

/** What Slack's answer (or its absence) means. Errors that are not Slack's are transient (bounded retries). */
export function classifySlackError(error: unknown): SlackVerdict {
  const e = (error ?? {}) as WebApiErrorShape;
  switch (e.code) {
    case 'slack_webapi_rate_limited_error':
      return { kind: 'rate_limited', retryAfterMs: Math.max(0, Number(e.retryAfter ?? 1)) * 1000 };
    case 'slack_webapi_platform_error':
      return classifySlackCode(e.data?.error ?? 'unknown_error');
    case 'slack_webapi_http_error':
      // Any HTTP status but 200 and 429: Slack's side (5xx) or a proxy in between; retry, bounded.
      return { kind: 'transient', code: `http_${e.statusCode ?? 'error'}` };
    case 'slack_webapi_request_error':
      // No answer (connection refused/reset, timeout): the call may or may not have taken effect;
      // retrying is the at-least-once choice.
      return { kind: 'transient', code: 'network_error' };
    default:
      return { kind: 'transient', code: 'internal_error' };
  }
}

/** The verdict for one of Slack's `ok:false` codes. */
export function classifySlackCode(code: string): SlackVerdict {
  if (code === 'missing_scope') return { kind: 'missing_scope', code };
  if (INSTALLATION_CODES.has(code)) return { kind: 'installation', code };
  if (TRANSIENT_CODES.has(code)) return { kind: 'transient', code };
  if (RECIPIENT_CODES.has(code)) return { kind: 'recipient', code };
  return { kind: 'permanent', code };
}

/** A `missing_scope` answer's scope lists (`needed`, `provided`: comma-separated strings). */
export interface MissingScopes {
  /** The scopes the method needs; empty when Slack did not say. */
  needed: string[];
  /** The scopes the token has; undefined when Slack did not say (so nothing is overwritten). */
  provided: string[] | undefined;
}

/** Reads `needed` and `provided` from a `missing_scope` error. */
export function missingScopes(error: unknown): MissingScopes {
  const data = (error as WebApiErrorShape | null)?.data;
  const provided = scopeList(data?.provided);
  return { needed: scopeList(data?.needed), provided: provided.length > 0 ? provided : undefined };
}

function scopeList(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

// The one backoff function is generic (the job loop's claims use it too); Slack's callers take it from here.
export { type BackoffOptions, backoffMs } from '../jobs/backoff';
