import { notFound } from '../errors';
import type { TrackChannelStore } from './store';
import type { TrackChannelRequest, TrackChannelState } from './types';

/** The answer of GET (and PUT, DELETE) /tracks/{track_id}/channel (design §4). */
export interface TrackChannelView {
  track_id: string;
  status: TrackChannelState['status'];
  channel: { id: string; name: string } | null;
  is_private: boolean;
  members: Array<{ user_id: string; status: string; reason?: string }>;
  error?: string;
  needed_scopes?: string[];
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
    return view;
  }
}
