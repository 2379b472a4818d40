/**
 * The App Home buttons whose service call answers with the new home (listeners/actions/home-button.ts
 * and the six handlers built on it): ack first and once, one service call with team, user and the
 * parsed value, the returned home published to the user who pressed; a service error propagates.
 */

import type { ButtonHandler } from '../../../../listeners/actions/home-button';
import { myNotificationsHandler } from '../../../../listeners/actions/my-notifications';
import { rematchHandler } from '../../../../listeners/actions/rematch';
import { resetTemplateHandler } from '../../../../listeners/actions/reset-template';
import { templateEnabledHandler } from '../../../../listeners/actions/template-enabled';
import { tenantNotificationsHandler } from '../../../../listeners/actions/tenant-notifications';
import { testMeHandler } from '../../../../listeners/actions/test-me';
import type { HomeModel } from '../../../../src/app/app-home/home-model';
import { homeView } from '../../../../views/home/home-view';
import { fakeService, homeModel, TEAM, USER } from '../fakes';
import { press } from './button';

type Case = {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: each factory takes a fake with its one method.
  make: (deps: { home: any }) => ButtonHandler;
  method: string;
  value: string | undefined;
  expected: unknown[];
};

const cases: Case[] = [
  {
    name: 'tenant notifications on',
    make: tenantNotificationsHandler,
    method: 'setTenantNotifications',
    value: 'on',
    expected: [TEAM, USER, true],
  },
  {
    name: 'tenant notifications off',
    make: tenantNotificationsHandler,
    method: 'setTenantNotifications',
    value: 'off',
    expected: [TEAM, USER, false],
  },
  {
    name: 'my notifications on',
    make: myNotificationsHandler,
    method: 'setMyNotifications',
    value: 'on',
    expected: [TEAM, USER, true],
  },
  {
    name: 'my notifications off',
    make: myNotificationsHandler,
    method: 'setMyNotifications',
    value: 'off',
    expected: [TEAM, USER, false],
  },
  { name: 'test me', make: testMeHandler, method: 'testMe', value: undefined, expected: [TEAM, USER] },
  { name: 'rematch', make: rematchHandler, method: 'rematch', value: undefined, expected: [TEAM, USER] },
  {
    name: 'template disabled',
    make: templateEnabledHandler,
    method: 'changeTemplate',
    value: 'reminder:off',
    expected: [TEAM, USER, 'reminder', { enabled: false }],
  },
  {
    name: 'template enabled',
    make: templateEnabledHandler,
    method: 'changeTemplate',
    value: 'invite:on',
    expected: [TEAM, USER, 'invite', { enabled: true }],
  },
  {
    name: 'template reset',
    make: resetTemplateHandler,
    method: 'changeTemplate',
    value: 'reminder',
    expected: [TEAM, USER, 'reminder', 'reset'],
  },
];

describe.each(cases)('$name', ({ make, method, value, expected }) => {
  it('acks first, calls the service with the parsed value and publishes the home it returns', async () => {
    const { args, calls, ack, client } = press(value);
    const model = homeModel(`done: ${method}`);
    const home = fakeService(calls, 'home', { [method]: async (): Promise<HomeModel> => model });
    await make({ home })(args);
    expect(calls).toEqual(['ack', `home.${method}`, 'views.publish']);
    expect(ack).toHaveBeenCalledWith();
    expect(home[method]).toHaveBeenCalledWith(...expected);
    expect(client.views.publish).toHaveBeenCalledWith({ user_id: USER, view: homeView(model) });
  });

  it('lets a service error through to Bolt after the ack, publishing nothing', async () => {
    const { args, calls } = press(value);
    const failure = new Error('database down');
    const home = fakeService(calls, 'home', {
      [method]: async (): Promise<HomeModel> => {
        throw failure;
      },
    });
    await expect(make({ home })(args)).rejects.toBe(failure);
    expect(calls).toEqual(['ack', `home.${method}`]);
  });
});
