import type { ListenerRoutes } from '../routes';
import { type PlusPlusCommandDeps, plusplusCommandHandler } from './plusplus';

/** Slash commands, one handler per file. The app has one: `/plusplus` and its subcommands. */
export function registerCommands(routes: ListenerRoutes, deps: PlusPlusCommandDeps): void {
  routes.add('command', '/plusplus', plusplusCommandHandler(deps));
}
