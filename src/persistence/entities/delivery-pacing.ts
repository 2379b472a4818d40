import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The shared pace of one Slack Web API method for one tenant's workspace, so that any number of
 * worker processes together stay under Slack's limit (docs/delivery.md "Pacing"). `next_at` is
 * the next free send slot; `blocked_until` holds everyone off after a 429 (`Retry-After`) or while
 * the tenant is paused (`missing_scope`).
 */
@Entity({ name: 'delivery_pacing' })
export class DeliveryPacingRow {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  method: string;

  @Column({ name: 'next_at', type: 'timestamptz' })
  nextAt: Date;

  @Column({ name: 'blocked_until', type: 'timestamptz', nullable: true })
  blockedUntil: Date | null;

  /** Why blocked: `ratelimited` or `missing_scope`. */
  @Column({ name: 'blocked_reason', type: 'varchar', length: 64, nullable: true })
  blockedReason: string | null;

  /** The slower interval Slack's 429s taught us (null: the configured pace). */
  @Column({ name: 'interval_ms', type: 'integer', nullable: true })
  intervalMs: number | null;

  /** When `interval_ms` last changed: it relaxes towards the configured pace step by step. */
  @Column({ name: 'adapted_at', type: 'timestamptz', nullable: true })
  adaptedAt: Date | null;

  /** The slot the last reservation handed out (null: none, it was beyond the caller's horizon). */
  @Column({ name: 'last_slot_at', type: 'timestamptz', nullable: true })
  lastSlotAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
