/**
 * The Slack app manifest, built from code so the checked-in `manifest.json` cannot drift from the
 * scope list and the routes the app serves. `npm run manifest` prints it (src/cli/manifest.ts) and
 * a unit test asserts that `manifest.json` equals `buildManifest({ publicUrl: PRODUCTION_PUBLIC_URL })`.
 *
 * We target manifest `_metadata.major_version` 1. Slack's schemas 1.0.0 and 2.0.0 are identical for
 * every section this app uses (display_information, features.app_home/bot_user/slash_commands,
 * oauth_config, settings); version 2 only changes the `functions`/`workflows` definitions of
 * Slack-hosted workflow apps, which a Bolt app served from our own URL does not have. Version 1 is
 * also what Slack's app settings page exports for such apps, and the schema any tool falls back to
 * when `_metadata` is absent, so it is the one with the fewest surprises.
 */
import { SUBCOMMANDS } from '../domain/commands';
import { REQUIRED_BOT_SCOPES } from './scopes';

/** The public base URL of the production app; the checked-in manifest.json is built from it. */
export const PRODUCTION_PUBLIC_URL = 'https://slack.plusplus.example';

/** The route Bolt serves events, slash commands and interactivity on (one URL for all three). */
export const EVENTS_PATH = '/slack/events';
/** The route that finishes Slack's OAuth v2 install. */
export const OAUTH_REDIRECT_PATH = '/slack/oauth_redirect';

/** The bot events the app subscribes to; each has a listener in listeners/events. */
export const BOT_EVENTS = [
  'app_home_opened',
  'app_uninstalled',
  'tokens_revoked',
  'team_join',
  'user_change',
  'user_profile_changed',
] as const;

/** The slash command's arguments, as shown in Slack's autocomplete: every declared subcommand. */
export const SLASH_COMMAND_USAGE_HINT = SUBCOMMANDS.map((s) => s.usage).join(' | ');

/** The subset of Slack's app manifest (schema 1.0.0) that this app fills in. */
export interface SlackAppManifest {
  _metadata: { major_version: 1; minor_version: 1 };
  display_information: { name: string; description: string; background_color: string };
  features: {
    app_home: {
      home_tab_enabled: boolean;
      messages_tab_enabled: boolean;
      messages_tab_read_only_enabled: boolean;
    };
    bot_user: { display_name: string; always_online: boolean };
    slash_commands: Array<{
      command: string;
      /** Absent in Socket Mode: the command arrives over the WebSocket. */
      url?: string;
      description: string;
      usage_hint: string;
      should_escape: boolean;
    }>;
  };
  /** `redirect_urls` absent: a Socket Mode manifest without a public URL (install from app settings or the CLI). */
  oauth_config: { redirect_urls?: string[]; scopes: { bot: string[] } };
  settings: {
    /** No request URLs in Socket Mode. */
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
}

/** Options for {@link buildManifest}. */
export interface BuildManifestOptions {
  /**
   * Public HTTPS base URL of the Slack-facing server (the `PUBLIC_URL` setting), with or without a
   * trailing slash, without a query or fragment. Slack only delivers requests to HTTPS URLs.
   * Optional in Socket Mode, where it only gives the OAuth redirect URL (multi-workspace installs).
   */
  publicUrl?: string;
  /**
   * Socket Mode (SLACK_APP_TOKEN): `socket_mode_enabled: true` and no request URLs, so events,
   * `/plusplus` and interactivity come over the WebSocket; no public URL needed (docs/development.md).
   */
  socketMode?: boolean;
}

/** Build the app manifest for a deployment reachable at `publicUrl`, or for Socket Mode. */
export function buildManifest({ publicUrl, socketMode = false }: BuildManifestOptions): SlackAppManifest {
  if (!socketMode && publicUrl === undefined) throw new Error('publicUrl is required outside Socket Mode');
  const base = publicUrl === undefined ? undefined : normalizeBaseUrl(publicUrl);
  const eventsUrl = socketMode ? undefined : `${base}${EVENTS_PATH}`;
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: 'PlusPlus',
      description: 'PlusPlus learning notifications, track channels and Slack account matching.',
      background_color: '#1d1c3a',
    },
    features: {
      // The Messages tab stays writable so users can send `/plusplus` from the app's DM.
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: 'PlusPlus', always_online: false },
      slash_commands: [
        {
          command: '/plusplus',
          url: eventsUrl,
          description: 'PlusPlus notifications: status, test, mute and unmute',
          usage_hint: SLASH_COMMAND_USAGE_HINT,
          // Escaped text turns "@ana" into "<@U123|ana>", so `test @user` receives a user id.
          should_escape: true,
        },
      ],
    },
    oauth_config: {
      redirect_urls: base === undefined ? undefined : [`${base}${OAUTH_REDIRECT_PATH}`],
      scopes: { bot: [...REQUIRED_BOT_SCOPES] },
    },
    settings: {
      event_subscriptions: { request_url: eventsUrl, bot_events: [...BOT_EVENTS] },
      interactivity: { is_enabled: true, request_url: eventsUrl },
      org_deploy_enabled: false,
      socket_mode_enabled: socketMode,
      token_rotation_enabled: false,
    },
  };
}

/**
 * Serialize a manifest the way manifest.json is checked in: 2-space JSON as the repository's
 * formatter (Biome, lineWidth 110) prints it, so `npm run manifest` needs no formatter afterwards
 * (Biome is a devDependency) and its output passes `npm run lint` unchanged. Objects are always
 * broken over lines; an array of plain values stays on one line when that line fits in 110 columns.
 */
export function formatManifest(manifest: SlackAppManifest): string {
  return `${formatJson(manifest, 0, 0, false)}\n`;
}

const LINE_WIDTH = 110;

/** `prefix`: columns already used on the line (indent and key); `comma`: a comma follows. */
function formatJson(value: unknown, indent: number, prefix: number, comma: boolean): string {
  const pad = ' '.repeat(indent + 2);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const plain = value.every((v) => v === null || typeof v !== 'object');
    const flat = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    if (plain && prefix + flat.length + (comma ? 1 : 0) <= LINE_WIDTH) return flat;
    const items = value.map((v, i) => `${pad}${formatJson(v, indent + 2, indent + 2, i < value.length - 1)}`);
    return `[\n${items.join(',\n')}\n${' '.repeat(indent)}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const lines = entries.map(([k, v], i) => {
      const key = `${JSON.stringify(k)}: `;
      return `${pad}${key}${formatJson(v, indent + 2, indent + 2 + key.length, i < entries.length - 1)}`;
    });
    return `{\n${lines.join(',\n')}\n${' '.repeat(indent)}}`;
  }
  return JSON.stringify(value);
}

function normalizeBaseUrl(publicUrl: string): string {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw new Error(`publicUrl is not a URL: ${publicUrl}`);
  }
  if (url.protocol !== 'https:') {
    throw new Error(`publicUrl must use https (Slack only calls HTTPS request URLs): ${publicUrl}`);
  }
  if (url.search || url.hash) {
    throw new Error(`publicUrl must not have a query or fragment: ${publicUrl}`);
  }
  // Keep any path prefix (an app behind a reverse proxy at /slack-app), minus trailing slashes.
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
