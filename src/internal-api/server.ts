import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ZodError } from 'zod';
import { AppError, ErrorCode } from '../errors';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { buildOpenApiDocument } from './openapi';
import type { AnyRoute } from './route';
import { checkTimestamp, SIGNATURE_HEADER, signatureMatches, TIMESTAMP_HEADER } from './signature';

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface InternalServerOptions {
  signingSecret: string;
  routes: AnyRoute[];
  logger: Logger;
  metrics: Metrics;
  /** Injected clock (unix seconds) so the timestamp window can be tested. */
  nowSeconds?: () => number;
}

type Locals = { requestId: string; routePath?: string; rawBody?: Buffer; log: Logger };

const locals = (res: Response) => res.locals as Locals;

function sendError(res: Response, error: AppError): void {
  if (res.headersSent) return;
  res.status(error.status).json(error.toJSON());
}

const invalidSignature = () =>
  new AppError(ErrorCode.InvalidSignature, 'The request signature is missing, wrong, or too old.');

function zodDetails(error: ZodError) {
  return error.issues.map((issue) => ({
    path: issue.path.join('.'),
    code: issue.code,
    message: issue.message,
  }));
}

/**
 * The internal API of design §4: every request under /internal/v1 (but the OpenAPI document) must
 * be signed; bodies are read up to the route's limit, verified, parsed and validated before any
 * handler runs. Bad input gets a JSON error, never a 5xx.
 */
export function createInternalApp(options: InternalServerOptions): express.Express {
  const { logger, metrics, routes } = options;
  const now = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use((req, res, next) => {
    const requestId = randomUUID();
    const started = process.hrtime.bigint();
    res.locals.requestId = requestId;
    res.locals.log = logger.child({ requestId });
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      const route = locals(res).routePath ?? 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequests.inc({ server: 'internal', route, method: req.method, status: res.statusCode });
      metrics.httpDuration.observe({ server: 'internal', route, method: req.method }, seconds);
      locals(res).log.info(
        { method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000) },
        'internal request',
      );
    });
    next();
  });

  app.get('/metrics', async (_req, res) => {
    locals(res).routePath = '/metrics';
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });

  const openApi = buildOpenApiDocument(routes);
  app.get('/internal/v1/openapi.json', (_req, res) => {
    locals(res).routePath = '/internal/v1/openapi.json';
    res.json(openApi);
  });

  // Cheap checks first, before reading any body: both headers, timestamp within 300 s.
  app.use('/internal', (req, _res, next) => {
    const check = checkTimestamp(req.get(TIMESTAMP_HEADER), req.get(SIGNATURE_HEADER), now());
    next(check.ok ? undefined : invalidSignature());
  });

  const readBody = (limit: number): RequestHandler =>
    express.raw({ type: () => true, limit, inflate: false });

  const verifySignature: RequestHandler = (req, res, next) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    locals(res).rawBody = raw;
    const ok = signatureMatches(
      options.signingSecret,
      req.get(TIMESTAMP_HEADER)!,
      raw,
      req.get(SIGNATURE_HEADER)!,
    );
    next(ok ? undefined : invalidSignature());
  };

  for (const route of routes) {
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    app[method](
      route.path,
      readBody(route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
      verifySignature,
      (req, res, next) => {
        locals(res).routePath = route.path;
        handle(route, req, res).catch(next);
      },
    );
  }

  // Signed requests that match no route: 405 when the path exists with another method, else 404.
  app.use('/internal', readBody(DEFAULT_MAX_BODY_BYTES), verifySignature, (req, res, next) => {
    const allowed = routes.filter((r) => pathMatches(r.path, req.baseUrl + req.path)).map((r) => r.method);
    if (allowed.length > 0) {
      res.setHeader('Allow', [...new Set(allowed)].join(', '));
      return next(
        new AppError(
          ErrorCode.MethodNotAllowed,
          `${req.method} is not allowed here; use ${allowed.join(' or ')}.`,
        ),
      );
    }
    next(
      new AppError(
        ErrorCode.NotFound,
        `There is no ${req.method} ${req.baseUrl + req.path} in the internal API.`,
      ),
    );
  });

  app.use((_req, _res, next) => next(new AppError(ErrorCode.NotFound, 'Not found.')));

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    sendError(res, toAppError(error, locals(res).log ?? logger));
  });

  return app;
}

async function handle(route: AnyRoute, req: Request, res: Response): Promise<void> {
  let params: unknown = req.params;
  let body: unknown;
  let query: unknown = req.query;
  try {
    if (route.params) params = route.params.parse(req.params);
    if (route.query) query = route.query.parse(req.query);
    if (route.body) {
      body = route.body.parse(parseJsonBody(req, locals(res).rawBody ?? Buffer.alloc(0)));
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
  const result = await route.handler({ params, body, query, log: locals(res).log });
  if (result.body === undefined) {
    res.status(result.status).end();
  } else {
    res.status(result.status).json(result.body);
  }
}

function parseJsonBody(req: Request, raw: Buffer): unknown {
  const type = req.get('content-type');
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError(
      ErrorCode.UnsupportedMediaType,
      `Send JSON (Content-Type: application/json), not ${type}.`,
    );
  }
  if (raw.length === 0) throw new AppError(ErrorCode.InvalidRequest, 'The request needs a JSON body.');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new AppError(ErrorCode.InvalidRequest, `The body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Express path with `:name` segments → does it match this concrete path? */
function pathMatches(template: string, path: string): boolean {
  const pattern = template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]+/g, '[^/]+');
  return new RegExp(`^${pattern}/?$`).test(path);
}

function toAppError(error: unknown, log: Logger): AppError {
  if (error instanceof AppError) return error;
  const e = error as { type?: string; status?: number; limit?: number };
  if (e?.type === 'entity.too.large') {
    return new AppError(
      ErrorCode.TooLarge,
      `The body is larger than this route accepts (${e.limit} bytes).`,
      {
        limit_bytes: e.limit,
      },
    );
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return new AppError(
      ErrorCode.InvalidRequest,
      `The request could not be read (${e.type ?? 'bad request'}).`,
    );
  }
  log.error({ err: error }, 'internal API request failed');
  return new AppError(ErrorCode.Internal, 'Something went wrong on our side; the request was not applied.');
}
