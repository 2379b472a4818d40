/** Shapes shared by the track-channel store, sync and service (docs/tracks.md). */

export type TrackChannelStatus = 'pending' | 'active' | 'failed' | 'archived' | 'cancelled';
export type MemberStatus = 'pending' | 'invited' | 'skipped' | 'failed';

/** What PUT /tracks/{id}/channel asks for. */
export interface TrackChannelRequest {
  name: string;
  isPrivate: boolean;
  topic: string | null;
  /** Extra content for the welcome message (url, starts_at, ends_at, description). */
  content: Record<string, string> | null;
  memberUserIds: string[];
}

/** What POST /tracks/{id}/channel/cancel asks for. */
export interface TrackCancelRequest {
  reason: string | null;
  keepChannel: boolean;
}

/** A track channel row as the worker and the API see it. */
export interface TrackChannelState {
  tenantId: string;
  trackId: string;
  title: string;
  isPrivate: boolean;
  topic: string | null;
  content: Record<string, string> | null;
  desiredState: 'active' | 'archived' | 'cancelled';
  status: TrackChannelStatus;
  error: string | null;
  neededScopes: string[] | null;
  teamId: string | null;
  channelId: string | null;
  channelName: string | null;
  createIntentName: string | null;
  appliedTopic: string | null;
  welcomePostedAt: Date | null;
  archivedAt: Date | null;
  /** POST …/cancel: when, why (shown in the final message), whether the channel is kept. */
  cancelledAt: Date | null;
  cancelReason: string | null;
  keepChannel: boolean;
  finalPostedAt: Date | null;
  generation: number;
  attempts: number;
}

/** A row a worker holds: every write after the claim names the lease. */
export interface ClaimedTrackChannel extends TrackChannelState {
  lease: string;
}

export interface MemberState {
  userId: string;
  position: number;
  listed: boolean;
  status: MemberStatus;
  reason: string | null;
  /** The Slack member invited for this user. */
  slackUserId: string | null;
}

/** A member with what plusplus_users says now. */
export interface MemberLink extends MemberState {
  knownUser: boolean;
  linkedSlackUserId: string | null;
}

export interface MemberUpdate {
  userId: string;
  status: MemberStatus;
  reason: string | null;
  slackUserId: string | null;
}
