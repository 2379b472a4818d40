import { mappingSubmittedHandler } from '../../../../listeners/view-submissions/mapping-submitted';
import { homeView } from '../../../../views/home/home-view';
import { MappingAction, MappingBlock } from '../../../../views/ids';
import { fakeService, homeModel, TEAM, USER } from '../fakes';
import { submit } from './submit';

const values = {
  [MappingBlock.PlusPlus]: { [MappingAction.Input]: { type: 'plain_text_input', value: 'employee_id' } },
  [MappingBlock.Slack]: { [MappingAction.Input]: { type: 'plain_text_input', value: 'profile.fields.Xf01' } },
};

describe('the mapping modal submitted', () => {
  it('saves what was typed, acks once (closing the modal) and refreshes the home with a notice', async () => {
    const { args, calls, ack, client } = submit({ values });
    const model = homeModel('saved');
    const home = fakeService(calls, 'home', {
      saveMapping: async () => ({ ok: true as const }),
      home: async () => model,
    });
    await mappingSubmittedHandler({ home })(args);
    // Saving comes before the ack on purpose: errors travel in the ack.
    expect(calls).toEqual(['home.saveMapping', 'ack', 'home.home', 'views.publish']);
    expect(home.saveMapping).toHaveBeenCalledWith(TEAM, USER, {
      plusplus: 'employee_id',
      slack: 'profile.fields.Xf01',
    });
    expect(ack).toHaveBeenCalledWith();
    expect(home.home).toHaveBeenCalledWith(TEAM, USER, { kind: 'mapping_saved' });
    expect(client.views.publish).toHaveBeenCalledWith({ user_id: USER, view: homeView(model) });
  });

  it('answers refused input with inline errors on the right blocks, in the one ack', async () => {
    const { args, calls, ack } = submit({ values });
    const home = fakeService(calls, 'home', {
      saveMapping: async () => ({ ok: false as const, errors: { slack: 'Unknown field' } }),
      home: async () => homeModel(),
    });
    await mappingSubmittedHandler({ home })(args);
    expect(calls).toEqual(['home.saveMapping', 'ack']);
    expect(ack).toHaveBeenCalledWith({
      response_action: 'errors',
      errors: { [MappingBlock.Slack]: 'Unknown field' },
    });
  });

  it('lets a service error through without acking (Slack then shows its own error)', async () => {
    const { args, calls } = submit({ values });
    const failure = new Error('db');
    const home = fakeService(calls, 'home', {
      saveMapping: async (): Promise<{ ok: true }> => {
        throw failure;
      },
      home: async () => homeModel(),
    });
    await expect(mappingSubmittedHandler({ home })(args)).rejects.toBe(failure);
    expect(calls).toEqual(['home.saveMapping']);
  });
});
