import { actions, type Block, button, context, esc, mrkdwn, plain, plural, section } from '../home/blocks';
import type { MappingFormModel, MappingPreviewModel } from '../home/model';
import { MappingAction, MappingBlock, ModalCallback } from '../ids';

/** The JMESPath wrapper refuses longer expressions (src/domain/jmespath.ts MAX_EXPRESSION_LENGTH). */
const INPUT_MAX = 1000;
const EXAMPLES_SHOWN = 5;

/**
 * The "User matching" modal: both JMESPath expressions, a Preview button (the result is shown in the
 * modal through views.update) and Save (view_submission; a bad expression comes back as inline
 * errors on its input).
 */
export function mappingModal(model: MappingFormModel) {
  const blocks: Block[] = [
    section(
      'PlusPlus links each PlusPlus user to a Slack member when these two JMESPath expressions give the ' +
        'same value. Test expressions at <https://jmespath.org|jmespath.org>.',
    ),
    input(
      MappingBlock.PlusPlus,
      'PlusPlus User Attribute',
      model.plusplus,
      'Evaluated on the PlusPlus user record, e.g. email',
    ),
    input(
      MappingBlock.Slack,
      'Slack User Attribute',
      model.slack,
      'Evaluated on the Slack member, e.g. profile.email',
    ),
    actions(MappingBlock.Preview, [
      button({ text: 'Preview impact', actionId: MappingAction.Preview, value: 'preview' }),
    ]),
  ];
  if (model.preview) blocks.push(...previewBlocks(model.preview));
  else
    blocks.push(
      context(
        'Preview shows who would gain, lose or change their Slack link. Nothing is saved until you click Save.',
      ),
    );
  return {
    type: 'modal' as const,
    callback_id: ModalCallback.Mapping,
    title: plain('User matching', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    blocks,
  };
}

function input(blockId: string, label: string, value: string, hint: string): Block {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, 2000),
    hint: plain(hint, 2000),
    element: {
      type: 'plain_text_input',
      action_id: MappingAction.Input,
      max_length: INPUT_MAX,
      ...(value ? { initial_value: value.slice(0, INPUT_MAX) } : {}),
    },
  };
}

function previewBlocks(p: MappingPreviewModel): Block[] {
  const id = { block_id: MappingBlock.PreviewResult };
  if (p.kind === 'errors') {
    const lines = [':x: *Fix the expression before previewing:*'];
    if (p.plusplus) lines.push(`• PlusPlus User Attribute: ${esc(p.plusplus, 1000)}`);
    if (p.slack) lines.push(`• Slack User Attribute: ${esc(p.slack, 1000)}`);
    return [{ type: 'section', text: mrkdwn(lines.join('\n')), ...id }];
  }
  if (p.kind === 'failed') {
    return [{ type: 'section', text: mrkdwn(`:warning: Preview failed: ${esc(p.message, 1000)}`), ...id }];
  }
  const delta = p.proposed.matched - p.current.matched;
  const lines = [
    `*If you save:* ${plural(p.proposed.matched, 'user')} matched (now ${p.current.matched.toLocaleString('en-US')}, ${delta >= 0 ? '+' : ''}${delta.toLocaleString('en-US')}) of ${plural(p.proposed.total, 'PlusPlus user')}`,
    `*Gained:* ${p.gained.toLocaleString('en-US')} · *Lost:* ${p.lost.toLocaleString('en-US')} · *Changed:* ${p.changed.toLocaleString('en-US')}`,
  ];
  const sample = (label: string, ids: string[]) => {
    if (ids.length > 0)
      lines.push(
        `${label}: ${ids
          .slice(0, EXAMPLES_SHOWN)
          .map((u) => `\`${esc(u, 80)}\``)
          .join(', ')}`,
      );
  };
  sample('Would gain', p.examples.gained);
  sample('Would lose', p.examples.lost);
  sample('Would change', p.examples.changed);
  const blocks: Block[] = [{ type: 'section', text: mrkdwn(lines.join('\n')), ...id }];
  const notes: string[] = [];
  if (!p.directoryWarm) notes.push('The Slack directory is still being read: the preview is partial.');
  if (p.customFieldsMissing > 0)
    notes.push(`${plural(p.customFieldsMissing, 'member')}’s custom fields are still being fetched.`);
  if (notes.length > 0) blocks.push(context(notes.join(' ')));
  return blocks;
}
