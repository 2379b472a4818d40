import type { RequestListener } from 'node:http';
import {
  App,
  type Authorize,
  type Receiver,
  type ReceiverProcessEventErrorHandlerArgs,
  SocketModeReceiver,
} from '@slack/bolt';
import express, { type Router } from 'express';
import { type Health, livenessAnswer, readinessAnswer } from '../platform/health';
import type { Logger } from '../platform/logger';
import { type Metrics, slackCallRecorder } from '../platform/metrics';
import { recordingFetch } from '../slack/web-client';
import { slackLogger } from './bolt-logger';
import { SlackEventsReceiver } from './events-receiver';
import { answerEveryRequest, MalformedSlackPayload } from './payload-shape';
import { SLACK_BODY_LIMIT_BYTES, slackRequestAdmission } from './request-guard';
import { slackRequestMetrics, slackRequestRecorder } from './request-metrics';

/** Top-level `type`s of what Slack sends to an app's request URL (events and interactivity). */
const SLACK_PAYLOAD_TYPES = new Set([
  'event_callback',
  'url_verification',
  'ssl_check',
  'app_rate_limited',
  'block_actions',
  'block_suggestion',
  'view_submission',
  'view_closed',
  'shortcut',
  'message_action',
  'interactive_message',
  'dialog_submission',
  'workflow_step_edit',
]);

/**
 * A bounded label for what Slack sent (Bolt has parsed the body by the time the answer is out):
 * `command`, `event`, an interactivity type (`block_actions`, `view_submission` …), or `other`.
 */
export function payloadKind(body: unknown): string {
  const b = (body ?? {}) as { command?: unknown; type?: unknown };
  if (typeof b.command === 'string') return 'command';
  if (b.type === 'event_callback') return 'event';
  if (typeof b.type === 'string' && SLACK_PAYLOAD_TYPES.has(b.type)) return b.type;
  return 'other';
}

export interface SlackAppOptions {
  signingSecret: string;
  slackApiUrl: string;
  logger: Logger;
  metrics: Metrics;
  /** Answers `GET /healthz` and `GET /readyz` (src/platform/health.ts). */
  health: Health;
  /** How Bolt finds the bot token of a workspace (the installation store, once connected). */
  authorize: Authorize<boolean>;
  /**
   * Socket Mode (SLACK_APP_TOKEN): Bolt's SocketModeReceiver takes events, commands and
   * interactivity over a WebSocket, and `POST /slack/events` is not served. Unset: HTTP.
   */
  socketMode?: SocketModeSettings;
}

export interface SocketModeSettings {
  /** The app-level token (`xapp-…`) apps.connections.open takes. */
  appToken: string;
  /** @slack/socket-mode's pong wait, also its reconnect delay (default 5000 ms; tests shorten it). */
  clientPingTimeoutMs?: number;
  /** How long without a server ping before the client reconnects (default 30,000 ms). */
  serverPingTimeoutMs?: number;
}

export interface SlackApp {
  app: App;
  /** What listens on PORT: OAuth pages and health always, `POST /slack/events` over HTTP. */
  http: RequestListener;
  /** Where routes are added after construction (the OAuth install and redirect pages). */
  router: Router;
  /** Socket Mode's receiver: started once PORT listens, stopped with it (src/run.ts). Null over HTTP. */
  socket: SocketModeReceiver | null;
  /** Slack requests (or Socket Mode envelopes) received and not yet acknowledged. */
  acksPending(): number;
}

