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
