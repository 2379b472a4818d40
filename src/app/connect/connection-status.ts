import { timingSettingsBody } from '../../domain/timing/settings';
import type { ConnectTicketsRepository } from '../../persistence/repositories/connect-tickets-repository';
import type { TenantsRepository } from '../../persistence/repositories/tenants-repository';
import type { Logger } from '../../platform/logger';
import { slackErrorCode } from '../../slack/failures';
import type { StoredInstallation, TenantInstallationStore } from '../../slack/installation-store';
import { scopeHealth } from '../../slack/scopes';
import type { WebClientFactory } from '../../slack/web-client';
import { REVOKED_BY_SLACK, type Revocation } from './revocation';
import type { TokenKeeper } from './token-keeper';

/** Where a tenant's connection stands (GET /slack, design §4, is its wire form; App Home reads it too). */
export interface ConnectionStatus {
  connected: boolean;
  team: { id: string; name: string | null } | null;
  installedAt: Date | null;
  installedBy: string | null;
  scopes: { required: string[]; granted: string[]; missing: string[] };
  reconnectRequired: boolean;
  /**
   * Why a reconnect is required when it is not visible elsewhere: `token_unreadable` (the stored
   * token does not decrypt with TOKEN_ENCRYPTION_KEY; docs/security.md).
   */
  reconnectReason?: 'token_unreadable';
  /** A Connect that reached Slack and never came back (admin approval, most likely). */
  pendingConnect: { startedAt: Date } | null;
  revoked: { at: Date; reason: string } | null;
  /** What the admin should do, when there is something to do. */
  message?: string;
  settings: {
    notificationsEnabled: boolean;
    plusplusUserAttribute: string;
    slackUserAttribute: string;
    /** Timing (issue 21), in the wire's shape (domain/timing/settings.ts). */
    timing?: ReturnType<typeof timingSettingsBody>;
    defaultLocale: string | null;
  };
}

export interface ConnectionStatusOptions {
  installations: Pick<TenantInstallationStore, 'findByTenant' | 'updateScopes'>;
  tenants: Pick<TenantsRepository, 'settings'>;
  tickets: Pick<ConnectTicketsRepository, 'pending'>;
  tokens: Pick<TokenKeeper, 'freshToken'>;
  revocation: Pick<Revocation, 'reportSlackError'>;
  webClient: WebClientFactory;
  logger: Logger;
}

/**
 * Where a tenant's Connect stands: connected or not, scope health, a Connect left waiting for admin
 * approval, a revocation by Slack, an unreadable token; and the sentence that says what to do.
 * Checks a live token with auth.test, so a dead one shows at once.
 */
export class ConnectionStatusService {
  constructor(private readonly o: ConnectionStatusOptions) {}

  async forTenant(tenantId: string): Promise<ConnectionStatus> {
    let installation = await this.o.installations.findByTenant(tenantId);
    // An unreadable token cannot be checked with Slack; the installation is reported as unusable.
    const unreadable = Boolean(installation && !installation.revokedAt && installation.tokenUnreadable);
    if (installation && !installation.revokedAt && !unreadable)
      installation = await this.checkToken(installation);
    const settings = await this.o.tenants.settings(tenantId);
    const pending = await this.o.tickets.pending(tenantId);
    const connected = Boolean(installation && !installation.revokedAt && !unreadable);
    const health = scopeHealth(connected ? installation!.grantedScopes : []);
    const revokedBySlack = Boolean(
      installation?.revokedAt && REVOKED_BY_SLACK.has(installation.revokedReason ?? ''),
    );
    const pendingConnect =
      pending && (!connected || pending.usedAt! > installation!.installedAt)
        ? { startedAt: pending.usedAt! }
        : null;
    const status: ConnectionStatus = {
      connected,
      team: installation ? { id: installation.teamId, name: installation.teamName } : null,
      installedAt: installation?.installedAt ?? null,
      installedBy: installation?.installerUserId ?? null,
      scopes: {
        required: health.required,
        granted: health.granted,
        missing: connected ? health.missing : [],
      },
      reconnectRequired: connected ? health.reconnectRequired : revokedBySlack || unreadable,
      ...(unreadable ? { reconnectReason: 'token_unreadable' as const } : {}),
      pendingConnect,
      revoked:
        installation?.revokedAt && !connected
          ? { at: installation.revokedAt, reason: installation.revokedReason ?? 'unknown' }
          : null,
      settings: {
        notificationsEnabled: settings.notificationsEnabled,
        plusplusUserAttribute: settings.plusplusUserAttribute,
        slackUserAttribute: settings.slackUserAttribute,
        timing: timingSettingsBody(settings),
        defaultLocale: settings.defaultLocale ?? null,
      },
    };
    const message = explain(status);
    if (message) status.message = message;
    return status;
  }

  /** auth.test with the stored token: refreshes granted scopes and notices a dead token at once. */
  private async checkToken(installation: StoredInstallation): Promise<StoredInstallation> {
    try {
      const token = await this.o.tokens.freshToken(installation);
      const answer = await this.o.webClient(token).auth.test();
      const scopes = answer.response_metadata?.scopes;
      if (scopes && scopes.join(',') !== [...installation.grantedScopes].sort().join(',')) {
        await this.o.installations.updateScopes(installation.teamId, scopes);
        return { ...installation, grantedScopes: [...scopes].sort() };
      }
    } catch (error) {
      if (await this.o.revocation.reportSlackError(installation.teamId, error)) {
        return (await this.o.installations.findByTenant(installation.tenantId)) ?? installation;
      }
      this.o.logger.warn(
        { teamId: installation.teamId, err: slackErrorCode(error) ?? String(error) },
        'token check failed',
      );
    }
    return installation;
  }
}

/** The status's `message`: what the admin should do, when there is something to do. */
function explain(s: ConnectionStatus): string | undefined {
  if (s.reconnectReason === 'token_unreadable') {
    return (
      `PlusPlus cannot read its stored Slack token for the workspace ${s.team?.name ?? s.team?.id}: the app's ` +
      'token encryption key changed, or the stored token is damaged. Nothing is sent to Slack until then. ' +
      'Click Connect to reconnect (settings and linked accounts are kept), or restore the previous key.'
    );
  }
  if (s.pendingConnect) {
    return (
      `Connect was started at ${s.pendingConnect.startedAt.toISOString()}, but Slack did not send the browser back. ` +
      'The workspace probably requires admin approval for apps: a Slack admin approves PlusPlus at ' +
      'https://<your-workspace>.slack.com/apps/manage (Manage apps > Requests). Once it is approved, ' +
      'click Connect again in PlusPlus (System Settings > Integrations > Slack) to finish.'
    );
  }
  if (s.connected && s.reconnectRequired) {
    return `PlusPlus lacks the Slack permissions ${s.scopes.missing.join(', ')}. Click Connect again to grant them; settings and linked accounts are kept.`;
  }
  if (!s.connected && s.revoked && s.reconnectRequired) {
    return `Slack stopped accepting PlusPlus's token (${s.revoked.reason}) at ${s.revoked.at.toISOString()}. Click Connect to reconnect; settings and linked accounts are kept.`;
  }
  if (!s.connected && !s.team) return 'Slack is not connected. Click Connect to start.';
  return undefined;
}
