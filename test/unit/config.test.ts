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

  it('reads ROLE: all by default, web or worker in any case; anything else is a problem', () => {
    expect(parseConfig({}).role).toBe('all');
    expect(parseConfig({ ROLE: ' Web ' }).role).toBe('web');
    expect(parseConfig({ ROLE: 'worker', DATABASE_URL: 'postgres://u@h/db' }).role).toBe('worker');
    expect(problems({ ROLE: 'scheduler' })).toEqual(['ROLE: must be all, web or worker']);
  });

  it('ROLE=worker needs DATABASE_URL (an embedded database belongs to one process), reported with the rest', () => {
    expect(
      problems({ ROLE: 'worker', PORT: 'eighty' })
        .map((p) => p.split(':')[0])
        .sort(),
    ).toEqual(['DATABASE_URL', 'PORT']);
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

  it('takes SLACK_APP_TOKEN for Socket Mode: an xapp- token, alongside the credentials', () => {
    const full = { ...SLACK, PLUSPLUS_SIGNING_SECRET: 'p'.repeat(16), TOKEN_ENCRYPTION_KEY: KEY };
    expect(parseConfig({ ...full, SLACK_APP_TOKEN: 'xapp-1-A1-2-abc' })).toMatchObject({
      mode: 'slack',
      slackAppToken: 'xapp-1-A1-2-abc',
      singleWorkspace: null,
    });
    expect(parseConfig(full).slackAppToken).toBeUndefined();
    expect(problems({ ...full, SLACK_APP_TOKEN: 'xoxb-1-2' })).toEqual([
      expect.stringMatching(/^SLACK_APP_TOKEN: must be an app-level token/),
    ]);
  });

  it('single-workspace mode: a bot token with an app token, the CLI names too, tenant demo by default', () => {
    const config = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_APP_TOKEN: 'xapp-1-A1-2-abc' });
    expect(config).toMatchObject({
      mode: 'slack',
      slack: null,
      slackAppToken: 'xapp-1-A1-2-abc',
      singleWorkspace: { botToken: 'xoxb-1-2-abc', tenantId: 'demo' },
    });
    // What `slack run` hands the start hook; the project's own names win when both are set.
    const cli = parseConfig({
      SLACK_CLI_XOXB: 'xoxb-9',
      SLACK_CLI_XAPP: 'xapp-9',
      SINGLE_WORKSPACE_TENANT: 'acme',
    });
    expect(cli).toMatchObject({
      slackAppToken: 'xapp-9',
      singleWorkspace: { botToken: 'xoxb-9', tenantId: 'acme' },
    });
    expect(
      parseConfig({ SLACK_CLI_XOXB: 'xoxb-9', SLACK_CLI_XAPP: 'xapp-9', SLACK_APP_TOKEN: 'xapp-1' })
        .slackAppToken,
    ).toBe('xapp-1');
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      expect.stringMatching(/^SLACK_APP_TOKEN: required with SLACK_BOT_TOKEN/),
    ]);
    expect(
      problems({
        SLACK_BOT_TOKEN: 'xoxp-1',
        SLACK_APP_TOKEN: 'xapp-1',
        SINGLE_WORKSPACE_TENANT: 'no spaces',
      }),
    ).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN: must be a bot token/),
      expect.stringMatching(/^SINGLE_WORKSPACE_TENANT: must match/),
    ]);
    expect(problems({ SLACK_APP_TOKEN: 'xapp-1' })).toEqual([
      expect.stringMatching(/^SLACK_APP_TOKEN: needs a real Slack app/),
    ]);
    expect(problems({ SINGLE_WORKSPACE_TENANT: 'acme' })).toEqual([
      'SINGLE_WORKSPACE_TENANT: only means something with SLACK_BOT_TOKEN',
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

  it('accepts v0 signatures only with PLUSPLUS_ACCEPT_V0_SIGNATURES=true', () => {
    expect(parseConfig({}).acceptV0Signatures).toBe(false);
    expect(parseConfig({ PLUSPLUS_ACCEPT_V0_SIGNATURES: '' }).acceptV0Signatures).toBe(false);
    expect(parseConfig({ PLUSPLUS_ACCEPT_V0_SIGNATURES: 'false' }).acceptV0Signatures).toBe(false);
    expect(parseConfig({ PLUSPLUS_ACCEPT_V0_SIGNATURES: ' TRUE ' }).acceptV0Signatures).toBe(true);
    expect(problems({ PLUSPLUS_ACCEPT_V0_SIGNATURES: 'maybe' })).toEqual([
      'PLUSPLUS_ACCEPT_V0_SIGNATURES: must be true or false',
    ]);
  });

  it('parses RETURN_URL_ORIGINS and reports every entry that is not an origin', () => {
    expect(parseConfig({}).returnUrlOrigins).toEqual([]);
    expect(
      parseConfig({ RETURN_URL_ORIGINS: 'https://a.example, https://*.b.example' }).returnUrlOrigins,
    ).toEqual([
      { protocol: 'https:', host: 'a.example', port: '', wildcard: false },
      { protocol: 'https:', host: 'b.example', port: '', wildcard: true },
    ]);
    const found = problems({ RETURN_URL_ORIGINS: 'https://a.example/path,ftp://c.example' });
    expect(found).toHaveLength(2);
    for (const p of found) expect(p).toMatch(/^RETURN_URL_ORIGINS: /);
  });

  it('migrates at start unless MIGRATE_ON_START says false', () => {
    expect(parseConfig({}).migrateOnStart).toBe(true);
    expect(parseConfig({ MIGRATE_ON_START: '' }).migrateOnStart).toBe(true);
    for (const value of ['true', 'TRUE', '1', 'yes', ' on ']) {
      expect(parseConfig({ MIGRATE_ON_START: value }).migrateOnStart).toBe(true);
    }
    for (const value of ['false', 'False', '0', 'no', 'off']) {
      expect(parseConfig({ MIGRATE_ON_START: value }).migrateOnStart).toBe(false);
    }
    expect(problems({ MIGRATE_ON_START: 'maybe' })).toEqual(['MIGRATE_ON_START: must be true or false']);
  });
});
