import type { DemoApp } from './app-process';
import { type ContextOptions, createContext } from './context';
import type { Step } from './runner';
import { lifecycleSteps } from './steps/lifecycle';
import { matchingSteps } from './steps/matching';
import { notificationSteps } from './steps/notifications';
import { setupSteps } from './steps/setup';

/**
 * The walk through the product (issue #10 item 5), in order. Every step uses an interface a real
 * party uses: the PlusPlus backend's signed internal API, a browser following the Connect link,
 * Slack itself (the fake Slack's OAuth page, Web API, and its signed events and slash commands via
 * the driver), and the fake Slack's control API for what a Slack admin or Slack would do (create
 * workspaces, approve the app, deactivate a member, uninstall).
 */
export function scenario(app: DemoApp, o: ContextOptions = {}): Step[] {
  const ctx = createContext(app, o);
  return [...setupSteps(ctx), ...matchingSteps(ctx), ...notificationSteps(ctx), ...lifecycleSteps(ctx)];
}
