/**
 * Notification templates: the Mustache engine set up for Slack, the default templates, the
 * renderer that turns a notification into its text and message parts (views/messages makes the
 * Block Kit of them), and template validation.
 * See docs/templates.md.
 */

export { type ChangeReply, changedParts, changedWords, changeReply } from './changes';
export {
  DEFAULT_BUTTON_LABEL,
  DEFAULT_TEMPLATES,
  KIND_LABELS,
  OPT_OUT_TEXT,
  TEMPLATE_VARIABLES,
} from './defaults';
export { BLOCK_KIT_LIMITS, CONTENT_LIMITS, MAX_BODY_SECTIONS, TEMPLATE_SOURCE_LIMITS } from './limits';
export { renderMessage } from './render';
export { escapeSlack } from './text';
export type {
  ChangeContext,
  ChangedPart,
  ChangeVariant,
  NotificationContent,
  NotificationType,
  NotificationViewModel,
  RenderContext,
  RenderedMessage,
  TemplateField,
  TemplateKind,
  TemplateProblem,
  TemplateProblemCode,
  TemplateSource,
  VariantKind,
} from './types';
export { NOTIFICATION_TYPES, TEMPLATE_KINDS, VARIANT_KINDS, variantKind } from './types';
export { validateTemplate } from './validate';
export { safeUrl } from './view-data';
