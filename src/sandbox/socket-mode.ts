/**
 * Socket Mode, Slack's side (https://docs.slack.dev/apis/events-api/using-socket-mode): an app
 * with Socket Mode on calls apps.connections.open with its app-level token (methods/apps.ts), opens
 * the one-time `ws://…/link/?ticket=…` URL it gets, and receives `hello`. From then on Slack sends
 * every event, slash command and interaction as an envelope
 * `{type: events_api|slash_commands|interactive, envelope_id, payload, accepts_response_payload,
 * retry_attempt?, retry_reason?}` over one of the app's open connections, and the app acks each with
 * `{envelope_id, payload?}`; the ack's payload is what an HTTP answer's body would have been (a
 * slash command's immediate reply, a view submission's `response_action`).
 *
 * Slack's reconnect cases are there to be played by tests: `disconnect` with reason `warning` (a
 * refresh is coming), `refresh_requested` (reconnect now; the server closes the old socket a little
 * later) or `link_disabled`, and a dropped socket (no close frame). While an app has no usable
 * connection a delivery waits for one, as Slack holds events until the app reconnects.
 *
 * Server pings every `pingIntervalMs` keep @slack/socket-mode's server-ping watchdog fed; `ws` answers
 * the client's pings by itself.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { SandboxState } from './state';

export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';
export type DisconnectReason = 'warning' | 'refresh_requested' | 'link_disabled';

/** One thing to deliver over an app's socket. */
export interface SocketDelivery {
  type: EnvelopeType;
  payload: Record<string, unknown>;
  /** Events API retries: 1–3 (the HTTP `X-Slack-Retry-Num`). */
  retryAttempt?: number;
  retryReason?: string;
  /** Default: true for slash commands and interactivity (the ack's payload is used), false for events. */
  acceptsResponsePayload?: boolean;
  /** How long to wait for the ack (default the hub's `ackTimeoutMs`, Slack's 3 s). */
  ackTimeoutMs?: number;
}

/** How a delivery ended. `payload` is the ack's payload, if it had one. */
export type SocketAck =
  | { acked: true; envelopeId: string; payload: Record<string, unknown> | undefined; ms: number }
  | { acked: false; envelopeId: string | null; reason: 'no_connection' | 'timeout' | 'closed'; ms: number };

export interface SocketModeOptions {
  /** Default 3000 ms: Slack's acknowledgement window. */
  ackTimeoutMs?: number;
  /** How long a delivery waits for the app to (re)connect (default 10,000 ms). */
  connectWaitMs?: number;
  /** Server pings (default every 10,000 ms; @slack/socket-mode gives up after 30 s without one). */
  pingIntervalMs?: number;
  /** After `refresh_requested`, the server closes the old socket this much later (default 2,000 ms). */
  refreshCloseAfterMs?: number;
}

/** One message on the wire, for tests that check what was sent and acked. */
export interface SocketFrame {
  direction: 'to_app' | 'from_app';
  connectionId: string;
  appId: string;
  message: Record<string, unknown>;
  at: number;
}

interface Connection {
  id: string;
  appId: string;
  ws: WebSocket;
  openedAt: number;
  /** A `disconnect` was sent: new envelopes go to another connection if there is one. */
  draining: boolean;
  pending: Set<string>;
}

interface Pending {
  connection: Connection;
  started: number;
  resolve(ack: SocketAck): void;
  timer: NodeJS.Timeout;
}

const LINK_PATH = '/link/';
const FRAMES_KEPT = 1000;

