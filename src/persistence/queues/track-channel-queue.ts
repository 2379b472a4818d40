import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type {
  ClaimedTrackChannel,
  MemberLink,
  MemberState,
  MemberUpdate,
  TrackCancelRequest,
  TrackChannelRequest,
  TrackChannelState,
  TrackChannelStatus,
} from '../../domain/tracks/track-channel';
import type { TenantsRepository } from '../repositories/tenants-repository';

/**
 * The SQL of track channels, one named operation per query (conventions habit 8). Times are the
 * database's `now()`, so any number of workers on one database agree on leases and retries.
 *
 * Queue life of a row: PUT/DELETE set `run_at = now()` (or, while a worker holds it, only bump
 * `generation`) → claim (`lease`, `run_at` = lease end) → finish (`run_at` null, a reconcile time,
 * a retry time, or now() again when a newer generation arrived meanwhile). Every write after the
 * claim names the lease: a worker whose lease ran out changes nothing.
 *
 * Over ~350 lines on purpose: it is every statement of one table pair and its queue, each short;
 * split, the lease rule (every write names it) would be repeated across files.
 */

// biome-ignore lint/suspicious/noExplicitAny: rows from raw queries
type Row = Record<string, any>;

const ms = (param: string) => `(${param}::double precision * interval '1 millisecond')`;

function toState(r: Row): TrackChannelState {
  return {
    tenantId: r.tenant_id,
    trackId: r.track_id,
    title: r.title,
    isPrivate: r.is_private,
    topic: r.topic,
    content: r.content,
    desiredState: r.desired_state,
    status: r.status,
    error: r.error,
    neededScopes: r.needed_scopes,
    teamId: r.team_id,
    channelId: r.channel_id,
    channelName: r.channel_name,
    createIntentName: r.create_intent_name,
    appliedTopic: r.applied_topic,
    welcomePostedAt: r.welcome_posted_at,
    archivedAt: r.archived_at,
    cancelledAt: r.cancelled_at,
    cancelReason: r.cancel_reason,
    keepChannel: r.keep_channel,
    finalPostedAt: r.final_posted_at,
    generation: r.generation,
    attempts: r.attempts,
  };
}

function toMember(r: Row): MemberState {
  return {
    userId: r.user_id,
    position: r.position,
    listed: r.listed,
    status: r.status,
    reason: r.reason,
    slackUserId: r.slack_user_id,
  };
}

