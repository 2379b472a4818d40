import { createHmac, timingSafeEqual } from 'node:crypto';

/** Requests more than this far from now, either way, are refused (design §4). */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export const TIMESTAMP_HEADER = 'x-plusplus-request-timestamp';
export const SIGNATURE_HEADER = 'x-plusplus-signature';

/** What a `v1` signature covers: the request line as well as the body (design §4). */
export interface SignedRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** The path with its query string exactly as sent, e.g. `/internal/v1/tenants/acme/users/u1?x=1`. */
  target: string;
  rawBody: string | Buffer;
}

/**
 * `v1=` + hex HMAC-SHA256(secret, "v1:" + timestamp + ":" + METHOD + ":" + path with query + ":" +
 * raw body). Binding method and path stops a captured signature from authorising another route
 * or another tenant within the timestamp window.
 */
export function signV1(secret: string, timestamp: string | number, request: SignedRequest): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`v1:${timestamp}:${request.method.toUpperCase()}:${request.target}:`);
  hmac.update(request.rawBody);
  return `v1=${hmac.digest('hex')}`;
}

/**
 * The older body-only form, `v0=` + hex HMAC-SHA256(secret, "v0:" + timestamp + ":" + raw body).
 * Accepted only with PLUSPLUS_ACCEPT_V0_SIGNATURES=true, as a migration aid.
 */
export function signV0(secret: string, timestamp: string | number, rawBody: string | Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

/** The path with query of `url` as fetch sends it on the request line (what `v1` signs). */
export function requestTarget(url: string | URL): string {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  return parsed.pathname + parsed.search;
}

/**
 * Headers for a signed internal API request (`npm run call`, the demo, the tests, the benches).
 * `url` is the full URL the request goes to; its path and query are signed as sent.
 */
export function signedHeaders(
  secret: string,
  method: string,
  url: string | URL,
  rawBody: string | Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'X-PlusPlus-Request-Timestamp': String(nowSeconds),
    'X-PlusPlus-Signature': signV1(secret, nowSeconds, {
      method,
      target: requestTarget(url),
      rawBody,
    }),
  };
}

export interface ParsedSignature {
  version: 'v1' | 'v0';
  /** The 64 hex digits after `v1=` / `v0=`, lower-cased. */
  hex: string;
}

export type HeaderCheck =
  | { ok: true; timestamp: string; signature: ParsedSignature }
  | { ok: false; reason: string };

/**
 * The checks that need no body, so that unsigned traffic is refused before a byte of it is read:
 * both headers present, the timestamp numeric and within the window, the signature of a form we
 * accept (`v1=` and 64 hex digits; `v0=` only when `acceptV0`).
 */
export function checkHeaders(
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  nowSeconds: number,
  acceptV0 = false,
): HeaderCheck {
  if (!timestampHeader || !signatureHeader) return { ok: false, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(timestampHeader)) return { ok: false, reason: 'malformed timestamp' };
  if (Math.abs(nowSeconds - Number(timestampHeader)) > MAX_CLOCK_SKEW_SECONDS) {
    return { ok: false, reason: 'timestamp outside the allowed window' };
  }
  const match = /^(v[01])=([0-9a-fA-F]{64})$/.exec(signatureHeader);
  if (!match) return { ok: false, reason: 'malformed signature' };
  const version = match[1] as 'v1' | 'v0';
  if (version === 'v0' && !acceptV0) return { ok: false, reason: 'v0 signatures are not accepted' };
  return { ok: true, timestamp: timestampHeader, signature: { version, hex: match[2]!.toLowerCase() } };
}

/** Constant-time comparison of the expected and the given signature, of the version given. */
export function signatureMatches(
  secret: string,
  timestamp: string,
  request: SignedRequest,
  given: ParsedSignature,
): boolean {
  const expected = Buffer.from(
    given.version === 'v1' ? signV1(secret, timestamp, request) : signV0(secret, timestamp, request.rawBody),
  );
  const actual = Buffer.from(`${given.version}=${given.hex}`);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
