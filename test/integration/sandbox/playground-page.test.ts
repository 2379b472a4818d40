/**
 * The playground's Slack side (src/sandbox/page), against a recording stand-in for an app: what the
 * page sends is checked as Slack would send it (signature, payload shapes for every element kind,
 * the slash command's response_url), and the app's answers are applied as Slack applies them
 * (`response_action` errors / update / push, response_url posts with replace_original, expiry of
 * uses). The real app's walk through the page is test/browser/playground.browser.test.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebClient } from '@slack/web-api';
import { type Sandbox, type SandboxApp, type SandboxWorkspace, startSandbox } from '../../../src/sandbox';
import { slackSignature } from '../../../src/sandbox/driver';
import { APP_SCOPES, client } from './setup';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  raw: string;
  /** The form (commands), `payload` parsed (interactions), or the JSON (events). */
  body: Record<string, unknown>;
}

const SIGNING_SECRET = 'playground-test-signing-secret';
let sb: Sandbox;
let sbApp: SandboxApp;
let ws: SandboxWorkspace;
let web: WebClient;
let fakeApp: Server;
const received: Received[] = [];
/** What the stand-in answers next (default: an empty 200 ack). */
const answers: Array<{ status: number; body: unknown }> = [];
let user: string;

const OPTIONS = [
  { text: { type: 'plain_text' as const, text: 'Red' }, value: 'red' },
  { text: { type: 'plain_text' as const, text: 'Blue' }, value: 'blue' },
];

function modal(title = 'Pick') {
  return {
    type: 'modal' as const,
    callback_id: 'pick',
    private_metadata: 'meta-1',
    title: { type: 'plain_text' as const, text: title },
    submit: { type: 'plain_text' as const, text: 'Save' },
    blocks: [
      {
        type: 'input',
        block_id: 'name',
        label: { type: 'plain_text', text: 'Name' },
        element: { type: 'plain_text_input', action_id: 'v' },
      },
      {
        type: 'input',
        block_id: 'color',
        label: { type: 'plain_text', text: 'Color' },
        element: { type: 'static_select', action_id: 'v', options: OPTIONS },
      },
      {
        type: 'input',
        block_id: 'many',
        label: { type: 'plain_text', text: 'Many' },
        element: { type: 'checkboxes', action_id: 'v', options: OPTIONS },
      },
      {
        type: 'input',
        block_id: 'one',
        optional: true,
        label: { type: 'plain_text', text: 'One' },
        element: { type: 'radio_buttons', action_id: 'v', options: OPTIONS },
      },
      {
        type: 'input',
        block_id: 'who',
        label: { type: 'plain_text', text: 'Who' },
        element: { type: 'users_select', action_id: 'v' },
      },
    ],
  };
}

async function act(fields: Record<string, string | string[]>): Promise<Response> {
  const form = new URLSearchParams({ team: ws.id, user });
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) form.append(k, x);
  return fetch(`${sb.url}/_sandbox/ui/action`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
}

const page = async () => (await fetch(`${sb.url}/_sandbox/ui?team=${ws.id}&user=${user}`)).text();
const last = () => received[received.length - 1]!;

beforeAll(async () => {
  fakeApp = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const type = String(req.headers['content-type']);
      let body: Record<string, unknown>;
      if (type.includes('json')) body = JSON.parse(raw);
      else {
        const form = Object.fromEntries(new URLSearchParams(raw));
        body = form.payload ? JSON.parse(form.payload) : form;
      }
      received.push({ headers: req.headers, raw, body });
      const answer = answers.shift() ?? { status: 200, body: '' };
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, {
        'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json',
      });
      res.end(text);
    });
  });
  await new Promise<void>((r) => fakeApp.listen(0, '127.0.0.1', r));
  const appUrl = `http://127.0.0.1:${(fakeApp.address() as AddressInfo).port}`;
  sb = await startSandbox();
  sbApp = sb.createApp({
    signingSecret: SIGNING_SECRET,
    redirectUris: [`${appUrl}/slack/oauth_redirect`],
    eventsUrl: `${appUrl}/slack/events`,
  });
  ws = sb.createWorkspace({ members: 12, seed: 3 });
  const issued = sb.installApp(ws.id, sbApp.clientId, APP_SCOPES);
  web = client(sb, issued.accessToken);
  user = ws.members.find((m) => !m.isBot && !m.deleted && m.id !== 'USLACKBOT' && m.email)!.id;
});
afterAll(async () => {
  await sb?.stop();
  await new Promise((r) => fakeApp?.close(r));
});
beforeEach(() => {
  received.length = 0;
  answers.length = 0;
});

