import { editTemplateHandler } from '../../../../listeners/actions/edit-template';
import { homeView } from '../../../../views/home/home-view';
import { templateModal } from '../../../../views/modals/template-modal';
import { fakeService, homeModel, TEAM, templateForm, USER } from '../fakes';
import { press } from './button';

describe('Edit (a template) in App Home', () => {
  it('asks for the form of the kind in the button value and opens the template modal', async () => {
    const { args, calls, client } = press('reminder');
    const form = templateForm();
    const home = fakeService(calls, 'home', { templateForm: async () => ({ ok: true as const, form }) });
    await editTemplateHandler({ home })(args);
    expect(calls).toEqual(['ack', 'home.templateForm', 'views.open']);
    expect(home.templateForm).toHaveBeenCalledWith(TEAM, USER, 'reminder');
    expect(client.views.open).toHaveBeenCalledWith({ trigger_id: 'TRIGGER', view: templateModal(form) });
  });

  it('publishes the home with the refusal when the service says no', async () => {
    const { args, calls, client } = press('nonsense');
    const refused = homeModel('Unknown template');
    const home = fakeService(calls, 'home', {
      templateForm: async () => ({ ok: false as const, home: refused }),
    });
    await editTemplateHandler({ home })(args);
    expect(calls).toEqual(['ack', 'home.templateForm', 'views.publish']);
    expect(client.views.publish).toHaveBeenCalledWith({ user_id: USER, view: homeView(refused) });
  });
});
