/**
 * apps.connections.open: Socket Mode's handshake. It takes an app-level token (`xapp-…`) in the
 * Authorization header only (Slack refuses it as a form parameter) and answers a one-time WebSocket
 * URL, `ws://<sandbox>/link/?ticket=…&app_id=…` (Slack's is `wss://wss-….slack.com/link/?…`), that
 * socket-mode.ts accepts once within `ticketTtlMs`.
 */
import { randomBytes } from 'node:crypto';
import { fail } from '../errors';
import type { Answer, CallContext, MethodDef } from './context';

/** Slack's tickets are short-lived; a client that waits longer calls apps.connections.open again. */
export const SOCKET_TICKET_TTL_MS = 30_000;

function connectionsOpen(ctx: CallContext): Answer {
  const header = ctx.headers.authorization;
  const token = header && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '').trim() : '';
  if (!token) fail(typeof ctx.params.token === 'string' ? 'invalid_auth' : 'not_authed');
  const rec = ctx.state.appTokens.get(token);
  if (!rec) fail(ctx.state.tokens.has(token) ? 'not_allowed_token_type' : 'invalid_auth');
  if (rec.revoked) fail('token_revoked');
  const app = ctx.state.appById(rec.appId);
  if (!app) fail('invalid_auth');
  const ticket = randomBytes(16).toString('hex');
  ctx.state.socketTickets.set(ticket, {
    appId: app.appId,
    expiresAt: ctx.state.now() + SOCKET_TICKET_TTL_MS,
  });
  const base = new URL(ctx.baseUrl);
  const scheme = base.protocol === 'https:' ? 'wss:' : 'ws:';
  return { ok: true, url: `${scheme}//${base.host}/link/?ticket=${ticket}&app_id=${app.appId}` };
}

export const appMethods: Record<string, MethodDef> = {
  'apps.connections.open': { auth: false, handler: connectionsOpen },
};
