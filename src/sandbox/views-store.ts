/**
 * Views the app published (App Home, one per app per user) and opened (modal stacks, ≤ 3 deep),
 * plus the trigger ids the driver hands out for views.open / views.push.
 */
import { randomBytes } from 'node:crypto';

export interface StoredView {
  id: string;
  teamId: string;
  appId: string;
  botId: string;
  userId: string;
  type: 'home' | 'modal';
  /** The view payload as the app sent it (blocks, title, callback_id, private_metadata …). */
  payload: Record<string, unknown>;
  hash: string;
  externalId: string;
  rootViewId: string;
  previousViewId: string | null;
  updatedAt: number;
}

export interface TriggerRecord {
  teamId: string;
  userId: string;
  appId?: string;
  expiresAt: number;
  used: boolean;
}

export class ViewStore {
  private byId = new Map<string, StoredView>();
  private home = new Map<string, string>();
  private stacks = new Map<string, string[]>();
  private triggers = new Map<string, TriggerRecord>();
  private seq = 0;

  constructor(private readonly now: () => number) {}

  newViewId(namespace: string): string {
    this.seq++;
    return `V${namespace}${this.seq.toString(36).toUpperCase().padStart(7, '0')}`;
  }

  newHash(): string {
    return `${Math.floor(this.now() / 1000)}.${randomBytes(4).toString('hex')}`;
  }

  get(id: string): StoredView | undefined {
    return this.byId.get(id);
  }

  byExternalId(teamId: string, appId: string, externalId: string): StoredView | undefined {
    for (const v of this.byId.values()) {
      if (v.teamId === teamId && v.appId === appId && v.externalId === externalId) return v;
    }
    return undefined;
  }

  put(v: StoredView): void {
    this.byId.set(v.id, v);
  }

  homeOf(teamId: string, appId: string, userId: string): StoredView | undefined {
    const id = this.home.get(`${teamId}:${appId}:${userId}`);
    return id ? this.byId.get(id) : undefined;
  }

  setHome(v: StoredView): void {
    this.home.set(`${v.teamId}:${v.appId}:${v.userId}`, v.id);
    this.put(v);
  }

  /** Modal stack for a user, bottom first. */
  stack(teamId: string, appId: string, userId: string): StoredView[] {
    const ids = this.stacks.get(`${teamId}:${appId}:${userId}`) ?? [];
    return ids.map((id) => this.byId.get(id)).filter((v): v is StoredView => !!v);
  }

  /** Every open modal for a user across apps (inspection). */
  modalsOf(teamId: string, userId: string): StoredView[] {
    const out: StoredView[] = [];
    for (const [key, ids] of this.stacks) {
      const [t, , u] = key.split(':');
      if (t === teamId && u === userId) for (const id of ids) out.push(this.byId.get(id)!);
    }
    return out;
  }

  homesOf(teamId: string, userId: string): StoredView[] {
    const out: StoredView[] = [];
    for (const [key, id] of this.home) {
      const [t, , u] = key.split(':');
      if (t === teamId && u === userId) out.push(this.byId.get(id)!);
    }
    return out;
  }

  pushModal(v: StoredView): void {
    const key = `${v.teamId}:${v.appId}:${v.userId}`;
    const ids = this.stacks.get(key) ?? [];
    ids.push(v.id);
    this.stacks.set(key, ids);
    this.put(v);
  }

  openModal(v: StoredView): void {
    this.closeModals(v.teamId, v.appId, v.userId);
    this.pushModal(v);
  }

  /** Closes the whole stack (what a view_submission with `response_action: clear` or ✕ does). */
  closeModals(teamId: string, appId: string, userId: string): void {
    const key = `${teamId}:${appId}:${userId}`;
    for (const id of this.stacks.get(key) ?? []) this.byId.delete(id);
    this.stacks.delete(key);
  }

  /** Pops the top modal (a submission without response_action). */
  popModal(teamId: string, appId: string, userId: string): StoredView | undefined {
    const key = `${teamId}:${appId}:${userId}`;
    const ids = this.stacks.get(key);
    const id = ids?.pop();
    if (ids && ids.length === 0) this.stacks.delete(key);
    if (!id) return undefined;
    const v = this.byId.get(id);
    this.byId.delete(id);
    return v;
  }

  /** The published Home tabs and the id sequence, for a snapshot (snapshot.ts); modals are not kept. */
  homesSnapshot(): { seq: number; homes: StoredView[] } {
    const homes = [...this.home.values()].map((id) => this.byId.get(id)).filter((v): v is StoredView => !!v);
    return { seq: this.seq, homes };
  }

  restoreHomes(s: { seq: number; homes: StoredView[] }): void {
    this.seq = Math.max(this.seq, s.seq);
    for (const v of s.homes) this.setHome(v);
  }

  issueTrigger(t: Omit<TriggerRecord, 'used'>): string {
    const id = `${Math.floor(this.now() / 1000)}.${Math.floor(Math.random() * 1e12)}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { ...t, used: false });
    return id;
  }

  /** Registers a trigger id made elsewhere (the driver makes its own) so views.open accepts it. */
  registerTrigger(id: string, t: Omit<TriggerRecord, 'used'>): void {
    this.triggers.set(id, { ...t, used: false });
  }

  trigger(id: string): TriggerRecord | undefined {
    return this.triggers.get(id);
  }
}
