import { createHash } from 'node:crypto';
import { BoundedCache } from '../../domain/bounded-cache';
import { AppError, ErrorCode } from '../../errors';
import {
  type AcceptedRow,
  type NotificationsRepository,
  type StoredAcceptance,
  tenantMissing,
} from '../../persistence/repositories/notifications-repository';
import type { TenantsRepository } from '../../persistence/repositories/tenants-repository';
import { type AcceptAnswer, acceptAnswer, storedAnswer } from './accepted-answer';
import { canonicalJson } from './canonical-json';
import { GroupCommit, type Outcome } from './group-commit';
import type { NotificationContent, NotificationType, TypeEnabledCheck } from './types';

export type { AcceptAnswer, AcceptedDelivery } from './accepted-answer';

/** `POST /notifications` after validation (src/internal-api/notifications.ts). */
export interface NotificationRequest {
  idempotency_key: string;
  type: NotificationType;
  recipient_user_ids: string[];
  content: NotificationContent;
  data?: Record<string, unknown>;
}

export type AcceptResult = { status: 200 | 202; body: AcceptAnswer };

interface Item {
  tenantId: string;
  req: NotificationRequest;
  hash: string;
  recipients: string[];
}

/**
 * Batch statements in flight at once; each carries every request that arrived meanwhile. One is
 * classic group commit; on the bench (quiet 2-core machine, 16 connections) 1 gave 6,000 accepts/s,
 * 2 to 4 gave 5,400-5,600: PostgreSQL was busier, not faster.
 */
const MAX_IN_FLIGHT = 1;
const MAX_BATCH = 200;
/** Tenants this process knows exist (tenants are never deleted by the app; see `ensureTenants`). */
const KNOWN_TENANTS = 10_000;
/**
 * Accepting notifications (design §4) with group commit: the requests that arrive while a write is
 * in flight are decided and written together by one statement (earlier uses of their keys, the
 * tenants' switch and installation, the recipients; then the notifications and deliveries), so a
 * burst of N requests costs one round trip and one commit instead of N. Each caller still gets its
 * answer only after the statement holding its deliveries has committed. If a batch's write fails,
 * its requests are retried one by one, so one bad request cannot fail its neighbours.
 */
export class NotificationAcceptor {
  private readonly batches = new GroupCommit<Item, AcceptResult>((items) => this.acceptBatch(items), {
    maxBatch: MAX_BATCH,
    maxInFlight: MAX_IN_FLIGHT,
  });

  /** Tenants known to exist, so a batch need not create them (`ensureTenants`). */
  private readonly knownTenants = new BoundedCache<string, true>(KNOWN_TENANTS);

  constructor(
    private readonly o: {
      /** Where notifications and their deliveries are written (the one accept statement). */
      repository: NotificationsRepository;
      tenants: TenantsRepository;
      /** Asked once per tenant and type in a batch; a type switched off skips every recipient. */
      isTypeEnabled: TypeEnabledCheck;
    },
  ) {}

  accept(tenantId: string, req: NotificationRequest): Promise<AcceptResult> {
    const hash = createHash('sha256').update(canonicalJson(req)).digest('hex');
    return this.batches.submit({ tenantId, req, hash, recipients: [...new Set(req.recipient_user_ids)] });
  }

  private async acceptBatch(items: Item[]): Promise<Array<Outcome<AcceptResult>>> {
    // One key twice in a batch: the later use waits for the next batch, where it meets the first.
    const keys = new Set<string>();
    const outcomes: Array<Outcome<AcceptResult> | undefined> = [];
    const now: Item[] = [];
    for (const item of items) {
      const key = `${item.tenantId}\u0000${item.req.idempotency_key}`;
      if (keys.has(key)) {
        const later = this.batches.submit(item);
        later.catch(() => undefined); // settled by the group commit; this only marks it handled
        outcomes.push({ later });
      } else {
        keys.add(key);
        outcomes.push(undefined);
        now.push(item);
      }
    }
    const answers = await this.acceptDistinct(now);
    let j = 0;
    return outcomes.map((o) => o ?? answers[j++]!);
  }

