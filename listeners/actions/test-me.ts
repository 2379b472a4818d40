import type { HomeService } from '../../src/app/app-home/home-service';
import { type ButtonHandler, homeButton } from './home-button';

/** Everyone: "Send me a test message"; the home shows how it went. */
export const testMeHandler = (deps: { home: Pick<HomeService, 'testMe'> }): ButtonHandler =>
  homeButton((team, user) => deps.home.testMe(team, user));
