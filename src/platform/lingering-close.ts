import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** How long a refused client may keep sending, discarded, after our answer is out. */
export const LINGER_MS = 2_000;

/**
 * Answer, then close, a request whose body we will not read (a refusal decided from the headers).
 *
 * With only `Connection: close`, node destroys the socket as soon as the answer is written; the
 * client is still sending its body, so the kernel answers those bytes with a reset, and a client
 * busy writing sees EPIPE or ECONNRESET before it reads our 401 or 413: it never learns why. So,
 * as nginx does ("lingering close"), the socket only stops writing once the answer is out, and
 * the rest of the body is read and thrown away (never stored: memory does not grow) until the
 * client closes its side or `lingerMs` passes; then the socket is destroyed. The client reads the
 * answer within milliseconds; the time bound only stops a client that never stops from keeping the
 * socket (and our CPU) busy. (A byte bound was tried: node's HTTP parser reads the socket natively,
 * so a 'data' listener does not reliably see the bytes, and it did not hold in CI.)
 */
export function closeAfterAnswer(res: ServerResponse, lingerMs = LINGER_MS): void {
  res.setHeader('Connection', 'close');
  const socket = res.socket as Socket | null;
  if (!socket) return;
  res.once('finish', () => {
    // node's own 'finish' handler ran first: it ended our side and queued `destroy` for when that
    // end is flushed. Replace that destroy with a bounded linger.
    socket.removeListener('finish', socket.destroy);
    if (socket.destroyed) return;
    const timer = setTimeout(() => socket.destroy(), lingerMs);
    timer.unref();
    socket.once('end', () => socket.destroy());
    socket.once('close', () => clearTimeout(timer));
    socket.resume();
  });
}
