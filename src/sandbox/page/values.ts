/**
 * A modal's form, as posted by the page, turned into `view.state.values` the way Slack builds it:
 * block_id → action_id → the element's state (`{type, value}` for text inputs, `selected_option`
 * for a select or radio buttons, `selected_options` for checkboxes and multi-selects …). The
 * elements come from the stored view, never from the form, so only what the app put there counts.
 * Form fields are named `input:<block_id>:<action_id>` (render.ts).
 */
type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export const fieldName = (blockId: string, actionId: string): string => `input:${blockId}:${actionId}`;

/** Every option of a select, radio or checkbox group, option groups flattened. */
export function optionsOf(el: Obj): Obj[] {
  const direct = Array.isArray(el.options) ? el.options.map(obj) : [];
  const grouped = Array.isArray(el.option_groups)
    ? el.option_groups.flatMap((g) =>
        Array.isArray(obj(g).options) ? (obj(g).options as unknown[]).map(obj) : [],
      )
    : [];
  return [...direct, ...grouped];
}

/** Elements that keep a value in a view (what Slack reports in state.values). */
export const STATEFUL = new Set([
  'plain_text_input',
  'email_text_input',
  'url_text_input',
  'number_input',
  'static_select',
  'multi_static_select',
  'users_select',
  'conversations_select',
  'channels_select',
  'radio_buttons',
  'checkboxes',
  'datepicker',
  'timepicker',
]);

/** The state of one element from the posted values of its field. */
export function elementState(el: Obj, posted: string[]): Obj | null {
  const type = str(el.type);
  const first = posted[0] ?? '';
  const pick = (value: string) => optionsOf(el).find((o) => str(o.value) === value) ?? null;
  switch (type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      return { type, value: first === '' ? null : first };
    case 'static_select':
    case 'radio_buttons':
      return { type, selected_option: first ? pick(first) : null };
    case 'multi_static_select':
    case 'checkboxes':
      return { type, selected_options: posted.map(pick).filter((o): o is Obj => o !== null) };
    case 'users_select':
      return { type, selected_user: first || null };
    case 'conversations_select':
      return { type, selected_conversation: first || null };
    case 'channels_select':
      return { type, selected_channel: first || null };
    case 'datepicker':
      return { type, selected_date: first || null };
    case 'timepicker':
      return { type, selected_time: first || null };
    default:
      return null;
  }
}

/** The stateful elements of a view's blocks, with their block ids (input blocks and actions blocks). */
export function statefulElements(blocks: unknown[]): Array<{ blockId: string; el: Obj }> {
  const out: Array<{ blockId: string; el: Obj }> = [];
  blocks.forEach((raw, i) => {
    const b = obj(raw);
    const blockId = str(b.block_id) || `b${i}`;
    const els =
      b.type === 'input'
        ? [obj(b.element)]
        : b.type === 'actions'
          ? Array.isArray(b.elements)
            ? b.elements.map(obj)
            : []
          : b.type === 'section' && b.accessory
            ? [obj(b.accessory)]
            : [];
    for (const el of els) if (STATEFUL.has(str(el.type)) && str(el.action_id)) out.push({ blockId, el });
  });
  return out;
}

export function stateValues(
  blocks: unknown[],
  form: URLSearchParams,
): Record<string, Record<string, unknown>> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const { blockId, el } of statefulElements(blocks)) {
    const actionId = str(el.action_id);
    const state = elementState(el, form.getAll(fieldName(blockId, actionId)));
    if (state) values[blockId] = { ...values[blockId], [actionId]: state };
  }
  return values;
}
