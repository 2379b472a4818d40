/**
 * The timing settings in App Home (issue 21): the admin section's summary, the modal's initial
 * state and its save, with the same checks as `PATCH /slack/settings` (src/domain/timing). Each
 * checks on the server that the actor is an admin.
 */
import type { MemberLanguage } from '../../domain/locale';
import { checkTimingPatch, timingSettingsBody } from '../../domain/timing/settings';
import { DEFAULT_WINDOW_TYPES, type TimingProblemCode } from '../../domain/timing/window';
import type { TenantSettings } from '../../persistence/entities';
import { type HomeContext, NOT_CONNECTED } from './home-actor';
import type { HomeModel, TimingModel } from './home-model';

/** The modal as typed (checkbox groups as lists of values; empty inputs are ""). */
export interface TimingForm {
  windowOn: boolean;
  start: string;
  end: string;
  days: string[];
  types: string[];
  timeZone: string;
  digestOn: boolean;
  maxItems: string;
}

/**
 * Why a field is refused, as a code the modal words in the admin's language
 * (views/modals/timing-modal.ts `timingErrorText`): the settings' problems, or the actor's.
 */
export type TimingErrorCode = TimingProblemCode | 'not_connected' | 'admins_only';

/** Inline errors keyed by the form's fields (views/timing-ids.ts maps them to block ids). */
export type TimingErrors = Partial<Record<keyof TimingForm, TimingErrorCode>>;

export function timingModel(
  s: Pick<TenantSettings, 'sendWindow' | 'digestEnabled' | 'digestMaxItems' | 'defaultTimeZone'>,
): TimingModel {
  const wire = timingSettingsBody(s);
  return {
    window: wire.send_window,
    digest: { enabled: wire.digest.enabled, maxItems: wire.digest.max_items },
    defaultTimeZone: wire.default_time_zone,
  };
}

/** The modal's initial values from the stored settings (a window that is off shows 09:00–17:30). */
export function timingFormOf(m: TimingModel): TimingForm {
  return {
    windowOn: m.window !== null,
    start: m.window?.start ?? '09:00',
    end: m.window?.end ?? '17:30',
    days: m.window?.days ?? ['mon', 'tue', 'wed', 'thu', 'fri'],
    types: m.window?.types ?? [...DEFAULT_WINDOW_TYPES],
    timeZone: m.defaultTimeZone,
    digestOn: m.digest.enabled,
    maxItems: String(m.digest.maxItems),
  };
}

/** Admin: the modal's initial state; a non-admin gets their home back with a refusal. */
export async function timingForm(
  h: HomeContext,
  teamId: string,
  slackUserId: string,
): Promise<{ ok: true; form: TimingForm; language?: MemberLanguage } | { ok: false; home: HomeModel }> {
  const actor = await h.actor(teamId, slackUserId);
  if (!actor) return { ok: false, home: await h.homeOf(null, NOT_CONNECTED) };
  if (!actor.isAdmin) return { ok: false, home: await h.refuse(actor, 'open timing') };
  const form = timingFormOf(timingModel(await h.o.tenants.settings(actor.tenantId)));
  return { ok: true, form, ...(await languageOf(h, teamId, slackUserId)) };
}

/** The viewer's language and zone (issue 22), when the composition root gave a way to know it. */
async function languageOf(
  h: HomeContext,
  teamId: string,
  slackUserId: string,
): Promise<{ language?: MemberLanguage }> {
  const language = await h.o.locales?.forSlackUser(teamId, slackUserId);
  return language ? { language } : {};
}

const FIELD_OF: Record<string, keyof TimingForm> = {
  'send_window.start': 'start',
  'send_window.end': 'end',
  'send_window.days': 'days',
  'send_window.types': 'types',
  'digest.max_items': 'maxItems',
  default_time_zone: 'timeZone',
};

/** Admin: check and save; every problem comes back as an inline error, and nothing is saved. */
export async function saveTiming(
  h: HomeContext,
  teamId: string,
  slackUserId: string,
  form: TimingForm,
): Promise<{ ok: true } | { ok: false; errors: TimingErrors; language?: MemberLanguage }> {
  // Inline errors are codes: the listener words them in the admin's language.
  const refused = async (errors: TimingErrors) => ({
    ok: false as const,
    errors,
    ...(await languageOf(h, teamId, slackUserId)),
  });
  const actor = await h.actor(teamId, slackUserId);
  if (!actor) return refused({ start: 'not_connected' });
  if (!actor.isAdmin) {
    h.o.logger.warn({ tenantId: actor.tenantId, slackUserId }, 'home: non-admin tried to save timing');
    return refused({ start: 'admins_only' });
  }
  const maxItems = /^\d{1,2}$/.test(form.maxItems.trim()) ? Number(form.maxItems.trim()) : Number.NaN;
  const checked = checkTimingPatch({
    send_window: form.windowOn
      ? { start: form.start.trim(), end: form.end.trim(), days: form.days, types: form.types }
      : null,
    digest: { enabled: form.digestOn, max_items: maxItems },
    default_time_zone: form.timeZone.trim() || null,
  });
  if (!checked.ok) {
    const errors: TimingErrors = {};
    for (const p of checked.problems) errors[FIELD_OF[p.field] ?? 'start'] ??= p.code;
    return refused(errors);
  }
  await h.o.tenants.updateSettings(actor.tenantId, checked.changes);
  h.o.logger.info({ tenantId: actor.tenantId }, 'home: timing saved');
  return { ok: true };
}
