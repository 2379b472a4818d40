/** What a Web API method handler gets, and small helpers to read Slack-style parameters. */
import type { IncomingHttpHeaders } from 'node:http';
import { fail } from '../errors';
import type { Install, SandboxApp, SandboxState } from '../state';
import type { Workspace } from '../workspace';

export type Params = Record<string, unknown>;

export interface AuthContext {
  token: string;
  ws: Workspace;
  app: SandboxApp;
  install: Install;
  scopes: Set<string>;
}

export interface CallContext {
  state: SandboxState;
  method: string;
  params: Params;
  headers: IncomingHttpHeaders;
  /** Set for every method that needs a token. */
  auth: AuthContext;
  /** The sandbox's base URL (for permalinks and the like). */
  baseUrl: string;
}

export type Answer = Record<string, unknown>;

export interface MethodDef {
  /** false: no token needed (oauth.v2.access authenticates with client credentials). */
  auth: boolean;
  handler(ctx: CallContext): Answer | Promise<Answer>;
}

/** `missing_scope` with Slack's `needed` / `provided` (comma-separated strings). */
export function requireScope(ctx: CallContext, scope: string): void {
  if (!ctx.auth.scopes.has(scope)) {
    fail('missing_scope', { needed: scope, provided: [...ctx.auth.scopes].join(',') });
  }
}

export function str(p: Params, name: string): string | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function requiredStr(p: Params, name: string, error = 'invalid_arguments'): string {
  const v = str(p, name);
  if (v === undefined || v.trim() === '') fail(error);
  return v;
}

export function bool(p: Params, name: string): boolean {
  const v = p[name];
  return v === true || v === 'true' || v === '1' || v === 1;
}

export function int(p: Params, name: string): number | undefined {
  const v = p[name];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number.parseInt(String(v), 10);
  if (!Number.isFinite(n)) fail('invalid_arguments');
  return n;
}

/** A parameter that may arrive as a JSON string (form bodies) or as a value (JSON bodies). */
export function json(p: Params, name: string, error: string): unknown {
  const v = p[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return fail(error);
  }
}

/** Slack cursors are base64 of `<kind>:<id>`. */
export function encodeCursor(kind: string, id: string): string {
  return Buffer.from(`${kind}:${id}`).toString('base64');
}

export function decodeCursor(cursor: string, kind: string): string {
  const raw = Buffer.from(cursor, 'base64').toString('utf8');
  if (!raw.startsWith(`${kind}:`) || Buffer.from(raw).toString('base64') !== cursor) fail('invalid_cursor');
  return raw.slice(kind.length + 1);
}
