import {
  TEMPLATE_INPUT_MAX,
  type TemplateFieldName,
  type TemplateFormModel,
  type TemplatePreviewModel,
} from '../../src/app/app-home/home-model';
import { actions, type Block, button, context, divider, esc, mrkdwn, plain, section } from '../home/blocks';
import { EN, type Lang, langOf } from '../i18n';
import { kindLabel } from '../i18n/kinds';
import { ModalCallback, TemplateAction, TemplateBlock } from '../ids';
import { notificationBlocks } from '../messages/notification';

/** Slack's limit for a modal; the preview (≤ ~25 blocks) and the form (8) stay far below it. */
const MODAL_BLOCKS_MAX = 100;

const FIELDS: Array<{ name: TemplateFieldName; multiline: boolean }> = [
  { name: 'header', multiline: false },
  { name: 'body', multiline: true },
  { name: 'button_label', multiline: false },
  { name: 'context', multiline: true },
];

/** The field names in en-US (problem texts of the internal API and logs). */
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
 * in `private_metadata`; rights are checked on the server for every step. In the viewer's language.
 */
export function templateModal(model: TemplateFormModel, l: Lang = langOf(model)) {
  const label = l.locale === 'en-US' ? model.label : (kindLabel(model.kind, l) ?? model.label);
  const blocks: Block[] = [
    section(
      l.t('template.intro', {
        label: esc(label, 100),
        kind: esc(model.kind, 40),
        isDefault: model.isDefault ? 'yes' : 'no',
      }),
    ),
    context(
      l.t('template.variables', {
        variables: model.variables.map((v) => `\`{{${esc(v, 60)}}}\``).join(' '),
        dataExample: '{{data.…}}',
        sectionExample: '{{#actor.name}}…{{/actor.name}}',
      }),
    ),
    ...FIELDS.map((f) => input(f, model.fields[f.name], l)),
    actions(TemplateBlock.Preview, [
      button({ text: l.t('common.preview'), actionId: TemplateAction.Preview, value: model.kind }),
    ]),
  ];
  if (model.preview) blocks.push(...previewBlocks(model.preview, l));
  else blocks.push(context(l.t('template.previewHelp')));
  return {
    type: 'modal' as const,
    callback_id: ModalCallback.Template,
    private_metadata: model.kind.slice(0, 100),
    title: plain(l.t('template.title'), 24),
    submit: plain(l.t('common.save'), 24),
    close: plain(l.t('common.cancel'), 24),
    blocks: blocks.slice(0, MODAL_BLOCKS_MAX),
  };
}

function input(f: (typeof FIELDS)[number], value: string, l: Lang): Block {
  const max = TEMPLATE_INPUT_MAX[f.name];
  return {
    type: 'input',
    block_id: TemplateBlock[f.name],
    label: plain(l.t(`template.field.${f.name}`), 2000),
    hint: plain(l.t(`template.hint.${f.name}`, { defaultLabel: l.t('notification.defaultButton') }), 2000),
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

/** "Body, line 2, column 5: message" (not escaped: the caller escapes), field named in `l`. */
export function problemText(
  p: { field: string; message: string; line?: number; column?: number },
  l: Lang = EN,
): string {
  const known = (FIELDS as ReadonlyArray<{ name: string }>).some((f) => f.name === p.field);
  const field = known ? l.t(`template.field.${p.field as TemplateFieldName}`) : p.field;
  return p.line !== undefined
    ? l.t('template.problemAt', { field, line: p.line, column: p.column ?? 1, message: p.message })
    : l.t('template.problem', { field, message: p.message });
}

function previewBlocks(p: TemplatePreviewModel, l: Lang): Block[] {
  const id = { block_id: TemplateBlock.PreviewResult };
  if (p.kind === 'invalid') {
    const lines = [l.t('template.fixFirst')];
    for (const problem of p.problems.slice(0, 10)) lines.push(`• ${esc(problemText(problem, l), 280)}`);
    return [{ type: 'section', text: mrkdwn(lines.join('\n')), ...id }];
  }
  if (p.kind === 'failed') {
    return [
      {
        type: 'section',
        text: mrkdwn(l.t('template.previewFailed', { message: esc(p.message, 1000) })),
        ...id,
      },
    ];
  }
  // The message's blocks as a notification has them (views/messages/notification.ts, from parts
  // renderMessage escaped and kept within Block Kit's limits, at most ~25). Their link button gets
  // our ack-only action id; block ids are dropped (ours must stay unique).
  const rendered = (notificationBlocks(p.message) as unknown as Block[]).map((b) => {
    const { block_id: _drop, ...rest } = b;
    if (rest.type !== 'actions' || !Array.isArray(rest.elements)) return rest;
    return {
      ...rest,
      elements: (rest.elements as Block[]).map((e) => ({ ...e, action_id: TemplateAction.PreviewLink })),
    };
  });
  return [
    { type: 'context', elements: [mrkdwn(l.t('template.previewHeading'))], ...id },
    divider(),
    ...rendered,
    divider(),
  ];
}
