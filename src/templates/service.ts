/**
 * Per-tenant notification templates (issue 9, docs/templates.md "Per tenant"): enable/disable each
 * kind, edit it, override it for one content item, preview it and DM the preview to the admin.
 * Rendering stays in src/domain/templates (`renderMessage`, `validateTemplate`); this service only
 * chooses the template (override > tenant's edit > default) and stores what admins change.
 *
 * `isTypeEnabled` and `render` are what `createDelivery` takes: they are arrow properties, so
 * main.ts passes them as they are.
 */
import { BoundedCache } from '../domain/bounded-cache';
import {
  DEFAULT_TEMPLATES,
  type NotificationContent,
  type NotificationType,
  type RenderContext,
  type RenderedMessage,
  renderMessage,
  TEMPLATE_KINDS,
  TEMPLATE_VARIABLES,
  type TemplateKind,
  type TemplateSource,
} from '../domain/templates';
import { AppError, ErrorCode, notFound } from '../errors';
import type { Logger } from '../logger';
import type { UsersRepository } from '../persistence/repositories/users-repository';
import { slackErrorCode, type WebClientFactory } from '../slack/web-client';
import {
  ALWAYS_ENABLED,
  applyPatch,
  assertValidTemplate,
  cleanTemplate,
  effectiveTemplate,
  NO_OVERRIDES,
  SAMPLE_PEOPLE,
  sameTemplate,
  sampleContent,
  type TemplateOrigin,
  type TemplatePatch,
} from './model';
import type { StoredOverride, StoredTemplateSetting, TemplatesRepository } from './repository';

/** What the service needs of ConnectService. */
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

export interface OverrideView {
  content_id: string;
  template: TemplateSource;
  created_at: string;
  updated_at: string;
}

export interface TemplateSummary {
  kind: TemplateKind;
  enabled: boolean;
  /** false for test_message (Test Slack always sends). */
  can_disable: boolean;
  /** true when the tenant has no edit of its own (the default applies). */
  is_default: boolean;
  /** The tenant's template: its edit, or the default. */
  template: TemplateSource;
  override_count: number;
  updated_at: string | null;
}

export interface TemplateDetail extends Omit<TemplateSummary, 'override_count'> {
  default_template: TemplateSource;
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
  recipient_name?: string | null;
  actor_name?: string | null;
  tenant_name?: string | null;
  time_zone?: string;
}

export interface PreviewResult {
  kind: TemplateKind;
  /** Which template was rendered: a content override, the tenant's, the default, or the request's. */
  source: TemplateOrigin | 'request';
  template: TemplateSource;
  text: string;
  blocks: RenderedMessage['blocks'];
}

type Cached<T> = { at: number; value: T };

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

function overrideView(o: StoredOverride): OverrideView {
  return {
    content_id: o.contentId,
    template: cleanTemplate(o.template),
    created_at: o.createdAt.toISOString(),
    updated_at: o.updatedAt.toISOString(),
  };
}

export class TemplatesService {
  private readonly ttl: number;
  private readonly now: () => number;
  private readonly settingsCache = new BoundedCache<string, Cached<Map<TemplateKind, StoredTemplateSetting>>>(
    10_000,
  );
  private readonly overrideCache = new BoundedCache<string, Cached<TemplateSource | null>>(50_000);

  constructor(private readonly o: TemplatesServiceOptions) {
    this.ttl = o.cacheTtlMs ?? 1000;
    this.now = o.now ?? Date.now;
  }

  // ---- used by delivery (createDelivery's isTypeEnabled and render) ----

  /** `TypeEnabledCheck` of src/delivery: false makes the delivery `skipped`/`type_disabled`. */
  readonly isTypeEnabled = async (tenantId: string, type: TemplateKind): Promise<boolean> => {
    const s = (await this.cachedSettings(tenantId)).get(type);
    return s?.enabled ?? true;
  };

  /**
   * `Renderer` of src/delivery: the template that applies to `ctx.content.id`, rendered. A stored
   * template that no longer renders (it cannot, it was validated; but a later engine change might)
   * falls back to the default inside renderMessage and is logged.
   */
  readonly render = async (tenantId: string, ctx: RenderContext): Promise<RenderedMessage> => {
    const { template, origin } = await this.templateFor(tenantId, ctx.type, ctx.content?.id);
    const message = renderMessage(ctx, origin === 'default' ? undefined : template);
    if (message.usedDefaultTemplate) {
      this.o.logger.warn(
        { tenantId, kind: ctx.type, origin, contentId: ctx.content?.id },
        'stored template could not be rendered; the default was used',
      );
    }
    return message;
  };

