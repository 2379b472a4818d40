/**
 * What a digest DM shows (issue 21): the view model views/messages/digest.ts builds Block Kit from.
 * Strings are raw (titles, links) unless said otherwise; the view escapes them.
 */

/** One notification in a digest. */
export interface DigestItemModel {
  /** The notification type (invite, enrollment …): the view names it in the reader's language. */
  type: string;
  /** content.title as PlusPlus sent it. */
  title: string;
  /** content.url, if any: only http(s) links are shown. */
  url?: string;
  /**
   * mrkdwn of the item's time, already escaped, as single notifications write it in the reader's
   * language (src/domain/templates/dates.ts): en-US a `<!date^…>` token with an escaped fallback,
   * other languages the date written out by Intl in the member's zone.
   */
  whenMrkdwn?: string;
  /** Plain text of the time for the fallback text (already escaped). */
  whenPlain?: string;
}

export interface DigestModel {
  /** The items shown one by one (at most `max_items`, ≤ 10). */
  items: DigestItemModel[];
  /** How many more came due together but are not listed. */
  more: number;
  /** Where "and N more" links to (PlusPlus), if known. */
  moreUrl?: string;
}

/** Splits a digest's items: the first `maxItems` are listed, the rest counted. */
export function splitDigest<T>(items: T[], maxItems: number): { shown: T[]; hidden: T[] } {
  const n = Math.max(1, Math.min(10, maxItems));
  return { shown: items.slice(0, n), hidden: items.slice(n) };
}
