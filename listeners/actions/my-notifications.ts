import type { HomeService } from '../../src/app/app-home/home-service';
import { type ButtonHandler, homeButton } from './home-button';

/** Everyone: "Receive Slack notifications"; value `on`/`off`. */
export const myNotificationsHandler = (deps: {
  home: Pick<HomeService, 'setMyNotifications'>;
}): ButtonHandler =>
  homeButton((team, user, value) => deps.home.setMyNotifications(team, user, value === 'on'));
