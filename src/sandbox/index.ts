/**
 * The sandbox: a fake Slack (Web API, OAuth, rate limits, faults, stored messages and views) on a
 * real HTTP port. `startSandbox()` is the entry point; docs/sandbox.md describes behaviour,
 * numbers and the control API.
 */
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger';
import type { CallRecord, MethodCounters } from './calls';
import { createControlHandler } from './control';
import { SandboxUsageError } from './errors';
import type { FaultSpec } from './faults';
import { type MemberRecord, renderMember, renderProfile } from './members';
import { renderView } from './methods/views';
import type { RateLimit } from './rate-limits';
import { createSandboxServer } from './server';
import { type AppOptions, type IssuedToken, type SandboxApp, SandboxState } from './state';
import type { StoredMessage, Workspace, WorkspaceOptions, WorkspacePolicies } from './workspace';

export type { CallRecord, MethodCounters } from './calls';
export type { FaultKind, FaultSpec } from './faults';
export type { MemberRecord } from './members';
export type { RateLimit } from './rate-limits';
export type { AppOptions, IssuedToken, SandboxApp } from './state';
export { SandboxState } from './state';
export type { StoredMessage, WorkspaceOptions } from './workspace';

export type SandboxWorkspace = Workspace;

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Rate-limit time scale: 0.01 makes every window 100× shorter (Retry-After stays ≥ 1 s). */
  timeScale?: number;
  /** Per-method overrides, e.g. `{ 'users.list': { perMinute: 2 } }`; `chat.postMessage#workspace` is the workspace cap. */
  rateLimits?: Partial<Record<string, RateLimit>>;
  logger?: Logger;
  /** The URL others reach the sandbox at, if not `http://host:port` (behind a proxy, in Docker …). */
  publicUrl?: string;
  /** Clock for token expiry, OAuth codes and triggers (tests move time forward). Default Date.now. */
  now?: () => number;
  /** OAuth codes expire after this (default 600,000 ms). */
  codeTtlMs?: number;
  /** Trigger ids expire after this (default 3,000 ms). */
  triggerTtlMs?: number;
  /** conversations.invite user limit per call (default 100). */
  maxInviteUsers?: number;
  /** views.open/push accept well-formed trigger ids the sandbox did not issue (default false). */
  acceptUnknownTriggerIds?: boolean;
}

export interface MessageFilter {
  teamId?: string;
  /** A channel or DM id. */
  channel?: string;
  /** Messages in the DMs with this user, and ephemeral messages shown to them. */
  user?: string;
  /** Include ephemeral messages (default true). */
  ephemeral?: boolean;
}

export interface ChannelSummary {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  isArchived: boolean;
  topic: string;
  creator: string;
  members: string[];
  user?: string;
}

