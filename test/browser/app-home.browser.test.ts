/**
 * App Home as a person sees it, without Slack: the whole app against the sandbox, the sandbox's
 * HTML page (`GET /_sandbox/ui`) rendered by headless Chromium, and clicks going through the same
 * `POST /_sandbox/ui/action` the page's buttons post to, which sends the app a signed block_actions.
 *
 * Needs /usr/bin/chromium (Debian package `chromium`; CHROMIUM_PATH overrides). Without it the
 * tests are skipped with a message. Screenshots go to a temporary directory, or to
 * docs/screenshots with UPDATE_SCREENSHOTS=1.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HomeAction } from '../../views/ids';
import { RETURN_URL, type SandboxEnv, startSandboxEnv } from '../support/sandbox-env';
import { CHROMIUM, dumpDom, haveChromium, screenshot } from './chromium';

const available = haveChromium();
if (!available) {
  console.warn(
    `SKIPPED test/browser: ${CHROMIUM} not found (apt-get install -y chromium, or set CHROMIUM_PATH)`,
  );
}
const suite = available ? describe : describe.skip;
const T = '/internal/v1/tenants/browser';
const SHOTS = process.env.UPDATE_SCREENSHOTS
  ? join(__dirname, '../../docs/screenshots')
  : mkdtempSync(join(tmpdir(), 'pp-shots-'));

let env: SandboxEnv;
let teamId: string;
let admin: string;
let member: string;

const pageUrl = (user: string) =>
  `${env.sb.url}/_sandbox/ui?team=${encodeURIComponent(teamId)}&user=${encodeURIComponent(user)}`;

const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The form a button sits in, read from the DOM as the browser would submit it. */
function formFor(dom: string, actionId: string): URLSearchParams {
  const forms = dom.match(/<form[\s\S]*?<\/form>/g) ?? [];
  const form = forms.find((f) => f.includes(`data-action-id="${actionId}"`));
  if (!form) throw new Error(`no button ${actionId} on the page`);
  const params = new URLSearchParams();
  for (const input of form.match(/<input\b[^>]*>/g) ?? []) {
    const name = /\bname="([^"]*)"/.exec(input)?.[1];
    const value = /\bvalue="([^"]*)"/.exec(input)?.[1] ?? '';
    if (name) params.append(unescapeHtml(name), unescapeHtml(value));
  }
  const button = (form.match(/<button\b[^>]*>/g) ?? []).find((b) =>
    b.includes(`data-action-id="${actionId}"`),
  )!;
  const name = /\bname="([^"]*)"/.exec(button)![1]!;
  params.append(name, unescapeHtml(/\bvalue="([^"]*)"/.exec(button)?.[1] ?? ''));
  return params;
}