/**
 * The Slack-facing server (design §2): Bolt on one URL for events, commands and interactivity (its
 * receiver is ours, src/slack-server/events-receiver.ts, decision 34), plus `GET /healthz` and
 * `GET /readyz` and the OAuth pages on express. In Socket Mode the same Bolt
 * app and listeners take their payloads over the WebSocket instead, and PORT keeps serving the
 * OAuth pages and health on our own express app (docs/decisions.md: one HTTP server in both modes,
 * rather than SocketModeReceiver's own installer server).
 */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  if (options.socketMode) return createSocketModeApp(options, options.socketMode);
  const logger = slackLogger(options.logger, 'bolt');
  // Everything but `POST /slack/events` (the OAuth pages, health) is served by express.
  const server = express();
  server.disable('x-powered-by');
  const router = express.Router();
  server.use(router);
  addHealthRoutes(router, options.health);
  const receiver = new SlackEventsReceiver({
    signingSecret: options.signingSecret,
    logger,
    bodyLimit: SLACK_BODY_LIMIT_BYTES,
    processEventErrorHandler: answerProcessEventError,
  });
  const record = slackRequestRecorder(options.metrics, ['/slack/events', '/healthz', '/readyz'], payloadKind);
  const admit = slackRequestAdmission();
  let pending = 0;
  // Metrics, the acks pending and the guard (request-guard.ts) with one listener per request: this
  // runs before every ack, and each layer and each listener on the response showed in the ack
  // path's profile (issue 15). Slack's requests go straight to the receiver, not through express.
  const http: RequestListener = (req, res) => {
    const started = process.hrtime.bigint();
    const path = requestPath(req.url);
    const slackPayload = req.method === 'POST' && path === '/slack/events';
    let release: (() => void) | null = null;
    if (slackPayload) pending += 1;
    // 'close' follows the answer or the client going away (node ≥ 16), once per response, so a
    // plain listener (`once` wraps it in another function and a state object per request). Only
    // answers are recorded.
    res.on('close', () => {
      if (slackPayload) pending -= 1;
      release?.();
      if (res.writableFinished) record(path, req, res, started);
    });
    if (!slackPayload) return server(req, res);
    release = admit(req, res);
    if (release) receiver.handle(req, res);
  };
  const app = boltApp(options, receiver);
  return { app, http, router, socket: null, acksPending: () => pending };
}

/**
 * A request target's path as express routes it (and as the metrics label it): without its query
 * string, lower-cased, without a trailing slash. An admin who typed the Request URL as
 * `…/Slack/Events/` was served by express's router before decision 34, and still is.
 */
