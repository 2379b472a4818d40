import { Writable } from 'node:stream';
import { isSecretKey, redactText, redactValue } from '../../src/platform/log-redaction';
import { createLogger, registerLogSecrets } from '../../src/platform/logger';

const BOT = 'xoxb-1234567890-0987654321-abcdefABCDEF0123456789';
const ROTATING = 'xoxe.xoxb-1-Zm9vYmFyX2Jhel9xdXV4LWFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6';
const REFRESH = 'xoxe-1-0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab';
const USER = 'xoxp-1111-2222-3333-4444abcd';
const APP = 'xapp-1-A111-222-abcdef0123';

function captured(level = 'debug') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level, destination });
  return { logger, text: () => lines.join(''), json: () => lines.map((l) => JSON.parse(l)) };
}

describe('isSecretKey', () => {
  it.each([
    'token',
    'botToken',
    'bot_token',
    'refreshToken',
    'refresh_token',
    'access_token',
    'client_secret',
    'clientSecret',
    'signingSecret',
    'Authorization',
    'authorization',
    'set-cookie',
    'password',
    'tokenEncryptionKey',
    'TOKEN_ENCRYPTION_KEY_PREVIOUS'.replace('_PREVIOUS', ''),
    'x-api-key',
  ])('%s is secret', (k) => expect(isSecretKey(k)).toBe(true));
  it.each(['teamId', 'tokens', 'token_type', 'tokenExpiresAt', 'code', 'idempotency_key', 'installation'])(
    '%s is not',
    (k) => expect(isSecretKey(k)).toBe(false),
  );
});

describe('redactText', () => {
  it('masks Slack tokens of every kind and keeps their kind', () => {
    const out = redactText(`bot ${BOT}, rotating ${ROTATING}, refresh ${REFRESH}, user ${USER}, app ${APP}.`);
    for (const t of [BOT, ROTATING, REFRESH, USER, APP]) expect(out).not.toContain(t.slice(5));
    expect(out).toContain('xoxb-[redacted]');
    expect(out).toContain('xoxe.[redacted]');
    expect(out).toContain('xapp-[redacted]');
  });

  it('masks bearer headers, secret parameters, OAuth codes, JSON pairs and URL passwords', () => {
    expect(redactText('Authorization: Bearer abc.def-123')).toBe('Authorization: Bearer [redacted]');
    expect(redactText('client_id=1.2&client_secret=s3cr3t-value&code=4.5.6&grant_type=x')).toBe(
      'client_id=1.2&client_secret=[redacted]&code=[redacted]&grant_type=x',
    );
    expect(redactText('GET /slack/oauth_redirect?code=4.5.6&state=s')).toBe(
      'GET /slack/oauth_redirect?code=[redacted]&state=s',
    );
    expect(redactText('body {"refresh_token":"abc\\"def","ok":true}')).toBe(
      'body {"refresh_token":"[redacted]","ok":true}',
    );
    expect(redactText('{"code":"4724469134.4644010092847.232b4e6a8eb2","client_id":"1.2"}')).toBe(
      '{"code":"[redacted]","client_id":"1.2"}',
    );
    expect(redactText('{"code":"slack_webapi_platform_error"}')).toBe(
      '{"code":"slack_webapi_platform_error"}',
    );
    expect(redactText('postgres://app:hunter2@db:5432/pp')).toBe('postgres://app:[redacted]@db:5432/pp');
  });

  it('leaves ordinary text alone', () => {
    const text = 'sent DM to U123 in T456 (channel D789), ts 1700000000.000100; code=ok';
    expect(redactText(text)).toBe(text);
  });
});

