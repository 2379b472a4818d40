/**
 * Block Kit blocks and elements as HTML for the playground page (render.ts). Pure and escaped:
 * every piece of text goes through escapeHtml / textToHtml. Buttons are submit buttons of the
 * surface's form (handler.ts turns them into block_actions); inputs, selects, radio buttons,
 * checkboxes and pickers are form fields named `input:<block_id>:<action_id>` (values.ts reads
 * them back into `view.state.values`). A select outside an input block acts at once in Slack:
 * page.js submits it on change, with its action in the `menu` field.
 *
 * Covered: header, section (text, fields, accessory), context, divider, actions, input, image.
 * Anything else is shown as an "unsupported" placeholder, never dropped silently.
 */
import { escapeHtml, type NameLookup, textToHtml } from './mrkdwn';
import { fieldName, optionsOf } from './values';

type Obj = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});

export interface Ctx {
  names: NameLookup;
  errors: Record<string, string>;
  /** Members for users_select, channels for conversations/channels_select: [id, label]. */
  users?: Array<[string, string]>;
  channels?: Array<[string, string]>;
}

function buttonHtml(el: Obj, blockId: string, ctx: Ctx): string {
  const style = str(el.style);
  const cls = `btn${style === 'primary' || style === 'danger' ? ` btn-${style}` : ''}`;
  const label = textToHtml(el.text, ctx.names);
  const actionId = str(el.action_id);
  const value = str(el.value);
  const data = `data-action-id="${escapeHtml(actionId)}" data-block-id="${escapeHtml(blockId)}" data-value="${escapeHtml(value)}"`;
  if (typeof el.url === 'string' && /^https?:/i.test(el.url)) {
    // Slack opens the URL (and still sends block_actions, which the app only acks): a link is enough.
    return `<a class="${cls}" href="${escapeHtml(el.url)}" target="_blank" rel="noopener noreferrer" ${data}>${label}</a>`;
  }
  const payload = JSON.stringify({ action_id: actionId, block_id: blockId, value });
  return `<button type="submit" class="${cls}" name="action" value="${escapeHtml(payload)}" ${data}>${label}</button>`;
}

function optionHtml(o: Obj, selected: boolean, names: NameLookup): string {
  return `<option value="${escapeHtml(str(o.value))}"${selected ? ' selected' : ''}>${textToHtml(o.text, names)}</option>`;
}

/** A form control for a stateful element; `menu` marks a select that acts at once (page.js). */
function controlHtml(el: Obj, blockId: string, ctx: Ctx, menu: boolean): string | null {
  const type = str(el.type);
  const actionId = str(el.action_id);
  const name = escapeHtml(fieldName(blockId, actionId));
  const attrs = `id="${name}" name="${name}" data-action-id="${escapeHtml(actionId)}"`;
  const menuAttr = menu
    ? ` data-menu="${escapeHtml(JSON.stringify({ action_id: actionId, block_id: blockId, type }))}"`
    : '';
  const initial = obj(el.initial_option);
  const initialValues = new Set(
    [
      str(initial.value),
      ...(Array.isArray(el.initial_options) ? el.initial_options.map((o) => str(obj(o).value)) : []),
    ].filter(Boolean),
  );
  const placeholder = el.placeholder ? escapeHtml(str(obj(el.placeholder).text)) : '';
  const choose = `<option value="">${placeholder || 'Choose…'}</option>`;
  const pairs = (list: Array<[string, string]> | undefined, initialId: string) =>
    (list ?? [])
      .map(
        ([id, label]) =>
          `<option value="${escapeHtml(id)}"${id === initialId ? ' selected' : ''}>${escapeHtml(label)}</option>`,
      )
      .join('');
  switch (type) {
    case 'plain_text_input': {
      const value = escapeHtml(str(el.initial_value));
      const ph = placeholder ? ` placeholder="${placeholder}"` : '';
      const max = typeof el.max_length === 'number' ? ` maxlength="${el.max_length}"` : '';
      return el.multiline
        ? `<textarea id="${name}" name="${name}"${ph}${max}>${value}</textarea>`
        : `<input id="${name}" name="${name}" value="${value}"${ph}${max}>`;
    }
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input': {
      const kind = type === 'email_text_input' ? 'email' : type === 'url_text_input' ? 'url' : 'number';
      const step = type === 'number_input' && el.is_decimal_allowed ? ' step="any"' : '';
      return `<input type="${kind}" ${attrs} value="${escapeHtml(str(el.initial_value))}"${step}>`;
    }
    case 'static_select':
    case 'multi_static_select': {
      const multi = type === 'multi_static_select' ? ' multiple' : '';
      const options = optionsOf(el)
        .map((o) => optionHtml(o, initialValues.has(str(o.value)), ctx.names))
        .join('');
      return `<select ${attrs}${multi}${menuAttr}>${multi ? '' : choose}${options}</select>`;
    }
    case 'users_select':
      return `<select ${attrs}${menuAttr}>${choose}${pairs(ctx.users, str(el.initial_user))}</select>`;
    case 'conversations_select':
    case 'channels_select':
      return `<select ${attrs}${menuAttr}>${choose}${pairs(ctx.channels, str(el.initial_conversation ?? el.initial_channel))}</select>`;
    case 'radio_buttons':
    case 'checkboxes': {
      const input = type === 'radio_buttons' ? 'radio' : 'checkbox';
      return `<div class="choices" data-action-id="${escapeHtml(actionId)}">${optionsOf(el)
        .map(
          (o) =>
            `<label><input type="${input}" name="${name}" value="${escapeHtml(str(o.value))}"${initialValues.has(str(o.value)) ? ' checked' : ''}> ${textToHtml(o.text, ctx.names)}</label>`,
        )
        .join('')}</div>`;
    }
    case 'datepicker':
      return `<input type="date" ${attrs} value="${escapeHtml(str(el.initial_date))}">`;
    case 'timepicker':
      return `<input type="time" ${attrs} value="${escapeHtml(str(el.initial_time))}">`;
    default:
      return null;
  }
}

