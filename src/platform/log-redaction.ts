import { stdSerializers } from 'pino';

/**
 * Masks secrets in whatever is about to be logged (design §10: no token ever appears in a log line).
 * Logging ids rather than objects is the habit; this is the net for what slips through, wherever it
 * sits: `{installation: {bot: {token}}}`, an axios-style `err.config.headers.Authorization`, a Slack
 * token inside an error message, `client_secret=…` inside a logged request body.
 *
 * Two rules, applied together:
 * - by key: any property whose name ends in token, secret, password, authorization, cookie or
 *   (encryption/api/private) key, at any depth, case and `_`/`-` ignored;
 * - by value: strings that look like Slack tokens (`xoxb-`, `xoxp-`, `xoxe-`, `xoxe.xoxb-`, `xapp-` …),
 *   `Bearer …`, `token=…` / `client_secret=…` / `?code=…` parameters, `"token":"…"` pairs in
 *   serialized JSON, and the exact values of the process's own secrets (registered at start).
 */

export const CENSOR = '[redacted]';

/** Deeper than this (or more nodes than MAX_NODES) a logged value is cut off rather than walked. */
const MAX_DEPTH = 10;
const MAX_NODES = 5000;

const SECRET_KEY = /(token|secret|password|passwd|authorization|cookie|encryptionkey|apikey|privatekey)$/;

