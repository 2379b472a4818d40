import { appHomeOpenedHandler } from '../../../../listeners/events/app-home-opened';
import { homeView } from '../../../../views/home/home-view';
import { welcomeMessage } from '../../../../views/welcome';
import { fakeLogger, fakeService, fakeSlack, homeModel, TEAM, USER } from '../fakes';

type Args = Parameters<ReturnType<typeof appHomeOpenedHandler>>[0];

function opened(tab: string) {
  const slack = fakeSlack();
  const args = {
    event: { type: 'app_home_opened', user: USER, channel: 'D1', tab },
    body: { team_id: TEAM },
    client: slack.webClient,
  } as unknown as Args;
  return { ...slack, args };
}

/** A home service whose welcome claim answers `claimed`. */
function homeService(calls: string[], claimed: boolean) {
  const model = homeModel();
  const home = fakeService(calls, 'home', {
    home: async () => model,
    claimWelcome: async () => claimed,
    releaseWelcome: async () => undefined,
  });
  return { home, model };
}

describe('app_home_opened', () => {
  it('Home tab: publishes the home of the member who opened it', async () => {
    const { args, calls, client } = opened('home');
    const { home, model } = homeService(calls, false);
    await appHomeOpenedHandler({ logger: fakeLogger().asLogger, home })(args);
    expect(calls).toEqual(['home.home', 'views.publish']);
    expect(home.home).toHaveBeenCalledWith(TEAM, USER);
    expect(client.views.publish).toHaveBeenCalledWith({ user_id: USER, view: homeView(model) });
  });

  it('Messages tab, first visit: claims the welcome and sends it to that member', async () => {
    const { args, calls, client } = opened('messages');
    const { home } = homeService(calls, true);
    await appHomeOpenedHandler({ logger: fakeLogger().asLogger, home })(args);
    expect(calls).toEqual(['home.claimWelcome', 'chat.postMessage']);
    expect(home.claimWelcome).toHaveBeenCalledWith(TEAM, USER);
    expect(client.chat.postMessage).toHaveBeenCalledWith({ channel: USER, ...welcomeMessage() });
  });

  it('Messages tab, welcome already claimed (a retry or a later visit): sends nothing', async () => {
    const { args, calls } = opened('messages');
    const { home } = homeService(calls, false);
    await appHomeOpenedHandler({ logger: fakeLogger().asLogger, home })(args);
    expect(calls).toEqual(['home.claimWelcome']);
  });

  it('Messages tab, Slack refuses the DM: gives the claim back and lets the error through', async () => {
    const { args, calls, client } = opened('messages');
    const { home } = homeService(calls, true);
    const refused = new Error('An API error occurred: channel_not_found');
    client.chat.postMessage.mockRejectedValueOnce(refused);
    await expect(appHomeOpenedHandler({ logger: fakeLogger().asLogger, home })(args)).rejects.toBe(refused);
    expect(calls).toEqual(['home.claimWelcome', 'home.releaseWelcome']);
    expect(home.releaseWelcome).toHaveBeenCalledWith(TEAM, USER);
  });

  it('any other tab: does nothing', async () => {
    const { args, calls } = opened('about');
    const { home } = homeService(calls, true);
    await appHomeOpenedHandler({ logger: fakeLogger().asLogger, home })(args);
    expect(calls).toEqual([]);
  });
});
