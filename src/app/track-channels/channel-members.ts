import type { WebClient } from '@slack/web-api';
import type { ClaimedTrackChannel, MemberUpdate } from '../../domain/tracks/track-channel';
import type { TrackChannelStore } from '../../persistence/queues/track-channel-queue';
import { slackErrorCode } from '../../slack/failures';

/** Per-user answers of conversations.invite that mean the member is in already. */
const ALREADY_IN = new Set(['already_in_channel']);
/** Answers of conversations.kick that mean the member is out already. */
const ALREADY_OUT = new Set(['not_in_channel', 'user_not_found', 'cant_kick_self']);

/**
 * A track channel's members brought in line with the listed users (docs/tracks.md "Members"):
 * the listed users without a Slack link are recorded as skipped, the linked ones are invited in
 * batches (each user's own refusal recorded as failed), and members no longer listed are removed.
 * Returns how many listed users were skipped.
 */
export async function syncMembers(
  d: {
    store: Pick<TrackChannelStore, 'memberLinks' | 'updateMembers' | 'deleteUnlisted'>;
    inviteBatch: number;
  },
  c: ClaimedTrackChannel,
  web: WebClient,
): Promise<number> {
  const links = await d.store.memberLinks(c.tenantId, c.trackId);
  const updates: MemberUpdate[] = [];
  const bySlackId = new Map<string, string[]>();
  let skipped = 0;
  for (const m of links) {
    if (!m.listed || m.status === 'invited' || m.status === 'failed') continue;
    if (!m.knownUser || !m.linkedSlackUserId) {
      const reason = m.knownUser ? 'no_slack_account' : 'unknown_user';
      skipped++;
      if (m.status !== 'skipped' || m.reason !== reason) {
        updates.push({ userId: m.userId, status: 'skipped', reason, slackUserId: null });
      }
      continue;
    }
    const users = bySlackId.get(m.linkedSlackUserId) ?? [];
    users.push(m.userId);
    bySlackId.set(m.linkedSlackUserId, users);
  }
  await d.store.updateMembers(c, updates);

  const slackIds = [...bySlackId.keys()];
  for (let i = 0; i < slackIds.length; i += d.inviteBatch) {
    const batch = slackIds.slice(i, i + d.inviteBatch);
    const perUser = await invite(web, c.channelId!, batch);
    const done: MemberUpdate[] = [];
    for (const slackUserId of batch) {
      const error = perUser.get(slackUserId);
      for (const userId of bySlackId.get(slackUserId)!) {
        done.push(
          error && !ALREADY_IN.has(error)
            ? { userId, status: 'failed', reason: error, slackUserId }
            : { userId, status: 'invited', reason: null, slackUserId },
        );
      }
    }
    await d.store.updateMembers(c, done);
  }

  const gone: string[] = [];
  const kicked = new Set<string>();
  for (const m of links) {
    if (m.listed) continue;
    const stillListed = m.slackUserId && links.some((o) => o.listed && o.slackUserId === m.slackUserId);
    if (m.status === 'invited' && m.slackUserId && !stillListed && !kicked.has(m.slackUserId)) {
      try {
        await web.conversations.kick({ channel: c.channelId!, user: m.slackUserId });
      } catch (error) {
        const code = slackErrorCode(error);
        if (!code || !ALREADY_OUT.has(code)) {
          await d.store.deleteUnlisted(c, gone);
          throw error;
        }
      }
      kicked.add(m.slackUserId);
    }
    gone.push(m.userId);
  }
  await d.store.deleteUnlisted(c, gone);
  return skipped;
}

/** One conversations.invite: Slack user id → its per-user error, if any. */
async function invite(web: WebClient, channel: string, users: string[]): Promise<Map<string, string>> {
  const errors = new Map<string, string>();
  const collect = (list: unknown) => {
    for (const e of (list as Array<{ user?: string; error?: string }> | undefined) ?? []) {
      if (e.user && e.error) errors.set(e.user, e.error);
    }
  };
  try {
    const res = await web.conversations.invite({
      channel,
      users: users.join(','),
      force: true,
    });
    collect((res as { errors?: unknown }).errors);
  } catch (error) {
    // Without `force` support a single bad user fails the call; its `errors` still say who.
    const data = (error as { data?: { errors?: unknown } }).data;
    if (slackErrorCode(error) && Array.isArray(data?.errors) && data.errors.length > 0) {
      collect(data.errors);
      const retry = users.filter((u) => !errors.has(u));
      if (retry.length > 0) {
        const again = await invite(web, channel, retry);
        for (const [u, e] of again) errors.set(u, e);
      }
    } else {
      throw error;
    }
  }
  return errors;
}
