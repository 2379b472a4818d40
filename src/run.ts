/**
 * Starting and stopping one process of a given ROLE (design §2; docs/deploy.md "Roles"): the one
 * start/stop helper of both entry points (`node dist/src/main.js` and its alias
 * `dist/src/worker-main.js`), and of the tests that start the app in-process.
 *
 * - `all`: the Slack-facing and internal servers and the workers (the default, one process).
 * - `web`: the two servers; no workers, no retention purge. Work a request starts (the directory
 *   sync after an install, a re-match) still runs in the process that took the request.
 * - `worker`: the delivery and track-channel workers and the retention purge; one small server on
 *   INTERNAL_HOST:INTERNAL_PORT answers `/healthz`, `/readyz` and `/metrics` only.
 *
 * The workers start once the process is ready (`/readyz`: the database answers, its migrations are
 * current): with MIGRATE_ON_START=false and migrations pending, they wait for `npm run migrate`.
 *
 * Over ~350 lines on purpose: start and stop are mirror images (Socket Mode, servers, workers,
 * background tasks, database), and keeping them side by side is how the order stays right.
 */

import type { DeliveryOptions } from './app/delivery';
import type { RetentionOptions } from './app/retention/retention-purge';
import { composeInternalApp, composeServices, composeSlackApp, type Services } from './compose';
import { type Config, ConfigError, parseConfig, type Role } from './config';
import { type Database, openDatabase } from './persistence/database';
import { type Health, healthServer } from './platform/health';
import {
  INTERNAL_SERVER_LIMITS,
  listen,
  type RunningServer,
  SLACK_SERVER_LIMITS,
} from './platform/http-server';
import { writeLocalEndpoints } from './platform/local-endpoints';
import { loadOrCreateLocalSecrets } from './platform/local-secrets';
import { createLogger, type Logger } from './platform/logger';
import { createMetrics, type Metrics } from './platform/metrics';
import { exactOrigin } from './platform/return-url-origins';
import { resolveSecrets } from './platform/secrets';
import { DEMO_TEAM, DEMO_TENANT, type SandboxMode, sandboxBanner, startSandboxMode } from './sandbox-mode';
import { singleWorkspaceBanner } from './single-workspace';
import type { SlackApp, SocketModeSettings } from './slack-server/bolt-app';

export interface RunningProcess {
  role: Role;
  config: Config;
  database: Database;
  services: Services;
  /** The Slack-facing server; null in a `worker` process. */
  slackServer: RunningServer | null;
  /** The internal server (`all`, `web`), or a `worker`'s health and metrics server: INTERNAL_PORT. */
  internalServer: RunningServer;
  /** Graceful stop: servers stop accepting and drain, workers finish, then the database closes. Idempotent. */
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
  /**
   * Sandbox mode keeps the fake Slack's state (DATA_DIR/sandbox-state.json) and the addresses
   * `npm run call` reads (DATA_DIR/endpoints.json) across restarts. The CLI does; in-process tests don't.
   */
  keepLocalState?: boolean;
  /** Retention purge schedule overrides (tests); default hourly, first run 5 min after start. */
  retention?: Pick<RetentionOptions, 'intervalMs' | 'initialDelayMs' | 'batchSize' | 'maxBatches'>;
  /** While not ready, how often the process looks again before starting its workers (default 5 s). */
  readyPollMs?: number;
  /** Socket Mode client timings (tests shorten the reconnect delay); default @slack/socket-mode's. */
  socketMode?: Omit<SocketModeSettings, 'appToken'>;
}

