/**
 * The delivery timing settings in App Home (issue 21): the admin section, the modal opened by its
 * button, inline errors for bad values (nothing saved), a save, and a member refused — through
 * Bolt's real receiver, the sandbox as Slack and PostgreSQL.
 */
import { TimingAction, TimingBlock, TimingModalCallback } from '../../../views/timing-ids';
import { eventually, type HomeEnv, startHomeEnv } from './harness';

let env: HomeEnv;
let teamId: string;
let admin: { id: string; email: string };
let member: { id: string; email: string };
let people: Array<{ id: string; email: string }>;
const TENANT = 'home-timing';

beforeAll(async () => {
  env = await startHomeEnv('home-timing', 'http');
  const ws = await env.connectTenant(TENANT, 30, 21);
  teamId = ws.teamId;
  people = ws.people;
  [admin, member] = ws.people as [typeof admin, typeof admin];
  await env.users.upsert(TENANT, { id: 'boss', email: admin.email, name: 'The Boss', is_admin: true });
  await env.users.upsert(TENANT, { id: 'worker', email: member.email, name: 'Worker' });
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

const homeText = (userId: string) => JSON.stringify(env.sb.homeView(teamId, userId) ?? null);
const openHome = (userId: string) =>
  env.driver.event(teamId, {
    type: 'app_home_opened',
    user: userId,
    channel: `D${userId.slice(1)}`,
    tab: 'home',
  });
const text = (value: string) => ({ [TimingAction.Input]: { type: 'plain_text_input', value } });
const boxes = (...values: string[]) => ({
  [TimingAction.Input]: { type: 'checkboxes', selected_options: values.map((value) => ({ value })) },
});
const values = (o: { start: string; end: string; days: string[]; zone: string; max: string }) => ({
  [TimingBlock.WindowOn]: boxes('on'),
  [TimingBlock.Start]: text(o.start),
  [TimingBlock.End]: text(o.end),
  [TimingBlock.Days]: boxes(...o.days),
  [TimingBlock.Types]: boxes('invite', 'assignment'),
  [TimingBlock.TimeZone]: text(o.zone),
  [TimingBlock.DigestOn]: boxes('on'),
  [TimingBlock.MaxItems]: text(o.max),
});

it('shows the timing to admins, edits it in a modal with inline errors, and refuses members', async () => {
  await openHome(admin.id);
  const home = await eventually(
    () => homeText(admin.id),
    (t) => t.includes('Admin: delivery timing'),
  );
  expect(home).toContain('*Send window:* off');
  expect(home).toContain(TimingAction.Edit);
  await openHome(member.id);
  await eventually(
    () => homeText(member.id),
    (t) => t !== 'null',
  );
  expect(homeText(member.id)).not.toContain('delivery timing');

  const trigger = env.sb.issueTriggerId({ teamId, userId: admin.id, clientId: env.sbApp.clientId });
  await env.driver.blockAction({
    team_id: teamId,
    user_id: admin.id,
    action: { action_id: TimingAction.Edit, value: 'edit' },
    view: { id: 'VHOME', type: 'home' },
    trigger_id: trigger,
  });
  const [modal] = await eventually(
    () => env.sb.modals(teamId, admin.id),
    (m) => m.length === 1,
  );
  expect(modal!.callback_id).toBe(TimingModalCallback);
  const submit = (userId: string, v: ReturnType<typeof values>) =>
    env.driver.viewSubmission({
      team_id: teamId,
      user_id: userId,
      view_id: modal!.id as string,
      callback_id: TimingModalCallback,
      values: v,
    });

  const bad = await submit(
    admin.id,
    values({ start: '25:00', end: '08:00', days: [], zone: 'Mars/Base', max: '12' }),
  );
  expect(bad.body).toMatchObject({
    response_action: 'errors',
    errors: {
      [TimingBlock.Start]: expect.stringContaining('HH:MM'),
      [TimingBlock.Days]: expect.stringContaining('at least one day'),
      [TimingBlock.TimeZone]: expect.stringContaining('IANA'),
      [TimingBlock.MaxItems]: expect.stringContaining('1 to 10'),
    },
  });
  const endFirst = await submit(
    admin.id,
    values({ start: '17:00', end: '09:00', days: ['mon'], zone: 'UTC', max: '5' }),
  );
  expect(endFirst.body).toMatchObject({ errors: { [TimingBlock.End]: expect.stringContaining('after') } });
  expect((await env.tenants.settings(TENANT)).sendWindow).toBeNull();

  const refused = await submit(
    member.id,
    values({ start: '09:00', end: '17:00', days: ['mon'], zone: 'UTC', max: '5' }),
  );
  expect(refused.body).toMatchObject({ response_action: 'errors' });
  expect((await env.tenants.settings(TENANT)).sendWindow).toBeNull();

  const ok = await submit(
    admin.id,
    values({ start: '08:30', end: '18:00', days: ['mon', 'tue', 'wed'], zone: 'Europe/Berlin', max: '7' }),
  );
  expect(ok.status).toBe(200);
  await eventually(
    () => homeText(admin.id),
    (t) => t.includes('Delivery timing saved'),
  );
  const saved = await env.tenants.settings(TENANT);
  expect(saved).toMatchObject({
    sendWindow: {
      start: '08:30',
      end: '18:00',
      days: ['mon', 'tue', 'wed'],
      types: ['invite', 'assignment'],
    },
    digestEnabled: true,
    digestMaxItems: 7,
    defaultTimeZone: 'Europe/Berlin',
  });
  expect(homeText(admin.id)).toContain('08:30–18:00 on Mon, Tue, Wed');
});

it('speaks the admin’s language (issue 22): a de-DE admin gets the section, the modal and its inline errors in German', async () => {
  const chef = people[2]!;
  env.sb.updateMember(teamId, chef.id, { locale: 'de-DE', tz: 'Europe/Berlin' });
  await env.resync(TENANT);
  await env.users.upsert(TENANT, { id: 'chef', email: chef.email, name: 'Die Chefin', is_admin: true });

  await openHome(chef.id);
  const home = await eventually(
    () => homeText(chef.id),
    (t) => t.includes('Admin: Zustellzeiten'),
  );
  // What the first test saved, in German: short day names from Intl, the types' German names.
  expect(home).toContain('*Sendefenster:* 08:30–18:00 Uhr (Mo, Di und Mi)');
  expect(home).toContain('für Einladungen und Zuweisungen');
  expect(home).toContain('bis zu 7 davon');
  expect(home).toContain('Zustellzeiten bearbeiten');
  expect(home).not.toContain('Send window');

  const trigger = env.sb.issueTriggerId({ teamId, userId: chef.id, clientId: env.sbApp.clientId });
  await env.driver.blockAction({
    team_id: teamId,
    user_id: chef.id,
    action: { action_id: TimingAction.Edit, value: 'edit' },
    view: { id: 'VHOME', type: 'home' },
    trigger_id: trigger,
  });
  const [modal] = await eventually(
    () => env.sb.modals(teamId, chef.id),
    (m) => m.length === 1,
  );
  const json = JSON.stringify(modal);
  expect(json).toContain('"Zustellzeiten"');
  expect(json).toContain('"Montag"');
  expect(json).toContain('"Einschreibungen"');
  expect(json).toContain('„und N weitere“');

  const submit = (v: ReturnType<typeof values>) =>
    env.driver.viewSubmission({
      team_id: teamId,
      user_id: chef.id,
      view_id: modal!.id as string,
      callback_id: TimingModalCallback,
      values: v,
    });
  const bad = await submit(values({ start: '25:00', end: '08:00', days: [], zone: 'Mars/Base', max: '12' }));
  expect(bad.body).toEqual({
    response_action: 'errors',
    errors: {
      [TimingBlock.Start]: 'Geben Sie eine Uhrzeit im Format HH:MM (24 Stunden) ein, z. B. 09:00.',
      [TimingBlock.Days]: 'Wählen Sie mindestens einen Tag aus.',
      [TimingBlock.TimeZone]: 'Geben Sie den IANA-Namen einer Zeitzone ein, z. B. Europe/Berlin.',
      [TimingBlock.MaxItems]: 'Geben Sie eine ganze Zahl von 1 bis 10 ein.',
    },
  });
  const endFirst = await submit(
    values({ start: '17:00', end: '09:00', days: ['mon'], zone: 'UTC', max: '5' }),
  );
  expect(endFirst.body).toMatchObject({
    errors: { [TimingBlock.End]: expect.stringContaining('nach seinem Beginn enden') },
  });

  const ok = await submit(
    values({ start: '08:00', end: '16:00', days: ['sat', 'sun'], zone: 'Europe/Berlin', max: '7' }),
  );
  expect(ok.status).toBe(200);
  const saved = await eventually(
    () => homeText(chef.id),
    (t) => t.includes('Die Zustellzeiten wurden gespeichert.'),
  );
  expect(saved).toContain('08:00–16:00 Uhr (Sa, So)');
  // The English admin still reads English.
  await openHome(admin.id);
  await eventually(
    () => homeText(admin.id),
    (t) => t.includes('08:00–16:00 on Sat, Sun'),
  );
});
