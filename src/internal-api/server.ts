import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import getRawBody from 'raw-body';
import { ZodError } from 'zod';
import { AppError, ErrorCode } from '../errors';
import { isDatabaseUnavailable } from '../persistence/unavailable';
import { type Health, livenessAnswer, readinessAnswer } from '../platform/health';
import { closeAfterAnswer } from '../platform/lingering-close';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import { declaredBodyLength, UnverifiedBytes } from '../platform/unverified-bytes';
import { jsonDepth, MAX_JSON_DEPTH } from './json-depth';
import { buildOpenApiDocument } from './openapi';
import type { AnyRoute } from './route';
import { checkHeaders, SIGNATURE_HEADER, signatureMatches, TIMESTAMP_HEADER } from './signature';
import { findUnstorableText } from './unstorable-text';

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Bytes the whole server may hold in bodies whose signature is not yet verified (docs/security.md).
 * Eight largest bulk bodies (8 MiB each) at once; beyond it a request waits its turn: 503.
 */
export const DEFAULT_MAX_UNVERIFIED_BYTES = 64 * 1024 * 1024;

export interface InternalServerOptions {
  signingSecret: string;
  routes: AnyRoute[];
  logger: Logger;
  metrics: Metrics;
  /** Answers unsigned `GET /healthz` and `GET /readyz` here too (src/platform/health.ts), like every process. */
  health?: Health;
  /** Also accept the older body-only `v0` signatures (PLUSPLUS_ACCEPT_V0_SIGNATURES). */
  acceptV0Signatures?: boolean;
  /** Server-wide bound on bytes held in not-yet-verified bodies; default 64 MiB. */
  maxUnverifiedBytes?: number;
  /** Injected clock (unix seconds) so the timestamp window can be tested. */
  nowSeconds?: () => number;
}

/** A route's path (`:name` segments) compiled once: a trailing slash is optional, as in express. */
interface CompiledRoute {
  route: AnyRoute;
  pattern: RegExp;
  names: string[];
}

interface RequestState {
  log: Logger;
  routePath: string;
}

const invalidSignature = () =>
  new AppError(ErrorCode.InvalidSignature, 'The request signature is missing, wrong, or too old.');

/**
 * Refusals decided before the body is read. The client may still be sending it: the socket closes
 * once the answer is out (src/platform/lingering-close.ts) instead of reading the rest to reuse it.
 */
function beforeBody(error: AppError): AppError {
  return Object.assign(error, { closeConnection: true });
}

function zodDetails(error: ZodError) {
  return error.issues.map((issue) => ({
    path: issue.path.join('.'),
    code: issue.code,
    message: issue.message,
  }));
}

