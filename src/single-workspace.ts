/**
 * What a developer sees after `slack run` (or `npm start` with SLACK_BOT_TOKEN and SLACK_APP_TOKEN):
 * single-workspace mode's "what next", the counterpart of sandbox mode's banner. The walk-through
 * behind it is docs/development.md.
 */
export function singleWorkspaceBanner(o: {
  tenantId: string;
  teamName: string | null;
  teamId: string;
}): string {
  const t = `/internal/v1/tenants/${o.tenantId}`;
  return [
    '',
    `PlusPlus for Slack is running for ONE workspace: "${o.teamName ?? o.teamId}" (${o.teamId}) is tenant "${o.tenantId}",`,
    'events, /plusplus and clicks arrive over Socket Mode (no public URL).',
    '',
    'Next, in another terminal (your own Slack address, so you are matched and an admin):',
    `  npm run call -- PUT ${t}/users/me '{"email":"you@example.com","name":"Me","is_admin":true}'`,
    `  npm run call -- PATCH ${t}/slack/settings '{"notifications_enabled":true}'`,
    'then type "/plusplus test" in the app\'s Messages tab in Slack: a test DM arrives. docs/development.md has the rest.',
    '',
  ].join('\n');
}
