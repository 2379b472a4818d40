import type { DataSource } from 'typeorm';
import {
  type AdminModel,
  type DeliveryFailureModel,
  type HomeModel,
  type MappingFormModel,
  type MappingPreviewModel,
  type MatchingModel,
  RECENT_FAILURES_LIMIT,
  type TemplateFields,
  type TemplateFormModel,
  type UnmatchedPageModel,
} from '../../views/home/model';
import { UNMATCHED_PAGE_SIZE } from '../../views/modals/unmatched-modal';
import { compileExpression } from '../domain/jmespath';
import type { StoredUser } from '../domain/users';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { TenantsRepository } from '../persistence/repositories/tenants-repository';
import type { UsersRepository } from '../persistence/repositories/users-repository';
import type { ConnectService } from '../slack/connect-service';
import type { StoredInstallation, TenantInstallationStore } from '../slack/installation-store';
import type { TemplatesService } from '../templates/service';
import {
  errorsOf,
  fieldsOf,
  formOf,
  isInvalidTemplate,
  isTemplateKind,
  labelOf,
  patchOf,
  previewOf,
  type TemplateErrors,
  templateKinds,
  tooLongForInput,
} from './home-templates';
import type { MatchingService } from './matching-service';
import type { TestSlackService } from './test-slack';

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

/** Who is asking, resolved on the server for every request (never trusted from the payload). */
export interface Actor {
  tenantId: string;
  teamId: string;
  slackUserId: string;
  installation: StoredInstallation;
  me: StoredUser | null;
  isAdmin: boolean;
}

/** The proposed mapping as typed in the modal. */
export interface ProposedMapping {
  plusplus: string;
  slack: string;
}

/** Inline errors keyed by the modal's input block ids (`response_action: "errors"`). */
export type MappingErrors = Partial<Record<'plusplus' | 'slack', string>>;

export const ADMINS_ONLY = 'Only PlusPlus admins can change that. Nothing was changed.';
export const NO_SUCH_TEMPLATE = 'There is no such notification template.';
export const NOT_CONNECTED = 'PlusPlus is not connected to this Slack workspace.';
export const NO_ACCOUNT =
  "I couldn't find your PlusPlus account, so there is nothing to change. Check that your Slack email is the one you use in PlusPlus.";

/**
 * Who may administer PlusPlus from Slack (App Home, `/plusplus mapping`, testing others): a
 * PlusPlus admin linked to this Slack member, or the Slack user who installed the app.
 */
