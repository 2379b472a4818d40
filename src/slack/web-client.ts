import { type Logger as SlackLogger, WebClient } from '@slack/web-api';

export interface WebClientFactoryOptions {
  slackApiUrl: string;
  logger?: SlackLogger;
  /** Per-request timeout; a hung connection must not hold a worker or a request. */
  timeoutMs?: number;
}

/**
 * Every Web API client the app makes comes from here, configured on purpose (design §7): no
 * built-in retries (the default retries 10 times over 30 minutes and could post a DM twice) and no
 * silent waiting on 429 (`rejectRateLimitedCalls`): callers see `slack_webapi_rate_limited_error`
 * with `retryAfter` and decide — the delivery queue reschedules, interactive paths answer the user.
 */
export type WebClientFactory = (token?: string) => WebClient;

export function webClientFactory(options: WebClientFactoryOptions): WebClientFactory {
  return (token?: string) =>
    new WebClient(token, {
      slackApiUrl: options.slackApiUrl,
      logger: options.logger,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: options.timeoutMs ?? 10_000,
    });
}

/** Slack's error code from a Web API client error (`ok:false` answers), if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  const e = error as { code?: string; data?: { error?: string } };
  if (e?.code === 'slack_webapi_platform_error') return e.data?.error;
  if (e?.code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  return undefined;
}

/** Codes that mean the installation itself is gone (design §7): stop using it. */
export const INSTALLATION_ERRORS = new Set([
  'invalid_auth',
  'token_revoked',
  'account_inactive',
  'not_authed',
]);
