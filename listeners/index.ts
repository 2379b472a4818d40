import type { App } from '@slack/bolt';
import type { Logger } from '../src/logger';
import type { ConnectService } from '../src/slack/connect-service';
import { registerEvents } from './events';

export interface ListenerDeps {
  logger: Logger;
  connect: ConnectService;
}

/** One register per listener type (commands/, actions/, events/, views/), each given its deps. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  registerEvents(app, deps);
}
