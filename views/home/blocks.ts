import { escapeSlack } from '../escape';
import type { Lang } from '../i18n';

/**
 * Small Block Kit helpers shared by App Home and the modals. Text limits are Slack's: section text
 * 3000 characters, a field 2000, header and button text 150 and 75 (plain_text).
 */
export type Block = Record<string, unknown>;

export const SECTION_TEXT_MAX = 3000;
export const FIELD_TEXT_MAX = 2000;
export const HEADER_TEXT_MAX = 150;
export const BUTTON_TEXT_MAX = 75;
export const CONTEXT_TEXT_MAX = 2000;

/** Cuts text to `max` characters with an ellipsis; applied after escaping, so never mid-entity. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && amp > cut.length - 5 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return `${cut}…`;
}

/** Escaped, clipped user text for mrkdwn. */
export const esc = (text: string, max = 200): string => clip(escapeSlack(text), max);

export const plain = (text: string, max = SECTION_TEXT_MAX) => ({
  type: 'plain_text' as const,
  text: clip(text, max) || ' ',
  emoji: true,
});
export const mrkdwn = (text: string, max = SECTION_TEXT_MAX) => ({
  type: 'mrkdwn' as const,
  text: clip(text, max) || ' ',
});

export const header = (text: string): Block => ({ type: 'header', text: plain(text, HEADER_TEXT_MAX) });
export const divider = (): Block => ({ type: 'divider' });
export const section = (text: string, accessory?: Block): Block => ({
  type: 'section',
  text: mrkdwn(text),
  ...(accessory ? { accessory } : {}),
});
export const context = (text: string): Block => ({
  type: 'context',
  elements: [mrkdwn(text, CONTEXT_TEXT_MAX)],
});

export function button(o: {
  text: string;
  actionId: string;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
}): Block {
  return {
    type: 'button',
    text: plain(o.text, BUTTON_TEXT_MAX),
    action_id: o.actionId,
    ...(o.value !== undefined ? { value: o.value } : {}),
    ...(o.url ? { url: o.url } : {}),
    ...(o.style ? { style: o.style } : {}),
  };
}

export const actions = (blockId: string, elements: Block[]): Block => ({
  type: 'actions',
  block_id: blockId,
  elements,
});

/** Slack formats the date in the reader's time zone; the ISO text is the fallback. */
export function slackDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return esc(iso);
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} at {time}|${esc(iso)}>`;
}

/**
 * A date for one reader: en-US keeps Slack's token (Slack shows it in the reader's zone, in
 * English); any other language gets the date written out by Intl in the reader's locale and zone,
 * since the token's words would be English.
 */
export function readerDate(iso: string, l: Lang): string {
  const ms = Date.parse(iso);
  if (l.locale === 'en-US' || Number.isNaN(ms)) return slackDate(iso);
  return esc(l.dateTime(new Date(ms)));
}

/** A Slack user mention for an id we got from Slack (only `[A-Z0-9]` survive). */
export function mention(slackUserId: string): string {
  const id = slackUserId.replace(/[^A-Z0-9]/gi, '');
  return id ? `<@${id}>` : 'someone';
}

export const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
