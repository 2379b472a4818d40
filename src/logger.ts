import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Paths that may carry secrets anywhere in a logged object. Logging ids (team, user, installation)
 * is the habit; this list is the safety net if an object slips through.
 */
const REDACT_PATHS = [
  'token',
  'botToken',
  'bot_token',
  'access_token',
  'refresh_token',
  'refreshToken',
  'client_secret',
  'clientSecret',
  'signingSecret',
  'password',
  'authorization',
  '*.token',
  '*.botToken',
  '*.bot_token',
  '*.access_token',
  '*.refresh_token',
  '*.refreshToken',
  '*.client_secret',
  '*.password',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];

export interface LoggerOptions {
  level: string;
  /** Human-readable lines (pino-pretty) instead of JSON; default: only when stdout is a terminal. */
  pretty?: boolean;
  /** Where JSON lines go (tests capture them); default stdout. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const base: pino.LoggerOptions = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { pid: process.pid },
  };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } },
    });
  }
  return pino(base);
}
