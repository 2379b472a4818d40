/**
 * The sandbox: a fake Slack (Web API, OAuth, rate limits, faults, stored messages and views) on a
 * real HTTP port. `startSandbox()` is the entry point; docs/sandbox.md describes behaviour,
 * numbers and the control API.
 */
import type { AddressInfo } from 'node:net';
import type { Logger } from '../platform/logger';
import { appDriver } from './app-driver';
import { createControlHandler } from './control';
import { SandboxUsageError } from './errors';
import { renderMember, renderProfile } from './members';
import { renderView } from './methods/views';
import type { RateLimit } from './rate-limits';
import type { Sandbox } from './sandbox-api';
import { createSandboxServer } from './server';
import { SocketModeHub, type SocketModeOptions } from './socket-mode';
import { SandboxState } from './state';
import type { StoredMessage } from './workspace';

export type { CallRecord, MethodCounters } from './calls';
export type { DriverResponse } from './driver';
export type { FaultKind, FaultSpec } from './faults';
export type { MemberRecord } from './members';
export type { RateLimit } from './rate-limits';
export type { ChannelSummary, MessageFilter, Sandbox, SandboxWorkspace } from './sandbox-api';
export type {
  DisconnectReason,
  SocketAck,
  SocketDelivery,
  SocketFrame,
  SocketModeOptions,
} from './socket-mode';
export { SocketModeHub } from './socket-mode';
export type { AppOptions, IssuedToken, SandboxApp } from './state';
export { SandboxState } from './state';
export type { StoredMessage, WorkspaceOptions } from './workspace';

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
  /** Called after every request that may have changed the state (sandbox mode keeps a snapshot). */
  onChange?: () => void;
  /** Socket Mode timings: ack window, reconnect wait, pings (socket-mode.ts). */
  socketMode?: SocketModeOptions;
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
  const hub = new SocketModeHub(state, opts.socketMode);
  const sandbox: Sandbox = buildSandbox(state, hub, () => base);
  const server = createSandboxServer({
    state,
    control: createControlHandler(sandbox),
    baseUrl: () => base,
    logger: opts.logger,
    onChange: opts.onChange,
    driverFor: (clientId) => appDriver(state, hub, clientId),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  hub.attach(server);
  const port = (server.address() as AddressInfo).port;
  base = (opts.publicUrl ?? `http://${host}:${port}`).replace(/\/$/, '');
  sandbox.url = base;
  sandbox.apiUrl = `${base}/api/`;
  sandbox.authorizeUrl = `${base}/oauth/v2/authorize`;
  sandbox.stop = () =>
    new Promise<void>((resolve, reject) => {
      hub.close();
      server.close((e) => (e ? reject(e) : resolve()));
      server.closeAllConnections();
    });
  opts.logger?.info({ url: base }, 'sandbox listening');
  return sandbox;
}

function buildSandbox(state: SandboxState, hub: SocketModeHub, base: () => string): Sandbox {
  const appId = (clientId: string) => state.app(clientId).appId;
  return {
    socketMode: hub,
    issueAppToken: (c) => state.issueAppToken(c),
    disconnectSockets: (c, reason) => hub.disconnect(appId(c), reason),
    dropSockets: (c) => hub.drop(appId(c)),
    driverFor: (c, o) => appDriver(state, hub, c, o),
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
