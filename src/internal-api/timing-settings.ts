import { z } from 'zod';
import { checkTimingPatch, type TimingChanges, type TimingPatch } from '../domain/timing/settings';
import { AppError, ErrorCode } from '../errors';

/**
 * The timing fields of `PATCH /slack/settings` (issue 21, design §4 "Timing"). The schema only
 * checks the JSON shapes (a wrong type is 400 invalid_request, like every body); what the values
 * mean — a time of day, a known zone, days and types — is checked by src/domain/timing and a bad
 * value is `422 invalid_settings` naming the field, with nothing saved.
 */
const SendWindowBody = z
  .strictObject({
    start: z.string().max(20).meta({ description: 'local time "HH:MM" (24 h), e.g. "09:00"' }),
    end: z.string().max(20).meta({ description: 'local time "HH:MM", after start (no crossing midnight)' }),
    days: z.array(z.string().max(10)).max(7).meta({ description: 'mon … sun, at least one' }),
    types: z.array(z.string().max(20)).max(10).optional().meta({
      description: 'types held back (default invite, enrollment, assignment; reminders go at once)',
    }),
  })
  .meta({ id: 'SendWindow' });

const DigestBody = z
  .strictObject({
    enabled: z.boolean().optional(),
    max_items: z.number().optional().meta({ description: 'items listed one by one, 1–10 (default 5)' }),
  })
  .meta({ id: 'Digest' });

/** Spread into the settings PATCH body schema. */
export const timingPatchFields = {
  send_window: SendWindowBody.nullable().optional(),
  digest: DigestBody.optional(),
  default_time_zone: z
    .string()
    .max(64)
    .nullable()
    .optional()
    .meta({ description: 'IANA zone for members whose Slack tz is unknown (default UTC)' }),
};

/** Spread into the settings answer schema. */
export const timingSettingsFields = {
  send_window: z
    .object({ start: z.string(), end: z.string(), days: z.array(z.string()), types: z.array(z.string()) })
    .nullable(),
  digest: z.object({ enabled: z.boolean(), max_items: z.number() }),
  default_time_zone: z.string(),
};

/** The checked changes, or 422 invalid_settings (first problem's field; all in `details`). */
export function timingChanges(body: TimingPatch): TimingChanges {
  const checked = checkTimingPatch(body);
  if (checked.ok) return checked.changes;
  throw new AppError(
    ErrorCode.InvalidSettings,
    checked.problems.map((p) => p.message).join(' '),
    // The API's answer keeps its shape: `code` is for App Home's wording (views/modals/timing-modal.ts).
    checked.problems.map(({ field, message }) => ({ field, message })),
    { extra: { field: checked.problems[0]!.field } },
  );
}
