import type { HomeService } from '../../src/app/app-home/home-service';
import { type ButtonHandler, homeButton } from './home-button';

/**
 * Admin: enable or disable a notification template. The value is `{kind}:on` or `{kind}:off`; the
 * service decides whether the user may and whether the kind exists.
 */
export const templateEnabledHandler = (deps: { home: Pick<HomeService, 'changeTemplate'> }): ButtonHandler =>
  homeButton((team, user, value) => {
    const [kind = '', state] = value.split(':');
    return deps.home.changeTemplate(team, user, kind, { enabled: state === 'on' });
  });
