/**
 * The Block Kit checks Slack applies to chat.postMessage and views.*, with Slack's error wording:
 * each problem is `"<what> [json-pointer:/blocks/3/text/text]"`. Not a full schema: the limits an
 * app is likely to hit (counts, lengths, empty text objects, unknown block types, duplicate ids).
 */

export const MAX_MESSAGE_BLOCKS = 50;
export const MAX_VIEW_BLOCKS = 100;
export const MAX_MESSAGE_TEXT = 40_000;

type Obj = Record<string, unknown>;

const BLOCK_TYPES = new Set([
  'section',
  'header',
  'divider',
  'context',
  'actions',
  'input',
  'image',
  'rich_text',
  'video',
  'file',
  'markdown',
  'table',
  'context_actions',
]);

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Checker {
  readonly errors: string[] = [];
  fail(msg: string, ptr: string): void {
    this.errors.push(`${msg} [json-pointer:${ptr}]`);
  }

  /** A text object: `{type: plain_text|mrkdwn, text: 1..max chars}`. */
  text(v: unknown, ptr: string, max: number, plainOnly = false): void {
    if (!isObj(v)) {
      this.fail('must be an object', ptr);
      return;
    }
    if (v.type !== 'plain_text' && v.type !== 'mrkdwn') {
      this.fail('must be a valid enum value', `${ptr}/type`);
      return;
    }
    if (plainOnly && v.type !== 'plain_text') {
      this.fail('must be a valid enum value', `${ptr}/type`);
      return;
    }
    if (typeof v.text !== 'string') {
      this.fail('missing required field: text', ptr);
      return;
    }
    if (v.text.length === 0) {
      this.fail('must be more than 0 characters', `${ptr}/text`);
      return;
    }
    if (v.text.length > max) this.fail(`must be less than ${max + 1} characters`, `${ptr}/text`);
  }

  element(e: unknown, ptr: string): void {
    if (!isObj(e)) {
      this.fail('must be an object', ptr);
      return;
    }
    if (typeof e.type !== 'string') {
      this.fail('missing required field: type', ptr);
      return;
    }
    if (typeof e.action_id === 'string' && e.action_id.length > 255) {
      this.fail('must be less than 256 characters', `${ptr}/action_id`);
    }
    if (e.type === 'button') {
      this.text(e.text, `${ptr}/text`, 75, true);
      if (typeof e.value === 'string' && e.value.length > 2000)
        this.fail('must be less than 2001 characters', `${ptr}/value`);
      if (typeof e.url === 'string' && e.url.length > 3000)
        this.fail('must be less than 3001 characters', `${ptr}/url`);
    }
    if (e.type === 'plain_text' || e.type === 'mrkdwn') this.text(e, ptr, 3000);
  }

  block(b: unknown, ptr: string, blockIds: Set<string>): void {
    if (!isObj(b)) {
      this.fail('must be an object', ptr);
      return;
    }
    if (typeof b.type !== 'string') {
      this.fail('missing required field: type', ptr);
      return;
    }
    if (!BLOCK_TYPES.has(b.type)) {
      this.fail(`unsupported type: ${b.type}`, `${ptr}/type`);
      return;
    }
    if (b.block_id !== undefined) {
      if (typeof b.block_id !== 'string' || b.block_id.length > 255)
        this.fail('must be less than 256 characters', `${ptr}/block_id`);
      else if (blockIds.has(b.block_id)) this.fail(`duplicate block_id: ${b.block_id}`, `${ptr}/block_id`);
      else blockIds.add(b.block_id);
    }
    switch (b.type) {
      case 'section': {
        if (b.text === undefined && b.fields === undefined)
          this.fail('must provide either text or fields', ptr);
        if (b.text !== undefined) this.text(b.text, `${ptr}/text`, 3000);
        if (b.fields !== undefined) {
          if (!Array.isArray(b.fields) || b.fields.length === 0)
            this.fail('must be a non-empty array', `${ptr}/fields`);
          else {
            if (b.fields.length > 10) this.fail('must contain at most 10 items', `${ptr}/fields`);
            b.fields.forEach((f, i) => {
              this.text(f, `${ptr}/fields/${i}`, 2000);
            });
          }
        }
        if (b.accessory !== undefined) this.element(b.accessory, `${ptr}/accessory`);
        break;
      }
      case 'header':
        this.text(b.text, `${ptr}/text`, 150, true);
        break;
      case 'context':
        if (!Array.isArray(b.elements) || b.elements.length === 0)
          this.fail('must be a non-empty array', `${ptr}/elements`);
        else {
          if (b.elements.length > 10) this.fail('must contain at most 10 items', `${ptr}/elements`);
          b.elements.forEach((e, i) => {
            this.element(e, `${ptr}/elements/${i}`);
          });
        }
        break;
      case 'actions':
        if (!Array.isArray(b.elements) || b.elements.length === 0)
          this.fail('must be a non-empty array', `${ptr}/elements`);
        else {
          if (b.elements.length > 25) this.fail('must contain at most 25 items', `${ptr}/elements`);
          b.elements.forEach((e, i) => {
            this.element(e, `${ptr}/elements/${i}`);
          });
        }
        break;
      case 'input':
        this.text(b.label, `${ptr}/label`, 2000, true);
        if (b.hint !== undefined) this.text(b.hint, `${ptr}/hint`, 2000, true);
        if (b.element === undefined) this.fail('missing required field: element', ptr);
        else this.element(b.element, `${ptr}/element`);
        break;
      case 'image':
        if (typeof b.alt_text !== 'string' || b.alt_text.length === 0)
          this.fail('missing required field: alt_text', ptr);
        if (typeof b.image_url !== 'string' && !isObj(b.slack_file))
          this.fail('missing required field: image_url', ptr);
        break;
      default:
        break;
    }
  }

  blocks(blocks: unknown[], max: number, base: string): void {
    if (blocks.length > max) this.fail(`must contain at most ${max} items`, base);
    const ids = new Set<string>();
    blocks.forEach((b, i) => {
      this.block(b, `${base}/${i}`, ids);
    });
  }
}

