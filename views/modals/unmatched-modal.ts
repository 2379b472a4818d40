import { actions, type Block, button, context, esc, plain, plural, section } from '../home/blocks';
import type { UnmatchedPageModel } from '../home/model';
import { ModalCallback, UnmatchedAction } from '../ids';

/** Users per page of the unmatched list: 20 sections + a few more stays far below 100 blocks. */
export const UNMATCHED_PAGE_SIZE = 20;

const REASONS: Record<string, string> = {
  no_value: 'no value for the PlusPlus User Attribute',
  not_found: 'no Slack member with this value',
  ambiguous: 'several Slack members or PlusPlus users share this value',
  expression_error: 'the PlusPlus User Attribute failed on this record',
  slack_member_deactivated: 'the matching Slack member is deactivated',
  slack_member_is_bot: 'the matching Slack member is a bot',
  no_email_in_slack: 'the matching Slack member has no email in Slack',
};

/** The paged list of unmatched PlusPlus users (views.open, then views.update per page). */
export function unmatchedModal(page: UnmatchedPageModel) {
  const size = Math.max(1, Math.min(page.pageSize, UNMATCHED_PAGE_SIZE));
  const entries = page.entries.slice(0, size);
  const from = page.total === 0 ? 0 : page.offset + 1;
  const to = page.offset + entries.length;
  const blocks: Block[] = [
    section(
      `*${plural(page.total, 'unmatched user')}* · ${page.counts.matched.toLocaleString('en-US')} matched · ` +
        `${page.counts.ambiguous.toLocaleString('en-US')} ambiguous · ${page.counts.errors.toLocaleString('en-US')} with errors ` +
        `(of ${plural(page.counts.total, 'PlusPlus user')})`,
    ),
  ];
  if (entries.length === 0)
    blocks.push(section(page.total === 0 ? 'Everyone is matched.' : 'No users on this page.'));
  for (const e of entries) {
    const name = e.name ? `*${esc(e.name)}* (\`${esc(e.userId, 100)}\`)` : `\`${esc(e.userId, 100)}\``;
    const email = e.email ? ` · ${esc(e.email)}` : '';
    blocks.push(section(`${name}${email}\n_${esc(REASONS[e.reason] ?? e.reason, 200)}_`));
  }
  if (page.total > 0)
    blocks.push(
      context(
        `Showing ${from.toLocaleString('en-US')}–${to.toLocaleString('en-US')} of ${page.total.toLocaleString('en-US')}`,
      ),
    );
  const nav: Block[] = [];
  if (page.offset > 0)
    nav.push(
      button({
        text: '‹ Previous',
        actionId: UnmatchedAction.Previous,
        value: String(Math.max(0, page.offset - size)),
      }),
    );
  if (page.offset + size < page.total)
    nav.push(button({ text: 'Next ›', actionId: UnmatchedAction.Next, value: String(page.offset + size) }));
  if (nav.length > 0) blocks.push(actions('unmatched.nav', nav));
  return {
    type: 'modal' as const,
    callback_id: ModalCallback.Unmatched,
    title: plain('Unmatched users', 24),
    close: plain('Close', 24),
    blocks,
  };
}

/** A modal with one message: "Loading…" while the report runs, or a refusal. */
export function messageModal(title: string, text: string) {
  return {
    type: 'modal' as const,
    callback_id: ModalCallback.Unmatched,
    title: plain(title, 24),
    close: plain('Close', 24),
    blocks: [section(esc(text, 2000))],
  };
}
