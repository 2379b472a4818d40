import { z } from 'zod';
import type { ConnectLinks } from '../app/connect/connect-links';
import type { ConnectionStatus, ConnectionStatusService } from '../app/connect/connection-status';
import type { Revocation } from '../app/connect/revocation';
import type { MemberLocales } from '../app/directory-sync/member-locales';
import type { MatchingService } from '../app/user-matching/matching-service';
import { answerReason, compileExpression, ExpressionError } from '../domain/jmespath/jmespath';
import { canonicalLocale } from '../domain/locale';
import { timingSettingsBody } from '../domain/timing/settings';
import { AppError, ErrorCode } from '../errors';
import type { TenantsRepository } from '../persistence/repositories/tenants-repository';
import { type OriginPattern, originAllowed } from '../platform/return-url-origins';
import { type AnyRoute, defineRoute } from './route';
import { TenantParams } from './schemas';
import { timingChanges, timingPatchFields, timingSettingsFields } from './timing-settings';

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
    ...timingPatchFields,
    default_locale: z.string().max(35).nullable().optional().meta({
      description:
        'BCP 47 tag (e.g. `de-DE`) for members whose Slack locale the app has no catalogue for; null: en-US. The app speaks en-US, de-DE, fr-FR, es-ES and ja-JP; another well-formed tag still picks template variants in that locale. Unknown or ill-formed: 422 invalid_request, nothing saved.',
    }),
  })
  .meta({ id: 'SettingsPatch' });

const Settings = z
  .object({
    notifications_enabled: z.boolean(),
    plusplus_user_attribute: z.string(),
    slack_user_attribute: z.string(),
    ...timingSettingsFields,
    default_locale: z.string().nullable(),
  })
  .meta({ id: 'Settings' });

const TAG = 'slack connection';

/**
 * The canonical form of `default_locale`, or 422 invalid_request naming the field (nothing saved):
 * an ill-formed tag, or one Intl has no data for, would silently speak en-US.
 */
function checkLocale(tag: string | null | undefined): string | null | undefined {
  if (tag === undefined || tag === null) return tag;
  const canonical = canonicalLocale(tag);
  if (canonical) return canonical;
  throw new AppError(
    ErrorCode.InvalidRequest,
    `default_locale must be a BCP 47 language tag such as en-US, de-DE, fr-FR, es-ES or ja-JP; ${JSON.stringify(tag.slice(0, 40))} is not one.`,
    undefined,
    { status: 422, extra: { field: 'default_locale' } },
  );
}

/** Compiles an expression or answers 422 invalid_expression naming the field (design §4). */
function checkExpression(field: string, expression: string | undefined): void {
  if (expression === undefined) return;
  try {
    compileExpression(expression);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    const reason = answerReason(error);
    throw new AppError(ErrorCode.InvalidExpression, error.message, undefined, {
      extra: {
        field,
        ...(error.position === undefined ? {} : { position: error.position }),
        ...(reason ? { reason } : {}),
      },
    });
  }
}

/**
 * The admin's browser goes to `return_url` after OAuth, so only the configured origins are allowed
 * (RETURN_URL_ORIGINS; sandbox mode adds its own): anything else would make Connect an open
 * redirect. 400 invalid_request, saying which origin was refused.
 */
function checkReturnUrl(allowed: readonly OriginPattern[], returnUrl: string | undefined): void {
  if (returnUrl === undefined || originAllowed(allowed, returnUrl)) return;
  const origin = new URL(returnUrl).origin;
  throw new AppError(
    ErrorCode.InvalidRequest,
    allowed.length === 0
      ? `return_url is not accepted: no origins are configured (set RETURN_URL_ORIGINS to allow ${origin}).`
      : `return_url must be on one of the origins in RETURN_URL_ORIGINS; ${origin} is not one of them.`,
    [{ path: 'return_url', code: 'origin_not_allowed', message: `${origin} is not an allowed origin` }],
  );
}

// The wire shapes (snake_case, ISO dates) of what the connect use cases return.

