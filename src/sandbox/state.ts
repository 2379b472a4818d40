/**
 * Everything the fake Slack knows: apps, workspaces, installs and their tokens, OAuth codes, the
 * call log, injected faults, rate-limit buckets and views. No HTTP here; server.ts and the
 * in-process API (index.ts) both drive this object.
 */
import { randomBytes } from 'node:crypto';
import { CallLog } from './calls';
import { SandboxUsageError } from './errors';
import { FaultInjector } from './faults';
import { hash32, slackId } from './ids';
import { makeBot } from './members';
import type { RateLimit } from './rate-limits';
import { RateLimiter } from './rate-limits';
import { KNOWN_SCOPES } from './scopes';
import { ViewStore } from './views-store';
import { Workspace, type WorkspaceOptions } from './workspace';

export interface AppOptions {
  clientId?: string;
  clientSecret?: string;
  signingSecret?: string;
  name?: string;
  redirectUris: string[];
  /** Token rotation on: tokens are `xoxe.xoxb-…`, expire after `tokenExpiresIn` s, and come with a refresh token. */
  tokenRotation?: boolean;
  tokenExpiresIn?: number;
  /** Where the driver sends events / commands / interactions for this app. */
  eventsUrl?: string;
  /**
   * Socket Mode on: events, commands and interactions go over the app's WebSocket (socket-mode.ts)
   * instead of `eventsUrl`, as Slack does for an app with `socket_mode_enabled`.
   */
  socketMode?: boolean;
}

export interface SandboxApp {
  appId: string;
  clientId: string;
  clientSecret: string;
  signingSecret: string;
  name: string;
  redirectUris: string[];
  tokenRotation: boolean;
  tokenExpiresIn: number;
  eventsUrl?: string;
  socketMode: boolean;
}

export interface Install {
  teamId: string;
  appId: string;
  clientId: string;
  scopes: Set<string>;
  botUserId: string;
  botId: string;
  installerUserId: string;
  /** The app's Messages tab for this workspace; off → DMs answer `messages_tab_disabled`. */
  messagesTab: boolean;
  installedAt: number;
  /** The current non-rotating bot token (reinstalls hand it out again). */
  botToken?: string;
  refreshToken?: string;
}

export interface TokenRecord {
  teamId: string;
  appId: string;
  expiresAt: number | null;
  revoked: boolean;
}

export interface IssuedToken {
  accessToken: string;
  botUserId: string;
  refreshToken?: string;
  expiresIn?: number;
  scopes: string[];
}

export interface OAuthCode {
  clientId: string;
  teamId: string;
  userId: string;
  scopes: string[];
  redirectUri: string;
  expiresAt: number;
  used: boolean;
}

export interface StateOptions {
  timeScale?: number;
  rateLimits?: Partial<Record<string, RateLimit>>;
  /** Clock for token expiry, codes and triggers (default Date.now). */
  now?: () => number;
  /** OAuth codes live this long (default 10 minutes, like Slack's). */
  codeTtlMs?: number;
  /** Trigger ids live this long (default 3 s, like Slack's). */
  triggerTtlMs?: number;
  /** conversations.invite refuses more users than this in one call (default 100, Slack's documented limit). */
  maxInviteUsers?: number;
  /** views.open/push accept well-formed trigger ids the sandbox did not issue (default false). */
  acceptUnknownTriggerIds?: boolean;
}

export class SandboxState {
  readonly apps = new Map<string, SandboxApp>();
  readonly workspaces = new Map<string, Workspace>();
  readonly installs = new Map<string, Install>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly refreshTokens = new Map<string, string>();
  readonly codes = new Map<string, OAuthCode>();
  /** App-level tokens (`xapp-…`, Socket Mode's `connections:write`) → the app they belong to. */
  readonly appTokens = new Map<string, { appId: string; revoked: boolean }>();
  /** One-time Socket Mode tickets apps.connections.open hands out, valid for `ticketTtlMs`. */
  readonly socketTickets = new Map<string, { appId: string; expiresAt: number }>();
  readonly calls = new CallLog();
  readonly faults = new FaultInjector();
  readonly limiter: RateLimiter;
  readonly views: ViewStore;
  readonly now: () => number;
  readonly codeTtlMs: number;
  readonly triggerTtlMs: number;
  readonly maxInviteUsers: number;
  readonly acceptUnknownTriggerIds: boolean;
  defaultTeamId: string | null = null;
  /** Sequences for app and workspace ids; snapshot.ts keeps and restores them. */
  appSeq = 0;
  teamSeq = 0;
  private tsSeq = 0;
  private lastTsSecond = 0;

