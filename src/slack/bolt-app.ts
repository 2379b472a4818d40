import { App, type Authorize, ExpressReceiver } from '@slack/bolt';
import type { DataSource } from 'typeorm';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { slackLogger } from './bolt-logger';

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
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const logger = slackLogger(options.logger, 'bolt');
  const receiver = new ExpressReceiver({
    signingSecret: options.signingSecret,
    endpoints: '/slack/events',
    // Ack first, work after: Slack wants an answer within 3 s and retries events otherwise.
    processBeforeResponse: false,
    logger,
  });
  receiver.app.disable('x-powered-by');
  receiver.app.use((req, res, next) => {
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
