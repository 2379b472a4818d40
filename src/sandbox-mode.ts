import type { LocalSecrets } from './local-secrets';
import type { Logger } from './logger';
import { type Sandbox, startSandbox } from './sandbox';

/** The demo workspace `npm start` creates in sandbox mode: stable ids across restarts. */
export const DEMO_TEAM = {
  id: 'T0DEMO00001',
  name: 'PlusPlus Demo',
  domain: 'plusplus-demo',
  members: 40,
  seed: 42,
};
export const DEMO_TENANT = 'demo';

export interface SandboxMode {
  sandbox: Sandbox;
  slackApiUrl: string;
  slackAuthorizeUrl: string;
}

/**
 * Sandbox mode (design §9): no Slack credentials, so the app runs against the local fake Slack with
 * the app credentials generated into DATA_DIR. The sandbox keeps its state in memory: after a
 * restart the demo workspace is there again with the same members, but the earlier install is
 * not — GET /slack notices (invalid_auth) and Connect again fixes it.
 */
export async function startSandboxMode(options: {
  port: number;
  publicUrl: string;
  secrets: LocalSecrets;
  logger: Logger;
}): Promise<SandboxMode> {
  const sandbox = await startSandbox({
    port: options.port,
    logger: options.logger.child({ component: 'sandbox' }),
  });
  sandbox.createApp({
    clientId: options.secrets.slackClientId,
    clientSecret: options.secrets.slackClientSecret,
    signingSecret: options.secrets.slackSigningSecret,
    name: 'PlusPlus',
    redirectUris: [`${options.publicUrl}/slack/oauth_redirect`],
    eventsUrl: `${options.publicUrl}/slack/events`,
  });
  sandbox.createWorkspace(DEMO_TEAM);
  return { sandbox, slackApiUrl: sandbox.apiUrl, slackAuthorizeUrl: sandbox.authorizeUrl };
}

/** What a newcomer sees after `npm start` in sandbox mode. */
export function sandboxBanner(o: {
  connectUrl: string;
  sandboxUrl: string;
  internalUrl: string;
  dataDir: string;
}): string {
  return [
    '',
    'PlusPlus for Slack is running in SANDBOX MODE: no Slack credentials, a local fake Slack instead.',
    `  Fake Slack:       ${o.sandboxUrl}  (workspace "${DEMO_TEAM.name}", ${DEMO_TEAM.members} members; control API under /_sandbox)`,
    `  Internal API:     ${o.internalUrl}/internal/v1/openapi.json`,
    `  Data and secrets: ${o.dataDir}`,
    '',
    `Next: connect the demo workspace to tenant "${DEMO_TENANT}" — open this one-time link in a browser:`,
    `  ${o.connectUrl}`,
    'or make a fresh link and check the connection with the signing CLI:',
    `  npm run call -- POST /internal/v1/tenants/${DEMO_TENANT}/slack/connect '{}'`,
    `  npm run call -- GET /internal/v1/tenants/${DEMO_TENANT}/slack`,
    `  npm run call -- PUT /internal/v1/tenants/${DEMO_TENANT}/users/u1 '{"email":"ada@example.com","is_admin":true}'`,
    '',
  ].join('\n');
}
