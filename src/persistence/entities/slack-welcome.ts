import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The Slack members who got the one-time welcome DM (design §5, "first contact"): one row per
 * (workspace, member) while the workspace stays connected. The listener inserts with ON CONFLICT
 * DO NOTHING and sends only when its insert created the row, so Slack's retries of
 * `app_home_opened` never send a second welcome. Keyed by the workspace, not the tenant, and
 * without a foreign key: deleting a tenant must not welcome the same people again. Deleted with
 * the workspace's other data when its installation ends (uninstall, revocation, disconnect;
 * retention-repository.ts `forgetWorkspaceData`): after a new Connect, a member who opens the
 * Messages tab is welcomed once more.
 */
@Entity({ name: 'slack_welcomes' })
export class SlackWelcome {
  @PrimaryColumn({ name: 'team_id', type: 'varchar', length: 32 })
  teamId: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 32 })
  userId: string;

  /** The tenant the workspace belonged to when the welcome went out (for support, not a key). */
  @Column({ name: 'tenant_id', type: 'varchar', length: 64, nullable: true })
  tenantId: string | null;

  @CreateDateColumn({ name: 'welcomed_at', type: 'timestamptz' })
  welcomedAt: Date;
}
