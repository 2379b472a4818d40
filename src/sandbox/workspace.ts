/**
 * One fake workspace: members (generated lazily-cheap, see members.ts), channels and DMs with their
 * messages, and the install policies that OAuth consults.
 */
import { SandboxUsageError } from './errors';
import { slackId } from './ids';
import {
  baseMember,
  fieldDefinitions,
  type GenerateOptions,
  generateMember,
  type MemberRecord,
  type ProfileFieldDefinition,
} from './members';

export interface TopicPurpose {
  value: string;
  creator: string;
  last_set: number;
}

/** A message as stored: what chat.postMessage / chat.postEphemeral received, plus who sent it. */
export interface StoredMessage {
  teamId: string;
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[] | null;
  /** Sender: the bot user id. */
  user: string;
  botId: string;
  appId: string;
  threadTs?: string;
  /** For chat.postEphemeral: the only user who sees it. */
  ephemeralTo?: string;
  /** Wall-clock ms when the sandbox stored it. */
  postedAt: number;
  /** chat.update: when it was last edited, and every earlier version (oldest first). */
  editedAt?: number;
  edits?: Array<{ text: string; blocks: unknown[] | null; at: number }>;
}

export interface Channel {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  isArchived: boolean;
  isGeneral: boolean;
  created: number;
  creator: string;
  updated: number;
  /** Explicit members; #general also holds every active full member implicitly. */
  members: Set<string>;
  topic: TopicPurpose;
  purpose: TopicPurpose;
  previousNames: string[];
  /** DMs: the human on the other side; `botUser` is the app's bot user. */
  user?: string;
  botUser?: string;
  messages: StoredMessage[];
}

export interface WorkspacePolicies {
  /** Installs need an admin's approval (control API `approveApp`) before OAuth redirects back. */
  approvalRequired: boolean;
  /** The "browser" clicks Cancel: OAuth redirects back with `error=access_denied`. */
  denyInstall: boolean;
  /** Scopes an install never grants (models an old install that lacks newer scopes). */
  withholdScopes: Set<string>;
  /** conversations.create answers `restricted_action` (workspace channel-management policy). */
  restrictChannelCreation: boolean;
}

export interface WorkspaceOptions {
  id?: string;
  name?: string;
  domain?: string;
  /** Members to generate, Slackbot and the primary owner included (default 25). */
  members?: number;
  seed?: number;
  approvalRequired?: boolean;
  withholdScopes?: string[];
  denyInstall?: boolean;
  restrictChannelCreation?: boolean;
  /** Members from index 3 on speak de-DE, fr-FR, es-ES, ja-JP, en-US in turn (the demo workspace). */
  languages?: boolean;
}

export class Workspace {
  readonly id: string;
  name: string;
  domain: string;
  readonly namespace: number;
  readonly seed: number;
  readonly fields: ProfileFieldDefinition[];
  readonly created: number;
  readonly policies: WorkspacePolicies;
  /** client ids an admin approved (only matters with `approvalRequired`). */
  readonly approvedApps = new Set<string>();
  readonly approvalRequests: Array<{ clientId: string; userId: string; at: number }> = [];
  readonly members: MemberRecord[] = [];
  private readonly memberIndex = new Map<string, number>();
  private emailIndex: Map<string, number> | null = null;
  readonly channels = new Map<string, Channel>();
  private counters = new Map<string, number>();

  constructor(namespace: number, o: WorkspaceOptions, now: number) {
    this.namespace = namespace;
    this.id = o.id ?? slackId('T', namespace, 1);
    if (!/^T[A-Z0-9]{8,}$/.test(this.id))
      throw new SandboxUsageError(`workspace id ${this.id} must match T[A-Z0-9]{8,}`);
    this.name = o.name ?? `Sandbox ${namespace}`;
    this.domain = o.domain ?? `sandbox-${namespace}`;
    this.seed = o.seed ?? namespace;
    this.created = Math.floor(now / 1000);
    this.fields = fieldDefinitions(namespace);
    this.policies = {
      approvalRequired: o.approvalRequired ?? false,
      denyInstall: o.denyInstall ?? false,
      withholdScopes: new Set(o.withholdScopes ?? []),
      restrictChannelCreation: o.restrictChannelCreation ?? false,
    };
    const gen: GenerateOptions = {
      teamId: this.id,
      namespace,
      domain: this.domain,
      seed: this.seed,
      fields: this.fields,
      epoch: this.created,
      languages: o.languages ?? false,
    };
    const count = Math.max(2, o.members ?? 25);
    for (let i = 0; i < count; i++) this.pushMember(generateMember(i, gen));
    this.counters.set('U', count);
    const owner = this.members[1].id;
    this.addChannel({ name: 'general', isPrivate: false, creator: owner, isGeneral: true });
    this.addChannel({ name: 'random', isPrivate: false, creator: owner });
  }

  /** The id counters (U, C, D, B …), for a snapshot (snapshot.ts). */
  idCounters(): Array<[string, number]> {
    return [...this.counters];
  }

  /**
   * A workspace as a snapshot kept it (snapshot.ts): no members are generated; `members`,
   * `channels` and the id counters are put back as they were.
   */
  static restore(
    namespace: number,
    o: WorkspaceOptions & { created: number },
    members: MemberRecord[],
    channels: Channel[],
    counters: Array<[string, number]>,
  ): Workspace {
    const ws = new Workspace(namespace, { ...o, members: 2 }, o.created * 1000);
    ws.members.length = 0;
    ws.memberIndex.clear();
    ws.channels.clear();
    for (const m of members) ws.pushMember(m);
    for (const c of channels) ws.channels.set(c.id, c);
    ws.counters = new Map(counters);
    return ws;
  }

