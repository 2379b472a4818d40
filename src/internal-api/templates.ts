import { z } from 'zod';
import { notificationBlocks } from '../../views/messages/notification';
import type { LocaleVariantView } from '../app/template-editing/template-locales';
import type {
  OverrideView,
  PreviewRequest,
  PreviewResult,
  SentPreviewResult,
  TemplateDetail as TemplateDetailData,
  TemplateSummary as TemplateSummaryData,
  TemplatesService,
} from '../app/template-editing/templates-service';
import { CONTENT_LIMITS, TEMPLATE_KINDS, type TemplateKind } from '../domain/templates';
import { notFound } from '../errors';
import { type AnyRoute, defineRoute } from './route';
import { TenantId, TenantParams, UserId } from './schemas';

/**
 * Notification templates (issue 9, docs/templates.md "Per tenant"): list, read, edit,
 * enable/disable, reset, per-content overrides, preview and a preview DM. Template text is checked
 * by `validateTemplate`; a refused template is `422 invalid_template` with the place of the first
 * problem (`field`, `position`, `line`, `column`) and every problem in `problems`.
 *
 * Over ~350 lines on purpose: the route table with its schemas is the API's documentation (it is
 * served as OpenAPI); the wire shapes beside it.
 */
const TAG = 'templates';
const BASE = '/internal/v1/tenants/:tenant_id/templates';
/** Largest template (10,000 + 500 + 300 + 2000 characters, escaped as JSON) plus preview content. */
const MAX_TEMPLATE_BODY_BYTES = 128 * 1024;

const Kind = z.enum(TEMPLATE_KINDS as [TemplateKind, ...TemplateKind[]]);
const KindParams = z.object({ tenant_id: TenantId, kind: Kind });
/** content.id of POST /notifications: any text up to 200 characters, no control characters. */
const ContentId = z
  .string()
  .min(1)
  .max(CONTENT_LIMITS.id)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'content_id must not contain control characters');
const OverrideParams = KindParams.extend({ content_id: ContentId });
/** A BCP 47 tag; an ill-formed or unknown one is 422 invalid_request (template-locales.ts). */
const LocaleTag = z.string().min(1).max(35);
const LocaleParams = KindParams.extend({ locale: LocaleTag });

/** Lengths are checked by validateTemplate (422 with the field), not here. */
const optionalField = (what: string) =>
  z.string().nullable().optional().describe(`${what}; null or "" removes it; absent keeps it`);
const TemplatePatch = z
  .strictObject({
    header: optionalField('Mustache, plain text: the header block'),
    body: z.string().optional().describe('Mustache, Slack mrkdwn: the message body (required in a template)'),
    button_label: optionalField('Mustache, plain text: the link button label'),
    context: optionalField('Mustache, mrkdwn: why the recipient got this'),
  })
  .meta({ id: 'TemplatePatch', description: 'Changes to a template; fields left out stay as they are.' });

const TemplateSource = z
  .object({
    header: z.string().optional(),
    body: z.string(),
    button_label: z.string().optional(),
    context: z.string().optional(),
  })
  .meta({ id: 'TemplateSource', description: 'A template: four Mustache fields (docs/templates.md).' });

const UpdateBody = z
  .strictObject({
    enabled: z.boolean().optional().describe('false: deliveries of this type are skipped (type_disabled)'),
    template: TemplatePatch.optional(),
  })
  .meta({ id: 'TemplateUpdate' });

const OverrideBody = z
  .strictObject({
    header: z.string().optional(),
    body: z.string(),
    button_label: z.string().optional(),
    context: z.string().optional(),
  })
  .meta({
    id: 'TemplateOverride',
    description: 'A complete template for one content item: fields left out are not shown.',
  });

const line = (max: number) => z.string().max(max);
const PreviewContent = z
  .strictObject({
    id: line(CONTENT_LIMITS.id).min(1),
    title: line(CONTENT_LIMITS.title),
    url: line(CONTENT_LIMITS.url).optional(),
    starts_at: line(CONTENT_LIMITS.date).optional(),
    ends_at: line(CONTENT_LIMITS.date).optional(),
    location: line(CONTENT_LIMITS.location).optional(),
    description: line(CONTENT_LIMITS.description).optional(),
  })
  .meta({ id: 'PreviewContent', description: 'Content to render, as POST /notifications sends it.' });

const previewFields = {
  template: TemplatePatch.optional().describe(
    'unsaved changes to the template that applies (checked like a save: 422 invalid_template)',
  ),
  content: PreviewContent.optional().describe(
    'default: sample content; its id selects a per-content override, if any',
  ),
  data: z.record(z.string(), z.unknown()).optional().describe('the notification data ({{data.…}})'),
  recipient_name: line(CONTENT_LIMITS.name).nullable().optional(),
  actor_name: line(CONTENT_LIMITS.name).nullable().optional(),
  tenant_name: line(CONTENT_LIMITS.name).nullable().optional(),
  time_zone: line(64).optional().describe('IANA time zone of the written-out dates (default UTC)'),
  locale: LocaleTag.optional().describe(
    "BCP 47 tag: render the tenant's version in that language (or its default), the app's lines and the dates in it (issue 22)",
  ),
};
const PreviewBody = z.strictObject(previewFields).meta({ id: 'TemplatePreviewRequest' });
const SendPreviewBody = z
  .strictObject({ actor_user_id: UserId, ...previewFields })
  .meta({ id: 'TemplateSendPreviewRequest' });

