import type { DataSource } from 'typeorm';
import {
  type AdminModel,
  type DeliveryFailureModel,
  type HomeModel,
  type MatchingModel,
  RECENT_FAILURES_LIMIT,
  type TemplateFields,
  type UnmatchedPageModel,
} from '../../views/home/model';
import { UNMATCHED_PAGE_SIZE } from '../../views/modals/unmatched-modal';
import type { StoredUser } from '../domain/users';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { TenantsRepository } from '../persistence/repositories/tenants-repository';
import type { UsersRepository } from '../persistence/repositories/users-repository';
import type { ConnectService } from '../slack/connect-service';
import type { TenantInstallationStore } from '../slack/installation-store';
import type { TemplatesService } from '../templates/service';
import {
  type Actor,
  ADMINS_ONLY,
  type HomeContext,
  isPlusPlusAdmin,
  NO_ACCOUNT,
  NOT_CONNECTED,
} from './home-actor';
import type { ProposedMapping } from './home-mapping';
import * as mapping from './home-mapping';
import * as templateActions from './home-template-actions';
import { templateKinds } from './home-templates';
import type { MatchingService } from './matching-service';
import type { TestSlackService } from './test-slack';

// Moved to their own files; re-exported so callers keep importing them from here.
export {
  type Actor,
  ADMINS_ONLY,
  isPlusPlusAdmin,
  NO_ACCOUNT,
  NO_SUCH_TEMPLATE,
  NOT_CONNECTED,
} from './home-actor';
export { type MappingErrors, mappingErrors, type ProposedMapping } from './home-mapping';

export interface HomeServiceOptions {
  installations: TenantInstallationStore;
  users: UsersRepository;
  tenants: TenantsRepository;
  matching: MatchingService;
  connect: ConnectService;
  testSlack: TestSlackService;
  logger: Logger;
  /**
   * For the welcome flag (`slack_welcomes`) and the admin's recent delivery failures. Without it
   * nobody is welcomed and the failures section is left out (src/main.ts passes it).
   */
  dataSource?: DataSource;
  /** For the admin's templates section; without it the section is left out (src/main.ts passes it). */
  templates?: TemplatesService;
}

const nameOf = (user: StoredUser) =>
  typeof user.record.name === 'string' && user.record.name.trim() ? user.record.name.trim() : null;
const emailOf = (user: StoredUser) => (typeof user.record.email === 'string' ? user.record.email : null);

/**
 * App Home and its modals (issue 8): every method resolves the actor from (team, Slack user) and
 * checks rights itself, so a crafted block_actions or view_submission from a non-admin changes
 * nothing. Methods behind a button return the refreshed home, with a notice saying what happened.
 */
export class HomeService {
  /** What the mapping and template actions (home-mapping.ts, home-template-actions.ts) use of this. */
  private readonly h: HomeContext;

  constructor(private readonly o: HomeServiceOptions) {
    this.h = {
      o,
      actor: (teamId, slackUserId) => this.actor(teamId, slackUserId),
      homeOf: (actor, notice) => this.homeOf(actor, notice),
      refuse: (actor, what) => this.refuse(actor, what),
    };
  }

  async actor(teamId: string, slackUserId: string): Promise<Actor | null> {
    const installation = await this.o.installations.findActiveByTeam(teamId);
    if (!installation) return null;
    const tenantId = installation.tenantId;
    let me: StoredUser | null = null;
    try {
      me = await this.o.matching.userForSlackMember(tenantId, teamId, slackUserId);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      this.o.logger.info({ tenantId, reason: error.code }, 'home: could not resolve the Slack member');
    }
    return {
      tenantId,
      teamId,
      slackUserId,
      installation,
      me,
      isAdmin: isPlusPlusAdmin(me, installation, slackUserId),
    };
  }

  /** The home of a Slack user, with an optional notice at the top. */
  async home(teamId: string, slackUserId: string, notice: string | null = null): Promise<HomeModel> {
    const actor = await this.actor(teamId, slackUserId);
    return this.homeOf(actor, notice);
  }

  private async homeOf(actor: Actor | null, notice: string | null): Promise<HomeModel> {
    if (!actor) return { notice, connected: false, me: null, admin: null };
    const me = actor.me
      ? {
          userId: actor.me.userId,
          name: nameOf(actor.me),
          email: emailOf(actor.me),
          receiveSlackNotifications: actor.me.receiveSlackNotifications,
        }
      : null;
    return { notice, connected: true, me, admin: actor.isAdmin ? await this.adminModel(actor) : null };
  }

