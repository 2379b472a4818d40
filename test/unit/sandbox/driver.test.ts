/**
 * The driver's requests must be indistinguishable from Slack's for a real Bolt app: they pass Bolt's
 * own signature verification (ExpressReceiver), parse into the bodies Bolt hands to listeners, and
 * mis-signed ones are refused. Payload shapes are checked against Slack's recordings in
 * test/fixtures/slack-payloads/bolt-python.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import { ResponseUrlCollector, SlackDriver } from '../../../src/sandbox/driver';
import { fixturePath } from '../../support/fixtures';

const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
const boltFixture = (name: string) =>
  readFileSync(fixturePath('slack-payloads', 'bolt-python', name), 'utf8');
const jsonFixture = (name: string) => JSON.parse(boltFixture(name)) as Record<string, unknown>;

/** What the Bolt listeners saw, so tests can assert on Bolt's view of each request. */
interface Seen {
  commands: Array<Record<string, unknown>>;
  events: Array<{ body: Record<string, unknown>; retryNum?: number; retryReason?: string }>;
  actions: Array<Record<string, unknown>>;
  views: Array<Record<string, unknown>>;
}

let server: Server;
let collector: ResponseUrlCollector;
let driver: SlackDriver;
const seen: Seen = { commands: [], events: [], actions: [], views: [] };

beforeAll(async () => {
  const receiver = new ExpressReceiver({
    signingSecret: SIGNING_SECRET,
    endpoints: '/slack/events',
    processBeforeResponse: true,
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    receiver,
    logLevel: LogLevel.ERROR,
    // No Slack calls: a fixed authorization instead of auth.test / an installation store.
    authorize: async () => ({ botToken: 'xoxb-test', botId: 'B0PLUSPLUS', botUserId: 'U0PLUSPLUS' }),
  });
  app.command('/plusplus', async ({ ack, command, respond }) => {
    seen.commands.push(command as unknown as Record<string, unknown>);
    await ack(`You said: ${command.text}`);
    await respond({ response_type: 'ephemeral', text: `Later answer for ${command.user_id}` });
  });
  app.event('app_home_opened', async ({ body, context }) => {
    seen.events.push({
      body: body as unknown as Record<string, unknown>,
      retryNum: context.retryNum,
      retryReason: context.retryReason,
    });
  });
  app.action('a', async ({ ack, body }) => {
    seen.actions.push(body as unknown as Record<string, unknown>);
    await ack();
  });
  app.view('view-id', async ({ ack, view }) => {
    seen.views.push(view as unknown as Record<string, unknown>);
    await ack({ response_action: 'errors', errors: { hspI: 'Checked by the app' } });
  });
  server = receiver.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  collector = await ResponseUrlCollector.start();
  const { port } = server.address() as AddressInfo;
  driver = new SlackDriver({
    appUrl: `http://127.0.0.1:${port}`,
    signingSecret: SIGNING_SECRET,
    responseUrls: collector,
  });
});

