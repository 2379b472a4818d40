import { ResponseUrlCollector } from '../../../src/sandbox/driver';
import { RETURN_URL, type SandboxEnv, startSandboxEnv, until } from '../../support/sandbox-env';

/**
 * Issue 22 through the real app and the sandbox: members whose Slack locale is de-DE, ja-JP,
 * fr-FR or pt-BR (which the app has no catalogue for) get the app's words, dates and times in
 * their language and zone; pt-BR falls back to the tenant's default_locale, then en-US.
 */
let env: SandboxEnv;
let teamId: string;
let installer: string;
const T = '/internal/v1/tenants/languages';
const who: Record<'de' | 'ja' | 'fr' | 'pt' | 'pt2' | 'en', { id: string; email: string }> = {} as never;

beforeAll(async () => {
  env = await startSandboxEnv();
  const ws = env.sb.createWorkspace({ name: 'Languages', members: 24, seed: 31 });
  teamId = ws.id;
  env.sb.setDefaultWorkspace(ws.id);
  const people = ws.members.filter(
    (m, i) =>
      i > 1 && !m.deleted && !m.isBot && !m.isAppUser && m.email && !m.isInvitedUser && !m.isRestricted,
  );
  const langs = [
    ['de', 'de-DE', 'Europe/Berlin'],
    ['ja', 'ja-JP', 'Asia/Tokyo'],
    ['fr', 'fr-FR', 'Europe/Paris'],
    ['pt', 'pt-BR', 'America/Sao_Paulo'],
    ['pt2', 'pt-BR', 'America/Sao_Paulo'],
    ['en', 'en-US', 'America/New_York'],
  ] as const;
  for (const [i, [key, locale, tz]] of langs.entries()) {
    const m = people[i]!;
    env.sb.updateMember(ws.id, m.id, { locale, tz });
    who[key] = { id: m.id, email: m.email! };
  }
  // The installer (the primary owner, who installs in the sandbox) reads Spanish.
  installer = ws.members[1]!.id;
  env.sb.updateMember(ws.id, installer, { locale: 'es-ES', tz: 'Europe/Madrid' });
  await env.t.call('POST', `${T}/users`, {
    users: langs.map(([key]) => ({ id: `u-${key}`, email: who[key].email, name: `User ${key}` })),
  });
  const link = await env.t.call('POST', `${T}/slack/connect`, { return_url: RETURN_URL });
  expect((await env.browser.visit(link.body.authorize_url)).location).toBe(`${RETURN_URL}?slack=connected`);
  await env.t.call('PATCH', `${T}/slack/settings`, { notifications_enabled: true });
  await until(async () => {
    const users = await Promise.all(langs.map(([key]) => env.t.call('GET', `${T}/users/u-${key}`)));
    return users.every((u) => u.body.slack) ? true : undefined;
  }, 'everyone linked');
});
afterAll(async () => {
  await env.stop();
});

/** Sends one invite to `userId` and answers the DM it became. */
async function dmOf(key: keyof typeof who, idempotencyKey: string) {
  const res = await env.t.call('POST', `${T}/notifications`, {
    idempotency_key: idempotencyKey,
    type: 'invite',
    recipient_user_ids: [`u-${key}`],
    content: {
      id: `evt-${idempotencyKey}`,
      title: 'Data 101',
      url: 'https://plusplus.example/events/1',
      starts_at: '2026-12-01T15:00:00Z',
    },
  });
  expect(res.status).toBe(202);
  await until(async () => {
    const s = await env.t.call('GET', `${T}/notifications/${res.body.notification_id}`);
    return s.body.deliveries[0].status === 'sent' ? true : undefined;
  }, `the DM to ${key}`);
  const dm = env.sb.messages({ teamId, user: who[key].id }).at(-1)!;
  return { text: dm.text, blocks: JSON.stringify(dm.blocks) };
}

it('a de-DE member gets a German DM: the template, the opt-out line and the date in their zone', async () => {
  const dm = await dmOf('de', 'de-1');
  expect(dm.blocks).toContain('Sie sind eingeladen');
  expect(dm.blocks).toContain(
    'Um PlusPlus-Benachrichtigungen in Slack abzubestellen, geben Sie `/plusplus mute` ein',
  );
  // 15:00 UTC is 16:00 in Berlin, written the German way.
  expect(dm.blocks).toContain('Di., 1. Dez. 2026, 16:00 MEZ');
  expect(dm.text).toContain('Di., 1. Dez. 2026, 16:00 MEZ');
  expect(dm.blocks).not.toContain('To stop PlusPlus notifications');
  // An en-US member still reads English, as before.
  const en = await dmOf('en', 'en-1');
  expect(en.blocks).toContain(
    "To stop PlusPlus notifications in Slack, type `/plusplus mute` or use the switch in the app's Home tab.",
  );
  expect(en.blocks).toContain("You're invited");
});

