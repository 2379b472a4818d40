import { randomUUID } from 'node:crypto';
import type { Installation, InstallationQuery } from '@slack/oauth';
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
} from './installation-store';

/** The same contract in memory: for unit tests and as the second subject of the contract suite. */
export class MemoryInstallationStore implements TenantInstallationStore {
  private readonly rows: StoredInstallation[] = [];

  private active(teamId: string) {
    return this.rows.find((r) => r.teamId === teamId && !r.revokedAt);
  }

  private revoke(row: StoredInstallation, reason: string) {
    Object.assign(row, {
      revokedAt: new Date(),
      revokedReason: reason,
      botToken: null,
      botRefreshToken: null,
    });
  }

  async storeInstallation(installation: Installation<'v1' | 'v2', boolean>): Promise<void> {
    const { tenantId } = parseInstallMetadata(installation.metadata);
    const draft = fromOAuthInstallation(installation);
    const other = this.active(draft.teamId);
    if (other && other.tenantId !== tenantId) throw new TeamAlreadyConnectedError(draft.teamId);
    for (const row of this.rows) {
      if (row.tenantId === tenantId && row.teamId !== draft.teamId && !row.revokedAt)
        this.revoke(row, 'replaced');
    }
    const existing = this.rows.find((r) => r.tenantId === tenantId && r.teamId === draft.teamId);
    const next: StoredInstallation = {
      ...draft,
      id: existing?.id ?? randomUUID(),
      tenantId,
      installedAt: new Date(),
      revokedAt: null,
      revokedReason: null,
    };
    if (existing) Object.assign(existing, next);
    else this.rows.push(next);
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v2', false>> {
    const found = this.active(teamIdOf(query));
    if (!found?.botToken) throw new InstallationNotFoundError(`team ${query.teamId}`);
    return toOAuthInstallation(found);
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.markRevoked(teamIdOf(query), 'deleted');
  }

  async findByTenant(tenantId: string): Promise<StoredInstallation | null> {
    const mine = this.rows.filter((r) => r.tenantId === tenantId);
    const found =
      mine.find((r) => !r.revokedAt) ??
      mine.sort((a, b) => (b.revokedAt?.getTime() ?? 0) - (a.revokedAt?.getTime() ?? 0))[0];
    return found ? { ...found } : null;
  }

  async findActiveByTeam(teamId: string): Promise<StoredInstallation | null> {
    const found = this.active(teamId);
    return found ? { ...found } : null;
  }

  async markRevoked(teamId: string, reason: string): Promise<boolean> {
    const row = this.active(teamId);
    if (!row) return false;
    this.revoke(row, reason);
    return true;
  }

  async forgetTenant(tenantId: string): Promise<void> {
    for (let i = this.rows.length - 1; i >= 0; i--)
      if (this.rows[i]!.tenantId === tenantId) this.rows.splice(i, 1);
  }

  async updateScopes(teamId: string, scopes: string[]): Promise<void> {
    const row = this.active(teamId);
    if (row) row.grantedScopes = [...scopes].sort();
  }

  async updateTokens(teamId: string, update: TokenUpdate): Promise<void> {
    const row = this.active(teamId);
    if (row) Object.assign(row, update);
  }
}
