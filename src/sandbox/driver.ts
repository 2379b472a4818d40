/**
 * Plays Slack's part towards the app: slash commands, Events API callbacks, URL verification and
 * interactivity payloads, sent to its `POST /slack/events` signed the way Slack signs them
 * (https://api.slack.com/authentication/verifying-requests-from-slack), or, for an app in Socket
 * Mode, as envelopes over its open WebSocket (the `socket` option; socket-mode.ts), where the ack's
 * payload stands in for the HTTP answer. Used by tests, benchmarks and the sandbox. The payload
 * shapes follow Slack's recordings in test/fixtures/slack-payloads (bolt-python's scenario payloads
 * and java-slack-sdk's key lists).
 *
 * Over ~350 lines on purpose: one method per kind of request Slack sends, each beside its signing
 * and its Socket Mode twin.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { slackSignature } from '../slack/request-signature';
import {
  type BlockActionInput,
  blockActionPayload,
  type ViewSubmissionInput,
  viewSubmissionPayload,
} from './driver-payloads';
import type { SocketAck, SocketDelivery } from './socket-mode';

export type { BlockActionInput, ViewSubmissionInput } from './driver-payloads';
export {
  type CollectedResponse,
  ResponseUrlCollector,
  type ResponseUrlCollectorOptions,
} from './response-url-collector';

/** Delivers one envelope over the app's Socket Mode connection (SocketModeHub.deliver for one app). */
export type SocketTransport = (delivery: SocketDelivery) => Promise<SocketAck>;

/** Options for {@link SlackDriver}. */
export interface SlackDriverOptions {
  /**
   * Base URL of the app's Slack-facing server, e.g. `http://127.0.0.1:3000` (no trailing path).
   * Needed for HTTP delivery and for `raw` / `urlVerification`, which only exist over HTTP.
   */
  appUrl?: string;
  /**
   * Socket Mode: commands, events and interactions go as envelopes over this transport instead of
   * signed POSTs. The answer is the ack: status 200 with the ack's payload as the body ('' without
   * one), or status 0 with the reason (`timeout`, `no_connection`, `closed`) as the body.
   */
  socket?: SocketTransport;
  /** The Slack app's signing secret (`SLACK_SIGNING_SECRET`, or the sandbox's). */
  signingSecret: string;
  /** Clock in milliseconds since the epoch (default `Date.now`); signatures and timestamps use it. */
  now?: () => number;
  /** Path requests go to (default `/slack/events`, where Bolt serves all three kinds). */
  path?: string;
  /** `api_app_id` in every payload (default `A0PLUSPLUS`). */
  apiAppId?: string;
  /** The bot user the app is installed as, used in event `authorizations` (default `U0PLUSPLUS`). */
  botUserId?: string;
  /** The deprecated verification `token` Slack still sends in payloads (default `verification_token`). */
  verificationToken?: string;
  /**
   * Where slash commands without an explicit `response_url` get one, e.g. a
   * {@link ResponseUrlCollector}. Without it they get a hooks.slack.com-shaped URL nobody serves.
   */
  responseUrls?: { newUrl(): string };
  /** HTTP client (default the global `fetch`). */
  fetch?: typeof fetch;
}

/** What the app answered. */
export interface DriverResponse {
  status: number;
  /** Response headers, names lower-cased. */
  headers: Record<string, string>;
  /** Parsed JSON when the response is JSON, else the text ('' for an empty body). */
  body: unknown;
  /** Wall time of the request in milliseconds (Slack gives up after 3000). */
  ms: number;
  /** Over Socket Mode: the envelope's id. */
  envelopeId?: string;
}

/** A slash command invocation; field names are Slack's. */
export interface SlashCommandInput {
  team_id: string;
  team_domain?: string;
  enterprise_id?: string;
  enterprise_name?: string;
  user_id: string;
  user_name?: string;
  /** Default: the app's DM with the user (`D…`, channel_name `directmessage`). */
  channel_id?: string;
  channel_name?: string;
  command: '/plusplus' | (string & {});
  text: string;
  trigger_id?: string;
  response_url?: string;
}

/** Options for {@link SlackDriver.event}. */
export interface EventOptions {
  /** Sets `X-Slack-Retry-Num` (1–3 for Slack's retries of an event it thinks was not acknowledged). */
  retryNum?: number;
  /** Sets `X-Slack-Retry-Reason`, e.g. `http_timeout` (default when retryNum is set) or `http_error`. */
  retryReason?: string;
  /** `event_id` (default a fresh one); reuse it to send the same event again, as a retry does. */
  eventId?: string;
  /** `event_time` in unix seconds (default now). */
  eventTime?: number;
}

