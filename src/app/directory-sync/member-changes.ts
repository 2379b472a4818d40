import type { SlackMember } from '../../domain/matching/slack-members';
import { AppError } from '../../errors';
import { BackgroundTasks } from '../../platform/background';
import type { Logger } from '../../platform/logger';
import type { MatchingService, MemberChange } from '../user-matching/matching-service';
import type { DirectoryEventType } from './directory-events';

export interface MemberChangesOptions {
  matching: Pick<MatchingService, 'rematchMembers'>;
  /** Which tenant a workspace is connected to (the installation store). */
  installations: { findActiveByTeam(teamId: string): Promise<{ tenantId: string } | null> };
  logger: Logger;
  /** Where the re-match runs (the app drains it on stop); default a private one. */
  background?: BackgroundTasks;
  /** Members per re-match run (default 1000); a longer burst is worked off in several runs. */
  maxBatch?: number;
}

/**
 * Directory events → incremental re-match (design §6: a member deactivated in Slack must not stay
 * linked until someone re-matches by hand). The event handler only records the member and returns;
 * per workspace one run at a time works off what has gathered meanwhile, so a burst (Slack's
 * retries, a mass deactivation, an SCIM import) costs a few runs, not one per event, and the same
 * member changed several times in a burst is re-matched once. Runs are idempotent
 * (MatchingService.rematchMembers), so a change seen by two processes, or twice, is harmless.
 * A failed run is logged and dropped: the next full re-match or sync repairs what it missed.
 */
export class MemberChanges {
  /** teamId → member id → the cached member before its first change in this batch. */
  private readonly pending = new Map<string, Map<string, SlackMember | null | undefined>>();
  private readonly running = new Set<string>();
  private readonly idle = new Map<string, Array<() => void>>();
  private readonly background: BackgroundTasks;
  private readonly maxBatch: number;

  constructor(private readonly o: MemberChangesOptions) {
    this.background = o.background ?? new BackgroundTasks(o.logger);
    this.maxBatch = Math.max(1, o.maxBatch ?? 1000);
  }

  /** DirectoryEvents' `onMemberChanged`: records the change and returns at once. */
  readonly onMemberChanged = (
    teamId: string,
    slackUserId: string,
    _event?: DirectoryEventType,
    previous?: SlackMember | null,
  ): void => {
    let batch = this.pending.get(teamId);
    if (!batch) {
      batch = new Map();
      this.pending.set(teamId, batch);
    }
    // The first `previous` of a burst is the state the links were computed from.
    if (!batch.has(slackUserId)) batch.set(slackUserId, previous);
    if (this.running.has(teamId)) return;
    this.running.add(teamId);
    let started = false;
    this.background.run('re-match after directory events', () => {
      started = true;
      return this.work(teamId);
    });
    if (!started) {
      // Shutting down: nothing runs any more; the next start's re-matches and syncs catch up.
      this.running.delete(teamId);
      this.pending.delete(teamId);
    }
  };

  /** Resolves once nothing is pending or running for the workspace (tests, graceful stop). */
  whenIdle(teamId: string): Promise<void> {
    if (!this.running.has(teamId)) return Promise.resolve();
    return new Promise((resolve) => {
      const waiting = this.idle.get(teamId) ?? [];
      waiting.push(resolve);
      this.idle.set(teamId, waiting);
    });
  }

  private async work(teamId: string): Promise<void> {
    try {
      for (;;) {
        const batch = this.pending.get(teamId);
        if (!batch || batch.size === 0) {
          this.pending.delete(teamId);
          return;
        }
        const changes: MemberChange[] = [];
        for (const [slackUserId, previous] of batch) {
          if (changes.length >= this.maxBatch) break;
          changes.push({ slackUserId, previous });
        }
        for (const c of changes) batch.delete(c.slackUserId);
        await this.run(teamId, changes);
      }
    } finally {
      // No await between the empty check above and here: a change recorded after it starts a new run.
      this.running.delete(teamId);
      for (const resolve of this.idle.get(teamId) ?? []) resolve();
      this.idle.delete(teamId);
    }
  }

  private async run(teamId: string, changes: MemberChange[]): Promise<void> {
    try {
      const installation = await this.o.installations.findActiveByTeam(teamId);
      if (!installation) return; // not connected: nothing is sent, the next connect re-matches
      const summary = await this.o.matching.rematchMembers(installation.tenantId, changes);
      this.o.logger.debug({ teamId, ...summary }, 'directory events re-matched');
    } catch (error) {
      if (error instanceof AppError) {
        this.o.logger.info({ teamId, reason: error.code }, 're-match after directory events skipped');
      } else {
        this.o.logger.warn(
          { teamId, members: changes.length, err: String(error) },
          're-match after directory events failed',
        );
      }
    }
  }
}
