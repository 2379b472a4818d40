/**
 * The few HTML pages a browser can land on during Connect when there is no PlusPlus page to send it
 * back to. Pure functions; every dynamic string is HTML-escaped.
 */
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, paragraphs: string[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · PlusPlus for Slack</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1d1c1d}
h1{font-size:1.4rem}code{background:#f4f4f4;padding:0 .25rem}</style></head>
<body><h1>${escapeHtml(title)}</h1>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}</body></html>`;
}

export function connectStartsInPlusPlusPage(): string {
  return page('Connect Slack from PlusPlus', [
    'Connecting Slack starts in PlusPlus: open System Settings > Integrations > Slack and click Connect.',
    'That button gives you a one-time link that brings you here and on to Slack.',
  ]);
}

const REASONS: Record<string, string> = {
  unknown_ticket: 'This Connect link is not valid.',
  expired_ticket: 'This Connect link has expired (links are valid for 24 hours).',
  used_ticket: 'This Connect link was already used; each link works once.',
  access_denied: 'The installation was cancelled in Slack.',
  unknown_state: 'The answer from Slack does not belong to a Connect started here.',
  expired_state: 'The Connect took longer than 10 minutes.',
  reused_state: 'This answer from Slack was already used.',
  missing_state_cookie:
    'Your browser did not send back the cookie set when Connect started (another browser, or cookies blocked).',
  state_mismatch: 'The answer from Slack belongs to a Connect started in another browser session.',
  team_already_connected: 'This Slack workspace is already connected to another PlusPlus instance.',
};

export function connectFailedPage(reason: string): string {
  return page('Slack was not connected', [
    REASONS[reason] ?? `Slack answered with an error (${reason}).`,
    'Nothing was changed. Start again from PlusPlus: System Settings > Integrations > Slack > Connect.',
  ]);
}

/** After an install with no PlusPlus page to return to: what the installer does next. */
export function connectedPage(teamName: string): string {
  return page('Slack is connected', [
    `PlusPlus is now connected to the Slack workspace ${teamName}.`,
    'Next, in Slack: open PlusPlus under Apps and its Home tab. As the person who installed it you are its admin there: check how many PlusPlus users found their Slack account (User matching), then turn on "Allow PlusPlus to send Slack notifications" (it starts off).',
    'Then type /plusplus test in Slack to send yourself a test message; /plusplus help lists the rest. PlusPlus also sent you a DM with these steps.',
    'Running in sandbox mode (npm start)? The fake Slack has no app to open: use its playground, the link npm start printed (/_sandbox/ui on the sandbox port).',
  ]);
}
