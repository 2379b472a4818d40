import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** A message for a response_url (ephemeral by default, as Slack says). */
export interface ResponseUrlMessage {
  response_type?: 'ephemeral' | 'in_channel';
  text: string;
  replace_original?: boolean;
}

/** A response_url answered with something other than 2xx, or could not be reached. */
export class ResponseUrlError extends Error {
  override readonly name = 'ResponseUrlError';
  constructor(
    message: string,
    /** The HTTP status, when there was one. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Posts answers to slash commands' response_urls (Slack takes up to five in 30 minutes). Bolt's
 * `respond` does the same through `fetch`, whose WHATWG streams cost 200–450 µs of CPU per post
 * against 40–80 µs for node:http on a kept-alive connection (measured with the same local server,
 * docs/performance.md); under the ack bench every answer's CPU is taken from the acks (issue 15).
 * A waiting answer keeps only the URL, not Bolt's `respond` closure.
 *
 * The URL comes from a request whose signature Bolt checked. It is never logged nor put in an
 * error: until it expires it lets anyone post into the user's conversation.
 */
export class ResponseUrls {
  private readonly http: HttpAgent;
  private readonly https: HttpsAgent;

  constructor(private readonly o: { timeoutMs?: number; maxSockets?: number } = {}) {
    // Idle connections are closed after 4 s (undici's default too), before a server's own idle
    // timeout can close one under a request; free sockets do not keep the process alive.
    const agent = { keepAlive: true, maxSockets: o.maxSockets ?? 16, timeout: 4_000 };
    this.http = new HttpAgent(agent);
    this.https = new HttpsAgent(agent);
  }

  /** Resolves once the response_url answered 2xx; rejects with a ResponseUrlError otherwise. */
  async post(responseUrl: string, message: ResponseUrlMessage): Promise<void> {
    let url: URL;
    try {
      url = new URL(responseUrl);
    } catch {
      throw new ResponseUrlError('the response_url is not a URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ResponseUrlError(`a response_url must be http(s), not ${url.protocol}`);
    }
    const body = Buffer.from(JSON.stringify(message));
    try {
      await this.send(url, body);
    } catch (error) {
      // A kept-alive connection the server had just closed: the request never reached it, so it
      // is sent once more on a new one (Node's documented pattern for `reusedSocket`).
      if (!(error instanceof StaleConnection)) throw error;
      await this.send(url, body);
    }
  }

  /** Closes the idle connections (shutdown, tests). */
  close(): void {
    this.http.destroy();
    this.https.destroy();
  }

  private send(url: URL, body: Buffer): Promise<void> {
    const https = url.protocol === 'https:';
    return new Promise<void>((resolve, reject) => {
      const request = (https ? httpsRequest : httpRequest)(
        url,
        {
          method: 'POST',
          agent: https ? this.https : this.http,
          timeout: this.o.timeoutMs ?? 10_000,
          headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length },
        },
        (response: IncomingMessage) => {
          // The body is read and dropped, so the connection goes back to the agent.
          response.resume();
          response.once('end', () => {
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
            else reject(new ResponseUrlError(`the response_url answered ${status}`, status));
          });
          response.once('error', () => reject(new ResponseUrlError('the response_url answer broke off')));
        },
      );
      request.once('timeout', () =>
        request.destroy(new ResponseUrlError('the response_url did not answer in time')),
      );
      request.once('error', (error: NodeJS.ErrnoException) => {
        if (error instanceof ResponseUrlError) return reject(error);
        if (request.reusedSocket && error.code === 'ECONNRESET') return reject(new StaleConnection());
        reject(
          new ResponseUrlError(`the response_url could not be reached (${error.code ?? 'network error'})`),
        );
      });
      request.end(body);
    });
  }
}

/** The kept-alive connection was closed by the server before the request went out. */
class StaleConnection extends Error {}
