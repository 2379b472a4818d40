import type { Installation } from '@slack/oauth';
import type { Logger } from '../../platform/logger';
import type { InstallMetadata, TenantInstallationStore } from '../../slack/installation-store';
import type { WebClientFactory } from '../../slack/web-client';
import type { ConnectedWorkspaces } from './connected-workspaces';
import type { TokenKeeper } from './token-keeper';

/** The Connect ticket id recorded for a single-workspace binding (no Connect link was used). */
const NO_TICKET = '00000000-0000-0000-0000-000000000000';

export interface SingleWorkspaceOptions {
  installations: Pick<TenantInstallationStore, 'findByTenant' | 'storeInstallation' | 'updateScopes'>;
  tokens: Pick<TokenKeeper, 'forget'>;
  webClient: WebClientFactory;
  connected: Pick<ConnectedWorkspaces, 'publish'>;
  logger: Logger;
}

/**
 * Single-workspace mode (SLACK_BOT_TOKEN, e.g. from `slack run`; docs/development.md): the bot
 * token's workspace becomes the tenant's installation, stored as a finished Connect would store it,
 * so every use case works unchanged, and what follows an install (directory sync, re-match) runs
 * once. The same token again (a restart) changes nothing.
 */
export class SingleWorkspace {
  constructor(private readonly o: SingleWorkspaceOptions) {}

  /** Throws on a token Slack refuses: the process should not start half-connected. */
  async bind(tenantId: string, botToken: string): Promise<{ teamId: string; teamName: string | null }> {
    const answer = await this.o.webClient(botToken).auth.test();
    const teamId = answer.team_id;
    if (!teamId || !answer.user_id) throw new Error("auth.test did not name the bot token's workspace");
    const teamName = answer.team ?? null;
    const scopes = answer.response_metadata?.scopes ?? [];
    const existing = await this.o.installations.findByTenant(tenantId);
    if (existing && !existing.revokedAt && existing.teamId === teamId && existing.botToken === botToken) {
      // A reinstall (the CLI does one when the manifest changes) keeps the token but may add scopes.
      if (scopes.length > 0) await this.o.installations.updateScopes(teamId, scopes);
      this.o.logger.info({ tenantId, teamId }, 'single workspace: already bound to its tenant');
      return { teamId, teamName };
    }
    const metadata: InstallMetadata = { tenantId, ticketId: NO_TICKET };
    await this.o.installations.storeInstallation({
      team: { id: teamId, name: answer.team },
      enterprise: undefined,
      // The token does not say who installed the app: no installer, so no welcome DM either.
      user: undefined,
      bot: {
        id: answer.bot_id ?? '',
        userId: answer.user_id,
        token: botToken,
        scopes,
      },
      appId: (answer as { app_id?: string }).app_id,
      tokenType: 'bot',
      isEnterpriseInstall: false,
      authVersion: 'v2',
      metadata: JSON.stringify(metadata),
    } as unknown as Installation<'v2', false>);
    this.o.tokens.forget(teamId);
    this.o.logger.info({ tenantId, teamId }, 'single workspace: bound to its tenant from the bot token');
    this.o.connected.publish(tenantId);
    return { teamId, teamName };
  }
}
