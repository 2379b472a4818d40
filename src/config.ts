import { z } from 'zod';
import type { DeliveryOptions } from './delivery';
import { parseDeliveryEnv } from './delivery/config';

/**
 * Configuration: the variables of design §3, plus NOTIFICATION_RETENTION_DAYS and the optional
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

const EnvSchema = z.object({
  DATABASE_URL: optionalText.refine(
    (value) => value === undefined || /^postgres(ql)?:\/\//.test(value),
    'must be a postgres:// or postgresql:// connection string',
  ),
  DATA_DIR: z.string().trim().min(1).default('./.data'),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_API_URL: url('https://slack.com/api/'),
  SLACK_AUTHORIZE_URL: url('https://slack.com/oauth/v2/authorize'),
  PUBLIC_URL: optionalText.refine(
    (value) => value === undefined || /^https?:\/\/[^\s]+$/.test(value),
    'must be an http(s) URL',
  ),
  PLUSPLUS_SIGNING_SECRET: optionalText,
  TOKEN_ENCRYPTION_KEY: optionalText,
  PORT: port(3000),
  INTERNAL_PORT: port(3001),
  INTERNAL_HOST: z.string().trim().min(1).default('127.0.0.1'),
  SANDBOX_PORT: port(3002),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NOTIFICATION_RETENTION_DAYS: days(90),
});

export type Mode = 'slack' | 'sandbox';

export interface SlackCredentials {
  clientId: string;
  clientSecret: string;
  signingSecret: string;
}

export interface Config {
  /** `sandbox` when no Slack credentials are configured: the app runs against the local fake Slack. */
  mode: Mode;
  /** Unset: start an embedded PostgreSQL with its files in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** Null in sandbox mode until the sandbox's own app credentials are filled in at start. */
  slack: SlackCredentials | null;
  slackApiUrl: string;
  slackAuthorizeUrl: string;
  publicUrl: string;
  /** Required outside sandbox mode; in sandbox mode generated and kept in `dataDir` when unset. */
  plusplusSigningSecret?: string;
  /** 32 bytes. Required outside sandbox mode; in sandbox mode generated and kept in `dataDir`. */
  tokenEncryptionKey?: Buffer;
  port: number;
  internalPort: number;
  internalHost: string;
  sandboxPort: number;
  logLevel: string;
  /** Delivery worker tunables (`DELIVERY_*`, all optional; docs/delivery.md). */
  delivery: DeliveryOptions;
  /**
   * Notifications and their deliveries are deleted this many days after they were accepted, once
   * none of their deliveries is still queued or sending (src/retention.ts; default 90).
   */
  notificationRetentionDays: number;
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
  SLACK_CLIENT_ID: true,
  SLACK_CLIENT_SECRET: true,
  SLACK_SIGNING_SECRET: true,
  PLUSPLUS_SIGNING_SECRET: true,
  TOKEN_ENCRYPTION_KEY: true,
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
  const e = CrossChecked.parse(env);

  const slackVars = {
    SLACK_CLIENT_ID: e.SLACK_CLIENT_ID,
    SLACK_CLIENT_SECRET: e.SLACK_CLIENT_SECRET,
    SLACK_SIGNING_SECRET: e.SLACK_SIGNING_SECRET,
  };
  const given = Object.entries(slackVars).filter(([, v]) => v !== undefined);
  const mode: Mode = given.length === 0 ? 'sandbox' : 'slack';
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
  } else if (mode === 'slack') {
    problems.push('TOKEN_ENCRYPTION_KEY: required outside sandbox mode (32 bytes, base64)');
  }
  if (mode === 'slack' && e.PLUSPLUS_SIGNING_SECRET === undefined) {
    problems.push('PLUSPLUS_SIGNING_SECRET: required outside sandbox mode');
  }
  if (e.PLUSPLUS_SIGNING_SECRET !== undefined && e.PLUSPLUS_SIGNING_SECRET.length < 16) {
    problems.push('PLUSPLUS_SIGNING_SECRET: must be at least 16 characters');
  }
  let delivery: DeliveryOptions = {};
  try {
    delivery = parseDeliveryEnv(env);
  } catch (error) {
    problems.push(...(error as Error).message.split('\n  - ').slice(1));
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const all = parsed.data;

  return {
    mode,
    databaseUrl: all.DATABASE_URL,
    dataDir: all.DATA_DIR,
    slack:
      mode === 'slack'
        ? {
            clientId: all.SLACK_CLIENT_ID!,
            clientSecret: all.SLACK_CLIENT_SECRET!,
            signingSecret: all.SLACK_SIGNING_SECRET!,
          }
        : null,
    slackApiUrl: all.SLACK_API_URL.endsWith('/') ? all.SLACK_API_URL : `${all.SLACK_API_URL}/`,
    slackAuthorizeUrl: all.SLACK_AUTHORIZE_URL,
    publicUrl: (all.PUBLIC_URL ?? `http://localhost:${all.PORT}`).replace(/\/+$/, ''),
    plusplusSigningSecret: all.PLUSPLUS_SIGNING_SECRET,
    tokenEncryptionKey,
    port: all.PORT,
    internalPort: all.INTERNAL_PORT,
    internalHost: all.INTERNAL_HOST,
    sandboxPort: all.SANDBOX_PORT,
    logLevel: all.LOG_LEVEL,
    delivery,
    notificationRetentionDays: all.NOTIFICATION_RETENTION_DAYS,
  };
}