  constructor(o: StateOptions = {}) {
    this.now = o.now ?? Date.now;
    this.limiter = new RateLimiter(o.rateLimits, o.timeScale ?? 1, this.now);
    this.views = new ViewStore(this.now);
    this.codeTtlMs = o.codeTtlMs ?? 600_000;
    this.triggerTtlMs = o.triggerTtlMs ?? 3_000;
    this.maxInviteUsers = o.maxInviteUsers ?? 100;
    this.acceptUnknownTriggerIds = o.acceptUnknownTriggerIds ?? false;
  }

  createApp(o: AppOptions): SandboxApp {
    const n = ++this.appSeq;
    if (!o.redirectUris || o.redirectUris.length === 0)
      throw new SandboxUsageError('an app needs redirectUris');
    const app: SandboxApp = {
      appId: slackId('A', 900 + n, 1),
      clientId:
        o.clientId ?? `${1_000_000_000 + n}.${1_000_000_000 + (hash32(`client${n}`) % 1_000_000_000)}`,
      clientSecret: o.clientSecret ?? randomBytes(16).toString('hex'),
      signingSecret: o.signingSecret ?? randomBytes(16).toString('hex'),
      name: o.name ?? 'PlusPlus',
      redirectUris: [...o.redirectUris],
      tokenRotation: o.tokenRotation ?? false,
      tokenExpiresIn: o.tokenExpiresIn ?? 43_200,
      eventsUrl: o.eventsUrl,
      socketMode: o.socketMode ?? false,
    };
    if (this.apps.has(app.clientId)) throw new SandboxUsageError(`app ${app.clientId} exists`, 409);
    this.apps.set(app.clientId, app);
    return app;
  }

  app(clientId: string): SandboxApp {
    const a = this.apps.get(clientId);
    if (!a) throw new SandboxUsageError(`no app with client id ${clientId}`, 404);
    return a;
  }

  appById(appId: string): SandboxApp | undefined {
    for (const a of this.apps.values()) if (a.appId === appId) return a;
    return undefined;
  }

  createWorkspace(o: WorkspaceOptions = {}): Workspace {
    const ws = new Workspace(++this.teamSeq, o, this.now());
    if (this.workspaces.has(ws.id)) throw new SandboxUsageError(`workspace ${ws.id} exists`, 409);
    this.workspaces.set(ws.id, ws);
    if (!this.defaultTeamId) this.defaultTeamId = ws.id;
    return ws;
  }

  workspace(teamId: string): Workspace {
    const ws = this.workspaces.get(teamId);
    if (!ws) throw new SandboxUsageError(`no workspace ${teamId}`, 404);
    return ws;
  }

  install(teamId: string, clientId: string): Install | undefined {
    const app = this.apps.get(clientId);
    return app ? this.installs.get(`${teamId}:${app.appId}`) : undefined;
  }

  installByAppId(teamId: string, appId: string): Install | undefined {
    return this.installs.get(`${teamId}:${appId}`);
  }

  /** The scopes an install into this workspace would get: requested minus withheld ones. */
  grantable(ws: Workspace, scopes: string[]): string[] {
    return [...new Set(scopes)].filter((s) => !ws.policies.withholdScopes.has(s));
  }

  /**
   * Installs (or reinstalls) an app: creates the bot user on first install, grants scopes (added to
   * what an earlier install granted, as Slack does) and issues a bot token. Without token rotation a
   * reinstall hands back the same, still valid token.
   */
  installApp(teamId: string, clientId: string, scopes: string[], installerUserId?: string): IssuedToken {
    const ws = this.workspace(teamId);
    const app = this.app(clientId);
    const unknown = scopes.filter((s) => !KNOWN_SCOPES.has(s));
    if (unknown.length) throw new SandboxUsageError(`unknown scopes: ${unknown.join(', ')}`);
    const granted = this.grantable(ws, scopes);
    const installer = installerUserId ?? ws.members[1].id;
    let inst = this.installs.get(`${teamId}:${app.appId}`);
    if (!inst) {
      const bot = ws.addMember({
        name: app.name.toLowerCase().replace(/[^a-z0-9_-]/g, ''),
        firstName: '',
        lastName: '',
      });
      makeBot(bot, ws.nextId('B'), app.appId);
      bot.realName = app.name;
      bot.displayName = app.name;
      inst = {
        teamId,
        appId: app.appId,
        clientId,
        scopes: new Set(),
        botUserId: bot.id,
        botId: bot.botId!,
        installerUserId: installer,
        messagesTab: true,
        installedAt: this.now(),
      };
      this.installs.set(`${teamId}:${app.appId}`, inst);
    } else {
      inst.installerUserId = installer;
      const bot = ws.member(inst.botUserId);
      if (bot?.deleted) bot.deleted = false;
    }
    for (const s of granted) inst.scopes.add(s);
    return this.issueToken(inst, app);
  }

