/**
 * The "Delivery timing" modal (issue 21): send window, digest and default time zone, in the
 * admin's language (issue 22). Save is a view_submission; every problem (a time that is not HH:MM,
 * an end before the start, no days, an unknown zone …) comes back as an inline error on its input,
 * worded here from its code (`timingErrorText`), and nothing is saved.
 */
import type { TimingErrorCode, TimingForm } from '../../src/app/app-home/home-timing';
import { type Block, context, plain } from '../home/blocks';
import { EN, type Lang, type MessageKey } from '../i18n';
import { TimingAction, TimingBlock, TimingModalCallback } from '../timing-ids';
import { WEEKDAY_ORDER, WINDOW_TYPES, weekdayName, windowTypeName } from '../timing-words';

const option = ([value, label]: [string, string]) => ({ text: plain(label, 75), value });

function checkboxes(blockId: string, label: string, all: Array<[string, string]>, chosen: string[]): Block {
  const initial = all.filter(([v]) => chosen.includes(v)).map(option);
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plain(label, 2000),
    element: {
      type: 'checkboxes',
      action_id: TimingAction.Input,
      options: all.map(option),
      ...(initial.length > 0 ? { initial_options: initial } : {}),
    },
  };
}

function text(blockId: string, label: string, value: string, hint: string, max = 64): Block {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, 2000),
    hint: plain(hint, 2000),
    element: {
      type: 'plain_text_input',
      action_id: TimingAction.Input,
      max_length: max,
      ...(value ? { initial_value: value.slice(0, max) } : {}),
    },
  };
}

export function timingModal(f: TimingForm, l: Lang = EN) {
  const days = WEEKDAY_ORDER.map((d): [string, string] => [d, weekdayName(d, 'long', l) ?? d]);
  const types = WINDOW_TYPES.map((t): [string, string] => [t, windowTypeName(t, l) ?? t]);
  const blocks: Block[] = [
    checkboxes(
      TimingBlock.WindowOn,
      l.t('timing.modal.window'),
      [['on', l.t('timing.modal.windowOn')]],
      f.windowOn ? ['on'] : [],
    ),
    text(TimingBlock.Start, l.t('timing.modal.start'), f.start, l.t('timing.modal.startHint'), 5),
    text(TimingBlock.End, l.t('timing.modal.end'), f.end, l.t('timing.modal.endHint'), 5),
    checkboxes(TimingBlock.Days, l.t('timing.modal.days'), days, f.days),
    checkboxes(TimingBlock.Types, l.t('timing.modal.types'), types, f.types),
    text(TimingBlock.TimeZone, l.t('timing.modal.timeZone'), f.timeZone, l.t('timing.modal.timeZoneHint')),
    checkboxes(
      TimingBlock.DigestOn,
      l.t('timing.modal.digest'),
      [['on', l.t('timing.modal.digestOn')]],
      f.digestOn ? ['on'] : [],
    ),
    text(TimingBlock.MaxItems, l.t('timing.modal.maxItems'), f.maxItems, l.t('timing.modal.maxItemsHint'), 2),
    context(l.t('timing.modal.context')),
  ];
  return {
    type: 'modal' as const,
    callback_id: TimingModalCallback,
    title: plain(l.t('timing.modal.title'), 24),
    submit: plain(l.t('common.save'), 24),
    close: plain(l.t('common.cancel'), 24),
    blocks,
  };
}

const ERROR_KEYS: Record<TimingErrorCode, MessageKey> = {
  not_a_time: 'timing.error.notATime',
  end_not_after_start: 'timing.error.endNotAfterStart',
  no_days: 'timing.error.noDays',
  unknown_days: 'timing.error.unknownDays',
  no_types: 'timing.error.noTypes',
  unknown_types: 'timing.error.unknownTypes',
  not_a_time_zone: 'timing.error.notATimeZone',
  not_a_boolean: 'timing.error.invalid',
  max_items_range: 'timing.error.maxItemsRange',
  not_connected: 'notice.notConnected',
  admins_only: 'notice.adminsOnly',
};

/** An inline error of the modal in the admin's language (Slack shows up to 2000 characters). */
export function timingErrorText(code: TimingErrorCode, l: Lang = EN): string {
  return l.t(ERROR_KEYS[code] ?? 'timing.error.invalid');
}