export interface Sandbox {
  url: string;
  apiUrl: string;
  authorizeUrl: string;
  /** The whole state, for anything the helpers below do not cover. */
  state: SandboxState;
  createApp(o: AppOptions): SandboxApp;
  createWorkspace(o?: WorkspaceOptions): SandboxWorkspace;
  /** Install without the browser; honours the workspace's `withholdScopes`. */
  installApp(teamId: string, clientId: string, scopes: string[], installerUserId?: string): IssuedToken;
  approveApp(teamId: string, clientId: string): void;
  workspace(teamId: string): SandboxWorkspace;
  setDefaultWorkspace(teamId: string): void;
  setWorkspacePolicy(
    teamId: string,
    p: Partial<Omit<WorkspacePolicies, 'withholdScopes'> & { withholdScopes: string[] }>,
  ): void;
  approvalRequests(teamId: string): Array<{ clientId: string; userId: string; at: number }>;
  addMember(teamId: string, patch?: Partial<MemberRecord>): MemberRecord;
  updateMember(teamId: string, userId: string, patch: Partial<MemberRecord>): MemberRecord;
  /** The member as Slack would show it to an app with every scope (email and custom fields). */
  memberJson(teamId: string, userId: string): Record<string, unknown>;
  revokeToken(token: string): void;
  uninstallApp(teamId: string, clientId: string): void;
  deactivateBot(teamId: string, clientId: string, deactivated?: boolean): void;
  setMessagesTab(teamId: string, clientId: string, enabled: boolean): void;
  messages(filter?: MessageFilter): StoredMessage[];
  channels(teamId: string): ChannelSummary[];
  homeView(teamId: string, userId: string): Record<string, unknown> | null;
  modals(teamId: string, userId: string): Array<Record<string, unknown>>;
  /** A trigger id for views.open/push, valid for `triggerTtlMs`, as an interaction would carry. */
  issueTriggerId(o: { teamId: string; userId: string; clientId?: string }): string;
  /** Makes a trigger id created elsewhere (e.g. by the driver for an interaction) valid for views.open/push. */
  registerTriggerId(triggerId: string, o: { teamId: string; userId: string; clientId?: string }): void;
  /** Closes a user's modal stack, or pops its top view (what the driver does after a view_submission). */
  closeModals(teamId: string, userId: string, clientId: string, o?: { top?: boolean }): void;
  calls(filter?: { method?: string; teamId?: string; since?: number }): CallRecord[];
  counters(): Record<string, MethodCounters>;
  resetCounters(): void;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  setRateLimits(overrides: Partial<Record<string, RateLimit>>): void;
  stop(): Promise<void>;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const state = new SandboxState({
    timeScale: opts.timeScale,
    rateLimits: opts.rateLimits,
    now: opts.now,
    codeTtlMs: opts.codeTtlMs,
    triggerTtlMs: opts.triggerTtlMs,
    maxInviteUsers: opts.maxInviteUsers,
    acceptUnknownTriggerIds: opts.acceptUnknownTriggerIds,
  });
  const host = opts.host ?? '127.0.0.1';
  let base = '';
  const sandbox: Sandbox = buildSandbox(state, () => base);
  const server = createSandboxServer({
    state,
    control: createControlHandler(sandbox),
    baseUrl: () => base,
    logger: opts.logger,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  base = (opts.publicUrl ?? `http://${host}:${port}`).replace(/\/$/, '');
  sandbox.url = base;
  sandbox.apiUrl = `${base}/api/`;
  sandbox.authorizeUrl = `${base}/oauth/v2/authorize`;
  sandbox.stop = () =>
    new Promise<void>((resolve, reject) => {
      server.close((e) => (e ? reject(e) : resolve()));
      server.closeAllConnections();
    });
  opts.logger?.info({ url: base }, 'sandbox listening');
  return sandbox;
}

function buildSandbox(state: SandboxState, base: () => string): Sandbox {
  const appId = (clientId: string) => state.app(clientId).appId;
  return {
    url: base(),
    apiUrl: '',
    authorizeUrl: '',
    state,
    createApp: (o) => state.createApp(o),
    createWorkspace: (o) => state.createWorkspace(o),
    installApp: (t, c, s, u) => state.installApp(t, c, s, u),
    approveApp: (t, c) => state.approveApp(t, c),
    workspace: (t) => state.workspace(t),
    setDefaultWorkspace(t) {
      state.workspace(t);
      state.defaultTeamId = t;
    },
    setWorkspacePolicy(t, p) {
      const ws = state.workspace(t);
      const { withholdScopes, ...rest } = p;
      Object.assign(ws.policies, rest);
      if (withholdScopes) ws.policies.withholdScopes = new Set(withholdScopes);
    },
    approvalRequests: (t) => [...state.workspace(t).approvalRequests],
    addMember: (t, p) => state.workspace(t).addMember(p),
    updateMember: (t, u, p) => state.workspace(t).updateMember(u, p),
    memberJson(t, u) {
      const m = state.workspace(t).member(u);
      if (!m) throw new SandboxUsageError(`no member ${u}`, 404);
      const out = renderMember(m, { includeEmail: true });
      out.profile = { ...renderProfile(m, { includeEmail: true, includeFields: true }) };
      return out;
    },
    revokeToken: (tok) => state.revokeToken(tok),
    uninstallApp: (t, c) => state.revokeInstall(t, c),
    deactivateBot: (t, c, d = true) => state.deactivateBot(t, c, d),
    setMessagesTab: (t, c, e) => state.setMessagesTab(t, c, e),
    messages(f = {}) {
      const out: StoredMessage[] = [];
      for (const ws of state.workspaces.values()) {
        if (f.teamId && ws.id !== f.teamId) continue;
        for (const c of ws.channels.values()) {
          if (f.channel && c.id !== f.channel) continue;
          for (const m of c.messages) {
            if (m.ephemeralTo && f.ephemeral === false) continue;
            if (f.user && !(m.ephemeralTo === f.user || (c.isIm && c.user === f.user && !m.ephemeralTo)))
              continue;
            out.push(m);
          }
        }
      }
      return out.sort((a, b) => a.postedAt - b.postedAt || a.ts.localeCompare(b.ts));
    },
    channels(t) {
      const ws = state.workspace(t);
      return [...ws.channels.values()].map((c) => ({
        id: c.id,
        name: c.name,
        isPrivate: c.isPrivate,
        isIm: c.isIm,
        isArchived: c.isArchived,
        topic: c.topic.value,
        creator: c.creator,
        members: ws.channelMembers(c),
        ...(c.user ? { user: c.user } : {}),
      }));
    },
    homeView(t, u) {
      const v = state.views.homesOf(t, u)[0];
      return v ? renderView(v) : null;
    },
    modals: (t, u) => state.views.modalsOf(t, u).map(renderView),
    issueTriggerId: (o) =>
      state.views.issueTrigger({
        teamId: o.teamId,
        userId: o.userId,
        appId: o.clientId ? appId(o.clientId) : undefined,
        expiresAt: state.now() + state.triggerTtlMs,
      }),
    registerTriggerId: (id, o) =>
      state.views.registerTrigger(id, {
        teamId: o.teamId,
        userId: o.userId,
        appId: o.clientId ? appId(o.clientId) : undefined,
        expiresAt: state.now() + state.triggerTtlMs,
      }),
    closeModals(t, u, c, o = {}) {
      if (o.top) state.views.popModal(t, appId(c), u);
      else state.views.closeModals(t, appId(c), u);
    },
    calls: (f) => state.calls.calls(f),
    counters: () => state.calls.allCounters(),
    resetCounters: () => state.calls.reset(),
    injectFault: (s) => state.faults.inject(s),
    clearFaults: () => state.faults.clear(),
    setRateLimits: (o) => state.limiter.setLimits(o),
    stop: async () => {},
  };
}
