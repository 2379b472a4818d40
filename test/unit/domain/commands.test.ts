import { parseCommand } from '../../../src/domain/commands';

describe('parseCommand', () => {
  it.each([
    ['', { kind: 'help' }],
    ['  help ', { kind: 'help' }],
    ['STATUS', { kind: 'status' }],
    ['mute', { kind: 'mute' }],
    ['unmute', { kind: 'unmute' }],
    ['mapping', { kind: 'mapping' }],
    ['test', { kind: 'test', target: null }],
    ['test <@U0123ABC|ada>', { kind: 'test', target: { slackUserId: 'U0123ABC' } }],
    ['test <@W0123ABC>', { kind: 'test', target: { slackUserId: 'W0123ABC' } }],
    ['test <mailto:Ada@Example.com|Ada@Example.com>', { kind: 'test', target: { email: 'ada@example.com' } }],
    ['test ada@example.com', { kind: 'test', target: { email: 'ada@example.com' } }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it.each(['dance', 'test @ada', 'test a b', 'mute now', 'test <@lowercase>', 'test <!channel>', '\u0000'])(
    'treats %j as unknown',
    (text) => {
      expect(parseCommand(text).kind).toBe('unknown');
    },
  );
});
