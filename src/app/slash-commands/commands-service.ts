import type { CommandAnswer, PlusPlusCommand } from '../../domain/commands';
import type { StoredUser } from '../../domain/users';
import { AppError, ErrorCode } from '../../errors';
import type { UsersRepository } from '../../persistence/repositories/users-repository';
import type { TenantInstallationStore } from '../../slack/installation-store';
import { scopeHealth } from '../../slack/scopes';
import { isPlusPlusAdmin } from '../app-home/home-service';
import type { MatchingService } from '../user-matching/matching-service';
import type { TestSlackService } from '../user-matching/test-slack';

export interface CommandsServiceOptions {
  /** The team's active installation (TokenKeeper.activeInstallation: cached for seconds). */
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
 * Slack. Returns what the answer says; the listener has it worded by views/command-replies.ts.
 */
export class CommandsService {
  constructor(private readonly o: CommandsServiceOptions) {}

  async handle(teamId: string, slackUserId: string, command: PlusPlusCommand): Promise<CommandAnswer> {
    if (command.kind === 'help') return { kind: 'help' };
    if (command.kind === 'unknown') return { kind: 'unknown', text: command.text };
    const installation = await this.o.installations.findActiveByTeam(teamId);
    if (!installation) return { kind: 'not_connected' };
    const tenantId = installation.tenantId;
    const me = await this.o.matching.userForSlackMember(tenantId, teamId, slackUserId);
    const isAdmin = isPlusPlusAdmin(me, installation, slackUserId);

    switch (command.kind) {
      case 'status':
        if (!me) return { kind: 'no_account' };
        return {
          kind: 'status',
          userName: nameOf(me),
          userId: me.userId,
          receiving: me.receiveSlackNotifications,
          connectionHealthy: !scopeHealth(installation.grantedScopes).reconnectRequired,
        };
      case 'mute':
      case 'unmute': {
        if (!me) return { kind: 'no_account' };
        await this.o.users.setReceiveSlackNotifications(tenantId, me.userId, command.kind === 'unmute');
        return { kind: command.kind === 'mute' ? 'muted' : 'unmuted' };
      }
      case 'mapping': {
        if (!isAdmin) return { kind: 'admins_only', what: 'mapping' };
        const settings = await this.o.tenants.settings(tenantId);
        return {
          kind: 'mapping',
          plusplus: settings.plusplusUserAttribute,
          slack: settings.slackUserAttribute,
        };
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
  ): Promise<CommandAnswer> {
    if (target === null) {
      if (!me) return { kind: 'no_account' };
      return this.runTest(tenantId, me, me, nameOf(me) ?? me.userId);
    }
    if (!isAdmin || !me) return { kind: 'admins_only', what: 'test_others' };
    const user =
      'slackUserId' in target
        ? await this.o.matching.userForSlackMember(tenantId, teamId, target.slackUserId)
        : await this.o.users.findByEmail(tenantId, target.email);
    if (!user)
      return {
        kind: 'target_not_found',
        label: 'slackUserId' in target ? 'that Slack member' : target.email,
      };
    // A user without a name is called by the address typed, or by their PlusPlus id (the reply
    // escapes the label, so a `<@U…>` mention would show as text).
    const label = nameOf(user) ?? ('email' in target ? target.email : user.userId);
    return this.runTest(tenantId, user, me, label);
  }

  /** `label` names the user tested; testing yourself (by `test`, your @mention or your address) says "You". */
  private async runTest(
    tenantId: string,
    user: StoredUser,
    actor: StoredUser,
    label: string,
  ): Promise<CommandAnswer> {
    const self = user.userId === actor.userId;
    try {
      const result = await this.o.testSlack.run(tenantId, user.userId, actor.userId);
      if (result.outcome === 'not_found')
        return { kind: 'test', outcome: 'not_found', targetLabel: label, self };
      return {
        kind: 'test',
        outcome: 'matched',
        targetLabel: label,
        self,
        slackUserId: result.slack?.userId,
        sent: result.testMessage.sent,
        error: result.testMessage.sent ? undefined : result.testMessage.error,
      };
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.Forbidden) {
        return { kind: 'admins_only', what: 'test_others' };
      }
      throw error;
    }
  }
}

const nameOf = (user: StoredUser) =>
  typeof user.record.name === 'string' && user.record.name.trim() ? user.record.name.trim() : null;