const Override = z
  .object({
    content_id: z.string(),
    template: TemplateSource,
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'TemplateOverrideView' });
const LocaleVariant = z
  .object({
    locale: z.string(),
    template: TemplateSource,
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'TemplateLocaleVariant' });
const summaryFields = {
  kind: Kind,
  enabled: z.boolean(),
  can_disable: z.boolean(),
  is_default: z.boolean().describe('true: the tenant has not edited this template'),
  template: TemplateSource.describe("the tenant's template: its edit, else the default"),
  updated_at: z.string().nullable(),
};
const TemplateSummary = z
  .object({ ...summaryFields, override_count: z.number().int() })
  .meta({ id: 'TemplateSummary' });
const TemplateDetail = z
  .object({
    ...summaryFields,
    default_template: TemplateSource,
    variables: z.array(z.string()).describe('besides {{data.…}}'),
    overrides: z.array(Override),
    locale_variants: z
      .array(LocaleVariant)
      .describe("the tenant's versions of this kind per language (PUT /templates/{kind}/locales/{locale})"),
  })
  .meta({ id: 'TemplateDetail' });
const Preview = z
  .object({
    kind: Kind,
    source: z.enum(['override', 'locale', 'tenant', 'default', 'request']),
    template: TemplateSource,
    text: z.string(),
    blocks: z.array(z.unknown()),
  })
  .meta({ id: 'TemplatePreview' });
const SentPreview = Preview.extend({
  sent: z.boolean(),
  error: z.string().optional().describe("Slack's error code when sent is false"),
  slack_user_id: z.string(),
  channel: z.string().optional(),
  ts: z.string().optional(),
}).meta({ id: 'TemplateSentPreview' });

// The wire shapes (snake_case, ISO dates) of what the templates use case returns.

type Wire<T extends z.ZodType> = z.input<T>;

function overrideBody(o: OverrideView): Wire<typeof Override> {
  return {
    content_id: o.contentId,
    template: o.template,
    created_at: o.createdAt.toISOString(),
    updated_at: o.updatedAt.toISOString(),
  };
}

function localeVariantBody(v: LocaleVariantView): Wire<typeof LocaleVariant> {
  return {
    locale: v.locale,
    template: v.template,
    created_at: v.createdAt.toISOString(),
    updated_at: v.updatedAt.toISOString(),
  };
}

function summaryBody(t: Omit<TemplateSummaryData, 'overrideCount'>) {
  return {
    kind: t.kind,
    enabled: t.enabled,
    can_disable: t.canDisable,
    is_default: t.isDefault,
    template: t.template,
    updated_at: t.updatedAt ? t.updatedAt.toISOString() : null,
  };
}

function listBody(t: TemplateSummaryData): Wire<typeof TemplateSummary> {
  return { ...summaryBody(t), override_count: t.overrideCount };
}

function detailBody(t: TemplateDetailData): Wire<typeof TemplateDetail> {
  return {
    ...summaryBody(t),
    default_template: t.defaultTemplate,
    variables: t.variables,
    overrides: t.overrides.map(overrideBody),
    locale_variants: t.localeVariants.map(localeVariantBody),
  };
}

/** The request's preview fields, as the use case takes them. */
function previewRequest(body: z.infer<typeof PreviewBody>): PreviewRequest {
  return {
    template: body.template,
    content: body.content,
    data: body.data,
    recipientName: body.recipient_name,
    actorName: body.actor_name,
    tenantName: body.tenant_name,
    timeZone: body.time_zone,
    locale: body.locale,
  };
}

/** A preview on the wire: the rendered parts as the Block Kit blocks a message would carry. */
function previewBody({ kind, source, template, text, view }: PreviewResult): Wire<typeof Preview> {
  return { kind, source, template, text, blocks: notificationBlocks(view) };
}

function sentPreviewBody(p: SentPreviewResult): Wire<typeof SentPreview> {
  return {
    ...previewBody(p),
    sent: p.sent,
    ...(p.error === undefined ? {} : { error: p.error }),
    slack_user_id: p.slackUserId,
    ...(p.channel === undefined ? {} : { channel: p.channel }),
    ...(p.ts === undefined ? {} : { ts: p.ts }),
  };
}

const invalid = { description: 'invalid_template: field, position, line, column, problems' };

