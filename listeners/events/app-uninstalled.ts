import type { SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Revocation } from '../../src/app/connect/revocation';

/**
 * `app_uninstalled`: the workspace removed the app; forget its installation. Bolt for JS skips
 * authorize for this event (the token may already be gone).
 */
export const appUninstalledHandler =
  (deps: { revocation: Pick<Revocation, 'onAppUninstalled'> }) =>
  async ({ body }: Pick<SlackEventMiddlewareArgs<'app_uninstalled'>, 'body'>): Promise<void> => {
    await deps.revocation.onAppUninstalled(body.team_id);
  };