/** Whether a property with this name holds a secret (`botToken`, `client_secret`, `Authorization` …). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/** Slack tokens: xoxb-, xoxp-, xoxa-, xoxr-, xoxs-, xoxe-, xoxe.xoxb-… (rotating), xapp- (app-level). */
const SLACK_TOKEN = /\b(xox[a-z]|xapp)([-.])[A-Za-z0-9._-]+/g;
/** The password in a connection string or URL (`postgres://user:password@host`). */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/@\s"'\\]+:)[^@\s"'\\/]+@/gi;
const BEARER = /\b(Bearer|Basic)\s+[^\s"'\\,]+/gi;
/** `name=value` parameters in URLs and form bodies whose value is a secret. */
const SECRET_PARAM = /([?&;\s]|^)([A-Za-z_]*(?:token|secret|password)=)[^&\s"'\\#]+/gi;
/** OAuth authorization codes in a query string (`/slack/oauth_redirect?code=…`). */
const CODE_PARAM = /([?&])(code=)[^&\s"'\\#]+/g;
/** `"name": "value"` pairs of JSON that was serialized into a string (a message, a request body). */
const SECRET_JSON_PAIR = /("[A-Za-z_-]*(?:token|secret|password|authorization)"\s*:\s*")((?:[^"\\]|\\.)*)"/gi;

/** An OAuth code as a JSON pair (`"code":"123.456.abc…"`); error codes (`"code":"slack_…"`) stay. */
const OAUTH_CODE_JSON_PAIR = /("code"\s*:\s*")\d+(?:\.\d+)*\.[0-9a-f]{8,}"/g;

/** Exact secret values; shorter ones would mask innocent text. */
const MIN_SECRET_LENGTH = 8;

/** The process's own secrets (signing secrets, client secret, encryption key), masked verbatim. */
export class SecretValues {
  private readonly values = new Set<string>();

  add(...values: Array<string | undefined | null>): void {
    for (const v of values) if (typeof v === 'string' && v.length >= MIN_SECRET_LENGTH) this.values.add(v);
  }

  mask(text: string): string {
    let out = text;
    for (const v of this.values) if (out.includes(v)) out = out.split(v).join(CENSOR);
    return out;
  }
}

/** Masks token-looking substrings; the result stays valid inside a JSON string (no quotes added). */
export function redactTokens(text: string, secrets?: SecretValues): string {
  let out = text;
  if (out.includes('xox') || out.includes('xapp')) out = out.replace(SLACK_TOKEN, `$1$2${CENSOR}`);
  out = out.replace(BEARER, `$1 ${CENSOR}`);
  if (out.includes('://')) out = out.replace(URL_PASSWORD, `$1${CENSOR}@`);
  return secrets ? secrets.mask(out) : out;
}

/** Masks every secret-looking part of a string: tokens, secret parameters, JSON pairs, known values. */
export function redactText(text: string, secrets?: SecretValues): string {
  let out = redactTokens(text, secrets);
  out = out.replace(SECRET_PARAM, `$1$2${CENSOR}`);
  out = out.replace(CODE_PARAM, `$1$2${CENSOR}`);
  out = out.replace(SECRET_JSON_PAIR, `$1${CENSOR}"`);
  out = out.replace(OAUTH_CODE_JSON_PAIR, `$1${CENSOR}"`);
  return out;
}

type Container = Record<string, unknown> | unknown[];

function isErrorLike(v: object): v is Error {
  return (
    v instanceof Error || (typeof (v as Error).message === 'string' && typeof (v as Error).stack === 'string')
  );
}

/**
 * A copy of `value` with secrets masked. Walks iteratively (no recursion limit to hit) and is
 * bounded: past MAX_DEPTH levels or MAX_NODES objects the rest is replaced by `[truncated]`.
 * Errors become pino's serialized form (type, message, stack, cause, own properties) first, so
 * their non-enumerable message and stack are masked too. Shared and circular references map to
 * one copy (pino prints a cycle as "[Circular]").
 */
export function redactValue(value: unknown, secrets?: SecretValues): unknown {
  const copies = new Map<object, unknown>();
  let nodes = 0;
  const root: { v?: unknown } = {};
  const stack: Array<[Container, string | number, unknown, number]> = [[root, 'v', value, 0]];
  while (stack.length > 0) {
    const [parent, key, raw, depth] = stack.pop()!;
    const put = (v: unknown) => {
      (parent as Record<string | number, unknown>)[key] = v;
    };
    let v = raw;
    if (typeof v === 'string') {
      put(redactText(v, secrets));
      continue;
    }
    if (v === null || typeof v !== 'object') {
      put(v);
      continue;
    }
    const seen = copies.get(v);
    if (seen !== undefined) {
      put(seen);
      continue;
    }
    if (depth >= MAX_DEPTH || nodes >= MAX_NODES) {
      put('[truncated]');
      continue;
    }
    nodes++;
    const original = v;
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) {
      put(`[binary ${(v as ArrayBuffer).byteLength} bytes]`);
      continue;
    }
    if (isErrorLike(v)) {
      v = stdSerializers.err(v);
    } else if (typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      // Date, URL and the like log as what JSON.stringify would make of them.
      try {
        v = (v as { toJSON(): unknown }).toJSON();
      } catch {
        v = '[unserializable]';
      }
      if (v === null || typeof v !== 'object') {
        put(typeof v === 'string' ? redactText(v, secrets) : v);
        continue;
      }
    }
    const obj = v as Record<string, unknown>;
    const copy: Container = Array.isArray(obj) ? new Array(obj.length) : {};
    copies.set(original, copy);
    put(copy);
    if (Array.isArray(obj)) {
      for (let i = obj.length - 1; i >= 0; i--) stack.push([copy, i, obj[i], depth + 1]);
      continue;
    }
    const keys = Object.keys(obj);
    const values = new Map<string, unknown>();
    for (const k of keys) {
      let child: unknown;
      try {
        child = obj[k];
      } catch {
        child = '[unreadable]'; // a getter that throws must not lose the log line
      }
      values.set(k, child);
      // Assigned in order now (the stack fills them in later) so the copy keeps the key order.
      (copy as Record<string, unknown>)[k] =
        isSecretKey(k) && child !== undefined && child !== null && child !== '' ? CENSOR : undefined;
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      if ((copy as Record<string, unknown>)[k] !== CENSOR) stack.push([copy, k, values.get(k), depth + 1]);
    }
  }
  return root.v;
}
