import { type DemoContext, PEOPLE, PLUSPLUS_ATTRIBUTE, SLACK_ATTRIBUTE } from '../context';
import { check, type Step, short, waitFor } from '../runner';

/** Settings, the user push and Test Slack for a match, a no-match and a failing DM. */
export function matchingSteps(ctx: DemoContext): Step[] {
  const { slack, ids, acme, dmText } = ctx;
  return [
    {
      title: 'settings: notifications on, matching expressions',
      essential: true,
      async run() {
        const before = (await acme('GET', '/slack')).body.settings;
        const bad = await acme('PATCH', '/slack/settings', {
          plusplus_user_attribute: 'metadata.slack_email ||',
        });
        check(
          bad.status === 422 && bad.body.error === 'invalid_expression',
          `a broken expression answered ${bad.status}`,
          [short(JSON.stringify(bad.body), 200)],
        );
        const saved = await acme('PATCH', '/slack/settings', {
          notifications_enabled: true,
          plusplus_user_attribute: PLUSPLUS_ATTRIBUTE,
          slack_user_attribute: SLACK_ATTRIBUTE,
        });
        check(saved.status === 200, `PATCH /slack/settings answered ${saved.status}`, [
          short(JSON.stringify(saved.body), 200),
        ]);
        check(
          saved.body.notifications_enabled === true &&
            saved.body.plusplus_user_attribute === PLUSPLUS_ATTRIBUTE,
          'the settings were not saved as sent',
          [JSON.stringify(saved.body)],
        );
        return {
          summary: `notifications_enabled ${before.notifications_enabled} → true`,
          details: [
            `PlusPlus User Attribute "${before.plusplus_user_attribute}" → "${saved.body.plusplus_user_attribute}", Slack User Attribute "${saved.body.slack_user_attribute}"`,
            `"metadata.slack_email ||" refused first: 422 invalid_expression (field ${bad.body.field}), nothing saved`,
          ],
        };
      },
    },
    {
      title: 'user sync: push PlusPlus users',
      essential: true,
      async run() {
        const users = [
          { id: 'u-ada', name: 'Ada Lovelace', email: PEOPLE.ada.slackEmail, is_admin: true },
          // Her PlusPlus email differs from Slack's; the expression picks metadata.slack_email.
          {
            id: 'u-grace',
            name: 'Grace Hopper',
            email: 'grace.hopper@plusplus.example',
            metadata: { slack_email: PEOPLE.grace.slackEmail },
          },
          { id: 'u-alan', name: 'Alan Turing', email: PEOPLE.alan.slackEmail },
          { id: 'u-edsger', name: 'Edsger Dijkstra', email: 'edsger@elsewhere.example' },
        ];
        const pushed = await acme('POST', '/users', { users });
        check(
          pushed.status === 200 && pushed.body.upserted === users.length,
          `POST /users answered ${pushed.status}`,
          [short(JSON.stringify(pushed.body), 200)],
        );
        const linked = async (timeoutMs: number) => {
          const run = await acme('POST', '/matching/run');
          check(run.status === 202, `POST /matching/run answered ${run.status}`);
          return waitFor(
            'the re-match to link the users',
            async () => (await acme('GET', '/users/u-grace')).body,
            (u) => u.slack?.user_id === ids.grace,
            { timeoutMs },
          );
        };
        // The settings change above started a re-match that may have read the users before this
        // push; a run asked for meanwhile gets a follow-up run (MatchingService.rematch), so this
        // one request is enough.
        const grace = await linked(15_000);
        const report = (await acme('GET', '/matching/report')).body;
        const counts = report.plusplus_users;
        const members = report.slack_members;
        check(
          counts?.matched === 3 && counts?.unmatched === 1,
          'the report should say 3 matched, 1 unmatched',
          [short(JSON.stringify(report), 300)],
        );
        const unmatched = (report.unmatched as Array<{ user_id: string; reason: string }>)
          .map((u) => `${u.user_id} (${u.reason})`)
          .join(', ');
        return {
          summary: `POST /users upserted ${pushed.body.upserted}; ${counts.matched} matched, ${counts.unmatched} unmatched`,
          details: [
            `GET /matching/report: Slack members ${members.total} (${members.matchable} matchable, ${members.bots} bots, ${members.deleted} deleted, ${members.without_email} without email)`,
            `u-grace linked to ${grace.slack.user_id} "${grace.slack.display_name}" through metadata.slack_email; unmatched: ${unmatched}`,
          ],
        };
      },
    },
    {
      title: 'Test Slack: Ada (match, DM sent)',
      async run() {
        const answer = await acme('POST', '/users/u-ada/test-slack', { actor_user_id: 'u-ada' });
        check(
          answer.status === 200 &&
            answer.body.outcome === 'matched' &&
            answer.body.test_message?.sent === true,
          `expected matched + sent, got ${answer.status} ${short(JSON.stringify(answer.body), 200)}`,
        );
        const text = await dmText(ids.ada);
        return {
          summary: `matched ${answer.body.slack.user_id} "${answer.body.slack.display_name}", test_message.sent true`,
          details: [`Ada's DM in Slack: "${short(text, 90)}"`],
        };
      },
    },
    {
      title: 'Test Slack: Edsger (no Slack account)',
      async run() {
        const answer = await acme('POST', '/users/u-edsger/test-slack', { actor_user_id: 'u-ada' });
        check(
          answer.status === 200 && answer.body.outcome === 'not_found',
          `expected not_found, got ${answer.status} ${short(JSON.stringify(answer.body), 200)}`,
        );
        return {
          summary: `not_found: "${answer.body.message}"`,
          details: [
            `tested by admin u-ada; reason ${answer.body.reason}, stored identity ${JSON.stringify(answer.body.slack)}`,
          ],
        };
      },
    },
    {
      title: 'Test Slack: Alan (match, DM fails)',
      async run() {
        // Slack deactivates Alan; the user_change event has not reached the app yet, so its directory
        // still lists him and Slack itself refuses the DM.
        await slack.control('PATCH', `/workspaces/${ids.acme}/members/${ids.alan}`, { deleted: true });
        const answer = await acme('POST', '/users/u-alan/test-slack', { actor_user_id: 'u-ada' });
        check(
          answer.status === 200 &&
            answer.body.outcome === 'matched' &&
            answer.body.test_message?.sent === false,
          `expected matched + sent:false, got ${answer.status} ${short(JSON.stringify(answer.body), 200)}`,
        );
        const stored = (await acme('GET', '/users/u-alan')).body;
        check(stored.slack?.user_id === ids.alan, 'the new identity should be kept after a failed DM');
        return {
          summary: `matched ${answer.body.slack.user_id}, test_message.sent false, error ${answer.body.test_message.error}`,
          details: [
            'Alan was deactivated in the fake Slack (control API) before his user_change event reached the app',
            `identity kept: GET /users/u-alan → slack.user_id ${stored.slack.user_id}`,
          ],
        };
      },
    },
  ];
}
