import type { HomeService } from '../../src/app/app-home/home-service';
import { type ButtonHandler, homeButton } from './home-button';

/** Admin: the instance-wide "Allow PlusPlus to send Slack notifications" switch; value `on`/`off`. */
export const tenantNotificationsHandler = (deps: {
  home: Pick<HomeService, 'setTenantNotifications'>;
}): ButtonHandler =>
  homeButton((team, user, value) => deps.home.setTenantNotifications(team, user, value === 'on'));
