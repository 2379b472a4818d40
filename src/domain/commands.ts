/**
 * The `/plusplus` subcommands, declared once. The manifest's `usage_hint` (src/slack/manifest.ts),
 * the scope purpose of `commands` (src/slack/scopes.ts), the help text (views/command-replies.ts),
 * the parser below and the listener's routing (listeners/commands/plusplus.ts) all read this list;
 * test/unit/domain/subcommands.test.ts checks that each covers exactly it. Adding a subcommand:
 * docs/listeners.md.
 *
 * Slack escapes mentions and emails when the command has `should_escape` on (our manifest does):
 * `<@U123|ada>` and `<mailto:a@b.co|a@b.co>`; raw forms are accepted too. Pure.
 */
export type PlusPlusCommand =
  | { kind: 'help' }
  | { kind: 'status' }
  | { kind: 'mute' }
  | { kind: 'unmute' }
  | { kind: 'mapping' }
  | { kind: 'test'; target: null | { slackUserId: string } | { email: string } }
  | { kind: 'unknown'; text: string };

/**
 * What the answer to a `/plusplus` command says, as data: CommandsService decides it, and
 * views/command-replies.ts (`commandReply`) words it.
 */
export type CommandAnswer =
  | { kind: 'help' }
  | { kind: 'unknown'; text: string }
  | { kind: 'not_connected' }
  | { kind: 'no_account' }
  | {
      kind: 'status';
      userName: string | null;
      userId: string;
      receiving: boolean;
      connectionHealthy: boolean;
    }
  | { kind: 'muted' }
  | { kind: 'unmuted' }
  /** `what` the user tried that only PlusPlus admins may do. */
  | { kind: 'admins_only'; what: 'mapping' | 'test_others' }
  | { kind: 'mapping'; plusplus: string; slack: string }
  /** `/plusplus test`: `self` when the person tested is the one who typed it; `targetLabel` names them otherwise. */
  | {
      kind: 'test';
      outcome: 'matched' | 'not_found';
      targetLabel: string;
      self: boolean;
      slackUserId?: string;
      sent?: boolean;
      error?: string;
    }
  /** `/plusplus test <someone>` named nobody PlusPlus knows; `label` is how they were named. */
  | { kind: 'target_not_found'; label: string };

/** The word after `/plusplus` that names a subcommand; also the `kind` it parses to. */
export type SubcommandName = Exclude<PlusPlusCommand['kind'], 'unknown'>;

/**
 * Which of the /plusplus listener's answers a subcommand gets (listeners/commands/plusplus.ts):
 * - `help-in-ack`: the help text, in the ack itself (no database or Slack call);
 * - `mapping-modal`: acks and opens the mapping modal at once (the command's trigger id dies after
 *   3 s); CommandsService answers those who may not open it;
 * - `commands-service`: acks, then CommandsService answers through response_url, in its turn.
 */
export type SubcommandHandler = 'help-in-ack' | 'mapping-modal' | 'commands-service';

/** Names a help line; views/i18n has its words per language (`help.does.<id>`); `does` is en-US. */
export type HelpLineId = 'help' | 'status' | 'test' | 'test_others' | 'mute' | 'mapping';

/** One `/plusplus` subcommand. */
export interface SubcommandDeclaration {
  name: SubcommandName;
  /** Its part of the manifest's usage_hint (Slack's autocomplete), e.g. `test [@user|email]`. */
  usage: string;
  /**
   * Its lines in `/plusplus help`: how it is typed (Slack markdown) and what it does. Empty when
   * another subcommand's line already covers it (`unmute` shares `mute`'s line).
   */
  help: ReadonlyArray<{ id: HelpLineId; typed: string; does: string }>;
  handler: SubcommandHandler;
  /** Parses the words after the name; null means "not a form of this subcommand" (→ unknown). */
  parse(args: string[]): PlusPlusCommand | null;
}

const MENTION = /^<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>$/;
const MAILTO = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/;
const EMAIL = /^[^\s@<>|]+@[^\s@<>|]+\.[^\s@<>|]+$/;

/** A subcommand that takes no arguments. */
const bare =
  (kind: 'status' | 'mute' | 'unmute' | 'mapping') =>
  (args: string[]): PlusPlusCommand | null =>
    args.length ? null : { kind };

function parseTest(args: string[]): PlusPlusCommand | null {
  if (args.length === 0) return { kind: 'test', target: null };
  if (args.length > 1) return null;
  const arg = args[0]!;
  const mention = MENTION.exec(arg);
  if (mention) return { kind: 'test', target: { slackUserId: mention[1]! } };
  const mailto = MAILTO.exec(arg);
  const email = mailto ? mailto[1]! : arg;
  if (EMAIL.test(email)) return { kind: 'test', target: { email: email.toLowerCase() } };
  return null;
}

/** Every subcommand, in the order of the manifest's usage_hint. */
export const SUBCOMMANDS: readonly SubcommandDeclaration[] = [
  {
    name: 'help',
    usage: 'help',
    help: [{ id: 'help', typed: '`/plusplus help`', does: 'this list' }],
    handler: 'help-in-ack',
    // `help anything` is still help.
    parse: () => ({ kind: 'help' }),
  },
  {
    name: 'status',
    usage: 'status',
    help: [
      {
        id: 'status',
        typed: '`/plusplus status`',
        does: 'your linked PlusPlus account and whether Slack notifications are on',
      },
    ],
    handler: 'commands-service',
    parse: bare('status'),
  },
  {
    name: 'test',
    usage: 'test [@user|email]',
    help: [
      {
        id: 'test',
        typed: '`/plusplus test`',
        does: 'find your PlusPlus account and send yourself a test message',
      },
      {
        id: 'test_others',
        typed: '`/plusplus test @someone` or `/plusplus test someone@example.com`',
        does: 'test another user (admins)',
      },
    ],
    handler: 'commands-service',
    parse: parseTest,
  },
  {
    name: 'mute',
    usage: 'mute',
    help: [
      {
        id: 'mute',
        typed: '`/plusplus mute` / `/plusplus unmute`',
        does: 'turn PlusPlus notifications in Slack off or on (email continues)',
      },
    ],
    handler: 'commands-service',
    parse: bare('mute'),
  },
  { name: 'unmute', usage: 'unmute', help: [], handler: 'commands-service', parse: bare('unmute') },
  {
    name: 'mapping',
    usage: 'mapping',
    help: [
      {
        id: 'mapping',
        typed: '`/plusplus mapping`',
        does: 'how PlusPlus users are matched to Slack members (admins)',
      },
    ],
    handler: 'mapping-modal',
    parse: bare('mapping'),
  },
];

/** The declaration of `name` (every SubcommandName has one; the subcommands test checks it). */
export function subcommand(name: SubcommandName): SubcommandDeclaration {
  const found = SUBCOMMANDS.find((s) => s.name === name);
  if (!found) throw new Error(`/plusplus ${name} is not declared in SUBCOMMANDS`);
  return found;
}

/** `/plusplus` text → what the user asked for; no text is `help`. */
export function parseCommand(text: string | undefined): PlusPlusCommand {
  const words = (text ?? '').trim().split(/\s+/).filter(Boolean);
  const [verb = 'help', ...rest] = words;
  const declared = SUBCOMMANDS.find((s) => s.name === verb.toLowerCase());
  return declared?.parse(rest) ?? { kind: 'unknown', text: text ?? '' };
}
