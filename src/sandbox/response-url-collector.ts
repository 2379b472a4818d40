/**
 * Stands in for Slack's `response_url`s. After a slash command or an interaction is acknowledged,
 * the app sends its real answer by POSTing to the payload's `response_url`; tests hand the app URLs
 * from this collector and wait for what arrives. Listens on 127.0.0.1, port 0 (any free port).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the app made to a response_url. */
export interface CollectedResponse {
  /** The id in the URL (`/response/<id>`), so a test can tell its own URL's posts apart. */
  id: string;
  /** The body: parsed JSON, a parsed form (`{payload: …}` as an object), or the raw text. */
  body: unknown;
  headers: IncomingHttpHeaders;
  receivedAt: number;
}

/** Options for {@link ResponseUrlCollector.start}. */
export interface ResponseUrlCollectorOptions {
  /** Interface to listen on (default 127.0.0.1: never reachable from outside the machine). */
  host?: string;
  /** Largest body accepted, in bytes (default 1 MiB); larger posts get 413. */
  maxBodyBytes?: number;
}

type Waiter = { predicate: (r: CollectedResponse) => boolean; resolve: (r: CollectedResponse) => void };

export class ResponseUrlCollector {
  /** Everything received so far, oldest first. */
  readonly received: CollectedResponse[] = [];
  private readonly waiters = new Set<Waiter>();
  private nextId = 1;

  private constructor(
    private readonly server: Server,
    private readonly baseUrl: string,
  ) {}

  static async start(options: ResponseUrlCollectorOptions = {}): Promise<ResponseUrlCollector> {
    const host = options.host ?? '127.0.0.1';
    const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
    let collector: ResponseUrlCollector | undefined;
    const server = createServer((req, res) => {
      const match = /^\/response\/([\w-]+)$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('no_such_url');
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBodyBytes) chunks.push(chunk);
      });
      req.on('end', () => {
        if (size > maxBodyBytes) {
          res.writeHead(413, { 'content-type': 'text/plain' }).end('too_large');
          return;
        }
        const text = Buffer.concat(chunks).toString('utf8');
        collector?.record({
          id: match[1]!,
          body: parseBody(text, req.headers['content-type']),
          headers: req.headers,
          receivedAt: Date.now(),
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    collector = new ResponseUrlCollector(server, `http://${host}:${port}`);
    return collector;
  }

  /** A fresh response_url; posts to it are recorded with its id. */
  newUrl(): string {
    return `${this.baseUrl}/response/r${this.nextId++}`;
  }

  /**
   * The first post (already received or still to come) that satisfies `predicate`; rejects after
   * `timeoutMs` with a message listing what did arrive.
   */
  waitFor(
    predicate: (r: CollectedResponse) => boolean = () => true,
    timeoutMs = 2000,
  ): Promise<CollectedResponse> {
    const already = this.received.find(predicate);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.received.map((r) => JSON.stringify(r.body)).join('\n  ') || '(nothing)';
        reject(new Error(`No matching response_url post within ${timeoutMs} ms; received:\n  ${seen}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Stop listening (closes idle keep-alive connections too). */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  private record(response: CollectedResponse): void {
    this.received.push(response);
    for (const waiter of this.waiters) {
      if (waiter.predicate(response)) {
        this.waiters.delete(waiter);
        waiter.resolve(response);
      }
    }
  }
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    const form = Object.fromEntries(new URLSearchParams(text));
    if (typeof form.payload === 'string') {
      try {
        return { ...form, payload: JSON.parse(form.payload) };
      } catch {
        return form;
      }
    }
    return form;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
