/**
 * The sandbox's state as JSON, so `npm start` in sandbox mode can keep its fake Slack across a
 * restart (src/sandbox-mode.ts writes it to DATA_DIR): apps, workspaces with their members,
 * channels and messages, installs and their tokens (so the bot token the app stored still works),
 * and the published Home tabs. Not kept: OAuth codes, trigger ids and open modals (all short-lived
 * in Slack too), the call log, faults and rate-limit buckets.
 *
 * Bounded: each channel keeps its last MAX_MESSAGES_PER_CHANNEL messages. Tests never write one
 * unless they ask (only sandbox mode's process does).
 */
import type { MemberRecord } from './members';
import type { Install, SandboxApp, SandboxState, TokenRecord } from './state';
import type { StoredView } from './views-store';
import { type Channel, type StoredMessage, Workspace, type WorkspacePolicies } from './workspace';

export const SNAPSHOT_VERSION = 1;
export const MAX_MESSAGES_PER_CHANNEL = 200;

type ChannelJson = Omit<Channel, 'members' | 'messages'> & { members: string[]; messages: StoredMessage[] };

interface WorkspaceJson {
  id: string;
  name: string;
  domain: string;
  namespace: number;
  seed: number;
  created: number;
  policies: Omit<WorkspacePolicies, 'withholdScopes'> & { withholdScopes: string[] };
  approvedApps: string[];
  approvalRequests: Array<{ clientId: string; userId: string; at: number }>;
  members: MemberRecord[];
  channels: ChannelJson[];
  counters: Array<[string, number]>;
}

export interface SandboxSnapshot {
  version: number;
  savedAt: number;
  appSeq: number;
  teamSeq: number;
  defaultTeamId: string | null;
  apps: SandboxApp[];
  workspaces: WorkspaceJson[];
  installs: Array<Omit<Install, 'scopes'> & { scopes: string[] }>;
  tokens: Array<[string, TokenRecord]>;
  refreshTokens: Array<[string, string]>;
  views: { seq: number; homes: StoredView[] };
}

export function snapshotOf(state: SandboxState): SandboxSnapshot {
  return {
    version: SNAPSHOT_VERSION,
    savedAt: state.now(),
    appSeq: state.appSeq,
    teamSeq: state.teamSeq,
    defaultTeamId: state.defaultTeamId,
    apps: [...state.apps.values()],
    workspaces: [...state.workspaces.values()].map((ws) => ({
      id: ws.id,
      name: ws.name,
      domain: ws.domain,
      namespace: ws.namespace,
      seed: ws.seed,
      created: ws.created,
      policies: { ...ws.policies, withholdScopes: [...ws.policies.withholdScopes] },
      approvedApps: [...ws.approvedApps],
      approvalRequests: [...ws.approvalRequests],
      members: ws.members,
      channels: [...ws.channels.values()].map((c) => ({
        ...c,
        members: [...c.members],
        messages: c.messages.slice(-MAX_MESSAGES_PER_CHANNEL),
      })),
      counters: ws.idCounters(),
    })),
    installs: [...state.installs.values()].map((i) => ({ ...i, scopes: [...i.scopes] })),
    tokens: [...state.tokens],
    refreshTokens: [...state.refreshTokens],
    views: state.views.homesSnapshot(),
  };
}

/** Puts a snapshot into a fresh state (one with no apps or workspaces yet). */
export function restoreSnapshot(state: SandboxState, s: SandboxSnapshot): void {
  if (s.version !== SNAPSHOT_VERSION)
    throw new Error(`sandbox snapshot version ${s.version} is not ${SNAPSHOT_VERSION}`);
  if (state.apps.size > 0 || state.workspaces.size > 0)
    throw new Error('restoreSnapshot needs a fresh sandbox');
  state.appSeq = s.appSeq;
  state.teamSeq = s.teamSeq;
  for (const app of s.apps) state.apps.set(app.clientId, app);
  for (const w of s.workspaces) {
    const ws = Workspace.restore(
      w.namespace,
      {
        id: w.id,
        name: w.name,
        domain: w.domain,
        seed: w.seed,
        created: w.created,
        approvalRequired: w.policies.approvalRequired,
        denyInstall: w.policies.denyInstall,
        restrictChannelCreation: w.policies.restrictChannelCreation,
        withholdScopes: w.policies.withholdScopes,
      },
      w.members,
      w.channels.map((c) => ({ ...c, members: new Set(c.members) })),
      w.counters,
    );
    for (const a of w.approvedApps) ws.approvedApps.add(a);
    ws.approvalRequests.push(...w.approvalRequests);
    state.workspaces.set(ws.id, ws);
  }
  state.defaultTeamId = s.defaultTeamId;
  for (const i of s.installs)
    state.installs.set(`${i.teamId}:${i.appId}`, { ...i, scopes: new Set(i.scopes) });
  for (const [token, record] of s.tokens) state.tokens.set(token, record);
  for (const [token, key] of s.refreshTokens) state.refreshTokens.set(token, key);
  state.views.restoreHomes(s.views);
}
