import { z } from 'zod';
import type { MatchingService } from '../services/matching-service';
import { REPORT_PAGE_MAX } from '../services/matching-service';
import type { TestSlackService } from '../services/test-slack';
import { type AnyRoute, defineRoute } from './route';
import { TenantParams, UserId, UserParams } from './schemas';

const TestSlackBody = z.strictObject({ actor_user_id: UserId });

const Expression = z.string().trim().min(1).max(1000);
const PreviewBody = z.strictObject({
  plusplus_user_attribute: Expression.optional(),
  slack_user_attribute: Expression.optional(),
});

const ReportQuery = z.object({
  limit: z.coerce.number().int().min(1).max(REPORT_PAGE_MAX).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export function matchingRoutes(matching: MatchingService, testSlack: TestSlackService): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/internal/v1/tenants/:tenant_id/users/:user_id/test-slack',
      summary: "Resolve the user's Slack identity with the current mapping, store it, and send a test DM",
      tag: 'matching',
      params: UserParams,
      body: TestSlackBody,
      responses: {
        200: {
          description: 'outcome matched (test_message.sent true or false with the Slack error) or not_found',
        },
        403: { description: 'the actor is neither the user nor a PlusPlus admin' },
        409: { description: 'not_connected' },
      },
      async handler({ params, body }) {
        return {
          status: 200,
          body: await testSlack.run(params.tenant_id, params.user_id, body.actor_user_id),
        };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/internal/v1/tenants/:tenant_id/matching/report',
      summary:
        'Counts of Slack members and PlusPlus users by match outcome, and the unmatched users with a reason',
      tag: 'matching',
      params: TenantParams,
      query: ReportQuery,
      responses: { 200: { description: 'the report' }, 409: { description: 'not_connected' } },
      async handler({ params, query }) {
        return { status: 200, body: await matching.report(params.tenant_id, query) };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/internal/v1/tenants/:tenant_id/matching/preview',
      summary: "What proposed expressions would match, and the difference from today's; nothing is saved",
      tag: 'matching',
      params: TenantParams,
      body: PreviewBody,
      responses: {
        200: { description: 'counts and difference' },
        422: { description: 'invalid_expression' },
      },
      async handler({ params, body }) {
        const preview = await matching.preview(params.tenant_id, {
          plusplus: body.plusplus_user_attribute,
          slack: body.slack_user_attribute,
        });
        return { status: 200, body: preview };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/internal/v1/tenants/:tenant_id/matching/run',
      summary: 'Re-match every user now (in the background)',
      tag: 'matching',
      params: TenantParams,
      responses: { 202: { description: 'started' } },
      async handler({ params }) {
        matching.scheduleRematch(params.tenant_id);
        return { status: 202, body: { status: 'started' } };
      },
    }),
  ];
}
