/**
 * The App Home mapping actions (issue 8): the mapping modal's initial state, its preview and its
 * save, each checking on the server that the actor is an admin.
 */

import { compileExpression } from '../../domain/jmespath/jmespath';
import { AppError } from '../../errors';
import { type HomeContext, NOT_CONNECTED, NOTICE_TEXT } from './home-actor';
import type { HomeModel, MappingFormModel, MappingPreviewModel } from './home-model';

/** The proposed mapping as typed in the modal. */
export interface ProposedMapping {
  plusplus: string;
  slack: string;
}

/** Inline errors keyed by the modal's input block ids (`response_action: "errors"`). */
export type MappingErrors = Partial<Record<'plusplus' | 'slack', string>>;

/** Admin: the mapping modal's initial state; a non-admin gets their home back with a refusal. */
export async function mappingForm(
  h: HomeContext,
  teamId: string,
  slackUserId: string,
): Promise<{ ok: true; form: MappingFormModel } | { ok: false; home: HomeModel }> {
  const actor = await h.actor(teamId, slackUserId);
  if (!actor) return { ok: false, home: await h.homeOf(null, NOT_CONNECTED) };
  if (!actor.isAdmin) return { ok: false, home: await h.refuse(actor, 'open mapping') };
  const settings = await h.o.tenants.settings(actor.tenantId);
  return {
    ok: true,
    form: { plusplus: settings.plusplusUserAttribute, slack: settings.slackUserAttribute, preview: null },
  };
}

/** Admin: the impact of a proposed mapping, nothing saved. */
export async function previewMapping(
  h: HomeContext,
  teamId: string,
  slackUserId: string,
  proposed: ProposedMapping,
): Promise<{ ok: true; form: MappingFormModel } | { ok: false; home: HomeModel }> {
  const actor = await h.actor(teamId, slackUserId);
  if (!actor) return { ok: false, home: await h.homeOf(null, NOT_CONNECTED) };
  if (!actor.isAdmin) return { ok: false, home: await h.refuse(actor, 'preview mapping') };
  const p = { plusplus: proposed.plusplus.trim(), slack: proposed.slack.trim() };
  const errors = mappingErrors(p);
  const form = (preview: MappingPreviewModel): { ok: true; form: MappingFormModel } => ({
    ok: true,
    form: { ...p, preview },
  });
  if (errors) return form({ kind: 'errors', plusplus: errors.plusplus ?? null, slack: errors.slack ?? null });
  try {
    const r = await h.o.matching.preview(actor.tenantId, p);
    const ids = (list: ReadonlyArray<{ userId: string }>) => list.map((c) => c.userId);
    return form({
      kind: 'ok',
      current: { matched: r.current.users.matched, total: r.current.users.total },
      proposed: { matched: r.preview.users.matched, total: r.preview.users.total },
      gained: r.difference.gained,
      lost: r.difference.lost,
      changed: r.difference.changed,
      examples: {
        gained: ids(r.difference.examples.gained),
        lost: ids(r.difference.examples.lost),
        changed: ids(r.difference.examples.changed),
      },
      directoryWarm: r.directoryWarm,
      customFieldsMissing: r.customFields?.missing ?? 0,
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
export async function saveMapping(
  h: HomeContext,
  teamId: string,
  slackUserId: string,
  proposed: ProposedMapping,
): Promise<{ ok: true } | { ok: false; errors: MappingErrors }> {
  const actor = await h.actor(teamId, slackUserId);
  if (!actor) return { ok: false, errors: { plusplus: NOTICE_TEXT.not_connected } };
  if (!actor.isAdmin) {
    h.o.logger.warn({ tenantId: actor.tenantId, slackUserId }, 'home: non-admin tried to save mapping');
    return { ok: false, errors: { plusplus: NOTICE_TEXT.admins_only } };
  }
  const p = { plusplus: proposed.plusplus.trim(), slack: proposed.slack.trim() };
  const errors = mappingErrors(p);
  if (errors) return { ok: false, errors };
  await h.o.tenants.updateSettings(actor.tenantId, {
    plusplusUserAttribute: p.plusplus,
    slackUserAttribute: p.slack,
  });
  h.o.matching.scheduleRematch(actor.tenantId);
  h.o.logger.info({ tenantId: actor.tenantId }, 'home: mapping saved, re-match scheduled');
  return { ok: true };
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
