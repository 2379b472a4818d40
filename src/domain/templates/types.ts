/**
 * Types of the notification renderer. Kept apart from the engine so that `views/messages` can
 * import them without pulling in Mustache.
 */
import type { KnownBlock } from '@slack/types';

export type { KnownBlock };

/** The notification types of the internal API (`POST /notifications`, design §4). */
export type NotificationType = 'invite' | 'enrollment' | 'assignment' | 'reminder';

/** Every message the app renders from a template. */
export type TemplateKind = NotificationType | 'track_welcome' | 'test_message';

export const NOTIFICATION_TYPES: readonly NotificationType[] = [
  'invite',
  'enrollment',
  'assignment',
  'reminder',
];
export const TEMPLATE_KINDS: readonly TemplateKind[] = [
  ...NOTIFICATION_TYPES,
  'track_welcome',
  'test_message',
];

/** The content item a notification is about (the `content` object of `POST /notifications`). */
export interface NotificationContent {
  id: string;
  title: string;
  /** Only `http:`/`https:` URLs are used; anything else is dropped. */
  url?: string;
  /** ISO 8601 date-time. */
  starts_at?: string;
  /** ISO 8601 date-time. */
  ends_at?: string;
  location?: string;
  description?: string;
}

/** Everything a template can draw on. Every string in it is untrusted and gets escaped. */
export interface RenderContext {
  type: TemplateKind;
  content: NotificationContent;
  /** Extra template variables (`{{data.key}}`): JSON values; functions and the like are dropped. */
  data?: Record<string, unknown>;
  recipient?: { name?: string | null };
  /** Who caused the message (the inviter, the assigner, who asked for the test message). */
  actor?: { name?: string | null };
  tenantName?: string;
  /** IANA time zone for the written-out dates (the fallbacks); default and fallback `UTC`. */
  timeZone?: string;
}

/** A message ready for chat.postMessage: `text` is the notification/fallback text. */
export interface RenderedMessage {
  text: string;
  blocks: KnownBlock[];
  /** Set when the given template could not be used (it does not parse) and the default was. */
  usedDefaultTemplate?: boolean;
}

/**
 * The editable parts of a template, each a Mustache template.
 * - `header`: plain text (a header block), optional;
 * - `body`: Slack mrkdwn, one or more section blocks, required;
 * - `button_label`: plain text of the link button to `content.url`, optional (default label);
 * - `context`: mrkdwn, the "why you got this" line, optional. The "how to turn this off" line is
 *   always added after it and is not editable (Slack Marketplace guidelines).
 */
export interface TemplateSource {
  header?: string;
  body: string;
  button_label?: string;
  context?: string;
}

export type TemplateField = keyof TemplateSource;

export type TemplateProblemCode =
  | 'invalid_type'
  | 'required'
  | 'too_long'
  | 'syntax'
  | 'unknown_variable'
  | 'unsupported_tag'
  | 'unsafe_markup'
  | 'exceeds_block_kit_limit';

/** One problem found by `validateTemplate`. */
export interface TemplateProblem {
  field: TemplateField;
  message: string;
  code: TemplateProblemCode;
  /** 0-based offset in the field's template text, when the problem has a place. */
  position?: number;
  /** 1-based line and column of `position`. */
  line?: number;
  column?: number;
}

/**
 * What the view turns into blocks: every string already rendered, escaped for Slack and cut to
 * Block Kit's limits (the view only shapes JSON).
 */
export interface NotificationViewModel {
  /** plain_text, 1..150 characters, or absent. */
  header?: string;
  /** mrkdwn, each 1..3000 characters; at most `MAX_BODY_SECTIONS`. */
  sections: string[];
  /** A link button; `url` is http(s) and ≤ 3000 characters, `label` 1..75 characters. */
  button?: { label: string; url: string };
  /** mrkdwn context elements, each 1..3000 characters, at most 10. */
  context: string[];
}
