/** Shared setup for the sandbox tests: a sandbox, one app, one workspace, an installed token. */
import { LogLevel, WebClient } from '@slack/web-api';
import {
  type Sandbox,
  type SandboxApp,
  type SandboxOptions,
  type SandboxWorkspace,
  startSandbox,
} from '../../../src/sandbox';

export const APP_SCOPES = [
  'chat:write',
  'commands',
  'users:read',
  'users:read.email',
  'users.profile:read',
  'channels:manage',
  'channels:read',
  'groups:write',
  'groups:read',
];

export interface World {
  sb: Sandbox;
  app: SandboxApp;
  ws: SandboxWorkspace;
  token: string;
  botUserId: string;
  client: WebClient;
}

/** @slack/web-api logs every ok:false answer at error level; the tests expect many of those. */
const quiet = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

export function client(
  sb: Sandbox,
  token?: string,
  extra: ConstructorParameters<typeof WebClient>[1] = {},
): WebClient {
  return new WebClient(token, {
    slackApiUrl: sb.apiUrl,
    retryConfig: { retries: 0 },
    logger: quiet,
    ...extra,
  });
}

export async function world(
  o: { members?: number; scopes?: string[]; sandbox?: SandboxOptions; tokenRotation?: boolean } = {},
): Promise<World> {
  const sb = await startSandbox(o.sandbox);
  const app = sb.createApp({
    redirectUris: ['http://localhost:3000/slack/oauth_redirect'],
    tokenRotation: o.tokenRotation,
  });
  const ws = sb.createWorkspace({ members: o.members ?? 40, seed: 7 });
  const issued = sb.installApp(ws.id, app.clientId, o.scopes ?? APP_SCOPES);
  return {
    sb,
    app,
    ws,
    token: issued.accessToken,
    botUserId: issued.botUserId,
    client: client(sb, issued.accessToken),
  };
}

/** The `data` of a WebClient platform error (ok:false answer), or fails the test. */
export async function slackError(p: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    const data = (e as { data?: Record<string, unknown> }).data;
    if (data) return data;
    throw e;
  }
  throw new Error('expected the call to fail');
}

/** A plain HTTP POST to the Web API (no WebClient), for raw checks. */
export async function rawCall(
  sb: Sandbox,
  method: string,
  body: Record<string, string>,
  token?: string,
): Promise<Response> {
  return fetch(`${sb.apiUrl}${method}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: new URLSearchParams(body).toString(),
  });
}
