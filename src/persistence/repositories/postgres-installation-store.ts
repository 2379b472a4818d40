import { randomUUID } from 'node:crypto';
import type { Installation, InstallationQuery } from '@slack/oauth';
import type { DataSource } from 'typeorm';
import { IsNull } from 'typeorm';
import type { Logger } from '../../platform/logger';
import type { TokenCipher } from '../../platform/token-cipher';
import {
  fromOAuthInstallation,
  InstallationNotFoundError,
  parseInstallMetadata,
  type StoredInstallation,
  TeamAlreadyConnectedError,
  type TenantInstallationStore,
  type TokenUpdate,
  teamIdOf,
  toOAuthInstallation,
} from '../../slack/installation-store';
import { SlackInstallation } from '../entities';
import { forgetWorkspaceData } from './retention-repository';
import { TenantsRepository } from './tenants-repository';

/**
 * Installations in PostgreSQL, tokens encrypted with the team id as associated data. Whatever ends
 * a workspace's active installation (a revocation, a replacement, a disconnect) also deletes the
 * app's copy of that workspace's member list, its sync state and welcome markers, in the same
 * transaction (docs/admin-guide.md §10): the app cannot use them any more, and a new Connect
 * syncs the directory again.
 */
export class PostgresInstallationStore implements TenantInstallationStore {
  private readonly tenants: TenantsRepository;
  /** Rows (id and ciphertext) already reported as unreadable: one error line each, not one per read. */
  private readonly reportedUnreadable = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: TokenCipher,
    private readonly logger?: Logger,
  ) {
    this.tenants = new TenantsRepository(dataSource);
  }

  /**
   * A token that does not decrypt (another TOKEN_ENCRYPTION_KEY, a damaged row) makes the
   * installation unusable, not the request: null, and one error line per row and ciphertext.
   */
  private decryptOrNull(
    row: SlackInstallation,
    value: string | null,
  ): { token: string | null; unreadable: boolean } {
    if (!value) return { token: null, unreadable: false };
    try {
      return { token: this.cipher.decrypt(value, row.teamId), unreadable: false };
    } catch {
      const key = `${row.id}:${value}`;
      if (!this.reportedUnreadable.has(key)) {
        this.reportedUnreadable.add(key);
        this.logger?.error(
          { tenantId: row.tenantId, teamId: row.teamId, installationId: row.id },
          'stored Slack token cannot be decrypted (TOKEN_ENCRYPTION_KEY changed, or the row is damaged): connect the workspace again',
        );
      }
      return { token: null, unreadable: true };
    }
  }

  private get repo() {
    return this.dataSource.getRepository(SlackInstallation);
  }

  private decode(row: SlackInstallation): StoredInstallation {
    const bot = this.decryptOrNull(row, row.botTokenEncrypted);
    const refresh = bot.unreadable
      ? { token: null, unreadable: true }
      : this.decryptOrNull(row, row.botRefreshTokenEncrypted);
    const unreadable = bot.unreadable || refresh.unreadable;
    return {
      id: row.id,
      tenantId: row.tenantId,
      teamId: row.teamId,
      teamName: row.teamName,
      enterpriseId: row.enterpriseId,
      appId: row.appId,
      botUserId: row.botUserId,
      botId: row.botId,
      // Half a token pair is no use: an unreadable refresh token makes the bot token unusable too.
      botToken: unreadable ? null : bot.token,
      botRefreshToken: unreadable ? null : refresh.token,
      tokenUnreadable: unreadable,
      botTokenExpiresAt: row.botTokenExpiresAt,
      grantedScopes: row.grantedScopes,
      installerUserId: row.installerUserId,
      installedAt: row.installedAt,
      revokedAt: row.revokedAt,
      revokedReason: row.revokedReason,
    };
  }

  async storeInstallation(installation: Installation<'v1' | 'v2', boolean>): Promise<void> {
    const { tenantId } = parseInstallMetadata(installation.metadata);
    const draft = fromOAuthInstallation(installation);
    const encrypt = (value: string | null) => (value ? this.cipher.encrypt(value, draft.teamId) : null);
    await this.dataSource.transaction(async (manager) => {
      await this.tenants.ensure(tenantId, manager);
      // Serialize installs of one workspace so two tenants racing for it cannot both win.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext(current_schema() || $1))', [
        `:slack-install:${draft.teamId}`,
      ]);
      const repo = manager.getRepository(SlackInstallation);
      const otherTenant = await repo.findOne({ where: { teamId: draft.teamId, revokedAt: IsNull() } });
      if (otherTenant && otherTenant.tenantId !== tenantId) throw new TeamAlreadyConnectedError(draft.teamId);
      // One active installation per tenant: connecting another workspace replaces the old one.
      const [replaced] = (await manager.query(
        `UPDATE slack_installations
            SET revoked_at = now(), revoked_reason = 'replaced', bot_token_encrypted = NULL,
                bot_refresh_token_encrypted = NULL, updated_at = now()
          WHERE tenant_id = $1 AND team_id <> $2 AND revoked_at IS NULL
          RETURNING team_id`,
        [tenantId, draft.teamId],
      )) as [{ team_id: string }[], number];
      await forgetWorkspaceData(
        manager,
        replaced.map((r) => r.team_id),
      );
      const existing = await repo.findOne({ where: { tenantId, teamId: draft.teamId } });
      await repo.save({
        id: existing?.id ?? randomUUID(),
        tenantId,
        teamId: draft.teamId,
        teamName: draft.teamName,
        enterpriseId: draft.enterpriseId,
        appId: draft.appId,
        botUserId: draft.botUserId,
        botId: draft.botId,
        botTokenEncrypted: encrypt(draft.botToken),
        botRefreshTokenEncrypted: encrypt(draft.botRefreshToken),
        botTokenExpiresAt: draft.botTokenExpiresAt,
        grantedScopes: draft.grantedScopes,
        installerUserId: draft.installerUserId,
        installedAt: new Date(),
        revokedAt: null,
        revokedReason: null,
      });
    });
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v2', false>> {
    const found = await this.findActiveByTeam(teamIdOf(query));
    if (!found?.botToken) throw new InstallationNotFoundError(`team ${query.teamId}`);
    return toOAuthInstallation(found);
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.markRevoked(teamIdOf(query), 'deleted');
  }

  async findByTenant(tenantId: string): Promise<StoredInstallation | null> {
    const row = await this.repo
      .createQueryBuilder('i')
      .where('i.tenant_id = :tenantId', { tenantId })
      .orderBy('i.revoked_at IS NULL', 'DESC')
      .addOrderBy('i.revoked_at', 'DESC')
      .getOne();
    return row ? this.decode(row) : null;
  }

  async findActiveByTeam(teamId: string): Promise<StoredInstallation | null> {
    const row = await this.repo.findOne({ where: { teamId, revokedAt: IsNull() } });
    return row ? this.decode(row) : null;
  }

  async markRevoked(teamId: string, reason: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const result = await manager.query(
        `UPDATE slack_installations
            SET revoked_at = now(), revoked_reason = $2, bot_token_encrypted = NULL,
                bot_refresh_token_encrypted = NULL, updated_at = now()
          WHERE team_id = $1 AND revoked_at IS NULL`,
        [teamId, reason],
      );
      // Also when it was revoked already (the second of app_uninstalled and tokens_revoked): cheap,
      // and it removes whatever a write racing the first revocation may have left.
      await forgetWorkspaceData(manager, [teamId]);
      return (result[1] ?? 0) > 0;
    });
  }

  async forgetTenant(tenantId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [deleted] = (await manager.query(
        'DELETE FROM slack_installations WHERE tenant_id = $1 RETURNING team_id',
        [tenantId],
      )) as [{ team_id: string }[], number];
      await forgetWorkspaceData(
        manager,
        deleted.map((r) => r.team_id),
      );
    });
  }

  async updateScopes(teamId: string, scopes: string[]): Promise<void> {
    await this.repo.update({ teamId, revokedAt: IsNull() }, { grantedScopes: [...scopes].sort() });
  }

  async updateTokens(teamId: string, update: TokenUpdate): Promise<void> {
    await this.repo.update(
      { teamId, revokedAt: IsNull() },
      {
        botTokenEncrypted: this.cipher.encrypt(update.botToken, teamId),
        botRefreshTokenEncrypted: update.botRefreshToken
          ? this.cipher.encrypt(update.botRefreshToken, teamId)
          : null,
        botTokenExpiresAt: update.botTokenExpiresAt,
      },
    );
  }
}
