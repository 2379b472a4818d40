/**
 * The App Home template actions (issue 8, issue 9 item 5): switch, reset, open, preview and save a
 * template kind, each checking on the server that the actor is an admin. What they ask of
 * TemplatesService afterwards is in home-templates.ts, which checks no rights.
 */

import { AppError } from '../../errors';
import { type HomeContext, NO_SUCH_TEMPLATE, NOT_CONNECTED, NOTICE_TEXT } from './home-actor';
import type { HomeModel, HomeNotice, TemplateFields, TemplateFormModel } from './home-model';
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
  tooLongForInput,
} from './home-templates';

/** Admin: enable/disable a template kind (`on` false) or reset it to the default. */
export async function changeTemplate(
  h: HomeContext,
  teamId: string,
  slackUserId: string,
  kind: string,
  change: { enabled: boolean } | 'reset',
): Promise<HomeModel> {
  const actor = await h.actor(teamId, slackUserId);
  if (!actor) return h.homeOf(null, NOT_CONNECTED);
  if (!actor.isAdmin) return h.refuse(actor, 'change template');
  const templates = h.o.templates;
  if (!isTemplateKind(kind)) return h.homeOf(actor, NO_SUCH_TEMPLATE);
  let notice: HomeNotice;
  const named = { template: kind, label: labelOf(kind) };
  try {
    if (change === 'reset') {
      await templates.reset(actor.tenantId, kind);
      notice = { kind: 'template_reset', ...named };
    } else {
      await templates.update(actor.tenantId, kind, { enabled: change.enabled });
      notice = { kind: change.enabled ? 'template_on' : 'template_off', ...named };
    }
    h.o.logger.info({ tenantId: actor.tenantId, kind, change }, 'home: template changed');
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    notice = error.message;
  }
  return h.homeOf(actor, notice);
}

/** Admin: the template modal of a kind, prefilled with the template that applies. */
export async function templateForm(
  h: HomeContext,
  teamId: string,
  slackUserId: string,
  kind: string,
): Promise<{ ok: true; form: TemplateFormModel } | { ok: false; home: HomeModel }> {
  const actor = await h.actor(teamId, slackUserId);
  if (!actor) return { ok: false, home: await h.homeOf(null, NOT_CONNECTED) };
  if (!actor.isAdmin) return { ok: false, home: await h.refuse(actor, 'open template') };
  if (!isTemplateKind(kind)) return { ok: false, home: await h.homeOf(actor, NO_SUCH_TEMPLATE) };
  const detail = await h.o.templates.get(actor.tenantId, kind);
  const fields = fieldsOf(detail.template);
  const long = tooLongForInput(fields);
  if (long) {
    const notice = `The ${labelOf(kind)} template's ${long.replace('_', ' ')} is longer than a Slack input holds: edit it in PlusPlus.`;
    return { ok: false, home: await h.homeOf(actor, notice) };
  }
  return { ok: true, form: formOf(detail, fields, null) };
}

/** Admin: the unsaved template rendered with sample content (or its problems); nothing saved. */
export async function previewTemplate(
  h: HomeContext,
  teamId: string,
  slackUserId: string,
  kind: string,
  fields: TemplateFields,
): Promise<{ ok: true; form: TemplateFormModel } | { ok: false; home: HomeModel }> {
  const actor = await h.actor(teamId, slackUserId);
  if (!actor) return { ok: false, home: await h.homeOf(null, NOT_CONNECTED) };
  if (!actor.isAdmin) return { ok: false, home: await h.refuse(actor, 'preview template') };
  if (!isTemplateKind(kind)) return { ok: false, home: await h.homeOf(actor, NO_SUCH_TEMPLATE) };
  const [detail, preview] = await Promise.all([
    h.o.templates.get(actor.tenantId, kind),
    previewOf(h.o.templates, actor.tenantId, kind, fields),
  ]);
  return { ok: true, form: formOf(detail, fields, preview) };
}

/** Admin: save the modal's template (validated by TemplatesService: a refusal is inline errors). */
export async function saveTemplate(
  h: HomeContext,
  teamId: string,
  slackUserId: string,
  kind: string,
  fields: TemplateFields,
): Promise<{ ok: true; notice: HomeNotice } | { ok: false; errors: TemplateErrors }> {
  const actor = await h.actor(teamId, slackUserId);
  if (!actor) return { ok: false, errors: { body: NOTICE_TEXT.not_connected } };
  if (!actor.isAdmin) {
    h.o.logger.warn(
      { tenantId: actor.tenantId, slackUserId, action: 'save template' },
      'home: admin action refused',
    );
    return { ok: false, errors: { body: NOTICE_TEXT.admins_only } };
  }
  if (!isTemplateKind(kind)) return { ok: false, errors: { body: NOTICE_TEXT.no_such_template } };
  try {
    const saved = await h.o.templates.update(actor.tenantId, kind, { template: patchOf(fields) });
    h.o.logger.info({ tenantId: actor.tenantId, kind }, 'home: template saved');
    return {
      ok: true,
      notice: {
        kind: saved.isDefault ? 'template_default_again' : 'template_saved',
        template: kind,
        label: labelOf(kind),
      },
    };
  } catch (error) {
    if (isInvalidTemplate(error)) return { ok: false, errors: errorsOf(error) };
    if (error instanceof AppError) return { ok: false, errors: { body: error.message } };
    throw error;
  }
}
