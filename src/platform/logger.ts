import pino from 'pino';
import { redactText, redactTokens, redactValue, SecretValues } from './log-redaction';

export type Logger = pino.Logger;

const secretValuesKey = Symbol('plusplus.secretValues');

export interface LoggerOptions {
  level: string;
  /** Human-readable lines (pino-pretty) instead of JSON; default: only when stdout is a terminal. */
  pretty?: boolean;
  /** Where JSON lines go (tests capture them); default stdout. */
  destination?: pino.DestinationStream;
}

/**
 * The process's logger. Everything it writes passes through src/platform/log-redaction.ts: logged objects
 * and child bindings are copied with secrets masked by key and by value at any depth, message
 * strings are masked, and the finished line is checked once more for token-looking text and the
 * process's own secret values (see registerLogSecrets).
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = new SecretValues();
  const base: pino.LoggerOptions = {
    level: options.level,
    base: { pid: process.pid },
    // formatters.log below already turned every Error (at any key) into pino's serialized form.
    serializers: { err: (value: unknown) => value },
    formatters: {
      log: (object) => safely(() => redactValue(object, secrets) as Record<string, unknown>),
      bindings: (bindings) => safely(() => redactValue(bindings, secrets) as pino.Bindings),
    },
    hooks: {
      logMethod(args, method) {
        const masked: unknown[] = args.map((a) => (typeof a === 'string' ? redactText(a, secrets) : a));
        // `logger.error(err)`: pino would take the message from err.message unmasked; say it here.
        if (masked[0] instanceof Error && typeof masked[1] !== 'string') {
          const err = masked[0];
          masked.splice(0, 1, { err }, redactText(err.message, secrets));
        }
        return method.apply(this, masked as Parameters<typeof method>);
      },
      // The last net: the finished JSON line (this replacement never adds quotes or backslashes).
      streamWrite: (line) => redactTokens(line, secrets),
    },
  };
  let logger: Logger;
  if (options.destination) logger = pino(base, options.destination);
  else if (options.pretty) {
    logger = pino({
      ...base,
      transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } },
    });
  } else logger = pino(base);
  // Child loggers inherit this (pino children are Object.create(parent)).
  (logger as unknown as Record<symbol, SecretValues>)[secretValuesKey] = secrets;
  return logger;
}

/** pino's formatters must not throw: an object that cannot be walked is logged as a marker, never raw. */
function safely<T extends object>(redact: () => T): T {
  try {
    return redact();
  } catch {
    return { redaction: 'failed: the logged object was dropped' } as unknown as T;
  }
}

/**
 * Tells a logger made by createLogger the exact secret values of this process (signing secrets,
 * client secret, encryption key) so they are masked wherever they would appear, even under a key
 * or in a text no rule recognises. Values shorter than 8 characters are ignored.
 */
export function registerLogSecrets(logger: Logger, ...values: Array<string | undefined | null>): void {
  const secrets = (logger as unknown as Record<symbol, SecretValues | undefined>)[secretValuesKey];
  secrets?.add(...values);
}
