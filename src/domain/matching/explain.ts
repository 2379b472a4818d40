import { type CompiledExpression, evaluate } from '../jmespath/jmespath';
import type { UserRecord } from '../users';
import { type ExclusionReason, exclusionReason, type SlackMember } from './slack-members';
import { runToEnd, type Steps } from './steps';
import { matchKeys } from './values';

/** Why a `not_found` user found nobody, when the value does belong to a member we filter out. */
export type ExcludedMatchReason = 'no_email_in_slack' | 'slack_member_deactivated' | 'slack_member_is_bot';

const REASON: Record<ExclusionReason, ExcludedMatchReason> = {
  no_email: 'no_email_in_slack',
  deleted: 'slack_member_deactivated',
  bot: 'slack_member_is_bot',
  app_user: 'slack_member_is_bot',
  slackbot: 'slack_member_is_bot',
};

function keysOf(expression: CompiledExpression, data: unknown): string[] {
  try {
    return matchKeys(evaluate(expression, data));
  } catch {
    return [];
  }
}

/**
 * For the match report only: members are filtered before matching (design §6), so a user whose
 * value belongs to, say, a member without an email in Slack is just "not found". Evaluating the
 * Slack expression on the filtered members tells the admin the actual cause.
 */
export function explainNotFound(
  notFound: readonly UserRecord[],
  members: Iterable<SlackMember>,
  expressions: { plusplus: CompiledExpression; slack: CompiledExpression },
): Map<string, { reason: ExcludedMatchReason; slackUserId: string }> {
  return runToEnd(explainNotFoundSteps(notFound, members, expressions));
}

/** {@link explainNotFound} as steps (one per member or user), for running in slices. */
export function* explainNotFoundSteps(
  notFound: readonly UserRecord[],
  members: Iterable<SlackMember>,
  expressions: { plusplus: CompiledExpression; slack: CompiledExpression },
): Steps<Map<string, { reason: ExcludedMatchReason; slackUserId: string }>> {
  const excluded = new Map<string, { reason: ExcludedMatchReason; slackUserId: string }>();
  if (notFound.length === 0) return new Map();
  for (const member of members) {
    yield;
    const why = exclusionReason(member);
    if (!why) continue;
    for (const key of keysOf(expressions.slack, member)) {
      if (!excluded.has(key)) excluded.set(key, { reason: REASON[why], slackUserId: member.id });
    }
  }
  const explained = new Map<string, { reason: ExcludedMatchReason; slackUserId: string }>();
  for (const user of notFound) {
    yield;
    for (const key of keysOf(expressions.plusplus, user)) {
      const hit = excluded.get(key);
      if (hit) {
        explained.set(user.id, hit);
        break;
      }
    }
  }
  return explained;
}