  private issueToken(inst: Install, app: SandboxApp): IssuedToken {
    const ws = this.workspace(inst.teamId);
    const scopes = [...inst.scopes];
    const teamNum = ws.namespace;
    if (!app.tokenRotation) {
      const current = inst.botToken ? this.tokens.get(inst.botToken) : undefined;
      if (!inst.botToken || !current || current.revoked) {
        inst.botToken = `xoxb-${teamNum}${hash32(inst.teamId)}-${hash32(inst.botUserId)}-${randomBytes(12).toString('hex')}`;
        this.tokens.set(inst.botToken, {
          teamId: inst.teamId,
          appId: app.appId,
          expiresAt: null,
          revoked: false,
        });
      }
      return { accessToken: inst.botToken, botUserId: inst.botUserId, scopes };
    }
    if (!inst.refreshToken) {
      inst.refreshToken = `xoxe-1-${randomBytes(30).toString('hex')}`;
      this.refreshTokens.set(inst.refreshToken, `${inst.teamId}:${app.appId}`);
    }
    return { ...this.rotatedAccessToken(inst, app), refreshToken: inst.refreshToken };
  }

  /** A fresh expiring access token (older ones stay valid until their own expiry, as in Slack). */
  rotatedAccessToken(inst: Install, app: SandboxApp): IssuedToken {
    const token = `xoxe.xoxb-1-${randomBytes(40).toString('base64url')}`;
    this.tokens.set(token, {
      teamId: inst.teamId,
      appId: app.appId,
      expiresAt: this.now() + app.tokenExpiresIn * 1000,
      revoked: false,
    });
    return {
      accessToken: token,
      botUserId: inst.botUserId,
      expiresIn: app.tokenExpiresIn,
      scopes: [...inst.scopes],
    };
  }

  /**
   * An app-level token with `connections:write` (what "Basic Information → App-Level Tokens" on
   * api.slack.com gives): it opens Socket Mode connections for the app and calls nothing else.
   */
  issueAppToken(clientId: string): string {
    const app = this.app(clientId);
    const token = `xapp-1-${app.appId}-${Math.floor(this.now() / 1000)}-${randomBytes(32).toString('hex')}`;
    this.appTokens.set(token, { appId: app.appId, revoked: false });
    return token;
  }

  approveApp(teamId: string, clientId: string): void {
    this.app(clientId);
    this.workspace(teamId).approvedApps.add(clientId);
  }

  revokeToken(token: string): void {
    const appToken = this.appTokens.get(token);
    if (appToken) {
      appToken.revoked = true;
      return;
    }
    const t = this.tokens.get(token);
    if (!t) throw new SandboxUsageError('no such token', 404);
    t.revoked = true;
  }

  /** Revokes every token of an install (what uninstalling the app does). */
  revokeInstall(teamId: string, clientId: string): void {
    const inst = this.install(teamId, clientId);
    if (!inst) throw new SandboxUsageError(`app ${clientId} is not installed in ${teamId}`, 404);
    for (const t of this.tokens.values()) if (t.teamId === teamId && t.appId === inst.appId) t.revoked = true;
    if (inst.refreshToken) this.refreshTokens.delete(inst.refreshToken);
    inst.refreshToken = undefined;
  }

  /** Deactivates the app's bot user: its tokens answer `account_inactive`. */
  deactivateBot(teamId: string, clientId: string, deactivated = true): void {
    const inst = this.install(teamId, clientId);
    if (!inst) throw new SandboxUsageError(`app ${clientId} is not installed in ${teamId}`, 404);
    this.workspace(teamId).updateMember(inst.botUserId, { deleted: deactivated });
  }

  setMessagesTab(teamId: string, clientId: string, enabled: boolean): void {
    const inst = this.install(teamId, clientId);
    if (!inst) throw new SandboxUsageError(`app ${clientId} is not installed in ${teamId}`, 404);
    inst.messagesTab = enabled;
  }

  /** A unique message timestamp, `seconds.micros`, increasing. */
  nextTs(): string {
    const sec = Math.floor(this.now() / 1000);
    if (sec !== this.lastTsSecond) {
      this.lastTsSecond = sec;
      this.tsSeq = 0;
    }
    this.tsSeq++;
    return `${sec}.${String(this.tsSeq).padStart(6, '0')}`;
  }
}
