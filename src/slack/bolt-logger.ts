import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../logger';

/**
 * Bolt and the Slack SDKs log through @slack/logger's interface; this sends their lines into our
 * pino logger so one stream carries everything (and the same redaction applies).
 */
export function slackLogger(logger: Logger, name = 'bolt'): SlackLogger {
  let child = logger.child({ component: name });
  const format = (msg: unknown[]) =>
    msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg) => child.debug(format(msg)),
    info: (...msg) => child.info(format(msg)),
    warn: (...msg) => child.warn(format(msg)),
    error: (...msg) => child.error(format(msg)),
    setLevel: () => {
      // The level is the process's LOG_LEVEL; Bolt may not change it.
    },
    getLevel: () => {
      const level = child.level;
      if (level === 'trace' || level === 'debug') return LogLevel.DEBUG;
      if (level === 'info') return LogLevel.INFO;
      if (level === 'warn') return LogLevel.WARN;
      return LogLevel.ERROR;
    },
    setName: (newName: string) => {
      child = logger.child({ component: newName });
    },
  };
}
