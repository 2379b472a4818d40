/**
 * registerListeners wires a handler to every id the views use and every event the manifest
 * subscribes to, once each. A fake App records what is registered; nothing is called.
 */
import type { App } from '@slack/bolt';
import { type ListenerDeps, registerListeners } from '../../../listeners';
import { actionHandlers } from '../../../listeners/actions';
import { eventHandlers } from '../../../listeners/events';
import { submissionHandlers } from '../../../listeners/view-submissions';
import { BOT_EVENTS } from '../../../src/slack/manifest';
import {
  HomeAction,
  MappingAction,
  ModalCallback,
  TemplateAction,
  UnmatchedAction,
} from '../../../views/ids';
import { TimingAction, TimingModalCallback } from '../../../views/timing-ids';

function recordingApp() {
  const registered = {
    action: [] as unknown[],
    event: [] as unknown[],
    view: [] as unknown[],
    command: [] as unknown[],
  };
  const record = (kind: keyof typeof registered) => (id: unknown, handler: unknown) => {
    expect(typeof handler).toBe('function');
    registered[kind].push(id instanceof RegExp ? id : typeof id === 'string' ? id : JSON.stringify(id));
  };
  const app = {
    action: record('action'),
    event: record('event'),
    view: record('view'),
    command: record('command'),
  } as unknown as App;
  return { app, registered };
}

describe('registerListeners', () => {
  const { app, registered } = recordingApp();
  registerListeners(app, {} as ListenerDeps);

  it('handles every button id of App Home and the modals, once', () => {
    const ids = [
      ...Object.values(HomeAction),
      MappingAction.Preview,
      TemplateAction.Preview,
      TemplateAction.PreviewLink,
      ...Object.values(UnmatchedAction),
      TimingAction.Edit,
    ];
    expect([...actionHandlers({} as ListenerDeps).keys()].sort()).toEqual([...ids].sort());
  });

  it('registers one Bolt listener for all of them (Bolt runs the matchers of every listener per request)', () => {
    expect(registered.action).toEqual([JSON.stringify({ type: 'block_actions' })]);
  });

  it('handles every event in the manifest, once, in one Bolt listener', () => {
    expect(Object.keys(eventHandlers({} as ListenerDeps)).sort()).toEqual([...BOT_EVENTS].sort());
    expect(registered.event).toHaveLength(1);
    const pattern = registered.event[0] as RegExp;
    for (const name of BOT_EVENTS) expect(pattern.test(name)).toBe(true);
    for (const name of ['message', 'app_mention', 'team_join_extra', 'x_user_change']) {
      expect(pattern.test(name)).toBe(false);
    }
  });

  it('handles the submissions of the modals that can be submitted in one listener, and /plusplus', () => {
    expect([...submissionHandlers({} as ListenerDeps).keys()].sort()).toEqual(
      [ModalCallback.Mapping, ModalCallback.Template, TimingModalCallback].sort(),
    );
    expect(registered.view).toEqual([JSON.stringify({ type: 'view_submission' })]);
    expect(registered.command).toEqual(['/plusplus']);
  });
});
