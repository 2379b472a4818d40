/**
 * Per-tenant notification templates (issue 9, docs/templates.md "Per tenant"): enable/disable each
 * kind, edit it, override it for one content item, preview it and DM the preview to the admin.
 * Rendering stays in src/domain/templates (`renderMessage`, `validateTemplate`); this service stores
 * what admins change. Which template a message uses, as delivery asks it, is its `chooser`
 * (template-chooser.ts).
 *
 * Over ~350 lines on purpose: each admin operation is short; together they are the whole API.
 */
import {
  DEFAULT_TEMPLATES,
  type NotificationContent,
  type RenderContext,
  type RenderedMessage,
  renderMessage,
  TEMPLATE_KINDS,
  TEMPLATE_VARIABLES,
  type TemplateKind,
  type TemplateSource,
} from '../../domain/templates';
import type { KnownBlock, NotificationViewModel } from '../../domain/templates/types';
import { AppError, ErrorCode, notFound } from '../../errors';
import type {
  StoredOverride,
  StoredTemplateSetting,
  TemplatesRepository,
} from '../../persistence/repositories/templates-repository';
import type { UsersRepository } from '../../persistence/repositories/users-repository';
import type { Logger } from '../../platform/logger';
import { slackErrorCode } from '../../slack/failures';
import type { WebClientFactory } from '../../slack/web-client';
import { TemplateChooser } from './template-chooser';
import {
  deleteLocaleVariant,
  type LocaleVariantView,
  localeVariantsOf,
  putLocaleVariant,
  requireLocale,
} from './template-locales';
import {
  ALWAYS_ENABLED,
  applyPatch,
  assertValidTemplate,
  cleanTemplate,
  invalidTemplate,
  NO_OVERRIDES,
  SAMPLE_PEOPLE,
  sameTemplate,
  sampleChange,
  sampleContent,
  type TemplateOrigin,
  type TemplatePatch,
} from './template-model';

/** What the service needs of Connect (src/app/connect/connections.ts). */
export interface TemplateConnections {
  botTokenForTenant(tenantId: string): Promise<{ token: string; installation: { teamId: string } } | null>;
  reportSlackError(teamId: string, error: unknown): Promise<boolean>;
}

export interface TemplatesServiceOptions {
  templates: TemplatesRepository;
  users: Pick<UsersRepository, 'get'>;
  connect: TemplateConnections;
  webClient: WebClientFactory;
  logger: Logger;
  /**
   * The Block Kit of a rendered message, for the preview DM (views/messages/notification.ts
   * `notificationBlocks`, given by src/compose.ts): this use case returns data and imports no view.
   */
  messageBlocks: (view: NotificationViewModel) => KnownBlock[];
  /**
   * The app's own lines (opt-out, default button) in a language, for previews in any locale
   * (views/i18n, given by src/compose.ts; issue 22). Absent: en-US.
   */
  appTextFor?: (locale: string) => RenderContext['appText'];
  /**
   * How long a tenant's settings and overrides are cached for `isTypeEnabled`/`render` (default
   * 1000 ms, like the delivery processor's settings cache): a change made through another process
   * shows within this time; this process's own changes show at once.
   */
  cacheTtlMs?: number;
  /** Most overrides per tenant and kind (default 1000). */
  maxOverridesPerKind?: number;
  now?: () => number;
}

/** Most overrides per tenant and kind unless configured. */
export const MAX_OVERRIDES_PER_KIND = 1000;

/** A per-content override (the internal API writes it as `TemplateOverrideView`). */
export interface OverrideView {
  contentId: string;
  template: TemplateSource;
  createdAt: Date;
  updatedAt: Date;
}

export interface TemplateSummary {
  kind: TemplateKind;
  enabled: boolean;
  /** false for test_message (Test Slack always sends). */
  canDisable: boolean;
  /** true when the tenant has no edit of its own (the default applies). */
  isDefault: boolean;
  /** The tenant's template: its edit, or the default. */
  template: TemplateSource;
  overrideCount: number;
  updatedAt: Date | null;
}

