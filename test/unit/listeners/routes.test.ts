/**
 * ListenerRoutes picks the handler of a payload by kind and id, as Bolt's listener matchers did,
 * and hands anything it does not route on to Bolt (next), which payload-shape.ts then acks.
 */
import type { App } from '@slack/bolt';
import { ListenerRoutes, type RouteHandler } from '../../../listeners/routes';

const handler = (): RouteHandler => jest.fn(async () => undefined);

function routed() {
  const h = { cmd: handler(), event: handler(), action: handler(), view: handler() };
  const routes = new ListenerRoutes()
    .add('command', '/plusplus', h.cmd)
    .add('event', 'app_home_opened', h.event)
    .add('action', 'home_test_me', h.action)
    .add('view', 'mapping_modal', h.view);
  return { routes, h };
}

describe('ListenerRoutes', () => {
  const { routes, h } = routed();

  it('routes commands by name, events by type, buttons by action id, submissions by callback id', () => {
    expect(routes.handlerFor({ command: '/plusplus', text: 'help' })).toBe(h.cmd);
    expect(routes.handlerFor({ type: 'event_callback', event: { type: 'app_home_opened' } })).toBe(h.event);
    expect(routes.handlerFor({ type: 'block_actions', actions: [{ action_id: 'home_test_me' }] })).toBe(
      h.action,
    );
    expect(routes.handlerFor({ type: 'view_submission', view: { callback_id: 'mapping_modal' } })).toBe(
      h.view,
    );
  });

  it('routes nothing it does not know, whatever the shape', () => {
    for (const body of [
      { command: '/other' },
      { type: 'event_callback', event: { type: 'message' } },
      { type: 'event_callback' },
      { type: 'block_actions', actions: [] },
      { type: 'block_actions', actions: [{ action_id: 7 }] },
      // A view submission's callback id is not an action id, nor the other way round.
      { type: 'view_submission', view: { callback_id: 'home_test_me' } },
      { type: 'block_actions', actions: [{ action_id: 'mapping_modal' }] },
      { type: 'view_closed', view: { callback_id: 'mapping_modal' } },
      { type: 'shortcut', callback_id: 'mapping_modal' },
      {},
    ]) {
      expect(routes.handlerFor(body)).toBeUndefined();
    }
  });

  it('refuses an id routed twice', () => {
    expect(() => new ListenerRoutes().add('event', 'x', handler()).add('event', 'x', handler())).toThrow(
      'event x is routed twice',
    );
  });

  it("mounts one middleware that calls the handler with Bolt's arguments, or next() when unrouted", async () => {
    const used: Array<(args: unknown) => Promise<void>> = [];
    routes.mount({ use: (m: (args: unknown) => Promise<void>) => used.push(m) } as unknown as App);
    expect(used).toHaveLength(1);
    const next = jest.fn(async () => undefined);
    const args = { body: { command: '/plusplus' }, next };
    await used[0]!(args);
    expect(h.cmd).toHaveBeenCalledWith(args);
    expect(next).not.toHaveBeenCalled();
    await used[0]!({ body: { command: '/nope' }, next });
    expect(next).toHaveBeenCalledTimes(1);
  });
});
