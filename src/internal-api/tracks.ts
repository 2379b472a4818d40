import { z } from 'zod';
import type { TrackChannelService } from '../app/track-channels/track-channel-service';
import { type AnyRoute, defineRoute } from './route';
import { TenantId, UserId } from './schemas';

/** Track ids: like user ids (no slashes or spaces). */
export const TrackId = z
  .string()
  .regex(
    /^[A-Za-z0-9_.:@+-]{1,128}$/,
    'track_id must be 1 to 128 characters of A-Z, a-z, 0-9 and _ . : @ + -',
  );

export const MAX_TRACK_MEMBERS = 10_000;

const TrackParams = z.object({ tenant_id: TenantId, track_id: TrackId });

const TrackChannelBody = z
  .strictObject({
    name: z.string().trim().min(1, 'name may not be empty').max(500),
    is_private: z.boolean().optional(),
    member_user_ids: z.array(UserId).max(MAX_TRACK_MEMBERS),
    topic: z.string().max(250, 'Slack allows topics of at most 250 characters').nullable().optional(),
    url: z.string().max(3000).optional().describe('link in the welcome message'),
    starts_at: z.string().max(64).optional(),
    ends_at: z.string().max(64).optional(),
    description: z.string().max(3000).optional(),
  })
  .meta({ id: 'TrackChannelRequest' });

const TrackChannel = z
  .object({
    track_id: z.string(),
    status: z.enum(['pending', 'active', 'failed', 'archived', 'cancelled']),
    channel: z.object({ id: z.string(), name: z.string() }).nullable(),
    is_private: z.boolean(),
    members: z.array(
      z.object({
        user_id: z.string(),
        status: z.enum(['pending', 'invited', 'skipped', 'failed']),
        reason: z.string().optional(),
      }),
    ),
    error: z.string().optional(),
    needed_scopes: z.array(z.string()).optional(),
    cancellation: z
      .object({
        reason: z.string().nullable(),
        keep_channel: z.boolean(),
        cancelled_at: z.string(),
        final_message_posted: z.boolean(),
        channel_archived: z.boolean(),
      })
      .optional()
      .describe('present once the track was cancelled'),
  })
  .meta({ id: 'TrackChannel' });

const TrackCancelBody = z
  .strictObject({
    reason: z.string().trim().max(500).optional().describe("shown in the channel's final message"),
    keep_channel: z.boolean().optional().describe('true: post the final message but do not archive'),
  })
  .meta({ id: 'TrackCancelRequest' });

const TAG = 'track channels';
const PATH = '/internal/v1/tenants/:tenant_id/tracks/:track_id/channel';

export interface TrackRoutesDeps {
  tracks: Pick<TrackChannelService, 'put' | 'view' | 'archive' | 'cancel'>;
}

export function trackRoutes(deps: TrackRoutesDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'PUT',
      path: PATH,
      summary:
        "Create or update a scheduled track's Slack channel: name and topic follow the track; new members are invited, members no longer listed removed (idempotent)",
      tag: TAG,
      params: TrackParams,
      body: TrackChannelBody,
      responses: {
        202: { description: 'accepted; the worker creates and fills the channel', schema: TrackChannel },
      },
      async handler({ params, body }) {
        const content = Object.fromEntries(
          (['url', 'starts_at', 'ends_at', 'description'] as const)
            .filter((k) => body[k] !== undefined)
            .map((k) => [k, body[k] as string]),
        );
        const view = await deps.tracks.put(params.tenant_id, params.track_id, {
          name: body.name,
          isPrivate: body.is_private ?? false,
          topic: body.topic ?? null,
          content: Object.keys(content).length > 0 ? content : null,
          memberUserIds: [...new Set(body.member_user_ids)],
        });
        return { status: 202, body: view };
      },
    }),
    defineRoute({
      method: 'GET',
      path: PATH,
      summary: "A track channel's status, channel and per-member invite status",
      tag: TAG,
      params: TrackParams,
      responses: {
        200: { description: 'the track channel', schema: TrackChannel },
        404: { description: 'no channel was ever asked for this track' },
      },
      async handler({ params }) {
        return { status: 200, body: await deps.tracks.view(params.tenant_id, params.track_id) };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: PATH,
      summary: "Archive a track's channel (the worker archives it in Slack)",
      tag: TAG,
      params: TrackParams,
      responses: {
        202: { description: 'accepted', schema: TrackChannel },
        404: { description: 'no channel was ever asked for this track' },
      },
      async handler({ params }) {
        return { status: 202, body: await deps.tracks.archive(params.tenant_id, params.track_id) };
      },
    }),
    defineRoute({
      method: 'POST',
      path: `${PATH}/cancel`,
      summary:
        'The track was cancelled: post a final message in its channel (the reason shown), then archive it unless keep_channel (idempotent; a PUT brings the track back)',
      tag: TAG,
      params: TrackParams,
      body: TrackCancelBody,
      responses: {
        202: { description: 'accepted; the worker posts and archives', schema: TrackChannel },
        404: { description: 'no channel was ever asked for this track' },
      },
      async handler({ params, body }) {
        const view = await deps.tracks.cancel(params.tenant_id, params.track_id, {
          reason: body.reason ? body.reason : null,
          keepChannel: body.keep_channel ?? false,
        });
        return { status: 202, body: view };
      },
    }),
  ];
}
