/**
 * Checks shared by the template tests: Slack's Block Kit limits (the sandbox's checker plus an
 * independent one here) and "nothing unsafe got through" checks on every text in a message.
 */
import {
  type RenderContext,
  type RenderedMessage,
  renderMessage,
  type TemplateSource,
} from '../../../../src/domain/templates';
import { checkMessageBlocks } from '../../../../src/sandbox/block-kit';
import { type NotificationMessage, notificationMessage } from '../../../../views/messages/notification';

/** A notification as it is posted: the domain's rendering and the blocks views/messages makes of it. */
export type PostedMessage = RenderedMessage & NotificationMessage;

/** renderMessage, then the message's blocks (what delivery posts). */
export function renderPosted(ctx: RenderContext, template?: TemplateSource): PostedMessage {
  const rendered = renderMessage(ctx, template);
  return { ...rendered, ...notificationMessage(rendered) };
}

type Obj = Record<string, unknown>;

/** Every text object (`{type: plain_text|mrkdwn, text}`) in the blocks, with its JSON path. */
export function textObjects(value: unknown, path = ''): { path: string; type: string; text: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => textObjects(v, `${path}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  const o = value as Obj;
  const own =
    (o.type === 'plain_text' || o.type === 'mrkdwn') && typeof o.text === 'string'
      ? [{ path, type: o.type, text: o.text }]
      : [];
  return [...own, ...Object.entries(o).flatMap(([k, v]) => textObjects(v, `${path}/${k}`))];
}

/** Problems with a message against Block Kit's limits; [] when valid. */
export function blockKitProblems(m: PostedMessage): string[] {
  const problems = [...checkMessageBlocks(m.blocks)];
  if (typeof m.text !== 'string' || m.text.trim() === '') problems.push('text: empty');
  if (m.text.length > 40_000) problems.push('text: longer than 40000');
  if (m.blocks.length === 0 || m.blocks.length > 50) problems.push(`blocks: ${m.blocks.length}`);
  m.blocks.forEach((b, i) => {
    const block = b as unknown as Obj;
    const text = block.text as Obj | undefined;
    if (block.type === 'header' && (text?.type !== 'plain_text' || String(text.text).length > 150))
      problems.push(`/blocks/${i}: header`);
    if (block.type === 'section' && (!text || String(text.text).length > 3000))
      problems.push(`/blocks/${i}: section`);
    if (block.type === 'context') {
      const els = block.elements as Obj[];
      if (els.length < 1 || els.length > 10) problems.push(`/blocks/${i}: context elements`);
    }
    if (block.type === 'actions') {
      for (const e of block.elements as Obj[]) {
        const label = String((e.text as Obj).text);
        if (label.length < 1 || label.length > 75) problems.push(`/blocks/${i}: button text`);
        if (typeof e.url === 'string' && (e.url.length > 3000 || !/^https?:\/\//.test(e.url)))
          problems.push(`/blocks/${i}: button url`);
      }
    }
  });
  for (const t of textObjects(m.blocks)) if (t.text.length === 0) problems.push(`${t.path}: empty text`);
  return problems;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Problems with the escaping of a message: HTML entities, a bare or broken `&`, lone surrogates,
 * sentinels, and any `<…>` span other than date tokens and the allowed links.
 */
export function safetyProblems(m: PostedMessage, allowedLinks: string[] = []): string[] {
  const problems: string[] = [];
  const texts = [{ path: 'text', type: 'mrkdwn', text: m.text }, ...textObjects(m.blocks)];
  for (const t of texts) {
    if (/&#|&quot;|&apos;|&#x27;/.test(t.text)) problems.push(`${t.path}: HTML entity`);
    if (/&(?!amp;|lt;|gt;)/.test(t.text)) problems.push(`${t.path}: bare &`);
    if (LONE_SURROGATE.test(t.text)) problems.push(`${t.path}: lone surrogate`);
    if (/[\uE000-\uE003]/.test(t.text)) problems.push(`${t.path}: sentinel`);
    const spans = t.text.match(/<[^>]*>?/g) ?? [];
    for (const span of spans) {
      const ok =
        t.type === 'mrkdwn' &&
        t.path !== 'text' &&
        (/^<!date\^\d+\^[^|<>]+\|[^<>]+>$/.test(span) || allowedLinks.includes(span));
      if (!ok) problems.push(`${t.path}: markup ${span}`);
    }
  }
  return problems;
}
