import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Tenant } from './tenant';

/**
 * A Slack workspace bound to a tenant. At most one active (not revoked) installation per tenant and
 * per workspace: a workspace cannot serve two PlusPlus instances. Tokens are stored encrypted and
 * erased when the installation is revoked; the row stays as history ("who connected, when, why it
 * stopped").
 */
@Entity({ name: 'slack_installations' })
@Index('slack_installations_active_tenant_uq', ['tenantId'], { unique: true, where: 'revoked_at IS NULL' })
@Index('slack_installations_active_team_uq', ['teamId'], { unique: true, where: 'revoked_at IS NULL' })
@Index('slack_installations_tenant_team_uq', ['tenantId', 'teamId'], { unique: true })
export class SlackInstallation {
  /** Generated in code (randomUUID), so no database extension is needed. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ name: 'team_id', type: 'varchar', length: 32 })
  teamId: string;

  @Column({ name: 'team_name', type: 'text', nullable: true })
  teamName: string | null;

  @Column({ name: 'enterprise_id', type: 'varchar', length: 32, nullable: true })
  enterpriseId: string | null;

  @Column({ name: 'app_id', type: 'varchar', length: 32, nullable: true })
  appId: string | null;

  @Column({ name: 'bot_user_id', type: 'varchar', length: 32 })
  botUserId: string;

  @Column({ name: 'bot_id', type: 'varchar', length: 32, nullable: true })
  botId: string | null;

  /** AES-256-GCM, see TokenCipher; null once revoked. */
  @Column({ name: 'bot_token_encrypted', type: 'text', nullable: true })
  botTokenEncrypted: string | null;

  @Column({ name: 'bot_refresh_token_encrypted', type: 'text', nullable: true })
  botRefreshTokenEncrypted: string | null;

  @Column({ name: 'bot_token_expires_at', type: 'timestamptz', nullable: true })
  botTokenExpiresAt: Date | null;

  /** Scopes Slack granted, from the install and refreshed from x-oauth-scopes on answers. */
  @Column({ name: 'granted_scopes', type: 'jsonb', default: () => "'[]'" })
  grantedScopes: string[];

  @Column({ name: 'installer_user_id', type: 'varchar', length: 32, nullable: true })
  installerUserId: string | null;

  @Column({ name: 'installed_at', type: 'timestamptz' })
  installedAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** app_uninstalled, tokens_revoked, invalid_auth, token_revoked, account_inactive, replaced … */
  @Column({ name: 'revoked_reason', type: 'text', nullable: true })
  revokedReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
