import type { Revocation } from './revocation';
import type { BotConnection, TokenKeeper } from './token-keeper';

/**
 * What a use case that calls Slack for a tenant needs of Connect (delivery, directory sync, track
 * channels, templates, matching, Test Slack): the bot token, and telling Connect what Slack's
 * answers said about the installation. Each use case takes the part it uses (a Pick, or its own
 * smaller interface, as the delivery processor does).
 */
export interface Connections {
  /** The tenant's bot token, refreshed if it rotates; null if not connected (TokenKeeper). */
  botTokenForTenant(tenantId: string): Promise<BotConnection | null>;
  /** Marks the installation revoked if the error says its token is dead (Revocation). */
  reportSlackError(teamId: string, error: unknown): Promise<boolean>;
  /** Records the scopes Slack says the token has (Revocation). */
  observeScopes(teamId: string, scopes: string[] | undefined): Promise<void>;
}

/** The token keeper and the revocation side as one `Connections` (src/compose.ts hands it out). */
export function connections(
  tokens: Pick<TokenKeeper, 'botTokenForTenant'>,
  revocation: Pick<Revocation, 'reportSlackError' | 'observeScopes'>,
): Connections {
  return {
    botTokenForTenant: (tenantId) => tokens.botTokenForTenant(tenantId),
    reportSlackError: (teamId, error) => revocation.reportSlackError(teamId, error),
    observeScopes: (teamId, scopes) => revocation.observeScopes(teamId, scopes),
  };
}
