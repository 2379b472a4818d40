import { z } from 'zod';
import type { DeliveryOptions } from './app/delivery';
import { parseDeliveryEnv } from './app/delivery/config';
import { type OriginPattern, parseOriginList } from './platform/return-url-origins';

/**
 * Configuration: the variables of design §3 (with PLUSPLUS_ACCEPT_V0_SIGNATURES and
 * RETURN_URL_ORIGINS, docs/security.md), plus NOTIFICATION_RETENTION_DAYS and the optional
 * DELIVERY_* tunables (README, docs/delivery.md). Parsed once, in the composition root; no other
 * module reads process.env. Every problem is collected so an operator fixes them in one go.
 */

const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(fallback);

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const url = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .refine((value) => /^https?:\/\/[^\s]+$/.test(value), 'must be an http(s) URL');

/** Whole days, 1 to 3650; unset or empty: `fallback`. */
const days = (fallback: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce
      .number({ error: 'must be a whole number of days' })
      .int('must be a whole number of days')
      .min(1, 'must be at least 1 (day)')
      .max(3650, 'must be at most 3650 (days, about ten years)')
      .default(fallback),
  );

/** true/false (also 1/0, yes/no, on/off; any case); unset or empty: `fallback`. */
const flag = (fallback: boolean) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().toLowerCase() || undefined : value),
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { error: 'must be true or false' })
      .optional()
      .transform((value) => (value === undefined ? fallback : ['true', '1', 'yes', 'on'].includes(value))),
  );

/**
 * Process roles (design §2): `all` runs everything in one process; `web` the Slack-facing and
 * internal servers without the background workers; `worker` the workers (delivery, track
 * channels, retention purge) with only health, readiness and metrics on INTERNAL_PORT.
 */
export const ROLES = ['all', 'web', 'worker'] as const;
export type Role = (typeof ROLES)[number];

const EnvSchema = z.object({
  DATABASE_URL: optionalText.refine(
    (value) => value === undefined || /^postgres(ql)?:\/\//.test(value),
    'must be a postgres:// or postgresql:// connection string',
  ),
  DATA_DIR: z.string().trim().min(1).default('./.data'),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_BOT_TOKEN: optionalText,
  SINGLE_WORKSPACE_TENANT: optionalText,
  SLACK_API_URL: url('https://slack.com/api/'),
  SLACK_AUTHORIZE_URL: url('https://slack.com/oauth/v2/authorize'),
  PUBLIC_URL: optionalText.refine(
    (value) => value === undefined || /^https?:\/\/[^\s]+$/.test(value),
    'must be an http(s) URL',
  ),
  PLUSPLUS_SIGNING_SECRET: optionalText,
  PLUSPLUS_ACCEPT_V0_SIGNATURES: flag(false),
  RETURN_URL_ORIGINS: optionalText,
  TOKEN_ENCRYPTION_KEY: optionalText,
  TOKEN_ENCRYPTION_KEY_PREVIOUS: optionalText,
  PORT: port(3000),
  INTERNAL_PORT: port(3001),
  INTERNAL_HOST: z.string().trim().min(1).default('127.0.0.1'),
  SANDBOX_PORT: port(3002),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NOTIFICATION_RETENTION_DAYS: days(90),
  MIGRATE_ON_START: flag(true),
  ROLE: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().toLowerCase() || undefined : value),
    z.enum(ROLES, { error: 'must be all, web or worker' }).default('all'),
  ),
});

export type Mode = 'slack' | 'sandbox';

export interface SlackCredentials {
  clientId: string;
  clientSecret: string;
  signingSecret: string;
}

