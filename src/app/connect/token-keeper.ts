import type { Authorize, AuthorizeResult } from '@slack/bolt';
import type { Logger } from '../../platform/logger';
import type { StoredInstallation, TenantInstallationStore } from '../../slack/installation-store';
import type { WebClientFactory } from '../../slack/web-client';

/** Refresh a rotating token when it has less than this left. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** How long Bolt's authorize answer for a team is reused in this process. */
const AUTHORIZE_CACHE_MS = 5_000;

/**
 * How long past AUTHORIZE_CACHE_MS a successful answer is still given at once while it is read
 * again; older than that, the request waits for the read.
 */
const AUTHORIZE_STALE_MS = 30_000;

/** One team's cached authorize answer. */
interface Authorization {
  until: number;
  read: Promise<{ result: AuthorizeResult; installation: StoredInstallation }>;
  /** The read succeeded (and the entry was kept). */
  settled?: boolean;
  /** A read to replace this stale entry is under way. */
  refreshing?: boolean;
}

/** A tenant's usable bot token and the installation it belongs to. */
export interface BotConnection {
  token: string;
  installation: StoredInstallation;
}

export interface TokenKeeperOptions {
  installations: Pick<TenantInstallationStore, 'findByTenant' | 'findActiveByTeam' | 'updateTokens'>;
  /** The per-team lock a refresh runs under (src/persistence/repositories/token-refresh-lock.ts). */
  refreshLock: { holding<T>(teamId: string, work: () => Promise<T>): Promise<T> };
  clientId: string;
  clientSecret: string;
  webClient: WebClientFactory;
  logger: Logger;
}

/**
 * The bot tokens of connected workspaces: what Bolt's `authorize` answers, what every use case
 * calling the Web API gets, refreshed shortly before expiry when the token rotates. Whatever
 * changes an installation in this process calls `forget`, so no stale answer outlives it here.
 */
export class TokenKeeper {
  private readonly authorizations = new Map<string, Authorization>();

  constructor(private readonly o: TokenKeeperOptions) {}

  /** The bot token of a tenant's active installation, refreshed if it rotates; null if not connected. */
  async botTokenForTenant(tenantId: string): Promise<BotConnection | null> {
    const installation = await this.o.installations.findByTenant(tenantId);
    if (!installation || installation.revokedAt || !installation.botToken) return null;
    return { token: await this.freshToken(installation), installation };
  }

  /**
   * Bolt's authorize: the bot token of the workspace the request came from. Bolt asks before every
   * listener, so before every ack: answers are kept for AUTHORIZE_CACHE_MS (one read per team, not
   * one per request, and concurrent requests share it), and forgotten whenever this process
   * changes an installation. Past that time the answer is still given at once (up to
   * AUTHORIZE_STALE_MS) while one read replaces it, so acks do not wait for the database. Another
   * process's revocation shows here within that time and one read, and a call with the old token
   * meanwhile is refused by Slack and reported as usual.
   */
  readonly authorize: Authorize<boolean> = ({ teamId }) => {
    if (!teamId) return Promise.reject(new Error('No active installation for team (none)'));
    return this.cachedRead(teamId).then((r) => r.result);
  };

  /**
   * The team's active installation as `authorize` last read it (at most AUTHORIZE_CACHE_MS old,
   * same rules), or null: what slash commands need after their ack, without another read.
   */
  activeInstallation(teamId: string): Promise<StoredInstallation | null> {
    return this.cachedRead(teamId).then(
      (r) => r.installation,
      () => null,
    );
  }

  /** Drops the team's cached answer (all of it, or only `entry` if it is still the cached one). */
  forget(teamId: string, entry?: unknown): void {
    if (entry === undefined || this.authorizations.get(teamId) === entry) this.authorizations.delete(teamId);
  }

  /**
   * Token rotation: refresh shortly before expiry, serialized across processes with the team's
   * refresh lock, re-reading after the lock so only one process calls Slack and the others use its
   * result.
   */
  async freshToken(installation: StoredInstallation): Promise<string> {
    const expiresAt = installation.botTokenExpiresAt?.getTime();
    if (!expiresAt || expiresAt - Date.now() > REFRESH_MARGIN_MS || !installation.botRefreshToken) {
      return installation.botToken!;
    }
    return this.o.refreshLock.holding(installation.teamId, async () => {
      const current = await this.o.installations.findActiveByTeam(installation.teamId);
      if (!current?.botToken || !current.botRefreshToken)
        throw new Error('installation revoked during refresh');
      if ((current.botTokenExpiresAt?.getTime() ?? 0) - Date.now() > REFRESH_MARGIN_MS)
        return current.botToken;
      const answer = await this.o.webClient().oauth.v2.access({
        client_id: this.o.clientId,
        client_secret: this.o.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: current.botRefreshToken,
      });
      if (!answer.access_token) throw new Error('token refresh returned no token');
      await this.o.installations.updateTokens(installation.teamId, {
        botToken: answer.access_token,
        botRefreshToken: answer.refresh_token ?? current.botRefreshToken,
        botTokenExpiresAt: answer.expires_in ? new Date(Date.now() + answer.expires_in * 1000) : null,
      });
      this.forget(installation.teamId);
      this.o.logger.info({ teamId: installation.teamId }, 'bot token refreshed');
      return answer.access_token;
    });
  }

  private cachedRead(teamId: string) {
    const cached = this.authorizations.get(teamId);
    const now = Date.now();
    if (cached && cached.until > now) return cached.read;
    // Stale but read successfully, and not for long: answered at once while one read runs behind
    // it, so a busy workspace's acks never wait for the database (every 5 s all the acks in
    // flight waited for one read, behind whatever else held the pool: issue 15).
    if (cached?.settled && now - cached.until < AUTHORIZE_STALE_MS) {
      if (!cached.refreshing) {
        cached.refreshing = true;
        const next = this.newAuthorization(teamId);
        next.read.then(
          () => {
            if (this.authorizations.get(teamId) !== cached) return;
            // Not kept (its token is about to be refreshed): the next request reads and waits.
            if (next.settled) this.authorizations.set(teamId, next);
            else this.forget(teamId, cached);
          },
          () => this.forget(teamId, cached),
        );
      }
      return cached.read;
    }
    const entry = this.newAuthorization(teamId);
    this.authorizations.set(teamId, entry);
    return entry.read;
  }

  /** One read of the team's authorization, as a cache entry (not stored yet). */
  private newAuthorization(teamId: string): Authorization {
    const read = this.readAuthorization(teamId);
    const entry: Authorization = { until: Date.now() + AUTHORIZE_CACHE_MS, read };
    read.then(
      ({ installation }) => {
        // A token about to be refreshed is not kept: the next request refreshes it.
        const expiresAt = installation.botTokenExpiresAt?.getTime();
        if (
          expiresAt !== undefined &&
          expiresAt - Date.now() < REFRESH_MARGIN_MS + AUTHORIZE_CACHE_MS + AUTHORIZE_STALE_MS
        )
          this.forget(teamId, entry);
        else entry.settled = true;
      },
      () => this.forget(teamId, entry),
    );
    return entry;
  }

  private async readAuthorization(teamId: string) {
    const installation = await this.o.installations.findActiveByTeam(teamId);
    if (!installation?.botToken) throw new Error(`No active installation for team ${teamId}`);
    const result: AuthorizeResult = {
      botToken: await this.freshToken(installation),
      botUserId: installation.botUserId,
      botId: installation.botId ?? undefined,
      teamId: installation.teamId,
    };
    return { result, installation };
  }
}