function elementHtml(el: unknown, blockId: string, ctx: Ctx): string {
  const e = obj(el);
  if (e.type === 'button') return buttonHtml(e, blockId, ctx);
  if (e.type === 'image') return `<span class="img">[${escapeHtml(str(e.alt_text))}]</span>`;
  if (e.type === 'mrkdwn' || e.type === 'plain_text') return `<span>${textToHtml(e, ctx.names)}</span>`;
  return (
    controlHtml(e, blockId, ctx, true) ??
    `<span class="unsupported">[${escapeHtml(str(e.type) || 'element')}]</span>`
  );
}

function inputHtml(b: Obj, blockId: string, ctx: Ctx): string {
  const el = obj(b.element);
  const name = fieldName(blockId, str(el.action_id));
  const error = ctx.errors[blockId];
  const optional = b.optional ? ' <span class="hint">(optional)</span>' : '';
  const label = `<label class="label" for="${escapeHtml(name)}">${textToHtml(b.label, ctx.names)}${optional}</label>`;
  const control =
    controlHtml(el, blockId, ctx, false) ??
    `<span class="unsupported">[${escapeHtml(str(el.type) || 'element')}]</span>`;
  const hint = b.hint ? `<div class="hint">${textToHtml(b.hint, ctx.names)}</div>` : '';
  const err = error ? `<div class="error" role="alert">${escapeHtml(error)}</div>` : '';
  return `<div class="block input" data-block-id="${escapeHtml(blockId)}">${label}${control}${hint}${err}</div>`;
}

/** One block as HTML. */
export function blockHtml(block: unknown, index: number, ctx: Ctx): string {
  const b = obj(block);
  const blockId = str(b.block_id) || `b${index}`;
  const attr = `data-block-id="${escapeHtml(blockId)}"`;
  switch (b.type) {
    case 'header':
      return `<h2 class="block header" ${attr}>${textToHtml(b.text, ctx.names)}</h2>`;
    case 'divider':
      return '<hr class="block divider">';
    case 'section': {
      const text = b.text ? `<div class="text">${textToHtml(b.text, ctx.names)}</div>` : '';
      const fields = Array.isArray(b.fields)
        ? `<div class="fields">${b.fields.map((f) => `<div class="field">${textToHtml(f, ctx.names)}</div>`).join('')}</div>`
        : '';
      const accessory = b.accessory
        ? `<div class="accessory">${elementHtml(b.accessory, blockId, ctx)}</div>`
        : '';
      return `<div class="block section" ${attr}><div class="body">${text}${fields}</div>${accessory}</div>`;
    }
    case 'context': {
      const els = Array.isArray(b.elements) ? b.elements : [];
      return `<div class="block context" ${attr}>${els.map((e) => elementHtml(e, blockId, ctx)).join(' ')}</div>`;
    }
    case 'actions': {
      const els = Array.isArray(b.elements) ? b.elements : [];
      return `<div class="block actions" ${attr}>${els.map((e) => elementHtml(e, blockId, ctx)).join('')}</div>`;
    }
    case 'input':
      return inputHtml(b, blockId, ctx);
    case 'image':
      return `<div class="block image" ${attr}>[image: ${escapeHtml(str(b.alt_text))}]</div>`;
    default:
      return `<div class="block unsupported" ${attr}>[unsupported block: ${escapeHtml(str(b.type))}]</div>`;
  }
}

export function blocksHtml(blocks: unknown[], ctx: Ctx): string {
  return blocks.map((b, i) => blockHtml(b, i, ctx)).join('\n');
}
