import { createHmac, timingSafeEqual } from 'node:crypto';

/** Requests more than this far from now, either way, are refused (design §4). */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export const TIMESTAMP_HEADER = 'x-plusplus-request-timestamp';
export const SIGNATURE_HEADER = 'x-plusplus-signature';

/** `v0=` + hex HMAC-SHA256(secret, "v0:" + timestamp + ":" + raw body). */
export function sign(secret: string, timestamp: string | number, rawBody: string | Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

/** Headers for a signed internal API request (the CLI and the tests use this). */
export function signedHeaders(
  secret: string,
  rawBody: string | Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'X-PlusPlus-Request-Timestamp': String(nowSeconds),
    'X-PlusPlus-Signature': sign(secret, nowSeconds, rawBody),
  };
}

export type HeaderCheck = { ok: true; timestamp: string } | { ok: false; reason: string };

/** The checks that need no body: both headers present, timestamp numeric and within the window. */
export function checkTimestamp(
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  nowSeconds: number,
): HeaderCheck {
  if (!timestampHeader || !signatureHeader) return { ok: false, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(timestampHeader)) return { ok: false, reason: 'malformed timestamp' };
  if (Math.abs(nowSeconds - Number(timestampHeader)) > MAX_CLOCK_SKEW_SECONDS) {
    return { ok: false, reason: 'timestamp outside the allowed window' };
  }
  return { ok: true, timestamp: timestampHeader };
}

/** Constant-time comparison of the expected and the given signature. */
export function signatureMatches(secret: string, timestamp: string, rawBody: Buffer, given: string): boolean {
  const expected = Buffer.from(sign(secret, timestamp, rawBody));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
