import { unmatchedPageHandler } from '../../../../listeners/actions/unmatched-page';
import { messageModal, unmatchedModal } from '../../../../views/modals/unmatched-modal';
import { fakeService, TEAM, USER, unmatchedPage } from '../fakes';
import { press } from './button';

describe('Previous / Next in the unmatched users modal', () => {
  it('asks for the page in the button value and updates the modal it came from', async () => {
    const { args, calls, client } = press('40', {});
    const page = unmatchedPage(40);
    const home = fakeService(calls, 'home', { unmatchedPage: async () => ({ ok: true as const, page }) });
    await unmatchedPageHandler({ home })(args);
    expect(calls).toEqual(['ack', 'home.unmatchedPage', 'views.update']);
    expect(home.unmatchedPage).toHaveBeenCalledWith(TEAM, USER, 40);
    expect(client.views.update).toHaveBeenCalledWith({ view_id: 'V_MODAL', view: unmatchedModal(page) });
  });

  it('shows the refusal in the modal when the service says no', async () => {
    const { args, calls, client } = press('20', {});
    const home = fakeService(calls, 'home', {
      unmatchedPage: async () => ({ ok: false as const, message: 'not connected' }),
    });
    await unmatchedPageHandler({ home })(args);
    expect(client.views.update).toHaveBeenCalledWith({
      view_id: 'V_MODAL',
      view: messageModal('Unmatched users', 'not connected'),
    });
  });
});
