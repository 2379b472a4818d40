import type { IncomingMessage } from 'node:http';

/**
 * A server-wide budget of bytes held in request bodies whose signature is not yet verified, so that
 * unsigned traffic cannot make the process buffer more than this however many requests it sends
 * at once (design §4). A request reserves its declared length (or its route's whole limit when
 * sent chunked) before reading and releases it once the signature is checked, either way.
 */
export class UnverifiedBytes {
  private held = 0;

  constructor(readonly limit: number) {}

  /** The bytes reserved now; for tests and metrics. */
  get inUse(): number {
    return this.held;
  }

  /** A reservation of `bytes`, or null when it would pass the limit (the caller refuses the request). */
  reserve(bytes: number): { release(): void } | null {
    if (this.held + bytes > this.limit) return null;
    this.held += bytes;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.held -= bytes;
      },
    };
  }
}

/**
 * A request body's length as declared: Content-Length; 0 when there is no body at all (neither
 * Content-Length nor Transfer-Encoding, as for most GETs); undefined when it is sent chunked (or
 * the header is not a plain number), so the caller reserves its whole limit.
 */
export function declaredBodyLength(req: IncomingMessage): number | undefined {
  const value = req.headers['content-length'];
  if (value === undefined) return req.headers['transfer-encoding'] === undefined ? 0 : undefined;
  return /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}