/** Checks message blocks; returns Slack-style error strings (empty: valid). */
export function checkMessageBlocks(blocks: unknown[]): string[] {
  const c = new Checker();
  c.blocks(blocks, MAX_MESSAGE_BLOCKS, '/blocks');
  return c.errors;
}

/**
 * Checks a view payload for views.publish/open/update/push; returns `[ERROR] …` strings like the
 * `response_metadata.messages` of Slack's `invalid_arguments` answer (empty: valid).
 */
export function checkView(view: unknown, expected: 'home' | 'modal' | 'any'): string[] {
  const c = new Checker();
  if (!isObj(view)) {
    c.fail('failed to match all allowed schemas', '/view');
    return c.errors.map((e) => `[ERROR] ${e}`);
  }
  if (typeof view.type !== 'string') {
    c.fail('failed to match all allowed schemas', '/view');
    c.fail('missing required field: type', '/view');
  } else if (view.type !== 'home' && view.type !== 'modal') {
    c.fail('must be a valid enum value', '/view/type');
  } else if (expected !== 'any' && view.type !== expected) {
    c.fail(`must be ${expected}`, '/view/type');
  }
  if (view.type === 'modal') {
    if (view.title === undefined) c.fail('missing required field: title', '/view');
    else c.text(view.title, '/view/title', 24, true);
    if (view.submit !== undefined) c.text(view.submit, '/view/submit', 24, true);
    if (view.close !== undefined) c.text(view.close, '/view/close', 24, true);
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.type === 'input');
    if (hasInput && view.submit === undefined)
      c.fail('must provide submit when input blocks are present', '/view');
  }
  if (!Array.isArray(view.blocks)) c.fail('missing required field: blocks', '/view');
  else c.blocks(view.blocks, MAX_VIEW_BLOCKS, '/view/blocks');
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) {
    c.fail('must be less than 3001 characters', '/view/private_metadata');
  }
  if (typeof view.callback_id === 'string' && view.callback_id.length > 255) {
    c.fail('must be less than 256 characters', '/view/callback_id');
  }
  if (typeof view.external_id === 'string' && view.external_id.length > 255) {
    c.fail('must be less than 256 characters', '/view/external_id');
  }
  return c.errors.map((e) => `[ERROR] ${e}`);
}
