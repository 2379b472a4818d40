import type { DemoContext } from '../context';
import { check, type Step, type StepOutcome, short } from '../runner';

/** One notification of each type and the statuses GET /notifications/{id} reports. */
export function notificationSteps(ctx: DemoContext): Step[] {
  const { acme, dmText, notify, describe, expectDeliveries } = ctx;
  /** One notification type to users who should all get it, and the DM text in the fake Slack. */
  const notificationStep = (
    type: string,
    title: string,
    recipients: string[],
    expected: Record<string, string>,
    extra?: (sent: Awaited<ReturnType<typeof notify>>) => Promise<string[]>,
  ): Step => ({
    title: `${type} notification`,
    async run(): Promise<StepOutcome> {
      const sent = await notify(type, recipients, title);
      const { status } = sent;
      expectDeliveries(status.deliveries, expected);
      const details = [
        `GET /notifications/${short(status.notification_id, 13)}: ${describe(status.deliveries)}`,
      ];
      const firstSent = status.deliveries.find((d) => d.status === 'sent');
      if (firstSent?.slack_user_id) {
        details.push(
          `${firstSent.user_id}'s DM in Slack: "${short(await dmText(firstSent.slack_user_id), 80)}"`,
        );
      }
      if (extra) details.push(...(await extra(sent)));
      const counts = status.deliveries.reduce<Record<string, number>>((acc, d) => {
        acc[d.status] = (acc[d.status] ?? 0) + 1;
        return acc;
      }, {});
      return {
        summary: Object.entries(counts)
          .map(([s, n]) => `${n} ${s}`)
          .join(', '),
        details,
      };
    },
  });

  return [
    notificationStep(
      'invite',
      'Data 101',
      ['u-ada', 'u-grace', 'u-edsger', 'u-ghost'],
      {
        'u-ada': 'sent',
        'u-grace': 'sent',
        'u-edsger': 'skipped no_slack_account',
        'u-ghost': 'skipped unknown_user',
      },
      async ({ request, status }) => {
        // The backend retries a POST it got no answer to: the same key must not send twice.
        const again = await acme('POST', '/notifications', request);
        check(
          again.status === 200 && again.body.notification_id === status.notification_id,
          `the same idempotency_key again answered ${again.status} ${again.body.notification_id}`,
        );
        return [
          'the same request again (same idempotency_key): 200 with the first answer, nothing new queued',
        ];
      },
    ),
    notificationStep('enrollment', 'Data 101', ['u-ada'], { 'u-ada': 'sent' }),
    notificationStep('assignment', 'Intro to SQL', ['u-grace'], { 'u-grace': 'sent' }),
    notificationStep('reminder', 'Data 101 starts tomorrow', ['u-ada', 'u-alan'], {
      'u-ada': 'sent',
      'u-alan': 'failed user_disabled',
    }),
  ];
}
