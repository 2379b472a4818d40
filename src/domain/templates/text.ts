/**
 * String helpers for Slack text: escaping, cutting to a limit without breaking a character, an
 * escape sequence or a `<…>` markup span, and splitting long mrkdwn into sections.
 */

const ELLIPSIS = '…';

/**
 * Private-use characters the engine wraps rendered values in (see engine.ts). They are removed
 * from every input string, so no value can forge them.
 */
export const SENTINELS = /[\uE000-\uE003]/g;

// C0/C1 controls other than tab and newline.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Slack's escaping for text objects and message text: `&`, `<` and `>` only (not HTML escaping). */
export function escapeSlack(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A multi-line value (description): controls and sentinels removed, line ends as `\n`. */
export function cleanMultiline(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029]/g, '\n')
    .replace(SENTINELS, '')
    .replace(CONTROL_CHARS, '')
    .trim();
}

/** A one-line value (title, location, names): every run of white space becomes one space. */
export function cleanLine(s: string): string {
  return s.replace(SENTINELS, '').replace(/\s+/g, ' ').replace(CONTROL_CHARS, '').trim();
}

let segmenter: Intl.Segmenter | undefined;

/** The largest grapheme boundary ≤ `cut` (never inside a surrogate pair or an emoji sequence). */
function graphemeBoundary(s: string, cut: number): number {
  if (cut <= 0) return 0;
  if (cut >= s.length) return s.length;
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  // Only a window around the cut is segmented: long strings stay cheap.
  const start = Math.max(0, cut - 64);
  let best = start;
  for (const seg of segmenter.segment(s.slice(start, Math.min(s.length, cut + 32)))) {
    const at = start + seg.index;
    if (at > cut) break;
    best = at;
  }
  if (best === start && start > 0) {
    // No boundary found in the window (a very long cluster): fall back to a code-point boundary.
    const code = s.charCodeAt(cut - 1);
    return code >= 0xd800 && code <= 0xdbff ? cut - 1 : cut;
  }
  return best;
}

/**
 * The largest safe cut ≤ `cut` in escaped Slack text: on a grapheme boundary, not inside `&amp;`,
 * `&lt;`, `&gt;`, and not inside a `<…>` span (link, mention, date token).
 */
export function safeCut(s: string, cut: number): number {
  let at = graphemeBoundary(s, cut);
  const amp = s.lastIndexOf('&', at - 1);
  if (amp !== -1 && at - amp < 5) {
    const semi = s.indexOf(';', amp);
    if (semi !== -1 && semi >= at && semi - amp <= 4) at = amp;
  }
  const lt = s.lastIndexOf('<', at - 1);
  if (lt !== -1 && lt > s.lastIndexOf('>', at - 1)) at = lt;
  return at;
}

/**
 * Cuts escaped text to at most `max` characters, ending with `…` when it was cut.
 * Works for unescaped text too (the `&`/`<` checks then only make the cut a little earlier).
 */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max < 1) return '';
  const cut = safeCut(s, max - ELLIPSIS.length);
  return s.slice(0, cut).trimEnd() + ELLIPSIS;
}

/** Cuts an unescaped value (before escaping): only grapheme boundaries matter. */
export function truncateValue(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = graphemeBoundary(s, max - ELLIPSIS.length);
  return s.slice(0, cut).trimEnd() + ELLIPSIS;
}

/**
 * Splits escaped mrkdwn into parts of at most `max` characters, preferring a paragraph break,
 * then a line break, then a space (in the second half of the part), never cutting inside an
 * escape sequence or a `<…>` span. With `maxParts`, the last part is cut with `…`.
 * White-space-only parts are dropped (Slack rejects empty text objects).
 */
export function splitText(s: string, max: number, maxParts = Number.POSITIVE_INFINITY): string[] {
  const parts: string[] = [];
  let rest = s.trim();
  while (rest.length > 0) {
    if (rest.length <= max) {
      parts.push(rest);
      break;
    }
    if (parts.length === maxParts - 1) {
      parts.push(truncate(rest, max));
      break;
    }
    let cut = -1;
    for (const sep of ['\n\n', '\n', ' ']) {
      const at = rest.lastIndexOf(sep, max - sep.length);
      if (at >= max / 2) {
        cut = at;
        break;
      }
    }
    if (cut === -1) cut = max;
    cut = safeCut(rest, cut);
    if (cut <= 0) {
      // A `<…>` span starts the part and reaches past `max`: cut after it if it fits, else hard.
      const gt = rest.indexOf('>');
      cut = gt !== -1 && gt < max ? gt + 1 : graphemeBoundary(rest, max);
    }
    const part = rest.slice(0, cut).trimEnd();
    if (part.length > 0) parts.push(part);
    rest = rest.slice(cut).trimStart();
  }
  return parts.filter((p) => p.trim().length > 0);
}