function requestPath(url: string | undefined): string {
  if (!url) return '/';
  const query = url.indexOf('?');
  const path = (query < 0 ? url : url.slice(0, query)).toLowerCase();
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/**
 * What Bolt's `processEvent` threw, answered. A correctly signed body that is not a Slack payload
 * Bolt understands (it throws on an unexpected shape) is bad input, not our failure: 400. A
 * workspace without an installation: 401. 500 stays for real errors on real payloads.
 */
async function answerProcessEventError({
  error,
  response,
  request,
  logger: log,
}: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> {
  if (response.headersSent) return false;
  if (error instanceof Error && error.name === 'AuthorizationError') {
    response.writeHead(401);
    response.end();
    return true;
  }
  const body = (request as { body?: Record<string, unknown> }).body;
  const recognized = SLACK_PAYLOAD_TYPES.has(String(body?.type)) || typeof body?.command === 'string';
  if (error instanceof MalformedSlackPayload || !recognized) {
    log.warn('refused a signed request that is not a Slack payload');
    response.writeHead(400);
    response.end();
    return true;
  }
  log.error(`error while processing a Slack payload: ${String(error)}`);
  response.writeHead(500);
  response.end();
  return false;
}

function addHealthRoutes(router: Router, health: Health): void {
  for (const [path, answer] of [
    ['/healthz', livenessAnswer],
    ['/readyz', readinessAnswer],
  ] as const) {
    router.get(path, (_req, res, next) => {
      answer(health).then(({ status, body }) => {
        res.setHeader('Cache-Control', 'no-store');
        res.status(status).json(body);
      }, next);
    });
  }
}

/**
 * Socket Mode: Bolt's SocketModeReceiver without its installer (no clientId given), so it opens no
 * HTTP server of its own; ours serves the OAuth pages and health on PORT.
 */
function createSocketModeApp(options: SlackAppOptions, settings: SocketModeSettings): SlackApp {
  const server = express();
  server.disable('x-powered-by');
  server.use(slackRequestMetrics(options.metrics, ['/healthz', '/readyz'], payloadKind));
  const router = express.Router();
  server.use(router);
  addHealthRoutes(router, options.health);
  const logger = slackLogger(options.logger, 'socket-mode');
  const receiver = new SocketModeReceiver({
    appToken: settings.appToken,
    logger,
    clientPingTimeout: settings.clientPingTimeoutMs,
    serverPingTimeout: settings.serverPingTimeoutMs,
    // apps.connections.open at the configured Web API (the sandbox in tests), counted like the rest.
    installerOptions: {
      clientOptions: {
        slackApiUrl: options.slackApiUrl,
        fetch: recordingFetch(options.slackApiUrl, slackCallRecorder(options.metrics)),
      },
    },
    processEventErrorHandler: async ({ error, logger: log, event }) => {
      if (error instanceof Error && error.name === 'AuthorizationError') {
        // No installation for this workspace: ack, so Slack does not redeliver (Bolt's default).
        log.warn('acknowledged a Slack payload of a workspace without an installation');
        return true;
      }
      if (error instanceof MalformedSlackPayload) {
        log.warn('acknowledged a Socket Mode envelope that is not a Slack payload');
        return true;
      }
      log.error(`error while processing a Slack payload (${payloadKind(event.body)}): ${String(error)}`);
      return false;
    },
  });
  const acksPending = recordSocketAcks(receiver, options.metrics);
  const app = boltApp(options, receiver);
  return { app, http: server, router, socket: receiver, acksPending };
}

/** Envelopes waiting for their ack at most (one that is never acked must not grow the map). */
const ACK_TIMINGS_KEPT = 1_000;

/**
 * The ack-duration histogram in Socket Mode: from the envelope's arrival to the ack sent for it,
 * labelled like the HTTP side's (`command`, `event`, the interactivity type).
 */
function recordSocketAcks(receiver: SocketModeReceiver, metrics: Metrics): () => number {
  const started = new Map<string, { at: bigint; kind: string }>();
  // Registered after the receiver's own listener, which reaches the ack only after an await.
  receiver.client.on('slack_event', (e: { envelope_id?: string; body?: unknown }) => {
    if (typeof e.envelope_id !== 'string') return;
    if (started.size >= ACK_TIMINGS_KEPT) started.delete(started.keys().next().value!);
    started.set(e.envelope_id, { at: process.hrtime.bigint(), kind: payloadKind(e.body) });
  });
  receiver.client.on('outgoing_message', (m: { envelope_id?: string }) => {
    const s = typeof m.envelope_id === 'string' ? started.get(m.envelope_id) : undefined;
    if (!s) return;
    started.delete(m.envelope_id!);
    metrics.ackDuration.observe({ kind: s.kind }, Number(process.hrtime.bigint() - s.at) / 1e9);
  });
  // The envelopes waiting for their ack.
  return () => started.size;
}

function boltApp(options: SlackAppOptions, receiver: Receiver): App {
  const logger = slackLogger(options.logger, 'bolt');
  const app = new App({
    receiver,
    authorize: options.authorize,
    // Bolt's default conversation store keeps per-conversation state in memory for every request;
    // no listener uses `context.conversation`, and it cost CPU and memory under the ack bench.
    convoStore: false,
    logger,
    clientOptions: {
      slackApiUrl: options.slackApiUrl,
      // The listeners' Web API calls (views.publish, views.open …) counted like the services' own.
      fetch: recordingFetch(options.slackApiUrl, slackCallRecorder(options.metrics)),
    },
  });
  answerEveryRequest(app, (type) =>
    options.logger.debug({ type }, 'acknowledged a Slack payload of a type the app does not handle'),
  );
  app.error(async (error) => {
    options.logger.error(
      { err: error, code: (error as { code?: string }).code },
      'unhandled error in a Slack listener',
    );
  });
  return app;
}
