/**
 * `/plusplus` text → what the user asked for. Pure. Slack escapes mentions and emails when the
 * command has `should_escape` on (our manifest does): `<@U123|ada>` and `<mailto:a@b.co|a@b.co>`;
 * raw forms are accepted too.
 */
export type PlusPlusCommand =
  | { kind: 'help' }
  | { kind: 'status' }
  | { kind: 'mute' }
  | { kind: 'unmute' }
  | { kind: 'mapping' }
  | { kind: 'test'; target: null | { slackUserId: string } | { email: string } }
  | { kind: 'unknown'; text: string };

const MENTION = /^<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>$/;
const MAILTO = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/;
const EMAIL = /^[^\s@<>|]+@[^\s@<>|]+\.[^\s@<>|]+$/;

export function parseCommand(text: string | undefined): PlusPlusCommand {
  const words = (text ?? '').trim().split(/\s+/).filter(Boolean);
  const [verb = 'help', ...rest] = words;
  switch (verb.toLowerCase()) {
    case 'help':
      return { kind: 'help' };
    case 'status':
      return rest.length ? { kind: 'unknown', text: text ?? '' } : { kind: 'status' };
    case 'mute':
      return rest.length ? { kind: 'unknown', text: text ?? '' } : { kind: 'mute' };
    case 'unmute':
      return rest.length ? { kind: 'unknown', text: text ?? '' } : { kind: 'unmute' };
    case 'mapping':
      return rest.length ? { kind: 'unknown', text: text ?? '' } : { kind: 'mapping' };
    case 'test': {
      if (rest.length === 0) return { kind: 'test', target: null };
      if (rest.length > 1) return { kind: 'unknown', text: text ?? '' };
      const arg = rest[0]!;
      const mention = MENTION.exec(arg);
      if (mention) return { kind: 'test', target: { slackUserId: mention[1]! } };
      const mailto = MAILTO.exec(arg);
      const email = mailto ? mailto[1]! : arg;
      if (EMAIL.test(email)) return { kind: 'test', target: { email: email.toLowerCase() } };
      return { kind: 'unknown', text: text ?? '' };
    }
    default:
      return { kind: 'unknown', text: text ?? '' };
  }
}