/** A click: post the button's form like the browser does, follow the 303 back to the page. */
async function click(dom: string, actionId: string): Promise<void> {
  const res = await fetch(`${env.sb.url}/_sandbox/ui/action`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: formFor(dom, actionId).toString(),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toContain('/_sandbox/ui?team=');
}

async function openHome(user: string): Promise<void> {
  const res = await env.driver.event(teamId, {
    type: 'app_home_opened',
    user,
    channel: `D${user.slice(1)}`,
    tab: 'home',
  });
  expect(res.status).toBe(200);
  const end = Date.now() + 10_000;
  while (!env.sb.homeView(teamId, user)) {
    if (Date.now() > end) throw new Error('no home view published');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function pngSize(file: string): { width: number; height: number; bytes: number } {
  const png = readFileSync(file);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bytes: png.length };
}

suite('App Home in a browser (sandbox page, headless Chromium)', () => {
  beforeAll(async () => {
    env = await startSandboxEnv();
    const ws = env.sb.createWorkspace({ name: 'Acme <Learning> & Co', members: 20, seed: 11 });
    teamId = ws.id;
    env.sb.setDefaultWorkspace(ws.id);
    const link = await env.t.call('POST', `${T}/slack/connect`, { return_url: RETURN_URL });
    expect((await env.browser.visit(link.body.authorize_url)).location).toBe(`${RETURN_URL}?slack=connected`);
    admin = (await env.t.call('GET', `${T}/slack`)).body.installed_by;
    const people = ws.members.filter(
      (x) => !x.deleted && !x.isBot && !x.isAppUser && x.email && x.id !== 'USLACKBOT' && x.id !== admin,
    );
    member = people[0]!.id;
    const adminEmail = ws.member(admin)!.email!;
    await env.t.call('PUT', `${T}/users/ada`, { email: adminEmail, name: 'Ada Admin', is_admin: true });
    await env.t.call('PUT', `${T}/users/mia`, { email: people[0]!.email, name: 'Mia <i>Member</i>' });
    for (const [i, p] of people.slice(1, 6).entries())
      await env.t.call('PUT', `${T}/users/u${i}`, { email: p.email, name: `Learner ${i}` });
    for (let i = 0; i < 4; i++)
      await env.t.call('PUT', `${T}/users/x${i}`, { email: `nobody${i}@example.org` });
    mkdirSync(SHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await env?.stop();
  });

  it('shows the member home; the switch flips through a click on the page', async () => {
    await openHome(member);
    const before = await dumpDom(pageUrl(member));
    expect(before).toContain('<b>Receive Slack notifications:</b> On');
    expect(before).toContain('Mia &lt;i&gt;Member&lt;/i&gt;');
    expect(before).not.toContain('<i>Member</i>');
    expect(before).not.toContain('Admin: connection');
    expect(before).toContain('href="https://plusplus.co/privacy"');

    await click(before, HomeAction.MyNotifications);
    const after = await dumpDom(pageUrl(member));
    expect(after).toContain('<b>Receive Slack notifications:</b> Off');
    expect(after).toContain('Muted: PlusPlus notifications reach you by email only.');
    expect((await env.t.call('GET', `${T}/users/mia`)).body.receive_slack_notifications).toBe(false);

    await click(after, HomeAction.MyNotifications);
    const on = await dumpDom(pageUrl(member));
    expect(on).toContain('<b>Receive Slack notifications:</b> On');
    await click(on, HomeAction.TestMe);
    const tested = await dumpDom(pageUrl(member));
    expect(tested).toContain('Test message sent');
    expect(tested).not.toContain('id="messages-empty"');

    const file = join(SHOTS, 'app-home-member.png');
    await screenshot(pageUrl(member), file);
    const png = pngSize(file);
    expect(png).toMatchObject({ width: 1200, height: 1600 });
    expect(png.bytes).toBeGreaterThan(20_000);
  });

  it('shows the admin home, opens the mapping modal from the page, and closes it', async () => {
    await openHome(admin);
    const dom = await dumpDom(pageUrl(admin));
    expect(dom).toContain('Admin: connection');
    expect(dom).toContain('Acme &lt;Learning&gt; &amp; Co');
    expect(dom).toContain(`data-action-id="${HomeAction.TenantNotifications}"`);
    expect(dom).toMatch(/class="btn btn-primary"[^>]*data-action-id="home.tenant_notifications"/);

    const file = join(SHOTS, 'app-home-admin.png');
    await screenshot(pageUrl(admin), file);
    expect(pngSize(file)).toMatchObject({ width: 1200, height: 1600 });

    await click(dom, HomeAction.TenantNotifications);
    const switched = await dumpDom(pageUrl(admin));
    expect(switched).toContain('<b>Allow PlusPlus to send Slack notifications:</b> On');

    await click(switched, HomeAction.EditMapping);
    const withModal = await dumpDom(pageUrl(admin));
    expect(withModal).toContain('class="surface modal"');
    expect(withModal).toMatch(
      /<input id="input:mapping\.plusplus:value" name="input:mapping\.plusplus:value" value="email"/,
    );
    await click(withModal, 'close');
    expect(await dumpDom(pageUrl(admin))).not.toContain('class="surface modal"');
  });
});
