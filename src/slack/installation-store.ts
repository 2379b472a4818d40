import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';

/**
 * The installation store contract (after @slack/oauth's `installation-stores/`): Bolt's and
 * @slack/oauth's InstallationStore, plus what a multi-tenant app needs: every installation belongs
 * to one tenant, one active installation per tenant and per workspace, revocation that erases
 * tokens and keeps history. Implementations: PostgreSQL (production) and in-memory (tests, and the
 * contract suite that both pass).
 */
export interface StoredInstallation {
  id: string;
  tenantId: string;
  teamId: string;
  teamName: string | null;
  enterpriseId: string | null;
  appId: string | null;
  botUserId: string;
  botId: string | null;
  /** Decrypted; null once revoked, or when the stored token cannot be decrypted (`tokenUnreadable`). */
  botToken: string | null;
  botRefreshToken: string | null;
  /**
   * The row holds a token that does not decrypt: TOKEN_ENCRYPTION_KEY changed, or the row is
   * damaged. The installation cannot be used until the workspace is connected again (or the right
   * key is back); it reads as not connected, with `reconnect_required` and reason `token_unreadable`.
   */
  tokenUnreadable?: boolean;
  botTokenExpiresAt: Date | null;
  grantedScopes: string[];
  installerUserId: string | null;
  installedAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
}

export interface TokenUpdate {
  botToken: string;
  botRefreshToken: string | null;
  botTokenExpiresAt: Date | null;
}

export interface TenantInstallationStore extends InstallationStore {
  /** The tenant's current installation: the active one, else the most recently revoked one. */
  findByTenant(tenantId: string): Promise<StoredInstallation | null>;
  findActiveByTeam(teamId: string): Promise<StoredInstallation | null>;
  /**
   * Marks the team's active installation revoked and erases its tokens (the PostgreSQL store also
   * deletes the workspace's member-list copy). False if none was active.
   */
  markRevoked(teamId: string, reason: string): Promise<boolean>;
  /**
   * DELETE /slack: forget the tenant's installations entirely, and the member-list copy of their
   * workspaces (settings and identities stay).
   */
  forgetTenant(tenantId: string): Promise<void>;
  updateScopes(teamId: string, scopes: string[]): Promise<void>;
  updateTokens(teamId: string, update: TokenUpdate): Promise<void>;
}

export class TeamAlreadyConnectedError extends Error {
  readonly code = 'team_already_connected';
  constructor(teamId: string) {
    super(`The Slack workspace ${teamId} is already connected to another PlusPlus instance.`);
    this.name = 'TeamAlreadyConnectedError';
  }
}

export class InstallationNotFoundError extends Error {
  readonly code = 'installation_not_found';
  constructor(what: string) {
    super(`No active Slack installation for ${what}.`);
    this.name = 'InstallationNotFoundError';
  }
}

/** What we put in InstallURLOptions.metadata and get back with the installation. */
export interface InstallMetadata {
  tenantId: string;
  ticketId: string;
}

export function parseInstallMetadata(metadata: string | undefined): InstallMetadata {
  const parsed = metadata ? (JSON.parse(metadata) as Partial<InstallMetadata>) : {};
  if (typeof parsed.tenantId !== 'string' || typeof parsed.ticketId !== 'string') {
    throw new Error('installation metadata lacks the tenant');
  }
  return { tenantId: parsed.tenantId, ticketId: parsed.ticketId };
}

/** The fields of an @slack/oauth Installation that we keep, as a StoredInstallation draft. */
export function fromOAuthInstallation(
  installation: Installation<'v1' | 'v2', boolean>,
): Omit<StoredInstallation, 'id' | 'tenantId' | 'installedAt' | 'revokedAt' | 'revokedReason'> {
  if (!installation.team?.id || !installation.bot?.token || !installation.bot.userId) {
    throw new Error('the installation has no workspace bot token');
  }
  return {
    teamId: installation.team.id,
    teamName: installation.team.name ?? null,
    enterpriseId: installation.enterprise?.id ?? null,
    appId: installation.appId ?? null,
    botUserId: installation.bot.userId,
    botId: installation.bot.id ?? null,
    botToken: installation.bot.token,
    botRefreshToken: installation.bot.refreshToken ?? null,
    botTokenExpiresAt: installation.bot.expiresAt ? new Date(installation.bot.expiresAt * 1000) : null,
    grantedScopes: installation.bot.scopes ?? [],
    installerUserId: installation.user?.id ?? null,
  };
}

/** The Installation shape Bolt's authorize expects, from what we store. */
export function toOAuthInstallation(stored: StoredInstallation): Installation<'v2', false> {
  return {
    team: { id: stored.teamId, name: stored.teamName ?? undefined },
    enterprise: undefined,
    user: { id: stored.installerUserId ?? '', token: undefined, scopes: undefined },
    bot: {
      id: stored.botId ?? '',
      userId: stored.botUserId,
      token: stored.botToken ?? '',
      scopes: stored.grantedScopes,
      refreshToken: stored.botRefreshToken ?? undefined,
      expiresAt: stored.botTokenExpiresAt ? Math.floor(stored.botTokenExpiresAt.getTime() / 1000) : undefined,
    },
    appId: stored.appId ?? undefined,
    tokenType: 'bot',
    isEnterpriseInstall: false,
    authVersion: 'v2',
  };
}

export function teamIdOf(query: InstallationQuery<boolean>): string {
  if (!query.teamId) throw new InstallationNotFoundError('an enterprise-wide install (not supported)');
  return query.teamId;
}
