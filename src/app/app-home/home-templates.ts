/**
 * The App Home templates section (issue 8, issue 9 item 5): what HomeService asks of
 * TemplatesService once it has decided the actor is an admin. No rights are checked here.
 */

import { KIND_LABELS, type TemplateKind, type TemplateProblem } from '../../domain/templates';
import { AppError, ErrorCode } from '../../errors';
import { isTemplateKind, type TemplatePatch } from '../template-editing/template-model';
import type { TemplateDetail, TemplatesService } from '../template-editing/templates-service';
import {
  TEMPLATE_INPUT_MAX,
  type TemplateFieldName,
  type TemplateFields,
  type TemplateFormModel,
  type TemplateKindModel,
  type TemplatePreviewModel,
} from './home-model';

export { isTemplateKind };

const FIELD_NAMES: TemplateFieldName[] = ['header', 'body', 'button_label', 'context'];

/** Inline errors keyed by template field (the listener maps them to the modal's block ids). */
export type TemplateErrors = Partial<Record<TemplateFieldName, string>>;

export const labelOf = (kind: TemplateKind): string => KIND_LABELS[kind] ?? kind;

export async function templateKinds(
  templates: TemplatesService,
  tenantId: string,
): Promise<TemplateKindModel[]> {
  const list = await templates.list(tenantId);
  return list.map((t) => ({
    kind: t.kind,
    label: labelOf(t.kind),
    enabled: t.enabled,
    canDisable: t.canDisable,
    isDefault: t.isDefault,
    overrideCount: t.overrideCount,
  }));
}

/** The modal's fields from a template (absent fields are empty inputs). */
export function fieldsOf(t: TemplateDetail['template']): TemplateFields {
  return {
    header: t.header ?? '',
    body: t.body,
    button_label: t.button_label ?? '',
    context: t.context ?? '',
  };
}

/** The first field too long for Slack's input, if any (then the modal cannot hold the template). */
export function tooLongForInput(fields: TemplateFields): TemplateFieldName | null {
  return FIELD_NAMES.find((f) => fields[f].length > TEMPLATE_INPUT_MAX[f]) ?? null;
}

/** The modal's text as an update: every field set, empty optional fields removed. */
export function patchOf(fields: TemplateFields): TemplatePatch {
  return {
    header: fields.header || null,
    body: fields.body,
    button_label: fields.button_label || null,
    context: fields.context || null,
  };
}

export function formOf(detail: TemplateDetail, fields: TemplateFields, preview: TemplatePreviewModel | null) {
  const form: TemplateFormModel = {
    kind: detail.kind,
    label: labelOf(detail.kind),
    isDefault: detail.isDefault,
    variables: detail.variables,
    fields,
    preview,
  };
  return form;
}

/** The problems of a 422 invalid_template (every problem; the first only if the list is missing). */
export function problemsOf(error: AppError): TemplateProblem[] {
  const list = error.extra.problems;
  if (Array.isArray(list) && list.length > 0) return list as TemplateProblem[];
  const field = typeof error.extra.field === 'string' ? error.extra.field : 'body';
  return [
    {
      field: field as TemplateProblem['field'],
      code: 'invalid_type',
      message: error.message,
      ...(typeof error.extra.line === 'number'
        ? { line: error.extra.line, column: Number(error.extra.column) || 1 }
        : {}),
    },
  ];
}

export const isInvalidTemplate = (error: unknown): error is AppError =>
  error instanceof AppError && error.code === ErrorCode.InvalidTemplate;

/** Renders the unsaved fields with sample content; a refused template becomes its problems. */
export async function previewOf(
  templates: TemplatesService,
  tenantId: string,
  kind: TemplateKind,
  fields: TemplateFields,
): Promise<TemplatePreviewModel> {
  try {
    const r = await templates.preview(tenantId, kind, { template: patchOf(fields) });
    return { kind: 'ok', text: r.text, message: r.view };
  } catch (error) {
    if (isInvalidTemplate(error)) return { kind: 'invalid', problems: problemsOf(error) };
    if (error instanceof AppError) return { kind: 'failed', message: error.message };
    throw error;
  }
}

/** The inline errors of a refused save: per field its first problem, with line and column. */
export function errorsOf(error: AppError): TemplateErrors {
  const errors: TemplateErrors = {};
  for (const p of problemsOf(error)) {
    const field: TemplateFieldName = FIELD_NAMES.includes(p.field as TemplateFieldName)
      ? (p.field as TemplateFieldName)
      : 'body';
    if (errors[field]) continue;
    const where = p.line !== undefined ? ` (line ${p.line}, column ${p.column ?? 1})` : '';
    errors[field] = `${p.message}${where}`.slice(0, 1000);
  }
  return errors;
}
