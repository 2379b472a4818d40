/**
 * Block Kit for a notification message: header, body sections, a link button, and a context line
 * (why you got this + how to turn it off). Pure: the strings arrive rendered, escaped and within
 * Block Kit's limits (src/domain/templates does that); this only shapes the JSON.
 */
import type { KnownBlock, NotificationViewModel, RenderedMessage } from '../../src/domain/templates/types';

/**
 * action_id of the link button. Slack still sends a block_actions payload when a URL button is
 * clicked, so a listener must ack it (else the user sees a warning). Move to views/ids.ts.
 */
export const NOTIFICATION_OPEN_ACTION_ID = 'notification_open_url';

/**
 * `verbatim: true` on every mrkdwn object: Slack then does no automatic parsing of plain text
 * (no linking of #channel names or "certain mentions"); only explicit `<…>` markup counts, and
 * values can never produce that.
 */
function mrkdwn(text: string) {
  return { type: 'mrkdwn' as const, text, verbatim: true };
}

export function notificationBlocks(vm: NotificationViewModel): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (vm.header) {
    blocks.push({ type: 'header', text: { type: 'plain_text', text: vm.header, emoji: true } });
  }
  for (const text of vm.sections) blocks.push({ type: 'section', text: mrkdwn(text) });
  if (vm.button) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: NOTIFICATION_OPEN_ACTION_ID,
          text: { type: 'plain_text', text: vm.button.label, emoji: true },
          url: vm.button.url,
          style: 'primary',
        },
      ],
    });
  }
  if (vm.context.length > 0) blocks.push({ type: 'context', elements: vm.context.map(mrkdwn) });
  return blocks;
}

/** A notification as chat.postMessage takes it: the fallback text and the blocks. */
export interface NotificationMessage {
  text: string;
  blocks: KnownBlock[];
}

/** The message of a rendered template (src/domain/templates `renderMessage`), ready to post. */
export function notificationMessage(rendered: Pick<RenderedMessage, 'text' | 'view'>): NotificationMessage {
  return { text: rendered.text, blocks: notificationBlocks(rendered.view) };
}
