import { actions, type Block, button, context, divider, esc, mrkdwn, plain, section } from '../home/blocks';
import type { TemplateFieldName, TemplateFormModel, TemplatePreviewModel } from '../home/model';
import { ModalCallback, TemplateAction, TemplateBlock } from '../ids';

/**
 * What a Slack plain_text_input holds per field: the template limits of docs/templates.md, except
 * the body (10,000 there), which Slack caps at 3,000 per input. A longer body cannot be edited here
 * (HomeService says so instead of opening the modal).
 */
export const TEMPLATE_INPUT_MAX: Record<TemplateFieldName, number> = {
  header: 500,
  body: 3000,
  button_label: 300,
  context: 2000,
};

/** Slack's limit for a modal; the preview (≤ ~25 blocks) and the form (8) stay far below it. */
const MODAL_BLOCKS_MAX = 100;

const FIELDS: Array<{ name: TemplateFieldName; label: string; hint: string; multiline: boolean }> = [
  { name: 'header', label: 'Header', hint: 'Plain text, one line. Empty: no header.', multiline: false },
  { name: 'body', label: 'Body', hint: 'Slack mrkdwn. Required.', multiline: true },
  {
    name: 'button_label',
    label: 'Button label',
    hint: 'Plain text on the link button. Empty: “Open in PlusPlus”.',
    multiline: false,
  },
  {
    name: 'context',
    label: 'Context',
    hint: 'Why the recipient got this (mrkdwn). The opt-out line is always added after it.',
    multiline: true,
  },
];

export const FIELD_LABELS: Record<TemplateFieldName, string> = {
  header: 'Header',
  body: 'Body',
  button_label: 'Button label',
  context: 'Context',
};

/**
 * The template modal: the four fields prefilled with the template that applies, a Preview button
 * (the unsaved template rendered with sample content, shown below through views.update) and Save
 * (view_submission; a refused template comes back as inline errors on its field). The kind travels
 * in `private_metadata`; rights are checked on the server for every step.
 */
export function templateModal(model: TemplateFormModel) {
  const blocks: Block[] = [
    section(
      `*${esc(model.label, 100)}* (\`${esc(model.kind, 40)}\`): ${model.isDefault ? 'PlusPlus’s default template' : 'your edited template'}.`,
    ),
    context(
      `Variables: ${model.variables.map((v) => `\`{{${esc(v, 60)}}}\``).join(' ')} and \`{{data.…}}\`. ` +
        'Sections: `{{#actor.name}}…{{/actor.name}}`.',
    ),
    ...FIELDS.map((f) => input(f, model.fields[f.name])),
    actions(TemplateBlock.Preview, [
      button({ text: 'Preview', actionId: TemplateAction.Preview, value: model.kind }),
    ]),
  ];
  if (model.preview) blocks.push(...previewBlocks(model.preview));
  else
    blocks.push(
      context(
        'Preview renders your unsaved template with sample content. Nothing is saved until you click Save.',
      ),
    );
  return {
    type: 'modal' as const,
    callback_id: ModalCallback.Template,
    private_metadata: model.kind.slice(0, 100),
    title: plain('Edit template', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    blocks: blocks.slice(0, MODAL_BLOCKS_MAX),
  };
}

function input(f: (typeof FIELDS)[number], value: string): Block {
  const max = TEMPLATE_INPUT_MAX[f.name];
  return {
    type: 'input',
    block_id: TemplateBlock[f.name],
    label: plain(f.label, 2000),
    hint: plain(f.hint, 2000),
    optional: f.name !== 'body',
    element: {
      type: 'plain_text_input',
      action_id: TemplateAction.Input,
      multiline: f.multiline,
      max_length: max,
      ...(value ? { initial_value: value.slice(0, max) } : {}),
    },
  };
}

/** "Body, line 2, column 5: message" (escaped, clipped). */
export function problemText(p: { field: string; message: string; line?: number; column?: number }): string {
  const label = FIELD_LABELS[p.field as TemplateFieldName] ?? p.field;
  const where = p.line !== undefined ? `, line ${p.line}, column ${p.column ?? 1}` : '';
  return `${label}${where}: ${p.message}`;
}

function previewBlocks(p: TemplatePreviewModel): Block[] {
  const id = { block_id: TemplateBlock.PreviewResult };
  if (p.kind === 'invalid') {
    const lines = [':x: *Fix the template before previewing:*'];
    for (const problem of p.problems.slice(0, 10)) lines.push(`• ${esc(problemText(problem), 280)}`);
    return [{ type: 'section', text: mrkdwn(lines.join('\n')), ...id }];
  }
  if (p.kind === 'failed') {
    return [{ type: 'section', text: mrkdwn(`:warning: Preview failed: ${esc(p.message, 1000)}`), ...id }];
  }
  // The rendered blocks are renderMessage's: values escaped, Block Kit limits kept, at most ~25.
  // Their link button gets our ack-only action id; block ids are dropped (ours must stay unique).
  const rendered = p.blocks.map((b) => {
    const { block_id: _drop, ...rest } = b;
    if (rest.type !== 'actions' || !Array.isArray(rest.elements)) return rest;
    return {
      ...rest,
      elements: (rest.elements as Block[]).map((e) => ({ ...e, action_id: TemplateAction.PreviewLink })),
    };
  });
  return [
    { type: 'context', elements: [mrkdwn(':eyes: *Preview* with sample content (not saved):')], ...id },
    divider(),
    ...rendered,
    divider(),
  ];
}
