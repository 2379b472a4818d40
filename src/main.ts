import 'reflect-metadata';
import { registerListeners } from '../listeners';
import { BackgroundTasks } from './background';
import { type Config, ConfigError, parseConfig } from './config';
import { buildCoreServices, resolveSecrets } from './core-services';
import { createDelivery, type DeliveryOptions } from './delivery';
import { listen, type RunningServer } from './http-server';
import { matchingRoutes } from './internal-api/matching';
import { notificationRoutes } from './internal-api/notifications';
import { createInternalApp } from './internal-api/server';
import { slackRoutes } from './internal-api/slack';
import { templateRoutes } from './internal-api/templates';
import { trackRoutes } from './internal-api/tracks';
import { userRoutes } from './internal-api/users';
import { loadOrCreateLocalSecrets } from './local-secrets';
import { createLogger, type Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import { type Database, openDatabase } from './persistence/database';
import { type RetentionOptions, RetentionPurge } from './retention';
import { DEMO_TENANT, sandboxBanner, startSandboxMode } from './sandbox-mode';
import { CommandsService } from './services/commands-service';
import { HomeService } from './services/home-service';
import { MatchingService } from './services/matching-service';
import { MemberChanges } from './services/member-changes';
import { TestSlackService } from './services/test-slack';
import { createSlackApp } from './slack/bolt-app';
import { DirectoryEvents } from './slack/directory-events';
import { DirectorySyncService } from './slack/directory-sync';
import { createTracks } from './tracks';

export interface RunningApp {
  config: Config;
  database: Database;
  slackServer: RunningServer;
  internalServer: RunningServer;
  /** Graceful stop: servers stop accepting and drain, then the database closes. Idempotent. */
  stop(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  metrics?: Metrics;
  /** Slack pacing overrides (tests run against a time-scaled sandbox); default Slack's tiers. */
  pacing?: { directoryListIntervalMs?: number; directoryProfileIntervalMs?: number };
  /** Delivery worker overrides on top of the DELIVERY_* configuration (tests). */
  delivery?: DeliveryOptions;
  /** Print the sandbox-mode "what next" text to stderr (the CLI does; in-process tests don't). */
  printBanner?: boolean;
  /** Retention purge schedule overrides (tests); default hourly, first run 5 min after start. */
  retention?: Pick<RetentionOptions, 'intervalMs' | 'initialDelayMs' | 'batchSize' | 'maxBatches'>;
}

/**
 * The composition root: config → database → repositories → services → Bolt app → listeners →
 * servers. Tests call this in-process with a config of their own.
 */
export async function startApp(config: Config, options: StartOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, pretty: process.stdout.isTTY });
  const metrics = options.metrics ?? createMetrics();
  const secrets = resolveSecrets(config);
  const sandboxMode =
    config.mode === 'sandbox'
      ? await startSandboxMode({
          port: config.sandboxPort,
          publicUrl: config.publicUrl,
          secrets: loadOrCreateLocalSecrets(config.dataDir),
          logger,
        })
      : undefined;
  const slackApiUrl = sandboxMode?.slackApiUrl ?? config.slackApiUrl;
  const slackAuthorizeUrl = sandboxMode?.slackAuthorizeUrl ?? config.slackAuthorizeUrl;

  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  } catch (error) {
    await sandboxMode?.sandbox.stop();
    throw error;
  }
  const { dataSource } = database;
  const { users, tenants, installations, webClient, connect, directory, templates } = buildCoreServices({
    config,
    secrets,
    dataSource,
    logger,
    slackApiUrl,
    slackAuthorizeUrl,
  });
  const directorySync = new DirectorySyncService({
    dataSource,
    directory,
    connect,
    tenants,
    webClient,
    logger,
    listIntervalMs: options.pacing?.directoryListIntervalMs,
    profileIntervalMs: options.pacing?.directoryProfileIntervalMs,
  });
  const background = new BackgroundTasks(logger);
  const retention = new RetentionPurge({
    dataSource,
    logger,
    background,
    notificationRetentionDays: config.notificationRetentionDays,
    ...options.retention,
  });
  const matching = new MatchingService({
    users,
    tenants,
    connect,
    directory,
    sync: directorySync,
    webClient,
    logger,
    background,
  });
  const testSlack = new TestSlackService({
    users,
    matching,
    connect,
    webClient,
    logger,
    renderTestMessage: (tenantId, { actorName, recipientName }) =>
      templates.render(tenantId, {
        type: 'test_message',
        content: { id: 'test-message', title: 'Slack notifications are set up' },
        actor: { name: actorName },
        recipient: { name: recipientName },
      }),
  });
  const delivery = createDelivery({
    dataSource,
    users,
    tenants,
    connect,
    matching,
    webClient,
    logger,
    isTypeEnabled: templates.isTypeEnabled,
    render: templates.render,
    options: { ...config.delivery, ...options.delivery },
  });
  const tracks = createTracks({
    dataSource,
    tenants,
    connect,
    webClient,
    logger,
    render: templates.render,
    isTypeEnabled: templates.isTypeEnabled,
  });
  const commands = new CommandsService({
    // The installation Bolt's authorize has just read for the ack, not another read per command.
    installations: { findActiveByTeam: (teamId) => connect.activeInstallation(teamId) },
    users,
    matching,
    testSlack,
    tenants,
  });
  // A member deactivated, reactivated or re-addressed in Slack re-matches the users it affects.
  const memberChanges = new MemberChanges({ matching, installations, logger, background });
  const directoryEvents = new DirectoryEvents({
    directory,
    logger,
    onMemberChanged: memberChanges.onMemberChanged,
  });
  const home = new HomeService({
    installations,
    users,
    tenants,
    matching,
    connect,
    testSlack,
    logger,
    dataSource,
    templates,
  });
  // The first directory sync starts right after an install; a re-match follows every sync.
  connect.onConnected = (tenantId) => {
    background.run('installer welcome', () => connect.welcomeInstaller(tenantId));
    background.run('directory sync after install', async () => {
      const result = await directorySync.syncTeam(tenantId);
      if (result.outcome === 'done') await matching.rematch(tenantId);
    });
  };

  const slack = createSlackApp({
    signingSecret: secrets.signingSecret,
    slackApiUrl,
    logger,
    metrics,
    dataSource,
    authorize: connect.authorize,
  });
  slack.receiver.router.get('/slack/install', (req, res, next) => {
    connect.handleInstall(req, res).catch(next);
  });
  slack.receiver.router.get('/slack/oauth_redirect', (req, res, next) => {
    connect.handleCallback(req, res).catch(next);
  });
  registerListeners(slack.app, { logger, connect, commands, directoryEvents, home });

  const internal = createInternalApp({
    signingSecret: secrets.plusplusSigningSecret,
    routes: [
      ...userRoutes(users),
      ...slackRoutes(connect, tenants, matching),
      ...matchingRoutes(matching, testSlack),
      ...notificationRoutes(delivery),
      ...templateRoutes(templates),
      ...trackRoutes({ tracks: tracks.service }),
    ],
    logger,
    metrics,
  });

  let slackServer: RunningServer | undefined;
  let internalServer: RunningServer | undefined;
  try {
    slackServer = await listen(slack.receiver.app, config.port);
    internalServer = await listen(internal, config.internalPort, config.internalHost);
  } catch (error) {
    await slackServer?.close(0);
    await database.close();
    await sandboxMode?.sandbox.stop();
    throw error;
  }
  delivery.worker.start();
  tracks.worker.start();
  retention.start();
  if (sandboxMode) {
    const link = await connect.createConnectLink(DEMO_TENANT, null);
    const banner = sandboxBanner({
      connectUrl: link.authorize_url,
      sandboxUrl: sandboxMode.sandbox.url,
      internalUrl: `http://${config.internalHost}:${internalServer.port}`,
      dataDir: config.dataDir,
    });
    logger.info({ connectUrl: link.authorize_url, sandboxUrl: sandboxMode.sandbox.url }, 'sandbox mode');
    // Human text on stderr: stdout stays JSON lines for log shippers.
    if (options.printBanner) process.stderr.write(`${banner}\n`);
  }

  // Last: tests and operators take this line as 'ready'.
  logger.info(
    { mode: config.mode, port: slackServer.port, internal: `${config.internalHost}:${internalServer.port}` },
    'PlusPlus for Slack is running',
  );

  let stopping: Promise<void> | undefined;
  const running: RunningApp = {
    config,
    database,
    slackServer,
    internalServer,
    stop() {
      stopping ??= (async () => {
        await Promise.all([slackServer.close(), internalServer.close()]);
        await delivery.worker.stop();
        await tracks.worker.stop();
        retention.stop();
        await background.drain();
        await database.close();
        await sandboxMode?.sandbox.stop();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
  return running;
}

/** `node dist/src/main.js`: parse the environment, start, stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY });
  let app: RunningApp;
  try {
    app = await startApp(config, { logger, printBanner: true });
  } catch (error) {
    logger.fatal({ err: error }, 'could not start');
    process.exit(1);
  }
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    logger.info({ signal }, 'shutting down');
    app.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

if (require.main === module) {
  void main();
}
