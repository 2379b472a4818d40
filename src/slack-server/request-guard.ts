import type { RequestHandler } from 'express';
import { closeAfterAnswer } from '../platform/lingering-close';
import { declaredBodyLength, UnverifiedBytes } from '../platform/unverified-bytes';

/** Slack's window for x-slack-request-timestamp, either way (Bolt checks only the past). */
const SLACK_MAX_SKEW_SECONDS = 300;

/** Bolt's own default body limit (4 MB), made explicit: larger is 413. */
export const SLACK_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/** Bytes all not-yet-verified Slack request bodies may hold at once: eight of the largest. */
export const SLACK_MAX_UNVERIFIED_BYTES = 8 * SLACK_BODY_LIMIT_BYTES;

/**
 * The checks on `POST /slack/events` that need no body, run before Bolt reads it, so unsigned
 * traffic costs nothing here either (docs/security.md): both headers present, the timestamp
 * within five minutes either way (Slack's rule; Bolt checks only the past, and a future-dated
 * request would stay replayable longer), a signature of Slack's form (`v0=` + 64 hex digits), a
 * Content-Length within the limit, and room in the server-wide budget of unverified bytes. Bolt
 * then reads the body and checks the HMAC itself. Refusals close the connection (after a short
 * linger, so the client reads the answer: src/platform/lingering-close.ts) rather than read the rest of the
 * body to reuse it.
 */
export function guardSlackRequests(
  maxUnverifiedBytes = SLACK_MAX_UNVERIFIED_BYTES,
  nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
): RequestHandler {
  const unverified = new UnverifiedBytes(maxUnverifiedBytes);
  return (req, res, next) => {
    if (req.method !== 'POST') return next();
    const refuse = (status: number) => {
      closeAfterAnswer(res);
      if (status === 503) res.set('Retry-After', '1');
      res.status(status).end();
    };
    const timestamp = req.get('x-slack-request-timestamp') ?? '';
    const signature = req.get('x-slack-signature') ?? '';
    if (
      !/^\d{1,12}$/.test(timestamp) ||
      Math.abs(nowSeconds() - Number(timestamp)) > SLACK_MAX_SKEW_SECONDS ||
      !/^v0=[0-9a-f]{64}$/i.test(signature)
    ) {
      return refuse(401);
    }
    const declared = declaredBodyLength(req);
    if (declared !== undefined && declared > SLACK_BODY_LIMIT_BYTES) return refuse(413);
    const reservation = unverified.reserve(declared ?? SLACK_BODY_LIMIT_BYTES);
    if (!reservation) return refuse(503);
    // Held until the answer is out (Bolt acks first, so that is soon) or the client goes away:
    // a response's 'close' follows both (node ≥ 16).
    res.once('close', reservation.release);
    next();
  };
}
