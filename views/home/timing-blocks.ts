/**
 * The admin's "Delivery timing" section of App Home (issue 21): the send window and the digest
 * as saved, and a button that opens the modal to change them, in the viewer's language (issue 22).
 */
import type { TimingModel } from '../../src/app/app-home/home-model';
import { EN, type Lang } from '../i18n';
import { TimingAction } from '../timing-ids';
import { WEEKDAY_ORDER, weekdayName, windowTypeName } from '../timing-words';
import { actions, type Block, button, esc, header, section } from './blocks';

/**
 * Short day names as a list: Intl's "unit" list keeps English as "Mon, Tue, Wed"; Japanese writes
 * that list with spaces, where a reader expects 「月、火、水」, which its conjunction list gives.
 */
function dayList(days: string[], l: Lang): string {
  // In the modal's order (Monday first), whatever order they were stored in.
  const ordered = [...days].sort((a, b) => WEEKDAY_ORDER.indexOf(a) - WEEKDAY_ORDER.indexOf(b));
  const names = ordered.map((d) => weekdayName(d, 'short', l) ?? esc(d));
  const type = l.locale === 'ja-JP' ? 'conjunction' : 'unit';
  return new Intl.ListFormat(l.locale, { type, style: 'long' }).format(names);
}

function typeList(types: string[], l: Lang): string {
  const names = types.map((t) => windowTypeName(t, l) ?? esc(t));
  return new Intl.ListFormat(l.locale, { type: 'conjunction', style: 'long' }).format(names);
}

export function timingBlocks(t: TimingModel, l: Lang = EN): Block[] {
  const window = t.window
    ? l.t('timing.home.windowOn', {
        start: esc(t.window.start),
        end: esc(t.window.end),
        days: dayList(t.window.days, l),
        types: typeList(t.window.types, l),
      })
    : l.t('timing.home.windowOff');
  const digest = t.digest.enabled
    ? l.t('timing.home.digestOn', { max: t.digest.maxItems })
    : l.t('timing.home.digestOff');
  const zone = l.t('timing.home.defaultZone', { zone: esc(t.defaultTimeZone) });
  return [
    header(l.t('timing.home.header')),
    section(`${window}\n${digest}\n${zone}`),
    actions('home.timing', [
      button({ text: l.t('timing.home.edit'), actionId: TimingAction.Edit, value: 'edit' }),
    ]),
  ];
}
