/**
 * The sandbox reaching an app the way the app is configured, as Slack does: over its Socket Mode
 * connection when the app has `socketMode` on, else by signed POSTs to its `eventsUrl` with its
 * signing secret. `Sandbox.driverFor` is this; anything in the sandbox that plays Slack towards
 * an app (the playground page's clicks and commands) should build its driver here too.
 */
import { SlackDriver, type SlackDriverOptions } from './driver';
import { SandboxUsageError } from './errors';
import type { SocketModeHub } from './socket-mode';
import type { SandboxState } from './state';

export function appDriver(
  state: SandboxState,
  hub: SocketModeHub,
  clientId: string,
  o: Partial<SlackDriverOptions> = {},
): SlackDriver {
  const app = state.app(clientId);
  const install = [...state.installs.values()].find((i) => i.appId === app.appId);
  const common = { apiAppId: app.appId, botUserId: install?.botUserId, ...o };
  if (app.socketMode) {
    return new SlackDriver({
      signingSecret: app.signingSecret,
      socket: (d) => hub.deliver(app.appId, d),
      ...common,
    });
  }
  if (!app.eventsUrl) {
    throw new SandboxUsageError(`app ${app.appId} has neither Socket Mode nor an eventsUrl`, 409);
  }
  const events = new URL(app.eventsUrl);
  return new SlackDriver({
    appUrl: events.origin,
    path: events.pathname,
    signingSecret: app.signingSecret,
    ...common,
  });
}
