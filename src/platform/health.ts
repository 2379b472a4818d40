import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Metrics } from './metrics';

/**
 * The two questions the health endpoints ask the database (this file decides what the answers mean
 * and how long to wait for them; src/persistence/repositories/database-probe.ts asks them).
 */
export interface DatabaseProbe {
  /** Resolves once the database has answered a trivial query; rejects if it cannot. */
  ping(): Promise<void>;
  /** The names of this code's migrations the database has not applied. */
  pendingMigrations(): Promise<string[]>;
}

/**
 * Health of a process, whatever its role (design §2, issue 18 item 4):
 * - `GET /healthz` is liveness: 200 while the process runs. It reports whether the database
 *   answered, but never fails on it: restarting a process does not mend a database, and a
 *   liveness probe that fails with the database would restart every process at once.
 * - `GET /readyz` is readiness: 200 once the database answers and its migrations are current;
 *   503 with a JSON reason otherwise (`database_unreachable`, `migrations_pending`), so a load
 *   balancer or orchestrator sends nothing to a process started before `npm run migrate`.
 * - `GET /metrics` is Prometheus text.
 */

export type Readiness =
  | { ready: true }
  | { ready: false; reason: 'database_unreachable' | 'migrations_pending'; pending?: string[] };

/** A probe answers within this, or the database counts as unreachable. */
const PROBE_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface Health {
  /** Does the database answer a trivial query (within 2 s)? */
  databaseAnswers(): Promise<boolean>;
  readiness(): Promise<Readiness>;
}

export function databaseHealth(probe: DatabaseProbe): Health {
  // Once this code's migrations are all applied they stay applied (a rollback stops the old code
  // first, docs/deploy.md), so later probes only check that the database answers.
  let migrationsCurrent = false;
  const databaseAnswers = () =>
    withTimeout(probe.ping(), PROBE_TIMEOUT_MS).then(
      () => true,
      () => false,
    );
  return {
    databaseAnswers,
    async readiness() {
      if (migrationsCurrent) {
        return (await databaseAnswers()) ? { ready: true } : { ready: false, reason: 'database_unreachable' };
      }
      let pending: string[];
      try {
        pending = await withTimeout(probe.pendingMigrations(), PROBE_TIMEOUT_MS);
      } catch {
        return { ready: false, reason: 'database_unreachable' };
      }
      if (pending.length > 0) return { ready: false, reason: 'migrations_pending', pending };
      migrationsCurrent = true;
      return { ready: true };
    },
  };
}

const MESSAGES: Record<Exclude<Readiness, { ready: true }>['reason'], string> = {
  database_unreachable: 'The database does not answer.',
  migrations_pending:
    'The database has migrations this version needs that are not applied yet: run `npm run migrate` (MIGRATE_ON_START=false).',
};

export interface HealthAnswer {
  status: number;
  body: Record<string, unknown>;
}

export async function livenessAnswer(health: Health): Promise<HealthAnswer> {
  const database = (await health.databaseAnswers()) ? 'ok' : 'unreachable';
  return { status: 200, body: { status: 'ok', database } };
}

export async function readinessAnswer(health: Health): Promise<HealthAnswer> {
  const r = await health.readiness();
  if (r.ready) return { status: 200, body: { status: 'ready' } };
  return {
    status: 503,
    body: {
      status: 'not_ready',
      reason: r.reason,
      message: MESSAGES[r.reason],
      ...(r.pending ? { pending: r.pending } : {}),
    },
  };
}

function send(res: ServerResponse, answer: HealthAnswer): void {
  res.statusCode = answer.status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(answer.body));
}

/**
 * Answers `GET /healthz`, `/readyz` and `/metrics` on a plain node:http request; returns false
 * (and writes nothing) for any other request. The internal server and a worker's own server use it.
 */
export async function serveHealth(
  req: IncomingMessage,
  res: ServerResponse,
  o: { health: Health; metrics: Metrics },
): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/healthz') {
    send(res, await livenessAnswer(o.health));
    return true;
  }
  if (path === '/readyz') {
    send(res, await readinessAnswer(o.health));
    return true;
  }
  if (path === '/metrics') {
    const text = await o.metrics.registry.metrics();
    res.setHeader('Content-Type', o.metrics.registry.contentType);
    res.end(text);
    return true;
  }
  return false;
}

/** A `worker` process's only server (on INTERNAL_PORT): health, readiness and metrics. */
export function healthServer(o: { health: Health; metrics: Metrics }): RequestListener {
  return (req, res) => {
    serveHealth(req, res, o).then(
      (served) => {
        if (!served) send(res, { status: 404, body: { error: 'not_found', message: 'Not found.' } });
      },
      () => send(res, { status: 500, body: { error: 'internal', message: 'Health check failed.' } }),
    );
  };
}
