import type { SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Revocation } from '../../src/app/connect/revocation';

/**
 * `tokens_revoked`: bot tokens were revoked; drop the installations that held them. Like
 * app_uninstalled, Bolt skips authorize for it.
 */
export const tokensRevokedHandler =
  (deps: { revocation: Pick<Revocation, 'onTokensRevoked'> }) =>
  async ({
    body,
    event,
  }: Pick<SlackEventMiddlewareArgs<'tokens_revoked'>, 'body' | 'event'>): Promise<void> => {
    await deps.revocation.onTokensRevoked(body.team_id, event.tokens.bot ?? []);
  };