export interface Config {
  /** ROLE: which parts this process runs (default `all`). */
  role: Role;
  /** `sandbox` when no Slack credentials are configured: the app runs against the local fake Slack. */
  mode: Mode;
  /** Unset: start an embedded PostgreSQL with its files in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /**
   * The app's OAuth credentials. Null in sandbox mode (the sandbox's own are filled in at start) and
   * in single-workspace mode without them (no Connect then).
   */
  slack: SlackCredentials | null;
  /**
   * SLACK_APP_TOKEN (`xapp-…`; `slack run` passes it as SLACK_CLI_XAPP): events, commands and
   * interactivity arrive over Socket Mode instead of `POST /slack/events`; OAuth stays on PORT.
   */
  slackAppToken?: string;
  /**
   * Single-workspace mode (SLACK_BOT_TOKEN, or `slack run`'s SLACK_CLI_XOXB, with an app token): the
   * bot token's workspace is bound to `tenantId` (SINGLE_WORKSPACE_TENANT, default `demo`) at start,
   * as a finished Connect would (docs/development.md, docs/decisions.md).
   */
  singleWorkspace: { botToken: string; tenantId: string } | null;
  slackApiUrl: string;
  slackAuthorizeUrl: string;
  publicUrl: string;
  /** Required outside sandbox mode; in sandbox mode generated and kept in `dataDir` when unset. */
  plusplusSigningSecret?: string;
  /**
   * Also accept the older body-only `v0` internal API signatures (PLUSPLUS_ACCEPT_V0_SIGNATURES): a
   * migration aid, off by default, logged as a warning at start (docs/security.md).
   */
  acceptV0Signatures: boolean;
  /**
   * Where a Connect `return_url` may point (RETURN_URL_ORIGINS); sandbox mode adds its own origins.
   * Empty: no `return_url` is accepted.
   */
  returnUrlOrigins: OriginPattern[];
  /** 32 bytes. Required outside sandbox mode; in sandbox mode generated and kept in `dataDir`. */
  tokenEncryptionKey?: Buffer;
  /**
   * The key before a rotation (TOKEN_ENCRYPTION_KEY_PREVIOUS): still decrypts, never encrypts, until
   * `npm run migrate -- rekey` has re-encrypted every stored token with the current key.
   */
  tokenEncryptionKeyPrevious?: Buffer;
  port: number;
  internalPort: number;
  internalHost: string;
  sandboxPort: number;
  logLevel: string;
  /** Delivery worker tunables (`DELIVERY_*`, all optional; docs/delivery.md). */
  delivery: DeliveryOptions;
  /**
   * Notifications and their deliveries are deleted this many days after they were accepted, once
   * none of their deliveries is still queued or sending (src/app/retention/retention-purge.ts; default 90).
   */
  notificationRetentionDays: number;
  /**
   * Apply pending migrations at start, under a PostgreSQL advisory lock (default true). False leaves
   * them to `npm run migrate` (a deploy step); the process then warns that some are pending, is not
   * ready (`GET /readyz` 503) and starts its workers only once they are applied.
   */
  migrateOnStart: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function decodeKey(value: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return undefined;
  const key = Buffer.from(value, 'base64');
  return key.length === 32 ? key : undefined;
}

/**
 * The variables the checks across variables read. Each is optional text, which cannot fail to
 * parse, so those checks run (and report) even when another variable is invalid.
 */
const CrossChecked = EnvSchema.pick({
  SLACK_APP_TOKEN: true,
  SLACK_BOT_TOKEN: true,
  SINGLE_WORKSPACE_TENANT: true,
  SLACK_CLIENT_ID: true,
  SLACK_CLIENT_SECRET: true,
  SLACK_SIGNING_SECRET: true,
  PLUSPLUS_SIGNING_SECRET: true,
  TOKEN_ENCRYPTION_KEY: true,
  TOKEN_ENCRYPTION_KEY_PREVIOUS: true,
});

/** Parses the environment; throws one ConfigError listing every problem. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.') || 'environment'}: ${issue.message}`);
    }
  }
  // `slack run` (the Slack CLI) hands the start hook its tokens under its own names.
  const e = CrossChecked.parse({
    ...env,
    SLACK_APP_TOKEN: env.SLACK_APP_TOKEN?.trim() || env.SLACK_CLI_XAPP,
    SLACK_BOT_TOKEN: env.SLACK_BOT_TOKEN?.trim() || env.SLACK_CLI_XOXB,
  });

  const slackVars = {
    SLACK_CLIENT_ID: e.SLACK_CLIENT_ID,
    SLACK_CLIENT_SECRET: e.SLACK_CLIENT_SECRET,
    SLACK_SIGNING_SECRET: e.SLACK_SIGNING_SECRET,
  };
  const given = Object.entries(slackVars).filter(([, v]) => v !== undefined);
  const singleWorkspace = e.SLACK_BOT_TOKEN !== undefined;
  const mode: Mode = given.length === 0 && !singleWorkspace ? 'sandbox' : 'slack';
  if (e.SLACK_APP_TOKEN !== undefined && !/^xapp-[A-Za-z0-9-]+$/.test(e.SLACK_APP_TOKEN)) {
    problems.push(
      'SLACK_APP_TOKEN: must be an app-level token (xapp-…; Basic Information → App-Level Tokens, scope connections:write)',
    );
  }
  if (mode === 'sandbox' && e.SLACK_APP_TOKEN !== undefined) {
    problems.push(
      'SLACK_APP_TOKEN: needs a real Slack app (SLACK_BOT_TOKEN, or the three Slack credentials); sandbox mode talks to the local fake Slack over HTTP',
    );
  }
  if (singleWorkspace) {
    if (!/^xoxb-[A-Za-z0-9-]+$/.test(e.SLACK_BOT_TOKEN!)) {
      problems.push(
        'SLACK_BOT_TOKEN: must be a bot token (xoxb-…; OAuth & Permissions → Bot User OAuth Token)',
      );
    }
    if (e.SLACK_APP_TOKEN === undefined) {
      problems.push(
        'SLACK_APP_TOKEN: required with SLACK_BOT_TOKEN (a single workspace runs over Socket Mode: no public URL)',
      );
    }
  }
  if (e.SINGLE_WORKSPACE_TENANT !== undefined) {
    if (!singleWorkspace) problems.push('SINGLE_WORKSPACE_TENANT: only means something with SLACK_BOT_TOKEN');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(e.SINGLE_WORKSPACE_TENANT)) {
      problems.push('SINGLE_WORKSPACE_TENANT: must match [A-Za-z0-9_-]{1,64}, like every tenant id');
    }
  }
  if (given.length > 0 && given.length < 3) {
    const missing = Object.entries(slackVars)
      .filter(([, v]) => v === undefined)
      .map(([k]) => k);
    problems.push(
      `${missing.join(', ')}: required together with ${given.map(([k]) => k).join(', ')} (set all three Slack credentials, or none for sandbox mode)`,
    );
  }

  let tokenEncryptionKey: Buffer | undefined;
  if (e.TOKEN_ENCRYPTION_KEY !== undefined) {
    tokenEncryptionKey = decodeKey(e.TOKEN_ENCRYPTION_KEY);
    if (!tokenEncryptionKey) {
      problems.push(
        'TOKEN_ENCRYPTION_KEY: must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)',
      );
    }
  } else if (mode === 'slack' && !singleWorkspace) {
    problems.push('TOKEN_ENCRYPTION_KEY: required outside sandbox mode (32 bytes, base64)');
  }
  let tokenEncryptionKeyPrevious: Buffer | undefined;
  if (e.TOKEN_ENCRYPTION_KEY_PREVIOUS !== undefined) {
    tokenEncryptionKeyPrevious = decodeKey(e.TOKEN_ENCRYPTION_KEY_PREVIOUS);
    if (!tokenEncryptionKeyPrevious) {
      problems.push(
        'TOKEN_ENCRYPTION_KEY_PREVIOUS: must be 32 bytes, base64-encoded, like TOKEN_ENCRYPTION_KEY',
      );
    }
  }
  if (mode === 'slack' && !singleWorkspace && e.PLUSPLUS_SIGNING_SECRET === undefined) {
    problems.push('PLUSPLUS_SIGNING_SECRET: required outside sandbox mode');
  }
  if (e.PLUSPLUS_SIGNING_SECRET !== undefined && e.PLUSPLUS_SIGNING_SECRET.length < 16) {
    problems.push('PLUSPLUS_SIGNING_SECRET: must be at least 16 characters');
  }
  const returnUrlOrigins = parseOriginList(
    typeof env.RETURN_URL_ORIGINS === 'string' ? env.RETURN_URL_ORIGINS : '',
  );
  problems.push(...returnUrlOrigins.problems.map((p) => `RETURN_URL_ORIGINS: ${p}`));
  let delivery: DeliveryOptions = {};
  try {
    delivery = parseDeliveryEnv(env);
  } catch (error) {
    problems.push(...(error as Error).message.split('\n  - ').slice(1));
  }
  // Read raw, so this is reported even when another variable fails to parse.
  const rawRole = typeof env.ROLE === 'string' ? env.ROLE.trim().toLowerCase() : '';
  if (rawRole === 'worker' && (env.DATABASE_URL ?? '').trim() === '') {
    problems.push(
      'DATABASE_URL: required with ROLE=worker (an embedded database belongs to the one process that starts it)',
    );
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const all = parsed.data;

  return {
    role: all.ROLE,
    mode,
    databaseUrl: all.DATABASE_URL,
    dataDir: all.DATA_DIR,
    slack:
      mode === 'slack' && given.length === 3
        ? {
            clientId: all.SLACK_CLIENT_ID!,
            clientSecret: all.SLACK_CLIENT_SECRET!,
            signingSecret: all.SLACK_SIGNING_SECRET!,
          }
        : null,
    slackAppToken: e.SLACK_APP_TOKEN,
    singleWorkspace: singleWorkspace
      ? { botToken: e.SLACK_BOT_TOKEN!, tenantId: e.SINGLE_WORKSPACE_TENANT ?? 'demo' }
      : null,
    slackApiUrl: all.SLACK_API_URL.endsWith('/') ? all.SLACK_API_URL : `${all.SLACK_API_URL}/`,
    slackAuthorizeUrl: all.SLACK_AUTHORIZE_URL,
    publicUrl: (all.PUBLIC_URL ?? `http://localhost:${all.PORT}`).replace(/\/+$/, ''),
    plusplusSigningSecret: all.PLUSPLUS_SIGNING_SECRET,
    acceptV0Signatures: all.PLUSPLUS_ACCEPT_V0_SIGNATURES,
    returnUrlOrigins: returnUrlOrigins.origins,
    tokenEncryptionKey,
    tokenEncryptionKeyPrevious,
    port: all.PORT,
    internalPort: all.INTERNAL_PORT,
    internalHost: all.INTERNAL_HOST,
    sandboxPort: all.SANDBOX_PORT,
    logLevel: all.LOG_LEVEL,
    delivery,
    notificationRetentionDays: all.NOTIFICATION_RETENTION_DAYS,
    migrateOnStart: all.MIGRATE_ON_START,
  };
}
