/**
 * registerListeners wires a handler to every id the views use and every event the manifest
 * subscribes to, once each, behind one global middleware. Nothing is called.
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

describe('registerListeners', () => {
  const used: unknown[] = [];
  const routes = registerListeners(
    { use: (m: unknown) => used.push(m) } as unknown as App,
    {} as ListenerDeps,
  );

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
    expect(routes.ids('action').sort()).toEqual([...ids].sort());
  });

  it("mounts one global middleware and no Bolt listener (Bolt runs every listener's matchers per request)", () => {
    expect(used).toHaveLength(1);
    expect(typeof used[0]).toBe('function');
  });

  it('handles every event in the manifest, once', () => {
    expect(Object.keys(eventHandlers({} as ListenerDeps)).sort()).toEqual([...BOT_EVENTS].sort());
    expect(routes.ids('event').sort()).toEqual([...BOT_EVENTS].sort());
  });

  it('handles the submissions of the modals that can be submitted, and /plusplus', () => {
    expect([...submissionHandlers({} as ListenerDeps).keys()].sort()).toEqual(
      [ModalCallback.Mapping, ModalCallback.Template, TimingModalCallback].sort(),
    );
    expect(routes.ids('view').sort()).toEqual(
      [ModalCallback.Mapping, ModalCallback.Template, TimingModalCallback].sort(),
    );
    expect(routes.ids('command')).toEqual(['/plusplus']);
  });
});
