import { z } from 'zod';
import type { MatchingService } from '../services/matching-service';
import { PREVIEW_EXAMPLES_MAX, REPORT_PAGE_MAX } from '../services/matching-service';
import type { TestSlackService } from '../services/test-slack';
import { type AnyRoute, defineRoute } from './route';
import { TenantParams, UserId, UserParams } from './schemas';

const TestSlackBody = z.strictObject({ actor_user_id: UserId });

const Expression = z.string().trim().min(1).max(1000);
const PreviewBody = z.strictObject({
  plusplus_user_attribute: Expression.optional(),
  slack_user_attribute: Expression.optional(),
});

const count = z.number().int().min(0);

const MatchCounts = z.object({
  slack_members: z.object({
    total: count,
    without_email: count,
    bots: count,
    deleted: count,
    matchable: count,
    without_value: count,
    errors: count,
  }),
  plusplus_users: z.object({
    total: count,
    matched: count,
    unmatched: count,
    ambiguous: count,
    errors: count,
  }),
  first_slack_error: z
    .object({ slack_user_id: z.string(), message: z.string() })
    .optional()
    .describe('the first Slack member the Slack expression failed on'),
});

const MatchChange = z
  .object({
    user_id: z.string(),
    from: z.string().optional().describe('the Slack member linked today (lost, changed)'),
    to: z.string().optional().describe('the Slack member the proposed expressions link (gained, changed)'),
    reason: z.string().optional().describe('lost: why the user would not be matched any more'),
  })
  .meta({ id: 'MatchChange' });

const MatchingPreview = z
  .object({
    proposed: z.object({ plusplus_user_attribute: z.string(), slack_user_attribute: z.string() }),
    current: MatchCounts,
    preview: MatchCounts,
    difference: z.object({
      matched: z.number().int().describe('matched users, proposed minus current'),
      gained: count,
      lost: count,
      changed: count,
      examples: z
        .object({ gained: z.array(MatchChange), lost: z.array(MatchChange), changed: z.array(MatchChange) })
        .describe(`up to ${PREVIEW_EXAMPLES_MAX} users of each kind`),
    }),
    directory: z.object({
      warm: z.boolean(),
      custom_fields: z.object({ complete: z.boolean(), missing: count }).optional(),
    }),
  })
  .meta({ id: 'MatchingPreview' });

const MatchingReport = MatchCounts.extend({
  unmatched_total: count,
  unmatched: z.array(
    z.object({
      user_id: z.string(),
      reason: z.string(),
      slack_user_ids: z.array(z.string()).optional(),
      detail: z.string().optional(),
    }),
  ),
  offset: count,
  limit: count,
  directory: z.object({ warm: z.boolean() }),
}).meta({ id: 'MatchingReport' });

/** The answers' schemas (OpenAPI, and the tests check real answers against them). */
export const MatchingSchemas = { MatchingPreview, MatchingReport };

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
      responses: {
        200: { description: 'the report', schema: MatchingReport },
        409: { description: 'not_connected' },
      },
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
        200: { description: 'counts and difference', schema: MatchingPreview },
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
