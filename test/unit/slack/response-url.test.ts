import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ResponseUrlError, ResponseUrls } from '../../../src/slack/response-url';

/** A local HTTP server standing for Slack's response_url, answering with `answer`. */
async function hooks(answer: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const received: Array<{ method?: string; type?: string; body: string; socket: Socket }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ method: req.method, type: req.headers['content-type'], body, socket: req.socket });
      answer(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/commands/T1/123/secret-part`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('ResponseUrls', () => {
  const responses = new ResponseUrls({ timeoutMs: 500 });
  afterAll(() => responses.close());

  it('posts the message as JSON and reuses the connection for the next answer', async () => {
    const server = await hooks((_req, res) => res.end('ok'));
    try {
      await responses.post(server.url, { response_type: 'ephemeral', text: 'You are *Ada*' });
      await responses.post(server.url, { response_type: 'ephemeral', text: 'second' });
      expect(server.received.map((r) => [r.method, r.type, JSON.parse(r.body)])).toEqual([
        ['POST', 'application/json; charset=utf-8', { response_type: 'ephemeral', text: 'You are *Ada*' }],
        ['POST', 'application/json; charset=utf-8', { response_type: 'ephemeral', text: 'second' }],
      ]);
      expect(server.received[1]!.socket).toBe(server.received[0]!.socket);
    } finally {
      await server.close();
    }
  });

  it('rejects a non-2xx answer with its status and without the URL (it is a credential)', async () => {
    const server = await hooks((_req, res) => {
      res.statusCode = 404;
      res.end('expired_url');
    });
    try {
      const error = await responses.post(server.url, { text: 'late' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseUrlError);
      expect(error).toMatchObject({ status: 404, message: 'the response_url answered 404' });
      expect(String((error as Error).message)).not.toContain('secret-part');
    } finally {
      await server.close();
    }
  });

  it('gives up on a response_url that does not answer in time', async () => {
    const server = await hooks(() => undefined);
    try {
      await expect(responses.post(server.url, { text: 'slow' })).rejects.toThrow(
        'the response_url did not answer in time',
      );
    } finally {
      await server.close();
    }
  });

  it('says so when nothing listens, and refuses what is not an http(s) URL', async () => {
    const server = await hooks((_req, res) => res.end());
    const { url } = server;
    await server.close();
    await expect(responses.post(url, { text: 'x' })).rejects.toThrow(
      'the response_url could not be reached (ECONNREFUSED)',
    );
    await expect(responses.post('file:///etc/passwd', { text: 'x' })).rejects.toThrow('must be http(s)');
    await expect(responses.post('not a url', { text: 'x' })).rejects.toThrow('not a URL');
  });

  it('sends once more on a new connection when a kept-alive one is reset under it', async () => {
    // The second post goes out on the kept-alive connection and the server resets it without an
    // answer, as a server that closed the idle connection at that moment would.
    const server = await hooks((_req, res) => {
      if (server.received.length === 2) res.socket?.resetAndDestroy();
      else res.end('ok');
    });
    try {
      await responses.post(server.url, { text: 'one' });
      await responses.post(server.url, { text: 'two' });
      const [first, reset, again] = server.received;
      expect([first, reset, again].map((r) => r && JSON.parse(r.body).text)).toEqual(['one', 'two', 'two']);
      expect(reset!.socket).toBe(first!.socket);
      expect(again!.socket).not.toBe(first!.socket);
    } finally {
      await server.close();
    }
  });
});
