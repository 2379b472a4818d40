import { z } from 'zod';
import type { MatchingService } from '../app/user-matching/matching-service';
import {
  type MatchCounts as MatchCountsData,
  type MatchingPreview as MatchingPreviewData,
  type MatchingReport as MatchingReportData,
  PREVIEW_EXAMPLES_MAX,
  REPORT_PAGE_MAX,
} from '../app/user-matching/matching-types';
import type { TestSlackResult, TestSlackService } from '../app/user-matching/test-slack';
import type { MatchChange as MatchChangeData } from '../domain/matching/matcher';
import { type AnyRoute, defineRoute } from './route';
import { TenantParams, UserId, UserParams } from './schemas';
import { slackIdentityBody } from './users';

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

// The wire shapes (design §4): the use case returns camelCase data, the API answers snake_case.
// Each body is typed by its schema, so a field the schema and the mapping disagree on fails to compile.

function countsBody(c: MatchCountsData): z.infer<typeof MatchCounts> {
  const s = c.slack;
  const u = c.users;
  return {
    slack_members: {
      total: s.total,
      without_email: s.withoutEmail,
      bots: s.bots,
      deleted: s.deleted,
      matchable: s.matchable,
      without_value: s.withoutValue,
      errors: s.errors,
    },
    plusplus_users: {
      total: u.total,
      matched: u.matched,
      unmatched: u.unmatched,
      ambiguous: u.ambiguous,
      errors: u.errors,
    },
    ...(c.firstSlackError
      ? {
          first_slack_error: {
            slack_user_id: c.firstSlackError.slackUserId,
            message: c.firstSlackError.message,
          },
        }
      : {}),
  };
}

function changeBody(change: MatchChangeData): z.infer<typeof MatchChange> {
  return {
    user_id: change.userId,
    ...(change.from !== undefined ? { from: change.from } : {}),
    ...(change.to !== undefined ? { to: change.to } : {}),
    ...(change.reason !== undefined ? { reason: change.reason } : {}),
  };
}

/** The body of GET /matching/report. */
function reportBody(r: MatchingReportData): z.infer<typeof MatchingReport> {
  return {
    ...countsBody(r.counts),
    unmatched_total: r.unmatchedTotal,
    unmatched: r.unmatched.map((u) => ({
      user_id: u.userId,
      reason: u.reason,
      ...(u.slackUserIds ? { slack_user_ids: [...u.slackUserIds] } : {}),
      ...(u.detail ? { detail: u.detail } : {}),
    })),
    offset: r.offset,
    limit: r.limit,
    directory: { warm: r.directoryWarm },
  };
}

/** The body of POST /matching/preview. */
function previewBody(p: MatchingPreviewData): z.infer<typeof MatchingPreview> {
  const d = p.difference;
  return {
    proposed: { plusplus_user_attribute: p.proposed.plusplus, slack_user_attribute: p.proposed.slack },
    current: countsBody(p.current),
    preview: countsBody(p.preview),
    difference: {
      matched: d.matched,
      gained: d.gained,
      lost: d.lost,
      changed: d.changed,
      examples: {
        gained: d.examples.gained.map(changeBody),
        lost: d.examples.lost.map(changeBody),
        changed: d.examples.changed.map(changeBody),
      },
    },
    directory: { warm: p.directoryWarm, ...(p.customFields ? { custom_fields: p.customFields } : {}) },
  };
}

/** The body of POST /users/{id}/test-slack (design §4). */
function testSlackBody(r: TestSlackResult) {
  if (r.outcome === 'not_found') {
    const { slack, ...rest } = r;
    return { ...rest, slack: slackIdentityBody(slack) };
  }
  return { outcome: r.outcome, slack: slackIdentityBody(r.slack), test_message: r.testMessage };
}

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
          body: testSlackBody(await testSlack.run(params.tenant_id, params.user_id, body.actor_user_id)),
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
        return { status: 200, body: reportBody(await matching.report(params.tenant_id, query)) };
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
        422: {
          description:
            'invalid_expression, with `field`; `reason: "too_expensive"` when an expression could cost too much to evaluate',
        },
      },
      async handler({ params, body }) {
        const preview = await matching.preview(params.tenant_id, {
          plusplus: body.plusplus_user_attribute,
          slack: body.slack_user_attribute,
        });
        return { status: 200, body: previewBody(preview) };
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
