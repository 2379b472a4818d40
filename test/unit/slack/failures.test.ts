import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  backoffMs,
  classifySlackCode,
  classifySlackError,
  INSTALLATION_CODES,
  isWebApiError,
  missingScopes,
  slackErrorCode,
  TRANSIENT_CODES,
} from '../../../src/slack/failures';
import { webClientFactory } from '../../../src/slack/web-client';
import { fixturePath } from '../../support/fixtures';
import { quietSlackLogger } from '../../support/quiet-slack-logger';

/**
 * The classifier is fed what the real @slack/web-api client throws (the app's own client factory,
 * retries off, 429s rejected) when a local HTTP server answers as Slack does: `ok:false` bodies,
 * a 429 with Retry-After, a 503, a closed port.
 */
type Answer = { status: number; headers?: Record<string, string>; body: unknown };
let answer: Answer = { status: 200, body: { ok: true } };
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** What the client throws for one call answered with `a`. */
async function thrownFor(a: Answer, slackApiUrl = url): Promise<unknown> {
  answer = a;
  const web = webClientFactory({ slackApiUrl, timeoutMs: 2000, logger: quietSlackLogger })('xoxb-test');
  try {
    await web.chat.postMessage({ channel: 'U1', text: 'hi' });
  } catch (error) {
    return error;
  }
  throw new Error('the call did not fail');
}

const okFalse = (error: string, extra: Record<string, unknown> = {}) =>
  thrownFor({ status: 200, body: { ok: false, error, ...extra } });

describe('classifySlackError on what the Web API client throws', () => {
  it('waits exactly Retry-After on an HTTP 429', async () => {
    const error = await thrownFor({ status: 429, headers: { 'retry-after': '7' }, body: { ok: false } });
    expect(isWebApiError(error)).toBe(true);
    expect(slackErrorCode(error)).toBe('ratelimited');
    expect(classifySlackError(error)).toEqual({ kind: 'rate_limited', retryAfterMs: 7000 });
  });

  it.each([...TRANSIENT_CODES])('retries ok:false %s', async (code) => {
    expect(classifySlackError(await okFalse(code))).toEqual({ kind: 'transient', code });
  });

  it('retries HTTP 5xx and calls that got no answer', async () => {
    expect(classifySlackError(await thrownFor({ status: 503, body: 'unavailable' }))).toEqual({
      kind: 'transient',
      code: 'http_503',
    });
    // A port nobody listens on: connection refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await thrownFor({ status: 200, body: {} }, `http://127.0.0.1:${port}/api/`);
    expect(classifySlackError(refused)).toEqual({ kind: 'transient', code: 'network_error' });
  });

  it('treats what is not the Web API as transient, but says it is not Slack', () => {
    const bug = new TypeError('boom');
    expect(classifySlackError(bug)).toEqual({ kind: 'transient', code: 'internal_error' });
    expect(isWebApiError(bug)).toBe(false);
    expect(slackErrorCode(bug)).toBeUndefined();
    expect(classifySlackError(undefined).kind).toBe('transient');
  });

  it.each([...INSTALLATION_CODES])('stops the installation on %s', async (code) => {
    expect(classifySlackError(await okFalse(code))).toEqual({ kind: 'installation', code });
  });

  it('stops the installation on the recorded not_authed answer', async () => {
    const body = JSON.parse(
      readFileSync(fixturePath('slack-recordings', 'auth_test_error.response0.json'), 'utf8'),
    );
    expect(classifySlackError(await thrownFor({ status: 200, body }))).toEqual({
      kind: 'installation',
      code: 'not_authed',
    });
  });

  it.each(['channel_not_found', 'user_not_found', 'messages_tab_disabled', 'cannot_dm_bot', 'user_disabled'])(
    'gives up on the recipient on %s',
    async (code) => {
      expect(classifySlackError(await okFalse(code))).toEqual({ kind: 'recipient', code });
    },
  );

  it.each(['invalid_blocks', 'msg_too_long', 'no_text', 'restricted_action', 'some_future_code'])(
    'fails %s at once with the code',
    async (code) => {
      expect(classifySlackError(await okFalse(code))).toEqual({ kind: 'permanent', code });
    },
  );

  it('reads needed and provided from a missing_scope answer', async () => {
    const error = await okFalse('missing_scope', {
      needed: 'channels:manage',
      provided: 'chat:write, commands',
    });
    expect(classifySlackError(error)).toEqual({ kind: 'missing_scope', code: 'missing_scope' });
    expect(missingScopes(error)).toEqual({
      needed: ['channels:manage'],
      provided: ['chat:write', 'commands'],
    });
  });

  it('leaves provided unknown when Slack does not say', async () => {
    expect(missingScopes(await okFalse('missing_scope'))).toEqual({ needed: [], provided: undefined });
    expect(missingScopes(await okFalse('missing_scope', { provided: '' })).provided).toBeUndefined();
  });
});

