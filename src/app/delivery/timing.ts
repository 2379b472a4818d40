/**
 * Send windows and digests in the delivery worker (issue 21, docs/delivery.md "Send windows and
 * digests"): the decisions are src/domain/timing's, the SQL src/persistence/queues/delivery-timing.ts's;
 * this decides, for one claimed delivery, whether it waits for the member's window and which of
 * the member's other deliveries go with it in one digest DM. The processor (processor.ts) calls it
 * between its skip checks and its post, so pacing, the post and its failure policy stay its own.
 */

import { DEFAULT_LANGUAGE, type MemberLanguage } from '../../domain/locale';
import { formatWhen } from '../../domain/templates/dates';
import { type DigestItemModel, type DigestModel, splitDigest } from '../../domain/timing/digest';
import {
  type DigestSettings,
  isInWindow,
  memberZone,
  type SendWindow,
  windowApplies,
  windowDecision,
} from '../../domain/timing/window';
import type { DeliveryTiming } from '../../persistence/queues/delivery-timing';
import type { Logger } from '../../platform/logger';
import type { ClaimedDelivery, RenderedNotification, TypeEnabledCheck } from './types';

/** Deliveries due within this long of the first go in its digest (design §4: "within two minutes"). */
export const DIGEST_GATHER_MS = 2 * 60_000;
/** Rows one digest takes at most; the rest go in the next one (each lists ≤ 10 and counts the rest). */
export const DIGEST_GATHER_LIMIT = 50;

/** A tenant's timing settings as the processor caches them with the tenant's context. */
export interface TimingSettings {
  window: SendWindow | null;
  digest: DigestSettings;
  defaultTimeZone: string | null;
}

export interface TimekeeperOptions {
  store: DeliveryTiming;
  /** The app's clock for window decisions (injected through src/compose.ts; tests move it). */
  now: () => number;
  isTypeEnabled?: TypeEnabledCheck;
  logger: Logger;
  /** The lease a digest's rows are held under (the worker's claim lease). */
  leaseMs: number;
  /** The digest's Block Kit in the member's language (views/messages/digest.ts, handed in by src/compose.ts). */
  renderDigest: (model: DigestModel, language: MemberLanguage) => RenderedNotification;
  /**
   * The recipient's language (MemberLocales.forMember, as single notifications get it); absent:
   * en-US.
   */
  languageOf?: (tenantId: string, slackUserId: string) => Promise<MemberLanguage>;
}

/** Rows one bulk hold judges at once, and how often per tenant a process runs one. */
export const BULK_HOLD_LIMIT = 5000;
const BULK_HOLD_EVERY_MS = 1000;

export class Timekeeper {
  /** When this process last ran a bulk hold per tenant. */
  private readonly bulkAt = new Map<string, number>();

  constructor(private readonly o: TimekeeperOptions) {}

  /** The member's zone: Slack's `tz` from the cached directory, else the tenant's default, else UTC. */
  async zone(s: TimingSettings, teamId: string | undefined, slackUserId: string): Promise<string> {
    const tz = teamId ? await this.o.store.memberTimeZone(teamId, slackUserId) : null;
    return memberZone(tz, s.defaultTimeZone);
  }

  /**
   * Holds `d` until its window opens, if its type is one the window lists and the member's local
   * time is outside it now; true if held. Asked again at every claim, so a member who moved time
   * zones, or a window changed meanwhile, is judged by what is true at send time.
   */
  async hold(d: ClaimedDelivery, s: TimingSettings, zone: () => Promise<string>): Promise<boolean> {
    if (!windowApplies(s.window, d.type)) return false;
    const now = this.o.now();
    const decision = windowDecision(s.window, await zone(), now);
    if (decision.send) return false;
    await this.o.store.hold(d, decision.at - now, new Date(decision.at));
    await this.holdBurst(d.tenantId, s);
    return true;
  }

