/**
 * renderMessage: a RenderContext and a template → text + blocks that Slack accepts. Never throws
 * for bad data or a bad stored template (it falls back to the default template); every limit is
 * kept by cutting with `…`.
 */
import { notificationBlocks } from '../../../views/messages/notification';
import { DEFAULT_BUTTON_LABEL, DEFAULT_TEMPLATES, KIND_LABELS, OPT_OUT_TEXT } from './defaults';
import { renderField, SlackMarkup } from './engine';
import { BLOCK_KIT_LIMITS, MAX_BODY_SECTIONS, TEMPLATE_SOURCE_LIMITS } from './limits';
import { escapeSlack, splitText, truncate } from './text';
import type {
  NotificationViewModel,
  RenderContext,
  RenderedMessage,
  TemplateField,
  TemplateKind,
  TemplateSource,
} from './types';
import { buildView } from './view-data';

/** The four fields rendered, not yet cut to limits. */
export interface RenderedFields {
  header: string;
  body: string;
  button_label: string;
  context: string;
}

const FIELDS: TemplateField[] = ['header', 'body', 'button_label', 'context'];

function usable(template: TemplateSource | undefined): template is TemplateSource {
  if (!template || typeof template !== 'object') return false;
  return FIELDS.every((f) => {
    const v = template[f];
    if (f === 'body' && typeof v !== 'string') return false;
    return v === undefined || (typeof v === 'string' && v.length <= TEMPLATE_SOURCE_LIMITS[f]);
  });
}

/** Renders every field of a template; throws on a Mustache syntax error. */
export function renderFields(template: TemplateSource, view: object): RenderedFields {
  return {
    header: template.header ? renderField(template.header, view, 'plain') : '',
    body: renderField(template.body, view, 'mrkdwn'),
    button_label: template.button_label ? renderField(template.button_label, view, 'plain') : '',
    context: template.context ? renderField(template.context, view, 'mrkdwn') : '',
  };
}

/** Header and button text are single lines. */
function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Cuts rendered fields to Block Kit's limits. */
export function fitToBlockKit(fields: RenderedFields, url: string | undefined): NotificationViewModel {
  const header = truncate(oneLine(fields.header), BLOCK_KIT_LIMITS.header_text);
  const why = truncate(fields.context.trim(), BLOCK_KIT_LIMITS.context_text);
  const vm: NotificationViewModel = {
    sections: splitText(fields.body, BLOCK_KIT_LIMITS.section_text, MAX_BODY_SECTIONS),
    context: why ? [why, OPT_OUT_TEXT] : [OPT_OUT_TEXT],
  };
  if (header) vm.header = header;
  if (url && url.length <= BLOCK_KIT_LIMITS.button_url) {
    const label = truncate(oneLine(fields.button_label), BLOCK_KIT_LIMITS.button_text);
    vm.button = { label: label || DEFAULT_BUTTON_LABEL, url };
  }
  return vm;
}

/**
 * The notification text (push notifications, clients without blocks): the header, the title and
 * the written-out date, all escaped; no links, mentions or date tokens.
 */
function fallbackText(kind: TemplateKind, vm: NotificationViewModel, view: Record<string, unknown>): string {
  let text = vm.header ?? escapeSlack(KIND_LABELS[kind]);
  const content = view.content as Record<string, string>;
  const title = escapeSlack(content.title);
  if (kind !== 'test_message' && title && !text.includes(title)) text += `: ${title}`;
  if (kind !== 'test_message' && view.when_text instanceof SlackMarkup)
    text += ` (${view.when_text.plainText()})`;
  return truncate(text, BLOCK_KIT_LIMITS.message_text);
}

/**
 * Renders a message of `ctx.type` with `template` (default: `DEFAULT_TEMPLATES[ctx.type]`). A
 * template that cannot be used (syntax error, wrong types, too long) is replaced by the default
 * and `usedDefaultTemplate` is set: a notification is never lost to a bad template.
 */
export function renderMessage(ctx: RenderContext, template?: TemplateSource): RenderedMessage {
  const kind = ctx.type;
  if (!Object.hasOwn(DEFAULT_TEMPLATES, kind)) throw new TypeError(`Unknown template kind: ${String(kind)}`);
  const view = buildView(ctx);
  let fields: RenderedFields | undefined;
  let usedDefaultTemplate = false;
  if (template !== undefined && usable(template)) {
    try {
      fields = renderFields(template, view);
    } catch {
      fields = undefined;
    }
  }
  if (!fields) {
    usedDefaultTemplate = template !== undefined;
    fields = renderFields(DEFAULT_TEMPLATES[kind], view);
  }
  const url = (view.content as Record<string, string>).url || undefined;
  const vm = fitToBlockKit(fields, url);
  const message: RenderedMessage = { text: fallbackText(kind, vm, view), blocks: notificationBlocks(vm) };
  if (usedDefaultTemplate) message.usedDefaultTemplate = true;
  return message;
}
