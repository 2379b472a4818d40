import type { IncomingMessage, ServerResponse } from 'node:http';
import { closeAfterAnswer } from '../platform/lingering-close';
import { declaredBodyLength, UnverifiedBytes } from '../platform/unverified-bytes';

/** Slack's window for x-slack-request-timestamp, either way (Bolt checks only the past). */
export const SLACK_MAX_SKEW_SECONDS = 300;

/** Bolt's own default body limit (4 MB), made explicit: larger is 413. */
export const SLACK_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/** Bytes all not-yet-verified Slack request bodies may hold at once: eight of the largest. */
export const SLACK_MAX_UNVERIFIED_BYTES = 8 * SLACK_BODY_LIMIT_BYTES;

/** Admitted: give the reservation back when the response closes. Refused: null, already answered. */
export type SlackAdmission = (req: IncomingMessage, res: ServerResponse) => (() => void) | null;

/**
 * The checks on `POST /slack/events` that need no body, run before its body is read, so unsigned
 * traffic costs nothing here either (docs/security.md): both headers present, the timestamp
 * within five minutes either way (Slack's rule; Bolt checks only the past, and a future-dated
 * request would stay replayable longer), a signature of Slack's form (`v0=` + 64 hex digits), a
 * Content-Length within the limit, and room in the server-wide budget of unverified bytes. The
 * receiver (src/slack-server/events-receiver.ts) then reads the body within the limit and checks
 * the HMAC. Refusals close the connection (after a short linger, so the client reads the answer:
 * src/platform/lingering-close.ts) rather than read the rest of the body to reuse it.
 *
 * The caller holds the admission until the response's 'close', which follows both the answer
 * (Bolt acks first, so that is soon) and a client going away (node ≥ 16): src/slack-server/bolt-app.ts
 * listens for it once per request together with the metrics. Requests other than POST are
 * admitted with nothing to give back.
 */
export function slackRequestAdmission(
  maxUnverifiedBytes = SLACK_MAX_UNVERIFIED_BYTES,
  nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
): SlackAdmission {
  const unverified = new UnverifiedBytes(maxUnverifiedBytes);
  const nothing = () => {};
  return (req, res) => {
    if (req.method !== 'POST') return nothing;
    // node joins a repeated custom header into one string; an array would not pass the patterns.
    const timestamp = String(req.headers['x-slack-request-timestamp'] ?? '');
    const signature = String(req.headers['x-slack-signature'] ?? '');
    if (
      !/^\d{1,12}$/.test(timestamp) ||
      Math.abs(nowSeconds() - Number(timestamp)) > SLACK_MAX_SKEW_SECONDS ||
      !/^v0=[0-9a-f]{64}$/i.test(signature)
    ) {
      return refuseRequest(res, 401);
    }
    const declared = declaredBodyLength(req);
    if (declared !== undefined && declared > SLACK_BODY_LIMIT_BYTES) return refuseRequest(res, 413);
    const reservation = unverified.reserve(declared ?? SLACK_BODY_LIMIT_BYTES);
    if (!reservation) return refuseRequest(res, 503);
    return reservation.release;
  };
}

/** Answers a refused request and closes its connection (no closure per admitted request). */
function refuseRequest(res: ServerResponse, status: number): null {
  closeAfterAnswer(res);
  if (status === 503) res.setHeader('Retry-After', '1');
  res.writeHead(status);
  res.end();
  return null;
}
