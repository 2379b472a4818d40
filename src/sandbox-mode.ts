import { join } from 'node:path';
import type { LocalSecrets } from './platform/local-secrets';
import type { Logger } from './platform/logger';
import { type Sandbox, startSandbox } from './sandbox';
import { restoreSnapshot } from './sandbox/snapshot';
import { SnapshotFile } from './sandbox/snapshot-file';

/** The demo workspace `npm start` creates in sandbox mode: stable ids across restarts. */
export const DEMO_TEAM = {
  id: 'T0DEMO00001',
  name: 'PlusPlus Demo',
  domain: 'plusplus-demo',
  members: 40,
  seed: 42,
  /** Several languages (issue 22): members from index 3 on speak de-DE, fr-FR, es-ES, ja-JP, en-US. */
  languages: true,
};
export const DEMO_TENANT = 'demo';
/** Where sandbox mode keeps the fake Slack between runs (in DATA_DIR, beside sandbox-secrets.json). */
export const SANDBOX_STATE_FILE = 'sandbox-state.json';

export interface DemoMember {
  id: string;
  name: string;
  email: string;
}

export interface SandboxMode {
  sandbox: Sandbox;
  slackApiUrl: string;
  slackAuthorizeUrl: string;
  /** The fake Slack came back from DATA_DIR (workspace, install, messages as before the restart). */
  restored: boolean;
  /** The member who installs the app through the Connect link (and so is its admin in App Home). */
  admin: DemoMember;
  /** Another demo member, for the banner's examples. */
  member: DemoMember;
  /** The playground page: one member's Slack, or the member list without `userId`. */
  playgroundUrl(userId?: string): string;
  /** Writes the last changes (when kept in DATA_DIR) and stops the fake Slack. */
  stop(): Promise<void>;
}

/**
 * Sandbox mode (design §9): no Slack credentials, so the app runs against the local fake Slack with
 * the app credentials generated into DATA_DIR. With `keepState` (the `npm start` process; never
 * in-process tests) the fake Slack is kept in DATA_DIR/sandbox-state.json and comes back after a
 * restart: the demo workspace, its members, the app's install (the stored bot token still works)
 * and the messages.
 */
export async function startSandboxMode(options: {
  port: number;
  publicUrl: string;
  secrets: LocalSecrets;
  logger: Logger;
  dataDir: string;
  keepState?: boolean;
}): Promise<SandboxMode> {
  const logger = options.logger.child({ component: 'sandbox' });
  const file = options.keepState
    ? new SnapshotFile(join(options.dataDir, SANDBOX_STATE_FILE), { logger })
    : null;
  const sandbox = await startSandbox({ port: options.port, logger, onChange: () => file?.schedule() });
  const appOptions = {
    clientId: options.secrets.slackClientId,
    clientSecret: options.secrets.slackClientSecret,
    signingSecret: options.secrets.slackSigningSecret,
    name: 'PlusPlus',
    redirectUris: [`${options.publicUrl}/slack/oauth_redirect`],
    eventsUrl: `${options.publicUrl}/slack/events`,
  };
  const snapshot = file?.load() ?? null;
  // A snapshot of another app (sandbox-secrets.json was replaced) is of no use: start fresh.
  const restored = Boolean(snapshot?.apps.some((a) => a.clientId === appOptions.clientId));
  if (snapshot && restored) {
    restoreSnapshot(sandbox.state, snapshot);
    // PORT or PUBLIC_URL may have changed since: the app is where it is now.
    Object.assign(sandbox.state.app(appOptions.clientId), {
      clientSecret: appOptions.clientSecret,
      signingSecret: appOptions.signingSecret,
      redirectUris: appOptions.redirectUris,
      eventsUrl: appOptions.eventsUrl,
    });
  } else {
    sandbox.createApp(appOptions);
  }
  if (!sandbox.state.workspaces.has(DEMO_TEAM.id)) sandbox.createWorkspace(DEMO_TEAM);
  sandbox.setDefaultWorkspace(DEMO_TEAM.id);
  file?.attach(sandbox.state);
  file?.write();
  if (restored) logger.info({ file: file?.path }, 'sandbox state restored');

  const ws = sandbox.workspace(DEMO_TEAM.id);
  const demoMember = (index: number): DemoMember => {
    const m = ws.members[index]!;
    return { id: m.id, name: m.realName || m.name, email: m.email ?? '' };
  };
  return {
    sandbox,
    slackApiUrl: sandbox.apiUrl,
    slackAuthorizeUrl: sandbox.authorizeUrl,
    restored,
    // members[1] is the primary owner, whom the sandbox's authorize page installs as (src/sandbox/oauth.ts).
    admin: demoMember(1),
    member: demoMember(2),
    playgroundUrl: (userId) =>
      `${sandbox.url}/_sandbox/ui?team=${DEMO_TEAM.id}${userId ? `&user=${encodeURIComponent(userId)}` : ''}`,
    async stop() {
      file?.flush();
      await sandbox.stop();
    },
  };
}

