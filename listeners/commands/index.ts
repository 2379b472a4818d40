import type { App } from '@slack/bolt';
import { type PlusPlusCommandDeps, plusplusCommandHandler } from './plusplus';

/** Slash commands, one handler per file. The app has one: `/plusplus` and its subcommands. */
export function registerCommands(app: App, deps: PlusPlusCommandDeps): void {
  app.command('/plusplus', plusplusCommandHandler(deps));
}