afterAll(async () => {
  await collector?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

describe('slash commands', () => {
  it('are accepted by Bolt, answered in the ack, and carry every key Slack sends', async () => {
    const res = await driver.slashCommand({
      team_id: 'T111',
      user_id: 'W111',
      command: '/plusplus',
      text: 'status',
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe('You said: status');
    expect(res.ms).toBeGreaterThan(0);

    const template = new URLSearchParams(
      boltFixture('test_slash_command__slash_command_body.x-www-form-urlencoded.txt'),
    );
    const enterpriseOnly = ['enterprise_id', 'enterprise_name'];
    const command = seen.commands.at(-1)!;
    for (const key of template.keys()) if (!enterpriseOnly.includes(key)) expect(command).toHaveProperty(key);
    expect(command).toMatchObject({
      team_id: 'T111',
      user_id: 'W111',
      command: '/plusplus',
      text: 'status',
      api_app_id: 'A0PLUSPLUS',
    });
    expect(String(command.trigger_id)).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);
  });

  it('sends enterprise keys only when given, like Slack', async () => {
    await driver.slashCommand({
      team_id: 'T111',
      enterprise_id: 'E111',
      enterprise_name: 'Org Name',
      user_id: 'W111',
      command: '/plusplus',
      text: 'help',
    });
    const template = new URLSearchParams(
      boltFixture('test_slash_command__slash_command_body.x-www-form-urlencoded.txt'),
    );
    expect(Object.keys(seen.commands.at(-1)!).sort()).toEqual(
      expect.arrayContaining([...template.keys()].sort()),
    );
  });

  it('hands out response_urls whose posts the collector records', async () => {
    await driver.slashCommand({ team_id: 'T111', user_id: 'W222', command: '/plusplus', text: 'test' });
    const posted = await collector.waitFor((r) => JSON.stringify(r.body).includes('W222'));
    expect(posted.body).toEqual({ response_type: 'ephemeral', text: 'Later answer for W222' });
  });
});

describe('signature checks (Bolt refuses what Slack would never send)', () => {
  /** Slack's recorded body, pointed at our command and at a response_url we serve. */
  const body = () => {
    const form = new URLSearchParams(
      boltFixture('test_slash_command__slash_command_body.x-www-form-urlencoded.txt'),
    );
    form.set('command', '/plusplus');
    form.set('response_url', collector.newUrl());
    return form.toString();
  };

  it('accepts the fixture body when signed correctly', async () => {
    expect((await driver.raw(body())).status).toBe(200);
  });

  it('rejects a body changed after signing with 401', async () => {
    expect((await driver.raw(body(), {}, { tamper: true })).status).toBe(401);
  });

  it('rejects a timestamp 6 minutes old with 401, even when the signature matches it', async () => {
    expect((await driver.raw(body(), {}, { timestampOffsetSec: -360 })).status).toBe(401);
  });

  it('rejects a wrong or missing signature with 401', async () => {
    expect((await driver.raw(body(), {}, { signatureOverride: `v0=${'0'.repeat(64)}` })).status).toBe(401);
    expect((await driver.raw(body(), {}, { unsigned: true })).status).toBe(401);
  });

  it('rejects a driver with the wrong secret', async () => {
    const port = (server.address() as AddressInfo).port;
    const wrong = new SlackDriver({ appUrl: `http://127.0.0.1:${port}`, signingSecret: 'not-the-secret' });
    expect((await wrong.urlVerification('x')).status).toBe(401);
  });
});

describe('events', () => {
  it('answers url_verification with the challenge', async () => {
    const { challenge } = jsonFixture('test_events_url_verification__event_body.json') as {
      challenge: string;
    };
    const res = await driver.urlVerification(challenge);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ challenge });
  });

  it('delivers an event_callback in the envelope Slack uses', async () => {
    const template = jsonFixture('test_events_org_apps__test_app_home_opened.json');
    const res = await driver.event('T111', template.event as object, { eventId: 'Ev0001' });
    expect(res.status).toBe(200);
    const { body, retryNum } = seen.events.at(-1)!;
    for (const key of Object.keys(template)) if (key !== 'enterprise_id') expect(body).toHaveProperty(key);
    expect(body).toMatchObject({
      type: 'event_callback',
      team_id: 'T111',
      event_id: 'Ev0001',
      event: template.event,
    });
    expect(retryNum).toBeUndefined();
  });

  it('sets the retry headers, which Bolt exposes as context.retryNum / retryReason', async () => {
    const res = await driver.event(
      'T111',
      { type: 'app_home_opened', user: 'W111', channel: 'D111', tab: 'home' },
      { retryNum: 2, retryReason: 'http_timeout', eventId: 'Ev0001' },
    );
    expect(res.status).toBe(200);
    const last = seen.events.at(-1)!;
    expect(last).toMatchObject({ retryNum: 2, retryReason: 'http_timeout' });
    expect(last.body.event_id).toBe('Ev0001');
  });
});

describe('interactivity', () => {
  it('sends block_actions shaped like Slack’s payload', async () => {
    const template = jsonFixture('test_block_actions__body.json');
    const res = await driver.blockAction({
      team_id: 'T111',
      user_id: 'W111',
      action: { action_id: 'a', block_id: 'b', value: 'click_me_123' },
    });
    expect(res.status).toBe(200);
    const body = seen.actions.at(-1)!;
    for (const key of Object.keys(template)) expect(body).toHaveProperty(key);
    expect(body).toMatchObject({
      type: 'block_actions',
      actions: [expect.objectContaining({ action_id: 'a', value: 'click_me_123', type: 'button' })],
    });
  });

  it('sends App Home actions with a view container and no response_url', async () => {
    await driver.blockAction({
      team_id: 'T111',
      user_id: 'W111',
      action: { action_id: 'a' },
      view: { id: 'VHOME', type: 'home' },
    });
    const body = seen.actions.at(-1)!;
    expect(body.container).toEqual({ type: 'view', view_id: 'VHOME' });
    expect(body).not.toHaveProperty('response_url');
  });

  it('sends view_submission shaped like Slack’s payload and returns the ack body', async () => {
    const template = jsonFixture('test_view_submission__body.json') as { view: Record<string, unknown> };
    const values = (template.view.state as { values: Record<string, Record<string, unknown>> }).values;
    const res = await driver.viewSubmission({
      team_id: 'T111',
      user_id: 'W111',
      callback_id: 'view-id',
      values,
      private_metadata: 'This is for you!',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ response_action: 'errors', errors: { hspI: 'Checked by the app' } });
    const view = seen.views.at(-1)!;
    for (const key of Object.keys(template.view)) expect(view).toHaveProperty(key);
    expect(view).toMatchObject({
      callback_id: 'view-id',
      private_metadata: 'This is for you!',
      state: { values },
    });
  });
});

describe('ResponseUrlCollector', () => {
  it('times out with what it did receive', async () => {
    await expect(collector.waitFor((r) => r.id === 'nope', 50)).rejects.toThrow(
      /No matching response_url post within 50 ms/,
    );
  });

  it('records form posts with a JSON payload field', async () => {
    const url = collector.newUrl();
    const id = url.split('/').at(-1)!;
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ payload: '{"text":"hi"}' }),
    });
    expect((await collector.waitFor((r) => r.id === id)).body).toEqual({ payload: { text: 'hi' } });
  });
});
