import type { WebClient } from '@slack/web-api';
import type { RenderContext } from '../../domain/templates';
import type { KnownBlock } from '../../domain/templates/types';
import { channelNameFor, isNameFor, withSuffix } from '../../domain/tracks/channel-name';
import type { ClaimedTrackChannel, TrackChannelStatus } from '../../domain/tracks/track-channel';
import type { TrackChannelStore } from '../../persistence/queues/track-channel-queue';
import type { TenantsRepository } from '../../persistence/repositories/tenants-repository';
import type { Logger } from '../../platform/logger';
import { backoffMs, classifySlackError, missingScopes, slackErrorCode } from '../../slack/failures';
import type { WebClientFactory } from '../../slack/web-client';
import type { Connections } from '../connect/connections';
import { syncMembers } from './channel-members';

/**
 * One track channel brought to what PlusPlus asked for (docs/tracks.md): created (or found again
 * after a crash), renamed, its topic set, its members invited, the welcome posted, archived when
 * deleted, a final message posted when the track is cancelled, each Slack answer judged by src/slack/failures.ts. Over ~350 lines on purpose: these
 * steps share one claimed row, one bot and one outcome, and read best in the order they run.
 */

/** Tunables of the track-channel sync; every one is injectable for tests. */
export interface TrackSyncOptions {
  /**
   * Active channels with members that had no Slack link are looked at again after this, and the
   * members linked since are invited (default 5 minutes).
   */
  reconcileMs?: number;
  /**
   * `missing_scope`, `not_connected`, `notifications_disabled`: the app retries by itself after
   * this (default 10 minutes), so a reconnect or switching notifications on needs no new PUT.
   */
  blockedRetryMs?: number;
  /** First retry after a network error, 5xx or transient Slack code; doubles up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Transient failures in a row before the channel is `failed` with `retries_exhausted`. */
  maxAttempts?: number;
  /** Users per conversations.invite (Slack's limit is 100). */
  inviteBatch?: number;
  /** `name_taken` suffixes to try (-2 … -n) before giving up with `name_taken`. */
  maxNameSuffix?: number;
}

const DEFAULTS: Required<TrackSyncOptions> = {
  reconcileMs: 5 * 60_000,
  blockedRetryMs: 10 * 60_000,
  backoffMs: 2_000,
  maxBackoffMs: 5 * 60_000,
  maxAttempts: 8,
  inviteBatch: 100,
  maxNameSuffix: 50,
};

type Outcome =
  | {
      kind: 'finish';
      status: TrackChannelStatus;
      error?: string;
      neededScopes?: string[];
      nextRunMs: number | null;
    }
  | { kind: 'retry'; delayMs: number; lastError: string };

/** Thrown inside a sync to end it with a status (a refusal we report rather than retry). */
class Stop extends Error {
  constructor(readonly outcome: Outcome) {
    super(outcome.kind === 'finish' ? (outcome.error ?? outcome.status) : outcome.lastError);
  }
}

export interface TrackSyncDeps {
  store: TrackChannelStore;
  tenants: TenantsRepository;
  connect: Connections;
  webClient: WebClientFactory;
  logger: Logger;
  options?: TrackSyncOptions;
  /**
   * The tenant's track_welcome template (issue 9) as the message to post: text and Block Kit
   * (src/compose.ts renders with TemplatesService and builds the blocks with views/messages).
   */
  render: (tenantId: string, ctx: RenderContext) => Promise<{ text: string; blocks: KnownBlock[] }>;
  /** A tenant that disabled the track welcome (or the final message of a cancelled track) gets none. */
  isTypeEnabled?: (tenantId: string, type: 'track_welcome' | 'track_cancelled') => Promise<boolean>;
}

interface Bot {
  web: WebClient;
  teamId: string;
  botUserId: string;
}

/**
 * Brings one claimed track channel in line with what the backend asked for: create (crash-safe),
 * follow the name and topic, invite and remove members, post the welcome once, or archive. Every
 * Slack refusal ends as a status the API reports; nothing here throws to the worker loop except
 * database errors.
 */
export class TrackChannelSync {
  private readonly o: Required<TrackSyncOptions>;

  constructor(private readonly d: TrackSyncDeps) {
    this.o = { ...DEFAULTS, ...d.options };
  }

  get options(): Readonly<Required<TrackSyncOptions>> {
    return this.o;
  }

