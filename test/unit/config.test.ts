import { ConfigError, parseConfig } from '../../src/config';

const KEY = Buffer.alloc(32, 7).toString('base64');
const SLACK = { SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 's', SLACK_SIGNING_SECRET: 'x' };

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig (design §3)', () => {
  it('defaults to sandbox mode with the documented defaults', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      mode: 'sandbox',
      databaseUrl: undefined,
      dataDir: './.data',
      slack: null,
      slackApiUrl: 'https://slack.com/api/',
      slackAuthorizeUrl: 'https://slack.com/oauth/v2/authorize',
      publicUrl: 'http://localhost:3000',
      port: 3000,
      internalPort: 3001,
      internalHost: '127.0.0.1',
      sandboxPort: 3002,
      logLevel: 'info',
    });
  });

  it('reads a full production configuration', () => {
    const config = parseConfig({
      ...SLACK,
      PLUSPLUS_SIGNING_SECRET: 'a-long-enough-secret',
      TOKEN_ENCRYPTION_KEY: KEY,
      PORT: '8080',
      PUBLIC_URL: 'https://slack.example.com/',
      SLACK_API_URL: 'http://127.0.0.1:9/api',
      DATABASE_URL: 'postgres://u@h/db',
    });
    expect(config.mode).toBe('slack');
    expect(config.slack).toEqual({ clientId: '1.2', clientSecret: 's', signingSecret: 'x' });
    expect(config.tokenEncryptionKey).toEqual(Buffer.alloc(32, 7));
    expect(config.publicUrl).toBe('https://slack.example.com');
    expect(config.slackApiUrl).toBe('http://127.0.0.1:9/api/');
    expect(config.port).toBe(8080);
  });

  it('reports every problem at once, those across variables included', () => {
    const found = problems({
      SLACK_CLIENT_ID: '1.2',
      PORT: 'eighty',
      INTERNAL_PORT: '70000',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://x',
      DELIVERY_MAX_ATTEMPTS: 'many',
    });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual([
      'DATABASE_URL',
      'DELIVERY_MAX_ATTEMPTS',
      'INTERNAL_PORT',
      'LOG_LEVEL',
      'PLUSPLUS_SIGNING_SECRET',
      'PORT',
      'SLACK_CLIENT_SECRET, SLACK_SIGNING_SECRET',
      'TOKEN_ENCRYPTION_KEY',
    ]);
  });

  it('needs all three Slack credentials or none, and the secrets outside sandbox mode', () => {
    expect(problems({ SLACK_CLIENT_ID: '1.2' })[0]).toMatch(
      /SLACK_CLIENT_SECRET, SLACK_SIGNING_SECRET: required/,
    );
    const missing = problems({ ...SLACK });
    expect(missing).toEqual([
      expect.stringMatching(/^TOKEN_ENCRYPTION_KEY: required/),
      expect.stringMatching(/^PLUSPLUS_SIGNING_SECRET: required/),
    ]);
  });

  it('refuses an encryption key that is not 32 bytes of base64', () => {
    const short = Buffer.alloc(16).toString('base64');
    expect(problems({ TOKEN_ENCRYPTION_KEY: short })[0]).toMatch(/32 bytes/);
    expect(problems({ TOKEN_ENCRYPTION_KEY: 'not base64!!' })[0]).toMatch(/32 bytes/);
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ SLACK_CLIENT_ID: '', DATABASE_URL: '' }).mode).toBe('sandbox');
  });

  it('keeps notifications 90 days unless NOTIFICATION_RETENTION_DAYS says otherwise', () => {
    expect(parseConfig({}).notificationRetentionDays).toBe(90);
    expect(parseConfig({ NOTIFICATION_RETENTION_DAYS: '' }).notificationRetentionDays).toBe(90);
    expect(parseConfig({ NOTIFICATION_RETENTION_DAYS: ' 30 ' }).notificationRetentionDays).toBe(30);
    expect(parseConfig({ NOTIFICATION_RETENTION_DAYS: '3650' }).notificationRetentionDays).toBe(3650);
    expect(parseConfig({ NOTIFICATION_RETENTION_DAYS: '1' }).notificationRetentionDays).toBe(1);
    for (const [value, message] of [
      ['0', 'must be at least 1 (day)'],
      ['-5', 'must be at least 1 (day)'],
      ['1.5', 'must be a whole number of days'],
      ['ninety', 'must be a whole number of days'],
      ['3651', 'must be at most 3650 (days, about ten years)'],
    ]) {
      expect(problems({ NOTIFICATION_RETENTION_DAYS: value! })).toEqual([
        `NOTIFICATION_RETENTION_DAYS: ${message}`,
      ]);
    }
  });
});
