import { createServer, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { closeAfterAnswer } from '../../../src/platform/lingering-close';

/**
 * A client still writing a body the server refused must be able to read the refusal. With a bare
 * `Connection: close`, node destroys the socket as soon as the answer is out; the client's next
 * bytes are answered with a reset, which can discard the unread answer (CI once saw EPIPE instead
 * of a 401 on a 60 MB unsigned body). These tests drive a raw, half-open client, so nothing on the
 * client side closes the connection and what the server does is what is measured.
 */

function serve(refuse: (res: ServerResponse) => void): Promise<Server> {
  const server = createServer((_req, res) => {
    refuse(res);
    res.statusCode = 401;
    res.end('{"error":{"code":"invalid_signature"}}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

interface Observed {
  answered: boolean;
  /** ms from our connecting until the connection closed. The server's answer (and its linger) began
   *  after we connected, so this is never less than the linger, however late we read the answer. */
  closedAfter: number;
  /** A reset or broken pipe seen while we kept writing after the answer. */
  error?: string;
  /** ms from our connecting until that error. */
  errorAfter?: number;
}

/** Sends a chunked body for `sendForMs` (then stops, and ends our side if `thenEnd`). */
function keepSending(server: Server, sendForMs: number, thenEnd: boolean): Promise<Observed> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const started = Date.now();
    let answeredAt = 0;
    let error: string | undefined;
    let errorAt = 0;
    socket.write('POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n');
    const piece = `4000\r\n${' '.repeat(0x4000)}\r\n`;
    const timer = setInterval(() => {
      if (Date.now() - started < sendForMs) {
        if (socket.writable) socket.write(piece);
      } else {
        clearInterval(timer);
        if (thenEnd) socket.end();
      }
    }, 5);
    socket.on('data', (data) => {
      if (!answeredAt && data.toString().startsWith('HTTP/1.1 401')) answeredAt = Date.now();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code;
      errorAt = Date.now();
    });
    socket.on('close', () => {
      clearInterval(timer);
      const errorAfter = error ? errorAt - started : undefined;
      resolve({ answered: answeredAt > 0, closedAfter: Date.now() - started, error, errorAfter });
    });
  });
}

describe('closeAfterAnswer', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
  });

  it('keeps reading (and dropping) what the client still sends, then closes at the linger bound', async () => {
    server = await serve((res) => closeAfterAnswer(res, 400));
    const seen = await keepSending(server, 5_000, false);
    expect(seen.answered).toBe(true);
    // A client that never stops is reset in the end, but not before the linger is over.
    expect(seen.errorAfter ?? Infinity).toBeGreaterThanOrEqual(400);
    expect(seen.closedAfter).toBeGreaterThanOrEqual(400);
    expect(seen.closedAfter).toBeLessThan(4_000);
  });

  it('closes as soon as the client has stopped and closed its side', async () => {
    server = await serve((res) => closeAfterAnswer(res, 5_000));
    const seen = await keepSending(server, 100, true);
    expect(seen).toMatchObject({ answered: true, error: undefined });
    expect(seen.closedAfter).toBeLessThan(3_000);
  });

  it('(the problem) without it, the client writing on is reset at once', async () => {
    server = await serve((res) => res.setHeader('Connection', 'close'));
    const seen = await keepSending(server, 5_000, false);
    expect(seen.error).toMatch(/ECONNRESET|EPIPE/);
    expect(seen.errorAfter).toBeLessThan(2_000);
  });
});