function compile(route: AnyRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}/?$`), names };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/**
 * The internal API of design §4 on plain node:http (express cost more per request than the whole
 * accept path; docs/delivery.md). Every request under /internal (but the OpenAPI document) must be
 * signed; bodies are read up to the route's limit (raw-body), verified, parsed and validated
 * before any handler runs. Bad input gets a JSON error, never a 5xx.
 */
export function createInternalApp(options: InternalServerOptions): RequestListener {
  const { logger, metrics } = options;
  const now = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const routes = options.routes.map(compile);
  const openApi = JSON.stringify(buildOpenApiDocument(options.routes));
  const acceptV0 = options.acceptV0Signatures ?? false;
  const unverified = new UnverifiedBytes(options.maxUnverifiedBytes ?? DEFAULT_MAX_UNVERIFIED_BYTES);

  async function serve(req: IncomingMessage, res: ServerResponse, state: RequestState): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');

    if (method === 'GET' && path === '/metrics') {
      state.routePath = '/metrics';
      const text = await metrics.registry.metrics();
      res.setHeader('Content-Type', metrics.registry.contentType);
      res.end(text);
      return;
    }
    if (method === 'GET' && options.health && (path === '/healthz' || path === '/readyz')) {
      state.routePath = path;
      const answer = await (path === '/healthz' ? livenessAnswer : readinessAnswer)(options.health);
      res.setHeader('Cache-Control', 'no-store');
      sendJson(res, answer.status, answer.body);
      return;
    }
    if (method === 'GET' && path === '/internal/v1/openapi.json') {
      state.routePath = '/internal/v1/openapi.json';
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(openApi);
      return;
    }
    if (path !== '/internal' && !path.startsWith('/internal/')) {
      throw new AppError(ErrorCode.NotFound, 'Not found.');
    }
    // Cheap checks first, before reading any body: both headers, timestamp within 300 s, a
    // signature of a form we accept. Unsigned traffic is refused without a byte of it read.
    const checked = checkHeaders(
      header(req, TIMESTAMP_HEADER),
      header(req, SIGNATURE_HEADER),
      now(),
      acceptV0,
    );
    if (!checked.ok) throw beforeBody(invalidSignature());

    const candidates = routes.filter((r) => r.pattern.test(path));
    const match = candidates.find((r) => r.route.method === method);
    const limit = match?.route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const declared = declaredBodyLength(req);
    if (declared !== undefined && declared > limit) throw beforeBody(tooLarge(limit));
    // What this body may hold until it is verified: its declared length, or the whole limit when
    // it is sent chunked. Past the server-wide bound the request is not read at all.
    const reservation = unverified.reserve(declared ?? limit);
    if (!reservation) {
      res.setHeader('Retry-After', '1');
      throw beforeBody(
        new AppError(
          ErrorCode.Unavailable,
          'The server is reading too many request bodies right now; retry in a second.',
        ),
      );
    }
    let raw: Buffer;
    try {
      raw = await readBody(req, limit);
      const signed = { method: req.method ?? 'GET', target: url, rawBody: raw };
      if (!signatureMatches(options.signingSecret, checked.timestamp, signed, checked.signature)) {
        throw invalidSignature();
      }
    } finally {
      reservation.release();
    }

    // Signed requests that match no route: 405 when the path exists with another method, else 404.
    if (!match) {
      if (candidates.length > 0) {
        const allowed = [...new Set(candidates.map((r) => r.route.method))];
        res.setHeader('Allow', allowed.join(', '));
        throw new AppError(
          ErrorCode.MethodNotAllowed,
          `${req.method} is not allowed here; use ${allowed.join(' or ')}.`,
        );
      }
      throw new AppError(ErrorCode.NotFound, `There is no ${req.method} ${path} in the internal API.`);
    }
    state.routePath = match.route.path;
    const values = match.pattern.exec(path)!.slice(1);
    const params = Object.fromEntries(match.names.map((name, i) => [name, decodeParam(values[i]!)]));
    const query = { ...parseQueryString(q < 0 ? '' : url.slice(q + 1)) };
    await handle(match.route, { params, query, raw, contentType: header(req, 'content-type') }, res, state);
  }

  return (req, res) => {
    const requestId = randomUUID();
    const started = process.hrtime.bigint();
    const state: RequestState = { log: logger.child({ requestId }), routePath: 'unmatched' };
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      const route = state.routePath;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequests.inc({ server: 'internal', route, method: req.method, status: res.statusCode });
      metrics.httpDuration.observe({ server: 'internal', route, method: req.method }, seconds);
      state.log.info(
        { method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000) },
        'internal request',
      );
    });
    serve(req, res, state).catch((error: unknown) => {
      const appError = toAppError(error, state.log);
      if (appError.code === ErrorCode.Unavailable && !res.headersSent && !res.hasHeader('Retry-After')) {
        res.setHeader('Retry-After', '5');
      }
      if ((appError as { closeConnection?: boolean }).closeConnection && !res.headersSent) {
        closeAfterAnswer(res);
      }
      sendJson(res, appError.status, appError.toJSON());
    });
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function tooLarge(limit: number): AppError {
  return new AppError(ErrorCode.TooLarge, `The body is larger than this route accepts (${limit} bytes).`, {
    limit_bytes: limit,
  });
}

/** The raw body, up to `limit` bytes (413 beyond); compressed bodies are refused (415). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const encoding = (header(req, 'content-encoding') ?? 'identity').toLowerCase();
  if (encoding !== 'identity') {
    return Promise.reject(
      beforeBody(
        new AppError(ErrorCode.UnsupportedMediaType, `Send the body uncompressed, not ${encoding}.`),
      ),
    );
  }
  return getRawBody(req, { limit, length: header(req, 'content-length') });
}

function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new AppError(
      ErrorCode.InvalidRequest,
      `The path segment "${value}" is not valid percent-encoding.`,
    );
  }
}

async function handle(
  route: AnyRoute,
  input: { params: unknown; query: unknown; raw: Buffer; contentType: string | undefined },
  res: ServerResponse,
  state: RequestState,
): Promise<void> {
  let { params, query } = input;
  let body: unknown;
  try {
    if (route.params) params = route.params.parse(params);
    if (route.query) query = route.query.parse(query);
    if (route.body) {
      // No body where every field is optional (POST /slack/connect, say) is the empty object.
      const empty = input.raw.length === 0 && route.body.safeParse({}).success;
      body = route.body.parse(empty ? {} : parseJsonBody(input.contentType, input.raw));
    }
  } catch (error) {
    if (error instanceof ZodError) {
      throw new AppError(
        ErrorCode.InvalidRequest,
        'The request does not have the expected shape.',
        zodDetails(error),
      );
    }
    throw error;
  }
  const result = await route.handler({ params, body, query, log: state.log });
  if (result.body === undefined) {
    res.statusCode = result.status;
    res.end();
  } else {
    sendJson(res, result.status, result.body);
  }
}

function parseJsonBody(type: string | undefined, raw: Buffer): unknown {
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError(
      ErrorCode.UnsupportedMediaType,
      `Send JSON (Content-Type: application/json), not ${type}.`,
    );
  }
  if (raw.length === 0) throw new AppError(ErrorCode.InvalidRequest, 'The request needs a JSON body.');
  const text = raw.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError(ErrorCode.InvalidRequest, `The body is not valid JSON: ${(error as Error).message}`);
  }
  if (jsonDepth(value) > MAX_JSON_DEPTH) {
    throw new AppError(
      ErrorCode.InvalidRequest,
      `The body nests deeper than ${MAX_JSON_DEPTH} levels of arrays and objects.`,
    );
  }
  const unstorable = findUnstorableText(text, value);
  if (unstorable) {
    throw new AppError(
      ErrorCode.InvalidRequest,
      'Strings must not contain the NUL character (\\u0000) or half of a UTF-16 surrogate pair.',
      [unstorable],
    );
  }
  return value;
}

function toAppError(error: unknown, log: Logger): AppError {
  if (error instanceof AppError) return error;
  const e = error as { type?: string; status?: number; limit?: number };
  if (e?.type === 'entity.too.large') return beforeBody(tooLarge(e.limit!));
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return new AppError(
      ErrorCode.InvalidRequest,
      `The request could not be read (${e.type ?? 'bad request'}).`,
    );
  }
  if (isDatabaseUnavailable(error)) {
    log.warn({ err: error }, 'internal API request failed: database unavailable');
    return new AppError(
      ErrorCode.Unavailable,
      'The database is unavailable right now; the request was not applied. Retry in a few seconds.',
    );
  }
  log.error({ err: error }, 'internal API request failed');
  return new AppError(ErrorCode.Internal, 'Something went wrong on our side; the request was not applied.');
}
