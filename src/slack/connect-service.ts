import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authorize, AuthorizeResult } from '@slack/bolt';
import {
  type CodedError,
  type Installation,
  InstallProvider,
  type InstallURLOptions,
  ErrorCode as OAuthErrorCode,
} from '@slack/oauth';
import type { Logger as SlackLogger } from '@slack/web-api';
import type { DataSource } from 'typeorm';
import { connectedPage, connectFailedPage, connectStartsInPlusPlusPage } from '../../views/oauth-pages';
import { installerWelcomeMessage } from '../../views/welcome';
import type { Logger } from '../logger';
import type { ConnectTicketsRepository } from '../persistence/repositories/connect-tickets-repository';
import {
  InvalidOAuthStateError,
  type PostgresStateStore,
} from '../persistence/repositories/postgres-state-store';
import type { TenantsRepository } from '../persistence/repositories/tenants-repository';
import {
  parseInstallMetadata,
  type StoredInstallation,
  type TenantInstallationStore,
} from './installation-store';
import { REQUIRED_BOT_SCOPES, scopeHealth } from './scopes';
import { INSTALLATION_ERRORS, slackErrorCode, type WebClientFactory } from './web-client';

/** Refresh a rotating token when it has less than this left. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** How long Bolt's authorize answer for a team is reused in this process. */
const AUTHORIZE_CACHE_MS = 5_000;
export const STATE_COOKIE = 'slack-app-oauth-state';

export interface ConnectServiceOptions {
  dataSource: DataSource;
  publicUrl: string;
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  slackApiUrl: string;
  installations: TenantInstallationStore;
  states: PostgresStateStore;
  tickets: ConnectTicketsRepository;
  tenants: TenantsRepository;
  webClient: WebClientFactory;
  logger: Logger;
  slackLogger: SlackLogger;
}

export interface ConnectionStatus {
  connected: boolean;
  team: { id: string; name: string | null } | null;
  installed_at: string | null;
  installed_by: string | null;
  scopes: { required: string[]; granted: string[]; missing: string[] };
  reconnect_required: boolean;
  pending_connect: { started_at: string } | null;
  revoked: { at: string; reason: string } | null;
  message?: string;
  settings: {
    notifications_enabled: boolean;
    plusplus_user_attribute: string;
    slack_user_attribute: string;
  };
}

/** Revocations that Slack did to us (as opposed to a replacement by another Connect). */
const REVOKED_BY_SLACK = new Set(['app_uninstalled', 'tokens_revoked', ...INSTALLATION_ERRORS]);

