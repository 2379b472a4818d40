/**
 * renderMessage: a RenderContext and a template → the fallback text and the message's parts
 * (header, body sections, button, context lines), escaped and cut to Block Kit's limits. Data
 * only: the Block Kit JSON is made from the parts by views/messages/notification.ts. Never throws
 * for bad data or a bad stored template (it falls back to the default template); every limit is
 * kept by cutting with `…`.
 */
import { DEFAULT_BUTTON_LABEL, DEFAULT_TEMPLATES, KIND_LABELS, OPT_OUT_TEXT } from './defaults';
import { defaultTemplate } from './defaults-i18n';
import { RenderBudgetExceeded, renderField, SlackMarkup } from './engine';
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

/**
 * Renders every field of a template; throws on a Mustache syntax error, or a RenderBudgetExceeded
 * naming the field that went past the budget.
 */
export function renderFields(template: TemplateSource, view: object): RenderedFields {
  const one = (field: TemplateField, mode: 'plain' | 'mrkdwn'): string => {
    const text = template[field];
    if (!text) return '';
    try {
      return renderField(text, view, mode);
    } catch (error) {
      if (error instanceof RenderBudgetExceeded) error.field = field;
      throw error;
    }
  };
  return {
    header: one('header', 'plain'),
    body: one('body', 'mrkdwn'),
    button_label: one('button_label', 'plain'),
    context: one('context', 'mrkdwn'),
  };
}

/** Header and button text are single lines. */
function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Cuts rendered fields to Block Kit's limits. */
export function fitToBlockKit(
  fields: RenderedFields,
  url: string | undefined,
  appText: RenderContext['appText'] = {},
): NotificationViewModel {
  const header = truncate(oneLine(fields.header), BLOCK_KIT_LIMITS.header_text);
  const why = truncate(fields.context.trim(), BLOCK_KIT_LIMITS.context_text);
  // The opt-out line in the reader's language (trusted catalogue text, cut like any context).
  const optOut = truncate(appText.optOut || OPT_OUT_TEXT, BLOCK_KIT_LIMITS.context_text);
  const vm: NotificationViewModel = {
    sections: splitText(fields.body, BLOCK_KIT_LIMITS.section_text, MAX_BODY_SECTIONS),
    context: why ? [why, optOut] : [optOut],
  };
  if (header) vm.header = header;
  if (url && url.length <= BLOCK_KIT_LIMITS.button_url) {
    const label = truncate(oneLine(fields.button_label), BLOCK_KIT_LIMITS.button_text);
    const fallback = truncate(
      oneLine(appText.defaultButton || DEFAULT_BUTTON_LABEL),
      BLOCK_KIT_LIMITS.button_text,
    );
    vm.button = { label: label || fallback, url };
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
 * template that cannot be used (syntax error, wrong types, too long), or that would go past the
 * render budget with this `data` (RENDER_BUDGET), is replaced by the default and
 * `usedDefaultTemplate` is set, with the reason: a notification is never lost to a bad template.
 */
export function renderMessage(ctx: RenderContext, template?: TemplateSource): RenderedMessage {
  const kind = ctx.type;
  if (!Object.hasOwn(DEFAULT_TEMPLATES, kind)) throw new TypeError(`Unknown template kind: ${String(kind)}`);
  const view = buildView(ctx);
  let fields: RenderedFields | undefined;
  let usedDefaultTemplate = false;
  let budgetExceeded: RenderBudgetExceeded | undefined;
  if (template !== undefined && usable(template)) {
    try {
      fields = renderFields(template, view);
    } catch (error) {
      // Past the render budget (hostile or unusual `data`): the default template, which renders
      // only the bounded content fields, still delivers the notification.
      if (error instanceof RenderBudgetExceeded) budgetExceeded = error;
      fields = undefined;
    }
  }
  if (!fields) {
    usedDefaultTemplate = template !== undefined;
    fields = renderFields(defaultTemplate(kind, ctx.locale), view);
  }
  const url = (view.content as Record<string, string>).url || undefined;
  const vm = fitToBlockKit(fields, url, ctx.appText);
  const message: RenderedMessage = { text: fallbackText(kind, vm, view), view: vm };
  if (usedDefaultTemplate) {
    message.usedDefaultTemplate = true;
    message.defaultTemplateReason = budgetExceeded ? 'render_budget' : 'unrenderable';
    if (budgetExceeded) {
      message.renderBudgetMessage = budgetExceeded.message;
      if (budgetExceeded.field) message.renderBudgetField = budgetExceeded.field;
    }
  }
  return message;
}
