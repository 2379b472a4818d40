/**
 * manifest.json against Slack's own manifest JSON Schema (slackapi/manifest-schema, draft-07), plus
 * what that schema does not check: HTTPS, the documented routes, scopes and events.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import {
  BOT_EVENTS,
  buildManifest,
  EVENTS_PATH,
  OAUTH_REDIRECT_PATH,
  PRODUCTION_PUBLIC_URL,
  type SlackAppManifest,
} from '../../../src/slack/manifest';
import { REQUIRED_BOT_SCOPES } from '../../../src/slack/scopes';
import { fixturePath, REPO_ROOT } from '../../support/fixtures';

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const schemaFile = (name: string) => fixturePath('slack-manifest-schema', name);

/**
 * The top-level schema `$ref`s the versioned schemas by their raw.githubusercontent.com URLs.
 * Registering the local copies under exactly those URLs means Ajv never tries to fetch anything
 * (and would fail loudly with "can't resolve reference" if a URL changed in a new schema drop).
 */
function compileSlackManifestValidator(): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  // The schemas use one format, "uri" (for `$schema`); define it rather than pull in ajv-formats.
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  const raw = 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas';
  ajv.addSchema(
    readJson(schemaFile('manifest.schema.1.0.0.json')) as object,
    `${raw}/manifest.schema.1.0.0.json`,
  );
  ajv.addSchema(
    readJson(schemaFile('manifest.schema.2.0.0.json')) as object,
    `${raw}/manifest.schema.2.0.0.json`,
  );
  return ajv.compile(readJson(schemaFile('manifest.schema.json')) as object);
}

const manifest = readJson(path.join(REPO_ROOT, 'manifest.json')) as SlackAppManifest;

/** Every URL anywhere in the manifest, found by walking it, so a new URL field cannot escape the checks. */
function allUrls(value: unknown): string[] {
  if (typeof value === 'string') return /^[a-z]+:\/\//i.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(allUrls);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allUrls);
  return [];
}

describe("manifest.json against Slack's manifest schema", () => {
  const validate = compileSlackManifestValidator();

  it('accepts the schema repository’s valid example', () => {
    expect(validate(readJson(schemaFile('example.v1.valid.json')))).toBe(true);
  });

  it('rejects the schema repository’s invalid example (proves the validator is live)', () => {
    expect(validate(readJson(schemaFile('example.v1.invalid.json')))).toBe(false);
    expect(JSON.stringify(validate.errors)).toContain('bad_param');
  });

  it('accepts manifest.json', () => {
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('accepts the Socket Mode manifest, with and without a redirect URL', () => {
    for (const m of [
      buildManifest({ socketMode: true }),
      buildManifest({ socketMode: true, publicUrl: 'https://dev.example' }),
    ]) {
      const ok = validate(m);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('targets manifest major version 1', () => {
    expect(manifest._metadata.major_version).toBe(1);
  });
});

describe('manifest.json beyond the schema', () => {
  it('is exactly what buildManifest produces for the production URL (run `npm run manifest`)', () => {
    expect(manifest).toEqual(buildManifest({ publicUrl: PRODUCTION_PUBLIC_URL }));
  });

  it('uses only HTTPS URLs', () => {
    const urls = allUrls(manifest);
    expect(urls.length).toBeGreaterThanOrEqual(4);
    for (const url of urls) expect(new URL(url).protocol).toBe('https:');
  });

  it('sends events, the slash command and interactivity to /slack/events, OAuth to /slack/oauth_redirect', () => {
    const eventsUrl = `${PRODUCTION_PUBLIC_URL}${EVENTS_PATH}`;
    expect(EVENTS_PATH).toBe('/slack/events');
    expect(OAUTH_REDIRECT_PATH).toBe('/slack/oauth_redirect');
    expect(manifest.settings.event_subscriptions.request_url).toBe(eventsUrl);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: eventsUrl });
    expect(manifest.features.slash_commands.map((c) => c.url)).toEqual([eventsUrl]);
    expect(manifest.oauth_config.redirect_urls).toEqual([`${PRODUCTION_PUBLIC_URL}/slack/oauth_redirect`]);
  });

  it('requests exactly REQUIRED_BOT_SCOPES', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual([...REQUIRED_BOT_SCOPES]);
    expect(Object.keys(manifest.oauth_config.scopes)).toEqual(['bot']);
  });

  it('subscribes to the events the app handles', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(
      [
        'app_home_opened',
        'app_uninstalled',
        'team_join',
        'tokens_revoked',
        'user_change',
        'user_profile_changed',
      ].sort(),
    );
    expect(manifest.settings.event_subscriptions.bot_events).toEqual([...BOT_EVENTS]);
  });

  it('has the PlusPlus bot, both App Home tabs, /plusplus and plain HTTP delivery', () => {
    expect(manifest.display_information.name).toBe('PlusPlus');
    expect(manifest.features.bot_user).toEqual({ display_name: 'PlusPlus', always_online: false });
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.slash_commands).toEqual([
      expect.objectContaining({
        command: '/plusplus',
        usage_hint: 'help | status | test [@user|email] | mute | unmute | mapping',
        should_escape: true,
      }),
    ]);
    expect(manifest.settings).toMatchObject({
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    });
  });
});

describe('buildManifest', () => {
  it('builds the URLs from any HTTPS base, keeping a path prefix and dropping trailing slashes', () => {
    const m = buildManifest({ publicUrl: 'https://proxy.example.com/plusplus/' });
    expect(m.settings.event_subscriptions.request_url).toBe(
      'https://proxy.example.com/plusplus/slack/events',
    );
    expect(m.oauth_config.redirect_urls).toEqual(['https://proxy.example.com/plusplus/slack/oauth_redirect']);
  });

  it('refuses non-HTTPS or malformed base URLs', () => {
    expect(() => buildManifest({ publicUrl: 'http://slack.plusplus.example' })).toThrow(/https/);
    expect(() => buildManifest({ publicUrl: 'not a url' })).toThrow(/not a URL/);
    expect(() => buildManifest({ publicUrl: 'https://x.example/?a=1' })).toThrow(/query/);
  });

  it('builds the Socket Mode manifest: socket_mode_enabled, no request URLs, the same commands, events, scopes', () => {
    const m = buildManifest({ socketMode: true });
    const http = buildManifest({ publicUrl: PRODUCTION_PUBLIC_URL });
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(allUrls(m)).toEqual([]);
    expect(m.features.slash_commands.map(({ url: _u, ...c }) => c)).toEqual(
      http.features.slash_commands.map(({ url: _u, ...c }) => c),
    );
    expect(m.settings.event_subscriptions.bot_events).toEqual([...BOT_EVENTS]);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.oauth_config.scopes.bot).toEqual([...REQUIRED_BOT_SCOPES]);
    // A public URL only adds where multi-workspace OAuth installs return to.
    expect(allUrls(buildManifest({ socketMode: true, publicUrl: 'https://dev.example' }))).toEqual([
      'https://dev.example/slack/oauth_redirect',
    ]);
    expect(() => buildManifest({})).toThrow(/publicUrl is required/);
  });

  it('returns a fresh object each time (callers may mutate it)', () => {
    const a = buildManifest({ publicUrl: PRODUCTION_PUBLIC_URL });
    a.oauth_config.scopes.bot.push('admin');
    expect(buildManifest({ publicUrl: PRODUCTION_PUBLIC_URL }).oauth_config.scopes.bot).toEqual([
      ...REQUIRED_BOT_SCOPES,
    ]);
  });
});