/** What a newcomer sees after `npm start` in sandbox mode. */
export function sandboxBanner(o: {
  /** A one-time Connect link, or null when the demo workspace is connected already. */
  connectUrl: string | null;
  sandboxUrl: string;
  internalUrl: string;
  dataDir: string;
  playgroundUrl: string;
  membersUrl: string;
  admin: DemoMember;
  member: DemoMember;
}): string {
  const T = `/internal/v1/tenants/${DEMO_TENANT}`;
  const user = (id: string, m: DemoMember, admin: boolean) =>
    `  npm run call -- PUT ${T}/users/${id} '${JSON.stringify({ email: m.email, name: m.name, ...(admin ? { is_admin: true } : {}) })}'`;
  const connect = o.connectUrl
    ? [
        `1. Connect the demo workspace to tenant "${DEMO_TENANT}": open this one-time link in a browser (it ends in the playground):`,
        `  ${o.connectUrl}`,
        `  (a fresh link: npm run call -- POST ${T}/slack/connect '{}'; the state: npm run call -- GET ${T}/slack)`,
      ]
    : [
        `1. The demo workspace is connected to tenant "${DEMO_TENANT}" (kept from the last run; check: npm run call -- GET ${T}/slack).`,
      ];
  return [
    '',
    'PlusPlus for Slack is running in SANDBOX MODE: no Slack credentials, a local fake Slack instead.',
    `  Fake Slack:       ${o.sandboxUrl}  (workspace "${DEMO_TEAM.name}", ${DEMO_TEAM.members} members; control API under /_sandbox)`,
    `  Internal API:     ${o.internalUrl}/internal/v1/openapi.json`,
    `  Data and secrets: ${o.dataDir}  (the database, the secrets, and the fake Slack's workspace, install and messages)`,
    '',
    ...connect,
    '',
    `2. The playground: be ${o.admin.name} (${o.admin.id}), who installed PlusPlus and is its admin there:`,
    `  ${o.playgroundUrl}`,
    '  App Home, its buttons and modals, /plusplus, DMs and channels; any other member from',
    `  ${o.membersUrl}`,
    '',
    `3. Tell PlusPlus about its users (they match the demo members by email):`,
    user('u1', o.admin, true),
    user('u2', o.member, false),
    '  Then /plusplus test in the playground sends you a test DM.',
    '',
    "4. Notifications start switched off, as for a real workspace. Switch them on (or with the switch in the admin's App Home):",
    `  npm run call -- PATCH ${T}/slack/settings '{"notifications_enabled":true}'`,
    '  and send one; it shows up in the playground as a DM:',
    `  npm run call -- POST ${T}/notifications '{"idempotency_key":"first","type":"invite","recipient_user_ids":["u1"],"content":{"id":"e1","title":"Data 101","starts_at":"2030-01-01T15:00:00Z"}}'`,
    '',
  ].join('\n');
}
