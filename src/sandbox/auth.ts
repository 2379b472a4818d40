/**
 * Token → app + workspace, with Slack's error codes: no token `not_authed`, unknown `invalid_auth`,
 * revoked `token_revoked`, expired rotating token `token_expired`, deactivated bot user
 * `account_inactive`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthContext, Params } from './methods/context';
import type { SandboxState } from './state';

export function tokenOf(headers: IncomingHttpHeaders, params: Params): string | undefined {
  const h = headers.authorization;
  if (h && /^Bearer\s+/i.test(h)) {
    const t = h.replace(/^Bearer\s+/i, '').trim();
    if (t) return t;
  }
  const p = params.token;
  return typeof p === 'string' && p.trim() ? p.trim() : undefined;
}

export type AuthResult = { ok: true; auth: AuthContext } | { ok: false; error: string };

export function authenticate(state: SandboxState, token: string | undefined): AuthResult {
  if (!token) return { ok: false, error: 'not_authed' };
  const rec = state.tokens.get(token);
  if (!rec) return { ok: false, error: 'invalid_auth' };
  if (rec.revoked) return { ok: false, error: 'token_revoked' };
  if (rec.expiresAt !== null && rec.expiresAt <= state.now()) return { ok: false, error: 'token_expired' };
  const ws = state.workspaces.get(rec.teamId);
  const install = state.installByAppId(rec.teamId, rec.appId);
  const app = state.appById(rec.appId);
  if (!ws || !install || !app) return { ok: false, error: 'invalid_auth' };
  if (ws.member(install.botUserId)?.deleted) return { ok: false, error: 'account_inactive' };
  return { ok: true, auth: { token, ws, app, install, scopes: install.scopes } };
}

/** Team and app of a token without judging it (for faults and logs before authentication). */
export function peekToken(
  state: SandboxState,
  token: string | undefined,
): { teamId: string; appId: string } | null {
  const rec = token ? state.tokens.get(token) : undefined;
  return rec ? { teamId: rec.teamId, appId: rec.appId } : null;
}
