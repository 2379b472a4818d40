/**
 * The composition root (docs/architecture.md "Composition root"): the one place that builds the
 * app's services from their inputs, in dependency order. main.ts (every role), the worker alias,
 * the test harnesses (test/support/services.ts) and the benches all build through here; what a
 * test needs different (pacing against a time-scaled sandbox, delivery tunables, a wrapped Web API
 * client) is an option of `composeServices`, never a second copy of the wiring.
 *
 * Building is cheap and starts nothing: no timer, no server, no query. Starting and stopping is
 * src/run.ts's job, per role.
 *
 * Longer than ~350 lines on purpose: the whole wiring, in order, in one file is the point of it.
 */
import type { RequestListener } from 'node:http';
import type { DataSource } from 'typeorm';
import { registerListeners } from '../listeners';
import { lang } from '../views/i18n';
import { changeReplyText } from '../views/messages/change-reply';
import { digestMessage } from '../views/messages/digest';
import { notificationBlocks, notificationMessage } from '../views/messages/notification';
import { installerWelcomeMessage } from '../views/welcome';
import { HomeService } from './app/app-home/home-service';
import { ConnectLinks } from './app/connect/connect-links';
import { ConnectedWorkspaces } from './app/connect/connected-workspaces';
import { ConnectionStatusService } from './app/connect/connection-status';
import { connections } from './app/connect/connections';
import { InstallerWelcome } from './app/connect/installer-welcome';
import { OAuthCallback } from './app/connect/oauth-callback';
import { Revocation } from './app/connect/revocation';
import { SingleWorkspace } from './app/connect/single-workspace';
import { TokenKeeper } from './app/connect/token-keeper';
import { createDelivery, type Delivery, type DeliveryOptions } from './app/delivery';
import { deliveryOutcomes } from './app/delivery/outcome-metrics';
import { DirectoryEvents } from './app/directory-sync/directory-events';
import { DirectorySyncService } from './app/directory-sync/directory-sync';
import { MemberChanges } from './app/directory-sync/member-changes';
import { MemberLocales } from './app/directory-sync/member-locales';
import { registerStoreGauges } from './app/operations/metrics-gauges';
import { type RetentionOptions, RetentionPurge } from './app/retention/retention-purge';
import { CommandsService } from './app/slash-commands/commands-service';
import { TemplatesService } from './app/template-editing/templates-service';
import {
  createTracks,
  type TrackSyncOptions,
  type Tracks,
  type TrackWorkerOptions,
} from './app/track-channels';
import { MatchingService } from './app/user-matching/matching-service';
import { TestSlackService } from './app/user-matching/test-slack';
import { pickLocale } from './domain/locale';
import type { RenderContext } from './domain/templates';
import { changeRoutes } from './internal-api/changes';
import { matchingRoutes } from './internal-api/matching';
import { notificationRoutes } from './internal-api/notifications';
import type { AnyRoute } from './internal-api/route';
import { createInternalApp } from './internal-api/server';
import { slackRoutes } from './internal-api/slack';
import { templateRoutes } from './internal-api/templates';
import { trackRoutes } from './internal-api/tracks';
import { userRoutes } from './internal-api/users';
import { DeliveryQueue } from './persistence/queues/delivery-queue';
import { DeliveryTiming } from './persistence/queues/delivery-timing';
import { RevisionQueue } from './persistence/queues/revision-queue';
import { TrackChannelStore } from './persistence/queues/track-channel-queue';
import { PostgresAppHomeRepository } from './persistence/repositories/app-home-repository';
import { ConnectTicketsRepository } from './persistence/repositories/connect-tickets-repository';
import { databaseProbe } from './persistence/repositories/database-probe';
import { PostgresDirectorySyncStore } from './persistence/repositories/directory-sync-store';
import { NotificationRevisionsRepository } from './persistence/repositories/notification-revisions-repository';
import { PostgresNotificationsRepository } from './persistence/repositories/notifications-repository';
import { OperationalStatsRepository } from './persistence/repositories/operational-stats';
import { PostgresInstallationStore } from './persistence/repositories/postgres-installation-store';
import { PostgresSlackDirectory } from './persistence/repositories/postgres-slack-directory';
import { PostgresStateStore } from './persistence/repositories/postgres-state-store';
import { RetentionRepository } from './persistence/repositories/retention-repository';
import { TemplatesRepository } from './persistence/repositories/templates-repository';
import { TenantsRepository } from './persistence/repositories/tenants-repository';
import { TokenRefreshLock } from './persistence/repositories/token-refresh-lock';
import { UsersRepository } from './persistence/repositories/users-repository';
import { BackgroundTasks } from './platform/background';
import { databaseHealth, type Health } from './platform/health';
import { type Logger, registerLogSecrets } from './platform/logger';
import { type Metrics, slackCallRecorder } from './platform/metrics';
import type { OriginPattern } from './platform/return-url-origins';
import { type Secrets, tokenCipher } from './platform/secrets';
import { ResponseUrls } from './slack/response-url';
import { type WebClientFactory, webClientFactory } from './slack/web-client';
import {
  AFTER_ACK_CONCURRENCY,
  AFTER_ACK_STARTS_PER_SECOND_UNDER_PRESSURE,
  AfterAck,
} from './slack-server/after-ack';
import { createSlackApp, type SlackApp, type SocketModeSettings } from './slack-server/bolt-app';
import { slackLogger } from './slack-server/bolt-logger';
import { OAuthRoutes } from './slack-server/oauth-routes';