describe('the playground page', () => {
  it('lists the members, marking who installed the app', async () => {
    const html = await (await fetch(`${sb.url}/_sandbox/ui?team=${ws.id}`)).text();
    const installer = sb.state.install(ws.id, sbApp.clientId)!.installerUserId;
    expect(html).toMatch(new RegExp(`${installer}[^<]*<span class="tag">installed the app`));
    expect(html).toContain(`user=${user}`);
  });

  it('opens App Home: a signed app_home_opened, as Slack sends it', async () => {
    expect((await act({ open: 'home' })).status).toBe(303);
    const r = last();
    const ts = String(r.headers['x-slack-request-timestamp']);
    expect(r.headers['x-slack-signature']).toBe(slackSignature(SIGNING_SECRET, Number(ts), r.raw));
    expect(r.body).toMatchObject({
      type: 'event_callback',
      team_id: ws.id,
      api_app_id: sbApp.appId,
      event: { type: 'app_home_opened', user, tab: 'home' },
    });
    expect(String((r.body.event as { channel: string }).channel)).toMatch(/^D/);
  });

  it('a select in App Home acts at once: block_actions with the chosen option', async () => {
    await web.views.publish({
      user_id: user,
      view: {
        type: 'home',
        blocks: [
          {
            type: 'actions',
            block_id: 'pick',
            elements: [{ type: 'static_select', action_id: 'color', options: OPTIONS }],
          },
        ],
      },
    });
    const html = await page();
    expect(html).toContain('data-menu=');
    const viewId = /id="home" data-view-id="([^"]+)"/.exec(html)![1]!;
    await act({
      surface: 'home',
      view_id: viewId,
      menu: JSON.stringify({ action_id: 'color', block_id: 'pick', type: 'static_select' }),
      'input:pick:color': 'blue',
    });
    expect(last().body).toMatchObject({
      type: 'block_actions',
      container: { type: 'view', view_id: viewId },
      actions: [
        { action_id: 'color', block_id: 'pick', type: 'static_select', selected_option: { value: 'blue' } },
      ],
    });
  });

  it('submits a modal with every element kind in view.state.values, and applies errors, update and push', async () => {
    const trigger = sb.issueTriggerId({ teamId: ws.id, userId: user, clientId: sbApp.clientId });
    const opened = await web.views.open({ trigger_id: trigger, view: modal() });
    const viewId = opened.view!.id!;
    const html = await page();
    expect(html).toContain('type="checkbox" name="input:many:v" value="red"');
    expect(html).toContain('<select id="input:color:v"');
    const values = {
      surface: 'modal',
      view_id: viewId,
      submit: '1',
      'input:name:v': 'Ada',
      'input:color:v': 'red',
      'input:many:v': ['red', 'blue'],
      'input:who:v': user,
    };

    answers.push({ status: 200, body: { response_action: 'errors', errors: { name: 'Too short' } } });
    await act(values);
    const submitted = last().body as {
      type: string;
      view: { id: string; callback_id: string; private_metadata: string; state: { values: unknown } };
    };
    expect(submitted.type).toBe('view_submission');
    expect(submitted.view).toMatchObject({ id: viewId, callback_id: 'pick', private_metadata: 'meta-1' });
    expect(submitted.view.state.values).toEqual({
      name: { v: { type: 'plain_text_input', value: 'Ada' } },
      color: { v: { type: 'static_select', selected_option: OPTIONS[0] } },
      many: { v: { type: 'checkboxes', selected_options: OPTIONS } },
      one: { v: { type: 'radio_buttons', selected_option: null } },
      who: { v: { type: 'users_select', selected_user: user } },
    });
    expect(await page()).toContain('role="alert">Too short');

    answers.push({ status: 200, body: { response_action: 'update', view: modal('Updated') } });
    await act(values);
    expect(sb.modals(ws.id, user)).toHaveLength(1);
    expect(sb.modals(ws.id, user)[0]).toMatchObject({ title: { text: 'Updated' } });

    answers.push({ status: 200, body: { response_action: 'push', view: modal('Second') } });
    await act(values);
    expect(sb.modals(ws.id, user).map((v) => (v.title as { text: string }).text)).toEqual([
      'Updated',
      'Second',
    ]);

    await act({ ...values, view_id: String(sb.modals(ws.id, user)[1]!.id) }); // plain ack: the top one closes
    expect(sb.modals(ws.id, user)).toHaveLength(1);
    answers.push({ status: 500, body: 'boom' });
    await act(values);
    expect(await page()).toContain('The app answered HTTP 500');
    await act({ surface: 'modal', view_id: viewId, close: '1' });
    expect(sb.modals(ws.id, user)).toHaveLength(0);
  });

  it('types a slash command: signed, with a trigger id and a response_url the sandbox serves', async () => {
    answers.push({ status: 200, body: { text: 'ack text' } });
    await act({ slash: '1', command: '/plusplus', text: 'status' });
    const cmd = last().body as Record<string, string>;
    expect(cmd).toMatchObject({
      command: '/plusplus',
      text: 'status',
      user_id: user,
      team_id: ws.id,
      channel_name: 'directmessage',
    });
    expect(cmd.channel_id).toMatch(/^D/);
    expect(cmd.response_url).toMatch(new RegExp(`^${sb.url}/_sandbox/ui/response/[0-9a-f]{24}$`));
    expect(sb.state.views.trigger(cmd.trigger_id!)).toBeDefined();

    const post = (body: unknown) =>
      fetch(cmd.response_url!, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(await (await post({ text: 'later answer' })).json()).toEqual({ ok: true });
    const mine = sb.messages({ teamId: ws.id, user });
    expect(mine.map((m) => [m.text, m.ephemeralTo])).toEqual(
      expect.arrayContaining([
        ['ack text', user],
        ['later answer', user],
      ]),
    );
    expect(await page()).toContain('only visible to you');
    for (let i = 0; i < 4; i++) await post({ text: `again ${i}` });
    expect(await (await post({ text: 'one too many' })).json()).toEqual({ ok: false, error: 'used_url' });
    const unknown = await fetch(`${sb.url}/_sandbox/ui/response/${'0'.repeat(24)}`, {
      method: 'POST',
      body: '{}',
    });
    expect(unknown.status).toBe(404);
    const bad = await fetch(`${sb.url}/_sandbox/ui/action`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `team=${ws.id}&user=UNOBODY1&open=home`,
    });
    expect(bad.status).toBe(404);
  });

  it('a button in a message gets a response_url; replace_original edits that message', async () => {
    const posted = await web.chat.postMessage({
      channel: user,
      text: 'question',
      blocks: [
        {
          type: 'actions',
          block_id: 'q',
          elements: [
            { type: 'button', action_id: 'yes', value: 'y', text: { type: 'plain_text', text: 'Yes' } },
          ],
        },
      ],
    });
    await act({
      surface: 'message',
      channel: posted.channel!,
      ts: posted.ts!,
      action: JSON.stringify({ action_id: 'yes', block_id: 'q', value: 'y' }),
    });
    const dm = posted.channel!;
    const payload = last().body as { container: unknown; response_url: string };
    expect(payload.container).toMatchObject({ type: 'message', channel_id: dm, message_ts: posted.ts });
    await fetch(payload.response_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ replace_original: true, text: 'answered' }),
    });
    const msg = sb.messages({ channel: dm }).find((m) => m.ts === posted.ts);
    expect(msg).toMatchObject({ text: 'answered', blocks: null });
  });
});
