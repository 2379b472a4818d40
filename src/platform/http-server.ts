import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
  server: Server;
  port: number;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes every socket. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Time and connection limits of a server, chosen on purpose rather than left at node's defaults
 * (60 s for headers, 300 s for a request, no connection cap): a slow or idle client holds a socket
 * and its buffers, so it is cut early (docs/security.md explains each figure).
 */
export interface ServerLimits {
  /** The request line and headers must arrive within this (408 otherwise). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (408 otherwise). */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Connections beyond this many open at once are closed as they arrive. */
  maxConnections: number;
}

/**
 * The Slack-facing server: Slack's requests are small and must be answered within 3 s, so a
 * request that takes 10 s to arrive is not Slack's. 512 connections leave room under the usual
 * 1024 open-file limit for the internal server, the database pool and the Web API calls.
 */
export const SLACK_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 512,
};

/**
 * The internal server: one trusted backend, but bodies up to 8 MiB (POST /users), so 30 s for a
 * whole request (8 MiB at ~300 KB/s); 256 connections is four times the benches' 64.
 */
export const INTERNAL_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 256,
};

export async function listen(
  handler: RequestListener,
  port: number,
  host?: string,
  limits: ServerLimits = INTERNAL_SERVER_LIMITS,
): Promise<RunningServer> {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // node checks the two timeouts above on this interval (default 30 s, which would let a slow
      // client keep its socket up to 30 s longer than the figures say).
      connectionsCheckingInterval: 1_000,
      // Slack and load balancers keep connections alive; idle ones are closed soon, so they
      // neither pile up against maxConnections nor hold up a shutdown.
      keepAliveTimeout: limits.keepAliveTimeoutMs,
    },
    handler,
  );
  server.maxConnections = limits.maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close(graceMs = 10_000) {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
