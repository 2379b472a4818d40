import type { App } from '@slack/bolt';
import type { Logger } from '../src/logger';
import type { CommandsService } from '../src/services/commands-service';
import type { ConnectService } from '../src/slack/connect-service';
import type { DirectoryEvents } from '../src/slack/directory-events';
import { registerCommands } from './commands';
import { registerEvents } from './events';

export interface ListenerDeps {
  logger: Logger;
  connect: ConnectService;
  commands: CommandsService;
  directoryEvents: DirectoryEvents;
}

/** One register per listener type (commands/, actions/, events/, views/), each given its deps. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  registerEvents(app, deps);
  registerCommands(app, deps);
}
