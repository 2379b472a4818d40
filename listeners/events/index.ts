import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { HomeService } from '../../src/app/app-home/home-service';
import type { Revocation } from '../../src/app/connect/revocation';
import type { DirectoryEvents } from '../../src/app/directory-sync/directory-events';
import type { MemberLocales } from '../../src/app/directory-sync/member-locales';
import type { Logger } from '../../src/platform/logger';
import { appHomeOpenedHandler } from './app-home-opened';
import { appUninstalledHandler } from './app-uninstalled';
import { teamJoinHandler } from './team-join';
import { tokensRevokedHandler } from './tokens-revoked';
import { userChangeHandler } from './user-change';
import { userProfileChangedHandler } from './user-profile-changed';

type EventArgs = SlackEventMiddlewareArgs<string> & AllMiddlewareArgs;
// Each handler takes the arguments of its own event type; the event name routed to it guarantees them.
// biome-ignore lint/suspicious/noExplicitAny: a map of handlers of different event types
type EventHandler = (args: any) => Promise<void>;

/**
 * Events, one handler per file; every event in the manifest's BOT_EVENTS is routed here. Bolt
 * acks an event as soon as the listener is entered, and Slack retries when the ack is late
 * (x-slack-retry-num), so every handler is idempotent.
 */
export function registerEvents(app: App, deps: EventDeps): void {
  registerEventRoutes(app, eventHandlers(deps));
}

interface EventDeps {
  logger: Logger;
  home: HomeService;
  revocation: Pick<Revocation, 'onAppUninstalled' | 'onTokensRevoked'>;
  directoryEvents: DirectoryEvents;
  /** The member's language for the welcome DM and the home (issue 22); absent: en-US. */
  locales?: Pick<MemberLocales, 'forSlackUser'>;
}

/** The handler of each event type the app subscribes to. */
export function eventHandlers(deps: EventDeps): Record<string, EventHandler> {
  return {
    app_uninstalled: appUninstalledHandler(deps),
    tokens_revoked: tokensRevokedHandler(deps),
    ...directoryEventHandlers(deps),
    // App Home: the home tab and the welcome DM.
    app_home_opened: appHomeOpenedHandler(deps),
  };
}

/** `team_join`, `user_change`, `user_profile_changed` keep the directory cache fresh. */
export function registerDirectoryEvents(app: App, deps: { directoryEvents: DirectoryEvents }): void {
  registerEventRoutes(app, directoryEventHandlers(deps));
}

function directoryEventHandlers(deps: { directoryEvents: DirectoryEvents }): Record<string, EventHandler> {
  return {
    team_join: teamJoinHandler(deps),
    user_change: userChangeHandler(deps),
    user_profile_changed: userProfileChangedHandler(deps),
  };
}

/**
 * One Bolt listener for all these event types, routed by `event.type`: Bolt runs the middleware
 * chain of every registered listener on every request, slash commands included, so one listener
 * per event type put six chains on every ack's path (issue 15, docs/performance.md).
 */
function registerEventRoutes(app: App, handlers: Record<string, EventHandler>): void {
  const routes = new Map(Object.entries(handlers));
  const names = [...routes.keys()].map((name) => name.replace(/[^a-z_]/g, ''));
  app.event(new RegExp(`^(?:${names.join('|')})$`), async (args: EventArgs) => {
    await routes.get(args.event.type)?.(args);
  });
}
