import { acceptAnswer, storedAnswer } from '../../../src/app/delivery/accepted-answer';

describe('accepted answer', () => {
  it('lists every recipient in order: queued without a reason, skipped with one', () => {
    expect(acceptAnswer('n1', ['u1', 'u0', 'ghost'], [null, 'user_opted_out', 'unknown_user'])).toEqual({
      notification_id: 'n1',
      deliveries: [
        { user_id: 'u1', status: 'queued' },
        { user_id: 'u0', status: 'skipped', reason: 'user_opted_out' },
        { user_id: 'ghost', status: 'skipped', reason: 'unknown_user' },
      ],
    });
  });

  it('refuses parts that do not belong together', () => {
    expect(() => acceptAnswer('n1', ['u1', 'u2'], [null])).toThrow('1 reasons for 2 recipients');
  });

  it('answers a repeat from the parts, or from the whole body an older row kept', () => {
    const parts = { id: 'n2', recipients: ['a'], skip_reasons: ['not_connected'], accepted_response: null };
    expect(storedAnswer(parts)).toEqual({
      notification_id: 'n2',
      deliveries: [{ user_id: 'a', status: 'skipped', reason: 'not_connected' }],
    });
    const legacy = {
      id: 'n3',
      recipients: null,
      skip_reasons: null,
      accepted_response: { notification_id: 'n3', deliveries: [{ user_id: 'b', status: 'queued' as const }] },
    };
    expect(storedAnswer(legacy)).toBe(legacy.accepted_response);
    expect(() => storedAnswer({ ...legacy, accepted_response: null })).toThrow('keeps no answer');
  });
});