/** Options for {@link SlackDriver.raw}, for requests Slack would never send. */
export interface RawOptions {
  /** Sign the body, then change it (adds a field), so the signature no longer matches. */
  tamper?: boolean;
  /** Shift the timestamp (and the signature made with it) by this many seconds; -360 = 6 min old. */
  timestampOffsetSec?: number;
  /** Send this `X-Slack-Signature` instead of the correct one. */
  signatureOverride?: string;
  /** Leave out both signature headers. */
  unsigned?: boolean;
}

/** The driver signs as Slack does (the benches and tests import it from here). */
export { slackSignature };

/** Sends Slack-shaped, correctly signed requests to an app. */
export class SlackDriver {
  private readonly url: string;
  private readonly now: () => number;
  private readonly fetchImpl: typeof fetch;
  private counter = 0;

  constructor(private readonly options: SlackDriverOptions) {
    this.url = options.appUrl
      ? `${options.appUrl.replace(/\/+$/, '')}${options.path ?? '/slack/events'}`
      : '';
    this.now = options.now ?? Date.now;
    this.fetchImpl = options.fetch ?? fetch;
  }

  private get apiAppId(): string {
    return this.options.apiAppId ?? 'A0PLUSPLUS';
  }

  private get token(): string {
    return this.options.verificationToken ?? 'verification_token';
  }

  /** A slash command, form-encoded with every key Slack sends, in Slack's order. */
  slashCommand(input: SlashCommandInput): Promise<DriverResponse> {
    const form: Array<[string, string]> = [
      ['token', this.token],
      ['team_id', input.team_id],
      ['team_domain', input.team_domain ?? 'sandbox'],
      ['channel_id', input.channel_id ?? `D${input.user_id.slice(1)}`],
      ['channel_name', input.channel_name ?? (input.channel_id ? 'general' : 'directmessage')],
      ['user_id', input.user_id],
      ['user_name', input.user_name ?? input.user_id.toLowerCase()],
      ['command', input.command],
      ['text', input.text],
      ['api_app_id', this.apiAppId],
      ['is_enterprise_install', 'false'],
    ];
    // Slack only sends the enterprise keys for workspaces in an Enterprise Grid org.
    if (input.enterprise_id) {
      form.push(['enterprise_id', input.enterprise_id], ['enterprise_name', input.enterprise_name ?? '']);
    }
    form.push(
      ['response_url', input.response_url ?? this.newResponseUrl(input.team_id)],
      ['trigger_id', input.trigger_id ?? this.newTriggerId()],
    );
    if (this.options.socket)
      return this.overSocket({ type: 'slash_commands', payload: Object.fromEntries(form) });
    return this.send(new URLSearchParams(form).toString(), 'application/x-www-form-urlencoded');
  }

