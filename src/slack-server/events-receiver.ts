import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type App,
  HTTPModuleFunctions,
  HTTPResponseAck,
  type Logger,
  type Receiver,
  type ReceiverEvent,
  type ReceiverProcessEventErrorHandlerArgs,
} from '@slack/bolt';
import { closeAfterAnswer } from '../platform/lingering-close';
import { slackSignatureMatches } from '../slack/request-signature';
import { SLACK_MAX_SKEW_SECONDS } from './request-guard';

/**
 * Bolt's receiver for `POST /slack/events` on the Slack server's own node:http listener (decision
 * 34). It reads the body, checks Slack's `v0` signature, parses the body as Bolt's receivers do
 * (`HTTPModuleFunctions.parseHTTPRequestBody`), answers `ssl_check` and `url_verification`, and
 * hands everything else to `App.processEvent` with Bolt's own `HTTPResponseAck` (acks at once,
 * `processBeforeResponse: false`; 404 after 3 s if nothing acked). What is Bolt's stays Bolt's:
 * authorize, middleware, the client, the ack.
 *
 * ExpressReceiver did the same through express's router, raw-body and tsscmp: 270–500 µs of CPU per
 * command in bare Bolt on the project machine against 115–135 µs for this path
 * (docs/performance.md, tenth session), and under 200 commands in flight the ack's p99 follows the
 * CPU per command.
 *
 * The caller has admitted the request (src/slack-server/request-guard.ts): both signature headers
 * present and of Slack's form, the declared length within `bodyLimit`, room in the unverified-bytes
 * budget. This checks the timestamp's window again (it costs nothing, and the receiver then holds
 * on its own) and the HMAC.
 */
export class SlackEventsReceiver implements Receiver {
  private bolt: App | null = null;

  constructor(
    private readonly options: {
      signingSecret: string;
      logger: Logger;
      bodyLimit: number;
      /** What to answer when `processEvent` throws; true if the request counts as acknowledged. */
      processEventErrorHandler: (args: ReceiverProcessEventErrorHandlerArgs) => Promise<boolean>;
    },
  ) {}

  init(app: App): void {
    this.bolt = app;
  }

  /** The HTTP server is the Slack server's own (src/run.ts listens and closes it). */
  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /** Reads, verifies and dispatches one admitted request; every outcome is answered, nothing throws. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    readBody(req, this.options.bodyLimit, (outcome, raw) => {
      if (outcome === 'gone') return; // the client went away: nobody to answer
      if (outcome === 'too-large') {
        this.options.logger.warn('Request body exceeded the maximum allowed size');
        refuse(res, 413);
        return;
      }
      this.dispatch(req, res, raw!);
    });
  }

  private dispatch(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    const { logger } = this.options;
    if (!signatureMatches(this.options.signingSecret, req, raw)) {
      logger.warn('Request verification failed (signature mismatch)');
      answer(res, 401);
      return;
    }
    let body: Record<string, unknown>;
    try {
      // Bolt's own parsing: form bodies (with `payload` as JSON for interactivity) or JSON.
      body = HTTPModuleFunctions.parseHTTPRequestBody(Object.assign(req, { rawBody: raw }));
    } catch {
      logger.warn('Parsing request body failed');
      answer(res, 400);
      return;
    }
    if (typeof body !== 'object' || body === null) {
      answer(res, 400);
      return;
    }
    // For the request metrics' payload kind and the error handler, as ExpressReceiver leaves it.
    (req as { body?: unknown }).body = body;
    if (body.ssl_check) {
      HTTPModuleFunctions.buildSSLCheckResponse(res);
      return;
    }
    if (body.type === 'url_verification') {
      HTTPModuleFunctions.buildUrlVerificationResponse(res, body);
      return;
    }
    const ack = new HTTPResponseAck({
      logger,
      processBeforeResponse: false,
      httpRequest: req,
      httpRequestBody: body,
      httpResponse: res,
    });
    const event: ReceiverEvent = {
      body,
      ack: ack.bind(),
      retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
      retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
      customProperties: {},
    };
    // App's constructor calls init, so bolt is set by the time a request comes.
    this.bolt!.processEvent(event).catch(async (error: unknown) => {
      const acknowledged = await this.options
        .processEventErrorHandler({
          error: error as Error,
          logger,
          request: req,
          response: res,
          storedResponse: ack.storedResponse,
        })
        .catch(() => false);
      if (acknowledged) ack.ack();
      else if (!res.headersSent) answer(res, 500);
    });
  }
}

/**
 * Slack's `v0` scheme: `v0=` + hex HMAC-SHA256(signing secret, `v0:{timestamp}:{raw body}`),
 * compared in constant time, with a timestamp within five minutes of now.
 */
function signatureMatches(secret: string, req: IncomingMessage, raw: Buffer): boolean {
  const timestamp = req.headers['x-slack-request-timestamp'];
  const given = req.headers['x-slack-signature'];
  if (typeof timestamp !== 'string' || typeof given !== 'string') return false;
  // Slack's rule: a request more than five minutes from now either way is a replay or a broken clock.
  if (
    !/^\d{1,12}$/.test(timestamp) ||
    Math.abs(Date.now() / 1000 - Number(timestamp)) > SLACK_MAX_SKEW_SECONDS
  ) {
    return false;
  }
  return slackSignatureMatches(secret, timestamp, raw, given);
}

type BodyOutcome = 'read' | 'too-large' | 'gone';

/**
 * The whole body, at most `limit` bytes (a chunked body can pass a limit its headers did not
 * declare). node's parser already ends the body at Content-Length.
 */
function readBody(
  req: IncomingMessage,
  limit: number,
  done: (outcome: BodyOutcome, raw?: Buffer) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (outcome: BodyOutcome, raw?: Buffer) => {
    if (finished) return;
    finished = true;
    done(outcome, raw);
  };
  req.on('data', (chunk: Buffer) => {
    if (finished) return;
    size += chunk.length;
    if (size > limit) {
      chunks.length = 0;
      finish('too-large');
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => finish('read', chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
  // 'close' without 'end': aborted; 'error': a broken socket. Nobody is waiting for an answer.
  req.on('close', () => finish('gone'));
  req.on('error', () => finish('gone'));
}

function answer(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status);
  res.end();
}

/** A refusal before the whole body was read: answer, then close (the rest is not read). */
function refuse(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  closeAfterAnswer(res);
  answer(res, status);
}