export function isPlusPlusAdmin(
  me: StoredUser | null,
  installation: Pick<StoredInstallation, 'installerUserId'>,
  slackUserId: string,
): boolean {
  return Boolean(me?.isAdmin) || installation.installerUserId === slackUserId;
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
  constructor(private readonly o: HomeServiceOptions) {}

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
  async mappingForm(
    teamId: string,
    slackUserId: string,
  ): Promise<{ ok: true; form: MappingFormModel } | { ok: false; home: HomeModel }> {
    const actor = await this.actor(teamId, slackUserId);
    if (!actor) return { ok: false, home: await this.homeOf(null, NOT_CONNECTED) };
    if (!actor.isAdmin) return { ok: false, home: await this.refuse(actor, 'open mapping') };
    const settings = await this.o.tenants.settings(actor.tenantId);
    return {
      ok: true,
      form: { plusplus: settings.plusplusUserAttribute, slack: settings.slackUserAttribute, preview: null },
    };
  }

  /** Admin: the impact of a proposed mapping, nothing saved. */
  async previewMapping(
    teamId: string,
    slackUserId: string,
    proposed: ProposedMapping,
  ): Promise<{ ok: true; form: MappingFormModel } | { ok: false; home: HomeModel }> {
    const actor = await this.actor(teamId, slackUserId);
    if (!actor) return { ok: false, home: await this.homeOf(null, NOT_CONNECTED) };
    if (!actor.isAdmin) return { ok: false, home: await this.refuse(actor, 'preview mapping') };
    const p = { plusplus: proposed.plusplus.trim(), slack: proposed.slack.trim() };
    const errors = mappingErrors(p);
    const form = (preview: MappingPreviewModel): { ok: true; form: MappingFormModel } => ({
      ok: true,
      form: { ...p, preview },
    });
    if (errors)
      return form({ kind: 'errors', plusplus: errors.plusplus ?? null, slack: errors.slack ?? null });
    try {
      const r = await this.o.matching.preview(actor.tenantId, p);
      const ids = (list: ReadonlyArray<{ user_id: string }>) => list.map((c) => c.user_id);
      return form({
        kind: 'ok',
        current: { matched: r.current.plusplus_users.matched, total: r.current.plusplus_users.total },
        proposed: { matched: r.preview.plusplus_users.matched, total: r.preview.plusplus_users.total },
        gained: r.difference.gained,
        lost: r.difference.lost,
        changed: r.difference.changed,
        examples: {
          gained: ids(r.difference.examples.gained),
          lost: ids(r.difference.examples.lost),
          changed: ids(r.difference.examples.changed),
        },
        directoryWarm: r.directory.warm,
        customFieldsMissing: r.directory.custom_fields?.missing ?? 0,
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return form({ kind: 'failed', message: error.message });
    }
  }

  /**
   * Admin: save the mapping and re-match in the background. Fast (no Slack call), so the listener
   * can answer view_submission with inline errors within Slack's 3 s.
   */
  async saveMapping(
    teamId: string,
    slackUserId: string,
    proposed: ProposedMapping,
  ): Promise<{ ok: true } | { ok: false; errors: MappingErrors }> {
    const actor = await this.actor(teamId, slackUserId);
    if (!actor) return { ok: false, errors: { plusplus: NOT_CONNECTED } };
    if (!actor.isAdmin) {
      this.o.logger.warn({ tenantId: actor.tenantId, slackUserId }, 'home: non-admin tried to save mapping');
      return { ok: false, errors: { plusplus: ADMINS_ONLY } };
    }
    const p = { plusplus: proposed.plusplus.trim(), slack: proposed.slack.trim() };
    const errors = mappingErrors(p);
    if (errors) return { ok: false, errors };
    await this.o.tenants.updateSettings(actor.tenantId, {
      plusplusUserAttribute: p.plusplus,
      slackUserAttribute: p.slack,
    });
    this.o.matching.scheduleRematch(actor.tenantId);
    this.o.logger.info({ tenantId: actor.tenantId }, 'home: mapping saved, re-match scheduled');
    return { ok: true };
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

  /** Admin: enable/disable a template kind (`on` false) or reset it to the default. */
  async changeTemplate(
    teamId: string,
    slackUserId: string,
    kind: string,
    change: { enabled: boolean } | 'reset',
  ): Promise<HomeModel> {
    const actor = await this.actor(teamId, slackUserId);
    if (!actor) return this.homeOf(null, NOT_CONNECTED);
    if (!actor.isAdmin) return this.refuse(actor, 'change template');
    const templates = this.o.templates;
    if (!templates || !isTemplateKind(kind)) return this.homeOf(actor, NO_SUCH_TEMPLATE);
    let notice: string;
    try {
      if (change === 'reset') {
        await templates.reset(actor.tenantId, kind);
        notice = `The ${labelOf(kind)} template is back to the default.`;
      } else {
        await templates.update(actor.tenantId, kind, { enabled: change.enabled });
        notice = change.enabled
          ? `${labelOf(kind)} notifications are on.`
          : `${labelOf(kind)} notifications are off: they are no longer sent in Slack.`;
      }
      this.o.logger.info({ tenantId: actor.tenantId, kind, change }, 'home: template changed');
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      notice = error.message;
    }
    return this.homeOf(actor, notice);
  }

  /** Admin: the template modal of a kind, prefilled with the template that applies. */
  async templateForm(
    teamId: string,
    slackUserId: string,
    kind: string,
  ): Promise<{ ok: true; form: TemplateFormModel } | { ok: false; home: HomeModel }> {
    const actor = await this.actor(teamId, slackUserId);
    if (!actor) return { ok: false, home: await this.homeOf(null, NOT_CONNECTED) };
    if (!actor.isAdmin) return { ok: false, home: await this.refuse(actor, 'open template') };
    if (!this.o.templates || !isTemplateKind(kind))
      return { ok: false, home: await this.homeOf(actor, NO_SUCH_TEMPLATE) };
    const detail = await this.o.templates.get(actor.tenantId, kind);
    const fields = fieldsOf(detail.template);
    const long = tooLongForInput(fields);
    if (long) {
      const notice = `The ${labelOf(kind)} template's ${long.replace('_', ' ')} is longer than a Slack input holds: edit it in PlusPlus.`;
      return { ok: false, home: await this.homeOf(actor, notice) };
    }
    return { ok: true, form: formOf(detail, fields, null) };
  }

  /** Admin: the unsaved template rendered with sample content (or its problems); nothing saved. */
  async previewTemplate(
    teamId: string,
    slackUserId: string,
    kind: string,
    fields: TemplateFields,
  ): Promise<{ ok: true; form: TemplateFormModel } | { ok: false; home: HomeModel }> {
    const actor = await this.actor(teamId, slackUserId);
    if (!actor) return { ok: false, home: await this.homeOf(null, NOT_CONNECTED) };
    if (!actor.isAdmin) return { ok: false, home: await this.refuse(actor, 'preview template') };
    if (!this.o.templates || !isTemplateKind(kind))
      return { ok: false, home: await this.homeOf(actor, NO_SUCH_TEMPLATE) };
    const [detail, preview] = await Promise.all([
      this.o.templates.get(actor.tenantId, kind),
      previewOf(this.o.templates, actor.tenantId, kind, fields),
    ]);
    return { ok: true, form: formOf(detail, fields, preview) };
  }

  /** Admin: save the modal's template (validated by TemplatesService: a refusal is inline errors). */
  async saveTemplate(
    teamId: string,
    slackUserId: string,
    kind: string,
    fields: TemplateFields,
  ): Promise<{ ok: true; notice: string } | { ok: false; errors: TemplateErrors }> {
    const actor = await this.actor(teamId, slackUserId);
    if (!actor) return { ok: false, errors: { body: NOT_CONNECTED } };
    if (!actor.isAdmin) {
      this.o.logger.warn(
        { tenantId: actor.tenantId, slackUserId, action: 'save template' },
        'home: admin action refused',
      );
      return { ok: false, errors: { body: ADMINS_ONLY } };
    }
    if (!this.o.templates || !isTemplateKind(kind)) return { ok: false, errors: { body: NO_SUCH_TEMPLATE } };
    try {
      const saved = await this.o.templates.update(actor.tenantId, kind, { template: patchOf(fields) });
      this.o.logger.info({ tenantId: actor.tenantId, kind }, 'home: template saved');
      return {
        ok: true,
        notice: saved.is_default
          ? `The ${labelOf(kind)} template is the default again.`
          : `The ${labelOf(kind)} template is saved.`,
      };
    } catch (error) {
      if (isInvalidTemplate(error)) return { ok: false, errors: errorsOf(error) };
      if (error instanceof AppError) return { ok: false, errors: { body: error.message } };
      throw error;
    }
  }

  private refuse(actor: Actor, what: string): Promise<HomeModel> {
    this.o.logger.warn(
      { tenantId: actor.tenantId, slackUserId: actor.slackUserId, action: what },
      'home: admin action refused',
    );
    return this.homeOf(actor, ADMINS_ONLY);
  }
}

/** Both expressions compiled on their own, so the admin sees every error at once. */
export function mappingErrors(p: ProposedMapping): MappingErrors | null {
  const errors: MappingErrors = {};
  for (const field of ['plusplus', 'slack'] as const) {
    if (!p[field]) {
      errors[field] = 'Enter a JMESPath expression.';
      continue;
    }
    try {
      compileExpression(p[field]);
    } catch (error) {
      errors[field] = error instanceof Error ? error.message : String(error);
    }
  }
  return Object.keys(errors).length > 0 ? errors : null;
}
