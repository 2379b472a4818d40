/**
 * A delivery worker on its own (design §2 "each part can also run alone"): `node
 * dist/src/delivery/worker-main.js`. Same environment as the app (DATABASE_URL is required: an
 * embedded database belongs to one app process) plus the DELIVERY_* tunables. Runs migrations like
 * every start, then the worker loop until SIGTERM/SIGINT, which let in-flight sends finish.
 */
import 'reflect-metadata';
import { type Config, ConfigError, parseConfig } from '../config';
import { buildCoreServices, resolveSecrets } from '../core-services';
import { createLogger } from '../logger';
import { openDatabase } from '../persistence/database';
import { MatchingService } from '../services/matching-service';
import { parseDeliveryEnv } from './config';
import { createDelivery, type DeliveryOptions } from './index';

async function main(): Promise<void> {
  let config: Config;
  let options: DeliveryOptions;
  try {
    config = parseConfig(process.env);
    options = parseDeliveryEnv(process.env);
    if (!config.databaseUrl) throw new ConfigError(['DATABASE_URL: required to run the worker alone']);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY });
  // Sandbox mode keeps its generated secrets in DATA_DIR, as the app does.
  const secrets = resolveSecrets(config);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  const { dataSource } = database;
  const { users, tenants, webClient, connect, directory, templates } = buildCoreServices({
    config,
    secrets,
    dataSource,
    logger,
    slackApiUrl: config.slackApiUrl,
    slackAuthorizeUrl: config.slackAuthorizeUrl,
  });
  // Matching only to resolve recipients who are not linked yet: no directory sync from here.
  const matching = new MatchingService({ users, tenants, connect, directory, webClient, logger });
  const { worker } = createDelivery({
    dataSource,
    users,
    tenants,
    connect,
    matching,
    webClient,
    logger,
    isTypeEnabled: templates.isTypeEnabled,
    render: templates.render,
    options,
  });
  worker.start();
  logger.info(
    { workerId: worker.workerId, concurrency: options.concurrency ?? 8 },
    'delivery worker running',
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'delivery worker stopping');
    worker
      .stop()
      .then(() => database.close())
      .then(
        () => process.exit(0),
        (error) => {
          logger.error({ err: error }, 'delivery worker shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) {
  // Like the app: a start that fails (the database unreachable, say) is one clear line and exit 1,
  // for the process manager to restart; never an unhandled rejection with a raw stack.
  main().catch((error: unknown) => {
    process.stderr.write(`delivery worker could not start: ${(error as Error)?.message ?? String(error)}\n`);
    process.exit(1);
  });
}
