import type { App } from '@slack/bolt';
import type { Logger } from '../src/logger';
import type { CommandsService } from '../src/services/commands-service';
import type { HomeService } from '../src/services/home-service';
import type { ConnectService } from '../src/slack/connect-service';
import type { DirectoryEvents } from '../src/slack/directory-events';
import { registerActions } from './actions';
import { registerCommands } from './commands';
import { registerEvents } from './events';
import { registerViews } from './views';

export interface ListenerDeps {
  logger: Logger;
  connect: ConnectService;
  commands: CommandsService;
  directoryEvents: DirectoryEvents;
  home: HomeService;
}

/** One register per listener type (commands/, actions/, events/, views/), each given its deps. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  registerEvents(app, deps);
  registerCommands(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
}
