import type { SlackIdentity, StoredUser } from '../../domain/users';
import { AppError, ErrorCode, notFound } from '../../errors';
import type { UsersRepository } from '../../persistence/repositories/users-repository';
import type { Logger } from '../../platform/logger';
import { slackErrorCode } from '../../slack/failures';
import type { WebClientFactory } from '../../slack/web-client';
import type { Connections } from '../connect/connections';
import type { MatchingService } from './matching-service';

export const NOT_FOUND_MESSAGE = "Could not find this user's Slack account";

/**
 * What Test Slack found and did, as data (src/internal-api/matching.ts makes the API's body of it).
 * `slack` is the user's stored Slack link: unchanged when not found, the new one when matched.
 */
export type TestSlackResult =
  | { outcome: 'not_found'; message: string; reason: string; detail?: string; slack: SlackIdentity | null }
  | {
      outcome: 'matched';
      slack: SlackIdentity | null;
      testMessage: { sent: true } | { sent: false; error: string };
    };

/** Builds the test DM (the templates module renders it). */
export type TestMessageRenderer = (
  tenantId: string,
  o: { actorName: string | null; recipientName: string | null; recipientSlackUserId?: string },
) => Promise<{ text: string; blocks: unknown[] }>;

export interface TestSlackOptions {
  users: UsersRepository;
  matching: MatchingService;
  connect: Pick<Connections, 'reportSlackError'>;
  webClient: WebClientFactory;
  renderTestMessage: TestMessageRenderer;
  logger: Logger;
}

const nameOf = (user: StoredUser | null) =>
  user && typeof user.record.name === 'string' && user.record.name.trim() ? user.record.name.trim() : null;

/**
 * Test Slack (design §4): resolve one user's Slack identity with the current mapping, store it,
 * send a test DM. A no-match leaves the stored identity as it was; a DM failure keeps the new
 * identity and is reported on its own.
 */
export class TestSlackService {
  constructor(private readonly o: TestSlackOptions) {}

  async run(tenantId: string, userId: string, actorUserId: string): Promise<TestSlackResult> {
    const [user, actor] = await Promise.all([
      this.o.users.get(tenantId, userId),
      actorUserId === userId ? null : this.o.users.get(tenantId, actorUserId),
    ]);
    if (actorUserId !== userId && !actor?.isAdmin) {
      throw new AppError(
        ErrorCode.Forbidden,
        'Only the user themselves or a PlusPlus admin may test this user.',
      );
    }
    if (!user) throw notFound(`User "${userId}"`);
    const resolution = await this.o.matching.resolve(tenantId, user.record);
    const { outcome } = resolution;
    if (outcome.status !== 'matched') {
      return {
        outcome: 'not_found' as const,
        message: NOT_FOUND_MESSAGE,
        reason: outcome.reason,
        ...(outcome.detail ? { detail: outcome.detail } : {}),
        slack: user.slack,
      };
    }
    const saved = await this.o.users.setSlackIdentity(tenantId, userId, {
      userId: outcome.slackUserId,
      displayName: outcome.displayName,
    });
    const message = await this.o.renderTestMessage(tenantId, {
      actorName: nameOf(actor ?? user),
      recipientName: nameOf(user),
      recipientSlackUserId: outcome.slackUserId,
    });
    let testMessage: { sent: true } | { sent: false; error: string };
    try {
      await this.o.webClient(resolution.token).chat.postMessage({
        channel: outcome.slackUserId,
        text: message.text,
        // biome-ignore lint/suspicious/noExplicitAny: blocks are built and checked by the templates module
        blocks: message.blocks as any,
      });
      testMessage = { sent: true };
    } catch (error) {
      const code = slackErrorCode(error) ?? 'request_failed';
      await this.o.connect.reportSlackError(resolution.teamId, error);
      this.o.logger.warn({ tenantId, userId, code }, 'test DM failed');
      testMessage = { sent: false, error: code };
    }
    return {
      outcome: 'matched' as const,
      slack: saved?.slack ?? null,
      testMessage,
    };
  }
}