  async run(c: ClaimedTrackChannel): Promise<void> {
    const ctx: { teamId?: string } = {};
    let outcome: Outcome;
    try {
      outcome =
        c.desiredState === 'archived'
          ? await this.archive(c, ctx)
          : c.desiredState === 'cancelled'
            ? await this.cancel(c, ctx)
            : await this.provision(c, ctx);
    } catch (error) {
      outcome = error instanceof Stop ? error.outcome : await this.classify(c, error, ctx.teamId);
    }
    const log = { tenantId: c.tenantId, trackId: c.trackId, channel: c.channelId };
    if (outcome.kind === 'retry') {
      this.d.logger.info(
        { ...log, delayMs: outcome.delayMs, err: outcome.lastError },
        'track channel: retry later',
      );
      await this.d.store.reschedule(c, outcome.delayMs, outcome.lastError);
      return;
    }
    if (outcome.status === 'failed') {
      this.d.logger.warn({ ...log, error: outcome.error }, 'track channel failed');
    }
    await this.d.store.finish(c, {
      status: outcome.status,
      error: outcome.error ?? null,
      neededScopes: outcome.neededScopes ?? null,
      nextRunMs: outcome.nextRunMs,
      lastError: outcome.status === 'failed' ? (outcome.error ?? null) : null,
    });
  }

  private failed(error: string, retry: boolean, neededScopes?: string[]): Stop {
    return new Stop({
      kind: 'finish',
      status: 'failed',
      error,
      neededScopes,
      nextRunMs: retry ? this.o.blockedRetryMs : null,
    });
  }

  private async bot(c: ClaimedTrackChannel, ctx: { teamId?: string }): Promise<Bot> {
    const bot = await this.d.connect.botTokenForTenant(c.tenantId);
    if (!bot) throw this.failed('not_connected', true);
    ctx.teamId = bot.installation.teamId;
    return {
      web: this.d.webClient(bot.token),
      teamId: bot.installation.teamId,
      botUserId: bot.installation.botUserId,
    };
  }

  private async provision(c: ClaimedTrackChannel, ctx: { teamId?: string }): Promise<Outcome> {
    const settings = await this.d.tenants.settings(c.tenantId);
    if (!settings.notificationsEnabled) throw this.failed('notifications_disabled', true);
    const bot = await this.bot(c, ctx);

    // An archived channel is not reopened, and a channel in a workspace the tenant left cannot be
    // reached: start over with a new channel.
    if (c.channelId && (c.archivedAt || c.teamId !== bot.teamId)) {
      await this.d.store.resetChannel(c);
      Object.assign(c, {
        teamId: null,
        channelId: null,
        channelName: null,
        createIntentName: null,
        appliedTopic: null,
        welcomePostedAt: null,
        archivedAt: null,
      });
    }
    if (!c.channelId) await this.create(c, bot);
    else await this.followName(c, bot);
    await this.followTopic(c, bot);
    const skipped = await syncMembers({ store: this.d.store, inviteBatch: this.o.inviteBatch }, c, bot.web);
    if (!c.welcomePostedAt) await this.welcome(c, bot);
    return { kind: 'finish', status: 'active', nextRunMs: skipped > 0 ? this.o.reconcileMs : null };
  }

  /**
   * conversations.create, crash-safe: the name is recorded before the call; if an earlier attempt
   * recorded one, first look for a channel of that name our bot created (the answer may have been
   * lost after Slack made it). `name_taken` moves on to `-2`, `-3` …
   */
  private async create(c: ClaimedTrackChannel, bot: Bot): Promise<void> {
    if (c.createIntentName) {
      const found = await this.findOurs(c, bot, c.createIntentName);
      if (found) {
        this.d.logger.info(
          { tenantId: c.tenantId, trackId: c.trackId, channel: found.id },
          'track channel: found the channel an earlier attempt created',
        );
        await this.d.store.recordChannel(c, { teamId: bot.teamId, ...found });
        Object.assign(c, { channelId: found.id, channelName: found.name, teamId: bot.teamId });
        return;
      }
    }
    const base = channelNameFor(c.title, c.trackId);
    for (let n = 1; n <= this.o.maxNameSuffix; n++) {
      const name = withSuffix(base, n);
      await this.d.store.recordIntent(c, name);
      c.createIntentName = name;
      try {
        const res = await bot.web.conversations.create({ name, is_private: c.isPrivate });
        const id = res.channel?.id;
        if (!id) throw new Error('conversations.create answered without a channel id');
        await this.d.store.recordChannel(c, { teamId: bot.teamId, id, name });
        Object.assign(c, { channelId: id, channelName: name, teamId: bot.teamId });
        this.d.logger.info(
          { tenantId: c.tenantId, trackId: c.trackId, channel: id },
          'track channel created',
        );
        return;
      } catch (error) {
        if (slackErrorCode(error) !== 'name_taken') throw error;
      }
    }
    throw this.failed('name_taken', false);
  }

