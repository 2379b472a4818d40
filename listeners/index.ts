import type { App } from '@slack/bolt';
import type { Logger } from '../src/logger';

export interface ListenerDeps {
  logger: Logger;
}

/** One register per listener type (commands/, actions/, events/, views/), each given its deps. */
export function registerListeners(_app: App, _deps: ListenerDeps): void {
  // Listeners arrive with the features that need them (connect, matching, App Home).
}
