import { editMappingHandler } from '../../../../listeners/actions/edit-mapping';
import { homeView } from '../../../../views/home/home-view';
import { mappingModal } from '../../../../views/modals/mapping-modal';
import { fakeService, homeModel, mappingForm, TEAM, USER } from '../fakes';
import { press } from './button';

describe('Edit (user matching) in App Home', () => {
  it('acks, asks for the form and opens the mapping modal on the trigger id', async () => {
    const { args, calls, client } = press(undefined);
    const form = mappingForm();
    const home = fakeService(calls, 'home', { mappingForm: async () => ({ ok: true as const, form }) });
    await editMappingHandler({ home })(args);
    expect(calls).toEqual(['ack', 'home.mappingForm', 'views.open']);
    expect(home.mappingForm).toHaveBeenCalledWith(TEAM, USER);
    expect(client.views.open).toHaveBeenCalledWith({ trigger_id: 'TRIGGER', view: mappingModal(form) });
  });

  it('publishes the home with the refusal when the service says no', async () => {
    const { args, calls, client } = press(undefined);
    const refused = homeModel('Only PlusPlus admins can change user matching.');
    const home = fakeService(calls, 'home', {
      mappingForm: async () => ({ ok: false as const, home: refused }),
    });
    await editMappingHandler({ home })(args);
    expect(calls).toEqual(['ack', 'home.mappingForm', 'views.publish']);
    expect(client.views.publish).toHaveBeenCalledWith({ user_id: USER, view: homeView(refused) });
  });
});
