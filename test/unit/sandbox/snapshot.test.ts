import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_MESSAGES_PER_CHANNEL, restoreSnapshot, snapshotOf } from '../../../src/sandbox/snapshot';
import { SnapshotFile } from '../../../src/sandbox/snapshot-file';
import { SandboxState } from '../../../src/sandbox/state';

/** The sandbox's state as JSON and back (what `npm start` keeps in DATA_DIR across a restart). */
function populated() {
  const s = new SandboxState();
  const app = s.createApp({ clientId: '1.2', redirectUris: ['http://x/cb'], eventsUrl: 'http://x/ev' });
  const ws = s.createWorkspace({ id: 'T0DEMO00001', members: 10, seed: 4, withholdScopes: ['groups:write'] });
  const token = s.installApp(ws.id, app.clientId, ['chat:write', 'users:read']).accessToken;
  const inst = s.install(ws.id, app.clientId)!;
  const dm = ws.dm(inst.botUserId, ws.members[2]!.id);
  for (let i = 0; i < MAX_MESSAGES_PER_CHANNEL + 5; i++)
    dm.messages.push({
      teamId: ws.id,
      channel: dm.id,
      ts: s.nextTs(),
      text: `m${i}`,
      blocks: null,
      user: inst.botUserId,
      botId: inst.botId,
      appId: app.appId,
      postedAt: i,
    });
  const channel = ws.addChannel({ name: 'track', isPrivate: false, creator: inst.botUserId });
  channel.members.add(ws.members[3]!.id);
  s.views.setHome({
    id: s.views.newViewId('1'),
    teamId: ws.id,
    appId: app.appId,
    botId: inst.botId,
    userId: ws.members[2]!.id,
    type: 'home',
    payload: { type: 'home', blocks: [] },
    hash: 'h',
    externalId: '',
    rootViewId: '',
    previousViewId: null,
    updatedAt: 1,
  });
  return { s, app, ws, token, inst, dm, channel };
}

describe('sandbox snapshot', () => {
  it('round-trips through JSON: install, token, members, channels, messages (bounded), homes, id counters', () => {
    const a = populated();
    const copy = new SandboxState();
    restoreSnapshot(copy, JSON.parse(JSON.stringify(snapshotOf(a.s))));
    const ws = copy.workspace(a.ws.id);
    expect(ws.members.map((m) => m.id)).toEqual(a.ws.members.map((m) => m.id));
    expect(ws.memberByEmail(a.ws.members[2]!.email!)?.id).toBe(a.ws.members[2]!.id);
    expect(copy.tokens.get(a.token)).toMatchObject({ teamId: a.ws.id, revoked: false });
    expect([...copy.install(a.ws.id, a.app.clientId)!.scopes].sort()).toEqual(['chat:write', 'users:read']);
    expect(ws.policies.withholdScopes.has('groups:write')).toBe(true);
    const dm = ws.channels.get(a.dm.id)!;
    expect(dm.messages).toHaveLength(MAX_MESSAGES_PER_CHANNEL);
    expect(dm.messages.at(-1)!.text).toBe(`m${MAX_MESSAGES_PER_CHANNEL + 4}`);
    expect(ws.isChannelMember(ws.channels.get(a.channel.id)!, a.ws.members[3]!.id)).toBe(true);
    expect(copy.views.homeOf(a.ws.id, a.app.appId, a.ws.members[2]!.id)).toBeDefined();
    // New ids do not collide with restored ones.
    expect(ws.addChannel({ name: 'next', isPrivate: false, creator: 'U1' }).id).not.toBe(a.channel.id);
    expect(ws.channels.size).toBe(a.ws.channels.size + 1);
    expect(copy.views.newViewId('1')).not.toBe(copy.views.homesSnapshot().homes[0]!.id);
    expect(copy.createWorkspace().id).not.toBe(a.ws.id);
  });

  it('refuses a state that is not fresh', () => {
    const a = populated();
    expect(() => restoreSnapshot(a.s, snapshotOf(a.s))).toThrow(/fresh/);
  });

  it('is written atomically, mode 600, debounced; an unreadable file means a fresh start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pp-snap-'));
    try {
      const file = new SnapshotFile(join(dir, 'state.json'), { debounceMs: 20 });
      expect(file.load()).toBeNull();
      const a = populated();
      file.attach(a.s);
      file.schedule();
      file.schedule();
      await new Promise((r) => setTimeout(r, 80));
      expect(statSync(file.path).mode & 0o777).toBe(0o600);
      expect(file.load()?.workspaces[0]?.id).toBe('T0DEMO00001');
      const small = new SnapshotFile(join(dir, 'small.json'), { maxBytes: 100 });
      small.attach(a.s);
      small.write();
      expect(small.load()).toBeNull();
      writeFileSync(file.path, '{not json');
      expect(file.load()).toBeNull();
      expect(readFileSync(file.path, 'utf8')).toBe('{not json');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
