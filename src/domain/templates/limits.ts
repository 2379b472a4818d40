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
  /** a cancellation's `reason` (POST …/cancel) */
  reason: 500,
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

/**
 * What rendering one field may use (src/domain/templates/engine.ts), because notification `data`
 * is untrusted: sections repeat once per item of a list in `data`, and nested sections multiply.
 * Past `iterations` or `tokens` the field is not rendered (RenderBudgetExceeded): a delivery then
 * uses the default template of its kind, a preview answers 422. Past `output_chars` the text ends
 * there and is cut to Block Kit's limits like any long text.
 */
export const RENDER_BUDGET = {
  /**
   * Characters of rendered text. Slack shows at most MAX_BODY_SECTIONS × 3,000 = 60,000 characters
   * of a body (and 40,000 of message text); anything longer would only be cut.
   */
  output_chars: 100_000,
  /** Passes through sections, all sections together: two nested sections over 100-item lists. */
  iterations: 10_000,
  /** Template tokens visited (each pass through a section visits its tokens again). */
  tokens: 200_000,
} as const;

/**
 * Checked when a template is saved or previewed (validate.ts): sections may nest this deep, and
 * the sections that can repeat over a list (any section on `data…` or inside one) may multiply to
 * at most RENDER_BUDGET.iterations passes with lists of CONTENT_LIMITS.data_array_items items.
 */
export const MAX_SECTION_DEPTH = 3;
