/**
 * OAuth v2: the authorize page (`GET /oauth/v2/authorize`) as a browser would meet it, and the
 * `oauth.v2.access` method (authorization code and, with token rotation, refresh token grants).
 *
 * Which workspace the "browser" is signed in to: the `team` query parameter, else the sandbox's
 * default workspace (the first created). Who clicks Allow: the `user` query parameter, else the
 * workspace's primary owner. What happens then is the workspace's policy: approve (302 back with
 * `code` and `state`), admin approval required (an HTML page, no redirect, until `approveApp`),
 * or deny (302 back with `error=access_denied`).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { fail } from './errors';
import type { Answer, MethodDef, Params } from './methods/context';
import { str } from './methods/context';
import { KNOWN_SCOPES, parseScopeList } from './scopes';
import type { SandboxApp, SandboxState } from './state';

export interface PageAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(status: number, title: string, text: string, code?: string): PageAnswer {
  const marker = code ? `<p id="error" data-error="${escapeHtml(code)}">${escapeHtml(code)}</p>` : '';
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html><head><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>${marker}</body></html>`,
  };
}

function redirect(to: URL): PageAnswer {
  return { status: 302, headers: { location: to.toString() }, body: '' };
}

/** Slack accepts the registered redirect URL or a path below it. */
export function redirectAllowed(app: SandboxApp, uri: string): boolean {
  return app.redirectUris.some(
    (r) => uri === r || uri.startsWith(r.endsWith('/') ? r : `${r}/`) || uri.startsWith(`${r}?`),
  );
}

export function authorizePage(state: SandboxState, query: URLSearchParams): PageAnswer {
  const clientId = query.get('client_id') ?? '';
  const app = state.apps.get(clientId);
  if (!app)
    return page(
      400,
      'Something went wrong',
      'This app could not be found (invalid client_id).',
      'invalid_client_id',
    );
  const redirectUri = query.get('redirect_uri') || app.redirectUris[0];
  if (!redirectAllowed(app, redirectUri)) {
    return page(
      400,
      'Something went wrong',
      'redirect_uri did not match any configured URIs.',
      'bad_redirect_uri',
    );
  }
  const scopes = parseScopeList(query.get('scope'));
  const userScopes = parseScopeList(query.get('user_scope'));
  const unknown = [...scopes, ...userScopes].filter((s) => !KNOWN_SCOPES.has(s));
  if (unknown.length > 0 || scopes.length + userScopes.length === 0) {
    return page(
      400,
      'Something went wrong',
      `Invalid permissions requested: ${unknown.join(', ')}`,
      'invalid_scope',
    );
  }
  const teamId = query.get('team') || state.defaultTeamId;
  const ws = teamId ? state.workspaces.get(teamId) : undefined;
  if (!ws) return page(400, 'Something went wrong', 'No such workspace.', 'invalid_team');
  const back = new URL(redirectUri);
  const st = query.get('state');
  if (ws.policies.denyInstall) {
    back.searchParams.set('error', 'access_denied');
    if (st !== null) back.searchParams.set('state', st);
    return redirect(back);
  }
  const userId = query.get('user') || ws.members[1].id;
  if (ws.policies.approvalRequired && !ws.approvedApps.has(clientId)) {
    ws.approvalRequests.push({ clientId, userId, at: state.now() });
    return page(
      200,
      'Request sent',
      `Your request to install ${app.name} has been sent to your admins for approval. You will get a message from Slackbot once it is approved.`,
      'approval_requested',
    );
  }
  const code = `${ws.namespace}.${randomBytes(24).toString('hex')}`;
  state.codes.set(code, {
    clientId,
    teamId: ws.id,
    userId,
    scopes: state.grantable(ws, scopes),
    redirectUri: query.get('redirect_uri') ?? '',
    expiresAt: state.now() + state.codeTtlMs,
    used: false,
  });
  back.searchParams.set('code', code);
  if (st !== null) back.searchParams.set('state', st);
  return redirect(back);
}

/** client_id / client_secret from the form, or HTTP Basic auth (both are allowed by Slack). */
function clientCredentials(params: Params, headers: IncomingHttpHeaders): { id?: string; secret?: string } {
  const auth = headers.authorization;
  if (auth?.startsWith('Basic ')) {
    const [id, ...rest] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
    return { id, secret: rest.join(':') };
  }
  return { id: str(params, 'client_id'), secret: str(params, 'client_secret') };
}

function accessAnswer(
  state: SandboxState,
  app: SandboxApp,
  teamId: string,
  userId: string | null,
  issued: ReturnType<SandboxState['installApp']>,
): Answer {
  const ws = state.workspace(teamId);
  const out: Answer = { ok: true, app_id: app.appId };
  if (userId) out.authed_user = { id: userId };
  Object.assign(out, {
    scope: issued.scopes.join(','),
    token_type: 'bot',
    access_token: issued.accessToken,
    bot_user_id: issued.botUserId,
    team: { id: ws.id, name: ws.name },
    enterprise: null,
    is_enterprise_install: false,
  });
  if (issued.refreshToken) {
    out.refresh_token = issued.refreshToken;
    out.expires_in = issued.expiresIn;
  }
  return out;
}

export const oauthMethods: Record<string, MethodDef> = {
  'oauth.v2.access': {
    auth: false,
    handler(ctx) {
      const { state, params } = ctx;
      const cred = clientCredentials(params, ctx.headers);
      if (!cred.id) fail('invalid_client_id');
      const app = state.apps.get(cred.id);
      if (!app) fail('invalid_client_id');
      if (cred.secret !== app.clientSecret) fail('bad_client_secret');
      const grant = str(params, 'grant_type') ?? 'authorization_code';
      if (grant === 'refresh_token') {
        if (!app.tokenRotation) fail('invalid_grant_type');
        const key = state.refreshTokens.get(str(params, 'refresh_token') ?? '');
        if (!key) fail('invalid_refresh_token');
        const inst = state.installs.get(key)!;
        const issued = { ...state.rotatedAccessToken(inst, app), refreshToken: inst.refreshToken };
        return accessAnswer(state, app, inst.teamId, null, issued);
      }
      if (grant !== 'authorization_code') fail('invalid_grant_type');
      const code = state.codes.get(str(params, 'code') ?? '');
      if (!code || code.clientId !== app.clientId || code.used || code.expiresAt < state.now())
        fail('invalid_code');
      code.used = true;
      const redirectUri = str(params, 'redirect_uri');
      // Slack: must match the one sent to the authorize page, if the app sends one.
      if (redirectUri !== undefined && redirectUri !== code.redirectUri) fail('bad_redirect_uri');
      const issued = state.installApp(code.teamId, app.clientId, code.scopes, code.userId);
      return accessAnswer(state, app, code.teamId, code.userId, issued);
    },
  },
};
