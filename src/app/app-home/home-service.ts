import type { MemberLanguage } from '../../domain/locale';
import type { StoredUser } from '../../domain/users';
import { AppError } from '../../errors';
import {
  type Actor,
  ADMINS_ONLY,
  type HomeContext,
  type HomeServiceOptions,
  isPlusPlusAdmin,
  NO_ACCOUNT,
  NOT_CONNECTED,
  NOTICE_TEXT,
} from './home-actor';
import type { ProposedMapping } from './home-mapping';
import * as mapping from './home-mapping';
import {
  type AdminModel,
  type DeliveryFailureModel,
  type HomeModel,
  type HomeNotice,
  type MatchingModel,
  RECENT_FAILURES_LIMIT,
  type TemplateFields,
  UNMATCHED_PAGE_SIZE,
  type UnmatchedPageModel,
} from './home-model';
import * as templateActions from './home-template-actions';
import { templateKinds } from './home-templates';
import * as timing from './home-timing';
import { type TimingForm, timingModel } from './home-timing';

// Moved to their own files; re-exported so callers keep importing them from here.
export {
  type Actor,
  ADMINS_ONLY,
  type HomeServiceOptions,
  isPlusPlusAdmin,
  NO_ACCOUNT,
  NO_SUCH_TEMPLATE,
  NOT_CONNECTED,
  NOTICE_TEXT,
} from './home-actor';
export { type MappingErrors, mappingErrors, type ProposedMapping } from './home-mapping';

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
  async home(teamId: string, slackUserId: string, notice: HomeNotice | null = null): Promise<HomeModel> {
    const actor = await this.actor(teamId, slackUserId);
    return this.homeOf(actor, notice);
  }

  private async homeOf(actor: Actor | null, notice: HomeNotice | null): Promise<HomeModel> {
    if (!actor) return { notice, connected: false, me: null, admin: null };
    const language = await this.languageOf(actor.teamId, actor.slackUserId);
    const me = actor.me
      ? {
          userId: actor.me.userId,
          name: nameOf(actor.me),
          email: emailOf(actor.me),
          receiveSlackNotifications: actor.me.receiveSlackNotifications,
        }
      : null;
    return {
      notice,
      connected: true,
      me,
      admin: actor.isAdmin ? await this.adminModel(actor) : null,
      ...(language ? { language } : {}),
    };
  }

  /** The member's language and zone (MemberLocales), when the composition root gave a way to know it. */
  async languageOf(teamId: string, slackUserId: string): Promise<MemberLanguage | undefined> {
    return this.o.locales?.forSlackUser(teamId, slackUserId);
  }

  /** A form answer with the viewer's language added (the modals speak it). */
  private async withLanguage<R extends { ok: boolean; form?: { language?: MemberLanguage } }>(
    teamId: string,
    slackUserId: string,
    r: R,
  ): Promise<R> {
    if (r.ok && r.form) {
      const language = await this.languageOf(teamId, slackUserId);
      if (language) r.form.language = language;
    }
    return r;
  }

  private async adminModel(actor: Actor): Promise<AdminModel> {
    const status = await this.o.connect.status.forTenant(actor.tenantId);
    const reconnectUrl = status.reconnectRequired
      ? (await this.o.connect.links.createConnectLink(actor.tenantId, null)).url
      : null;
    return {
      connection: {
        teamId: status.team?.id ?? actor.teamId,
        teamName: status.team?.name ?? actor.installation.teamName,
        installedBy: status.installedBy,
        installedAt: status.installedAt?.toISOString() ?? null,
        connected: status.connected,
        missingScopes: status.scopes.missing,
        reconnectRequired: status.reconnectRequired,
        reconnectUrl,
        message: status.message ?? null,
      },
      notificationsEnabled: status.settings.notificationsEnabled,
      mapping: {
        plusplus: status.settings.plusplusUserAttribute,
        slack: status.settings.slackUserAttribute,
      },
      matching: await this.matchingModel(actor.tenantId),
      templates: await templateKinds(this.o.templates, actor.tenantId),
      timing: timingModel(await this.o.tenants.settings(actor.tenantId)),
      recentFailures: await this.recentFailures(actor.tenantId),
    };
  }

  /** The tenant's last failed deliveries, newest first. */
  async recentFailures(tenantId: string, limit = RECENT_FAILURES_LIMIT): Promise<DeliveryFailureModel[]> {
    const failures = await this.o.appHome.recentFailures(tenantId, limit);
    return failures.map((f) => ({ ...f, at: f.at.toISOString() }));
  }

  /**
   * First contact: claims the one-time welcome of a Slack member. True only for the call whose
   * insert created the row, so concurrent or retried `app_home_opened` events send one DM at most.
   * Only for workspaces connected to a tenant.
   */
  claimWelcome(teamId: string, slackUserId: string): Promise<boolean> {
    return this.o.appHome.claimWelcome(teamId, slackUserId);
  }

  /** Gives a claimed welcome back when the DM could not be sent, so the next visit tries again. */
  releaseWelcome(teamId: string, slackUserId: string): Promise<void> {
    return this.o.appHome.releaseWelcome(teamId, slackUserId);
  }

  private async matchingModel(tenantId: string): Promise<MatchingModel> {
    try {
      const r = await this.o.matching.report(tenantId, { limit: 0, offset: 0 });
      return {
        available: true,
        total: r.counts.users.total,
        matched: r.counts.users.matched,
        unmatched: r.counts.users.unmatched,
        ambiguous: r.counts.users.ambiguous,
        errors: r.counts.users.errors,
        slackMatchable: r.counts.slack.matchable,
        directoryWarm: r.directoryWarm,
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
    return this.homeOf(actor, { kind: 'tenant_notifications', on });
  }

  /** Everyone: their own "Receive Slack notifications". */
  async setMyNotifications(teamId: string, slackUserId: string, on: boolean): Promise<HomeModel> {
    const actor = await this.actor(teamId, slackUserId);
    if (!actor) return this.homeOf(null, NOT_CONNECTED);
    if (!actor.me) return this.homeOf(actor, NO_ACCOUNT);
    const updated = await this.o.users.setReceiveSlackNotifications(actor.tenantId, actor.me.userId, on);
    const next = { ...actor, me: updated ?? actor.me };
    return this.homeOf(next, { kind: 'my_notifications', on });
  }

  /** Everyone: Test Slack on themselves. */
  async testMe(teamId: string, slackUserId: string): Promise<HomeModel> {
    const actor = await this.actor(teamId, slackUserId);
    if (!actor) return this.homeOf(null, NOT_CONNECTED);
    if (!actor.me) return this.homeOf(actor, NO_ACCOUNT);
    let notice: HomeNotice;
    try {
      const result = await this.o.testSlack.run(actor.tenantId, actor.me.userId, actor.me.userId);
      // Outcomes as data: the view words them in the member's language.
      if (result.outcome === 'not_found') notice = { kind: 'test_not_found' };
      else if (result.testMessage.sent) notice = { kind: 'test_sent' };
      else notice = { kind: 'test_failed', error: result.testMessage.error ?? 'unknown_error' };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      notice = { kind: 'test_could_not_run', message: error.message };
    }
    return this.homeOf(await this.actor(teamId, slackUserId), notice);
  }

  /** Admin: re-match everyone now (coalesced with a run already going) and say what changed. */
  async rematch(teamId: string, slackUserId: string): Promise<HomeModel> {
    const actor = await this.actor(teamId, slackUserId);
    if (!actor) return this.homeOf(null, NOT_CONNECTED);
    if (!actor.isAdmin) return this.refuse(actor, 're-match');
    let notice: HomeNotice;
    try {
      const r = await this.o.matching.rematch(actor.tenantId);
      notice = r.skipped
        ? { kind: 'rematch_skipped' }
        : { kind: 'rematch_done', linked: r.linked, changed: r.changed };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      notice = { kind: 'rematch_failed', message: error.message };
    }
    return this.homeOf(actor, notice);
  }

  /** Admin: the mapping modal's initial state; a non-admin gets their home back with a refusal. */
  mappingForm(teamId: string, slackUserId: string) {
    return mapping
      .mappingForm(this.h, teamId, slackUserId)
      .then((r) => this.withLanguage(teamId, slackUserId, r));
  }

  /** Admin: the impact of a proposed mapping, nothing saved. */
  previewMapping(teamId: string, slackUserId: string, proposed: ProposedMapping) {
    return mapping
      .previewMapping(this.h, teamId, slackUserId, proposed)
      .then((r) => this.withLanguage(teamId, slackUserId, r));
  }

  /** Admin: save the mapping and re-match in the background (fast: no Slack call). */
  saveMapping(teamId: string, slackUserId: string, proposed: ProposedMapping) {
    return mapping.saveMapping(this.h, teamId, slackUserId, proposed);
  }

  /** Admin: the delivery timing modal's initial state (issue 21). */
  timingForm(teamId: string, slackUserId: string) {
    return timing.timingForm(this.h, teamId, slackUserId);
  }

  /** Admin: check and save the timing settings (fast: no Slack call). */
  saveTiming(teamId: string, slackUserId: string, form: TimingForm) {
    return timing.saveTiming(this.h, teamId, slackUserId, form);
  }

  /** Admin: one page of the unmatched users. */
  async unmatchedPage(
    teamId: string,
    slackUserId: string,
    offset: number,
  ): Promise<{ ok: true; page: UnmatchedPageModel } | { ok: false; message: string }> {
    const actor = await this.actor(teamId, slackUserId);
    if (!actor) return { ok: false, message: NOTICE_TEXT.not_connected };
    if (!actor.isAdmin) return { ok: false, message: 'Only PlusPlus admins can see unmatched users.' };
    const start = Number.isSafeInteger(offset) && offset > 0 ? offset : 0;
    try {
      const r = await this.o.matching.report(actor.tenantId, { limit: UNMATCHED_PAGE_SIZE, offset: start });
      const users = await Promise.all(r.unmatched.map((u) => this.o.users.get(actor.tenantId, u.userId)));
      return {
        ok: true,
        page: {
          total: r.unmatchedTotal,
          offset: start,
          pageSize: UNMATCHED_PAGE_SIZE,
          entries: r.unmatched.map((u, i) => ({
            userId: u.userId,
            name: users[i] ? nameOf(users[i]) : null,
            email: users[i] ? emailOf(users[i]) : null,
            reason: u.reason,
          })),
          counts: {
            total: r.counts.users.total,
            matched: r.counts.users.matched,
            ambiguous: r.counts.users.ambiguous,
            errors: r.counts.users.errors,
          },
          language: await this.languageOf(teamId, slackUserId),
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
    return templateActions
      .templateForm(this.h, teamId, slackUserId, kind)
      .then((r) => this.withLanguage(teamId, slackUserId, r));
  }

  /** Admin: the unsaved template rendered with sample content (or its problems); nothing saved. */
  previewTemplate(teamId: string, slackUserId: string, kind: string, fields: TemplateFields) {
    return templateActions
      .previewTemplate(this.h, teamId, slackUserId, kind, fields)
      .then((r) => this.withLanguage(teamId, slackUserId, r));
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
