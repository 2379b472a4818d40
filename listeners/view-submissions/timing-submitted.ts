import type { HomeService } from '../../src/app/app-home/home-service';
import type { TimingForm } from '../../src/app/app-home/home-timing';
import { langOf } from '../../views/i18n';
import { timingErrorText } from '../../views/modals/timing-modal';
import { TimingAction, TimingBlock } from '../../views/timing-ids';
import { actor } from '../interaction';
import { refreshHome, type SubmissionHandler } from './submission';

type Element = { value?: string | null; selected_options?: Array<{ value: string }> | null };
type Values = Record<string, Record<string, Element | undefined> | undefined>;

/** The timing modal as typed: text inputs as strings, checkbox groups as their chosen values. */
function timingForm(values: unknown): TimingForm {
  const v = (values ?? {}) as Values;
  const el = (block: string) => v[block]?.[TimingAction.Input];
  const str = (block: string) => el(block)?.value ?? '';
  const chosen = (block: string) => (el(block)?.selected_options ?? []).map((o) => o.value);
  return {
    windowOn: chosen(TimingBlock.WindowOn).includes('on'),
    start: str(TimingBlock.Start),
    end: str(TimingBlock.End),
    days: chosen(TimingBlock.Days),
    types: chosen(TimingBlock.Types),
    timeZone: str(TimingBlock.TimeZone),
    digestOn: chosen(TimingBlock.DigestOn).includes('on'),
    maxItems: str(TimingBlock.MaxItems),
  };
}

const BLOCK_OF: Record<keyof TimingForm, string> = {
  windowOn: TimingBlock.WindowOn,
  start: TimingBlock.Start,
  end: TimingBlock.End,
  days: TimingBlock.Days,
  types: TimingBlock.Types,
  timeZone: TimingBlock.TimeZone,
  digestOn: TimingBlock.DigestOn,
  maxItems: TimingBlock.MaxItems,
};

/**
 * The delivery timing modal saved (issue 21). Checked before the ack, because inline errors travel
 * in the ack itself; saving makes no Slack call. The home is refreshed after the ack.
 */
export const timingSubmittedHandler =
  (deps: { home: Pick<HomeService, 'saveTiming' | 'home'> }): SubmissionHandler =>
  async (args) => {
    const { teamId, userId } = actor(args.body);
    const r = await deps.home.saveTiming(teamId, userId, timingForm(args.view.state.values));
    if (!r.ok) {
      const l = langOf(r);
      const errors = Object.fromEntries(
        Object.entries(r.errors).map(([field, code]) => [
          BLOCK_OF[field as keyof TimingForm],
          timingErrorText(code, l),
        ]),
      );
      await args.ack({ response_action: 'errors', errors });
      return;
    }
    await args.ack();
    await refreshHome(deps.home, args, teamId, { kind: 'timing_saved' });
  };
