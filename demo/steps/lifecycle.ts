import { ResponseUrlCollector, SlackDriver } from '../../src/sandbox/driver';
import type { DemoContext, StoredMessage } from '../context';
import { check, type Step, short, waitFor } from '../runner';
import { storedTokens } from '../token-proof';

/** A track channel, a user muting themselves in Slack, and the uninstall. */
export function lifecycleSteps(ctx: DemoContext): Step[] {
  const {
    app,
    api,
    slack,
    clientId,
    globexTenant,
    ids,
    acme,
    acmeInstall,
    notify,
    describe,
    expectDeliveries,
  } = ctx;
  return [
    {
      title: 'track channel',
      async run() {
        const path = '/tracks/trk-data-101/channel';
        const put = await acme('PUT', path, {
          name: 'Data 101 — Spring Cohort',
          member_user_ids: ['u-ada', 'u-grace', 'u-alan', 'u-edsger'],
          topic: 'Data 101: Tuesdays 15:00 UTC',
        });
        check(
          put.status === 202 && put.body.status === 'pending',
          `PUT ${path} answered ${put.status} ${put.body?.status}`,
        );
        const view = await waitFor(
          'the track channel to be provisioned',
          async () => (await acme('GET', path)).body,
          (v) =>
            v.status !== 'pending' &&
            (v.members as Array<{ status: string }>).every((m) => m.status !== 'pending'),
        );
        check(view.status === 'active', `status ${view.status}${view.error ? ` (${view.error})` : ''}`, [
          short(JSON.stringify(view), 300),
        ]);
        const members = view.members as Array<{ user_id: string; status: string; reason?: string }>;
        const want: Record<string, string> = {
          'u-ada': 'invited',
          'u-grace': 'invited',
          'u-alan': 'failed cant_invite',
          'u-edsger': 'skipped no_slack_account',
        };
        const got = members.map((m) => `${m.user_id} ${m.status}${m.reason ? ` ${m.reason}` : ''}`);
        for (const [user, status] of Object.entries(want)) {
          check(got.includes(`${user} ${status}`), `${user} should be ${status}`, [got.join(', ')]);
        }
        const channels = await slack.control<
          Array<{ id: string; name: string; topic: string; members: string[] }>
        >('GET', `/channels?team=${ids.acme}`);
        const channel = channels.find((c) => c.id === view.channel.id);
        check(channel, `channel ${view.channel.id} is not in the fake Slack`);
        const posted = await slack.control<StoredMessage[]>(
          'GET',
          `/messages?team=${ids.acme}&channel=${channel.id}`,
        );
        const install = await acmeInstall();
        const names: Record<string, string> = {
          [ids.ada]: 'Ada',
          [ids.grace]: 'Grace',
          [ids.alan]: 'Alan',
          [install.botUserId]: 'the PlusPlus bot',
        };
        return {
          summary: `active: #${view.channel.name} (${view.channel.id})`,
          details: [
            `members: ${got.join(', ')}`,
            `in Slack: topic "${channel.topic}", members ${channel.members.map((m) => names[m] ?? m).join(', ')}; welcome: "${short(posted[0]?.text ?? '(none)', 60)}"`,
          ],
        };
      },
    },
    {
      title: 'mute Grace (/plusplus mute in Slack)',
      async run() {
        const install = await acmeInstall();
        const responses = await ResponseUrlCollector.start();
        try {
          const driver = new SlackDriver({
            appUrl: app.slackUrl,
            signingSecret: app.secrets.slackSigningSecret,
            apiAppId: install.appId,
            botUserId: install.botUserId,
            responseUrls: responses,
          });
          const ack = await driver.slashCommand({
            team_id: ids.acme,
            user_id: ids.grace,
            command: '/plusplus',
            text: 'mute',
          });
          check(ack.status === 200, `the slash command was answered ${ack.status}`);
          const reply = await waitFor(
            "the app's ephemeral reply",
            async () => responses.received[0],
            (r) => r !== undefined,
          );
          const replyText = String((reply.body as { text?: string }).text ?? '');
          const grace = (await acme('GET', '/users/u-grace')).body;
          check(
            grace.receive_slack_notifications === false,
            'GET /users/u-grace should say receive_slack_notifications:false',
          );
          const { accepted, status } = await notify('reminder', ['u-grace'], 'Intro to SQL is due Friday');
          expectDeliveries(status.deliveries, { 'u-grace': 'skipped user_opted_out' });
          return {
            summary: 'next notification: u-grace skipped user_opted_out',
            details: [
              `ack ${ack.status} in ${Math.round(ack.ms)} ms, then the ephemeral reply: "${short(replyText, 70)}"`,
              `GET /users/u-grace → receive_slack_notifications false; reminder ${short(accepted.notification_id, 13)} → ${describe(status.deliveries)}`,
            ],
          };
        } finally {
          await responses.close();
        }
      },
    },
    {
      title: 'uninstall from Slack',
      async run() {
        const install = await acmeInstall();
        // What Slack does when an admin removes the app: the tokens stop working, then two events.
        await slack.control('POST', '/uninstall', { teamId: ids.acme, clientId });
        const driver = new SlackDriver({
          appUrl: app.slackUrl,
          signingSecret: app.secrets.slackSigningSecret,
          apiAppId: install.appId,
          botUserId: install.botUserId,
        });
        const uninstalled = await driver.event(ids.acme, { type: 'app_uninstalled' });
        const revoked = await driver.event(ids.acme, {
          type: 'tokens_revoked',
          tokens: { bot: [install.botUserId] },
        });
        check(
          uninstalled.status === 200 && revoked.status === 200,
          `events answered ${uninstalled.status}, ${revoked.status}`,
        );
        const status = await waitFor(
          'GET /slack to say disconnected',
          async () => (await acme('GET', '/slack')).body,
          (s) => s.connected === false && s.revoked !== null,
        );
        const proof = await storedTokens(app.databaseUrl, ids.acme);
        check(!proof || proof.tokens === 0, `${proof?.tokens} tokens are still stored for ${ids.acme}`);
        const other = (await api.tenant(globexTenant, 'GET', '/slack')).body;
        return {
          summary: `connected:false, revoked ${status.revoked.reason}`,
          details: [
            'fake Slack revoked the install and sent app_uninstalled and tokens_revoked (signed, to /slack/events)',
            proof
              ? `tokens stored for ${ids.acme}: ${proof.tokens} (installation rows kept: ${proof.installations}; read-only SQL, no API shows this)`
              : 'tokens stored: not checked (database not reachable)',
            `tenant ${globexTenant} untouched: connected:${other.connected}`,
          ],
        };
      },
    },
    {
      title: 'notification after the uninstall',
      async run() {
        const { accepted, status } = await notify('invite', ['u-ada', 'u-grace'], 'Data 102');
        expectDeliveries(status.deliveries, {
          'u-ada': 'skipped not_connected',
          'u-grace': 'skipped not_connected',
        });
        return {
          summary: 'skipped not_connected',
          details: [`${short(accepted.notification_id, 13)}: ${describe(status.deliveries)}`],
        };
      },
    },
  ];
}
