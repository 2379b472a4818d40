import type { ChangeReply } from '../../src/domain/templates/changes';
import { escapeSlack } from '../escape';
import { EN, type Lang } from '../i18n';

/**
 * The short reply in an edited DM's thread (issue 20): an edit alone notifies nobody in Slack, so
 * this is what tells the person, in their language (`what` and `when` arrive in it from the
 * domain). Every user string escaped; `when` is already escaped mrkdwn.
 */
export function changeReplyText(r: ChangeReply, l: Lang = EN): string {
  const title = `*${escapeSlack(r.title)}*`;
  if (r.cancelled)
    return r.reason
      ? l.t('change.cancelledWithReason', { title, reason: escapeSlack(r.reason) })
      : l.t('change.cancelled', { title });
  return l.t('change.updated', {
    what: escapeSlack(r.what),
    title,
    hasWhen: r.when ? 'yes' : 'no',
    when: r.when ?? '',
    hasWhere: r.location ? 'yes' : 'no',
    where: escapeSlack(r.location ?? ''),
  });
}
