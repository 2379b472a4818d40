import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../index';
import { registerDirectoryEvents } from './directory';
import { registerHomeEvents } from './home';

/**
 * Events. Bolt acks an event as soon as the listener is entered, and Slack retries when the ack is
 * late (x-slack-retry-num), so every handler here is idempotent.
 */
export function registerEvents(app: App, deps: ListenerDeps): void {
  // Bolt for JS skips authorize for these two (the token may already be gone) and has no handler.
  app.event('app_uninstalled', async ({ body }) => {
    await deps.connect.onAppUninstalled(body.team_id);
  });
  app.event('tokens_revoked', async ({ body, event }) => {
    await deps.connect.onTokensRevoked(body.team_id, event.tokens.bot ?? []);
  });
  registerDirectoryEvents(app, deps);
  registerHomeEvents(app, deps);
}
