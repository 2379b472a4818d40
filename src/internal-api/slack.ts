import { z } from 'zod';
import { compileExpression, ExpressionError } from '../domain/jmespath';
import { AppError, ErrorCode } from '../errors';
import type { TenantsRepository } from '../persistence/repositories/tenants-repository';
import type { MatchingService } from '../services/matching-service';
import type { ConnectService } from '../slack/connect-service';
import { type AnyRoute, defineRoute } from './route';
import { TenantParams } from './schemas';

const ConnectBody = z.strictObject({
  return_url: z
    .url({ protocol: /^https?$/, error: 'return_url must be an http(s) URL' })
    .max(2000)
    .optional(),
});

const Expression = z.string().trim().min(1, 'the expression may not be empty').max(1000);

const SettingsBody = z
  .strictObject({
    notifications_enabled: z.boolean().optional(),
    plusplus_user_attribute: Expression.optional(),
    slack_user_attribute: Expression.optional(),
  })
  .meta({ id: 'SettingsPatch' });

const Settings = z
  .object({
    notifications_enabled: z.boolean(),
    plusplus_user_attribute: z.string(),
    slack_user_attribute: z.string(),
  })
  .meta({ id: 'Settings' });

const TAG = 'slack connection';

/** Compiles an expression or answers 422 invalid_expression naming the field (design §4). */
function checkExpression(field: string, expression: string | undefined): void {
  if (expression === undefined) return;
  try {
    compileExpression(expression);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    throw new AppError(ErrorCode.InvalidExpression, error.message, undefined, {
      extra: { field, ...(error.position === undefined ? {} : { position: error.position }) },
    });
  }
}

export function slackRoutes(
  connect: ConnectService,
  tenants: TenantsRepository,
  matching: Pick<MatchingService, 'scheduleRematch'>,
): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/internal/v1/tenants/:tenant_id/slack/connect',
      summary: 'A one-time Connect link (valid 24 h) that starts the Slack install for this tenant',
      tag: TAG,
      params: TenantParams,
      body: ConnectBody,
      responses: { 200: { description: '{"authorize_url", "expires_at"}' } },
      async handler({ params, body }) {
        return {
          status: 200,
          body: await connect.createConnectLink(params.tenant_id, body.return_url ?? null),
        };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/internal/v1/tenants/:tenant_id/slack',
      summary: 'Connection state: workspace, scope health, pending admin approval, settings',
      tag: TAG,
      params: TenantParams,
      responses: { 200: { description: 'the connection status' } },
      async handler({ params }) {
        return { status: 200, body: await connect.status(params.tenant_id) };
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: '/internal/v1/tenants/:tenant_id/slack/settings',
      summary: 'Notifications switch and the two matching expressions; a bad expression saves nothing',
      tag: TAG,
      params: TenantParams,
      body: SettingsBody,
      responses: {
        200: { description: 'the settings', schema: Settings },
        422: { description: 'invalid_expression, with `field` and the parser message' },
      },
      async handler({ params, body }) {
        checkExpression('plusplus_user_attribute', body.plusplus_user_attribute);
        checkExpression('slack_user_attribute', body.slack_user_attribute);
        const saved = await tenants.updateSettings(params.tenant_id, {
          notificationsEnabled: body.notifications_enabled,
          plusplusUserAttribute: body.plusplus_user_attribute,
          slackUserAttribute: body.slack_user_attribute,
        });
        // New expressions change who is linked to whom: re-match in the background.
        if (body.plusplus_user_attribute !== undefined || body.slack_user_attribute !== undefined) {
          matching.scheduleRematch(params.tenant_id);
        }
        return {
          status: 200,
          body: {
            notifications_enabled: saved.notificationsEnabled,
            plusplus_user_attribute: saved.plusplusUserAttribute,
            slack_user_attribute: saved.slackUserAttribute,
          },
        };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/internal/v1/tenants/:tenant_id/slack',
      summary: "Disconnect: revoke the token at Slack and forget the installation (users' identities stay)",
      tag: TAG,
      params: TenantParams,
      responses: { 204: { description: 'disconnected (also when it was not connected)' } },
      async handler({ params }) {
        await connect.disconnect(params.tenant_id);
        return { status: 204 };
      },
    }),
  ];
}
