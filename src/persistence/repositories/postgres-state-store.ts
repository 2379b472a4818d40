import { randomBytes } from 'node:crypto';
import type { InstallURLOptions, StateStore } from '@slack/oauth';
import type { DataSource } from 'typeorm';
import { OAuthState } from '../entities';

/** How long a state stays valid between our redirect to Slack and Slack's redirect back. */
export const STATE_TTL_MS = 10 * 60 * 1000;

export class InvalidOAuthStateError extends Error {
  constructor(readonly reason: 'unknown_state' | 'expired_state' | 'reused_state') {
    super(`The OAuth state is not valid (${reason}).`);
    this.name = 'InvalidOAuthStateError';
  }
}

export interface StateRecord {
  tenantId: string | null;
  ticketId: string | null;
  installOptions: InstallURLOptions;
}

/**
 * @slack/oauth's StateStore over PostgreSQL: random states, one use each, 10 minutes. Shared by every
 * app process, so a callback may land on another process than the one that started the flow.
 */
export class PostgresStateStore implements StateStore {
  constructor(private readonly dataSource: DataSource) {}

  async generateStateParam(installOptions: InstallURLOptions, now: Date): Promise<string> {
    const state = randomBytes(32).toString('base64url');
    let tenantId: string | null = null;
    let ticketId: string | null = null;
    try {
      const metadata = JSON.parse(installOptions.metadata ?? '{}') as {
        tenantId?: string;
        ticketId?: string;
      };
      tenantId = metadata.tenantId ?? null;
      ticketId = metadata.ticketId ?? null;
    } catch {
      // no metadata of ours; the state still works, it just is not bound to a tenant
    }
    await this.dataSource.query(
      `INSERT INTO slack_oauth_states (state, tenant_id, ticket_id, install_options, expires_at)
       VALUES ($1, $2, $3, $4::jsonb, $5)`,
      [state, tenantId, ticketId, JSON.stringify(installOptions), new Date(now.getTime() + STATE_TTL_MS)],
    );
    return state;
  }

  /** Consumes the state: valid once, within its lifetime. */
  async verifyStateParam(now: Date, state: string): Promise<InstallURLOptions> {
    const rows: { install_options: InstallURLOptions }[] = await this.dataSource
      .query(
        `UPDATE slack_oauth_states SET used_at = $2
        WHERE state = $1 AND used_at IS NULL AND expires_at > $2
        RETURNING install_options`,
        [state, now],
      )
      .then((r: [unknown[], number]) => r[0] as { install_options: InstallURLOptions }[]);
    if (rows.length === 1) return rows[0]!.install_options;
    const row =
      state.length <= 64 ? await this.dataSource.getRepository(OAuthState).findOneBy({ state }) : null;
    if (!row) throw new InvalidOAuthStateError('unknown_state');
    throw new InvalidOAuthStateError(row.usedAt ? 'reused_state' : 'expired_state');
  }

  /** Reads a state without consuming it (to find the tenant and return URL of a failed callback). */
  async lookup(state: string): Promise<StateRecord | null> {
    if (!state || state.length > 64) return null;
    const row = await this.dataSource.getRepository(OAuthState).findOneBy({ state });
    if (!row) return null;
    return {
      tenantId: row.tenantId,
      ticketId: row.ticketId,
      installOptions: row.installOptions as unknown as InstallURLOptions,
    };
  }
}
