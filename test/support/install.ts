import type { Installation } from '@slack/oauth';
import type { Sandbox } from '../../src/sandbox';
import type { TenantInstallationStore } from '../../src/slack/installation-store';

export interface InstallForTenant {
  sb: Sandbox;
  store: TenantInstallationStore;
  tenantId: string;
  teamId: string;
  clientId: string;
  scopes: string[];
  /** The Slack user recorded as the installer. */
  installerUserId: string;
}

/**
 * Installs the sandbox app into a workspace without the browser flow and stores the installation
 * for a tenant, as a finished Connect would. For harnesses that test what comes after Connect;
 * Connect itself is tested through the real OAuth flow (test/integration/connect).
 */
export async function installForTenant(o: InstallForTenant) {
  const issued = o.sb.installApp(o.teamId, o.clientId, o.scopes, o.installerUserId);
  const ws = o.sb.workspace(o.teamId);
  await o.store.storeInstallation({
    team: { id: ws.id, name: ws.name },
    enterprise: undefined,
    user: { id: o.installerUserId, token: undefined, scopes: undefined },
    bot: { id: 'B0BOT', userId: issued.botUserId, token: issued.accessToken, scopes: issued.scopes },
    appId: o.sb.state.app(o.clientId).appId,
    tokenType: 'bot',
    isEnterpriseInstall: false,
    authVersion: 'v2',
    metadata: JSON.stringify({ tenantId: o.tenantId, ticketId: '00000000-0000-0000-0000-000000000000' }),
  } as Installation<'v2', false>);
  return issued;
}
