/**
 * A Slack Web API error answer: HTTP 200 with `{"ok": false, "error": code, ...extra}`.
 * Method handlers throw it; the server turns it into the answer.
 */
export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = 'SlackApiError';
  }
}

export function fail(code: string, extra?: Record<string, unknown>): never {
  throw new SlackApiError(code, extra);
}

/** An error for the control API (`/_sandbox/...`) and the in-process API: bad test setup. */
export class SandboxUsageError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'SandboxUsageError';
  }
}