function withQuery(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

function redirect(res: ServerResponse, location: string): void {
  res.statusCode = 302;
  res.setHeader('Location', location);
  res.end();
}

function html(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(body);
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/**
 * Connecting a workspace to a tenant (design §4, issue "Connect a workspace"): one-time Connect
 * links, @slack/oauth's InstallProvider with our PostgreSQL state and installation stores, the
 * admin-approval case, scope health, revocation and token rotation.
 */
export class ConnectService {
  readonly installer: InstallProvider;
  private readonly redirectUri: string;
  /** Called after every successful install (the composition root starts the directory sync). */
  onConnected: (tenantId: string) => void = () => {};

  constructor(private readonly o: ConnectServiceOptions) {
    this.redirectUri = `${o.publicUrl}/slack/oauth_redirect`;
    this.installer = new InstallProvider({
      clientId: o.clientId,
      clientSecret: o.clientSecret,
      stateStore: o.states,
      installationStore: o.installations,
      authorizationUrl: o.authorizeUrl,
      // Straight to Slack: the Connect button in PlusPlus is the landing page.
      directInstall: true,
      stateCookieName: STATE_COOKIE,
      logger: o.slackLogger,
      clientOptions: { slackApiUrl: o.slackApiUrl, retryConfig: { retries: 0 } },
    });
  }

  /** POST /slack/connect */
  async createConnectLink(tenantId: string, returnUrl: string | null) {
    const { ticket, expiresAt } = await this.o.tickets.create(tenantId, returnUrl);
    return {
      authorize_url: `${this.o.publicUrl}/slack/install?ticket=${ticket}`,
      expires_at: expiresAt.toISOString(),
    };
  }

  /** GET /slack/install?ticket=… */
  async handleInstall(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ticket = new URL(req.url ?? '/', 'http://x').searchParams.get('ticket');
    if (!ticket) return html(res, 400, connectStartsInPlusPlusPage());
    const use = await this.o.tickets.use(ticket);
    if (!use.ok) {
      this.o.logger.warn({ reason: use.reason, tenantId: use.ticket?.tenantId }, 'connect link refused');
      return this.fail(res, use.reason, use.ticket?.returnUrl ?? null);
    }
    const installOptions: InstallURLOptions = {
      scopes: [...REQUIRED_BOT_SCOPES],
      redirectUri: this.redirectUri,
      metadata: JSON.stringify({ tenantId: use.ticket.tenantId, ticketId: use.ticket.id }),
    };
    this.o.logger.info({ tenantId: use.ticket.tenantId }, 'connect started: sending the browser to Slack');
    await this.installer.handleInstallPath(req, res, undefined, installOptions);
  }

  /** GET /slack/oauth_redirect */
  async handleCallback(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const state = new URL(req.url ?? '/', 'http://x').searchParams.get('state') ?? '';
    // @slack/oauth throws on error=access_denied before it reads the state, so its failure handler
    // gets no install options: find the tenant and return URL in our own state store.
    const known = await this.o.states.lookup(state);
    const ticket = known?.ticketId ? await this.o.tickets.get(known.ticketId) : null;
    await this.installer.handleCallback(req, res, {
      successAsync: async (installation: Installation) => {
        if (installation.team?.id) this.forgetAuthorization(installation.team.id);
        const { tenantId, ticketId } = parseInstallMetadata(installation.metadata);
        await this.o.tickets.finish(ticketId, 'connected');
        this.o.logger.info({ tenantId, teamId: installation.team?.id }, 'workspace connected');
        this.onConnected(tenantId);
        const returnUrl = (await this.o.tickets.get(ticketId))?.returnUrl;
        if (returnUrl) return redirect(res, withQuery(returnUrl, { slack: 'connected' }));
        html(res, 200, connectedPage(installation.team?.name ?? installation.team?.id ?? 'Slack'));
      },
      failureAsync: async (error: CodedError) => {
        const reason = this.failureReason(error, req, state);
        this.o.logger.warn({ reason, tenantId: known?.tenantId }, 'connect failed');
        if (ticket) await this.o.tickets.finish(ticket.id, reason);
        this.fail(res, reason, ticket?.returnUrl ?? null);
      },
    });
  }

  private failureReason(error: CodedError, req: IncomingMessage, state: string): string {
    const cause = (error as { cause?: unknown }).cause ?? error;
    if (cause instanceof InvalidOAuthStateError) return cause.reason;
    const slackCode = slackErrorCode(cause);
    if (slackCode) return slackCode;
    const own = (cause as { code?: string }).code;
    if (own === 'team_already_connected') return own;
    switch (error.code) {
      case OAuthErrorCode.AuthorizationError:
        return 'access_denied';
      case OAuthErrorCode.MissingStateError:
        return 'missing_state';
      case OAuthErrorCode.MissingCodeError:
        return 'missing_code';
      case OAuthErrorCode.InvalidStateError: {
        const cookie = cookieValue(req, STATE_COOKIE);
        if (!cookie) return 'missing_state_cookie';
        return cookie !== state ? 'state_mismatch' : 'unknown_state';
      }
      default:
        return 'connect_failed';
    }
  }

  private fail(res: ServerResponse, reason: string, returnUrl: string | null): void {
    if (returnUrl) redirect(res, withQuery(returnUrl, { slack: 'error', reason }));
    else html(res, 400, connectFailedPage(reason));
  }

  /** GET /slack */
  async status(tenantId: string): Promise<ConnectionStatus> {
    let installation = await this.o.installations.findByTenant(tenantId);
    if (installation && !installation.revokedAt) installation = await this.checkToken(installation);
    const settings = await this.o.tenants.settings(tenantId);
    const pending = await this.o.tickets.pending(tenantId);
    const connected = Boolean(installation && !installation.revokedAt);
    const health = scopeHealth(connected ? installation!.grantedScopes : []);
    const revokedBySlack = Boolean(
      installation?.revokedAt && REVOKED_BY_SLACK.has(installation.revokedReason ?? ''),
    );
    const pendingConnect =
      pending && (!connected || pending.usedAt! > installation!.installedAt)
        ? { started_at: pending.usedAt!.toISOString() }
        : null;
    const status: ConnectionStatus = {
      connected,
      team: installation ? { id: installation.teamId, name: installation.teamName } : null,
      installed_at: installation?.installedAt.toISOString() ?? null,
      installed_by: installation?.installerUserId ?? null,
      scopes: {
        required: health.required,
        granted: health.granted,
        missing: connected ? health.missing : [],
      },
      reconnect_required: connected ? health.reconnectRequired : revokedBySlack,
      pending_connect: pendingConnect,
      revoked:
        installation?.revokedAt && !connected
          ? { at: installation.revokedAt.toISOString(), reason: installation.revokedReason ?? 'unknown' }
          : null,
      settings: {
        notifications_enabled: settings.notificationsEnabled,
        plusplus_user_attribute: settings.plusplusUserAttribute,
        slack_user_attribute: settings.slackUserAttribute,
      },
    };
    const message = this.explain(status);
    if (message) status.message = message;
    return status;
  }

  private explain(s: ConnectionStatus): string | undefined {
    if (s.pending_connect) {
      return (
        `Connect was started at ${s.pending_connect.started_at}, but Slack did not send the browser back. ` +
        'The workspace probably requires admin approval for apps: a Slack admin approves PlusPlus at ' +
        'https://<your-workspace>.slack.com/apps/manage (Manage apps > Requests). Once it is approved, ' +
        'click Connect again in PlusPlus (System Settings > Integrations > Slack) to finish.'
      );
    }
    if (s.connected && s.reconnect_required) {
      return `PlusPlus lacks the Slack permissions ${s.scopes.missing.join(', ')}. Click Connect again to grant them; settings and linked accounts are kept.`;
    }
    if (!s.connected && s.revoked && s.reconnect_required) {
      return `Slack stopped accepting PlusPlus's token (${s.revoked.reason}) at ${s.revoked.at}. Click Connect to reconnect; settings and linked accounts are kept.`;
    }
    if (!s.connected && !s.team) return 'Slack is not connected. Click Connect to start.';
    return undefined;
  }

  /** auth.test with the stored token: refreshes granted scopes and notices a dead token at once. */
  private async checkToken(installation: StoredInstallation): Promise<StoredInstallation> {
    try {
      const token = await this.freshToken(installation);
      const answer = await this.o.webClient(token).auth.test();
      const scopes = answer.response_metadata?.scopes;
      if (scopes && scopes.join(',') !== [...installation.grantedScopes].sort().join(',')) {
        await this.o.installations.updateScopes(installation.teamId, scopes);
        return { ...installation, grantedScopes: [...scopes].sort() };
      }
    } catch (error) {
      if (await this.reportSlackError(installation.teamId, error)) {
        return (await this.o.installations.findByTenant(installation.tenantId)) ?? installation;
      }
      this.o.logger.warn(
        { teamId: installation.teamId, err: slackErrorCode(error) ?? String(error) },
        'token check failed',
      );
    }
    return installation;
  }

  /** Any Web API error: if it says the installation is gone, mark it revoked. Returns whether it did. */
  async reportSlackError(teamId: string, error: unknown): Promise<boolean> {
    const code = slackErrorCode(error);
    if (!code || !INSTALLATION_ERRORS.has(code)) return false;
    this.forgetAuthorization(teamId);
    const changed = await this.o.installations.markRevoked(teamId, code);
    this.forgetAuthorization(teamId);
    if (changed) this.o.logger.warn({ teamId, code }, 'installation revoked: Slack refused its token');
    return true;
  }

  /** Scopes seen in an x-oauth-scopes header. */
  async observeScopes(teamId: string, scopes: string[] | undefined): Promise<void> {
    if (scopes && scopes.length > 0) await this.o.installations.updateScopes(teamId, scopes);
  }

  /** `app_uninstalled` (idempotent; in either order with tokens_revoked). */
  async onAppUninstalled(teamId: string): Promise<void> {
    this.forgetAuthorization(teamId);
    const changed = await this.o.installations.markRevoked(teamId, 'app_uninstalled');
    this.forgetAuthorization(teamId);
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
    this.forgetAuthorization(teamId);
    if (changed) {
      this.o.logger.info(
        { teamId },
        'bot token revoked: installation revoked, tokens and member-list copy erased',
      );
    }
  }

  /** After an install: one DM with next steps to the installer only (design §5). */
  async welcomeInstaller(tenantId: string): Promise<void> {
    const connection = await this.botTokenForTenant(tenantId);
    const installer = connection?.installation.installerUserId;
    if (!connection || !installer) return;
    const message = installerWelcomeMessage(connection.installation.teamName);
    try {
      await this.o.webClient(connection.token).chat.postMessage({
        channel: installer,
        text: message.text,
        // biome-ignore lint/suspicious/noExplicitAny: Block Kit built by views/welcome.ts
        blocks: message.blocks as any,
        unfurl_links: false,
        unfurl_media: false,
      });
    } catch (error) {
      await this.reportSlackError(connection.installation.teamId, error);
      this.o.logger.warn(
        { tenantId, err: slackErrorCode(error) ?? String(error) },
        'installer welcome not sent',
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
    if (installation) this.forgetAuthorization(installation.teamId);
    this.o.logger.info({ tenantId }, 'disconnected');
  }

  /** The bot token of a tenant's active installation, refreshed if it rotates; null if not connected. */
  async botTokenForTenant(
    tenantId: string,
  ): Promise<{ token: string; installation: StoredInstallation } | null> {
    const installation = await this.o.installations.findByTenant(tenantId);
    if (!installation || installation.revokedAt || !installation.botToken) return null;
    return { token: await this.freshToken(installation), installation };
  }

  /**
   * Bolt's authorize: the bot token of the workspace the request came from. Bolt asks before every
   * listener, so before every ack: answers are kept for AUTHORIZE_CACHE_MS (one read per team, not
   * one per request, and concurrent requests share it), and forgotten whenever this process
   * changes an installation. Another process's revocation shows here within that time at most,
   * and a call with the old token meanwhile is refused by Slack and reported as usual.
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

  private readonly authorizations = new Map<
    string,
    { until: number; read: Promise<{ result: AuthorizeResult; installation: StoredInstallation }> }
  >();

  private cachedRead(teamId: string) {
    const cached = this.authorizations.get(teamId);
    if (cached && cached.until > Date.now()) return cached.read;
    const read = this.readAuthorization(teamId);
    const entry = { until: Date.now() + AUTHORIZE_CACHE_MS, read };
    this.authorizations.set(teamId, entry);
    read.then(
      ({ installation }) => {
        // A token about to be refreshed is not kept: the next request refreshes it.
        const expiresAt = installation.botTokenExpiresAt?.getTime();
        if (expiresAt !== undefined && expiresAt - Date.now() < REFRESH_MARGIN_MS + AUTHORIZE_CACHE_MS)
          this.forgetAuthorization(teamId, entry);
      },
      () => this.forgetAuthorization(teamId, entry),
    );
    return read;
  }

  private forgetAuthorization(teamId: string, entry?: unknown): void {
    if (entry === undefined || this.authorizations.get(teamId) === entry) this.authorizations.delete(teamId);
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

  /**
   * Token rotation: refresh shortly before expiry, serialized across processes with an advisory
   * lock, re-reading after the lock so only one process calls Slack and the others use its result.
   */
  private async freshToken(installation: StoredInstallation): Promise<string> {
    const expiresAt = installation.botTokenExpiresAt?.getTime();
    if (!expiresAt || expiresAt - Date.now() > REFRESH_MARGIN_MS || !installation.botRefreshToken) {
      return installation.botToken!;
    }
    return this.o.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext(current_schema() || $1))', [
        `:slack-token-refresh:${installation.teamId}`,
      ]);
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
      this.forgetAuthorization(installation.teamId);
      this.o.logger.info({ teamId: installation.teamId }, 'bot token refreshed');
      return answer.access_token;
    });
  }
}