  private async adminModel(actor: Actor): Promise<AdminModel> {
    const status = await this.o.connect.status(actor.tenantId);
    const reconnectUrl = status.reconnect_required
      ? (await this.o.connect.createConnectLink(actor.tenantId, null)).authorize_url
      : null;
    return {
      connection: {
        teamId: status.team?.id ?? actor.teamId,
        teamName: status.team?.name ?? actor.installation.teamName,
        installedBy: status.installed_by,
        installedAt: status.installed_at,
        connected: status.connected,
        missingScopes: status.scopes.missing,
        reconnectRequired: status.reconnect_required,
        reconnectUrl,
        message: status.message ?? null,
      },
      notificationsEnabled: status.settings.notifications_enabled,
      mapping: {
        plusplus: status.settings.plusplus_user_attribute,
        slack: status.settings.slack_user_attribute,
      },
      matching: await this.matchingModel(actor.tenantId),
      ...(this.o.templates ? { templates: await templateKinds(this.o.templates, actor.tenantId) } : {}),
      ...(this.o.dataSource ? { recentFailures: await this.recentFailures(actor.tenantId) } : {}),
    };
  }

  /** The tenant's last failed deliveries, newest first (served by `deliveries_tenant_status_idx`). */
  async recentFailures(tenantId: string, limit = RECENT_FAILURES_LIMIT): Promise<DeliveryFailureModel[]> {
    if (!this.o.dataSource) return [];
    const rows: Array<{
      user_id: string;
      slack_user_id: string | null;
      type: string;
      reason: string | null;
      at: Date;
    }> = await this.o.dataSource.query(
      `SELECT d.user_id, d.slack_user_id, n.type, d.reason, d.updated_at AS at
         FROM deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE d.tenant_id = $1 AND d.status = 'failed'
        ORDER BY d.updated_at DESC, d.id DESC
        LIMIT $2`,
      [tenantId, limit],
    );
    return rows.map((r) => ({
      userId: r.user_id,
      slackUserId: r.slack_user_id,
      type: r.type,
      reason: r.reason,
      at: new Date(r.at).toISOString(),
    }));
  }

  /**
   * First contact: claims the one-time welcome of a Slack member. True only for the call whose
   * insert created the row, so concurrent or retried `app_home_opened` events send one DM at most.
   * Only for workspaces connected to a tenant.
   */
  async claimWelcome(teamId: string, slackUserId: string): Promise<boolean> {
    if (!this.o.dataSource) return false;
    // Only for a connected workspace, whose installation row is locked until the insert commits:
    // an uninstall deletes the markers with the rest of the workspace's data (docs/admin-guide.md
    // §10), and a visit racing it must not write one back.
    const rows: unknown[] = await this.o.dataSource.query(
      `WITH active AS (SELECT tenant_id FROM slack_installations
                        WHERE team_id = $1 AND revoked_at IS NULL FOR SHARE)
       INSERT INTO slack_welcomes (team_id, user_id, tenant_id) SELECT $1, $2, tenant_id FROM active
       ON CONFLICT (team_id, user_id) DO NOTHING RETURNING user_id`,
      [teamId, slackUserId],
    );
    return rows.length === 1;
  }

  /** Gives a claimed welcome back when the DM could not be sent, so the next visit tries again. */
  async releaseWelcome(teamId: string, slackUserId: string): Promise<void> {
    await this.o.dataSource?.query(`DELETE FROM slack_welcomes WHERE team_id = $1 AND user_id = $2`, [
      teamId,
      slackUserId,
    ]);
  }

  private async matchingModel(tenantId: string): Promise<MatchingModel> {
    try {
      const r = await this.o.matching.report(tenantId, { limit: 0, offset: 0 });
      return {
        available: true,
        total: r.plusplus_users.total,
        matched: r.plusplus_users.matched,
        unmatched: r.plusplus_users.unmatched,
        ambiguous: r.plusplus_users.ambiguous,
        errors: r.plusplus_users.errors,
        slackMatchable: r.slack_members.matchable,
        directoryWarm: r.directory.warm,
      };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { available: false, reason: error.message };
    }
  }

  /** Admin: the instance-wide "Allow PlusPlus to send Slack notifications". */
  async setTenantNotifications(teamId: string, slackUserId: string, on: boolean): Promise<HomeModel> {
    const actor = await this.actor(teamId, slackUserId);
    if (!actor) return this.homeOf(null, NOT_CONNECTED);
    if (!actor.isAdmin) return this.refuse(actor, 'tenant notifications');
    await this.o.tenants.updateSettings(actor.tenantId, { notificationsEnabled: on });
    this.o.logger.info({ tenantId: actor.tenantId, on }, 'home: tenant notifications switched');
    return this.homeOf(
      actor,
      on
        ? 'PlusPlus may now send Slack notifications.'
        : 'PlusPlus Slack notifications are off for everyone.',
    );
  }

  /** Everyone: their own "Receive Slack notifications". */
  async setMyNotifications(teamId: string, slackUserId: string, on: boolean): Promise<HomeModel> {
    const actor = await this.actor(teamId, slackUserId);
    if (!actor) return this.homeOf(null, NOT_CONNECTED);
    if (!actor.me) return this.homeOf(actor, NO_ACCOUNT);
    const updated = await this.o.users.setReceiveSlackNotifications(actor.tenantId, actor.me.userId, on);
    const next = { ...actor, me: updated ?? actor.me };
    return this.homeOf(
      next,
      on
        ? 'You will get PlusPlus notifications in Slack.'
        : 'Muted: PlusPlus notifications reach you by email only.',
    );
  }