/** What every process builds from: its configuration, resolved, and the open database. */
export interface CompositionInput {
  dataSource: DataSource;
  logger: Logger;
  secrets: Secrets;
  /** Base of the redirect URI and Connect links (PUBLIC_URL). */
  publicUrl: string;
  /** Slack's Web API and authorize page: the configured ones, or the sandbox's. */
  slackApiUrl: string;
  slackAuthorizeUrl: string;
  notificationRetentionDays: number;
  /** False in single-workspace mode without OAuth credentials: Connect is refused (ConnectLinks). */
  oauthEnabled?: boolean;
  /** Delivery tunables (DELIVERY_*, plus a test's overrides). */
  delivery?: DeliveryOptions;
  /**
   * The process's metrics (docs/operations.md): every Web API call the services make, deliveries
   * as they settle, and the gauges read from PostgreSQL at scrape time. Unset: nothing is counted.
   */
  metrics?: Metrics;
  /** Test and bench overrides; production leaves every one unset. */
  overrides?: CompositionOverrides;
}

export interface CompositionOverrides {
  /** Slack pacing of the directory sync (tests run against a time-scaled sandbox); default Slack's tiers. */
  pacing?: {
    directoryListIntervalMs?: number;
    directoryProfileIntervalMs?: number;
    directoryPageSize?: number;
    /** The directory sync's backoff after a transient error (a time-scaled bench scales it too). */
    directoryBackoffMs?: (attempt: number) => number;
  };
  /** Track-channel sync and worker tunables. */
  tracks?: { sync?: TrackSyncOptions; worker?: TrackWorkerOptions };
  /** Retention purge schedule; default hourly, first run 5 min after start. */
  retention?: Pick<RetentionOptions, 'intervalMs' | 'initialDelayMs' | 'batchSize' | 'maxBatches'>;
  /** Per-request Web API timeout (default the app's 10 s). */
  slackTimeoutMs?: number;
  /** Wraps the one Web API client factory every service gets (spies, simulated lost answers). */
  wrapWebClient?: (factory: WebClientFactory) => WebClientFactory;
}

/**
 * Connect (docs/architecture.md "Connect"), each piece on its own: the token keeper first (the
 * others forget its cached answers), revocation, Connect links, the OAuth callback and the routes
 * that answer the browser, status, the installer's welcome; and `connections`, what the use cases
 * that call Slack get.
 */
