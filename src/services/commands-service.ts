import * as replies from '../../views/command-replies';
import type { PlusPlusCommand } from '../domain/commands';
import type { StoredUser } from '../domain/users';
import { AppError, ErrorCode } from '../errors';
import type { UsersRepository } from '../persistence/repositories/users-repository';
import type { TenantInstallationStore } from '../slack/installation-store';
import { scopeHealth } from '../slack/scopes';
import { isPlusPlusAdmin } from './home-service';
import type { MatchingService } from './matching-service';
import type { TestSlackService } from './test-slack';

export interface CommandsServiceOptions {
  /** The team's active installation (ConnectService.activeInstallation: cached for seconds). */
  installations: Pick<TenantInstallationStore, 'findActiveByTeam'>;
  users: UsersRepository;
  matching: MatchingService;
  testSlack: TestSlackService;
  tenants: {
    settings(tenantId: string): Promise<{ plusplusUserAttribute: string; slackUserAttribute: string }>;
  };
}

/**
 * What `/plusplus` does, after the listener has acked: everything here may call the database or
 * Slack. Returns the ephemeral reply.
 */
export class CommandsService {
  constructor(private readonly o: CommandsServiceOptions) {}

  async handle(teamId: string, slackUserId: string, command: PlusPlusCommand): Promise<replies.Reply> {
    if (command.kind === 'help') return replies.helpReply();
    if (command.kind === 'unknown') return replies.unknownReply(command.text);
    const installation = await this.o.installations.findActiveByTeam(teamId);
    if (!installation) return replies.notConnectedReply();
    const tenantId = installation.tenantId;
    const me = await this.o.matching.userForSlackMember(tenantId, teamId, slackUserId);
    const isAdmin = isPlusPlusAdmin(me, installation, slackUserId);

    switch (command.kind) {
      case 'status':
        if (!me) return replies.noAccountReply();
        return replies.statusReply({
          userName: nameOf(me),
          userId: me.userId,
          receiving: me.receiveSlackNotifications,
          connectionHealthy: !scopeHealth(installation.grantedScopes).reconnectRequired,
        });
      case 'mute':
      case 'unmute': {
        if (!me) return replies.noAccountReply();
        await this.o.users.setReceiveSlackNotifications(tenantId, me.userId, command.kind === 'unmute');
        return command.kind === 'mute' ? replies.mutedReply() : replies.unmutedReply();
      }
      case 'mapping': {
        if (!isAdmin) return replies.adminsOnlyReply('see and change user matching');
        const settings = await this.o.tenants.settings(tenantId);
        return replies.mappingReply({
          plusplus: settings.plusplusUserAttribute,
          slack: settings.slackUserAttribute,
        });
      }
      case 'test':
        return this.test(tenantId, teamId, me, isAdmin, command.target);
    }
  }

  private async test(
    tenantId: string,
    teamId: string,
    me: StoredUser | null,
    isAdmin: boolean,
    target: Extract<PlusPlusCommand, { kind: 'test' }>['target'],
  ): Promise<replies.Reply> {
    if (target === null) {
      if (!me) return replies.noAccountReply();
      return this.runTest(tenantId, me, me, nameOf(me) ?? me.userId);
    }
    if (!isAdmin || !me) return replies.adminsOnlyReply('test Slack for other people');
    const user =
      'slackUserId' in target
        ? await this.o.matching.userForSlackMember(tenantId, teamId, target.slackUserId)
        : await this.o.users.findByEmail(tenantId, target.email);
    if (!user)
      return replies.targetNotFoundReply('slackUserId' in target ? 'that Slack member' : target.email);
    // A user without a name is called by the address typed, or by their PlusPlus id (the reply
    // escapes the label, so a `<@U…>` mention would show as text).
    const label = nameOf(user) ?? ('email' in target ? target.email : user.userId);
    return this.runTest(tenantId, user, me, label);
  }

  /** `label` names the user tested; testing yourself (by `test`, your @mention or your address) says "You". */
  private async runTest(tenantId: string, user: StoredUser, actor: StoredUser, label: string) {
    const self = user.userId === actor.userId;
    try {
      const result = await this.o.testSlack.run(tenantId, user.userId, actor.userId);
      if (result.outcome === 'not_found')
        return replies.testReply({ outcome: 'not_found', targetLabel: label, self });
      return replies.testReply({
        outcome: 'matched',
        targetLabel: label,
        self,
        slackUserId: result.slack?.user_id,
        sent: result.test_message.sent,
        error: result.test_message.sent ? undefined : result.test_message.error,
      });
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.Forbidden) {
        return replies.adminsOnlyReply('test Slack for other people');
      }
      throw error;
    }
  }
}

const nameOf = (user: StoredUser) =>
  typeof user.record.name === 'string' && user.record.name.trim() ? user.record.name.trim() : null;