describe('the code lists against Slack OpenAPI spec', () => {
  const spec = JSON.parse(readFileSync(fixturePath('slack-openapi', 'slack_web_openapi_v2.json'), 'utf8'));
  const errorsOf = (method: string): string[] => {
    const op = spec.paths[`/${method}`].post ?? spec.paths[`/${method}`].get;
    return op.responses.default.schema.properties.error.enum;
  };

  it('has a considered verdict for every error chat.postMessage documents', () => {
    // Decided one by one; a code the spec adds must be decided here too.
    const expected: Record<string, string> = {
      channel_not_found: 'recipient',
      not_in_channel: 'recipient',
      is_archived: 'recipient',
      msg_too_long: 'permanent',
      no_text: 'permanent',
      too_many_attachments: 'permanent',
      rate_limited: 'transient',
      not_authed: 'installation',
      invalid_auth: 'installation',
      account_inactive: 'installation',
      invalid_arg_name: 'permanent',
      invalid_array_arg: 'permanent',
      invalid_charset: 'permanent',
      invalid_form_data: 'permanent',
      invalid_post_type: 'permanent',
      missing_post_type: 'permanent',
    };
    const documented = errorsOf('chat.postMessage');
    expect(documented.sort()).toEqual(Object.keys(expected).sort());
    for (const code of documented)
      expect([code, classifySlackCode(code).kind]).toEqual([code, expected[code]]);
  });

  it.each(['conversations.create', 'conversations.invite', 'users.list'])(
    'retries the transient codes %s documents and nothing else of them',
    (method) => {
      for (const code of errorsOf(method)) {
        const transient = [
          'request_timeout',
          'fatal_error',
          'internal_error',
          'service_unavailable',
        ].includes(code);
        expect([code, classifySlackCode(code).kind === 'transient']).toEqual([code, transient]);
      }
    },
  );

  it('knows every code that means the token is gone', () => {
    const documented = new Set(['chat.postMessage', 'conversations.create', 'users.list'].flatMap(errorsOf));
    for (const code of ['not_authed', 'invalid_auth', 'account_inactive']) {
      expect(documented.has(code)).toBe(true);
      expect(INSTALLATION_CODES.has(code)).toBe(true);
    }
  });
});

describe('backoffMs', () => {
  it('doubles from the base with ±20 % jitter, up to the ceiling', () => {
    const o = { baseMs: 1000, maxMs: 10_000 };
    expect(backoffMs(1, o, () => 0.5)).toBe(1000);
    expect(backoffMs(3, o, () => 0.5)).toBe(4000);
    expect(backoffMs(3, o, () => 0)).toBe(3200);
    expect(backoffMs(3, o, () => 1)).toBe(4800);
    expect(backoffMs(20, o, () => 0.5)).toBe(10_000);
  });

  it('doubles exactly without jitter', () => {
    const o = { baseMs: 2000, maxMs: 300_000, jitter: 0 };
    expect([1, 2, 3, 4].map((n) => backoffMs(n, o, () => 0))).toEqual([2000, 4000, 8000, 16_000]);
    expect(backoffMs(0, o)).toBe(2000);
    expect(backoffMs(30, o)).toBe(300_000);
  });
});
