/**
 * What a started sandbox offers its caller (`startSandbox()` in index.ts) and the control API
 * (control.ts). In a file of its own so that index.ts, which builds the control handler, and
 * control.ts, which drives a Sandbox, do not import each other.
 */
import type { CallRecord, MethodCounters } from './calls';
import type { SlackDriver, SlackDriverOptions } from './driver';
import type { FaultSpec } from './faults';
import type { MemberRecord } from './members';
import type { RateLimit } from './rate-limits';
import type { DisconnectReason, SocketModeHub } from './socket-mode';
import type { AppOptions, IssuedToken, SandboxApp, SandboxState } from './state';
import type { StoredMessage, Workspace, WorkspaceOptions, WorkspacePolicies } from './workspace';

export type SandboxWorkspace = Workspace;

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
  /** Socket Mode's server side: connections, envelopes, acks, Slack's reconnect cases. */
  socketMode: SocketModeHub;
  /** An app-level token (`xapp-…`) for the app, as "App-Level Tokens" on api.slack.com gives. */
  issueAppToken(clientId: string): string;
  /** Slack's `disconnect` (warning / refresh_requested / link_disabled) to the app's connections. */
  disconnectSockets(clientId: string, reason: DisconnectReason): number;
  /** Drops the app's sockets without a close frame. */
  dropSockets(clientId: string): number;
  /**
   * A driver that reaches the app the way this app is configured: over its Socket Mode connection
   * when `socketMode` is on, else signed POSTs to its `eventsUrl` with its signing secret.
   */
  driverFor(clientId: string, o?: Partial<SlackDriverOptions>): SlackDriver;
  stop(): Promise<void>;
}
