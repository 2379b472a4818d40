import type { App } from '@slack/bolt';

/**
 * What to do with a correctly signed body on `POST /slack/events` before Bolt sees it:
 * - `dispatch`: a payload Bolt understands, handed to the listeners;
 * - `ack`: a well-formed envelope of a type we don't handle (`app_rate_limited`, a type Slack adds
 *   later): answered 200 at once, as Slack asks, so it is not retried;
 * - `malformed`: not a Slack payload at all (no `type`, an `event` that is not an object, `actions`
 *   that is not a list…): 400 at once.
 * Without this Bolt either throws on the shape (a 500) or finds no type and leaves the request to
 * its 3 s unhandled-request timeout, then 404 (issue 16).
 */
export type PayloadShape = 'dispatch' | 'ack' | 'malformed';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The fields Bolt reads as objects when present (`body.team.id`, `body.user.id`, …). */
const OBJECT_FIELDS = ['team', 'user', 'channel', 'view', 'container', 'enterprise', 'authorizations'];

export function classifySlackPayload(body: unknown): PayloadShape {
  if (!isObject(body)) return 'malformed';
  for (const field of OBJECT_FIELDS) {
    const value = body[field];
    if (value === undefined || value === null || typeof value === 'string') continue;
    if (field === 'authorizations' ? !Array.isArray(value) : !isObject(value)) return 'malformed';
  }
  if (body.command !== undefined) return typeof body.command === 'string' ? 'dispatch' : 'malformed';
  if (body.event !== undefined) {
    return isObject(body.event) && typeof body.event.type === 'string' ? 'dispatch' : 'malformed';
  }
  if (typeof body.type !== 'string') return 'malformed';
  switch (body.type) {
    case 'event_callback':
      return 'malformed'; // an event callback without its event
    case 'block_actions':
    case 'interactive_message':
      return Array.isArray(body.actions) && body.actions.length > 0 && body.actions.every(isObject)
        ? 'dispatch'
        : 'malformed';
    case 'view_submission':
    case 'view_closed':
      return isObject(body.view) ? 'dispatch' : 'malformed';
    case 'block_suggestion':
    case 'shortcut':
    case 'message_action':
    case 'dialog_submission':
      return 'dispatch';
    default:
      // Bolt reads `name` or `actions` as an options or action payload whatever the type says.
      if (body.actions !== undefined || body.name !== undefined) return 'malformed';
      return 'ack';
  }
}

/** Thrown for a malformed payload; the receiver's error handler answers it with 400. */
export class MalformedSlackPayload extends Error {
  constructor() {
    super('a signed request that is not a Slack payload');
    this.name = 'MalformedSlackPayload';
  }
}

/**
 * Makes every signed request get an answer at once: malformed bodies are refused, envelopes of
 * unknown types are acknowledged, and a recognised payload that no listener acknowledged (an
 * action id we don't have, say) is acknowledged once the listeners are done instead of waiting for
 * Bolt's unhandled-request timeout. Bolt awaits its listeners before `processEvent` returns, so
 * an acknowledgement after that can no longer race a listener's own.
 */
export function answerEveryRequest(app: App, onUnknown: (type: string) => void): void {
  const dispatch = app.processEvent.bind(app);
  app.processEvent = async (event) => {
    const shape = classifySlackPayload(event.body);
    if (shape === 'malformed') throw new MalformedSlackPayload();
    if (shape === 'ack') {
      onUnknown(String(event.body.type));
      await event.ack();
      return;
    }
    let acked = false;
    await dispatch({
      ...event,
      ack: (response) => {
        acked = true;
        return event.ack(response);
      },
    });
    if (!acked) await event.ack();
  };
}
