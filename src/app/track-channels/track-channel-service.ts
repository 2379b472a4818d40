import type {
  TrackCancelRequest,
  TrackChannelRequest,
  TrackChannelState,
} from '../../domain/tracks/track-channel';
import { notFound } from '../../errors';
import type { TrackChannelStore } from '../../persistence/queues/track-channel-queue';

/** The answer of GET (and PUT, DELETE) /tracks/{track_id}/channel (design §4). */
export interface TrackChannelView {
  track_id: string;
  status: TrackChannelState['status'];
  channel: { id: string; name: string } | null;
  is_private: boolean;
  members: Array<{ user_id: string; status: string; reason?: string }>;
  error?: string;
  needed_scopes?: string[];
  /** Present once the track was cancelled (POST …/cancel). */
  cancellation?: {
    reason: string | null;
    keep_channel: boolean;
    cancelled_at: string;
    final_message_posted: boolean;
    channel_archived: boolean;
  };
}

/** The internal API's side of track channels: record intent, answer at once, let the worker act. */
export class TrackChannelService {
  /** Called after a PUT or DELETE so an in-process worker looks at once (main.ts wires `poke`). */
  onChange: () => void = () => {};

  constructor(private readonly store: TrackChannelStore) {}

  async put(tenantId: string, trackId: string, request: TrackChannelRequest): Promise<TrackChannelView> {
    await this.store.requestActive(tenantId, trackId, request);
    this.onChange();
    return this.view(tenantId, trackId);
  }

  async archive(tenantId: string, trackId: string): Promise<TrackChannelView> {
    if (!(await this.store.requestArchive(tenantId, trackId))) throw notFound(`Track channel "${trackId}"`);
    this.onChange();
    return this.view(tenantId, trackId);
  }

  /** POST …/cancel: the final message, then the archive unless `keepChannel` (idempotent). */
  async cancel(tenantId: string, trackId: string, request: TrackCancelRequest): Promise<TrackChannelView> {
    if (!(await this.store.requestCancel(tenantId, trackId, request)))
      throw notFound(`Track channel "${trackId}"`);
    this.onChange();
    return this.view(tenantId, trackId);
  }

  async view(tenantId: string, trackId: string): Promise<TrackChannelView> {
    const state = await this.store.get(tenantId, trackId);
    if (!state) throw notFound(`Track channel "${trackId}"`);
    const members = await this.store.listedMembers(tenantId, trackId);
    const view: TrackChannelView = {
      track_id: trackId,
      status: state.status,
      channel: state.channelId && state.channelName ? { id: state.channelId, name: state.channelName } : null,
      is_private: state.isPrivate,
      members: members.map((m) =>
        m.reason
          ? { user_id: m.userId, status: m.status, reason: m.reason }
          : { user_id: m.userId, status: m.status },
      ),
    };
    if (state.error) view.error = state.error;
    if (state.neededScopes?.length) view.needed_scopes = state.neededScopes;
    if (state.desiredState === 'cancelled' && state.cancelledAt) {
      view.cancellation = {
        reason: state.cancelReason,
        keep_channel: state.keepChannel,
        cancelled_at: new Date(state.cancelledAt).toISOString(),
        final_message_posted: state.finalPostedAt !== null,
        channel_archived: state.archivedAt !== null,
      };
    }
    return view;
  }
}
