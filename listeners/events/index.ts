import type { App } from '@slack/bolt';
import type { HomeService } from '../../src/app/app-home/home-service';
import type { Revocation } from '../../src/app/connect/revocation';
import type { DirectoryEvents } from '../../src/app/directory-sync/directory-events';
import type { MemberLocales } from '../../src/app/directory-sync/member-locales';
import type { Logger } from '../../src/platform/logger';
import { ListenerRoutes, type RouteHandler } from '../routes';
import { appHomeOpenedHandler } from './app-home-opened';
import { appUninstalledHandler } from './app-uninstalled';
import { teamJoinHandler } from './team-join';
import { tokensRevokedHandler } from './tokens-revoked';
import { userChangeHandler } from './user-change';
import { userProfileChangedHandler } from './user-profile-changed';

type EventHandler = RouteHandler;

/**
 * Events, one handler per file; every event in the manifest's BOT_EVENTS is routed here. Bolt
 * acks an event as soon as the listener is entered, and Slack retries when the ack is late
 * (x-slack-retry-num), so every handler is idempotent.
 */
export function registerEvents(routes: ListenerRoutes, deps: EventDeps): void {
  addEventRoutes(routes, eventHandlers(deps));
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

/**
 * `team_join`, `user_change`, `user_profile_changed` keep the directory cache fresh: mounted on a
 * Bolt app of their own (the directory-events test).
 */
export function registerDirectoryEvents(
  app: Pick<App, 'use'>,
  deps: { directoryEvents: DirectoryEvents },
): void {
  const routes = new ListenerRoutes();
  addEventRoutes(routes, directoryEventHandlers(deps));
  routes.mount(app);
}

function directoryEventHandlers(deps: { directoryEvents: DirectoryEvents }): Record<string, EventHandler> {
  return {
    team_join: teamJoinHandler(deps),
    user_change: userChangeHandler(deps),
    user_profile_changed: userProfileChangedHandler(deps),
  };
}

function addEventRoutes(routes: ListenerRoutes, handlers: Record<string, EventHandler>): void {
  for (const [type, handler] of Object.entries(handlers)) routes.add('event', type, handler);
}
