/**
 * What to do with a Slack Web API failure (design §7). Pure: the worker turns the verdict into a
 * queue operation. Error shapes are those of @slack/web-api 7.x/8.x with retries off and
 * `rejectRateLimitedCalls` on (src/slack/web-client.ts).
 */

export type SlackVerdict =
  /** HTTP 429: wait exactly `Retry-After`; not counted as an attempt. */
  | { kind: 'rate_limited'; retryAfterMs: number }
  /** 5xx, network, timeouts and Slack's transient codes: back off and retry, up to a bound. */
  | { kind: 'transient'; code: string }
  /** The recipient or the message is the problem: fail this delivery with Slack's code. */
  | { kind: 'permanent'; code: string }
  /** The token is gone: mark the installation revoked and stop the tenant's queue. */
  | { kind: 'installation'; code: string }
  /** The install lacks a scope: fail this delivery and pause the tenant until a reconnect. */
  | { kind: 'missing_scope'; code: 'missing_scope' };

/** Slack's codes that mean "try again later" (ok:false bodies, not HTTP errors). */
export const TRANSIENT_CODES = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
  'rate_limited',
  // A rotating token that expired between our refresh check and the call: the next attempt refreshes.
  'token_expired',
]);

/** Codes that mean the installation is unusable (design §7; ConnectService knows all but missing_scope). */
export const INSTALLATION_CODES = new Set([
  'invalid_auth',
  'token_revoked',
  'account_inactive',
  'not_authed',
]);

/**
 * Permanent recipient/message codes we expect from chat.postMessage to a user id. Listed for the
 * docs and tests; any other ok:false code is treated as permanent too, since retrying an answer
 * Slack gave on purpose only repeats it.
 */
export const PERMANENT_CODES = new Set([
  'channel_not_found',
  'user_not_found',
  'messages_tab_disabled',
  'cannot_dm_bot',
  'user_disabled',
  'is_archived',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'no_text',
  'not_in_channel',
  'restricted_action',
  'too_many_attachments',
]);

interface WebApiErrorShape {
  code?: string;
  data?: { error?: string };
  retryAfter?: number;
  statusCode?: number;
  original?: { code?: string; message?: string };
}

/** Classifies anything the Web API client threw. Non-Slack errors are transient (bounded retries). */
export function classifySlackError(error: unknown): SlackVerdict {
  const e = (error ?? {}) as WebApiErrorShape;
  switch (e.code) {
    case 'slack_webapi_rate_limited_error':
      return { kind: 'rate_limited', retryAfterMs: Math.max(0, Number(e.retryAfter ?? 1)) * 1000 };
    case 'slack_webapi_platform_error': {
      const code = e.data?.error ?? 'unknown_error';
      if (code === 'missing_scope') return { kind: 'missing_scope', code };
      if (INSTALLATION_CODES.has(code)) return { kind: 'installation', code };
      if (TRANSIENT_CODES.has(code)) return { kind: 'transient', code };
      return { kind: 'permanent', code };
    }
    case 'slack_webapi_http_error':
      // Any HTTP status but 200 and 429: Slack's side (5xx) or a proxy in between; retry, bounded.
      return { kind: 'transient', code: `http_${e.statusCode ?? 'error'}` };
    case 'slack_webapi_request_error':
      // No answer (connection refused/reset, timeout): the message may or may not have been
      // posted; retrying is the at-least-once choice (the duplicate window is this one send).
      return { kind: 'transient', code: 'network_error' };
    default:
      return { kind: 'transient', code: 'internal_error' };
  }
}

export interface BackoffOptions {
  /** First retry delay (default 2 s); doubles each attempt. */
  baseMs: number;
  /** Ceiling (default 5 min). */
  maxMs: number;
}

/** Exponential backoff with ±20 % jitter so a burst of failures does not come back in lockstep. */
export function backoffMs(attempt: number, o: BackoffOptions, random: () => number = Math.random): number {
  const exp = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp * (0.8 + 0.4 * random()));
}