  /** An Events API `event_callback` for `teamId`, with Slack's envelope around `event`. */
  event(teamId: string, event: object, opts: EventOptions = {}): Promise<DriverResponse> {
    const nowSec = Math.floor(this.now() / 1000);
    const inner = { event_ts: this.newTs(), ...event } as Record<string, unknown>;
    const envelope = {
      token: this.token,
      team_id: teamId,
      api_app_id: this.apiAppId,
      event: inner,
      type: 'event_callback',
      event_id: opts.eventId ?? `Ev${this.newId(10)}`,
      event_time: opts.eventTime ?? nowSec,
      authorizations: [
        {
          enterprise_id: null,
          team_id: teamId,
          user_id: this.options.botUserId ?? 'U0PLUSPLUS',
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
      event_context: `4-${Buffer.from(JSON.stringify({ et: inner.type, tid: teamId, aid: this.apiAppId })).toString('base64url')}`,
    };
    if (this.options.socket) {
      return this.overSocket({
        type: 'events_api',
        payload: envelope,
        retryAttempt: opts.retryNum,
        retryReason: opts.retryNum !== undefined ? (opts.retryReason ?? 'timeout') : opts.retryReason,
      });
    }
    const headers: Record<string, string> = {};
    if (opts.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(opts.retryNum);
      headers['x-slack-retry-reason'] = opts.retryReason ?? 'http_timeout';
    } else if (opts.retryReason !== undefined) {
      headers['x-slack-retry-reason'] = opts.retryReason;
    }
    return this.send(JSON.stringify(envelope), 'application/json', headers);
  }

  /** The `url_verification` handshake Slack performs when the request URL is saved. */
  urlVerification(challenge: string): Promise<DriverResponse> {
    return this.send(
      JSON.stringify({ token: this.token, challenge, type: 'url_verification' }),
      'application/json',
    );
  }

  /** A `block_actions` interaction (a button or menu in a message, App Home or a modal). */
  blockAction(input: BlockActionInput): Promise<DriverResponse> {
    const payload = blockActionPayload(input, {
      apiAppId: this.apiAppId,
      token: this.token,
      triggerId: input.trigger_id ?? this.newTriggerId(),
      actionTs: this.newTs(),
      responseUrl:
        input.response_url ??
        `https://hooks.slack.com/actions/${input.team_id}/${this.newDigits(13)}/${this.newId(24)}`,
    });
    return this.sendPayload(payload);
  }

  /** A `view_submission` of a modal. */
  viewSubmission(input: ViewSubmissionInput): Promise<DriverResponse> {
    const payload = viewSubmissionPayload(input, {
      apiAppId: this.apiAppId,
      token: this.token,
      triggerId: input.trigger_id ?? this.newTriggerId(),
      viewId: input.view_id ?? `V${this.newId(10)}`,
      hash: `${Math.floor(this.now() / 1000)}.${this.newId(8)}`,
    });
    return this.sendPayload(payload);
  }

  /**
   * Anything, signed (or deliberately mis-signed) like Slack would. An object body is sent as JSON.
   * `headers` are added last, so they can replace the content type or the signature headers.
   */
  raw(
    body: string | object,
    headers: Record<string, string> = {},
    opts: RawOptions = {},
  ): Promise<DriverResponse> {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const contentType =
      typeof body === 'string' && !looksLikeJson(body)
        ? 'application/x-www-form-urlencoded'
        : 'application/json';
    return this.send(text, contentType, headers, opts);
  }

  /** Interactivity payloads arrive as a form with one field, `payload`, holding JSON. */
  private sendPayload(payload: Record<string, unknown>): Promise<DriverResponse> {
    if (this.options.socket) return this.overSocket({ type: 'interactive', payload });
    return this.send(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    );
  }

  private async overSocket(delivery: SocketDelivery): Promise<DriverResponse> {
    const ack = await this.options.socket!(delivery);
    return {
      status: ack.acked ? 200 : 0,
      headers: {},
      body: ack.acked ? (ack.payload ?? '') : ack.reason,
      ms: ack.ms,
      envelopeId: ack.envelopeId ?? undefined,
    };
  }

  private async send(
    body: string,
    contentType: string,
    extra: Record<string, string> = {},
    opts: RawOptions = {},
  ): Promise<DriverResponse> {
    const timestamp = Math.floor(this.now() / 1000) + (opts.timestampOffsetSec ?? 0);
    const signature = opts.signatureOverride ?? slackSignature(this.options.signingSecret, timestamp, body);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    };
    if (!opts.unsigned) {
      headers['x-slack-request-timestamp'] = String(timestamp);
      headers['x-slack-signature'] = signature;
    }
    Object.assign(headers, lowerCaseKeys(extra));
    const sent = opts.tamper ? tamper(body, contentType) : body;
    if (!this.url) throw new Error('SlackDriver: this request goes over HTTP and needs appUrl');
    const started = performance.now();
    const response = await this.fetchImpl(this.url, { method: 'POST', headers, body: sent });
    const text = await response.text();
    const ms = performance.now() - started;
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      responseHeaders[name.toLowerCase()] = value;
    });
    return {
      status: response.status,
      headers: responseHeaders,
      body: parseBody(text, responseHeaders['content-type']),
      ms,
    };
  }

  private newResponseUrl(teamId: string): string {
    return (
      this.options.responseUrls?.newUrl() ??
      `https://hooks.slack.com/commands/${teamId}/${this.newDigits(13)}/${this.newId(24)}`
    );
  }

  /** Slack's trigger ids look like `13345224609.738474920.8088930838d88f008e0`. */
  private newTriggerId(): string {
    return `${this.newDigits(11)}.${this.newDigits(9)}.${randomBytes(10).toString('hex')}`;
  }

  /** A message-style timestamp, `seconds.micros`, unique per driver. */
  private newTs(): string {
    const ms = this.now();
    const micros = (ms % 1000) * 1000 + (this.counter++ % 1000);
    return `${Math.floor(ms / 1000)}.${String(micros).padStart(6, '0')}`;
  }

  private newId(length: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
  }

  private newDigits(length: number): string {
    return Array.from(randomBytes(length), (byte, i) => (i === 0 ? 1 + (byte % 9) : byte % 10)).join('');
  }
}

function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** Change a signed body the way an attacker would: add a field, keep it well-formed. */
function tamper(body: string, contentType: string): string {
  if (contentType === 'application/json') {
    try {
      return JSON.stringify({ ...JSON.parse(body), tampered: true });
    } catch {
      // not JSON after all: fall through
    }
  }
  return `${body}${body ? '&' : ''}tampered=1`;
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text && (contentType?.includes('json') || looksLikeJson(text))) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}
