import type { App } from '@slack/bolt';
import type { HomeService } from '../src/app/app-home/home-service';
import type { Revocation } from '../src/app/connect/revocation';
import type { DirectoryEvents } from '../src/app/directory-sync/directory-events';
import type { MemberLocales } from '../src/app/directory-sync/member-locales';
import type { CommandsService } from '../src/app/slash-commands/commands-service';
import type { Logger } from '../src/platform/logger';
import { ResponseUrls } from '../src/slack/response-url';
import { AFTER_ACK_CONCURRENCY, AfterAck } from '../src/slack-server/after-ack';
import { registerActions } from './actions';
import { registerCommands } from './commands';
import { registerEvents } from './events';
import { ListenerRoutes } from './routes';
import { registerViewSubmissions } from './view-submissions';

export interface ListenerDeps {
  logger: Logger;
  revocation: Pick<Revocation, 'onAppUninstalled' | 'onTokensRevoked'>;
  commands: CommandsService;
  directoryEvents: DirectoryEvents;
  home: HomeService;
  /** Each member's language (issue 22): `/plusplus` replies and the welcome DM; absent: en-US. */
  locales?: Pick<MemberLocales, 'forSlackUser' | 'known'>;
  /** Work after acks (src/slack-server/after-ack.ts); registerListeners makes one when not given. */
  afterAck?: AfterAck;
  /** Posts answers to response_urls (src/slack/response-url.ts); registerListeners makes one when not given. */
  responses?: ResponseUrls;
}

/**
 * One register per listener type (commands/, actions/, events/, view-submissions/), each given its
 * deps; every listener is one handler per file, built by a factory from the deps it uses
 * (docs/listeners.md). All of them are routed from one global Bolt middleware (listeners/routes.ts).
 */
export function registerListeners(app: Pick<App, 'use'>, given: ListenerDeps): ListenerRoutes {
  const routes = listenerRoutes(given);
  routes.mount(app);
  return routes;
}

/** The routes of every listener, not yet mounted. */
export function listenerRoutes(given: ListenerDeps): ListenerRoutes {
  const deps = {
    ...given,
    afterAck: given.afterAck ?? new AfterAck(AFTER_ACK_CONCURRENCY),
    responses: given.responses ?? new ResponseUrls(),
  };
  const routes = new ListenerRoutes();
  registerEvents(routes, deps);
  registerCommands(routes, deps);
  registerActions(routes, deps);
  registerViewSubmissions(routes, deps);
  return routes;
}