/** Starts the parts of `config.role`; resolves once they listen (the workers once ready). */
export async function startProcess(config: Config, options: StartOptions = {}): Promise<RunningProcess> {
  const role = config.role;
  const logger = options.logger ?? createLogger({ level: config.logLevel, pretty: process.stdout.isTTY });
  const metrics = options.metrics ?? createMetrics();
  const secrets = resolveSecrets(config);
  // The fake Slack serves the Slack-facing side; a worker alone talks to SLACK_API_URL.
  const sandboxMode: SandboxMode | undefined =
    config.mode === 'sandbox' && role !== 'worker'
      ? await startSandboxMode({
          port: config.sandboxPort,
          publicUrl: config.publicUrl,
          secrets: loadOrCreateLocalSecrets(config.dataDir),
          logger,
          dataDir: config.dataDir,
          keepState: options.keepLocalState,
        })
      : undefined;
  const slackApiUrl = sandboxMode?.slackApiUrl ?? config.slackApiUrl;

  let database: Database;
  try {
    database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      logger,
      migrate: config.migrateOnStart ? 'apply' : 'check',
    });
  } catch (error) {
    await sandboxMode?.stop();
    throw error;
  }
  const services = composeServices({
    dataSource: database.dataSource,
    logger,
    secrets,
    publicUrl: config.publicUrl,
    slackApiUrl,
    slackAuthorizeUrl: sandboxMode?.slackAuthorizeUrl ?? config.slackAuthorizeUrl,
    notificationRetentionDays: config.notificationRetentionDays,
    oauthEnabled: config.mode === 'sandbox' || config.slack !== null,
    delivery: { ...config.delivery, ...options.delivery },
    metrics,
    overrides: { pacing: options.pacing, retention: options.retention },
  });
  const health = services.health;

  let servers: { slack: RunningServer | null; internal: RunningServer; socket: SlackApp['socket'] };
  try {
    servers = await listenForRole(role, services, {
      config,
      secrets,
      sandboxMode,
      slackApiUrl,
      metrics,
      health,
      socketMode: config.slackAppToken
        ? { ...options.socketMode, appToken: config.slackAppToken }
        : undefined,
    });
  } catch (error) {
    await database.close();
    await sandboxMode?.stop();
    throw error;
  }
  try {
    // Single-workspace mode: the bot token's workspace is the tenant's before any payload arrives.
    let bound: { teamId: string; teamName: string | null } | undefined;
    if (config.singleWorkspace && role !== 'worker' && (await health.readiness()).ready) {
      bound = await services.connect.singleWorkspace.bind(
        config.singleWorkspace.tenantId,
        config.singleWorkspace.botToken,
      );
    }
    if (servers.socket) {
      await servers.socket.start();
      logger.info('Socket Mode connected: events, commands and interactivity arrive over the WebSocket');
    }
    if (bound && options.printBanner) {
      const banner = singleWorkspaceBanner({ tenantId: config.singleWorkspace!.tenantId, ...bound });
      process.stderr.write(`${banner}\n`);
    }
  } catch (error) {
    await servers.socket?.stop().catch(() => undefined);
    await Promise.all([servers.slack?.close(), servers.internal.close()]);
    await database.close();
    await sandboxMode?.stop();
    throw error;
  }
  const workers = role === 'web' ? null : new Workers(services, health, config, options.readyPollMs ?? 5_000);
  await workers?.startWhenReady();

  if (sandboxMode && (await health.readiness()).ready) {
    await announceSandboxMode(sandboxMode, services, {
      config,
      internalPort: servers.internal.port,
      printBanner: options.printBanner,
      keepLocalState: options.keepLocalState,
    });
  }

  // Last: tests and operators take this line as 'ready'.
  logger.info(
    {
      role,
      mode: config.mode,
      transport: servers.slack ? (servers.socket ? 'socket' : 'http') : null,
      port: servers.slack?.port ?? null,
      internal: `${config.internalHost}:${servers.internal.port}`,
    },
    'PlusPlus for Slack is running',
  );

  let stopping: Promise<void> | undefined;
  return {
    role,
    config,
    database,
    services,
    slackServer: servers.slack,
    internalServer: servers.internal,
    stop() {
      stopping ??= (async () => {
        await servers.socket?.stop();
        await Promise.all([servers.slack?.close(), servers.internal.close()]);
        await workers?.stop();
        await services.background.drain();
        await database.close();
        await sandboxMode?.stop();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}

/**
 * Sandbox mode's "what next": the banner (stderr: stdout stays JSON lines for log shippers) and, for
 * `npm run call`, the addresses the servers really listen on (DATA_DIR/endpoints.json).
 */
async function announceSandboxMode(
  mode: SandboxMode,
  services: Services,
  o: { config: Config; internalPort: number; printBanner?: boolean; keepLocalState?: boolean },
): Promise<void> {
  const host = o.config.internalHost;
  const internalUrl = `http://${host.includes(':') ? `[${host}]` : host}:${o.internalPort}`;
  if (o.keepLocalState) writeLocalEndpoints(o.config.dataDir, { internalUrl, publicUrl: o.config.publicUrl });
  const status = await services.connect.status.forTenant(DEMO_TENANT).catch(() => null);
  const connected = Boolean(status?.connected && status.team?.id === DEMO_TEAM.id);
  // The link ends in the installer's playground page (an origin sandbox mode always allows).
  const link = connected
    ? null
    : await services.connect.links.createConnectLink(DEMO_TENANT, mode.playgroundUrl(mode.admin.id));
  services.logger.info(
    {
      connectUrl: link?.url ?? null,
      sandboxUrl: mode.sandbox.url,
      playground: mode.playgroundUrl(),
    },
    'sandbox mode',
  );
  if (!o.printBanner) return;
  const banner = sandboxBanner({
    connectUrl: link?.url ?? null,
    sandboxUrl: mode.sandbox.url,
    internalUrl,
    dataDir: o.config.dataDir,
    playgroundUrl: mode.playgroundUrl(mode.admin.id),
    membersUrl: mode.playgroundUrl(),
    admin: mode.admin,
    member: mode.member,
  });
  process.stderr.write(`${banner}\n`);
}

async function listenForRole(
  role: Role,
  services: Services,
  o: {
    config: Config;
    secrets: ReturnType<typeof resolveSecrets>;
    sandboxMode?: SandboxMode;
    slackApiUrl: string;
    metrics: Metrics;
    health: Health;
    socketMode?: SocketModeSettings;
  },
): Promise<{ slack: RunningServer | null; internal: RunningServer; socket: SlackApp['socket'] }> {
  const { config, metrics, health } = o;
  if (role === 'worker') {
    const internal = await listen(
      healthServer({ health, metrics }),
      config.internalPort,
      config.internalHost,
      INTERNAL_SERVER_LIMITS,
    );
    return { slack: null, internal, socket: null };
  }
  const slack = composeSlackApp(services, {
    signingSecret: o.secrets.signingSecret,
    slackApiUrl: o.slackApiUrl,
    metrics,
    health,
    socketMode: o.socketMode,
  });
  // Sandbox mode's own pages (the app's public URL, the fake Slack) are always fine to return to.
  const returnUrlOrigins = o.sandboxMode
    ? [...config.returnUrlOrigins, exactOrigin(config.publicUrl), exactOrigin(o.sandboxMode.sandbox.url)]
    : config.returnUrlOrigins;
  if (config.acceptV0Signatures) {
    services.logger.warn(
      'PLUSPLUS_ACCEPT_V0_SIGNATURES=true: the internal API also accepts v0 signatures, which are not bound to method and path; switch the backend to v1 and unset it',
    );
  }
  const internalApp = composeInternalApp(services, {
    signingSecret: o.secrets.plusplusSigningSecret,
    acceptV0Signatures: config.acceptV0Signatures,
    returnUrlOrigins,
    metrics,
    health,
  });
  const slackServer = await listen(slack.http, config.port, undefined, SLACK_SERVER_LIMITS);
  try {
    const internal = await listen(
      internalApp,
      config.internalPort,
      config.internalHost,
      INTERNAL_SERVER_LIMITS,
    );
    return { slack: slackServer, internal, socket: slack.socket };
  } catch (error) {
    await slackServer.close(0);
    throw error;
  }
}

/** The background workers of a process: started once it is ready, stopped in order. */
class Workers {
  private started = false;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private warned = false;

  constructor(
    private readonly s: Services,
    private readonly health: Health,
    private readonly config: Config,
    private readonly pollMs: number,
  ) {}

  /** Starts now if ready; otherwise looks again every `pollMs` (not awaited) until it is. */
  async startWhenReady(): Promise<void> {
    const readiness = await this.health.readiness();
    if (this.stopped) return;
    if (readiness.ready) return this.start();
    if (!this.warned) {
      this.warned = true;
      this.s.logger.warn(
        { reason: readiness.reason },
        'not ready: the workers start once the database answers and its migrations are applied',
      );
    }
    this.timer = setTimeout(() => {
      this.startWhenReady().catch((error) => this.s.logger.error({ err: error }, 'readiness check failed'));
    }, this.pollMs);
  }

  private start(): void {
    this.started = true;
    const { delivery, tracks, retention, logger } = this.s;
    delivery.worker.start();
    delivery.revisionWorker.start();
    logger.info(
      { workerId: delivery.worker.workerId, concurrency: this.config.delivery.concurrency ?? 8 },
      'delivery worker running',
    );
    tracks.worker.start();
    retention.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (!this.started) return;
    await this.s.delivery.worker.stop();
    await this.s.delivery.revisionWorker.stop();
    await this.s.tracks.worker.stop();
    this.s.retention.stop();
  }
}

export interface RunMainOptions {
  /** Run this role whatever ROLE says (the worker-main alias). */
  role?: Role;
  /** How a failed start is reported before exit 1 (default: a fatal log line). */
  onStartFailure?: (error: unknown, logger: Logger) => void;
}

/** An entry point: parse the environment, start, stop cleanly on SIGTERM/SIGINT (a second one exits now). */
export async function runMain(o: RunMainOptions = {}): Promise<void> {
  let config: Config;
  try {
    config = parseConfig(o.role ? { ...process.env, ROLE: o.role } : process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY });
  let running: RunningProcess;
  try {
    running = await startProcess(config, { logger, printBanner: true, keepLocalState: true });
  } catch (error) {
    if (o.onStartFailure) o.onStartFailure(error, logger);
    else logger.fatal({ err: error }, 'could not start');
    process.exit(1);
  }
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    logger.info({ signal, role: running.role }, 'shutting down');
    running.stop().then(
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
