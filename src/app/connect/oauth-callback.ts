import { type CodedError, type Installation, ErrorCode as OAuthErrorCode } from '@slack/oauth';
import type { ConnectTicketsRepository } from '../../persistence/repositories/connect-tickets-repository';
import {
  InvalidOAuthStateError,
  type PostgresStateStore,
} from '../../persistence/repositories/postgres-state-store';
import type { Logger } from '../../platform/logger';
import { slackErrorCode } from '../../slack/failures';
import { parseInstallMetadata } from '../../slack/installation-store';
import type { ConnectedWorkspaces } from './connected-workspaces';
import type { TokenKeeper } from './token-keeper';

/**
 * How a Connect ended, for the browser: back to PlusPlus's return URL when there is one (with
 * `slack=connected`, or `slack=error&reason=…`), else a page of ours (src/slack-server/oauth-routes.ts).
 */
export type ConnectOutcome =
  | { ok: true; teamName: string; returnUrl: string | null }
  | { ok: false; reason: string; returnUrl: string | null };

/** One `GET /slack/oauth_redirect`, between @slack/oauth's verdict and the answer to the browser. */
export interface CallbackAttempt {
  /** The installation is stored: finish the ticket and announce the workspace. */
  connected(installation: Installation): Promise<ConnectOutcome>;
  /** @slack/oauth refused the callback (or Slack did); `stateCookie` is what the browser sent. */
  failed(error: CodedError, stateCookie: string | undefined): Promise<ConnectOutcome>;
}

export interface OAuthCallbackOptions {
  states: Pick<PostgresStateStore, 'lookup'>;
  tickets: Pick<ConnectTicketsRepository, 'get' | 'finish'>;
  tokens: Pick<TokenKeeper, 'forget'>;
  /** Where a successful install is announced (src/compose.ts subscribes what follows it). */
  connected: Pick<ConnectedWorkspaces, 'publish'>;
  logger: Logger;
}

/** The end of Slack's OAuth flow (design §4): the ticket's outcome, the reason a Connect failed. */
export class OAuthCallback {
  constructor(private readonly o: OAuthCallbackOptions) {}

  /** Before @slack/oauth consumes the state: what the state says about the tenant and its ticket. */
  async begin(state: string): Promise<CallbackAttempt> {
    // @slack/oauth throws on error=access_denied before it reads the state, so its failure handler
    // gets no install options: find the tenant and return URL in our own state store.
    const known = await this.o.states.lookup(state);
    const ticket = known?.ticketId ? await this.o.tickets.get(known.ticketId) : null;
    return {
      connected: async (installation) => {
        if (installation.team?.id) this.o.tokens.forget(installation.team.id);
        const { tenantId, ticketId } = parseInstallMetadata(installation.metadata);
        await this.o.tickets.finish(ticketId, 'connected');
        this.o.logger.info({ tenantId, teamId: installation.team?.id }, 'workspace connected');
        this.o.connected.publish(tenantId);
        const returnUrl = (await this.o.tickets.get(ticketId))?.returnUrl ?? null;
        return { ok: true, teamName: installation.team?.name ?? installation.team?.id ?? 'Slack', returnUrl };
      },
      failed: async (error, stateCookie) => {
        const reason = failureReason(error, state, stateCookie);
        this.o.logger.warn({ reason, tenantId: known?.tenantId }, 'connect failed');
        if (ticket) await this.o.tickets.finish(ticket.id, reason);
        return { ok: false, reason, returnUrl: ticket?.returnUrl ?? null };
      },
    };
  }
}

/** The `reason` a failed Connect reports (docs/admin-guide.md lists them). */
function failureReason(error: CodedError, state: string, stateCookie: string | undefined): string {
  const cause = (error as { cause?: unknown }).cause ?? error;
  if (cause instanceof InvalidOAuthStateError) return cause.reason;
  const slackCode = slackErrorCode(cause);
  if (slackCode) return slackCode;
  const own = (cause as { code?: string }).code;
  if (own === 'team_already_connected') return own;
  switch (error.code) {
    case OAuthErrorCode.AuthorizationError:
      return 'access_denied';
    case OAuthErrorCode.MissingStateError:
      return 'missing_state';
    case OAuthErrorCode.MissingCodeError:
      return 'missing_code';
    case OAuthErrorCode.InvalidStateError:
      if (!stateCookie) return 'missing_state_cookie';
      return stateCookie !== state ? 'state_mismatch' : 'unknown_state';
    default:
      return 'connect_failed';
  }
}