  private pushMember(m: MemberRecord): void {
    this.memberIndex.set(m.id, this.members.length);
    this.members.push(m);
    this.emailIndex = null;
  }

  nextId(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return slackId(prefix, this.namespace, n);
  }

  member(id: string): MemberRecord | undefined {
    const i = this.memberIndex.get(id);
    return i === undefined ? undefined : this.members[i];
  }

  memberPosition(id: string): number | undefined {
    return this.memberIndex.get(id);
  }

  /** Email lookup is case-insensitive, like Slack's. The index is built on first use. */
  memberByEmail(email: string): MemberRecord | undefined {
    if (!this.emailIndex) {
      this.emailIndex = new Map();
      for (let i = 0; i < this.members.length; i++) {
        const e = this.members[i].email;
        if (e !== null && !this.members[i].isBot) this.emailIndex.set(e.toLowerCase(), i);
      }
    }
    const i = this.emailIndex.get(email.trim().toLowerCase());
    return i === undefined ? undefined : this.members[i];
  }

  /** Adds a member; `patch` overrides the generated defaults (camelCase MemberRecord keys). */
  addMember(patch: Partial<MemberRecord> = {}): MemberRecord {
    const id = patch.id ?? this.nextId('U');
    if (this.memberIndex.has(id)) throw new SandboxUsageError(`member ${id} exists`, 409);
    const first = patch.firstName ?? 'New';
    const last = patch.lastName ?? 'Member';
    const m = baseMember(this.id, id, patch.name ?? `${first}.${last}`.toLowerCase(), first, last);
    m.email = `${m.name}.${id.toLowerCase()}@${this.domain}.example.com`;
    m.updated = Math.floor(Date.now() / 1000);
    Object.assign(m, patch, { id, teamId: this.id });
    this.pushMember(m);
    return m;
  }

  /** Edits a member in place (so the app can be sent `user_change` events after). */
  updateMember(id: string, patch: Partial<MemberRecord>): MemberRecord {
    const m = this.member(id);
    if (!m) throw new SandboxUsageError(`no member ${id} in ${this.id}`, 404);
    Object.assign(m, patch, { id, teamId: this.id, updated: Math.floor(Date.now() / 1000) });
    this.emailIndex = null;
    return m;
  }

  /** Full members who are implicitly in #general: active humans that are not single-channel guests. */
  isImplicitGeneralMember(m: MemberRecord | undefined): boolean {
    return !!m && !m.deleted && !m.isBot && !m.isUltraRestricted && m.id !== 'USLACKBOT' && !m.isInvitedUser;
  }

  isChannelMember(c: Channel, userId: string): boolean {
    if (c.members.has(userId)) return true;
    return c.isGeneral && this.isImplicitGeneralMember(this.member(userId));
  }

  memberCount(c: Channel): number {
    if (!c.isGeneral) return c.members.size;
    let n = 0;
    for (const m of this.members) if (this.isImplicitGeneralMember(m) || c.members.has(m.id)) n++;
    return n;
  }

  channelMembers(c: Channel): string[] {
    if (!c.isGeneral) return [...c.members];
    const out = this.members.filter((m) => this.isImplicitGeneralMember(m)).map((m) => m.id);
    for (const id of c.members) if (!out.includes(id)) out.push(id);
    return out;
  }

  addChannel(o: { name: string; isPrivate: boolean; creator: string; isGeneral?: boolean }): Channel {
    const now = Math.floor(Date.now() / 1000);
    const empty = (): TopicPurpose => ({ value: '', creator: '', last_set: 0 });
    const c: Channel = {
      id: this.nextId('C'),
      name: o.name,
      isPrivate: o.isPrivate,
      isIm: false,
      isArchived: false,
      isGeneral: o.isGeneral ?? false,
      created: now,
      creator: o.creator,
      updated: now * 1000,
      members: new Set(o.isGeneral ? [] : [o.creator]),
      topic: empty(),
      purpose: empty(),
      previousNames: [],
      messages: [],
    };
    this.channels.set(c.id, c);
    return c;
  }

  channelByName(name: string): Channel | undefined {
    for (const c of this.channels.values()) if (!c.isIm && c.name === name) return c;
    return undefined;
  }

  /** The DM between an app's bot user and a member, created on first use (like the Messages tab). */
  dm(botUser: string, userId: string): Channel {
    for (const c of this.channels.values())
      if (c.isIm && c.botUser === botUser && c.user === userId) return c;
    const now = Math.floor(Date.now() / 1000);
    const c: Channel = {
      id: this.nextId('D'),
      name: '',
      isPrivate: true,
      isIm: true,
      isArchived: false,
      isGeneral: false,
      created: now,
      creator: botUser,
      updated: now * 1000,
      members: new Set([botUser, userId]),
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
      previousNames: [],
      user: userId,
      botUser,
      messages: [],
    };
    this.channels.set(c.id, c);
    return c;
  }

  findDm(botUser: string, userId: string): Channel | undefined {
    for (const c of this.channels.values())
      if (c.isIm && c.botUser === botUser && c.user === userId) return c;
    return undefined;
  }
}
