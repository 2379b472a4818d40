import type { MappingFormModel, MappingPreviewModel } from '../../src/app/app-home/home-model';
import { actions, type Block, button, context, esc, mrkdwn, plain, section } from '../home/blocks';
import { type Lang, langOf } from '../i18n';
import { MappingAction, MappingBlock, ModalCallback } from '../ids';

/** The JMESPath wrapper refuses longer expressions (src/domain/jmespath/jmespath.ts MAX_EXPRESSION_LENGTH). */
const INPUT_MAX = 1000;
const EXAMPLES_SHOWN = 5;

/**
 * The "User matching" modal: both JMESPath expressions, a Preview button (the result is shown in the
 * modal through views.update) and Save (view_submission; a bad expression comes back as inline
 * errors on its input).
 */
export function mappingModal(model: MappingFormModel, l: Lang = langOf(model)) {
  const blocks: Block[] = [
    section(l.t('mapping.intro')),
    input(MappingBlock.PlusPlus, l.t('mapping.plusplusLabel'), model.plusplus, l.t('mapping.plusplusHint')),
    input(MappingBlock.Slack, l.t('mapping.slackLabel'), model.slack, l.t('mapping.slackHint')),
    actions(MappingBlock.Preview, [
      button({ text: l.t('mapping.previewButton'), actionId: MappingAction.Preview, value: 'preview' }),
    ]),
  ];
  if (model.preview) blocks.push(...previewBlocks(model.preview, l));
  else blocks.push(context(l.t('mapping.previewHelp')));
  return {
    type: 'modal' as const,
    callback_id: ModalCallback.Mapping,
    title: plain(l.t('mapping.title'), 24),
    submit: plain(l.t('common.save'), 24),
    close: plain(l.t('common.cancel'), 24),
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

function previewBlocks(p: MappingPreviewModel, l: Lang): Block[] {
  const id = { block_id: MappingBlock.PreviewResult };
  if (p.kind === 'errors') {
    const lines = [l.t('mapping.fixFirst')];
    if (p.plusplus) lines.push(l.t('mapping.errorPlusplus', { error: esc(p.plusplus, 1000) }));
    if (p.slack) lines.push(l.t('mapping.errorSlack', { error: esc(p.slack, 1000) }));
    return [{ type: 'section', text: mrkdwn(lines.join('\n')), ...id }];
  }
  if (p.kind === 'failed') {
    return [
      {
        type: 'section',
        text: mrkdwn(l.t('mapping.previewFailed', { message: esc(p.message, 1000) })),
        ...id,
      },
    ];
  }
  const delta = p.proposed.matched - p.current.matched;
  const lines = [
    l.t('mapping.ifYouSave', {
      matched: p.proposed.matched,
      current: p.current.matched,
      delta: `${delta >= 0 ? '+' : '-'}${l.n(Math.abs(delta))}`,
      total: p.proposed.total,
    }),
    l.t('mapping.deltas', { gained: p.gained, lost: p.lost, changed: p.changed }),
  ];
  const sample = (key: 'mapping.wouldGain' | 'mapping.wouldLose' | 'mapping.wouldChange', ids: string[]) => {
    if (ids.length > 0)
      lines.push(
        l.t(key, {
          ids: ids
            .slice(0, EXAMPLES_SHOWN)
            .map((u) => `\`${esc(u, 80)}\``)
            .join(', '),
        }),
      );
  };
  sample('mapping.wouldGain', p.examples.gained);
  sample('mapping.wouldLose', p.examples.lost);
  sample('mapping.wouldChange', p.examples.changed);
  const blocks: Block[] = [{ type: 'section', text: mrkdwn(lines.join('\n')), ...id }];
  const notes: string[] = [];
  if (!p.directoryWarm) notes.push(l.t('mapping.partial'));
  if (p.customFieldsMissing > 0) notes.push(l.t('mapping.fieldsPending', { count: p.customFieldsMissing }));
  if (notes.length > 0) blocks.push(context(notes.join(' ')));
  return blocks;
}