describe('redactValue', () => {
  it('masks by key at any depth and by value in arrays, keeping the shape and key order', () => {
    const input = {
      teamId: 'T1',
      installation: { bot: { token: BOT, id: 'B1', scopes: ['chat:write'] }, user: { token: USER } },
      list: [{ refreshToken: REFRESH }, `see ${ROTATING}`],
      deep: { a: { b: { c: { d: { clientSecret: 'x', note: 'ok' } } } } },
    };
    expect(redactValue(input)).toEqual({
      teamId: 'T1',
      installation: {
        bot: { token: '[redacted]', id: 'B1', scopes: ['chat:write'] },
        user: { token: '[redacted]' },
      },
      list: [{ refreshToken: '[redacted]' }, 'see xoxe.[redacted]'],
      deep: { a: { b: { c: { d: { clientSecret: '[redacted]', note: 'ok' } } } } },
    });
    expect(Object.keys(redactValue(input) as object)).toEqual(['teamId', 'installation', 'list', 'deep']);
    expect(input.installation.bot.token).toBe(BOT); // the logged object itself is untouched
  });

  it('serializes errors (message, stack, cause, axios-style config) with secrets masked', () => {
    const err = Object.assign(new Error(`An API error occurred: invalid_auth for ${BOT}`), {
      config: {
        url: 'https://slack.com/api/chat.postMessage',
        headers: { Authorization: `Bearer ${BOT}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        data: `token=${BOT}&channel=C1`,
      },
      cause: new Error(`refresh failed with ${REFRESH}`),
    });
    const out = JSON.stringify(redactValue({ err }));
    for (const t of [BOT, REFRESH]) expect(out).not.toContain(t);
    expect(out).toContain('"Authorization":"[redacted]"');
    expect(out).toContain('invalid_auth');
    expect(out).toContain('"type":"Error"');
    expect(out).toContain('"stack"');
  });

  it('logs a property whose getter throws as unreadable, and keeps the rest', () => {
    const tricky = { teamId: 'T1', token: BOT };
    Object.defineProperty(tricky, 'boom', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    expect(redactValue(tricky)).toEqual({ teamId: 'T1', token: '[redacted]', boom: '[unreadable]' });
  });

  it('survives cycles, shared references, dates and very deep or wide objects', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    const shared = { token: BOT };
    const out = redactValue({ a, x: shared, y: shared, at: new Date(0) }) as Record<string, unknown>;
    expect((out.a as Record<string, unknown>).self).toBe(out.a);
    expect(out.x).toEqual({ token: '[redacted]' });
    expect(out.at).toBe('1970-01-01T00:00:00.000Z');
    let deep: Record<string, unknown> = { token: BOT };
    for (let i = 0; i < 10_000; i++) deep = { next: deep };
    expect(JSON.stringify(redactValue(deep))).not.toContain(BOT);
    const wide = Array.from({ length: 20_000 }, () => ({ t: BOT }));
    expect(JSON.stringify(redactValue(wide))).not.toContain(BOT);
  });
});

describe('createLogger', () => {
  it('writes no token from objects, bindings, messages, errors or format arguments', () => {
    const { logger, text, json } = captured();
    const child = logger.child({ installation: { bot: { token: BOT } }, teamId: 'T1' });
    child.info({ installation: { bot: { token: BOT, refreshToken: REFRESH } } }, 'installed');
    child.warn(`token ${ROTATING} expired`);
    const axiosError = Object.assign(new Error('Request failed with status code 401'), {
      config: { headers: { Authorization: `Bearer ${USER}` }, data: { client_secret: 'cs-0123456789' } },
    });
    logger.error({ err: axiosError }, 'Slack call failed');
    logger.error(new Error(`could not use ${APP}`));
    logger.info('args %s %o', BOT, { token: REFRESH });
    const out = text();
    for (const t of [BOT, ROTATING, REFRESH, USER, APP, 'cs-0123456789']) expect(out).not.toContain(t);
    const lines = json();
    expect(lines[0]).toMatchObject({
      teamId: 'T1',
      msg: 'installed',
      installation: { bot: { token: '[redacted]' } },
    });
    expect(lines[3]).toMatchObject({ msg: 'could not use xapp-[redacted]', err: { type: 'Error' } });
  });

  it('masks the registered secret values anywhere, in children too', () => {
    const { logger, text } = captured();
    const child = logger.child({ component: 'x' });
    registerLogSecrets(logger, 'plusplus-signing-secret-value', 'short');
    child.info({ note: 'the secret is plusplus-signing-secret-value' }, 'plusplus-signing-secret-value!');
    logger.info({ nested: ['short'] }, 'short stays');
    expect(text()).not.toContain('plusplus-signing-secret-value');
    expect(text()).toContain('short stays');
  });
});
