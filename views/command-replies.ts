import { escapeSlack } from './escape';

/**
 * The ephemeral answers of `/plusplus`. Pure builders: every user-supplied string is escaped.
 */
export interface Reply {
  text: string;
}

export const USAGE = [
  '*PlusPlus for Slack* — `/plusplus` commands:',
  '• `/plusplus status` — your linked PlusPlus account and whether Slack notifications are on',
  '• `/plusplus test` — find your PlusPlus account and send yourself a test message',
  '• `/plusplus test @someone` or `/plusplus test someone@example.com` — test another user (admins)',
  '• `/plusplus mute` / `/plusplus unmute` — turn PlusPlus notifications in Slack off or on (email continues)',
  '• `/plusplus mapping` — how PlusPlus users are matched to Slack members (admins)',
  '• `/plusplus help` — this list',
].join('\n');

export const helpReply = (): Reply => ({ text: USAGE });

export const unknownReply = (text: string): Reply => ({
  text: `Sorry, I don't know \`${escapeSlack(text.slice(0, 100))}\`.\n\n${USAGE}`,
});

export const notConnectedReply = (): Reply => ({
  text: 'PlusPlus is not connected to this Slack workspace any more. A PlusPlus admin can reconnect it in PlusPlus: System Settings > Integrations > Slack.',
});

export const noAccountReply = (): Reply => ({
  text:
    "I couldn't find your PlusPlus account. Check that your email in Slack is the one you use in PlusPlus, " +
    'or ask a PlusPlus admin to check the user matching settings.',
});

export function statusReply(o: {
  userName: string | null;
  userId: string;
  receiving: boolean;
  connectionHealthy: boolean;
}): Reply {
  const who = o.userName ? `${escapeSlack(o.userName)} (${escapeSlack(o.userId)})` : escapeSlack(o.userId);
  return {
    text: [
      `Your Slack account is linked to the PlusPlus account *${who}*.`,
      o.receiving
        ? 'PlusPlus notifications in Slack are *on*. Turn them off with `/plusplus mute`.'
        : 'PlusPlus notifications in Slack are *off* (you still get email). Turn them on with `/plusplus unmute`.',
      o.connectionHealthy
        ? ''
        : 'Note: the connection needs attention from a PlusPlus admin (missing permissions).',
    ]
      .filter(Boolean)
      .join('\n'),
  };
}

export const mutedReply = (): Reply => ({
  text: 'Done: PlusPlus will not send you Slack notifications any more. You still get them by email. `/plusplus unmute` turns them back on.',
});

export const unmutedReply = (): Reply => ({
  text: 'Done: PlusPlus notifications in Slack are on again. `/plusplus mute` turns them off.',
});

export const adminsOnlyReply = (what: string): Reply => ({
  text: `Only PlusPlus admins can ${what}.`,
});

/**
 * The answer to `/plusplus test`. `self`: the person tested is the one who typed the command
 * ("You are linked to …"); otherwise `targetLabel` names them ("Ada Lovelace is linked to …").
 */
export function testReply(o: {
  outcome: 'matched' | 'not_found';
  targetLabel: string;
  self?: boolean;
  slackUserId?: string;
  sent?: boolean;
  error?: string;
}): Reply {
  const target = escapeSlack(o.targetLabel);
  if (o.outcome === 'not_found') {
    const whose = o.self ? 'your Slack account' : `the Slack account of ${target}`;
    return { text: `Could not find ${whose} with the current matching settings.` };
  }
  const linked = `${o.self ? 'You are' : `${target} is`} linked to <@${o.slackUserId}>.`;
  if (o.sent) return { text: `${linked} A test message is on its way.` };
  return {
    text: `${linked} The test message could not be sent: \`${escapeSlack(o.error ?? 'unknown_error')}\`.`,
  };
}

export const targetNotFoundReply = (label: string): Reply => ({
  text: `I couldn't find a PlusPlus user for ${escapeSlack(label)}.`,
});

export function mappingReply(o: { plusplus: string; slack: string }): Reply {
  return {
    text: [
      '*User matching*: a PlusPlus user is linked to the Slack member whose values match.',
      `• PlusPlus User Attribute: \`${escapeSlack(o.plusplus)}\``,
      `• Slack User Attribute: \`${escapeSlack(o.slack)}\``,
      'Change them in PlusPlus (System Settings > Integrations > Slack).',
    ].join('\n'),
  };
}

export const failedReply = (): Reply => ({
  text: 'Something went wrong on our side; nothing was changed. Please try again in a minute.',
});

/** Given in the ack itself when too many commands are waiting to be answered. */
export const busyReply = (): Reply => ({
  text: 'PlusPlus is busy answering other commands right now; nothing was changed. Please try again in a minute.',
});
