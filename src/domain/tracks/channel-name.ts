/**
 * Slack channel names for track channels (issue 7, design §8). Pure functions, no I/O.
 *
 * Slack's rules (conversations.create): at most 80 characters, lower case letters, digits, `-` and
 * `_`, and not made of punctuation alone. We are stricter than Slack (which also accepts non-Latin
 * lower-case letters): names are ASCII `[a-z0-9_-]`, so they are easy to type in every workspace.
 */

/** Slack's limit on a channel name. */
export const MAX_CHANNEL_NAME = 80;

/** Letters NFKD does not decompose into a base letter plus marks. */
const FOLD: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
};

function trimHyphens(s: string): string {
  return s.replace(/^-+/, '').replace(/-+$/, '');
}

/** Cut to `max` characters (all ASCII by now) and drop hyphens the cut left at the end. */
function cut(s: string, max: number): string {
  return trimHyphens(s.slice(0, max));
}

/**
 * The slug of any text: lower case, accents folded (NFKD, marks removed), every run of characters
 * outside `[a-z0-9_-]` (and of hyphens) becomes one hyphen, no hyphen at either end. May be empty.
 */
export function slugify(text: string, max = MAX_CHANNEL_NAME): string {
  const folded = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßæœøđðþłı]/g, (c) => FOLD[c] ?? c);
  const slug = folded.replace(/[^a-z0-9_-]+/g, '-').replace(/-{2,}/g, '-');
  return cut(trimHyphens(slug), max);
}

/** A name Slack would refuse as punctuation only (`invalid_name_punctuation`), or empty. */
function unusable(name: string): boolean {
  return !/[a-z0-9]/.test(name);
}

/**
 * The channel name for a track: the slug of its name, or `track-<slug of the id>` when the name
 * has nothing usable (only emoji, only punctuation, empty). Never empty.
 */
export function channelNameFor(trackName: string, trackId: string): string {
  const slug = slugify(trackName);
  if (!unusable(slug)) return slug;
  const id = slugify(trackId, MAX_CHANNEL_NAME - 'track-'.length);
  return unusable(id) ? 'track' : `track-${id}`;
}

/**
 * The n-th candidate for a name Slack said is taken: `base` for 1, then `base-2`, `base-3` …,
 * the base cut so that the whole stays within 80 characters.
 */
export function withSuffix(base: string, n: number): string {
  if (n <= 1) return base;
  const suffix = `-${n}`;
  return `${cut(base, MAX_CHANNEL_NAME - suffix.length)}${suffix}`;
}

/** Whether `name` is `base` or one of its suffixed candidates (the channel already follows the track). */
export function isNameFor(name: string, base: string): boolean {
  if (name === base) return true;
  const m = /-(\d+)$/.exec(name);
  if (!m) return false;
  const n = Number(m[1]);
  return n >= 2 && withSuffix(base, n) === name;
}
