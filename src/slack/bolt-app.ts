import { App, type Authorize, ExpressReceiver } from '@slack/bolt';
import express, { type RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { slackLogger } from './bolt-logger';

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

export interface SlackAppOptions {
  signingSecret: string;
  slackApiUrl: string;
  logger: Logger;
  metrics: Metrics;
  dataSource: DataSource;
  /** How Bolt finds the bot token of a workspace (the installation store, once connected). */
  authorize: Authorize<boolean>;
}

export interface SlackApp {
  app: App;
  receiver: ExpressReceiver;
}

/**
 * The Slack-facing server (design §2): Bolt on one URL for events, commands and interactivity, with
 * Bolt's own signature check, plus `GET /healthz`.
 */
/** Slack's window for x-slack-request-timestamp, either way (Bolt checks only the past). */
const SLACK_MAX_SKEW_SECONDS = 300;

/**
 * Refuses a request whose timestamp lies more than five minutes in the future: Slack's rule is
 * "more than five minutes from local time", and a future-dated request would stay replayable for
 * longer than the window. Bolt's own check covers missing, malformed and stale timestamps.
 */
const refuseFutureTimestamps: RequestHandler = (req, res, next) => {
  const ts = Number(req.get('x-slack-request-timestamp'));
  if (
    req.method === 'POST' &&
    Number.isFinite(ts) &&
    ts - Math.floor(Date.now() / 1000) > SLACK_MAX_SKEW_SECONDS
  ) {
    res.status(401).end();
    return;
  }
  next();
};

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const logger = slackLogger(options.logger, 'bolt');
  // Our own express app, so our middleware runs before the receiver's router (which the receiver
  // mounts in its constructor; anything added to `receiver.app` later would run after it).
  const server = express();
  server.disable('x-powered-by');
  server.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = req.path === '/slack/events' || req.path === '/healthz' ? req.path : 'other';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      options.metrics.httpRequests.inc({
        server: 'slack',
        route,
        method: req.method,
        status: res.statusCode,
      });
      options.metrics.httpDuration.observe({ server: 'slack', route, method: req.method }, seconds);
    });
    next();
  });
  server.use('/slack/events', refuseFutureTimestamps);
  const receiver = new ExpressReceiver({
    app: server,
    signingSecret: options.signingSecret,
    endpoints: '/slack/events',
    // Ack first, work after: Slack wants an answer within 3 s and retries events otherwise.
    processBeforeResponse: false,
    logger,
    // Bolt answers 500 when a correctly signed body is not a Slack payload it understands (it
    // throws on an unexpected shape). That is bad input, not our failure: answer 400 for it and
    // keep 500 for real errors on real payloads.
    processEventErrorHandler: async ({ error, response, request, logger: log }) => {
      if (response.headersSent) return false;
      if (error instanceof Error && error.name === 'AuthorizationError') {
        response.writeHead(401);
        response.end();
        return true;
      }
      const body = (request as { body?: Record<string, unknown> }).body;
      const recognized = SLACK_PAYLOAD_TYPES.has(String(body?.type)) || typeof body?.command === 'string';
      if (!recognized) {
        log.warn('refused a signed request that is not a Slack payload');
        response.writeHead(400);
        response.end();
        return true;
      }
      log.error(`error while processing a Slack payload: ${String(error)}`);
      response.writeHead(500);
      response.end();
      return false;
    },
  });
  receiver.router.get('/healthz', async (_req, res) => {
    try {
      await options.dataSource.query('SELECT 1');
      res.json({ status: 'ok', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });

  const app = new App({
    receiver,
    authorize: options.authorize,
    // Bolt's default conversation store keeps per-conversation state in memory for every request;
    // no listener uses `context.conversation`, and it cost CPU and memory under the ack bench.
    convoStore: false,
    logger,
    clientOptions: { slackApiUrl: options.slackApiUrl },
  });
  app.error(async (error) => {
    options.logger.error(
      { err: error, code: (error as { code?: string }).code },
      'unhandled error in a Slack listener',
    );
  });
  return { app, receiver };
}
