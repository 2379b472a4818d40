/**
 * The playground walked in a real browser (issue 19 item 7): headless Chromium clicks and types in
 * the sandbox page (`/_sandbox/ui`), whose forms make the sandbox send the app signed Slack
 * requests. The admin opens App Home, changes the user matching through its modal (a bad
 * expression first: Slack's inline error, then a good one), and a member types `/plusplus test`
 * and sees the test DM and the command's ephemeral answer.
 *
 * Needs /usr/bin/chromium (Debian package `chromium`; CHROMIUM_PATH overrides); skipped without it.
 */
import { HomeAction, MappingBlock } from '../../views/ids';
import { RETURN_URL, type SandboxEnv, startSandboxEnv } from '../support/sandbox-env';
import { CdpPage } from './cdp';
import { CHROMIUM, haveChromium } from './chromium';

const available = haveChromium();
if (!available)
  console.warn(`SKIPPED playground browser test: ${CHROMIUM} not found (apt-get install -y chromium)`);
const suite = available ? describe : describe.skip;
const T = '/internal/v1/tenants/playground';

let env: SandboxEnv;
let page: CdpPage;
let teamId: string;
let admin: string;
let member: string;

const pageUrl = (user: string) => `${env.sb.url}/_sandbox/ui?team=${teamId}&user=${user}`;
const input = (block: string) => `[name="input:${block}:value"]`;

suite('the playground in a browser', () => {
  beforeAll(async () => {
    env = await startSandboxEnv();
    const ws = env.sb.createWorkspace({ name: 'Playground', members: 12, seed: 5 });
    teamId = ws.id;
    env.sb.setDefaultWorkspace(ws.id);
    const link = await env.t.call('POST', `${T}/slack/connect`, { return_url: RETURN_URL });
    await env.browser.visit(link.body.authorize_url);
    admin = (await env.t.call('GET', `${T}/slack`)).body.installed_by;
    const person = ws.members.find(
      (x) => !x.deleted && !x.isBot && !x.isAppUser && x.email && x.id !== 'USLACKBOT' && x.id !== admin,
    )!;
    member = person.id;
    await env.t.call('PUT', `${T}/users/ada`, {
      email: ws.member(admin)!.email,
      name: 'Ada Admin',
      is_admin: true,
    });
    await env.t.call('PUT', `${T}/users/mia`, { email: person.email, name: 'Mia Member' });
    page = await CdpPage.launch();
  }, 120_000);
  afterAll(async () => {
    await page?.close();
    await env?.stop();
  });

  it('the admin opens Home and changes the mapping through the modal', async () => {
    await page.goto(pageUrl(admin));
    await page.click('#open-home');
    await page.waitFor(
      `document.querySelector('#home') && document.body.innerText.includes('Admin: connection')`,
    );

    await page.click(`[data-action-id="${HomeAction.EditMapping}"]`);
    await page.waitFor(`document.querySelector('.surface.modal')`);
    expect(await page.eval(`document.querySelector('${input(MappingBlock.PlusPlus)}').value`)).toBe('email');

    // A bad expression: the modal stays, with Slack's inline error under the field.
    await page.type(input(MappingBlock.PlusPlus), 'email[');
    await page.click('.surface.modal [name="submit"]');
    await page.waitFor(`document.querySelector('.surface.modal .error')`);
    expect(
      await page.eval(
        `document.querySelector('.surface.modal .error').closest('[data-block-id]').dataset.blockId`,
      ),
    ).toBe(MappingBlock.PlusPlus);

    await page.type(input(MappingBlock.PlusPlus), 'metadata.slack_email || email');
    await page.click('.surface.modal [name="submit"]');
    await page.waitFor(`!document.querySelector('.surface.modal')`);
    const settings = (await env.t.call('GET', `${T}/slack`)).body.settings;
    expect(settings.plusplus_user_attribute).toBe('metadata.slack_email || email');
  });

  it('a member types /plusplus test and sees the DM', async () => {
    await page.goto(pageUrl(member));
    await page.type('#command-text', 'test');
    await page.click('#command-send');
    // The test DM, then (through the sandbox's response_url) the ephemeral answer; page.js reloads.
    await page.waitFor(`document.body.innerText.includes('Slack notifications are set up')`);
    await page.waitFor(`document.body.innerText.includes('only visible to you')`);
    const dm = env.sb.messages({ teamId, user: member, ephemeral: false });
    expect(dm.map((m) => m.text).join('\n')).toContain('Slack notifications are set up');
  });
});