export interface TemplateDetail extends Omit<TemplateSummary, 'overrideCount'> {
  defaultTemplate: TemplateSource;
  /** The tenant's versions of this kind per language (issue 22). */
  localeVariants: LocaleVariantView[];
  /** The variables this kind may use besides `data.…`. */
  variables: string[];
  overrides: OverrideView[];
}

/** The admin-facing update (PUT /templates/{kind}). */
export interface TemplateUpdate {
  enabled?: boolean;
  template?: TemplatePatch;
}

/** What a preview renders; everything optional (sample content and names otherwise). */
export interface PreviewRequest {
  /** Unsaved changes, applied like an update to the template that applies. */
  template?: TemplatePatch;
  content?: NotificationContent;
  data?: Record<string, unknown>;
  recipientName?: string | null;
  actorName?: string | null;
  tenantName?: string | null;
  timeZone?: string;
  /** BCP 47 tag: the tenant's variant in that language, the default in it, its dates (issue 22). */
  locale?: string;
}

/** The preview DM: the preview, and whether Slack took it (`error`: Slack's code when not). */
export interface SentPreviewResult extends PreviewResult {
  sent: boolean;
  error?: string;
  slackUserId: string;
  channel?: string;
  ts?: string;
}

export interface PreviewResult {
  kind: TemplateKind;
  /** Which template was rendered: a content override, the tenant's, the default, or the request's. */
  source: TemplateOrigin | 'request';
  template: TemplateSource;
  text: string;
  /** The message's parts; the internal API and the preview DM make Block Kit of them (views/messages). */
  view: RenderedMessage['view'];
}