  /** Everyone: Test Slack on themselves. */
  async testMe(teamId: string, slackUserId: string): Promise<HomeModel> {
    const actor = await this.actor(teamId, slackUserId);
    if (!actor) return this.homeOf(null, NOT_CONNECTED);
    if (!actor.me) return this.homeOf(actor, NO_ACCOUNT);
    let notice: string;
    try {
      const result = await this.o.testSlack.run(actor.tenantId, actor.me.userId, actor.me.userId);
      if (result.outcome === 'not_found') notice = result.message;
      else if (result.test_message.sent) notice = 'Test message sent: check your DMs from PlusPlus.';
      else
        notice = `Your Slack account was found, but the test message failed (${result.test_message.error}).`;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      notice = `The test could not run: ${error.message}`;
    }
    return this.homeOf(await this.actor(teamId, slackUserId), notice);
  }

  /** Admin: re-match everyone now (coalesced with a run already going) and say what changed. */
  async rematch(teamId: string, slackUserId: string): Promise<HomeModel> {
    const actor = await this.actor(teamId, slackUserId);
    if (!actor) return this.homeOf(null, NOT_CONNECTED);
    if (!actor.isAdmin) return this.refuse(actor, 're-match');
    let notice: string;
    try {
      const r = await this.o.matching.rematch(actor.tenantId);
      notice = r.skipped
        ? 'Re-match skipped: the Slack directory has not been read yet. It runs by itself once it has.'
        : `Re-match done: ${r.linked} users linked, ${r.changed} links changed.`;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      notice = `Re-match failed: ${error.message}`;
    }
    return this.homeOf(actor, notice);
  }

  /** Admin: the mapping modal's initial state; a non-admin gets their home back with a refusal. */
  mappingForm(teamId: string, slackUserId: string) {
    return mapping.mappingForm(this.h, teamId, slackUserId);
  }

  /** Admin: the impact of a proposed mapping, nothing saved. */
  previewMapping(teamId: string, slackUserId: string, proposed: ProposedMapping) {
    return mapping.previewMapping(this.h, teamId, slackUserId, proposed);
  }

  /** Admin: save the mapping and re-match in the background (fast: no Slack call). */
  saveMapping(teamId: string, slackUserId: string, proposed: ProposedMapping) {
    return mapping.saveMapping(this.h, teamId, slackUserId, proposed);
  }

  /** Admin: one page of the unmatched users. */
  async unmatchedPage(
    teamId: string,
    slackUserId: string,
    offset: number,
  ): Promise<{ ok: true; page: UnmatchedPageModel } | { ok: false; message: string }> {
    const actor = await this.actor(teamId, slackUserId);
    if (!actor) return { ok: false, message: NOT_CONNECTED };
    if (!actor.isAdmin) return { ok: false, message: 'Only PlusPlus admins can see unmatched users.' };
    const start = Number.isSafeInteger(offset) && offset > 0 ? offset : 0;
    try {
      const r = await this.o.matching.report(actor.tenantId, { limit: UNMATCHED_PAGE_SIZE, offset: start });
      const users = await Promise.all(r.unmatched.map((u) => this.o.users.get(actor.tenantId, u.user_id)));
      return {
        ok: true,
        page: {
          total: r.unmatched_total,
          offset: start,
          pageSize: UNMATCHED_PAGE_SIZE,
          entries: r.unmatched.map((u, i) => ({
            userId: u.user_id,
            name: users[i] ? nameOf(users[i]) : null,
            email: users[i] ? emailOf(users[i]) : null,
            reason: u.reason,
          })),
          counts: {
            total: r.plusplus_users.total,
            matched: r.plusplus_users.matched,
            ambiguous: r.plusplus_users.ambiguous,
            errors: r.plusplus_users.errors,
          },
        },
      };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { ok: false, message: error.message };
    }
  }

  /** Admin: enable/disable a template kind or reset it to the default. */
  changeTemplate(teamId: string, slackUserId: string, kind: string, change: { enabled: boolean } | 'reset') {
    return templateActions.changeTemplate(this.h, teamId, slackUserId, kind, change);
  }

  /** Admin: the template modal of a kind, prefilled with the template that applies. */
  templateForm(teamId: string, slackUserId: string, kind: string) {
    return templateActions.templateForm(this.h, teamId, slackUserId, kind);
  }

  /** Admin: the unsaved template rendered with sample content (or its problems); nothing saved. */
  previewTemplate(teamId: string, slackUserId: string, kind: string, fields: TemplateFields) {
    return templateActions.previewTemplate(this.h, teamId, slackUserId, kind, fields);
  }

  /** Admin: save the modal's template (a refusal by TemplatesService is inline errors). */
  saveTemplate(teamId: string, slackUserId: string, kind: string, fields: TemplateFields) {
    return templateActions.saveTemplate(this.h, teamId, slackUserId, kind, fields);
  }

  private refuse(actor: Actor, what: string): Promise<HomeModel> {
    this.o.logger.warn(
      { tenantId: actor.tenantId, slackUserId: actor.slackUserId, action: what },
      'home: admin action refused',
    );
    return this.homeOf(actor, ADMINS_ONLY);
  }
}