function connectLinkBody(link: { url: string; expiresAt: Date }) {
  return { authorize_url: link.url, expires_at: link.expiresAt.toISOString() };
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** GET /slack's answer (design §4). */
function statusBody(s: ConnectionStatus) {
  return {
    connected: s.connected,
    team: s.team,
    installed_at: iso(s.installedAt),
    installed_by: s.installedBy,
    scopes: s.scopes,
    reconnect_required: s.reconnectRequired,
    ...(s.reconnectReason ? { reconnect_reason: s.reconnectReason } : {}),
    pending_connect: s.pendingConnect ? { started_at: s.pendingConnect.startedAt.toISOString() } : null,
    revoked: s.revoked ? { at: s.revoked.at.toISOString(), reason: s.revoked.reason } : null,
    ...(s.message === undefined ? {} : { message: s.message }),
    settings: {
      notifications_enabled: s.settings.notificationsEnabled,
      plusplus_user_attribute: s.settings.plusplusUserAttribute,
      slack_user_attribute: s.settings.slackUserAttribute,
      ...s.settings.timing,
      default_locale: s.settings.defaultLocale,
    },
  };
}

export function slackRoutes(
  connect: {
    links: Pick<ConnectLinks, 'createConnectLink'>;
    status: Pick<ConnectionStatusService, 'forTenant'>;
    revocation: Pick<Revocation, 'disconnect'>;
    /** Told when default_locale changes, so this process speaks the new default at once. */
    locales?: Pick<MemberLocales, 'forgetTenant'>;
  },
  tenants: TenantsRepository,
  matching: Pick<MatchingService, 'scheduleRematch'>,
  returnUrlOrigins: readonly OriginPattern[] = [],
): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/internal/v1/tenants/:tenant_id/slack/connect',
      summary: 'A one-time Connect link (valid 24 h) that starts the Slack install for this tenant',
      tag: TAG,
      params: TenantParams,
      body: ConnectBody,
      responses: {
        200: { description: '{"authorize_url", "expires_at"}' },
        400: { description: 'a bad body, or a return_url outside RETURN_URL_ORIGINS' },
      },
      async handler({ params, body }) {
        checkReturnUrl(returnUrlOrigins, body.return_url);
        return {
          status: 200,
          body: connectLinkBody(
            await connect.links.createConnectLink(params.tenant_id, body.return_url ?? null),
          ),
        };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/internal/v1/tenants/:tenant_id/slack',
      summary: 'Connection state: workspace, scope health, pending admin approval, settings',
      tag: TAG,
      params: TenantParams,
      responses: {
        200: {
          description:
            'the connection status; reconnect_required with reconnect_reason "token_unreadable" when the stored token does not decrypt with TOKEN_ENCRYPTION_KEY',
        },
      },
      async handler({ params }) {
        return { status: 200, body: statusBody(await connect.status.forTenant(params.tenant_id)) };
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: '/internal/v1/tenants/:tenant_id/slack/settings',
      summary:
        'Notifications switch, the two matching expressions, send window, digest and default time zone; a bad value saves nothing',
      tag: TAG,
      params: TenantParams,
      body: SettingsBody,
      responses: {
        200: { description: 'the settings', schema: Settings },
        422: {
          description:
            'invalid_expression, with `field` and the parser message; `reason: "too_expensive"` when the expression could cost too much to evaluate (docs/security.md); invalid_settings for a bad send_window, digest or default_time_zone (a time that is not "HH:MM", end not after start, no or unknown days, unknown types, max_items outside 1–10, an unknown zone), with `field` and every problem in `details`; invalid_request with `field: "default_locale"` for a locale tag that is ill-formed or unknown',
        },
      },
      async handler({ params, body }) {
        checkExpression('plusplus_user_attribute', body.plusplus_user_attribute);
        checkExpression('slack_user_attribute', body.slack_user_attribute);
        const timing = timingChanges(body);
        const defaultLocale = checkLocale(body.default_locale);
        const saved = await tenants.updateSettings(params.tenant_id, {
          notificationsEnabled: body.notifications_enabled,
          plusplusUserAttribute: body.plusplus_user_attribute,
          slackUserAttribute: body.slack_user_attribute,
          ...timing,
          defaultLocale,
        });
        if (body.default_locale !== undefined || body.default_time_zone !== undefined)
          connect.locales?.forgetTenant(params.tenant_id);
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
            ...timingSettingsBody(saved),
            default_locale: saved.defaultLocale,
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
        await connect.revocation.disconnect(params.tenant_id);
        return { status: 204 };
      },
    }),
  ];
}
