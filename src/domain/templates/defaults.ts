/**
 * Default templates and the variables each kind documents. Copy here is what recipients read:
 * short, says what happened, when and where, and (context line) why they got it.
 */
import {
  type ChangeVariant,
  NOTIFICATION_TYPES,
  type NotificationType,
  type TemplateKind,
  type TemplateSource,
  type VariantKind,
  variantKind,
} from './types';

const CONTENT_VARIABLES = [
  'content.id',
  'content.title',
  'content.url',
  'content.starts_at',
  'content.ends_at',
  'content.location',
  'content.description',
  'when',
  'when_text',
  'link',
];
const PEOPLE_VARIABLES = ['recipient.name', 'actor.name', 'tenant.name'];
/** Only the `<type>_updated` / `<type>_cancelled` kinds: what changed, and the version before. */
const CHANGE_VARIABLES = [
  'change.what',
  'change.time',
  'change.place',
  'change.title',
  'change.details',
  'change.cancelled',
  'change.reason',
  'previous.title',
  'previous.when',
  'previous.location',
];

/** One entry per change variant of every notification type. */
function perVariant<T>(make: (type: NotificationType, variant: ChangeVariant) => T): Record<VariantKind, T> {
  const out = {} as Record<VariantKind, T>;
  for (const type of NOTIFICATION_TYPES) {
    for (const variant of ['updated', 'cancelled'] as const)
      out[variantKind(type, variant)] = make(type, variant);
  }
  return out;
}

/**
 * The variables a template of each kind may use, besides `data.*` (anything the backend sent in
 * `data`). docs/templates.md explains each one.
 */
export const TEMPLATE_VARIABLES: Record<TemplateKind, string[]> = {
  invite: [...CONTENT_VARIABLES, ...PEOPLE_VARIABLES],
  enrollment: [...CONTENT_VARIABLES, ...PEOPLE_VARIABLES],
  assignment: [...CONTENT_VARIABLES, ...PEOPLE_VARIABLES],
  reminder: [...CONTENT_VARIABLES, ...PEOPLE_VARIABLES],
  ...perVariant(() => [...CONTENT_VARIABLES, ...PEOPLE_VARIABLES, ...CHANGE_VARIABLES]),
  track_welcome: [...CONTENT_VARIABLES, ...PEOPLE_VARIABLES],
  track_cancelled: [...CONTENT_VARIABLES, ...PEOPLE_VARIABLES, 'change.reason'],
  test_message: [...PEOPLE_VARIABLES],
};

/** Prefix for the free-form variables from the notification's `data`. */
export const DATA_PREFIX = 'data.';

/** Where and when, shared by the content kinds (section tags alone on a line leave no blank line). */
const DETAILS = `{{#when}}
*When:* {{when}}
{{/when}}
{{#content.location}}
*Where:* {{content.location}}
{{/content.location}}
{{#content.description}}

{{content.description}}
{{/content.description}}`;

export const DEFAULT_BUTTON_LABEL = 'Open in PlusPlus';

/**
 * Always the last context element and not editable: how to turn Slack notifications off (Slack
 * Marketplace guidelines ask every notification to say so).
 */
export const OPT_OUT_TEXT =
  "To stop PlusPlus notifications in Slack, type `/plusplus mute` or use the switch in the app's Home tab.";

const BASE_LABELS: Record<NotificationType, string> = {
  invite: "You're invited",
  enrollment: "You're enrolled",
  assignment: 'New assignment',
  reminder: 'Reminder',
};

/** Used for the fallback text when a template has no header. */
export const KIND_LABELS: Record<TemplateKind, string> = {
  ...BASE_LABELS,
  ...perVariant((type, variant) => (variant === 'updated' ? `${BASE_LABELS[type]} (updated)` : 'Cancelled')),
  track_welcome: 'Welcome to the track',
  track_cancelled: 'This track has been cancelled',
  test_message: 'Slack notifications are set up',
};

