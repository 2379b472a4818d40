import type { DataSource } from 'typeorm';

/**
 * The per-workspace lock a bot token refresh runs under (src/app/connect/token-keeper.ts): one
 * process at a time calls Slack's oauth.v2.access for a team, the others wait and then read its
 * result. Keyed by schema as well, so test schemas in one database do not wait for each other.
 */
export class TokenRefreshLock {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `work` holding the team's refresh lock: a transaction-scoped advisory lock, released when
   * `work` settles. `work` reads and writes through the repositories as usual (the lock, not the
   * transaction, is the point).
   */
  holding<T>(teamId: string, work: () => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext(current_schema() || $1))', [
        `:slack-token-refresh:${teamId}`,
      ]);
      return work();
    });
  }
}