  private async acceptDistinct(items: Item[]): Promise<Array<Outcome<AcceptResult>>> {
    try {
      return await this.acceptTogether(items);
    } catch (error) {
      if (items.length === 1) return [{ error }];
      // Find the culprit: each request alone, so the others still get their answers.
      return Promise.all(items.map(async (item) => (await this.acceptDistinct([item]))[0]!));
    }
  }

  private async acceptTogether(items: Item[]): Promise<Array<Outcome<AcceptResult>>> {
    await this.ensureTenants(items);
    const typeEnabled = await this.typesEnabled(items);
    let rows: AcceptedRow[];
    try {
      rows = await this.write(items, typeEnabled);
    } catch (error) {
      if (!tenantMissing(error)) throw error;
      // A tenant remembered here was deleted meanwhile (by hand or by a test): create it again.
      for (const item of items) this.knownTenants.delete(item.tenantId);
      await this.ensureTenants(items);
      rows = await this.write(items, typeEnabled);
    }
    return Promise.all(
      items.map(async (item, i): Promise<Outcome<AcceptResult>> => {
        const row = rows[i]!;
        if (row.inserted) {
          return settle(() => ({ status: 202, body: acceptAnswer(row.id, item.recipients, row.reasons) }));
        }
        if (row.existing) return settle(() => repeat(row.existing!, item.hash));
        // Another request with the same key committed after this statement's snapshot was taken.
        // The batch has committed: a failing look-up fails this request only, since retrying the
        // whole batch would answer its stored requests 200 instead of 202.
        try {
          const again = await this.findExisting(item);
          return again
            ? settle(() => repeat(again, item.hash))
            : { error: new AppError(ErrorCode.Internal, 'The notification vanished while it was accepted.') };
        } catch (error) {
          return { error };
        }
      }),
    );
  }

  /**
   * Tenants exist from their first use (design §4). The app never deletes one, so each is created
   * (idempotently) once per process, outside the batch statement: keeping it in there cost a fifth
   * of the statement's time for a row that almost always exists.
   */
  private async ensureTenants(items: Item[]): Promise<void> {
    const unknown = new Set(items.map((it) => it.tenantId).filter((t) => !this.knownTenants.get(t)));
    if (unknown.size === 0) return;
    for (const tenantId of unknown) await this.o.tenants.ensure(tenantId);
    for (const tenantId of unknown) this.knownTenants.set(tenantId, true);
  }

  private async typesEnabled(items: Item[]): Promise<boolean[]> {
    const check = this.o.isTypeEnabled;
    const answers = new Map<string, Promise<boolean>>();
    return Promise.all(
      items.map((it) => {
        const key = `${it.tenantId}\u0000${it.req.type}`;
        if (!answers.has(key)) answers.set(key, Promise.resolve(check(it.tenantId, it.req.type)));
        return answers.get(key)!;
      }),
    );
  }

  /**
   * The whole batch in one statement, so one round trip and one commit: decide every recipient's
   * fate (the tenant-wide reasons first, then the recipient's own), insert the notifications (a
   * key used before inserts nothing) with those reasons and their deliveries, and report per
   * request what was written or found. The answers are built from the reasons in `acceptTogether`.
   */
  private write(items: Item[], typeEnabled: boolean[]): Promise<AcceptedRow[]> {
    return this.o.repository.acceptWithDeliveries(
      items.map((it, i) => ({
        tenantId: it.tenantId,
        idempotencyKey: it.req.idempotency_key,
        requestHash: it.hash,
        type: it.req.type,
        content: it.req.content,
        data: it.req.data,
        typeEnabled: typeEnabled[i]!,
        recipients: it.recipients,
      })),
    );
  }

  private findExisting(item: Item): Promise<StoredAcceptance | null> {
    return this.o.repository.findByKey(item.tenantId, item.req.idempotency_key);
  }
}

/** The first answer again for a repeated key; 409 when the key came with another request. */
function repeat(existing: StoredAcceptance, hash: string): AcceptResult {
  if (existing.request_hash !== hash) {
    throw new AppError(
      ErrorCode.Conflict,
      'This idempotency_key was already used for a different notification.',
      { notification_id: existing.id },
    );
  }
  return { status: 200, body: storedAnswer(existing) };
}

function settle<O>(fn: () => O): Outcome<O> {
  try {
    return { value: fn() };
  } catch (error) {
    return { error };
  }
}