it('a locale without a catalogue (pt-BR) falls back to default_locale, then en-US', async () => {
  const none = await dmOf('pt', 'pt-1');
  expect(none.blocks).toContain('To stop PlusPlus notifications in Slack');
  const patched = await env.t.call('PATCH', `${T}/slack/settings`, { default_locale: 'fr-fr' });
  expect(patched.status).toBe(200);
  expect(patched.body.default_locale).toBe('fr-FR');
  expect((await env.t.call('GET', `${T}/slack`)).body.settings.default_locale).toBe('fr-FR');
  // The same member at once: the process that saved default_locale forgets what it remembered.
  const fallback = await dmOf('pt', 'pt-2');
  expect(fallback.blocks).toContain('Pour ne plus recevoir les notifications PlusPlus dans Slack');
  expect(fallback.blocks).toContain('Vous êtes invité');
});

it('refuses an ill-formed or unknown default_locale with 422 and saves nothing', async () => {
  for (const bad of ['not a locale', 'xx-YY', '']) {
    const res = await env.t.call('PATCH', `${T}/slack/settings`, {
      default_locale: bad,
      notifications_enabled: false,
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: 'invalid_request', field: 'default_locale' });
    expect(res.body.message).toContain('BCP 47');
  }
  const after = (await env.t.call('GET', `${T}/slack`)).body.settings;
  expect(after).toMatchObject({ default_locale: 'fr-FR', notifications_enabled: true });
  expect((await env.t.call('PATCH', `${T}/slack/settings`, { default_locale: 42 })).status).toBe(400);
});

it('answers /plusplus help in fr-FR to a fr-FR member, in the ack', async () => {
  const res = await env.driver.slashCommand({
    team_id: teamId,
    user_id: who.fr.id,
    command: '/plusplus',
    text: 'help',
    response_url: 'http://127.0.0.1:9/unused',
  });
  expect(res.status).toBe(200);
  const text = (res.body as { text: string }).text;
  expect(text).toContain('*PlusPlus pour Slack* — commandes `/plusplus` :');
  expect(text).toContain('• `/plusplus help` — cette liste');
  expect(text).toContain('désactiver ou réactiver les notifications PlusPlus dans Slack');
});

it('publishes App Home in ja-JP for a ja-JP member, and the welcome DM in German', async () => {
  await env.driver.event(teamId, { type: 'app_home_opened', user: who.ja.id, channel: 'D0JA', tab: 'home' });
  const view = await until(async () => {
    const v = env.sb.homeView(teamId, who.ja.id);
    return v ? JSON.stringify(v) : undefined;
  }, 'the ja-JP home');
  expect(view).toContain('あなたの設定');
  expect(view).toContain('*Slack 通知を受け取る：* オン');
  expect(view).toContain('テストメッセージを受け取る');
  expect(view).not.toContain('Your preferences');

  await env.driver.event(teamId, {
    type: 'app_home_opened',
    user: who.de.id,
    channel: 'D0DE',
    tab: 'messages',
  });
  const welcome = await until(async () => {
    const m = env.sb.messages({ teamId, user: who.de.id }).find((x) => x.text.startsWith('Hallo'));
    return m ? m.text : undefined;
  }, 'the German welcome');
  expect(welcome).toContain('Hallo, ich bin PlusPlus.');
});

it("sends the installer DM in the installer's language (es-ES)", async () => {
  const dm = await until(async () => {
    const m = env.sb
      .messages({ teamId, user: installer })
      .find((x) => x.text.startsWith('PlusPlus está conectado'));
    return m ? { text: m.text, blocks: JSON.stringify(m.blocks) } : undefined;
  }, 'the installer DM');
  expect(dm.text).toBe('PlusPlus está conectado a Languages. Estos son los siguientes pasos.');
  expect(dm.blocks).toContain('Solo tú has recibido este mensaje, porque instalaste PlusPlus.');
});