  /**
   * One row was held: the tenant's other rows accepted outside the window are probably waiting
   * behind it. Claims are paced (a tenant gets as many rows as it has send slots), so holding a
   * burst row by row would take as long as sending it; this judges up to BULK_HOLD_LIMIT of them
   * at once, one window computation per zone. Rows it holds are judged again when they come due.
   */
  private async holdBurst(tenantId: string, s: TimingSettings): Promise<void> {
    const window = s.window;
    if (!window) return;
    const now = this.o.now();
    if (now - (this.bulkAt.get(tenantId) ?? Number.NEGATIVE_INFINITY) < BULK_HOLD_EVERY_MS) return;
    this.bulkAt.set(tenantId, now);
    if (this.bulkAt.size > 10_000) this.bulkAt.delete(this.bulkAt.keys().next().value!);
    const rows = await this.o.store.unjudged(tenantId, window.types, BULK_HOLD_LIMIT);
    const byZone = new Map<string, { send: true } | { send: false; at: number }>();
    const held: Array<{ id: string; delayMs: number; at: Date }> = [];
    for (const r of rows) {
      const zone = memberZone(r.tz, s.defaultTimeZone);
      let decision = byZone.get(zone);
      if (!decision) {
        decision = windowDecision(window, zone, now);
        byZone.set(zone, decision);
      }
      if (!decision.send) held.push({ id: r.id, delayMs: decision.at - now, at: new Date(decision.at) });
    }
    const n = await this.o.store.holdMany(held);
    if (n > 0) this.o.logger.debug({ tenantId, held: n, zones: byZone.size }, 'send window: burst held');
  }

  /**
   * The member's deliveries that go with `d` in one digest, `d` first (its lease updated), after
   * the per-item checks that can differ from `d`'s: a type switched off is skipped, and a type the
   * window holds is held when the window is closed (`d` itself may be of a type it does not list).
   * `taken`: another digest already has `d`. One item: no digest, send `d` as usual.
   */
  async gather(
    d: ClaimedDelivery,
    s: TimingSettings,
    zone: () => Promise<string>,
    skip: (item: ClaimedDelivery, reason: string) => Promise<unknown>,
  ): Promise<ClaimedDelivery[] | 'taken'> {
    const items = await this.o.store.gather(d, {
      withinMs: DIGEST_GATHER_MS,
      limit: DIGEST_GATHER_LIMIT,
      leaseMs: this.o.leaseMs,
    });
    if (items.length === 0) return 'taken';
    const [own, ...others] = items;
    d.lease = own!.lease;
    d.attempts = own!.attempts;
    const kept: ClaimedDelivery[] = [d];
    const now = this.o.now();
    let open: boolean | undefined;
    for (const item of others) {
      if (!(await (this.o.isTypeEnabled?.(item.tenantId, item.type) ?? true))) {
        await skip(item, 'type_disabled');
        continue;
      }
      if (windowApplies(s.window, item.type)) {
        const z = await zone();
        open ??= isInWindow(s.window, z, now);
        if (!open) {
          const decision = windowDecision(s.window, z, now);
          if (!decision.send) {
            await this.o.store.hold(item, decision.at - now, new Date(decision.at));
            continue;
          }
        }
      }
      kept.push(item);
    }
    return kept;
  }

  /** A digest is in Slack: every item `sent` with its channel and ts, `digest: true`. */
  completeDigest(items: ClaimedDelivery[], sent: { slackUserId: string; channel: string; ts: string }) {
    return this.o.store.completeDigest(items, sent);
  }

  /**
   * The digest DM of these items (all still to be sent) to `slackUserId`, in the member's language
   * and in `zone`, the member's zone as the window knows it (Slack's `tz`, else the tenant's default).
   */
  async message(
    items: ClaimedDelivery[],
    s: TimingSettings,
    zone: string,
    slackUserId: string,
  ): Promise<RenderedNotification> {
    const found = this.o.languageOf
      ? await this.o.languageOf(items[0]!.tenantId, slackUserId)
      : DEFAULT_LANGUAGE;
    const language: MemberLanguage = { ...found, timeZone: zone };
    const { shown, hidden } = splitDigest(items, s.digest.maxItems);
    const model: DigestItemModel[] = shown.map((i) => {
      const when = formatWhen(i.content.starts_at, i.content.ends_at, zone, language.locale);
      return {
        type: i.type,
        title: i.content.title,
        ...(i.content.url ? { url: i.content.url } : {}),
        ...(when ? { whenMrkdwn: when.mrkdwn, whenPlain: when.plain } : {}),
      };
    });
    const moreUrl = hidden.map((i) => originOf(i.content.url)).find(Boolean);
    const rendered = this.o.renderDigest(
      { items: model, more: hidden.length, ...(moreUrl ? { moreUrl } : {}) },
      language,
    );
    // An edit of a digested item is answered in the digest's thread in the same language.
    return { ...rendered, language };
  }
}

/** "and N more" links to PlusPlus itself: the origin of a hidden item's link. */
function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? `${u.origin}/` : undefined;
  } catch {
    return undefined;
  }
}
