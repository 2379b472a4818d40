import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../src/app/delivery/canonical-json';
import { ChangeService } from '../../../src/app/delivery/changes';
import type { ChangeRequest } from '../../../src/persistence/repositories/notification-revisions-repository';

/**
 * The request hash stored with a change_key (notification_revisions.request_hash) must not move:
 * rows stored before ChangeService took camelCase input were hashed over the wire body as it came
 * in, `{op, body}` in canonical JSON. A different hash would turn a harmless repeat (200, the first
 * answer) into a 409. This pins the hash to that formula.
 */
const wireHash = (op: string, body: unknown) =>
  createHash('sha256').update(canonicalJson({ op, body })).digest('hex');

function service() {
  const seen: ChangeRequest[] = [];
  const revisions = {
    changeNotification: async (_t: string, _n: string, req: ChangeRequest) => {
      seen.push(req);
      return {
        kind: 'applied' as const,
        answers: [{ notificationId: 'n', revision: 1, deliveries: [] }],
        cancelledQueued: 0,
      };
    },
    changeContent: async () => ({ kind: 'not_found' as const }),
    revisions: async () => null,
  };
  return { changes: new ChangeService({ revisions }), seen };
}

describe('ChangeService request hash', () => {
  const content = { id: 'evt-1', title: 'Data 101', starts_at: '2026-12-08T15:00:00Z' };

  it('is the hash of the wire body, with and without the optional fields', async () => {
    const { changes, seen } = service();
    await changes.update('t', { notificationId: 'n' }, { changeKey: 'k1', content });
    await changes.update(
      't',
      { notificationId: 'n' },
      { changeKey: 'k2', content, data: { room: 4 }, notify: false },
    );
    await changes.cancel('t', { notificationId: 'n' }, { changeKey: 'k3' });
    await changes.cancel('t', { notificationId: 'n' }, { changeKey: 'k4', reason: 'ill', notify: true });
    expect(seen.map((r) => r.requestHash)).toEqual([
      wireHash('update', { change_key: 'k1', content }),
      wireHash('update', { change_key: 'k2', content, data: { room: 4 }, notify: false }),
      wireHash('cancel', { change_key: 'k3' }),
      wireHash('cancel', { change_key: 'k4', reason: 'ill', notify: true }),
    ]);
    // And it does tell bodies apart.
    expect(new Set(seen.map((r) => r.requestHash)).size).toBe(4);
  });

  it('answers camelCase data; the routes build the wire shape', async () => {
    const { changes } = service();
    const r = await changes.update('t', { notificationId: 'n' }, { changeKey: 'k', content });
    expect(r).toEqual({ status: 202, notifications: [{ notificationId: 'n', revision: 1, deliveries: [] }] });
  });
});
