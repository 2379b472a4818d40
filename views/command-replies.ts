import { type CommandAnswer, SUBCOMMANDS } from '../src/domain/commands';
import { escapeSlack } from './escape';
import { EN, type Lang } from './i18n';

/**
 * The ephemeral answers of `/plusplus`. Pure builders: every user-supplied string is escaped.
 */
export interface Reply {
  text: string;
}

/**
 * The `/plusplus help` text, built from the declared subcommands (src/domain/commands.ts): their
 * lines in declaration order, `help` itself last since it only points back at this list. Each line
 * is its typed form and what it does in the reader's language (catalogue key `help.does.<id>`).
 */
export function usage(l: Lang = EN): string {
  // The same for every reader of a locale: written once per locale (every /plusplus help ack).
  let text = usageByLocale.get(l.locale);
  if (text === undefined) {
    text = writeUsage(l);
    usageByLocale.set(l.locale, text);
  }
  return text;
}

const usageByLocale = new Map<string, string>();

function writeUsage(l: Lang): string {
  return [
    l.t('help.title'),
    ...[...SUBCOMMANDS.filter((s) => s.name !== 'help'), ...SUBCOMMANDS.filter((s) => s.name === 'help')]
      .flatMap((s) => s.help)
      .map((line) => l.t('help.line', { typed: typedIn(line.typed, l), does: l.t(`help.does.${line.id}`) })),
  ].join('\n');
}

/** A help line's typed forms: "`a` or `b`" in the domain's declaration, the "or" in the reader's words. */
function typedIn(typed: string, l: Lang): string {
  const forms = typed.split(' or ');
  return forms.length === 2 ? l.t('help.either', { a: forms[0]!, b: forms[1]! }) : typed;
}

/** The en-US help text (the docs quote it). */
export const USAGE = usage(EN);

export const helpReply = (l: Lang = EN): Reply => ({ text: usage(l) });

export const unknownReply = (text: string, l: Lang = EN): Reply => ({
  text: `${l.t('reply.unknown', { text: escapeSlack(text.slice(0, 100)) })}\n\n${usage(l)}`,
});

export const notConnectedReply = (l: Lang = EN): Reply => ({ text: l.t('reply.notConnected') });

export const noAccountReply = (l: Lang = EN): Reply => ({ text: l.t('reply.noAccount') });

export function statusReply(
  o: {
    userName: string | null;
    userId: string;
    receiving: boolean;
    connectionHealthy: boolean;
  },
  l: Lang = EN,
): Reply {
  const who = o.userName ? `${escapeSlack(o.userName)} (${escapeSlack(o.userId)})` : escapeSlack(o.userId);
  return {
    text: [
      l.t('reply.status.linked', { who }),
      l.t(o.receiving ? 'reply.status.on' : 'reply.status.off'),
      o.connectionHealthy ? '' : l.t('reply.status.attention'),
    ]
      .filter(Boolean)
      .join('\n'),
  };
}

export const mutedReply = (l: Lang = EN): Reply => ({ text: l.t('reply.muted') });

export const unmutedReply = (l: Lang = EN): Reply => ({ text: l.t('reply.unmuted') });

/** The refusal of an admins-only action, whole sentence per action. */
export const adminsOnlyReply = (
  what: Extract<CommandAnswer, { kind: 'admins_only' }>['what'],
  l: Lang = EN,
): Reply => ({
  text: l.t(what === 'mapping' ? 'reply.adminsOnly.mapping' : 'reply.adminsOnly.test_others'),
});

/**
 * The answer to `/plusplus test`. `self`: the person tested is the one who typed the command
 * ("You are linked to …"); otherwise `targetLabel` names them ("Ada Lovelace is linked to …").
 */
export function testReply(
  o: {
    outcome: 'matched' | 'not_found';
    targetLabel: string;
    self?: boolean;
    slackUserId?: string;
    sent?: boolean;
    error?: string;
  },
  l: Lang = EN,
): Reply {
  const args = { self: o.self ? 'yes' : 'no', target: escapeSlack(o.targetLabel) };
  if (o.outcome === 'not_found') return { text: l.t('reply.test.notFound', args) };
  const mention = `<@${o.slackUserId}>`;
  if (o.sent) return { text: l.t('reply.test.sent', { ...args, mention }) };
  return {
    text: l.t('reply.test.failed', { ...args, mention, error: escapeSlack(o.error ?? 'unknown_error') }),
  };
}

export const targetNotFoundReply = (label: string, l: Lang = EN): Reply => ({
  text: l.t('reply.targetNotFound', { label: escapeSlack(label) }),
});

export function mappingReply(o: { plusplus: string; slack: string }, l: Lang = EN): Reply {
  return { text: l.t('reply.mapping', { plusplus: escapeSlack(o.plusplus), slack: escapeSlack(o.slack) }) };
}

export const failedReply = (l: Lang = EN): Reply => ({ text: l.t('reply.failed') });

/** Given in the ack itself when too many commands are waiting to be answered. */
export const busyReply = (l: Lang = EN): Reply => ({ text: l.t('reply.busy') });

/** The reply that words CommandsService's answer (the listener sends it ephemerally). */
export function commandReply(answer: CommandAnswer, l: Lang = EN): Reply {
  switch (answer.kind) {
    case 'help':
      return helpReply(l);
    case 'unknown':
      return unknownReply(answer.text, l);
    case 'not_connected':
      return notConnectedReply(l);
    case 'no_account':
      return noAccountReply(l);
    case 'status':
      return statusReply(answer, l);
    case 'muted':
      return mutedReply(l);
    case 'unmuted':
      return unmutedReply(l);
    case 'admins_only':
      return adminsOnlyReply(answer.what, l);
    case 'mapping':
      return mappingReply(answer, l);
    case 'test':
      return testReply(answer, l);
    case 'target_not_found':
      return targetNotFoundReply(answer.label, l);
  }
}
