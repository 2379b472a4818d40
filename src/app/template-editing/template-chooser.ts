import { BoundedCache } from '../../domain/bounded-cache';
import {
  type RenderContext,
  type RenderedMessage,
  renderMessage,
  type TemplateKind,
  type TemplateSource,
} from '../../domain/templates';
import type {
  StoredTemplateSetting,
  TemplatesRepository,
} from '../../persistence/repositories/templates-repository';
import type { Logger } from '../../platform/logger';
import {
  cleanTemplate,
  effectiveTemplate,
  NO_OVERRIDES,
  pickLocaleVariant,
  type TemplateOrigin,
} from './template-model';

export interface TemplateChooserOptions {
  templates: Pick<TemplatesRepository, 'settings' | 'override'> &
    Partial<Pick<TemplatesRepository, 'localeVariants'>>;
  logger: Logger;
  /**
   * How long a tenant's settings and overrides are cached (default 1000 ms, like the delivery
   * processor's settings cache): a change made through another process shows within this time;
   * this process's own changes show at once (`forget`).
   */
  cacheTtlMs?: number;
  now?: () => number;
}

type Cached<T> = { at: number; value: T };

/**
 * Which template a message uses (an override for its content item > the tenant's edit > the
 * default) and whether its kind is switched on, read through short caches because every delivery
 * asks. What delivery, track channels and Test Slack render with; the admin operations
 * (templates-service.ts) call `forget` after each write.
 */
export class TemplateChooser {
  private readonly ttl: number;
  private readonly now: () => number;
  private readonly settingsCache = new BoundedCache<string, Cached<Map<TemplateKind, StoredTemplateSetting>>>(
    10_000,
  );
  private readonly overrideCache = new BoundedCache<string, Cached<TemplateSource | null>>(50_000);

  constructor(private readonly o: TemplateChooserOptions) {
    this.ttl = o.cacheTtlMs ?? 1000;
    this.now = o.now ?? Date.now;
  }

  /** `TypeEnabledCheck` of src/app/delivery: false makes the delivery `skipped`/`type_disabled`. */
  readonly isTypeEnabled = async (tenantId: string, type: TemplateKind): Promise<boolean> => {
    const s = (await this.cachedSettings(tenantId)).get(type);
    return s?.enabled ?? true;
  };

  /**
   * `Renderer` of src/app/delivery: the template that applies to `ctx.content.id`, rendered. A stored
   * template that no longer renders (it cannot, it was validated; but a later engine change might)
   * falls back to the default inside renderMessage and is logged.
   */
  readonly render = async (tenantId: string, ctx: RenderContext): Promise<RenderedMessage> => {
    const candidates = ctx.localeCandidates ?? (ctx.locale ? [ctx.locale] : []);
    const { template, origin } = await this.templateFor(
      tenantId,
      ctx.type,
      ctx.content?.id,
      candidates,
      ctx.locale,
    );
    const message = renderMessage(ctx, origin === 'default' ? undefined : template);
    if (message.usedDefaultTemplate) {
      this.o.logger.warn(
        {
          tenantId,
          kind: ctx.type,
          origin,
          contentId: ctx.content?.id,
          reason: message.defaultTemplateReason,
          detail: message.renderBudgetMessage,
        },
        message.defaultTemplateReason === 'render_budget'
          ? "stored template would render past the render budget with this notification's data; the default was used"
          : 'stored template could not be rendered; the default was used',
      );
    }
    return message;
  };

  /**
   * The template that applies to a message of `kind` about `contentId` for a reader of `locales`
   * (canonical tags in fallback order), and where it came from; the default is the one of `locale`.
   */
  async templateFor(
    tenantId: string,
    kind: TemplateKind,
    contentId?: string,
    locales: readonly string[] = [],
    locale?: string,
  ): Promise<{ template: TemplateSource; origin: TemplateOrigin }> {
    const setting = (await this.cachedSettings(tenantId)).get(kind);
    const override =
      contentId && !NO_OVERRIDES.has(kind) ? await this.cachedOverride(tenantId, kind, contentId) : null;
    const variant = override
      ? null
      : pickLocaleVariant((await this.cachedVariants(tenantId)).get(kind), locales);
    return effectiveTemplate(kind, setting?.template, override, variant && { template: variant }, locale);
  }

  /** Drops what is cached for the tenant: this process has just changed its templates. */
  forget(tenantId: string): void {
    // Overrides are keyed `${tenantId}\u0000…`; a tenant's writes are rare, so drop them all.
    this.settingsCache.set(tenantId, { at: -Infinity, value: new Map() });
    this.variantsCache.delete(tenantId);
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

  private readonly variantsCache = new BoundedCache<
    string,
    Cached<Map<TemplateKind, Map<string, TemplateSource>>>
  >(10_000);

  /** A tenant's language variants by kind, then locale (one query per tenant and TTL). */
  private async cachedVariants(tenantId: string): Promise<Map<TemplateKind, Map<string, TemplateSource>>> {
    const hit = this.variantsCache.get(tenantId);
    if (hit && this.now() - hit.at < this.ttl) return hit.value;
    const rows = this.o.templates.localeVariants ? await this.o.templates.localeVariants(tenantId) : [];
    const value = new Map<TemplateKind, Map<string, TemplateSource>>();
    for (const r of rows) {
      const byLocale = value.get(r.kind) ?? new Map<string, TemplateSource>();
      byLocale.set(r.locale, cleanTemplate(r.template));
      value.set(r.kind, byLocale);
    }
    this.variantsCache.set(tenantId, { at: this.now(), value });
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