export class TrackChannelStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tenants: TenantsRepository,
  ) {}

  /**
   * PUT: record what the backend wants, mark the members listed now (new ones pending, skipped and
   * failed ones pending again), unlist the others, and make the row due. One transaction.
   */
  async requestActive(tenantId: string, trackId: string, r: TrackChannelRequest): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.tenants.ensure(tenantId, m);
      await m.query(
        `INSERT INTO track_channels (tenant_id, track_id, title, is_private, topic, content,
                                     desired_state, status, generation, run_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, 'active', 'pending', 1, now())
         ON CONFLICT (tenant_id, track_id) DO UPDATE
           SET title = EXCLUDED.title, is_private = EXCLUDED.is_private, topic = EXCLUDED.topic,
               content = EXCLUDED.content, desired_state = 'active', status = 'pending',
               error = NULL, needed_scopes = NULL, attempts = 0,
               cancelled_at = NULL, cancel_reason = NULL, keep_channel = false, final_posted_at = NULL,
               generation = track_channels.generation + 1,
               run_at = CASE WHEN track_channels.lease IS NULL THEN now() ELSE track_channels.run_at END,
               updated_at = now()`,
        [tenantId, trackId, r.name, r.isPrivate, r.topic, r.content ? JSON.stringify(r.content) : null],
      );
      await m.query(
        'UPDATE track_channel_members SET listed = false WHERE tenant_id = $1 AND track_id = $2',
        [tenantId, trackId],
      );
      for (let i = 0; i < r.memberUserIds.length; i += 1000) {
        const chunk = r.memberUserIds.slice(i, i + 1000);
        await m.query(
          `INSERT INTO track_channel_members (tenant_id, track_id, user_id, position, listed, status)
           SELECT $1, $2, u.user_id, u.position, true, 'pending'
             FROM unnest($3::text[], $4::int[]) AS u(user_id, position)
           ON CONFLICT (tenant_id, track_id, user_id) DO UPDATE
             SET listed = true, position = EXCLUDED.position,
                 status = CASE WHEN track_channel_members.status = 'invited' THEN 'invited' ELSE 'pending' END,
                 reason = NULL,
                 updated_at = now()`,
          [tenantId, trackId, chunk, chunk.map((_, j) => i + j)],
        );
      }
    });
  }

  /** DELETE: archive. Returns false when there is no such track channel. */
  async requestArchive(tenantId: string, trackId: string): Promise<boolean> {
    const [, count] = (await this.dataSource.query(
      `UPDATE track_channels
          SET desired_state = 'archived',
              status = CASE WHEN archived_at IS NOT NULL THEN 'archived' ELSE 'pending' END,
              error = NULL, needed_scopes = NULL, attempts = 0, generation = generation + 1,
              run_at = CASE WHEN lease IS NULL THEN now() ELSE run_at END, updated_at = now()
        WHERE tenant_id = $1 AND track_id = $2`,
      [tenantId, trackId],
    )) as [unknown, number];
    return count > 0;
  }

  /**
   * POST …/cancel: post a final message, then archive unless kept. The first cancel's reason is the
   * one shown; a repeat changes nothing, except that `keep_channel: false` after a kept cancel
   * archives the channel, and a repeat of a failed cancel tries again. Returns false when there is
   * no such track channel.
   */
  async requestCancel(tenantId: string, trackId: string, r: TrackCancelRequest): Promise<boolean> {
    const [, count] = (await this.dataSource.query(
      `UPDATE track_channels
          SET desired_state = 'cancelled',
              cancelled_at = COALESCE(cancelled_at, now()),
              cancel_reason = CASE WHEN desired_state = 'cancelled' THEN cancel_reason ELSE $3 END,
              keep_channel = CASE WHEN desired_state = 'cancelled' THEN keep_channel AND $4 ELSE $4 END,
              status = 'pending', error = NULL, needed_scopes = NULL, attempts = 0,
              generation = generation + 1,
              run_at = CASE WHEN lease IS NULL THEN now() ELSE run_at END, updated_at = now()
        WHERE tenant_id = $1 AND track_id = $2
          AND NOT (desired_state = 'cancelled' AND status <> 'failed' AND (NOT keep_channel OR $4))`,
      [tenantId, trackId, r.reason, r.keepChannel],
    )) as [unknown, number];
    return count > 0 || (await this.get(tenantId, trackId)) !== null;
  }

  async get(tenantId: string, trackId: string): Promise<TrackChannelState | null> {
    const rows: Row[] = await this.dataSource.query(
      'SELECT * FROM track_channels WHERE tenant_id = $1 AND track_id = $2',
      [tenantId, trackId],
    );
    return rows[0] ? toState(rows[0]) : null;
  }

  /** The members listed in the latest PUT, in its order. */
  async listedMembers(tenantId: string, trackId: string): Promise<MemberState[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT * FROM track_channel_members WHERE tenant_id = $1 AND track_id = $2 AND listed
        ORDER BY position`,
      [tenantId, trackId],
    );
    return rows.map(toMember);
  }

  /**
   * Every member row with the user's current Slack link. Read straight from plusplus_users in one
   * join (the users repository reads one user at a time; a channel may list thousands).
   */
  async memberLinks(tenantId: string, trackId: string): Promise<MemberLink[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT m.*, (u.user_id IS NOT NULL) AS known_user, u.slack_user_id AS linked_slack_user_id
         FROM track_channel_members m
         LEFT JOIN plusplus_users u ON u.tenant_id = m.tenant_id AND u.user_id = m.user_id
        WHERE m.tenant_id = $1 AND m.track_id = $2
        ORDER BY m.position`,
      [tenantId, trackId],
    );
    return rows.map((r) => ({
      ...toMember(r),
      knownUser: r.known_user,
      linkedSlackUserId: r.linked_slack_user_id,
    }));
  }

  /** Claim: due rows, oldest first, skipping rows other workers hold. */
  async claim(limit: number, leaseMs: number): Promise<ClaimedTrackChannel[]> {
    const lease = randomUUID();
    const rows: Row[] = await this.dataSource.query(
      `WITH next AS (
         SELECT tenant_id, track_id FROM track_channels
          WHERE run_at IS NOT NULL AND run_at <= now()
          ORDER BY run_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE track_channels t
            SET lease = $2, attempts = t.attempts + 1, run_at = now() + ${ms('$3')}, updated_at = now()
           FROM next WHERE t.tenant_id = next.tenant_id AND t.track_id = next.track_id
         RETURNING t.*
       )
       SELECT * FROM claimed`,
      [limit, lease, leaseMs],
    );
    return rows.map((r) => ({ ...toState(r), lease: r.lease }));
  }

  /** Written before conversations.create: the name we are about to use (crash safety). */
  async recordIntent(c: ClaimedTrackChannel, name: string): Promise<boolean> {
    return this.held(c, 'create_intent_name = $3', [name]);
  }

  /** The channel exists in Slack: created now, or found after a lost answer. */
  async recordChannel(c: ClaimedTrackChannel, ch: { teamId: string; id: string; name: string }) {
    return this.held(c, 'team_id = $3, channel_id = $4, channel_name = $5', [ch.teamId, ch.id, ch.name]);
  }

  async recordName(c: ClaimedTrackChannel, name: string): Promise<boolean> {
    return this.held(c, 'channel_name = $3', [name]);
  }

  async recordTopic(c: ClaimedTrackChannel, topic: string | null): Promise<boolean> {
    return this.held(c, 'applied_topic = $3', [topic]);
  }

  async recordWelcome(c: ClaimedTrackChannel): Promise<boolean> {
    return this.held(c, 'welcome_posted_at = now()', []);
  }

  async recordFinalPosted(c: ClaimedTrackChannel): Promise<boolean> {
    return this.held(c, 'final_posted_at = now()', []);
  }

  async recordArchived(c: ClaimedTrackChannel): Promise<boolean> {
    return this.held(c, 'archived_at = now()', []);
  }

  /**
   * Forget the Slack side (the old channel is archived, or lives in a workspace the tenant left):
   * the next steps make a new channel and invite everyone listed again.
   */
  async resetChannel(c: ClaimedTrackChannel): Promise<void> {
    await this.held(
      c,
      `team_id = NULL, channel_id = NULL, channel_name = NULL, create_intent_name = NULL,
       applied_topic = NULL, welcome_posted_at = NULL, archived_at = NULL`,
      [],
    );
    await this.dataSource.query(
      `DELETE FROM track_channel_members WHERE tenant_id = $1 AND track_id = $2 AND NOT listed`,
      [c.tenantId, c.trackId],
    );
    await this.dataSource.query(
      `UPDATE track_channel_members SET status = 'pending', reason = NULL, slack_user_id = NULL
        WHERE tenant_id = $1 AND track_id = $2`,
      [c.tenantId, c.trackId],
    );
  }

  /** Whether another track of the tenant already owns this channel. */
  async channelOwnedByOther(c: ClaimedTrackChannel, channelId: string): Promise<boolean> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT 1 FROM track_channels WHERE tenant_id = $1 AND channel_id = $2 AND track_id <> $3 LIMIT 1`,
      [c.tenantId, channelId, c.trackId],
    );
    return rows.length > 0;
  }

  async updateMembers(c: ClaimedTrackChannel, updates: MemberUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    await this.dataSource.query(
      `UPDATE track_channel_members AS m
          SET status = u.status, reason = u.reason, slack_user_id = u.slack_user_id, updated_at = now()
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS u(user_id, status, reason, slack_user_id)
        WHERE m.tenant_id = $1 AND m.track_id = $2 AND m.user_id = u.user_id`,
      [
        c.tenantId,
        c.trackId,
        updates.map((u) => u.userId),
        updates.map((u) => u.status),
        updates.map((u) => u.reason),
        updates.map((u) => u.slackUserId),
      ],
    );
  }

  /** Members no longer listed, once they are out of the channel (only while still unlisted). */
  async deleteUnlisted(c: ClaimedTrackChannel, userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    await this.dataSource.query(
      `DELETE FROM track_channel_members
        WHERE tenant_id = $1 AND track_id = $2 AND user_id = ANY($3::text[]) AND NOT listed`,
      [c.tenantId, c.trackId, userIds],
    );
  }

  /**
   * Finish a claim with a status. `nextRunMs`: when to look again (null: not until the next PUT).
   * A PUT or DELETE that arrived meanwhile (newer generation) wins: its status stays and the row
   * runs again at once.
   */
  async finish(
    c: ClaimedTrackChannel,
    o: {
      status: TrackChannelStatus;
      error?: string | null;
      neededScopes?: string[] | null;
      nextRunMs: number | null;
      lastError?: string | null;
    },
  ): Promise<boolean> {
    return this.affected(
      `UPDATE track_channels
          SET status = CASE WHEN generation = $3 THEN $4 ELSE status END,
              error = CASE WHEN generation = $3 THEN $5 ELSE error END,
              needed_scopes = CASE WHEN generation = $3 THEN $6::jsonb ELSE needed_scopes END,
              attempts = 0,
              last_error = $8,
              run_at = CASE WHEN generation <> $3 THEN now()
                            WHEN $7::double precision IS NULL THEN NULL
                            ELSE now() + ${ms('$7')} END,
              lease = NULL, updated_at = now()
        WHERE tenant_id = $1 AND track_id = $2 AND lease = $9`,
      [
        c.tenantId,
        c.trackId,
        c.generation,
        o.status,
        o.error ?? null,
        o.neededScopes ? JSON.stringify(o.neededScopes) : null,
        o.nextRunMs,
        o.lastError ?? null,
        c.lease,
      ],
    );
  }

  /** Try again later (rate limit, network): status unchanged. */
  async reschedule(c: ClaimedTrackChannel, delayMs: number, lastError: string): Promise<boolean> {
    return this.affected(
      `UPDATE track_channels
          SET run_at = now() + ${ms('$3')}, last_error = $4, lease = NULL, updated_at = now()
        WHERE tenant_id = $1 AND track_id = $2 AND lease = $5`,
      [c.tenantId, c.trackId, delayMs, lastError, c.lease],
    );
  }

  private held(c: ClaimedTrackChannel, set: string, values: unknown[]): Promise<boolean> {
    return this.affected(
      `UPDATE track_channels SET ${set}, updated_at = now()
        WHERE tenant_id = $1 AND track_id = $2 AND lease = $${values.length + 3}`,
      [c.tenantId, c.trackId, ...values, c.lease],
    );
  }

  private async affected(sql: string, values: unknown[]): Promise<boolean> {
    const [, count] = (await this.dataSource.query(sql, values)) as [unknown, number];
    return count > 0;
  }
}
