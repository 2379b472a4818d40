import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../platform/logger';

/**
 * Bolt and the Slack SDKs log through @slack/logger's interface; this sends their lines into our
 * pino logger so one stream carries everything (and the same redaction applies).
 */
export function slackLogger(logger: Logger, name = 'bolt'): SlackLogger {
  let child = logger.child({ component: name });
  const format = (msg: unknown[]) =>
    msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  // Bolt and the Web API client log at debug several times per request, objects included: format
  // (JSON.stringify) only what the level lets through, or every ack pays for lines nobody sees.
  const log =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) => {
      if (child.isLevelEnabled(level)) child[level](format(msg));
    };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
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
