import { type Logger, LogLevel } from '@slack/web-api';

/** A Slack SDK logger (Bolt, @slack/web-api) that says nothing, for tests that need one. */
export const quietSlackLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};
