import { templateSubmittedHandler } from '../../../../listeners/view-submissions/template-submitted';
import { homeView } from '../../../../views/home/home-view';
import { TemplateAction, TemplateBlock } from '../../../../views/ids';
import { fakeService, homeModel, TEAM, USER } from '../fakes';
import { submit } from './submit';

const input = (value: string) => ({ [TemplateAction.Input]: { type: 'plain_text_input', value } });
const values = {
  [TemplateBlock.header]: input('Hi'),
  [TemplateBlock.body]: input('{{content.title'),
  [TemplateBlock.button_label]: input('Open'),
  [TemplateBlock.context]: input(''),
};

describe('the template modal submitted', () => {
  it('saves the kind in private_metadata with the four fields, acks, refreshes the home with the notice', async () => {
    const { args, calls, ack, client } = submit({ private_metadata: 'reminder', values });
    const model = homeModel('Reminder template saved.');
    const home = fakeService(calls, 'home', {
      saveTemplate: async () => ({ ok: true as const, notice: 'Reminder template saved.' }),
      home: async () => model,
    });
    await templateSubmittedHandler({ home })(args);
    expect(calls).toEqual(['home.saveTemplate', 'ack', 'home.home', 'views.publish']);
    expect(home.saveTemplate).toHaveBeenCalledWith(TEAM, USER, 'reminder', {
      header: 'Hi',
      body: '{{content.title',
      button_label: 'Open',
      context: '',
    });
    expect(ack).toHaveBeenCalledWith();
    expect(home.home).toHaveBeenCalledWith(TEAM, USER, 'Reminder template saved.');
    expect(client.views.publish).toHaveBeenCalledWith({ user_id: USER, view: homeView(model) });
  });

  it('puts each field’s error on that field’s block, in the one ack', async () => {
    const { args, calls, ack } = submit({ private_metadata: 'reminder', values });
    const home = fakeService(calls, 'home', {
      saveTemplate: async () => ({
        ok: false as const,
        errors: { body: 'Line 1, column 1: unclosed tag', button_label: 'Too long' },
      }),
      home: async () => homeModel(),
    });
    await templateSubmittedHandler({ home })(args);
    expect(calls).toEqual(['home.saveTemplate', 'ack']);
    expect(ack).toHaveBeenCalledWith({
      response_action: 'errors',
      errors: {
        [TemplateBlock.body]: 'Line 1, column 1: unclosed tag',
        [TemplateBlock.button_label]: 'Too long',
      },
    });
  });
});
