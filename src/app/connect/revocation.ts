import type { Logger } from '../../platform/logger';
import { INSTALLATION_CODES, slackErrorCode } from '../../slack/failures';
import type { TenantInstallationStore } from '../../slack/installation-store';
import type { WebClientFactory } from '../../slack/web-client';
import type { TokenKeeper } from './token-keeper';

/** Revocations that Slack did to us (as opposed to a replacement by another Connect). */
export const REVOKED_BY_SLACK = new Set(['app_uninstalled', 'tokens_revoked', ...INSTALLATION_CODES]);

export interface RevocationOptions {
  installations: Pick<
    TenantInstallationStore,
    'findByTenant' | 'findActiveByTeam' | 'markRevoked' | 'forgetTenant' | 'updateScopes'
  >;
  tokens: Pick<TokenKeeper, 'forget'>;
  webClient: WebClientFactory;
  logger: Logger;
}

/**
 * The end of an installation, and what Slack's answers say about it: a dead token (any Web API
 * error that says so), app_uninstalled, tokens_revoked, DELETE /slack; and the scopes Slack reports
 * the token has. The store erases tokens and the member-list copy in the same transaction; this
 * forgets the token keeper's cached answer for the team.
 */
export class Revocation {
  constructor(private readonly o: RevocationOptions) {}

  /** Any Web API error: if it says the installation is gone, mark it revoked. Returns whether it did. */
  async reportSlackError(teamId: string, error: unknown): Promise<boolean> {
    const code = slackErrorCode(error);
    if (!code || !INSTALLATION_CODES.has(code)) return false;
    this.o.tokens.forget(teamId);
    const changed = await this.o.installations.markRevoked(teamId, code);
    this.o.tokens.forget(teamId);
    if (changed) this.o.logger.warn({ teamId, code }, 'installation revoked: Slack refused its token');
    return true;
  }

  /**
   * Scopes seen in an x-oauth-scopes header or an auth.test answer. A missing scope does not revoke
   * (the token still works for other things): GET /slack and App Home show what is missing.
   */
  async observeScopes(teamId: string, scopes: string[] | undefined): Promise<void> {
    if (scopes && scopes.length > 0) await this.o.installations.updateScopes(teamId, scopes);
  }

  /** `app_uninstalled` (idempotent; in either order with tokens_revoked). */
  async onAppUninstalled(teamId: string): Promise<void> {
    this.o.tokens.forget(teamId);
    const changed = await this.o.installations.markRevoked(teamId, 'app_uninstalled');
    this.o.tokens.forget(teamId);
    if (changed) {
      this.o.logger.info(
        { teamId },
        'app uninstalled: installation revoked, tokens and member-list copy erased',
      );
    }
  }

  /** `tokens_revoked`: only the bot token matters to us. */
  async onTokensRevoked(teamId: string, botUserIds: string[]): Promise<void> {
    const active = await this.o.installations.findActiveByTeam(teamId);
    // User tokens (`tokens.oauth`) are not ours to care about; only our bot user's token counts.
    if (!active || !botUserIds.includes(active.botUserId)) return;
    const changed = await this.o.installations.markRevoked(teamId, 'tokens_revoked');
    this.o.tokens.forget(teamId);
    if (changed) {
      this.o.logger.info(
        { teamId },
        'bot token revoked: installation revoked, tokens and member-list copy erased',
      );
    }
  }

  /**
   * DELETE /slack: revoke the token at Slack (best effort) and forget the installation, and with it
   * the workspace's member-list copy (the store does both in one transaction); identities stay.
   */
  async disconnect(tenantId: string): Promise<void> {
    const installation = await this.o.installations.findByTenant(tenantId);
    if (installation?.botToken && !installation.revokedAt) {
      try {
        await this.o.webClient(installation.botToken).auth.revoke();
      } catch (error) {
        this.o.logger.warn(
          { teamId: installation.teamId, err: slackErrorCode(error) ?? String(error) },
          'auth.revoke failed; forgetting the installation anyway',
        );
      }
    }
    await this.o.installations.forgetTenant(tenantId);
    if (installation) this.o.tokens.forget(installation.teamId);
    this.o.logger.info({ tenantId }, 'disconnected');
  }
}
