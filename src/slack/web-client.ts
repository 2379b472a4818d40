import { type Logger as SlackLogger, WebClient, type WebClientOptions } from '@slack/web-api';
import type { SlackCallRecorder } from '../platform/metrics';

export interface WebClientFactoryOptions {
  slackApiUrl: string;
  logger?: SlackLogger;
  /** Per-request timeout; a hung connection must not hold a worker or a request. */
  timeoutMs?: number;
  /** Told of every call's method and outcome (metrics: plusplus_slack_web_api_calls_total). */
  recorder?: SlackCallRecorder;
}

/**
 * Every Web API client the app makes comes from here, configured on purpose (design §7): no
 * built-in retries (the default retries 10 times over 30 minutes and could post a DM twice) and no
 * silent waiting on 429 (`rejectRateLimitedCalls`): callers see `slack_webapi_rate_limited_error`
 * with `retryAfter` and decide — the delivery queue reschedules, interactive paths answer the user.
 */
export type WebClientFactory = (token?: string) => WebClient;

export function webClientFactory(options: WebClientFactoryOptions): WebClientFactory {
  const clientOptions: WebClientOptions = {
    slackApiUrl: options.slackApiUrl,
    logger: options.logger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
  };
  const { recorder } = options;
  return recorder
    ? (token?: string) => new RecordingWebClient(recorder, token, clientOptions)
    : (token?: string) => new WebClient(token, clientOptions);
}

/**
 * A WebClient that tells `recorder` how each call went. Every method of the client
 * (`chat.postMessage` …) and `paginate` go through `apiCall`, so overriding it sees them all with
 * the typed errors the client throws, without parsing any answer a second time.
 */
class RecordingWebClient extends WebClient {
  constructor(
    private readonly recorder: SlackCallRecorder,
    token: string | undefined,
    options: WebClientOptions,
  ) {
    super(token, options);
  }

  override async apiCall(...args: Parameters<WebClient['apiCall']>): ReturnType<WebClient['apiCall']> {
    const method = args[0];
    try {
      const result = await super.apiCall(...args);
      this.recorder(method, 'ok');
      return result;
    } catch (error) {
      const { outcome, retryAfterSeconds } = callOutcome(error);
      this.recorder(method, outcome, retryAfterSeconds);
      throw error;
    }
  }
}

/**
 * A `fetch` for clients the app does not build itself (Bolt makes the listeners' `client` from
 * `clientOptions`, so it cannot be a RecordingWebClient): records each Web API call under
 * `slackApiUrl` by the HTTP answer, reading `ok`/`error` from a copy of a 200 body. Anything else
 * Bolt fetches (a `response_url`) passes through unrecorded.
 */
export function recordingFetch(
  slackApiUrl: string,
  recorder: SlackCallRecorder,
  fetchFn: typeof fetch = globalThis.fetch,
): typeof fetch {
  const base = slackApiUrl.endsWith('/') ? slackApiUrl : `${slackApiUrl}/`;
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(base)) return fetchFn(input, init);
    const method = url.slice(base.length).split(/[?#]/)[0] ?? '';
    let response: Response;
    try {
      response = await fetchFn(input, init);
    } catch (error) {
      recorder(method, 'network_error');
      throw error;
    }
    if (response.status === 429) {
      const seconds = Number(response.headers.get('retry-after'));
      recorder(method, 'ratelimited', Number.isFinite(seconds) ? Math.max(0, seconds) : undefined);
    } else if (response.status !== 200) {
      recorder(method, `http_${response.status}`);
    } else {
      const body = (await response
        .clone()
        .json()
        .catch(() => undefined)) as { ok?: unknown; error?: unknown } | undefined;
      recorder(method, body?.ok === true ? 'ok' : typeof body?.error === 'string' ? body.error : 'other');
    }
    return response;
  };
}

/**
 * A failed call's outcome as a bounded label: `ratelimited` (with Retry-After), Slack's error code
 * for `ok:false` answers, `http_<status>` for other statuses, `network_error` when nothing came
 * back (refused, reset, timed out), `other` for anything else.
 */
export function callOutcome(error: unknown): { outcome: string; retryAfterSeconds?: number } {
  const e = error as { code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number };
  switch (e?.code) {
    case 'slack_webapi_rate_limited_error':
      return { outcome: 'ratelimited', retryAfterSeconds: Math.max(0, Number(e.retryAfter) || 0) };
    case 'slack_webapi_platform_error':
      return { outcome: e.data?.error || 'other' };
    case 'slack_webapi_http_error':
      return { outcome: Number.isInteger(e.statusCode) ? `http_${e.statusCode}` : 'other' };
    case 'slack_webapi_request_error':
      return { outcome: 'network_error' };
    default:
      return { outcome: 'other' };
  }
}
