import { escapeSlack } from './escape';
import { context, section } from './home/blocks';
import { EN, type Lang } from './i18n';
import { PRIVACY_URL } from './ids';

/**
 * The one-time welcome DM for the first visit to the app's Messages tab (design §5, "first
 * contact"): what PlusPlus does here, where help is, and how to mute. No user-supplied text. In
 * the language of the member who opened the tab.
 */
export function welcomeMessage(l: Lang = EN): { text: string; blocks: Array<Record<string, unknown>> } {
  const text = l.t('welcome.text');
  return {
    text,
    blocks: [
      section(`:wave: ${text}\n${l.t('welcome.body')}`),
      context(l.t('welcome.context', { privacyUrl: PRIVACY_URL })),
    ],
  };
}

/**
 * The DM to the person who installed the app, right after the install (design §5): next steps
 * for the admin, in the installer's language. Nobody else is messaged. The workspace name is escaped.
 */
export function installerWelcomeMessage(
  teamName: string | null,
  l: Lang = EN,
): {
  text: string;
  blocks: Array<Record<string, unknown>>;
} {
  const text = l.t('installer.text', { hasTeam: teamName ? 'yes' : 'no', team: escapeSlack(teamName ?? '') });
  return {
    text,
    blocks: [
      section(`:tada: ${text}\n${l.t('installer.steps')}`),
      context(l.t('installer.context', { privacyUrl: PRIVACY_URL })),
    ],
  };
}