function overrideView(o: StoredOverride): OverrideView {
  return {
    contentId: o.contentId,
    template: cleanTemplate(o.template),
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

export class TemplatesService {
  private readonly now: () => number;
  /** Which template applies to a message, cached: what delivery renders with (see template-chooser.ts). */
  readonly chooser: TemplateChooser;

  constructor(private readonly o: TemplatesServiceOptions) {
    this.now = o.now ?? Date.now;
    this.chooser = new TemplateChooser({
      templates: o.templates,
      logger: o.logger,
      cacheTtlMs: o.cacheTtlMs,
      now: this.now,
    });
  }

  // ---- admin operations (internal API) ----

  async list(tenantId: string): Promise<TemplateSummary[]> {
    const [settings, counts] = await Promise.all([
      this.o.templates.settings(tenantId),
      this.o.templates.overrideCounts(tenantId),
    ]);
    const byKind = new Map(settings.map((s) => [s.kind, s]));
    return TEMPLATE_KINDS.map((kind) => ({
      ...this.summary(kind, byKind.get(kind) ?? null),
      overrideCount: counts.get(kind) ?? 0,
    }));
  }

  async get(tenantId: string, kind: TemplateKind): Promise<TemplateDetail> {
    const [setting, overrides, localeVariants] = await Promise.all([
      this.o.templates.setting(tenantId, kind),
      this.o.templates.overrides(tenantId, kind),
      localeVariantsOf(this.o.templates, tenantId, kind),
    ]);
    return {
      ...this.summary(kind, setting),
      defaultTemplate: cleanTemplate(DEFAULT_TEMPLATES[kind]),
      localeVariants,
      variables: [...TEMPLATE_VARIABLES[kind]],
      overrides: overrides.map(overrideView),
    };
  }

  /**
   * Enable/disable and/or edit. The edit is applied to the tenant's current template (its edit or
   * the default) and validated as a whole; a template equal to the default is stored as "default".
   * Nothing is saved when anything is refused.
   */
  async update(tenantId: string, kind: TemplateKind, update: TemplateUpdate): Promise<TemplateDetail> {
    if (update.enabled === false && ALWAYS_ENABLED.has(kind)) {
      throw new AppError(
        ErrorCode.InvalidRequest,
        `The ${kind} template cannot be disabled: ${ALWAYS_ENABLED.get(kind)}.`,
      );
    }
    let template: TemplateSource | null | undefined;
    if (update.template && Object.keys(update.template).length > 0) {
      const current = await this.o.templates.setting(tenantId, kind);
      const next = applyPatch(current?.template ?? DEFAULT_TEMPLATES[kind], update.template);
      assertValidTemplate(kind, next);
      template = sameTemplate(next, DEFAULT_TEMPLATES[kind]) ? null : next;
    }
    if (update.enabled !== undefined || template !== undefined) {
      await this.o.templates.saveSetting(tenantId, kind, { enabled: update.enabled, template });
      this.chooser.forget(tenantId);
    }
    return this.get(tenantId, kind);
  }

  /** Back to the default template; `enabled` and the overrides stay as they are. */
  async reset(tenantId: string, kind: TemplateKind): Promise<TemplateDetail> {
    const current = await this.o.templates.setting(tenantId, kind);
    if (current?.template) {
      await this.o.templates.saveSetting(tenantId, kind, { template: null });
      this.chooser.forget(tenantId);
    }
    return this.get(tenantId, kind);
  }

  /**
   * Creates or replaces the override for one content item. The body is a complete template: the
   * fields it leaves out are not shown (they are not inherited from the tenant's edit, which may
   * change later).
   */
  async putOverride(
    tenantId: string,
    kind: TemplateKind,
    contentId: string,
    template: TemplatePatch,
  ): Promise<OverrideView> {
    if (NO_OVERRIDES.has(kind)) {
      throw new AppError(
        ErrorCode.InvalidRequest,
        `The ${kind} template has no per-content overrides: it is about no content item.`,
      );
    }
    const full = applyPatch({ body: '' }, template);
    assertValidTemplate(kind, full);
    const existing = await this.o.templates.override(tenantId, kind, contentId);
    if (!existing) {
      const max = this.o.maxOverridesPerKind ?? MAX_OVERRIDES_PER_KIND;
      const count = (await this.o.templates.overrideCounts(tenantId)).get(kind) ?? 0;
      if (count >= max) {
        throw new AppError(
          ErrorCode.Conflict,
          `The ${kind} template already has ${count} overrides, the most allowed; delete some first.`,
        );
      }
    }
    const saved = await this.o.templates.saveOverride(tenantId, kind, contentId, full);
    this.chooser.forget(tenantId);
    return overrideView(saved);
  }

  /** The tenant's `kind` in one language (issue 22): a complete template, validated. */
  async putLocaleVariant(
    tenantId: string,
    kind: TemplateKind,
    locale: string,
    template: TemplatePatch,
  ): Promise<LocaleVariantView> {
    const saved = await putLocaleVariant(this.o.templates, tenantId, kind, locale, template);
    this.chooser.forget(tenantId);
    return saved;
  }

  async deleteLocaleVariant(tenantId: string, kind: TemplateKind, locale: string): Promise<void> {
    await deleteLocaleVariant(this.o.templates, tenantId, kind, locale);
    this.chooser.forget(tenantId);
  }

  async deleteOverride(tenantId: string, kind: TemplateKind, contentId: string): Promise<boolean> {
    const deleted = await this.o.templates.deleteOverride(tenantId, kind, contentId);
    this.chooser.forget(tenantId);
    return deleted;
  }

  /**
   * Renders without saving: the request's unsaved edit (validated like a save: 422 with the place
   * of the problem) applied to the template that applies to the content, or that template alone.
   */
  async preview(tenantId: string, kind: TemplateKind, req: PreviewRequest): Promise<PreviewResult> {
    const content = req.content ?? sampleContent(kind, new Date(this.now()));
    const locale = req.locale === undefined ? undefined : requireLocale(req.locale);
    const applied = await this.chooser.templateFor(
      tenantId,
      kind,
      req.content?.id,
      locale ? [locale] : [],
      locale,
    );
    let template = applied.template;
    let source: PreviewResult['source'] = applied.origin;
    if (req.template && Object.keys(req.template).length > 0) {
      template = applyPatch(template, req.template);
      assertValidTemplate(kind, template);
      source = 'request';
    }
    const message = renderMessage(
      {
        type: kind,
        content,
        data: req.data,
        recipient: { name: req.recipientName === undefined ? SAMPLE_PEOPLE.recipient : req.recipientName },
        actor: { name: req.actorName === undefined ? SAMPLE_PEOPLE.actor : req.actorName },
        tenantName: req.tenantName ?? SAMPLE_PEOPLE.tenant,
        timeZone: req.timeZone,
        change: sampleChange(kind, content),
        ...(locale ? { locale, appText: this.o.appTextFor?.(locale) } : {}),
      },
      template,
    );
    if (message.defaultTemplateReason === 'render_budget') {
      // A delivery would fall back to the default template; the admin previewing is told why.
      throw invalidTemplate(kind, [
        {
          field: message.renderBudgetField ?? 'body',
          code: 'too_expensive',
          message: `With this data the template cannot be rendered: ${message.renderBudgetMessage}. Deliveries with such data use the default template. Use fewer nested sections over lists in data.`,
        },
      ]);
    }
    return { kind, source, template: cleanTemplate(template), text: message.text, view: message.view };
  }

  /**
   * The preview as a DM to the actor's linked Slack account (their own: no one else gets it). The
   * instance's notification switch and the actor's mute do not apply: the admin asked for it.
   * 409 not_connected; 404 when the actor is unknown or has no Slack link (run Test Slack first).
   */
  async sendPreview(
    tenantId: string,
    kind: TemplateKind,
    actorUserId: string,
    req: PreviewRequest,
  ): Promise<SentPreviewResult> {
    const bot = await this.o.connect.botTokenForTenant(tenantId);
    if (!bot) throw new AppError(ErrorCode.NotConnected, 'No Slack workspace is connected for this tenant.');
    const actor = await this.o.users.get(tenantId, actorUserId);
    if (!actor) throw notFound(`User "${actorUserId}"`);
    if (!actor.slack) {
      throw new AppError(
        ErrorCode.NotFound,
        `User "${actorUserId}" has no linked Slack account; run Test Slack for them first.`,
      );
    }
    const name = typeof actor.record.name === 'string' && actor.record.name.trim() ? actor.record.name : null;
    const preview = await this.preview(tenantId, kind, {
      ...req,
      recipientName: req.recipientName === undefined ? name : req.recipientName,
    });
    const slackUserId = actor.slack.userId;
    try {
      const answer = await this.o.webClient(bot.token).chat.postMessage({
        channel: slackUserId,
        text: `[Preview] ${preview.text}`,
        blocks: this.o.messageBlocks(preview.view),
        unfurl_links: false,
        unfurl_media: false,
      });
      return { ...preview, sent: true, slackUserId, channel: answer.channel, ts: answer.ts };
    } catch (error) {
      const code = slackErrorCode(error) ?? 'request_failed';
      await this.o.connect.reportSlackError(bot.installation.teamId, error);
      this.o.logger.warn({ tenantId, kind, actorUserId, code }, 'template preview DM failed');
      return { ...preview, sent: false, error: code, slackUserId };
    }
  }

  // ---- internals ----

  private summary(
    kind: TemplateKind,
    s: StoredTemplateSetting | null,
  ): Omit<TemplateSummary, 'overrideCount'> {
    return {
      kind,
      enabled: s?.enabled ?? true,
      canDisable: !ALWAYS_ENABLED.has(kind),
      isDefault: !s?.template,
      template: cleanTemplate(s?.template ?? DEFAULT_TEMPLATES[kind]),
      updatedAt: s?.updatedAt ?? null,
    };
  }
}