function composeConnect(
  input: CompositionInput,
  d: {
    installations: PostgresInstallationStore;
    tenants: TenantsRepository;
    webClient: WebClientFactory;
    directory: PostgresSlackDirectory;
  },
) {
  const { dataSource, logger, secrets } = input;
  const { installations, tenants, webClient, directory } = d;
  const states = new PostgresStateStore(dataSource);
  const tickets = new ConnectTicketsRepository(dataSource);
  const tokens = new TokenKeeper({
    installations,
    refreshLock: new TokenRefreshLock(dataSource),
    clientId: secrets.clientId,
    clientSecret: secrets.clientSecret,
    webClient,
    logger,
  });
  const revocation = new Revocation({ installations, tokens, webClient, logger });
  const links = new ConnectLinks({
    publicUrl: input.publicUrl,
    tickets,
    logger,
    oauthEnabled: input.oauthEnabled,
  });
  const connected = new ConnectedWorkspaces();
  // Each member's language and zone (issue 22): the installer's welcome, DMs, App Home, commands.
  const locales = new MemberLocales({
    directory,
    tenants,
    installations,
    connect: connections(tokens, revocation),
    webClient,
    logger,
  });
  const oauth = new OAuthRoutes({
    clientId: secrets.clientId,
    clientSecret: secrets.clientSecret,
    authorizeUrl: input.slackAuthorizeUrl,
    slackApiUrl: input.slackApiUrl,
    states,
    installations,
    slackLogger: slackLogger(logger, 'oauth'),
    links,
    callback: new OAuthCallback({ states, tickets, tokens, connected, logger }),
  });
  return {
    tokens,
    revocation,
    links,
    /** Announces finished installs; composeServices subscribes what follows one. */
    connected,
    oauth,
    status: new ConnectionStatusService({
      installations,
      tenants,
      tickets,
      tokens,
      revocation,
      webClient,
      logger,
    }),
    welcome: new InstallerWelcome({
      tokens,
      revocation,
      webClient,
      logger,
      languageOf: (tenantId, slackUserId) => locales.forMember(tenantId, slackUserId),
      message: (teamName, language) => installerWelcomeMessage(teamName, lang(language)),
    }),
    locales,
    connections: connections(tokens, revocation),
    singleWorkspace: new SingleWorkspace({ installations, tokens, webClient, connected, logger }),
  };
}

/**
 * A tenant's template rendered into the message that is posted: TemplatesService renders data (the
 * text and the message's parts), views/messages/notification.ts makes the Block Kit. Given to
 * delivery, track channels and Test Slack, so no use case imports a view.
 */
function messageRenderer(templates: TemplatesService, locales: MemberLocales) {
  return async (tenantId: string, ctx: RenderContext) => {
    // In the recipient's language and zone (issue 22); a channel message in the tenant's default.
    const slackUserId = ctx.recipient?.slackUserId;
    const language = slackUserId
      ? await locales.forMember(tenantId, slackUserId)
      : await locales.forTenant(tenantId);
    const l = lang(language);
    const rendered = await templates.chooser.render(tenantId, {
      ...ctx,
      locale: ctx.locale ?? l.locale,
      timeZone: ctx.timeZone ?? l.timeZone,
      localeCandidates: ctx.localeCandidates ?? language.candidates ?? [l.locale],
      appText: {
        optOut: l.t('notification.optOut'),
        defaultButton: l.t('notification.defaultButton'),
        ...ctx.appText,
      },
    });
    return { ...notificationMessage(rendered), language };
  };
}