  /** A channel named `name`, created by our bot, not owned by another track: ours. */
  private async findOurs(
    c: ClaimedTrackChannel,
    bot: Bot,
    name: string,
  ): Promise<{ id: string; name: string } | null> {
    let cursor: string | undefined;
    do {
      const page = await bot.web.conversations.list({
        types: c.isPrivate ? 'private_channel' : 'public_channel',
        exclude_archived: true,
        limit: 1000,
        cursor,
      });
      for (const ch of page.channels ?? []) {
        if (ch.name === name && ch.creator === bot.botUserId && ch.id) {
          if (await this.d.store.channelOwnedByOther(c, ch.id)) return null;
          return { id: ch.id, name };
        }
      }
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return null;
  }

  /** The channel name follows the track's name (conversations.rename, with suffixes if taken). */
  private async followName(c: ClaimedTrackChannel, bot: Bot): Promise<void> {
    const base = channelNameFor(c.title, c.trackId);
    if (c.channelName && isNameFor(c.channelName, base)) return;
    for (let n = 1; n <= this.o.maxNameSuffix; n++) {
      const name = withSuffix(base, n);
      try {
        await bot.web.conversations.rename({ channel: c.channelId!, name });
        await this.d.store.recordName(c, name);
        c.channelName = name;
        return;
      } catch (error) {
        if (slackErrorCode(error) !== 'name_taken') throw error;
      }
    }
    throw this.failed('name_taken', false);
  }

  /** The topic follows the track: set when it changes; cleared when the PUT no longer has one. */
  private async followTopic(c: ClaimedTrackChannel, bot: Bot): Promise<void> {
    if ((c.topic ?? null) === (c.appliedTopic ?? null)) return;
    await bot.web.conversations.setTopic({ channel: c.channelId!, topic: c.topic ?? '' });
    await this.d.store.recordTopic(c, c.topic);
    c.appliedTopic = c.topic;
  }

  /**
   * Invite listed members not in the channel yet (≤ inviteBatch a call, `force` so one bad user
   * does not fail the batch), skip those without a Slack link, remove those no longer listed.
   * Returns how many listed members are skipped (the reconcile looks at them again).
   */
  /** The welcome message, once, after the first invites (so members see it as new). */
  private async welcome(c: ClaimedTrackChannel, bot: Bot): Promise<void> {
    const enabled = (await this.d.isTypeEnabled?.(c.tenantId, 'track_welcome')) ?? true;
    if (!enabled) {
      // Disabled by the tenant: recorded as done, so it is not tried again.
      await this.d.store.recordWelcome(c);
      c.welcomePostedAt = new Date();
      return;
    }
    const ctx: RenderContext = {
      type: 'track_welcome',
      content: { ...(c.content ?? {}), id: c.trackId, title: c.title },
    };
    const { text, blocks } = await this.d.render(c.tenantId, ctx);
    await bot.web.chat.postMessage({
      channel: c.channelId!,
      text,
      blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    await this.d.store.recordWelcome(c);
    c.welcomePostedAt = new Date();
  }

  private async archive(c: ClaimedTrackChannel, ctx: { teamId?: string }): Promise<Outcome> {
    const done: Outcome = { kind: 'finish', status: 'archived', nextRunMs: null };
    if (c.archivedAt) return done;
    const bot = await this.existingChannel(c, ctx);
    if (bot) await this.archiveChannel(c, bot);
    return done;
  }

  /**
   * A cancelled track (POST …/cancel): the final message in the channel, once, then the archive
   * unless the backend asked to keep the channel. Nothing to do when no channel was ever made.
   */
  private async cancel(c: ClaimedTrackChannel, ctx: { teamId?: string }): Promise<Outcome> {
    const done: Outcome = { kind: 'finish', status: 'cancelled', nextRunMs: null };
    if (c.archivedAt || (c.finalPostedAt && c.keepChannel)) return done;
    const bot = await this.existingChannel(c, ctx);
    if (!bot) return done;
    if (!c.finalPostedAt) await this.finalMessage(c, bot);
    if (!c.keepChannel && !c.archivedAt) await this.archiveChannel(c, bot);
    return done;
  }

  /**
   * The bot of the channel this track has in Slack, or null when it has none: a create whose
   * answer was lost may have made one, so a recorded create intent is looked for first.
   */
  private async existingChannel(c: ClaimedTrackChannel, ctx: { teamId?: string }): Promise<Bot | null> {
    if (!c.channelId && !c.createIntentName) return null;
    const bot = await this.bot(c, ctx);
    if (!c.channelId) {
      const found = await this.findOurs(c, bot, c.createIntentName!);
      if (!found) return null;
      await this.d.store.recordChannel(c, { teamId: bot.teamId, ...found });
      Object.assign(c, { channelId: found.id, channelName: found.name, teamId: bot.teamId });
    }
    if (c.teamId !== bot.teamId) throw this.failed('not_connected', true);
    return bot;
  }

  /**
   * The cancelled track's last message (template `track_cancelled`, the reason shown). A channel
   * that is gone or already archived in Slack gets none: recorded as archived, nothing to post to.
   */
  private async finalMessage(c: ClaimedTrackChannel, bot: Bot): Promise<void> {
    if ((await this.d.isTypeEnabled?.(c.tenantId, 'track_cancelled')) ?? true) {
      const { text, blocks } = await this.d.render(c.tenantId, {
        type: 'track_cancelled',
        content: { ...(c.content ?? {}), id: c.trackId, title: c.title },
        change: { cancelled: true, ...(c.cancelReason ? { reason: c.cancelReason } : {}) },
      });
      try {
        await bot.web.chat.postMessage({
          channel: c.channelId!,
          text,
          blocks,
          unfurl_links: false,
          unfurl_media: false,
        });
      } catch (error) {
        const code = slackErrorCode(error);
        if (code !== 'is_archived' && code !== 'channel_not_found') throw error;
        await this.d.store.recordArchived(c);
        c.archivedAt = new Date();
        return;
      }
    }
    // Disabled by the tenant: recorded as done too, so it is not tried again.
    await this.d.store.recordFinalPosted(c);
    c.finalPostedAt = new Date();
  }

  /** conversations.archive (`already_archived`, `channel_not_found` count as done). */
  private async archiveChannel(c: ClaimedTrackChannel, bot: Bot): Promise<void> {
    try {
      await bot.web.conversations.archive({ channel: c.channelId! });
    } catch (error) {
      const code = slackErrorCode(error);
      if (code !== 'already_archived' && code !== 'channel_not_found') throw error;
    }
    await this.d.store.recordArchived(c);
    c.archivedAt = new Date();
    this.d.logger.info(
      { tenantId: c.tenantId, trackId: c.trackId, channel: c.channelId },
      'track channel archived',
    );
  }

  /** A Slack or network error (judged by src/slack/failures.ts): what the API reports, or when to try again. */
  private async classify(c: ClaimedTrackChannel, error: unknown, teamId?: string): Promise<Outcome> {
    const finish = (err: string, retry: boolean, neededScopes?: string[]): Outcome => ({
      kind: 'finish',
      status: 'failed',
      error: err,
      neededScopes,
      nextRunMs: retry ? this.o.blockedRetryMs : null,
    });
    const verdict = classifySlackError(error);
    switch (verdict.kind) {
      case 'rate_limited':
        // At least a second, also when Retry-After says 0.
        return { kind: 'retry', delayMs: Math.max(1000, verdict.retryAfterMs), lastError: 'ratelimited' };
      case 'missing_scope': {
        const { needed, provided } = missingScopes(error);
        // Keep the installation's granted scopes honest, so GET /slack says reconnect_required.
        if (teamId) await this.d.connect.observeScopes(teamId, provided);
        return finish('missing_scope', true, needed);
      }
      case 'installation':
        if (teamId) await this.d.connect.reportSlackError(teamId, error);
        return finish('not_connected', true);
      case 'transient': {
        const message = slackErrorCode(error) ?? (error instanceof Error ? error.message : String(error));
        if (c.attempts >= this.o.maxAttempts) return finish('retries_exhausted', true);
        const delayMs = backoffMs(c.attempts, {
          baseMs: this.o.backoffMs,
          maxMs: this.o.maxBackoffMs,
          jitter: 0,
        });
        return { kind: 'retry', delayMs, lastError: message.slice(0, 500) };
      }
      case 'recipient':
      case 'permanent':
        return finish(verdict.code, false);
    }
  }
}