it('answers /plusplus status after the ack, and sends the Test Slack DM, in German', async () => {
  const collector = await ResponseUrlCollector.start();
  try {
    const responseUrl = collector.newUrl();
    const res = await env.driver.slashCommand({
      team_id: teamId,
      user_id: who.de.id,
      command: '/plusplus',
      text: 'status',
      response_url: responseUrl,
    });
    expect(res.status).toBe(200);
    const posted = await collector.waitFor((p) => responseUrl.endsWith(`/response/${p.id}`), 10_000);
    const text = (posted.body as { text: string }).text;
    expect(text).toContain('Ihr Slack-Konto ist mit dem PlusPlus-Konto *User de (u-de)* verknüpft.');
    expect(text).toContain('Mit `/plusplus mute` schalten Sie sie aus.');
  } finally {
    await collector.close();
  }
  const test = await env.t.call('POST', `${T}/users/u-de/test-slack`, { actor_user_id: 'u-de' });
  expect(test.body).toMatchObject({ outcome: 'matched', test_message: { sent: true } });
  const dm = env.sb.messages({ teamId, user: who.de.id }).at(-1)!;
  expect(dm.text).toBe('Slack-Benachrichtigungen sind eingerichtet');
  expect(JSON.stringify(dm.blocks)).toContain(
    '*User de* hat Ihnen diese Testnachricht aus PlusPlus gesendet.',
  );
  expect(JSON.stringify(dm.blocks)).toContain('Um PlusPlus-Benachrichtigungen in Slack abzubestellen');
});

it('edits a German DM in German when its event moves: the Updated line and the thread reply', async () => {
  const res = await env.t.call('POST', `${T}/notifications`, {
    idempotency_key: 'de-move',
    type: 'invite',
    recipient_user_ids: ['u-de'],
    content: { id: 'evt-move', title: 'Data 103', starts_at: '2026-12-01T15:00:00Z', location: 'Raum 4' },
  });
  const id = res.body.notification_id;
  await until(async () => {
    const s = await env.t.call('GET', `${T}/notifications/${id}`);
    return s.body.deliveries[0].status === 'sent' ? s.body.deliveries[0] : undefined;
  }, 'the first DM');
  const moved = await env.t.call('PATCH', `${T}/notifications/${id}`, {
    change_key: 'move-1',
    content: { id: 'evt-move', title: 'Data 103', starts_at: '2026-12-03T15:00:00Z', location: 'Raum 7' },
  });
  expect(moved.status).toBe(202);
  await until(async () => {
    const s = await env.t.call('GET', `${T}/notifications/${id}`);
    return s.body.deliveries[0].revision_status === 'updated' ? true : undefined;
  }, 'the edit');
  const dms = env.sb.messages({ teamId, user: who.de.id });
  const edited = dms.find((m) => JSON.stringify(m.blocks).includes('Data 103') && !m.threadTs)!;
  const blocks = JSON.stringify(edited.blocks);
  expect(blocks).toContain(
    '*Aktualisiert:* Geändert hat sich: Zeit und Ort. Bisher: Di., 1. Dez. 2026, 16:00 MEZ.',
  );
  expect(blocks).toContain('Bisheriger Ort: Raum 4.');
  expect(blocks).toContain('Do., 3. Dez. 2026, 16:00 MEZ');
  const reply = dms.find((m) => m.threadTs === edited.ts)!;
  expect(reply.text).toBe(
    'Aktualisierung: Bei *Data 103* hat sich Folgendes geändert: Zeit und Ort. Jetzt: Do., 3. Dez. 2026, 16:00 MEZ. Ort: Raum 7. Die Details stehen in der Nachricht oben.',
  );
});

it('a member the directory has not seen is read with users.info include_locale, once, and spoken to in Japanese', async () => {
  // Joined after the sync: team_join, like every event, carries no locale; the language comes
  // from one users.info call with include_locale, and is stored.
  const late = env.sb.addMember(teamId, {
    firstName: 'Kenji',
    lastName: 'Sato',
    locale: 'ja-JP',
    tz: 'Asia/Tokyo',
  });
  const joined = env.sb.memberJson(teamId, late.id) as Record<string, unknown>;
  expect(joined).not.toHaveProperty('locale');
  expect((await env.driver.event(teamId, { type: 'team_join', user: joined })).status).toBe(200);
  await env.t.call('PUT', `${T}/users/u-late`, { email: late.email, name: 'Kenji Sato' });
  const before = env.sb.calls({ method: 'users.info', teamId }).length;
  // The event is handled after its ack: retry until the directory has the newcomer.
  const test = await until(async () => {
    const r = await env.t.call('POST', `${T}/users/u-late/test-slack`, { actor_user_id: 'u-late' });
    return r.body.outcome === 'matched' ? r : undefined;
  }, 'the newcomer matched');
  expect(test.body).toMatchObject({ outcome: 'matched', test_message: { sent: true } });
  const dm = env.sb.messages({ teamId, user: late.id }).at(-1)!;
  expect(dm.text).toBe('Slack 通知の設定が完了しました');
  expect(JSON.stringify(dm.blocks)).toContain('Slack での PlusPlus 通知を停止するには');
  expect(env.sb.calls({ method: 'users.info', teamId }).length - before).toBe(1);
  // Stored with its locale: the next message asks Slack nothing.
  const res = await env.t.call('POST', `${T}/notifications`, {
    idempotency_key: 'late-1',
    type: 'reminder',
    recipient_user_ids: ['u-late'],
    content: { id: 'evt-late', title: 'Data 104', starts_at: '2026-12-01T15:00:00Z' },
  });
  await until(async () => {
    const s = await env.t.call('GET', `${T}/notifications/${res.body.notification_id}`);
    return s.body.deliveries[0].status === 'sent' ? true : undefined;
  }, 'the reminder');
  const reminder = JSON.stringify(env.sb.messages({ teamId, user: late.id }).at(-1)!.blocks);
  expect(reminder).toContain('*Data 104* は 2026年12月2日(水) 0:00 JST に始まります。');
  expect(env.sb.calls({ method: 'users.info', teamId }).length - before).toBe(1);
});