/** Every service of the app, built once, in dependency order. */
export function composeServices(input: CompositionInput) {
  const { dataSource, logger, secrets } = input;
  const overrides = input.overrides ?? {};
  // Every process that holds these builds its services here: its logger masks them verbatim.
  registerLogSecrets(
    logger,
    secrets.clientSecret,
    secrets.signingSecret,
    secrets.plusplusSigningSecret,
    secrets.tokenEncryptionKey.toString('base64'),
    secrets.previousTokenEncryptionKey?.toString('base64'),
  );

  // Repositories.
  const health = databaseHealth(databaseProbe(dataSource));
  const users = new UsersRepository(dataSource);
  const tenants = new TenantsRepository(dataSource);
  const installations = new PostgresInstallationStore(dataSource, tokenCipher(secrets), logger);
  const directory = new PostgresSlackDirectory(dataSource);

  // Slack: one Web API client factory for every service; Connect and its after-install port.
  const baseWebClient = webClientFactory({
    slackApiUrl: input.slackApiUrl,
    timeoutMs: overrides.slackTimeoutMs,
    logger: slackLogger(logger, 'web-api'),
    recorder: input.metrics && slackCallRecorder(input.metrics),
  });
  if (input.metrics) registerStoreGauges(input.metrics, new OperationalStatsRepository(dataSource));
  const webClient = overrides.wrapWebClient ? overrides.wrapWebClient(baseWebClient) : baseWebClient;
  const connect = composeConnect(input, { installations, tenants, webClient, directory });
  // Per-tenant templates and enabled flags, the same in every process (issue 9).
  const templates = new TemplatesService({
    templates: new TemplatesRepository(dataSource),
    users,
    connect: connect.connections,
    webClient,
    logger,
    messageBlocks: notificationBlocks,
    appTextFor: (locale) => {
      const l = lang({ locale: pickLocale(locale) });
      return { optOut: l.t('notification.optOut'), defaultButton: l.t('notification.defaultButton') };
    },
  });

  // Services.
  const background = new BackgroundTasks(logger);
  const directorySync = new DirectorySyncService({
    store: new PostgresDirectorySyncStore(dataSource, directory),
    connect: connect.connections,
    tenants,
    webClient,
    logger,
    listIntervalMs: overrides.pacing?.directoryListIntervalMs,
    profileIntervalMs: overrides.pacing?.directoryProfileIntervalMs,
    pageSize: overrides.pacing?.directoryPageSize,
    backoffMs: overrides.pacing?.directoryBackoffMs,
  });
  const matching = new MatchingService({
    users,
    tenants,
    connect: connect.connections,
    directory,
    sync: directorySync,
    webClient,
    logger,
    background,
  });
  const testSlack = new TestSlackService({
    users,
    matching,
    connect: connect.connections,
    webClient,
    logger,
    renderTestMessage: (tenantId, { actorName, recipientName, recipientSlackUserId }) =>
      messageRenderer(templates, connect.locales)(tenantId, {
        type: 'test_message',
        content: { id: 'test-message', title: 'Slack notifications are set up' },
        actor: { name: actorName },
        recipient: {
          name: recipientName,
          ...(recipientSlackUserId ? { slackUserId: recipientSlackUserId } : {}),
        },
      }),
  });
  const metrics = input.metrics;
  const delivery = composeDelivery(
    { dataSource, users, tenants, connect, matching, webClient, logger, templates, metrics },
    input.delivery,
  );
  const tracks: Tracks = createTracks({
    store: new TrackChannelStore(dataSource, tenants),
    tenants,
    connect: connect.connections,
    webClient,
    logger,
    render: messageRenderer(templates, connect.locales),
    isTypeEnabled: templates.chooser.isTypeEnabled,
    sync: overrides.tracks?.sync,
    worker: overrides.tracks?.worker,
  });
  const retention = new RetentionPurge({
    repository: new RetentionRepository(dataSource),
    logger,
    background,
    notificationRetentionDays: input.notificationRetentionDays,
    ...overrides.retention,
  });
  const commands = new CommandsService({
    // The installation Bolt's authorize has just read for the ack, not another read per command.
    installations: { findActiveByTeam: (teamId) => connect.tokens.activeInstallation(teamId) },
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
    appHome: new PostgresAppHomeRepository(dataSource),
    templates,
    logger,
    locales: connect.locales,
  });
  // After an install: the installer's welcome, then the first directory sync and a re-match.
  connect.connected.subscribe((tenantId) => {
    background.run('installer welcome', () => connect.welcome.welcome(tenantId));
    background.run('directory sync after install', async () => {
      const result = await directorySync.syncTeam(tenantId);
      if (result.outcome === 'done') await matching.rematch(tenantId);
    });
  });

  return {
    dataSource,
    logger,
    metrics,
    /** `/healthz` and `/readyz` answers over the same database. */
    health,
    users,
    tenants,
    installations,
    directory,
    webClient,
    connect,
    templates,
    background,
    directorySync,
    matching,
    testSlack,
    delivery,
    tracks,
    retention,
    commands,
    memberChanges,
    directoryEvents,
    home,
  };
}

export type Services = ReturnType<typeof composeServices>;

/**
 * The delivery side (accept and worker) on composed services. A second one on the same services is
 * a second worker in this process (tests of several workers; the first one cannot restart).
 */
