import type { HomeService } from '../../src/app/app-home/home-service';
import { type ButtonHandler, homeButton } from './home-button';

/** Admin: start a re-match of everyone now. */
export const rematchHandler = (deps: { home: Pick<HomeService, 'rematch'> }): ButtonHandler =>
  homeButton((team, user) => deps.home.rematch(team, user));
