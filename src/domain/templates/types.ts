/**
 * Types of the notification renderer. Kept apart from the engine so that `views/messages` can
 * import them without pulling in Mustache.
 */
import type { KnownBlock } from '@slack/types';

export type { KnownBlock };

/** The notification types of the internal API (`POST /notifications`, design §4). */
export type NotificationType = 'invite' | 'enrollment' | 'assignment' | 'reminder';

/**
 * The versions of a sent DM after its notification changed (issue 20): `updated` (the new details
 * with an "Updated" line) and `cancelled`. Each notification type has both, as template kinds
 * `<type>_updated` and `<type>_cancelled`.
 */
export type ChangeVariant = 'updated' | 'cancelled';
export type VariantKind = `${NotificationType}_${ChangeVariant}`;

/** Every message the app renders from a template. */
export type TemplateKind =
  | NotificationType
  | VariantKind
  | 'track_welcome'
  | 'track_cancelled'
  | 'test_message';

export const NOTIFICATION_TYPES: readonly NotificationType[] = [
  'invite',
  'enrollment',
  'assignment',
  'reminder',
];
/** The change variants, type by type (`invite_updated`, `invite_cancelled`, …). */
export const VARIANT_KINDS: readonly VariantKind[] = NOTIFICATION_TYPES.flatMap((t) => [
  `${t}_updated` as const,
  `${t}_cancelled` as const,
]);
export const TEMPLATE_KINDS: readonly TemplateKind[] = [
  ...NOTIFICATION_TYPES,
  ...VARIANT_KINDS,
  'track_welcome',
  'track_cancelled',
  'test_message',
];

/** The template kind of a notification type's change variant. */
export const variantKind = (type: NotificationType, variant: ChangeVariant): VariantKind =>
  `${type}_${variant}`;

/** What a change changed, as the "Updated" line names it. */
export type ChangedPart = 'time' | 'place' | 'title' | 'details';

/** A change to a notification, as its `updated` / `cancelled` templates see it. */
export interface ChangeContext {
  cancelled?: boolean;
  /** Updated: what differs from the version the DM showed. */
  parts?: ChangedPart[];
  /** Cancelled: the reason given, if any. */
  reason?: string;
  /** The version the DM showed before (for `{{previous.…}}`). */
  previous?: NotificationContent;
}

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
  /** `slackUserId`: whose language and zone the message is written in (the DM's recipient). */
  recipient?: { name?: string | null; slackUserId?: string };
  /** Who caused the message (the inviter, the assigner, who asked for the test message). */
  actor?: { name?: string | null };
  tenantName?: string;
  /** IANA time zone for the written-out dates (the fallbacks); default and fallback `UTC`. */
  timeZone?: string;
  /**
   * The reader's locale (issue 22): dates are written in it, and the default template of that
   * language is used (src/domain/templates/defaults-i18n.ts); default en-US.
   */
  locale?: string;
  /**
   * The app's own lines in the reader's language, from the views' catalogue (the domain does not
   * need it): the opt-out line and the default button label. Default: en-US.
   */
  appText?: { optOut?: string; defaultButton?: string };
  /**
   * Canonical locale tags in fallback order (the member's Slack locale, the tenant's
   * default_locale): which of the tenant's language variants applies (src/app/template-editing).
   * The renderer itself does not read it.
   */
  localeCandidates?: string[];
  /** For the `<type>_updated` / `<type>_cancelled` kinds (and `track_cancelled`'s reason): what changed. */
  change?: ChangeContext;
}

/**
 * A rendered message: `text` is the notification/fallback text, `view` the parts of the message,
 * escaped and within Block Kit's limits. views/messages/notification.ts turns `view` into the
 * blocks of chat.postMessage (`notificationBlocks`).
 */
export interface RenderedMessage {
  text: string;
  view: NotificationViewModel;
  /** Set when the given template could not be used (it does not parse) and the default was. */
  usedDefaultTemplate?: boolean;
  /**
   * Why: `unrenderable` (it does not parse or has the wrong shape) or `render_budget` (with this
   * notification's `data` it would render past RENDER_BUDGET).
   */
  defaultTemplateReason?: 'unrenderable' | 'render_budget';
  /** With `render_budget`: which limit, in words, and in which field. */
  renderBudgetMessage?: string;
  renderBudgetField?: TemplateField;
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
  | 'exceeds_block_kit_limit'
  | 'nesting_too_deep'
  | 'too_expensive';

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
