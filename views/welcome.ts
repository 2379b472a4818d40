import { escapeSlack } from './escape';
import { context, section } from './home/blocks';
import { PRIVACY_URL } from './ids';

/**
 * The one-time welcome DM for the first visit to the app's Messages tab (design §5, "first
 * contact"): what PlusPlus does here, where help is, and how to mute. No user-supplied text.
 */
export function welcomeMessage(): { text: string; blocks: Array<Record<string, unknown>> } {
  const text =
    'Hi! I’m PlusPlus. I send you your PlusPlus invites, enrollments, assignments and reminders here.';
  return {
    text,
    blocks: [
      section(
        `:wave: ${text}\n` +
          '• `/plusplus help` lists what you can do from Slack.\n' +
          '• `/plusplus mute` (or the switch in my *Home* tab) stops Slack notifications; you still get them by email. `/plusplus unmute` turns them back on.',
      ),
      context(`This is a one-time welcome. <${PRIVACY_URL}|Privacy policy>`),
    ],
  };
}

/**
 * The DM to the person who installed the app, right after the install (design §5): next steps
 * for the admin. Nobody else is messaged. The workspace name is escaped.
 */
export function installerWelcomeMessage(teamName: string | null): {
  text: string;
  blocks: Array<Record<string, unknown>>;
} {
  const where = teamName ? ` to ${escapeSlack(teamName)}` : '';
  const text = `PlusPlus is connected${where}. Here is what to do next.`;
  return {
    text,
    blocks: [
      section(
        `:tada: ${text}\n` +
          '1. Check *user matching* in my *Home* tab: how many PlusPlus users found their Slack account, and why the others did not.\n' +
          '2. Turn on *Allow PlusPlus to send Slack notifications* there (it starts off).\n' +
          '3. Try `/plusplus test` to send yourself a test message.',
      ),
      context(`Only you got this message, because you installed PlusPlus. <${PRIVACY_URL}|Privacy policy>`),
    ],
  };
}
