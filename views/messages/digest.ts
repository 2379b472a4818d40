/**
 * Block Kit for a digest (issue 21, design §4 "Timing"): several notifications to one member that
 * came due together, as one DM, in the member's language (issue 22). Pure: the items arrive as data
 * (titles and links unescaped, the "when" already as mrkdwn from src/domain/templates/dates.ts in
 * the member's locale and zone); every user string is escaped here. Within Block Kit's limits by
 * construction: at most 10 items (one section each), a header, a "more" line and the context line
 * — 14 blocks of the 50 — and every text clipped to its limit.
 */
import type { DigestModel } from '../../src/domain/timing/digest';
import { escapeSlack } from '../escape';
import { type Block, CONTEXT_TEXT_MAX, clip, HEADER_TEXT_MAX, SECTION_TEXT_MAX } from '../home/blocks';
import { EN, type Lang } from '../i18n';
import { kindLabel } from '../i18n/kinds';

/** Block Kit's hard limit, and ours: no digest can come near it. */
export const DIGEST_MAX_ITEMS = 10;
const TITLE_MAX = 300;
const FALLBACK_MAX = 3000;

const verbatim = (text: string, max: number) => ({
  type: 'mrkdwn' as const,
  text: clip(text, max) || ' ',
  verbatim: true,
});

/** A link target safe inside `<…|…>`: http(s) only, and no character that would end the markup. */
function safeUrl(url: string | undefined): string | undefined {
  if (!url || !/^https?:\/\//i.test(url)) return undefined;
  return url.replace(/[|<> ]/g, encodeURIComponent);
}

const total = (m: DigestModel) => m.items.length + m.more;

export function digestHeaderText(m: DigestModel, l: Lang = EN): string {
  return l.t('digest.header', { count: total(m) });
}

function itemText(item: DigestModel['items'][number], l: Lang): string {
  const title = clip(escapeSlack(item.title), TITLE_MAX);
  const url = safeUrl(item.url);
  const head = url ? `*<${url}|${title}>*` : `*${title}*`;
  const label = kindLabel(item.type, l) ?? escapeSlack(item.type);
  const line2 = [label, item.whenMrkdwn].filter(Boolean).join(' · ');
  return `${head}\n${line2}`;
}

export function digestBlocks(m: DigestModel, l: Lang = EN): Block[] {
  const blocks: Block[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: clip(digestHeaderText(m, l), HEADER_TEXT_MAX), emoji: true },
    },
  ];
  for (const item of m.items.slice(0, DIGEST_MAX_ITEMS)) {
    blocks.push({ type: 'section', text: verbatim(itemText(item, l), SECTION_TEXT_MAX) });
  }
  if (m.more > 0) {
    const url = safeUrl(m.moreUrl);
    const more = url ? l.t('digest.moreLink', { count: m.more, url }) : l.t('digest.more', { count: m.more });
    blocks.push({ type: 'section', text: verbatim(more, SECTION_TEXT_MAX) });
  }
  blocks.push({
    type: 'context',
    elements: [verbatim(l.t('digest.context', { optOut: l.t('notification.optOut') }), CONTEXT_TEXT_MAX)],
  });
  return blocks;
}

/** The notification and fallback text: every item's title and time on one line. */
export function digestText(m: DigestModel, l: Lang = EN): string {
  const items = m.items.map((i) =>
    l.t('digest.textItem', {
      title: escapeSlack(i.title),
      hasWhen: i.whenPlain ? 'yes' : 'no',
      when: i.whenPlain ?? '',
    }),
  );
  return clip(
    l.t('digest.text', { count: total(m), items: items.join(l.t('digest.textSeparator')), more: m.more }),
    FALLBACK_MAX,
  );
}

export function digestMessage(m: DigestModel, l: Lang = EN): { text: string; blocks: Block[] } {
  return { text: digestText(m, l), blocks: digestBlocks(m, l) };
}
