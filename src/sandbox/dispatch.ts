/**
 * One Web API call, in Slack's order: injected fault → authentication → rate limit → static scope →
 * method. Errors are HTTP 200 `{"ok":false,"error":…}`; rate limits HTTP 429 with `Retry-After`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../platform/logger';
import { authenticate, peekToken, tokenOf } from './auth';
import { SlackApiError } from './errors';
import { METHODS } from './methods';
import type { AuthContext, CallContext, Params } from './methods/context';
import { retryAfterSeconds } from './rate-limits';
import { METHOD_SCOPES } from './scopes';
import type { SandboxState } from './state';

export interface ApiResult {
  /** 0: destroy the socket without answering. */
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown> | string;
}

export interface ApiRequest {
  method: string;
  params: Params;
  headers: IncomingHttpHeaders;
}

function json(
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): ApiResult {
  return { status, headers, body };
}

function rateKey(method: string, auth: AuthContext | null, params: Params): string[][] {
  if (method === 'oauth.v2.access') return [[method, `${method}:${String(params.client_id ?? 'basic')}`]];
  if (!auth) return [];
  const base = `${auth.app.appId}:${auth.ws.id}`;
  if (method === 'chat.postMessage') {
    return [
      ['chat.postMessage#workspace', `chat.postMessage#workspace:${base}`],
      ['chat.postMessage', `chat.postMessage:${base}:${String(params.channel ?? '')}`],
    ];
  }
  return [[method, `${method}:${base}`]];
}

export async function handleApiCall(
  state: SandboxState,
  req: ApiRequest,
  baseUrl: string,
  logger?: Logger,
): Promise<ApiResult> {
  const at = state.now();
  const token = tokenOf(req.headers, req.params);
  const peek = peekToken(state, token);
  const channel = typeof req.params.channel === 'string' ? req.params.channel : undefined;
  const log = (status: number, ok: boolean, error?: string) => {
    state.calls.record({
      method: req.method,
      teamId: peek?.teamId ?? null,
      appId: peek?.appId ?? null,
      at,
      status,
      ok,
      error,
      channel,
    });
    logger?.debug({ method: req.method, teamId: peek?.teamId, status, error }, 'sandbox api call');
  };
  const def = METHODS[req.method];
  if (!def) {
    log(200, false, 'unknown_method');
    return json(200, { ok: false, error: 'unknown_method' });
  }
  const fault = state.faults.take(req.method, peek?.teamId ?? null);
  if (fault) {
    if ('drop' in fault) {
      log(0, false, 'dropped');
      return { status: 0, headers: {}, body: '' };
    }
    if ('status' in fault) {
      log(fault.status, false, `http_${fault.status}`);
      return {
        status: fault.status,
        headers: { 'content-type': 'text/plain' },
        body: 'sandbox: injected failure',
      };
    }
    if ('error' in fault) {
      log(200, false, fault.error);
      return json(200, { ok: false, error: fault.error });
    }
    await sleep(fault.delayMs);
  }
  let auth: AuthContext | null = null;
  if (def.auth) {
    const r = authenticate(state, token);
    if (!r.ok) {
      log(200, false, r.error);
      return json(200, { ok: false, error: r.error });
    }
    auth = r.auth;
  }
  for (const [limitKey, bucketKey] of rateKey(req.method, auth, req.params)) {
    const d = state.limiter.take(limitKey, bucketKey);
    if (!d.allowed) {
      log(429, false, 'ratelimited');
      return json(
        429,
        { ok: false, error: 'ratelimited' },
        {
          'retry-after': String(retryAfterSeconds(d.retryAfterMs)),
          'x-sandbox-retry-after-ms': String(d.retryAfterMs),
        },
      );
    }
  }
  const headers: Record<string, string> = {};
  if (auth) headers['x-oauth-scopes'] = [...auth.scopes].join(',');
  const needed = METHOD_SCOPES[req.method];
  if (needed) headers['x-accepted-oauth-scopes'] = needed;
  try {
    if (auth && needed && !auth.scopes.has(needed)) {
      throw new SlackApiError('missing_scope', { needed, provided: [...auth.scopes].join(',') });
    }
    const ctx: CallContext = {
      state,
      method: req.method,
      params: req.params,
      headers: req.headers,
      auth: auth!,
      baseUrl,
    };
    const body = await def.handler(ctx);
    log(200, true);
    return json(200, body, headers);
  } catch (e) {
    if (e instanceof SlackApiError) {
      log(200, false, e.code);
      return json(200, { ok: false, error: e.code, ...e.extra }, headers);
    }
    logger?.error({ err: e, method: req.method }, 'sandbox method failed');
    log(500, false, 'fatal_error');
    return json(500, { ok: false, error: 'fatal_error' });
  }
}