const BASE_TEMPLATES: Record<Exclude<TemplateKind, VariantKind>, TemplateSource> = {
  invite: {
    header: KIND_LABELS.invite,
    body: `{{#actor.name}}*{{actor.name}}* invited you to{{/actor.name}}{{^actor.name}}You're invited to{{/actor.name}} *{{content.title}}*.
${DETAILS}`,
    button_label: 'View invitation',
    context: "You're getting this because you were invited to this in PlusPlus.",
  },
  enrollment: {
    header: KIND_LABELS.enrollment,
    body: `You're enrolled in *{{content.title}}*.
${DETAILS}`,
    button_label: DEFAULT_BUTTON_LABEL,
    context: "You're getting this because you were enrolled in this in PlusPlus.",
  },
  assignment: {
    header: KIND_LABELS.assignment,
    body: `{{#actor.name}}*{{actor.name}}* assigned you{{/actor.name}}{{^actor.name}}You've been assigned{{/actor.name}} *{{content.title}}*.
${DETAILS}`,
    button_label: 'View assignment',
    context: "You're getting this because this was assigned to you in PlusPlus.",
  },
  reminder: {
    header: KIND_LABELS.reminder,
    body: `*{{content.title}}* {{#when}}starts {{when}}.{{/when}}{{^when}}is coming up.{{/when}}
{{#content.location}}
*Where:* {{content.location}}
{{/content.location}}`,
    button_label: DEFAULT_BUTTON_LABEL,
    context: "You're getting this reminder because you're enrolled in this in PlusPlus.",
  },
  track_welcome: {
    header: KIND_LABELS.track_welcome,
    body: `Welcome to *{{content.title}}*! This channel is for everyone taking the track: questions, notes and updates go here.
${DETAILS}`,
    button_label: 'Open the track',
    context: "You're in this channel because you're enrolled in this track in PlusPlus.",
  },
  track_cancelled: {
    header: KIND_LABELS.track_cancelled,
    body: `~*{{content.title}}*~ has been cancelled. Thank you for taking part.
{{#change.reason}}
*Reason:* {{change.reason}}
{{/change.reason}}`,
    button_label: 'Open the track',
    context: "You're in this channel because you were enrolled in this track in PlusPlus.",
  },
  test_message: {
    header: KIND_LABELS.test_message,
    body: `{{#actor.name}}*{{actor.name}}* sent this test message from PlusPlus.{{/actor.name}}{{^actor.name}}This is a test message from PlusPlus.{{/actor.name}} Slack notifications are set up: invitations, enrollments, assignments and reminders will reach you here.`,
    context:
      "You're getting this because {{#actor.name}}{{actor.name}}{{/actor.name}}{{^actor.name}}someone{{/actor.name}} asked PlusPlus to test Slack notifications for your account.",
  },
};

/**
 * The "Updated" line of an edited DM: what changed, and what the time or place was before. The
 * edited DM is the type's own template below it, so the new details read as they always do.
 */
const UPDATED_LINE = `:arrows_counterclockwise: *Updated:* the {{change.what}} changed.{{#change.time}}{{#previous.when}} It was {{previous.when}}.{{/previous.when}}{{/change.time}}{{#change.place}}{{#previous.location}} It was at {{previous.location}}.{{/previous.location}}{{/change.place}}`;

/** An edited or cancelled DM's default: the type's template with the change said first. */
function variantTemplate(type: NotificationType, variant: ChangeVariant): TemplateSource {
  const base = BASE_TEMPLATES[type];
  if (variant === 'updated') {
    return {
      ...base,
      header: KIND_LABELS[variantKind(type, variant)],
      body: `${UPDATED_LINE}\n${base.body}`,
    };
  }
  return {
    header: KIND_LABELS[variantKind(type, variant)],
    body: `~*{{content.title}}*~ has been cancelled.{{#when}} It was planned for {{when}}.{{/when}}
{{#change.reason}}
*Reason:* {{change.reason}}
{{/change.reason}}`,
    button_label: DEFAULT_BUTTON_LABEL,
    context: base.context,
  };
}

export const DEFAULT_TEMPLATES: Record<TemplateKind, TemplateSource> = {
  ...BASE_TEMPLATES,
  ...perVariant(variantTemplate),
};