export function templateRoutes(templates: TemplatesService): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: BASE,
      summary: 'Every template kind: enabled, edited or default, override count',
      tag: TAG,
      params: TenantParams,
      responses: {
        200: { description: 'the templates', schema: z.object({ templates: z.array(TemplateSummary) }) },
      },
      async handler({ params }) {
        return { status: 200, body: { templates: (await templates.list(params.tenant_id)).map(listBody) } };
      },
    }),
    defineRoute({
      method: 'GET',
      path: `${BASE}/:kind`,
      summary: "One kind: the tenant's template, the default, the variables and the overrides",
      tag: TAG,
      params: KindParams,
      responses: { 200: { description: 'the template', schema: TemplateDetail } },
      async handler({ params }) {
        return { status: 200, body: detailBody(await templates.get(params.tenant_id, params.kind)) };
      },
    }),
    defineRoute({
      method: 'PUT',
      path: `${BASE}/:kind`,
      summary: 'Enable/disable a kind and/or edit its template (the given fields change)',
      tag: TAG,
      params: KindParams,
      body: UpdateBody,
      maxBodyBytes: MAX_TEMPLATE_BODY_BYTES,
      responses: {
        200: { description: 'the template after the change', schema: TemplateDetail },
        400: { description: 'invalid_request (test_message cannot be disabled)' },
        422: invalid,
      },
      async handler({ params, body }) {
        return { status: 200, body: detailBody(await templates.update(params.tenant_id, params.kind, body)) };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: `${BASE}/:kind`,
      summary: "Reset a kind's template to the default (enabled and overrides stay)",
      tag: TAG,
      params: KindParams,
      responses: { 200: { description: 'the template after the reset', schema: TemplateDetail } },
      async handler({ params }) {
        return { status: 200, body: detailBody(await templates.reset(params.tenant_id, params.kind)) };
      },
    }),
    defineRoute({
      method: 'PUT',
      path: `${BASE}/:kind/overrides/:content_id`,
      summary: 'Create or replace the template used for one content item (content.id)',
      tag: TAG,
      params: OverrideParams,
      body: OverrideBody,
      maxBodyBytes: MAX_TEMPLATE_BODY_BYTES,
      responses: {
        200: { description: 'the override', schema: Override },
        400: { description: 'invalid_request (test_message has no overrides)' },
        409: { description: 'conflict: too many overrides for this kind' },
        422: invalid,
      },
      async handler({ params, body }) {
        return {
          status: 200,
          body: overrideBody(
            await templates.putOverride(params.tenant_id, params.kind, params.content_id, body),
          ),
        };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: `${BASE}/:kind/overrides/:content_id`,
      summary: 'Delete the override of one content item',
      tag: TAG,
      params: OverrideParams,
      responses: { 204: { description: 'deleted' }, 404: { description: 'no such override' } },
      async handler({ params }) {
        const deleted = await templates.deleteOverride(params.tenant_id, params.kind, params.content_id);
        if (!deleted) throw notFound(`The override for content "${params.content_id}"`);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'PUT',
      path: `${BASE}/:kind/locales/:locale`,
      summary: "Create or replace the tenant's template of a kind in one language (BCP 47 locale)",
      tag: TAG,
      params: LocaleParams,
      body: OverrideBody,
      maxBodyBytes: MAX_TEMPLATE_BODY_BYTES,
      responses: {
        200: { description: 'the language variant', schema: LocaleVariant },
        422: {
          description:
            'invalid_template (as for an edit), or invalid_request with `field: "locale"` for an ill-formed or unknown tag',
        },
      },
      async handler({ params, body }) {
        const saved = await templates.putLocaleVariant(params.tenant_id, params.kind, params.locale, body);
        return { status: 200, body: localeVariantBody(saved) };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: `${BASE}/:kind/locales/:locale`,
      summary: "Delete the tenant's template of a kind in one language",
      tag: TAG,
      params: LocaleParams,
      responses: { 204: { description: 'deleted' }, 404: { description: 'no such language variant' } },
      async handler({ params }) {
        await templates.deleteLocaleVariant(params.tenant_id, params.kind, params.locale);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'POST',
      path: `${BASE}/:kind/preview`,
      summary: 'Render a template (the saved one, or unsaved changes) with given or sample content',
      tag: TAG,
      params: KindParams,
      body: PreviewBody,
      maxBodyBytes: MAX_TEMPLATE_BODY_BYTES,
      responses: { 200: { description: 'text and blocks', schema: Preview }, 422: invalid },
      async handler({ params, body }) {
        return {
          status: 200,
          body: previewBody(await templates.preview(params.tenant_id, params.kind, previewRequest(body))),
        };
      },
    }),
    defineRoute({
      method: 'POST',
      path: `${BASE}/:kind/preview/send`,
      summary: "DM the preview to the actor's own linked Slack account",
      tag: TAG,
      params: KindParams,
      body: SendPreviewBody,
      maxBodyBytes: MAX_TEMPLATE_BODY_BYTES,
      responses: {
        200: { description: 'sent, or sent:false with the Slack error', schema: SentPreview },
        404: { description: 'the actor is unknown or has no linked Slack account' },
        409: { description: 'not_connected' },
        422: invalid,
      },
      async handler({ params, body }) {
        const { actor_user_id, ...req } = body;
        const sent = await templates.sendPreview(
          params.tenant_id,
          params.kind,
          actor_user_id,
          previewRequest(req),
        );
        return { status: 200, body: sentPreviewBody(sent) };
      },
    }),
  ];
}
