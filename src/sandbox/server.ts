/**
 * The HTTP side: `/api/<method>` (Web API), `/oauth/v2/authorize` (the install page) and
 * `/_sandbox/…` (control API, control.ts). Bodies: `application/x-www-form-urlencoded` or
 * `application/json`; GET query parameters are read too (and merged under the body's).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../platform/logger';
import { handleApiCall } from './dispatch';
import type { SlackDriver } from './driver';
import { SandboxUsageError } from './errors';
import type { Params } from './methods/context';
import { authorizePage } from './oauth';
import { createUiHandler } from './page/handler';
import type { SandboxState } from './state';

const MAX_BODY = 5 * 1024 * 1024;

export type ControlHandler = (
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
) => Promise<unknown> | unknown;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new SandboxUsageError('body too large', 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Slack-style parameter parsing; `null` means the body could not be read as declared. */
function parseParams(contentType: string, raw: string, query: URLSearchParams): Params | null {
  const params: Params = Object.fromEntries(query);
  if (raw.length === 0) return params;
  if (contentType.includes('application/json')) {
    try {
      const body = JSON.parse(raw);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
      return { ...params, ...body };
    } catch {
      return null;
    }
  }
  return { ...params, ...Object.fromEntries(new URLSearchParams(raw)) };
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  const isJson = typeof body !== 'string';
  const text = isJson ? JSON.stringify(body) : (body as string);
  res.writeHead(status, {
    ...(isJson ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    ...headers,
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

export interface ServerDeps {
  state: SandboxState;
  control: ControlHandler;
  baseUrl: () => string;
  logger?: Logger;
  /** Called after every request that may have changed the state (any but GET/HEAD): the snapshot writer. */
  onChange?: () => void;
  /** How the playground reaches an app (app-driver.ts: Socket Mode or its events URL). */
  driverFor?: (clientId: string) => SlackDriver;
}

export function createSandboxServer(deps: ServerDeps): Server {
  const { state, logger } = deps;
  const ui = createUiHandler({ state, baseUrl: deps.baseUrl, driverFor: deps.driverFor });
  const server = createServer((req, res) => {
    if (deps.onChange && req.method !== 'GET' && req.method !== 'HEAD') res.once('finish', deps.onChange);
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof SandboxUsageError ? e.status : 500;
      if (status === 500) logger?.error({ err: e }, 'sandbox request failed');
      if (!res.headersSent)
        send(res, status, {}, { ok: false, error: e instanceof Error ? e.message : 'internal error' });
      else res.destroy();
    });
  });
  // Keep idle connections longer than any client keeps them (fetch/undici: 4 s; Slack's own edge
  // keeps them about a minute). With node's 5 s, a loaded machine let the server close an idle
  // socket just as a client reused it, and the client got ECONNRESET (seen in fidelity.test.ts).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const path = url.pathname;
    if (path.startsWith('/api/')) {
      const raw = await readBody(req);
      const method = decodeURIComponent(path.slice('/api/'.length));
      const params = parseParams(String(req.headers['content-type'] ?? ''), raw, url.searchParams);
      if (params === null) {
        send(res, 200, {}, { ok: false, error: 'invalid_json' });
        return;
      }
      const r = await handleApiCall(state, { method, params, headers: req.headers }, deps.baseUrl(), logger);
      if (r.status === 0) {
        req.socket.destroy();
        return;
      }
      send(res, r.status, r.headers, r.body);
      return;
    }
    if (path === '/oauth/v2/authorize' && (req.method === 'GET' || req.method === 'HEAD')) {
      const p = authorizePage(state, url.searchParams);
      send(res, p.status, p.headers, p.body);
      return;
    }
    // The HTML picture of a member's Slack (page/handler.ts); everything else under /_sandbox is JSON.
    if ((path === '/_sandbox/ui' || path.startsWith('/_sandbox/ui/')) && (await ui(req, res, url))) return;
    if (path.startsWith('/_sandbox/')) {
      const raw = await readBody(req);
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        throw new SandboxUsageError('control API bodies are JSON');
      }
      const out = await deps.control(
        req.method ?? 'GET',
        path.slice('/_sandbox'.length),
        url.searchParams,
        body,
      );
      if (out === undefined) res.writeHead(204).end();
      else send(res, 200, {}, out);
      return;
    }
    send(res, 404, {}, { ok: false, error: 'not_found' });
  }
}
