import type { DataSource } from 'typeorm';
import type { Config } from './config';
import { TokenCipher } from './crypto/token-cipher';
import { loadOrCreateLocalSecrets } from './local-secrets';
import type { Logger } from './logger';
import { ConnectTicketsRepository } from './persistence/repositories/connect-tickets-repository';
import { PostgresInstallationStore } from './persistence/repositories/postgres-installation-store';
import { PostgresSlackDirectory } from './persistence/repositories/postgres-slack-directory';
import { PostgresStateStore } from './persistence/repositories/postgres-state-store';
import { TenantsRepository } from './persistence/repositories/tenants-repository';
import { UsersRepository } from './persistence/repositories/users-repository';
import { slackLogger } from './slack/bolt-logger';
import { ConnectService } from './slack/connect-service';
import { webClientFactory } from './slack/web-client';
import { TemplatesRepository } from './templates/repository';
import { TemplatesService } from './templates/service';

export interface Secrets {
  clientId: string;
  clientSecret: string;
  signingSecret: string;
  plusplusSigningSecret: string;
  tokenEncryptionKey: Buffer;
}

/** Sandbox mode fills in what real credentials would give (design §3, §9). */
export function resolveSecrets(config: Config): Secrets {
  if (config.mode === 'slack') {
    return {
      ...config.slack!,
      plusplusSigningSecret: config.plusplusSigningSecret!,
      tokenEncryptionKey: config.tokenEncryptionKey!,
    };
  }
  const local = loadOrCreateLocalSecrets(config.dataDir);
  return {
    clientId: local.slackClientId,
    clientSecret: local.slackClientSecret,
    signingSecret: local.slackSigningSecret,
    plusplusSigningSecret: config.plusplusSigningSecret ?? local.plusplusSigningSecret,
    tokenEncryptionKey: config.tokenEncryptionKey ?? Buffer.from(local.tokenEncryptionKey, 'base64'),
  };
}

/**
 * ConnectService over PostgreSQL: its OAuth states and Connect tickets in the same database, its
 * OAuth library logging through ours. The app, the benches and the test harnesses build it here.
 */
export function createConnectService(
  dataSource: DataSource,
  o: Omit<
    ConstructorParameters<typeof ConnectService>[0],
    'dataSource' | 'states' | 'tickets' | 'slackLogger'
  >,
): ConnectService {
  return new ConnectService({
    ...o,
    dataSource,
    states: new PostgresStateStore(dataSource),
    tickets: new ConnectTicketsRepository(dataSource),
    slackLogger: slackLogger(o.logger, 'oauth'),
  });
}

/**
 * The services every process that talks to Slack needs, wired one way: the app (main.ts) and a
 * delivery worker on its own (delivery/worker-main.ts) both start from these.
 */
export function buildCoreServices(o: {
  config: Config;
  secrets: Secrets;
  dataSource: DataSource;
  logger: Logger;
  slackApiUrl: string;
  slackAuthorizeUrl: string;
}) {
  const { dataSource, logger } = o;
  const users = new UsersRepository(dataSource);
  const tenants = new TenantsRepository(dataSource);
  const installations = new PostgresInstallationStore(
    dataSource,
    new TokenCipher(o.secrets.tokenEncryptionKey),
  );
  const webClient = webClientFactory({ slackApiUrl: o.slackApiUrl, logger: slackLogger(logger, 'web-api') });
  const connect = createConnectService(dataSource, {
    publicUrl: o.config.publicUrl,
    clientId: o.secrets.clientId,
    clientSecret: o.secrets.clientSecret,
    authorizeUrl: o.slackAuthorizeUrl,
    slackApiUrl: o.slackApiUrl,
    installations,
    tenants,
    webClient,
    logger,
  });
  const directory = new PostgresSlackDirectory(dataSource);
  // Per-tenant templates and enabled flags, the same in every process (issue 9).
  const templates = new TemplatesService({
    templates: new TemplatesRepository(dataSource),
    users,
    connect,
    webClient,
    logger,
  });
  return { users, tenants, installations, webClient, connect, directory, templates };
}