export function composeDelivery(
  s: Pick<
    Services,
    'dataSource' | 'users' | 'tenants' | 'connect' | 'matching' | 'webClient' | 'logger' | 'templates'
  > & { metrics?: Metrics },
  options: DeliveryOptions = {},
): Delivery {
  const onSettled = s.metrics && deliveryOutcomes(s.metrics);
  return createDelivery({
    queue: new DeliveryQueue(s.dataSource, onSettled),
    timing: {
      store: new DeliveryTiming(s.dataSource, onSettled),
      renderDigest: (model, language) => digestMessage(model, lang(language)),
      languageOf: (tenantId, slackUserId) => s.connect.locales.forMember(tenantId, slackUserId),
    },
    notificationsRepository: new PostgresNotificationsRepository(s.dataSource),
    revisionsRepository: new NotificationRevisionsRepository(s.dataSource),
    revisions: new RevisionQueue(s.dataSource),
    replyText: (reply, language) => changeReplyText(reply, lang(language)),
    users: s.users,
    tenants: s.tenants,
    connect: s.connect.connections,
    matching: s.matching,
    webClient: s.webClient,
    logger: s.logger,
    isTypeEnabled: s.templates.chooser.isTypeEnabled,
    render: messageRenderer(s.templates, s.connect.locales),
    onSettled,
    options,
  });
}

/** Every route of the internal API (design §4) on the composed services. */
export function internalRoutes(s: Services, returnUrlOrigins: OriginPattern[]): AnyRoute[] {
  return [
    ...userRoutes(s.users),
    ...slackRoutes(s.connect, s.tenants, s.matching, returnUrlOrigins),
    ...matchingRoutes(s.matching, s.testSlack),
    ...notificationRoutes(s.delivery),
    ...changeRoutes(s.delivery),
    ...templateRoutes(s.templates),
    ...trackRoutes({ tracks: s.tracks.service }),
  ];
}

/** The internal server's request handler: the signed API, plus health and metrics unsigned. */
export function composeInternalApp(
  s: Services,
  o: {
    signingSecret: string;
    acceptV0Signatures: boolean;
    returnUrlOrigins: OriginPattern[];
    metrics: Metrics;
    health: Health;
  },
): RequestListener {
  return createInternalApp({
    signingSecret: o.signingSecret,
    acceptV0Signatures: o.acceptV0Signatures,
    routes: internalRoutes(s, o.returnUrlOrigins),
    logger: s.logger,
    metrics: o.metrics,
    health: o.health,
  });
}

/**
 * The Slack-facing Bolt app: OAuth pages, every listener, health. With `socketMode` the listeners
 * take their payloads over Socket Mode (SLACK_APP_TOKEN) and PORT serves the OAuth pages and health.
 */
export function composeSlackApp(
  s: Services,
  o: {
    signingSecret: string;
    slackApiUrl: string;
    metrics: Metrics;
    health: Health;
    socketMode?: SocketModeSettings;
  },
): SlackApp {
  if (o.socketMode) registerLogSecrets(s.logger, o.socketMode.appToken);
  const slack = createSlackApp({
    signingSecret: o.signingSecret,
    slackApiUrl: o.slackApiUrl,
    logger: s.logger,
    metrics: o.metrics,
    health: o.health,
    authorize: s.connect.tokens.authorize,
    socketMode: o.socketMode,
  });
  slack.router.get('/slack/install', (req, res, next) => {
    s.connect.oauth.install(req, res).catch(next);
  });
  slack.router.get('/slack/oauth_redirect', (req, res, next) => {
    s.connect.oauth.callback(req, res).catch(next);
  });
  registerListeners(slack.app, {
    logger: s.logger,
    revocation: s.connect.revocation,
    commands: s.commands,
    directoryEvents: s.directoryEvents,
    home: s.home,
    // Answers after acks yield to acks still waiting (src/slack-server/after-ack.ts).
    afterAck: new AfterAck(AFTER_ACK_CONCURRENCY, undefined, {
      acksPending: () => slack.acksPending() > 0,
      startsPerSecondUnderPressure: AFTER_ACK_STARTS_PER_SECOND_UNDER_PRESSURE,
    }),
    locales: s.connect.locales,
    responses: new ResponseUrls(),
  });
  return slack;
}
