import type { InstallURLOptions } from '@slack/oauth';
import { AppError, ErrorCode } from '../../errors';
import type {
  ConnectTicketsRepository,
  TicketUse,
} from '../../persistence/repositories/connect-tickets-repository';
import type { Logger } from '../../platform/logger';
import type { InstallMetadata } from '../../slack/installation-store';
import { REQUIRED_BOT_SCOPES } from '../../slack/scopes';

export interface ConnectLinksOptions {
  /** PUBLIC_URL: the base of Connect links and of the OAuth redirect URI. */
  publicUrl: string;
  tickets: Pick<ConnectTicketsRepository, 'create' | 'use'>;
  logger: Logger;
  /**
   * False in single-workspace mode without OAuth credentials (`slack run`): Connect links are
   * refused with 409, the workspace comes from the bot token instead (single-workspace.ts).
   */
  oauthEnabled?: boolean;
}

/** What `GET /slack/install?ticket=…` should do (the OAuth routes in src/slack/ carry it out). */
export type InstallStart =
  /** No ticket at all: Connect starts in PlusPlus. */
  | { kind: 'no_ticket' }
  /** A ticket that does not work (unknown, expired, used): fail back to PlusPlus when it says where. */
  | { kind: 'refused'; reason: Extract<TicketUse, { ok: false }>['reason']; returnUrl: string | null }
  /** On to Slack's authorize page with these options (scopes, redirect URI, our metadata). */
  | { kind: 'authorize'; options: InstallURLOptions };

/**
 * One-time Connect links (design §4 `POST /slack/connect`): PlusPlus asks for one, the admin's
 * browser follows it once, and it becomes the start of Slack's OAuth flow for that tenant.
 */
export class ConnectLinks {
  private readonly redirectUri: string;

  constructor(private readonly o: ConnectLinksOptions) {
    this.redirectUri = `${o.publicUrl}/slack/oauth_redirect`;
  }

  /** POST /slack/connect: a one-time link that starts the install, and when it stops working. */
  async createConnectLink(
    tenantId: string,
    returnUrl: string | null,
  ): Promise<{ url: string; expiresAt: Date }> {
    if (this.o.oauthEnabled === false) {
      throw new AppError(
        ErrorCode.Conflict,
        'This process runs for one workspace from its bot token (SLACK_BOT_TOKEN, single-workspace mode) and has no OAuth credentials, so there is nothing to connect: the workspace is already bound to its tenant at start.',
      );
    }
    const { ticket, expiresAt } = await this.o.tickets.create(tenantId, returnUrl);
    return { url: `${this.o.publicUrl}/slack/install?ticket=${ticket}`, expiresAt };
  }

  /** GET /slack/install?ticket=…: uses the ticket (once) and says where the browser goes next. */
  async start(ticket: string | null): Promise<InstallStart> {
    if (!ticket) return { kind: 'no_ticket' };
    const use = await this.o.tickets.use(ticket);
    if (!use.ok) {
      this.o.logger.warn({ reason: use.reason, tenantId: use.ticket?.tenantId }, 'connect link refused');
      return { kind: 'refused', reason: use.reason, returnUrl: use.ticket?.returnUrl ?? null };
    }
    const metadata: InstallMetadata = { tenantId: use.ticket.tenantId, ticketId: use.ticket.id };
    this.o.logger.info({ tenantId: use.ticket.tenantId }, 'connect started: sending the browser to Slack');
    return {
      kind: 'authorize',
      options: {
        scopes: [...REQUIRED_BOT_SCOPES],
        redirectUri: this.redirectUri,
        metadata: JSON.stringify(metadata),
      },
    };
  }
}
