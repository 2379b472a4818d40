import { previewTemplateHandler } from '../../../../listeners/actions/preview-template';
import { homeView } from '../../../../views/home/home-view';
import { TemplateAction, TemplateBlock } from '../../../../views/ids';
import { templateModal } from '../../../../views/modals/template-modal';
import { fakeService, homeModel, TEAM, templateForm, USER } from '../fakes';
import { press } from './button';

const input = (value: string | null) => ({ [TemplateAction.Input]: { type: 'plain_text_input', value } });

describe('Preview in the template modal', () => {
  it('passes the kind from private_metadata and the four fields as typed, and updates the modal', async () => {
    const { args, calls, client } = press('ignored', {
      private_metadata: 'reminder',
      values: {
        [TemplateBlock.header]: input('Due {{content.title}}'),
        [TemplateBlock.body]: input(null),
        [TemplateBlock.context]: input('ctx'),
      },
    });
    const form = templateForm();
    const home = fakeService(calls, 'home', { previewTemplate: async () => ({ ok: true as const, form }) });
    await previewTemplateHandler({ home })(args);
    expect(calls).toEqual(['ack', 'home.previewTemplate', 'views.update']);
    expect(home.previewTemplate).toHaveBeenCalledWith(TEAM, USER, 'reminder', {
      header: 'Due {{content.title}}',
      body: '',
      button_label: '',
      context: 'ctx',
    });
    expect(client.views.update).toHaveBeenCalledWith({ view_id: 'V_MODAL', view: templateModal(form) });
  });

  it('falls back to the button value for the kind when the modal has no metadata', async () => {
    const { args, calls } = press('invite', { values: {} });
    const home = fakeService(calls, 'home', {
      previewTemplate: async () => ({ ok: true as const, form: templateForm() }),
    });
    await previewTemplateHandler({ home })(args);
    expect(home.previewTemplate).toHaveBeenCalledWith(TEAM, USER, 'invite', expect.any(Object));
  });

  it('publishes the home with the refusal when the service says no', async () => {
    const { args, calls, client } = press('x', { private_metadata: 'reminder' });
    const refused = homeModel('no');
    const home = fakeService(calls, 'home', {
      previewTemplate: async () => ({ ok: false as const, home: refused }),
    });
    await previewTemplateHandler({ home })(args);
    expect(calls).toEqual(['ack', 'home.previewTemplate', 'views.publish']);
    expect(client.views.publish).toHaveBeenCalledWith({ user_id: USER, view: homeView(refused) });
  });
});
