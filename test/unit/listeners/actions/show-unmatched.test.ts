import { showUnmatchedHandler } from '../../../../listeners/actions/show-unmatched';
import { messageModal, unmatchedModal } from '../../../../views/modals/unmatched-modal';
import { fakeService, OPENED_VIEW_ID, TEAM, USER, unmatchedPage } from '../fakes';
import { press } from './button';

describe('Show unmatched users in App Home', () => {
  it('opens a placeholder before the (slow) report, then fills it with the first page', async () => {
    const { args, calls, client } = press(undefined);
    const page = unmatchedPage();
    const home = fakeService(calls, 'home', { unmatchedPage: async () => ({ ok: true as const, page }) });
    await showUnmatchedHandler({ home })(args);
    expect(calls).toEqual(['ack', 'views.open', 'home.unmatchedPage', 'views.update']);
    expect(client.views.open).toHaveBeenCalledWith({
      trigger_id: 'TRIGGER',
      view: messageModal('Unmatched users', 'Loading…'),
    });
    expect(home.unmatchedPage).toHaveBeenCalledWith(TEAM, USER, 0);
    expect(client.views.update).toHaveBeenCalledWith({ view_id: OPENED_VIEW_ID, view: unmatchedModal(page) });
  });

  it('shows the refusal in the modal when the service says no', async () => {
    const { args, calls, client } = press(undefined);
    const home = fakeService(calls, 'home', {
      unmatchedPage: async () => ({
        ok: false as const,
        message: 'Only PlusPlus admins can see unmatched users.',
      }),
    });
    await showUnmatchedHandler({ home })(args);
    expect(client.views.update).toHaveBeenCalledWith({
      view_id: OPENED_VIEW_ID,
      view: messageModal('Unmatched users', 'Only PlusPlus admins can see unmatched users.'),
    });
  });
});
