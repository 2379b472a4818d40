import { UNMATCHED_PAGE_SIZE, type UnmatchedPageModel } from '../../src/app/app-home/home-model';
import { actions, type Block, button, context, esc, plain, section } from '../home/blocks';
import { EN, type Lang, langOf } from '../i18n';
import { ModalCallback, UnmatchedAction } from '../ids';

/** The reasons the view words (catalogue `unmatched.reason.<reason>`); another reason is shown as is. */
const REASONS = [
  'no_value',
  'not_found',
  'ambiguous',
  'expression_error',
  'slack_member_deactivated',
  'slack_member_is_bot',
  'no_email_in_slack',
] as const;
type Reason = (typeof REASONS)[number];
const isReason = (r: string): r is Reason => (REASONS as readonly string[]).includes(r);

/** The paged list of unmatched PlusPlus users (views.open, then views.update per page). */
export function unmatchedModal(page: UnmatchedPageModel, l: Lang = langOf(page)) {
  const size = Math.max(1, Math.min(page.pageSize, UNMATCHED_PAGE_SIZE));
  const entries = page.entries.slice(0, size);
  const from = page.total === 0 ? 0 : page.offset + 1;
  const to = page.offset + entries.length;
  const blocks: Block[] = [
    section(
      l.t('unmatched.summary', {
        unmatched: page.total,
        matched: page.counts.matched,
        ambiguous: page.counts.ambiguous,
        errors: page.counts.errors,
        total: page.counts.total,
      }),
    ),
  ];
  if (entries.length === 0)
    blocks.push(section(l.t(page.total === 0 ? 'unmatched.everyoneMatched' : 'unmatched.emptyPage')));
  for (const e of entries) {
    const name = e.name ? `*${esc(e.name)}* (\`${esc(e.userId, 100)}\`)` : `\`${esc(e.userId, 100)}\``;
    const email = e.email ? ` · ${esc(e.email)}` : '';
    const reason = isReason(e.reason) ? l.t(`unmatched.reason.${e.reason}`) : e.reason;
    blocks.push(section(`${name}${email}\n_${esc(reason, 200)}_`));
  }
  if (page.total > 0) blocks.push(context(l.t('unmatched.showing', { from, to, total: page.total })));
  const nav: Block[] = [];
  if (page.offset > 0)
    nav.push(
      button({
        text: l.t('unmatched.previous'),
        actionId: UnmatchedAction.Previous,
        value: String(Math.max(0, page.offset - size)),
      }),
    );
  if (page.offset + size < page.total)
    nav.push(
      button({
        text: l.t('unmatched.next'),
        actionId: UnmatchedAction.Next,
        value: String(page.offset + size),
      }),
    );
  if (nav.length > 0) blocks.push(actions('unmatched.nav', nav));
  return {
    type: 'modal' as const,
    callback_id: ModalCallback.Unmatched,
    title: plain(l.t('unmatched.title'), 24),
    close: plain(l.t('common.close'), 24),
    blocks,
  };
}

/** A modal with one message: "Loading…" while the report runs, or a refusal. */
export function messageModal(title: string, text: string, l: Lang = EN) {
  return {
    type: 'modal' as const,
    callback_id: ModalCallback.Unmatched,
    title: plain(title, 24),
    close: plain(l.t('common.close'), 24),
    blocks: [section(esc(text, 2000))],
  };
}
