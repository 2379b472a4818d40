import type { ButtonHandlerArgs } from '../../../../listeners/actions/home-button';
import { fakeSlack, TEAM, USER } from '../fakes';

/**
 * A button press as Bolt hands it to a handler: `value` is the button's value; `view` the modal
 * the button sits in (state values and private_metadata), when it sits in one.
 */
export function press(
  value: string | undefined,
  view?: { private_metadata?: string; values?: Record<string, unknown> },
) {
  const slack = fakeSlack();
  const body = {
    type: 'block_actions',
    team: { id: TEAM },
    user: { id: USER, team_id: TEAM },
    trigger_id: 'TRIGGER',
    view: view && {
      id: 'V_MODAL',
      private_metadata: view.private_metadata ?? '',
      state: { values: view.values ?? {} },
    },
  };
  const args = {
    ack: slack.ack,
    body,
    action: { type: 'button', action_id: 'any', value },
    client: slack.webClient,
  } as unknown as ButtonHandlerArgs;
  return { ...slack, args };
}
