import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ConnectTicket } from '../entities';
import { TenantsRepository } from './tenants-repository';

export const TICKET_TTL_MS = 24 * 60 * 60 * 1000;

const hash = (ticket: string) => createHash('sha256').update(ticket).digest('hex');

export type TicketUse =
  | { ok: true; ticket: ConnectTicket }
  | { ok: false; reason: 'unknown_ticket' | 'expired_ticket' | 'used_ticket'; ticket?: ConnectTicket };

/** One-time Connect links (design §4 `POST /slack/connect`). */
export class ConnectTicketsRepository {
  private readonly tenants: TenantsRepository;

  constructor(private readonly dataSource: DataSource) {
    this.tenants = new TenantsRepository(dataSource);
  }

  private get repo() {
    return this.dataSource.getRepository(ConnectTicket);
  }

  /** Returns the ticket in clear (only its hash is stored) and when it expires. */
  async create(
    tenantId: string,
    returnUrl: string | null,
    now = new Date(),
  ): Promise<{ ticket: string; expiresAt: Date }> {
    await this.tenants.ensure(tenantId);
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + TICKET_TTL_MS);
    await this.repo.insert({ id: randomUUID(), tenantId, ticketHash: hash(ticket), returnUrl, expiresAt });
    return { ticket, expiresAt };
  }

  /** Marks the ticket used, atomically: a replayed link gets `used_ticket`. */
  async use(ticket: string, now = new Date()): Promise<TicketUse> {
    if (!ticket || ticket.length > 100) return { ok: false, reason: 'unknown_ticket' };
    const ticketHash = hash(ticket);
    const [rows] = (await this.dataSource.query(
      `UPDATE slack_connect_tickets SET used_at = $2
        WHERE ticket_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING id`,
      [ticketHash, now],
    )) as [{ id: string }[], number];
    const found = await this.repo.findOneBy({ ticketHash });
    if (!found) return { ok: false, reason: 'unknown_ticket' };
    if (rows.length === 1) return { ok: true, ticket: found };
    return { ok: false, reason: found.usedAt ? 'used_ticket' : 'expired_ticket', ticket: found };
  }

  async get(id: string): Promise<ConnectTicket | null> {
    return this.repo.findOneBy({ id });
  }

  async finish(id: string, outcome: string, now = new Date()): Promise<void> {
    await this.repo.update({ id }, { finishedAt: now, outcome });
  }

  /** The newest used ticket of the tenant, if its flow never came back (admin approval pending). */
  async pending(tenantId: string): Promise<ConnectTicket | null> {
    const latest = await this.repo
      .createQueryBuilder('t')
      .where('t.tenant_id = :tenantId AND t.used_at IS NOT NULL', { tenantId })
      .orderBy('t.used_at', 'DESC')
      .getOne();
    return latest && !latest.finishedAt ? latest : null;
  }
}
