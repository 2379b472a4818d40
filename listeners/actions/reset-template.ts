import type { HomeService } from '../../src/app/app-home/home-service';
import { type ButtonHandler, homeButton } from './home-button';

/** Admin: back to the default template; the value is the kind (checked by the service). */
export const resetTemplateHandler = (deps: { home: Pick<HomeService, 'changeTemplate'> }): ButtonHandler =>
  homeButton((team, user, kind) => deps.home.changeTemplate(team, user, kind, 'reset'));