export class SocketModeHub {
  /** Recent frames both ways (the last 1000). */
  readonly frames: SocketFrame[] = [];
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 5 * 1024 * 1024 });
  private readonly connections = new Map<string, Connection>();
  private readonly pending = new Map<string, Pending>();
  private readonly waiters = new Set<() => void>();
  private readonly ackTimeoutMs: number;
  private readonly connectWaitMs: number;
  private readonly refreshCloseAfterMs: number;
  private readonly pinger: NodeJS.Timeout;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly state: SandboxState,
    o: SocketModeOptions = {},
  ) {
    this.ackTimeoutMs = o.ackTimeoutMs ?? 3_000;
    this.connectWaitMs = o.connectWaitMs ?? 10_000;
    this.refreshCloseAfterMs = o.refreshCloseAfterMs ?? 2_000;
    this.pinger = setInterval(() => {
      for (const c of this.connections.values()) if (c.ws.readyState === c.ws.OPEN) c.ws.ping('sandbox');
    }, o.pingIntervalMs ?? 10_000);
    this.pinger.unref();
  }

  /** Serves `GET /link/?ticket=…` upgrades on the sandbox's HTTP server. */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
      if (url.pathname !== LINK_PATH) return refuse(socket, 404, 'Not Found');
      const ticket = url.searchParams.get('ticket') ?? '';
      const t = this.state.socketTickets.get(ticket);
      this.state.socketTickets.delete(ticket);
      if (!t || t.expiresAt < this.state.now()) return refuse(socket, 401, 'Unauthorized');
      this.wss.handleUpgrade(req, socket, head, (ws) => this.open(ws, t.appId));
    });
  }

  /** The app's open connections (oldest first). */
  connectionsOf(appId: string): Array<{ id: string; openedAt: number; draining: boolean }> {
    return [...this.connections.values()]
      .filter((c) => c.appId === appId)
      .map((c) => ({ id: c.id, openedAt: c.openedAt, draining: c.draining }));
  }

  /** Resolves once the app has a usable connection; false after `timeoutMs`. */
  async waitForConnection(appId: string, timeoutMs = this.connectWaitMs): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (!this.usable(appId)) {
      const left = end - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
    return true;
  }

  /** Sends one envelope over a usable connection of the app and waits for its ack. */
  async deliver(appId: string, d: SocketDelivery): Promise<SocketAck> {
    const started = Date.now();
    if (!(await this.waitForConnection(appId))) {
      return { acked: false, envelopeId: null, reason: 'no_connection', ms: Date.now() - started };
    }
    const connection = this.usable(appId)!;
    const envelopeId = randomUUID();
    const message: Record<string, unknown> = {
      envelope_id: envelopeId,
      payload: d.payload,
      type: d.type,
      accepts_response_payload: d.acceptsResponsePayload ?? d.type !== 'events_api',
    };
    if (d.type === 'events_api') {
      message.retry_attempt = d.retryAttempt ?? 0;
      message.retry_reason = d.retryReason ?? '';
    }
    return new Promise<SocketAck>((resolve) => {
      const timer = setTimeout(() => {
        this.settle(envelopeId, { acked: false, envelopeId, reason: 'timeout', ms: Date.now() - started });
      }, d.ackTimeoutMs ?? this.ackTimeoutMs);
      this.pending.set(envelopeId, { connection, started, resolve, timer });
      connection.pending.add(envelopeId);
      this.send(connection, message);
    });
  }

  /**
   * Slack's `disconnect` message to every open connection of the app. With `refresh_requested` the
   * server also closes each socket `refreshCloseAfterMs` later if the app has not closed it first.
   * Returns how many connections were told.
   */
  disconnect(appId: string, reason: DisconnectReason): number {
    const targets = [...this.connections.values()].filter((c) => c.appId === appId);
    for (const c of targets) {
      c.draining = true;
      this.send(c, { type: 'disconnect', reason, debug_info: { host: 'applink-sandbox' } });
      if (reason !== 'warning') {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          if (c.ws.readyState === c.ws.OPEN) c.ws.close(1000, reason);
        }, this.refreshCloseAfterMs);
        this.timers.add(timer);
      }
    }
    return targets.length;
  }

  /** Drops every socket of the app without a close frame (a network failure, a server crash). */
  drop(appId: string): number {
    const targets = [...this.connections.values()].filter((c) => c.appId === appId);
    for (const c of targets) c.ws.terminate();
    return targets.length;
  }

  close(): void {
    clearInterval(this.pinger);
    for (const t of this.timers) clearTimeout(t);
    for (const c of this.connections.values()) c.ws.terminate();
    for (const wake of this.waiters) wake();
    this.wss.close();
  }

  private usable(appId: string): Connection | undefined {
    let fallback: Connection | undefined;
    for (const c of this.connections.values()) {
      if (c.appId !== appId || c.ws.readyState !== c.ws.OPEN) continue;
      if (!c.draining) return c;
      fallback ??= c;
    }
    // A `warning` leaves the connection working until it goes; Slack keeps using it meanwhile.
    return fallback;
  }

  private open(ws: WebSocket, appId: string): void {
    const c: Connection = {
      id: randomUUID(),
      appId,
      ws,
      openedAt: this.state.now(),
      draining: false,
      pending: new Set(),
    };
    this.connections.set(c.id, c);
    ws.on('message', (data, isBinary) => this.onMessage(c, data.toString(), isBinary));
    ws.on('close', () => this.closed(c));
    ws.on('error', () => this.closed(c));
    this.send(c, {
      type: 'hello',
      num_connections: this.connectionsOf(appId).length,
      debug_info: { host: 'applink-sandbox', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: appId },
    });
    for (const wake of [...this.waiters]) wake();
  }

  private closed(c: Connection): void {
    if (!this.connections.delete(c.id)) return;
    for (const envelopeId of c.pending) {
      const p = this.pending.get(envelopeId);
      if (p)
        this.settle(envelopeId, { acked: false, envelopeId, reason: 'closed', ms: Date.now() - p.started });
    }
  }

  private onMessage(c: Connection, text: string, isBinary: boolean): void {
    if (isBinary) return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (!message || typeof message !== 'object') return;
    const m = message as { envelope_id?: unknown; payload?: unknown };
    this.record('from_app', c, m as Record<string, unknown>);
    if (typeof m.envelope_id !== 'string') return;
    const p = this.pending.get(m.envelope_id);
    // Slack takes an ack on any of the app's connections.
    if (!p || p.connection.appId !== c.appId) return;
    const payload =
      m.payload && typeof m.payload === 'object' && Object.keys(m.payload).length > 0
        ? (m.payload as Record<string, unknown>)
        : undefined;
    this.settle(m.envelope_id, {
      acked: true,
      envelopeId: m.envelope_id,
      payload,
      ms: Date.now() - p.started,
    });
  }

  private settle(envelopeId: string, ack: SocketAck): void {
    const p = this.pending.get(envelopeId);
    if (!p) return;
    this.pending.delete(envelopeId);
    p.connection.pending.delete(envelopeId);
    clearTimeout(p.timer);
    p.resolve(ack);
  }

  private send(c: Connection, message: Record<string, unknown>): void {
    this.record('to_app', c, message);
    c.ws.send(JSON.stringify(message));
  }

  private record(direction: SocketFrame['direction'], c: Connection, message: Record<string, unknown>): void {
    this.frames.push({ direction, connectionId: c.id, appId: c.appId, message, at: this.state.now() });
    if (this.frames.length > FRAMES_KEPT) this.frames.splice(0, this.frames.length - FRAMES_KEPT);
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
