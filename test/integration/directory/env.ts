import type { WebClient } from '@slack/web-api';
import type {
  DirectorySyncOptions,
  DirectorySyncService,
} from '../../../src/app/directory-sync/directory-sync';
import type { createDataSource } from '../../../src/persistence/data-source';
import type { PostgresInstallationStore } from '../../../src/persistence/repositories/postgres-installation-store';
import type { PostgresSlackDirectory } from '../../../src/persistence/repositories/postgres-slack-directory';
import type { TenantsRepository } from '../../../src/persistence/repositories/tenants-repository';
import type { Logger } from '../../../src/platform/logger';
import type { Sandbox, SandboxApp } from '../../../src/sandbox';
import type { WebClientFactory } from '../../../src/slack/web-client';
import type { TestDatabase } from '../../support/database';
import {
  capturingLogger,
  connectWorkspace,
  directorySync,
  startTestServices,
  type TestServices,
} from '../../support/services';

/**
 * The directory services in-process, on a real PostgreSQL schema and the sandbox as Slack, wired as
 * src/main.ts would (Connect, the PostgreSQL stores); tenants are connected by storing the
 * sandbox's install directly, without the browser (test/integration/connect covers that flow).
 */
export interface DirectoryEnv {
  db: TestDatabase;
  dataSource: ReturnType<typeof createDataSource>;
  sb: Sandbox;
  sbApp: SandboxApp;
  installations: PostgresInstallationStore;
  tenants: TenantsRepository;
  directory: PostgresSlackDirectory;
  connect: TestServices['connect'];
  webClient: WebClientFactory;
  logger: Logger;
  logText(): string;
  /** A service on this env (or another data source, for a second "process"). */
  service(options?: Partial<DirectorySyncOptions>): DirectorySyncService;
  /** A workspace with `members` generated members, installed and bound to `tenantId`. */
  connectTenant(tenantId: string, members: number, seed?: number): Promise<{ teamId: string; token: string }>;
  stop(): Promise<void>;
}

export async function startDirectoryEnv(label: string): Promise<DirectoryEnv> {
  const { logger, logText } = capturingLogger();
  const s = await startTestServices({ label, logger });
  return {
    ...s,
    logText,
    service: (options = {}) => directorySync(s, options),
    async connectTenant(tenantId, members, seed = 7) {
      const { ws, issued } = await connectWorkspace(s, tenantId, {
        members,
        seed,
        installerUserId: 'U0INSTALLER',
      });
      return { teamId: ws.id, token: issued.accessToken };
    },
  };
}

/** A client factory that records the arguments of every users.list call (the cursor, mostly). */
export function recordingClients(
  inner: WebClientFactory,
  seen: Array<{ cursor?: string }>,
): WebClientFactory {
  return (token?: string) => {
    const client = inner(token);
    // Web API methods are bound at construction, so wrap the method itself.
    const list = client.users.list;
    client.users.list = ((options: Parameters<WebClient['users']['list']>[0]) => {
      seen.push({ cursor: options?.cursor });
      return list(options);
    }) as WebClient['users']['list'];
    return client;
  };
}

/** Team ids of every sandbox member, in users.list order. */
export function sandboxMemberIds(sb: Sandbox, teamId: string): string[] {
  return sb.workspace(teamId).members.map((m) => m.id);
}