  /** The template that applies to a message of `kind` about `contentId`, and where it came from. */
  async templateFor(
    tenantId: string,
    kind: TemplateKind,
    contentId?: string,
  ): Promise<{ template: TemplateSource; origin: TemplateOrigin }> {
    const setting = (await this.cachedSettings(tenantId)).get(kind);
    const override =
      contentId && !NO_OVERRIDES.has(kind) ? await this.cachedOverride(tenantId, kind, contentId) : null;
    return effectiveTemplate(kind, setting?.template, override);
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
      override_count: counts.get(kind) ?? 0,
    }));
  }

  async get(tenantId: string, kind: TemplateKind): Promise<TemplateDetail> {
    const [setting, overrides] = await Promise.all([
      this.o.templates.setting(tenantId, kind),
      this.o.templates.overrides(tenantId, kind),
    ]);
    return {
      ...this.summary(kind, setting),
      default_template: cleanTemplate(DEFAULT_TEMPLATES[kind]),
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
        `The ${kind} template cannot be disabled: Test Slack always sends it.`,
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
      this.forget(tenantId);
    }
    return this.get(tenantId, kind);
  }

  /** Back to the default template; `enabled` and the overrides stay as they are. */
  async reset(tenantId: string, kind: TemplateKind): Promise<TemplateDetail> {
    const current = await this.o.templates.setting(tenantId, kind);
    if (current?.template) {
      await this.o.templates.saveSetting(tenantId, kind, { template: null });
      this.forget(tenantId);
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
    this.forget(tenantId);
    return overrideView(saved);
  }

  async deleteOverride(tenantId: string, kind: TemplateKind, contentId: string): Promise<boolean> {
    const deleted = await this.o.templates.deleteOverride(tenantId, kind, contentId);
    this.forget(tenantId);
    return deleted;
  }

  /**
   * Renders without saving: the request's unsaved edit (validated like a save: 422 with the place
   * of the problem) applied to the template that applies to the content, or that template alone.
   */
  async preview(tenantId: string, kind: TemplateKind, req: PreviewRequest): Promise<PreviewResult> {
    const content = req.content ?? sampleContent(kind, new Date(this.now()));
    const applied = await this.templateFor(tenantId, kind, req.content?.id);
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
        recipient: { name: req.recipient_name === undefined ? SAMPLE_PEOPLE.recipient : req.recipient_name },
        actor: { name: req.actor_name === undefined ? SAMPLE_PEOPLE.actor : req.actor_name },
        tenantName: req.tenant_name ?? SAMPLE_PEOPLE.tenant,
        timeZone: req.time_zone,
      },
      template,
    );
    return { kind, source, template: cleanTemplate(template), text: message.text, blocks: message.blocks };
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
  ): Promise<
    PreviewResult & {
      sent: boolean;
      error?: string;
      slack_user_id: string;
      channel?: string;
      ts?: string;
    }
  > {
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
      recipient_name: req.recipient_name === undefined ? name : req.recipient_name,
    });
    const slackUserId = actor.slack.userId;
    try {
      const answer = await this.o.webClient(bot.token).chat.postMessage({
        channel: slackUserId,
        text: `[Preview] ${preview.text}`,
        // biome-ignore lint/suspicious/noExplicitAny: blocks are built and checked by the templates module
        blocks: preview.blocks as any,
        unfurl_links: false,
        unfurl_media: false,
      });
      return { ...preview, sent: true, slack_user_id: slackUserId, channel: answer.channel, ts: answer.ts };
    } catch (error) {
      const code = slackErrorCode(error) ?? 'request_failed';
      await this.o.connect.reportSlackError(bot.installation.teamId, error);
      this.o.logger.warn({ tenantId, kind, actorUserId, code }, 'template preview DM failed');
      return { ...preview, sent: false, error: code, slack_user_id: slackUserId };
    }
  }

  // ---- internals ----

  private summary(
    kind: TemplateKind,
    s: StoredTemplateSetting | null,
  ): Omit<TemplateSummary, 'override_count'> {
    return {
      kind,
      enabled: s?.enabled ?? true,
      can_disable: !ALWAYS_ENABLED.has(kind),
      is_default: !s?.template,
      template: cleanTemplate(s?.template ?? DEFAULT_TEMPLATES[kind]),
      updated_at: iso(s?.updatedAt),
    };
  }

  private forget(tenantId: string): void {
    // Overrides are keyed `${tenantId}\u0000…`; a tenant's writes are rare, so drop them all.
    this.settingsCache.set(tenantId, { at: -Infinity, value: new Map() });
    this.overrideEpoch.set(tenantId, (this.overrideEpoch.get(tenantId) ?? 0) + 1);
  }

  /** Bumped by every local write: cached overrides of an older epoch are not used. */
  private readonly overrideEpoch = new Map<string, number>();

  private async cachedSettings(tenantId: string): Promise<Map<TemplateKind, StoredTemplateSetting>> {
    const hit = this.settingsCache.get(tenantId);
    if (hit && this.now() - hit.at < this.ttl) return hit.value;
    const rows = await this.o.templates.settings(tenantId);
    const value = new Map(rows.map((r) => [r.kind, r]));
    this.settingsCache.set(tenantId, { at: this.now(), value });
    return value;
  }

  private async cachedOverride(
    tenantId: string,
    kind: TemplateKind,
    contentId: string,
  ): Promise<TemplateSource | null> {
    const key = `${tenantId}\u0000${this.overrideEpoch.get(tenantId) ?? 0}\u0000${kind}\u0000${contentId}`;
    const hit = this.overrideCache.get(key);
    if (hit && this.now() - hit.at < this.ttl) return hit.value;
    const row = await this.o.templates.override(tenantId, kind, contentId);
    const value = row ? cleanTemplate(row.template) : null;
    this.overrideCache.set(key, { at: this.now(), value });
    return value;
  }
}
