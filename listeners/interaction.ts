import type { BlockAction } from '@slack/bolt';
import type { TemplateFields } from '../src/app/app-home/home-model';
import { MappingAction, TemplateAction, TemplateBlock } from '../views/ids';

/**
 * Reading what Slack sends with an interaction (block actions, view submissions): who sent it and
 * what was typed into a modal. Rights are decided from team and user on the server, never from
 * values in the payload.
 */

/** Team and user of an interaction. */
export function actor(body: { team?: { id: string } | null; user: { id: string; team_id?: string } }): {
  teamId: string;
  userId: string;
} {
  return { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id };
}

/** The modal an action came from (always there for actions in a modal). */
export const viewId = (body: BlockAction): string => body.view?.id ?? '';

/** A modal's state values: block id → action id → element state. */
type StateValues = Record<string, Record<string, { value?: string | null } | undefined> | undefined>;

/** The mapping modal's input in block `blockId` as typed ("" when empty). */
export function mappingInput(values: unknown, blockId: string): string {
  return (values as StateValues | undefined)?.[blockId]?.[MappingAction.Input]?.value ?? '';
}

/** The template modal's four inputs as typed (empty inputs are ""). */
export function templateFields(values: unknown): TemplateFields {
  const v = (values ?? {}) as StateValues;
  const read = (blockId: string) => v[blockId]?.[TemplateAction.Input]?.value ?? '';
  return {
    header: read(TemplateBlock.header),
    body: read(TemplateBlock.body),
    button_label: read(TemplateBlock.button_label),
    context: read(TemplateBlock.context),
  };
}
