import { Writable } from 'node:stream';
import pino from 'pino';
import { slackLogger } from '../../../src/slack-server/bolt-logger';

/** Bolt's lines reach our logger; the ones below the level cost nothing (not even formatting). */
function capture(level: string) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

describe('slackLogger', () => {
  it('formats only what the level lets through', () => {
    let formatted = 0;
    const costly = {
      toJSON() {
        formatted += 1;
        return { big: true };
      },
    };
    const { logger, lines } = capture('info');
    const log = slackLogger(logger);
    log.debug('request body', costly);
    expect(formatted).toBe(0);
    log.info('installed', costly);
    expect(formatted).toBe(1);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).msg).toBe('installed {"big":true}');
  });

  it('passes debug lines at debug level', () => {
    const { logger, lines } = capture('debug');
    slackLogger(logger).debug('a', 1);
    expect(JSON.parse(lines[0]!).msg).toBe('a 1');
  });
});
