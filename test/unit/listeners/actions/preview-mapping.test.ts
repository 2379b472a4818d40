import { previewMappingHandler } from '../../../../listeners/actions/preview-mapping';
import { homeView } from '../../../../views/home/home-view';
import { MappingAction, MappingBlock } from '../../../../views/ids';
import { mappingModal } from '../../../../views/modals/mapping-modal';
import { fakeService, homeModel, mappingForm, TEAM, USER } from '../fakes';
import { press } from './button';

const typed = (plusplus: string | null, slack?: string) => ({
  values: {
    [MappingBlock.PlusPlus]: { [MappingAction.Input]: { type: 'plain_text_input', value: plusplus } },
    ...(slack === undefined ? {} : { [MappingBlock.Slack]: { [MappingAction.Input]: { value: slack } } }),
  },
});

describe('Preview in the mapping modal', () => {
  it('passes the attributes as typed and updates the modal it came from', async () => {
    const { args, calls, client } = press(undefined, typed('employee_id', 'profile.fields.Xf01'));
    const form = mappingForm({ plusplus: 'employee_id', slack: 'profile.fields.Xf01' });
    const home = fakeService(calls, 'home', { previewMapping: async () => ({ ok: true as const, form }) });
    await previewMappingHandler({ home })(args);
    expect(calls).toEqual(['ack', 'home.previewMapping', 'views.update']);
    expect(home.previewMapping).toHaveBeenCalledWith(TEAM, USER, {
      plusplus: 'employee_id',
      slack: 'profile.fields.Xf01',
    });
    expect(client.views.update).toHaveBeenCalledWith({ view_id: 'V_MODAL', view: mappingModal(form) });
  });

  it('reads empty and missing inputs as ""', async () => {
    const { args, calls } = press(undefined, typed(null));
    const home = fakeService(calls, 'home', {
      previewMapping: async () => ({ ok: true as const, form: mappingForm() }),
    });
    await previewMappingHandler({ home })(args);
    expect(home.previewMapping).toHaveBeenCalledWith(TEAM, USER, { plusplus: '', slack: '' });
  });

  it('publishes the home with the refusal when the service says no', async () => {
    const { args, calls, client } = press(undefined, typed('email', 'profile.email'));
    const refused = homeModel('no');
    const home = fakeService(calls, 'home', {
      previewMapping: async () => ({ ok: false as const, home: refused }),
    });
    await previewMappingHandler({ home })(args);
    expect(calls).toEqual(['ack', 'home.previewMapping', 'views.publish']);
    expect(client.views.publish).toHaveBeenCalledWith({ user_id: USER, view: homeView(refused) });
  });
});
