/**
 * Our receiver (src/slack-server/events-receiver.ts) must hand Bolt what Bolt's own ExpressReceiver
 * hands it, and answer what it answers: the same recorded Slack requests (test/fixtures/slack-payloads,
 * signed as Slack signs) go to two Bolt apps that differ only in their receiver, and the bodies,
 * retry headers and answers each app saw are compared.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, ExpressReceiver, LogLevel, type Receiver } from '@slack/bolt';
import { SlackEventsReceiver } from '../../../src/slack-server/events-receiver';
import { fixturePath } from '../../support/fixtures';
import { quietSlackLogger } from '../../support/quiet-slack-logger';

const SECRET = 'test-signing-secret-0123456789abcdef';
const fixture = (name: string) => readFileSync(fixturePath('slack-payloads', 'bolt-python', name), 'utf8');

interface Seen {
  body: unknown;
  retryNum?: number;
  retryReason?: string;
}

interface Side {
  server: Server;
  url: string;
  seen: Seen[];
}

async function side(receiver: Receiver, listener: () => RequestListener): Promise<Side> {
  const seen: Seen[] = [];
  const app = new App({
    receiver,
    logLevel: LogLevel.ERROR,
    authorize: async () => ({ botToken: 'xoxb-test', botId: 'B0PLUSPLUS', botUserId: 'U0PLUSPLUS' }),
  });
  app.use(async (args) => {
    const { body, context } = args;
    seen.push({ body, retryNum: context.retryNum, retryReason: context.retryReason });
    const ack = (args as { ack?: (response?: unknown) => Promise<void> }).ack;
    if ((body as { command?: string }).command) await ack?.({ response_type: 'ephemeral', text: 'seen' });
    else await ack?.();
  });
  const server = createServer(listener());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, seen };
}

let express: Side;
let ours: Side;

beforeAll(async () => {
  const expressReceiver = new ExpressReceiver({
    signingSecret: SECRET,
    endpoints: '/slack/events',
    processBeforeResponse: false,
    logLevel: LogLevel.ERROR,
  });
  express = await side(expressReceiver, () => expressReceiver.app);
  const receiver = new SlackEventsReceiver({
    signingSecret: SECRET,
    logger: quietSlackLogger,
    bodyLimit: 4 * 1024 * 1024,
    processEventErrorHandler: async () => false,
  });
  ours = await side(receiver, () => (req, res) => receiver.handle(req, res));
});

afterAll(async () => {
  for (const s of [express, ours]) {
    s.server.closeAllConnections();
    await new Promise((resolve) => s.server.close(resolve));
  }
});

function signed(
  body: string,
  contentType: string,
  extra: Record<string, string> = {},
  secret = SECRET,
  ts = String(Math.floor(Date.now() / 1000)),
) {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return {
    method: 'POST',
    body,
    headers: {
      'Content-Type': contentType,
      'X-Slack-Request-Timestamp': ts,
      'X-Slack-Signature': signature,
      ...extra,
    },
  };
}

/** Sends the same request to both apps: their answers, and what each Bolt saw of it. */
async function both(init: RequestInit) {
  const out = [];
  for (const s of [express, ours]) {
    const before = s.seen.length;
    const res = await fetch(s.url, init);
    const text = await res.text();
    out.push({ status: res.status, type: res.headers.get('content-type'), text, seen: s.seen.slice(before) });
  }
  return { express: out[0]!, ours: out[1]! };
}

const form = 'application/x-www-form-urlencoded';
const interactive = (json: string) => `payload=${encodeURIComponent(JSON.stringify(JSON.parse(json)))}`;

describe('SlackEventsReceiver against Bolt’s ExpressReceiver', () => {
  it.each([
    [
      'a slash command',
      () => signed(fixture('test_slash_command__slash_command_body.x-www-form-urlencoded.txt').trim(), form),
    ],
    ['block actions', () => signed(interactive(fixture('test_block_actions__body.json')), form)],
    ['a view submission', () => signed(interactive(fixture('test_view_submission__body.json')), form)],
    [
      'an event, retried',
      () =>
        signed(fixture('test_events_org_apps__test_app_home_opened.json'), 'application/json', {
          'X-Slack-Retry-Num': '2',
          'X-Slack-Retry-Reason': 'http_timeout',
        }),
    ],
  ])('hands Bolt the same body and answer for %s', async (_name, request) => {
    const { express: e, ours: o } = await both(request());
    expect(e.status).toBe(200);
    expect(e.seen).toHaveLength(1);
    expect(o).toEqual(e);
  });

  it('answers url_verification and ssl_check as Bolt does, without dispatching them', async () => {
    const challenge = await both(
      signed(fixture('test_events_url_verification__event_body.json'), 'application/json'),
    );
    expect(challenge.express.text).toContain('challenge');
    expect(JSON.parse(challenge.ours.text)).toEqual(JSON.parse(challenge.express.text));
    expect(challenge.ours.seen).toEqual([]);
    const ssl = await both(signed('ssl_check=1&token=x', form));
    expect([ssl.ours.status, ssl.ours.text, ssl.ours.seen]).toEqual([ssl.express.status, '', []]);
  });

  it('refuses a wrong signature (401) and an unparsable signed body (400), as Bolt does', async () => {
    const forged = await both(signed('{"type":"event_callback"}', 'application/json', {}, 'not-the-secret'));
    expect([forged.express.status, forged.ours.status]).toEqual([401, 401]);
    const garbled = await both(signed('{"type":', 'application/json'));
    expect([garbled.express.status, garbled.ours.status]).toEqual([400, 400]);
    expect([...forged.ours.seen, ...garbled.ours.seen]).toEqual([]);
  });

  it('refuses a correctly signed request older than five minutes (401), as Bolt does', async () => {
    const old = String(Math.floor(Date.now() / 1000) - 301);
    const stale = await both(signed('{"type":"event_callback"}', 'application/json', {}, SECRET, old));
    expect([stale.express.status, stale.ours.status, stale.ours.seen]).toEqual([401, 401, []]);
  });
});
