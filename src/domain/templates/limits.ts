/**
 * Limits of the renderer. `CONTENT_LIMITS` are what the notifications API accepts (it validates
 * with them); the renderer also cuts anything longer, so a caller that skips validation still gets
 * a valid message. Lengths are UTF-16 code units (JavaScript `length`), as Slack counts them.
 */
export const CONTENT_LIMITS = {
  /** `content.id` */
  id: 200,
  /** `content.title` */
  title: 500,
  /** `content.url`; also Slack's limit for a button URL */
  url: 3000,
  /** `content.starts_at` / `content.ends_at` (ISO 8601) */
  date: 64,
  /** `content.location` */
  location: 500,
  /** `content.description` */
  description: 3000,
  /** `recipient.name`, `actor.name`, `tenantName` */
  name: 200,
  /** each string inside `data` */
  data_string: 1000,
  /** `data` as JSON, in bytes */
  data_bytes: 16 * 1024,
  /** nesting depth of `data` (objects and arrays) */
  data_depth: 5,
  /** items of one array inside `data` */
  data_array_items: 100,
} as const;

/** Slack's Block Kit limits for messages that this renderer keeps. */
export const BLOCK_KIT_LIMITS = {
  blocks: 50,
  message_text: 40_000,
  section_text: 3000,
  header_text: 150,
  button_text: 75,
  button_url: 3000,
  context_elements: 10,
  context_text: 3000,
} as const;

/** The body is split into at most this many section blocks (≤ 3000 characters each). */
export const MAX_BODY_SECTIONS = 20;

/** Lengths of the template sources themselves (what an admin may type). */
export const TEMPLATE_SOURCE_LIMITS = {
  header: 500,
  body: 10_000,
  button_label: 300,
  context: 2000,
} as const;
