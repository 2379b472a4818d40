import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the
 * app's signing secret. The sandbox signs with it; the Slack server checks with it.
 */
export function slackSignature(
  signingSecret: string,
  timestamp: string | number,
  rawBody: string | Buffer,
): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

/** Whether `given` (an `X-Slack-Signature`) signs this body at this timestamp, compared in constant time. */
export function slackSignatureMatches(
  signingSecret: string,
  timestamp: string,
  rawBody: Buffer,
  given: string,
): boolean {
  const expected = Buffer.from(slackSignature(signingSecret, timestamp, rawBody));
  const actual = Buffer.from(given.toLowerCase());
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