describe('templates per language', () => {
  const variant = {
    header: 'Einladung von Acme',
    body: 'Hallo {{recipient.name}}, *{{content.title}}* wartet auf Sie.{{#when}} Termin: {{when}}{{/when}}',
    context: 'Acme lädt Sie über PlusPlus ein.',
  };

  it("a tenant's de-DE version wins over the default for a de-DE member, and nobody else gets it", async () => {
    const put = await env.t.call('PUT', `${T}/templates/invite/locales/de-de`, variant);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ locale: 'de-DE', template: variant });
    const detail = await env.t.call('GET', `${T}/templates/invite`);
    expect(detail.body.locale_variants).toEqual([
      expect.objectContaining({ locale: 'de-DE', template: variant }),
    ]);

    const de = await dmOf('de', 'de-2');
    expect(de.blocks).toContain('Einladung von Acme');
    expect(de.blocks).toContain(
      'Hallo User de, *Data 101* wartet auf Sie. Termin: Di., 1. Dez. 2026, 16:00 MEZ',
    );
    // The app's own line is still added, in the member's language.
    expect(de.blocks).toContain('Um PlusPlus-Benachrichtigungen in Slack abzubestellen');
    const ja = await dmOf('ja', 'ja-2');
    expect(ja.blocks).not.toContain('Einladung von Acme');
    expect(ja.blocks).toContain('招待が届きました');
    expect(ja.blocks).toContain('2026年12月2日(水) 0:00 JST');
  });

  it('previews in any locale: the variant, or the default in that language, with its opt-out line', async () => {
    const content = { id: 'evt-p', title: 'Data 102', starts_at: '2026-12-08T15:00:00Z' };
    const de = await env.t.call('POST', `${T}/templates/invite/preview`, { locale: 'de-DE', content });
    expect(de.status).toBe(200);
    expect(de.body.source).toBe('locale');
    expect(JSON.stringify(de.body.blocks)).toContain('wartet auf Sie');
    expect(JSON.stringify(de.body.blocks)).toContain('Um PlusPlus-Benachrichtigungen');
    const fr = await env.t.call('POST', `${T}/templates/invite/preview`, {
      locale: 'fr-FR',
      time_zone: 'Europe/Paris',
      content,
    });
    expect(fr.body.source).toBe('default');
    expect(fr.body.template.header).toBe('Vous êtes invité');
    expect(JSON.stringify(fr.body.blocks)).toContain('mar. 8 déc. 2026, 16:00');
    expect(JSON.stringify(fr.body.blocks)).toContain('Pour ne plus recevoir les notifications PlusPlus');
    const en = await env.t.call('POST', `${T}/templates/invite/preview`, { content });
    expect(en.body.template.header).toBe("You're invited");
    const bad = await env.t.call('POST', `${T}/templates/invite/preview`, { locale: 'nope nope', content });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ error: 'invalid_request', field: 'locale' });
  });

  it('refuses a bad locale or template, and deletes a variant', async () => {
    const badLocale = await env.t.call('PUT', `${T}/templates/invite/locales/xx-YY`, variant);
    expect(badLocale.status).toBe(422);
    expect(badLocale.body).toMatchObject({ error: 'invalid_request', field: 'locale' });
    const badTemplate = await env.t.call('PUT', `${T}/templates/invite/locales/fr-FR`, { body: '{{#oops}}' });
    expect(badTemplate.status).toBe(422);
    expect(badTemplate.body.error).toBe('invalid_template');
    expect((await env.t.call('DELETE', `${T}/templates/invite/locales/de-DE`)).status).toBe(204);
    expect((await env.t.call('DELETE', `${T}/templates/invite/locales/de-DE`)).status).toBe(404);
    expect((await env.t.call('GET', `${T}/templates/invite`)).body.locale_variants).toEqual([]);
  });
});
